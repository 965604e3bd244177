"""The team page, declared once (see `declarations.content`): its text blocks and the active clinicians.

Published directly, without clinical sign-off: the register's entries are facts an administrator
checks against the regulators' registers.
"""

from django.db.models import Q

from declarations.content import PageKind, Part
from pages.page_kinds import text_blocks

TEAM = PageKind(
    kind="team",
    name="Team page",
    url_name="clinicians:team",
    title="Our team",
    parts=(
        text_blocks("team"),
        Part(
            "clinicians",
            "clinicians.Clinician",
            "Clinician",
            where=Q(active=True),
            title_field="name",
            text_fields=("name", "role", "profession", "bio"),
            setting_fields=("regulator", "registration_number", "order"),
            section=("clinician-{id}", "{name}"),
        ),
    ),
)
