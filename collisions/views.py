"""The presence endpoint: a page's beat (who has the record open, who is typing) and its goodbye."""

from django.apps import apps
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import presence


def _model_label(record):
    """The model a record key names ("enquiries.enquiry:12"), or None when it names none."""
    label, _, pk = record.partition(":")
    if not pk.isdigit():
        return None
    try:
        return apps.get_model(label)._meta
    except (LookupError, ValueError):
        return None


@never_cache
@require_POST
def beat(request):
    """POST record, viewer, typing (0/1), opened (the page's time, seconds), leave (1 when the page closes).

    Staff who may view that kind of record only; answers {"others": [...], "changed": {...} or null,
    "beat_seconds": n}. 403 for anyone else, 400 for a record key that names no model.
    """
    user = request.user
    record, viewer = request.POST.get("record", ""), request.POST.get("viewer", "")
    opts = _model_label(record)
    if not (user.is_active and user.is_staff):
        return JsonResponse({"error": "Sign in as staff."}, status=403)
    if opts is None or not viewer:
        return HttpResponseBadRequest("record and viewer, please")
    if not any(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("view", "change")):
        return JsonResponse({"error": "You cannot see these records."}, status=403)
    if request.POST.get("leave") == "1":
        presence.leave(record, viewer, user)
        return JsonResponse({"others": [], "changed": None, "beat_seconds": presence.BEAT_SECONDS})
    others = presence.beat(record, viewer, user, typing=request.POST.get("typing") == "1")
    try:
        opened_at = float(request.POST.get("opened", ""))
    except ValueError:
        opened_at = None
    changed = presence.changed_since(record, opened_at, user) if opened_at is not None else None
    people = [presence.describe(entry) for entry in others]
    return JsonResponse({"others": people, "changed": changed, "beat_seconds": presence.BEAT_SECONDS})
