"""The registry of example content: each app names the example items of its own that patients can see.

The content in content/ is an example clinic: its details, prices, team registrations and review
dates are not real. Each app registers an `ExampleKind` (in its AppConfig.ready) saying which of its
rows are example and live; this module reads them all, for the notice on every public page (an
`Exists` per kind folded into the clinic details' query, so a page costs no extra query), the admin home's
"Before you go live" list and the deploy check. Replacing the last item clears all three, with no
code change. This app imports no other: the others register with it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

KINDS = []


@dataclass(frozen=True)
class ExampleKind:
    name: str  # what it is, in words: "Clinic details"
    live: Callable  # () -> the queryset of this kind's example rows that patients can see now
    describe: Callable  # row -> (what it is, what to do, admin URL where to do it)


@dataclass(frozen=True)
class ExampleItem:
    kind: str
    what: str
    fix: str
    url: str

    def __str__(self):
        return f"{self.kind}: {self.what}. {self.fix}"


def register(kind):
    if all(known.name != kind.name for known in KINDS):
        KINDS.append(kind)


def live_items():
    """Every example item patients can see now, kind by kind (a query per kind)."""
    return [ExampleItem(kind.name, *kind.describe(row)) for kind in KINDS for row in kind.live()]


def any_live():
    """An expression, true while any example item is live: annotate a query with it."""
    if not KINDS:
        return models.Value(False)
    condition = models.Q()
    for kind in KINDS:
        condition |= models.Q(models.Exists(kind.live().order_by().values("pk")))
    return models.Case(models.When(condition, then=True), default=False, output_field=models.BooleanField())
