"""JSON-LD for search engines (schema.org), allowed by the CSP through its sha256 hash."""

import base64
import hashlib
import json
import re

from django.utils import timezone
from django.utils.safestring import SafeString

from editorial.readability import plain_text

# Inside <script> the HTML parser ends the element at "</script": escaping these three
# means editor-written text can never close the tag or open a comment, whatever it holds.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

_UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)


class JsonLd(SafeString):
    """The exact text between the script tags, and the CSP source that allows it."""

    @property
    def csp_source(self):
        digest = hashlib.sha256(self.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def json_ld(data):
    """`data` as script-safe JSON (ASCII only, so the hash does not depend on the page's encoding)."""
    return JsonLd(json.dumps(data, ensure_ascii=True, separators=(",", ":")).translate(_SCRIPT_ESCAPES))


def _plain(markdown_text):
    return plain_text(markdown_text) or None


def _compact(data):
    """Without empty values: schema.org readers treat a missing field better than an empty one."""
    if isinstance(data, dict):
        return {key: _compact(value) for key, value in data.items() if value not in (None, "", [], {})}
    if isinstance(data, list):
        return [_compact(item) for item in data]
    return data


def _review(approval):
    """lastReviewed and reviewedBy from the page's live approval (signoff): none when load_content approved it."""
    if approval is None or not approval.by_a_clinician():
        return {}
    name, profession, registration = approval.reviewer()
    return {
        "lastReviewed": timezone.localdate(approval.approved_at).isoformat(),
        "reviewedBy": {
            "@type": "Person",
            "name": name,
            "jobTitle": profession or None,
            "identifier": registration or None,
        }
        if name
        else None,
    }


def citations(entries):
    """schema.org `citation`: the page's numbered sources (sources.citations), in their order."""
    return [
        {
            "@type": "CreativeWork",
            "name": entry.source.title,
            "author": entry.source.authors,
            "publisher": entry.source.publisher or None,
            "datePublished": str(entry.source.year) if entry.source.year else None,
            "url": entry.source.url() or None,
        }
        for entry in entries
    ]


def area_page(area, url, approval=None):
    """MedicalWebPage about the area's MedicalProcedure, and an FAQPage when it has questions."""
    page = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#page",
        "url": url,
        "name": area.name,
        "description": area.summary,
        "inLanguage": "en-GB",
        **_review(approval),
        "citation": citations(getattr(area, "source_entries", [])),
        "audience": {"@type": "PeopleAudience", "audienceType": "Patient", "suggestedMinAge": 18},
        "about": {"@id": f"{url}#procedure"},
        "mainEntity": {"@id": f"{url}#procedure"},
    }
    procedure = {
        "@type": "MedicalProcedure",
        "@id": f"{url}#procedure",
        "name": f"Mesotherapy for {area.name.lower()}",
        "alternateName": area.name,
        "description": area.summary,
        "procedureType": "https://schema.org/PercutaneousProcedure",
        "howPerformed": _plain(area.procedure),
        "followup": _plain(area.aftercare),
        "url": url,
    }
    graph = [page, procedure]
    if area.faq_list:
        graph.append(
            {
                "@type": "FAQPage",
                "@id": f"{url}#faq",
                "isPartOf": {"@id": f"{url}#page"},
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {"@type": "Answer", "text": _plain(faq.answer)},
                    }
                    for faq in area.faq_list
                ],
            }
        )
    return _compact({"@context": "https://schema.org", "@graph": graph})


def reviewed_page(name, description, url, approval, sources=()):
    """MedicalWebPage for a text page (the safety page), with its review when it has one."""
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "@id": f"{url}#page",
            "url": url,
            "name": name,
            "description": description,
            "inLanguage": "en-GB",
            **_review(approval),
            "citation": citations(sources),
        }
    )


def postal_address(lines):
    """A UK address, one line each, as PostalAddress: the last line is the postcode when it looks like one."""
    lines = list(lines)
    address = {"@type": "PostalAddress", "addressCountry": "GB"}
    if lines and _UK_POSTCODE.match(lines[-1]):
        address["postalCode"] = lines.pop().upper()
    if len(lines) > 1:
        address["addressLocality"] = lines.pop()
    address["streetAddress"] = ", ".join(lines)
    return address


def clinic(clinic, url):
    """MedicalClinic with the clinic details."""
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "MedicalClinic",
            "@id": f"{url}#clinic",
            "name": clinic.name,
            "url": url,
            "address": postal_address(clinic.address_lines()),
            "telephone": clinic.phone,
            "email": clinic.email,
            "openingHours": clinic.schema_opening_hours(),
        }
    )
