"""A benefit's references: "Title | link or DOI" lines, as editors write them and patients see them."""

import re
from typing import NamedTuple


class Reference(NamedTuple):
    title: str
    url: str


_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def reference_url(link):
    """A DOI as its https://doi.org/ address, an http(s) link as it is; None for anything else."""
    link = link.strip()
    doi = _DOI.match(link)
    if doi:
        return f"https://doi.org/{doi.group(1)}"
    if re.match(r"^https?://[^\s/]+\.[^\s]+$", link, re.IGNORECASE):
        return link
    return None


def parse_references(text):
    """(references, errors) from "Title | link or DOI" lines; errors name the line."""
    references, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        title, _, link = line.rpartition("|")
        url = reference_url(link)
        if not title.strip() or url is None:
            errors.append(f'Line {number}: write it as "Title | https://link" or "Title | 10.1234/doi".')
        else:
            references.append(Reference(title.strip(), url))
    return references, errors
