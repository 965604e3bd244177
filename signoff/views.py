"""The staff preview: a clinical page's working copy, or an earlier approved version, rendered
by the page's own public view and template. Staff only (404 for anyone else), never cached,
never indexed."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from declarations import content as page_content

from .models import Approval
from .selectors import approval_content

WORKING_COPY_BANNER = "Preview, not yet approved. Patients see changes only once a clinician approves them."


def _staff_or_404(request):
    if not (request.user.is_active and request.user.is_staff):
        raise Http404("No such page.")


def _render(request, kind, content, approval, banner):
    view = import_string(kind.view).as_view(content=content, approval=approval, preview=banner)
    response = view(request)
    if hasattr(response, "render"):
        response = response.render()
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def preview(request, kind, object_id):
    """The working copy as patients would see it once approved."""
    _staff_or_404(request)
    try:
        page_kind = page_content.kind(kind)
    except KeyError:
        raise Http404("No such page.") from None
    if not page_kind.clinical:
        raise Http404("No such page.")
    object_id = object_id if page_kind.root_model is not None else None
    content = page_kind.collect(object_id)
    if page_kind.root_model is not None and content.root is None:
        raise Http404("No such page.")
    return _render(request, page_kind, content, None, WORKING_COPY_BANNER)


@never_cache
def approved_version(request, approval_id):
    """Exactly what was approved, for the record (the page's approvals in the admin link here)."""
    _staff_or_404(request)
    approval = get_object_or_404(Approval.objects.select_related("page", "clinician"), pk=approval_id)
    when = timezone.localtime(approval.approved_at)
    banner = f"The version approved on {when:%-d %B %Y at %H:%M}, as it was approved. Patients may see a newer one."
    page_kind = page_content.kind(approval.page.kind)
    return _render(request, page_kind, approval_content(approval), approval, banner)
