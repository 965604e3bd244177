"""Public enquiry views: the form, the thanks page, and the friendly answer to too many enquiries."""

import hashlib
import ipaddress

from django.conf import settings
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.generic import FormView, TemplateView
from django_ratelimit.decorators import ratelimit

from ops.client_ip import client_ip_address
from pagecache.cache import remembered
from pages.frame import PageFrameMixin
from pages.models import PageText

from .forms import EnquiryForm
from .services import enquiry_submit


def client_key(group, request):
    """The rate-limit key: a salted hash of the client's network, so no address is stored even in the cache.

    The client is found as for the admin lockout (ops.client_ip: the entry our own proxies added
    to X-Forwarded-For). IPv6 clients are grouped by their /64, which one household or phone
    usually holds whole.
    """
    address = client_ip_address(request)
    try:
        ip = ipaddress.ip_address(address)
        network = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    except ValueError:
        network = "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{group}:{network}".encode()).hexdigest()


def enquiry_rate(group, request):
    """settings.ENQUIRY_RATE_LIMIT, read on each request; "0" (or nothing) turns the limit off."""
    rate = (settings.ENQUIRY_RATE_LIMIT or "").strip()
    return None if rate in {"", "0"} else rate


BLANK_FIELDS_TEMPLATE = "enquiries/includes/_fields.html"


@method_decorator(ratelimit(key=client_key, rate=enquiry_rate, method="POST", block=True), name="post")
class EnquiryCreateView(PageFrameMixin, FormView):
    template_name = "enquiries/enquiry_form.html"
    form_class = EnquiryForm
    page = PageText.Page.ENQUIRE

    def get_initial(self):
        return {"treatment": self.request.GET.get("treatment", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        if form is not None and not form.is_bound:
            # A blank form is the same for everyone who asks about the same area (the CSRF token
            # sits outside it), so its fields are rendered once per content change, not per visitor.
            # The form has already reduced the ?treatment= value to a published slug or "".
            preselected = form.initial["treatment"]
            context["blank_fields"] = remembered(
                f"enquiry-fields:{preselected}", lambda: render_to_string(BLANK_FIELDS_TEMPLATE, {"form": form})
            )
        return context

    def post(self, request, *args, **kwargs):
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
    template_name = "enquiries/thanks.html"
    page = PageText.Page.THANKS


def rate_limited(request, exception=None):
    """settings.RATELIMIT_VIEW: too many enquiries from one place, answered in the site's design."""
    return render(request, "enquiries/rate_limited.html", status=429)
