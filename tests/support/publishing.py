"""Approving content in tests as load_content does for a signed file, so that patients see it."""

import datetime

from clinicians.models import Clinician
from declarations import content
from signoff.models import Approval
from signoff.services import approve_as_signed

REVIEWED_ON = datetime.date(2026, 11, 1)


def publish(kind, object_id=None, clinician=None, reviewed=True):
    """Approve the page's working copy in the name of `clinician` (default: the register's first entry).

    `reviewed`: recorded as a clinician's approval in the admin (patients read "Page last reviewed ... by");
    otherwise as load_content's, which patients are told is not a review.
    """
    kind = content.kind(kind) if isinstance(kind, str) else kind
    approval = approve_as_signed(kind, object_id, clinician or Clinician.objects.first(), approved_on=REVIEWED_ON)
    if approval is not None and reviewed:
        approval.source = Approval.Source.REVIEW
        approval.save(update_fields=["source"])
    return approval


# A team register for content folders that tests write: clinical files are signed by "Dr Test".
TEAM_FILE = """---
clinicians:
  - name: Dr Test
    role: Clinical lead
    profession: Doctor
    regulator: GMC
    registration_number: "7000001"
---
"""


def publish_everything():
    """Approve every clinical page whose working copy changed, as if each were signed off."""
    for kind in content.kinds():
        if not kind.clinical:
            continue
        ids = kind.root_model.objects.values_list("pk", flat=True) if kind.root_model else [None]
        for object_id in ids:
            publish(kind, object_id)
