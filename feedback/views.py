"""POST /feedback/ and the thank-you page after it, for every content page, cached or not.

Public pages are cached whole (pagecache, and a shared HTTP cache in front of the site), so the
"Was this page helpful?" form on them cannot carry a CSRF token or set a cookie. POST /feedback/ is
therefore exempt from Django's CSRF check and checks instead that the request comes from one of the
site's own pages: its Origin header (which browsers send with every POST and a page cannot forge), or
failing that its Referer, must be this site. That is safe here because the endpoint acts on nobody's
authority: it is anonymous, reads no session or cookie, and stores nothing personal. A forged post
from another site is refused by the same check; a script that forges headers gains nothing a visitor
could not do by hand, and the rate limit bounds it like the enquiry form's.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

from ops.client_ip import client_key

from . import services
from .forms import FeedbackForm, answer_token, read_answer_token
from .models import Feedback


def from_this_site(request):
    """The POST came from a page of this site (its Origin, else its Referer, is this site's)."""
    origin = request.META.get("HTTP_ORIGIN") or ""
    if not origin:
        referer = urlsplit(request.META.get("HTTP_REFERER") or "")
        origin = f"{referer.scheme}://{referer.netloc}" if referer.scheme and referer.netloc else ""
    return bool(origin) and origin in {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def too_many(request):
    """settings.FEEDBACK_RATE_LIMIT per client; let through, as enquiries are, when the cache does not answer."""
    try:
        return is_ratelimited(
            request, group="feedback", key=client_key, rate=settings.FEEDBACK_RATE_LIMIT, method="POST", increment=True
        )
    except (RedisError, OSError):
        return False


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@csrf_exempt  # see the module's docstring: the Origin check stands in for the token
@require_POST
def send(request):
    if not from_this_site(request):
        return private(render(request, "feedback/refused.html", status=403))
    if too_many(request):
        return private(render(request, "feedback/rate_limited.html", status=429))
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return private(render(request, "feedback/refused.html", {"form": form}, status=400))
    data, answer = form.cleaned_data, form.cleaned_data["answer"]
    if answer is not None:
        services.add_reason(answer["id"], reason=data["reason"], comment=data["comment"])
        token = form.data["answer"]
    else:
        try:
            feedback = services.record(
                page=data["page"],
                helpful=form.is_yes(),
                reason=data["reason"],
                comment=data["comment"],
                site_url=request.build_absolute_uri("/"),
            )
        except services.NotAPage:
            return private(render(request, "feedback/refused.html", status=400))
        token = answer_token(feedback)
    return redirect(reverse("feedback:thanks") + "?" + urlencode({"answer": token}), permanent=False)


@require_GET
def thanks(request):
    """After an answer: thanks, and after a No without a reason, the optional reason form."""
    answer = read_answer_token(request.GET.get("answer", ""))
    feedback = Feedback.objects.filter(pk=answer["id"]).first() if answer else None
    context = {"feedback": feedback, "page": feedback.page if feedback else "/"}
    if feedback is not None and not feedback.helpful and not (feedback.reason or feedback.comment):
        context["form"] = FeedbackForm(
            initial={"page": feedback.page, "helpful": "no", "answer": request.GET["answer"]}
        )
    return private(render(request, "feedback/thanks.html", context))
