"""Numbered citations on a page: markers beside the claims, and the list of sources they link to.

A page numbers its sources in the order its claims first cite them. Each marker links to its
entry in the page's sources section; each entry links back to every claim that cites it.
"""

from dataclasses import dataclass, field


@dataclass
class Cite:
    """A marker beside a claim: [3]."""

    number: int
    source: object
    anchor: str  # the marker's id, which the entry links back to


@dataclass
class Entry:
    """One numbered source in the page's list, with where the page cites it."""

    number: int
    source: object
    cited_at: list = field(default_factory=list)  # (anchor, what cites it)


class Citations:
    def __init__(self, sources):
        self._sources = {source.pk: source for source in sources}
        self._entries = {}

    def cite(self, source_ids, anchor, label):
        """Markers for `source_ids` cited by one claim (`anchor` is its id on the page), numbered in page order."""
        cites = []
        for source_id in source_ids:
            source = self._sources.get(source_id)
            if source is None:
                continue
            entry = self._entries.get(source_id)
            if entry is None:
                entry = self._entries[source_id] = Entry(len(self._entries) + 1, source)
            marker = f"{anchor}-{entry.number}"
            entry.cited_at.append((marker, label))
            cites.append(Cite(entry.number, source, marker))
        return sorted(cites, key=lambda cite: cite.number)

    def entries(self):
        return sorted(self._entries.values(), key=lambda entry: entry.number)
