"""Response headers (the Content-Security-Policy, and those Django itself does not set), and compact HTML."""

import re

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the site's own policy built once instead of on every response.

    django-csp 4.0 builds the policy from settings for every response, and the report-only policy
    too even when there is none (the profile showed it as a tenth of a cached page's time). Most
    responses change nothing in the policy, so they get the header built once; a response that
    adds to it (a page's JSON-LD hash in `_csp_update`), uses a nonce, is exempt, or a report-only
    policy goes through django-csp unchanged.
    """

    PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def __init__(self, get_response):
        super().__init__(get_response)
        self._policy_from = None
        self._policy = None

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            or isinstance(getattr(request, "_csp_nonce", None), str)
            or any(hasattr(response, name) for name in self.PER_RESPONSE)
        ):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self._site_policy()
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _site_policy(self):
        # Rebuilt when the settings object changes (tests override it).
        if self._policy_from is not settings.CONTENT_SECURITY_POLICY:
            self._policy_from = settings.CONTENT_SECURITY_POLICY
            self._policy = build_policy()
        return self._policy


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class CompactHtmlMiddleware:
    """Pages without the blank lines and indentation their templates leave, rendered exactly alike.

    Outside <pre>, <textarea> and <script> (whose hashes the CSP allows): whitespace between two tags
    goes when either is a block's (a paragraph, a list item, a section...), which a browser never shows,
    and any other run becomes one space, or one newline where it held one. About 3.5% of an area page
    (measured: 31.2 KB to 30.1 KB). Below the page cache and its headers, so a cached page is stored
    compact and costs nothing more to serve. The admin is left as Django renders it: its pages have no
    size budget.
    """

    KEPT = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.IGNORECASE | re.DOTALL)
    BETWEEN_TAGS = re.compile(r"(<[^<>]+>)\s+(?=(<[^<>]+>))")
    BLOCK = re.compile(
        r"</?(?:address|article|aside|blockquote|body|details|div|dl|dd|dt|fieldset|figure|footer|form|h[1-6]|head"
        r"|header|html|legend|li|link|main|meta|nav|ol|p|section|summary|table|tbody|td|th|thead|title|tr|ul)\b",
        re.IGNORECASE,
    )
    RUN = re.compile(r"\s{2,}")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or (match is not None and "admin" in match.namespaces)
        ):
            return response
        parts = self.KEPT.split(response.content.decode(response.charset))
        # split() gives the text, then each kept element and its tag's name, in turn.
        text = "".join(part if i % 3 else self.compact(part) for i, part in enumerate(parts) if i % 3 != 2)
        response.content = text.encode(response.charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    def compact(self, html):
        html = self.BETWEEN_TAGS.sub(self._between_tags, html)
        return self.RUN.sub(lambda run: "\n" if "\n" in run.group() else " ", html)

    def _between_tags(self, match):
        before, after = match.group(1), match.group(2)
        if self.BLOCK.match(before) or self.BLOCK.match(after):
            return before
        return match.group(0)
