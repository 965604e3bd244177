"""Cache-Control, ETag and surrogate key on each answer, for the shared cache in front and for browsers."""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from pagecache.cache import belongs_to_nobody, is_public_page

from .purges import PAGES_KEY

# Cookies that make a page the visitor's own: a staff login, messages waiting to be shown.
MESSAGES_COOKIE = "messages"


class NotModifiedMiddleware:
    """`304 Not Modified` when the visitor's copy (`If-None-Match`) is still the page's `ETag`.

    Before the page cache, so that stored pages answer it too. Unlike Django's ConditionalGetMiddleware
    it computes no ETag and looks at nothing unless the request carries `If-None-Match`: a cached page
    served to a first-time visitor costs one dictionary lookup here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "HTTP_IF_NONE_MATCH" in request.META and response.has_header("ETag"):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


class CacheHeadersMiddleware:
    """Right after the page cache, so that a stored page keeps these headers (and its ETag is computed
    once, when it is rendered); outside the middleware that compacts the HTML, so the ETag is of what
    is sent.

    A public page (`cache_public_page`) answered 200 to a GET without a login or messages, with no
    cookie, CSRF token or CSP nonce in it, may be kept by a shared cache for `PUBLIC_CACHE_SECONDS`
    (`s-maxage`) and is revalidated by browsers every time (`max-age=0`, with its `ETag`: a 304 costs
    a few bytes). Its `Surrogate-Key` names it for purges. `Vary: Cookie` is dropped: the answer is
    the same for every visitor without a login, and the cache passes those with one.

    Everything else without caching of its own is `private, no-store`: the enquiry form (its CSRF
    token), thanks pages, previews, anything for a signed-in user, errors. A view that sets its own
    Cache-Control keeps it (the admin's `never_cache`, uploads, robots.txt, search results).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_shareable(request, response):
            make_public(response)
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_shareable(request, response):
    match = request.resolver_match
    return (
        request.method in ("GET", "HEAD")
        and match is not None
        and is_public_page(match.func)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and belongs_to_nobody(request, response)
    )


def make_public(response):
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PUBLIC_CACHE_SECONDS}"
    response["Surrogate-Key"] = PAGES_KEY
    vary = [name.strip() for name in response.get("Vary", "").split(",")]
    vary = [name for name in vary if name and name.lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]
    set_response_etag(response)
