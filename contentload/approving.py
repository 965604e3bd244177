"""Publishing a clinical page as signed off in its file: an approval in the name of the clinician the
file names, made by the loader (patients are told no clinician of this clinic has reviewed it yet)."""

from clinicians.models import Clinician
from signoff.services import SignoffError, approve_as_signed

from .checks import ContentError


def approve_as_signed_in_file(content, kind, object_id):
    """Publish the page as signed in its file, unless patients already see exactly this version: whether it was."""
    name = content.path.name
    signer = content.sign_off
    clinician = Clinician.objects.active().filter(name=signer.clinician).first()
    if clinician is None:
        raise ContentError(
            f"{name}: signed_off_by: {signer.clinician!r} is not an active clinician in the team register (team.md)"
        )
    try:
        approval = approve_as_signed(
            kind, object_id, clinician, approved_on=signer.approved, next_review_due=signer.next_review_due
        )
    except SignoffError as error:
        raise ContentError(f"{name}: cannot be published: {error}") from None
    return approval is not None
