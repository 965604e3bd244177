"""Public enquiry views: the form, the thanks page, and the friendly answer to too many enquiries."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

from ops.client_ip import client_key
from pagecache.cache import remembered
from pages.frame import PageFrameMixin
from pages.models import PageText

from .forms import EnquiryForm, areas_to_ask_about
from .services import enquiry_submit
from .timing import promise

logger = logging.getLogger(__name__)


def enquiry_rate(group, request):
    """settings.ENQUIRY_RATE_LIMIT, read on each request; "0" (or nothing) turns the limit off."""
    rate = (settings.ENQUIRY_RATE_LIMIT or "").strip()
    return None if rate in {"", "0"} else rate


def too_many_enquiries(request):
    """Counts this enquiry against the client's limit (settings.ENQUIRY_RATE_LIMIT).

    When the cache that holds the counts does not answer, the enquiry is let through and the
    failure logged: a patient's question matters more than the spam the limit keeps out.
    """
    try:
        return is_ratelimited(
            request, group="enquiries", key=client_key, rate=enquiry_rate, method="POST", increment=True
        )
    except (RedisError, OSError) as error:
        logger.warning("event=enquiry_rate_limit_unavailable error=%s action=allowed", type(error).__name__)
        return False


# Where each visitor's CSRF token goes in the blank form's page. Only the {% csrf_token %} tag writes
# this attribute pair: editors' text is escaped or sanitised and cannot.
CSRF_TOKEN_SLOT = "csrf-token-of-each-visitor"
CSRF_TOKEN_FIELD = f'name="csrfmiddlewaretoken" value="{CSRF_TOKEN_SLOT}"'
# Where the promise of when we reply goes ("by 10:30am on Wednesday 9 December"): it moves with the
# clock, so it is put in on each request, counted as the staff timer counts (enquiries.timing).
PROMISE_SLOT = "reply-promise-of-each-visitor"
PROMISE_MARK = f'<strong class="promise">{PROMISE_SLOT}</strong>'


def with_promise(page):
    return page.replace(PROMISE_MARK, f'<strong class="promise">{promise()}</strong>')


class EnquiryCreateView(PageFrameMixin, FormView):
    template_name = "enquiries/enquiry_form.html"
    form_class = EnquiryForm
    page = PageText.Page.ENQUIRE

    def get_initial(self):
        return {"treatment": self.request.GET.get("treatment", "")}

    def get(self, request, *args, **kwargs):
        """The blank form. Its page is the same for every visitor who asks about the same area but for
        the CSRF token, so it is rendered once per content change and each visitor's token put in."""
        preselected = request.GET.get("treatment", "")
        if preselected and preselected not in areas_to_ask_about():
            preselected = ""
        page = remembered(f"enquiry-form:{preselected}", self.render_blank_page)
        page = page.replace(CSRF_TOKEN_FIELD, f'name="csrfmiddlewaretoken" value="{get_token(request)}"')
        return HttpResponse(with_promise(page))

    def render_blank_page(self):
        response = self.render_to_response(self.get_context_data(csrf_token=CSRF_TOKEN_SLOT, promise=PROMISE_SLOT))
        return response.render().content.decode()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("promise", promise())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if too_many_enquiries(request):
            raise Ratelimited()  # RatelimitMiddleware answers with settings.RATELIMIT_VIEW
        form = self.get_form()
        if form.says_under_18():
            return self.under_18()
        response = self.form_valid(form) if form.is_valid() else self.form_invalid(form)
        # The page may hold what the patient typed about their health: keep it out of caches.
        patch_cache_control(response, no_store=True, private=True)
        return response

    def form_valid(self, form):
        enquiry_submit(form.cleaned_data, site_url=self.request.build_absolute_uri("/"))
        return redirect("enquiries:thanks")

    def under_18(self):
        """The kind answer for under-18s: nothing they typed is validated, stored or sent on."""
        self.page = PageText.Page.UNDER18
        self.template_name = "enquiries/under18.html"
        return self.render_to_response(self.get_context_data(form=None))


class ThanksView(PageFrameMixin, TemplateView):
    """Shown right after an enquiry: what happens next, and by when. Rendered once per content change,
    with the promise put in on each request; kept out of shared caches, as it moves with the clock."""

    template_name = "enquiries/thanks.html"
    page = PageText.Page.THANKS

    def get(self, request, *args, **kwargs):
        page = remembered("thanks-page", self.render_page)
        response = HttpResponse(with_promise(page))
        patch_cache_control(response, no_store=True, private=True)
        return response

    def render_page(self):
        return self.render_to_response(self.get_context_data(promise=PROMISE_SLOT)).render().content.decode()


def rate_limited(request, exception=None):
    """settings.RATELIMIT_VIEW: too many enquiries from one place, answered in the site's design."""
    return render(request, "enquiries/rate_limited.html", status=429)
