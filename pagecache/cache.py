"""The public page cache: whole pages for anonymous visitors, and the values every page shares.

Two layers, both keyed by the current *generation* (a random string):

- **shared**, `caches["pages"]` (Redis when `REDIS_URL` is set, otherwise files under
  `PAGE_CACHE_DIR` that every worker on the machine reads): the generation itself, and each
  public page as an anonymous visitor got it (body and headers, CSP included), for
  `PAGE_CACHE_SECONDS` at most.
- **per process**, `caches["pages-local"]` (a `LocMemCache` of at most `MAX_ENTRIES`, the
  least recently used dropped first): copies of the shared pages this worker served, the
  values `remembered()` computed, and the generation for `GENERATION_CHECK_SECONDS`, so a
  worker asks the shared cache for it at most four times a second.

Both are emptied at once by starting a new generation (`invalidate_public_pages()`), which
runs after a change to any model given to `invalidate_on_change()` commits: a save that is
rolled back changes nothing. Entries of older generations are never looked up again; they
expire or are dropped when the cache is full. This worker sees a new generation at once,
other workers and servers within `GENERATION_CHECK_SECONDS` (the site promises a second).

When the shared cache does not answer (Redis stopped), pages are rendered uncached and each
worker tries again every `RETRY_SECONDS`, logging the failure; the first worker to reach it
again starts a new generation, because content may have been saved in the meantime.

The interface: `cache_public_page(view)` marks a view whose answers to anonymous GETs are
cached, `PageCacheMiddleware` (pagecache.middleware) answers and stores them through
`serve_public_page()`, `remembered(name, compute)` keeps a value until content changes, and
`invalidate_public_pages()` / `invalidate_on_change(*models)` empty the cache and send
`pages_changed`, which the shared HTTP cache in front listens to (frontcache).
"""

import logging
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

SHARED = "pages"
LOCAL = "pages-local"
GENERATION_KEY = "generation"
GENERATION_CHECK_SECONDS = 0.25
RETRY_SECONDS = 5
# Local marks: the shared cache is not tried again while the first is there; the second stays
# until it answers again, and then a new generation starts.
SHARED_DOWN_KEY = "shared-down"
SHARED_WAS_DOWN_KEY = "shared-was-down"
# What a shared cache raises when it cannot answer: Redis' errors, and a file cache's disk errors.
SHARED_CACHE_ERRORS = (RedisError, OSError)
_MISSING = object()
# Sent each time the public pages change, after the change commits and the new generation is
# written: for caches beyond this one, which must not fetch a page again before every worker renders
# the change (GENERATION_CHECK_SECONDS after the signal).
pages_changed = Signal()


def cache_public_page(view):
    """Mark `view` as a public page: its 200 answers to anonymous GETs are cached whole.

    Anonymous means no session cookie (staff always get fresh pages, previews included) and no
    query string. An answer that sets a cookie, carries a CSRF token or CSP nonce, or is marked private
    or no-store is never stored.
    """

    @wraps(view)
    def public_page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    public_page.public_page = True
    return public_page


def is_public_page(view):
    return getattr(view, "public_page", False)


def is_anonymous_get(request):
    """A request the page cache may answer: GET, no query string, no session (so not staff)."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def serve_public_page(request, render):
    """The stored answer to this anonymous GET of a public page, or `render(request)`'s, stored.

    The generation is read before rendering: a page rendered while a change commits is kept under
    the generation that change ends, never under the new one.
    """
    generation = current_generation()
    if generation is None:
        return render(request)
    key = _page_key(generation, request)
    local = caches[LOCAL]
    entry = local.get(key)
    if entry is None:
        try:
            entry = caches[SHARED].get(key)
        except SHARED_CACHE_ERRORS as error:
            _shared_cache_failed(error)
            return render(request)
        if entry is not None:
            local.set(key, entry, settings.PAGE_CACHE_SECONDS)
    if entry is not None:
        content, headers = entry
        return HttpResponse(content, headers=headers)
    response = render(request)
    if _may_keep(request, response):
        entry = (response.content, {name: value for name, value in response.items() if name.lower() != "set-cookie"})
        try:
            caches[SHARED].set(key, entry, settings.PAGE_CACHE_SECONDS)
        except SHARED_CACHE_ERRORS as error:
            _shared_cache_failed(error)
            return response
        local.set(key, entry, settings.PAGE_CACHE_SECONDS)
    return response


def _may_keep(request, response):
    """Nothing in `response` belongs to this visitor, and it is not marked private."""
    cache_control = response.get("Cache-Control", "")
    return belongs_to_nobody(request, response) and not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )


def belongs_to_nobody(request, response):
    """A 200 answer with nothing in it of this visitor's own: any cache may keep it for everyone."""
    return not (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was rendered
        or isinstance(getattr(request, "_csp_nonce", None), str)  # so was a CSP nonce (django-csp)
    )


def remembered(name, compute):
    """`compute()`, kept in this process until content next changes (like the pages).

    For what the pages that are not cached whole share with every visitor (the enquiry form,
    with its CSRF token): the clinic details, page text, the list of areas. Computed afresh on
    every call while the shared cache does not answer.
    """
    generation = current_generation()
    if generation is None:
        return compute()
    key = f"value:{generation}:{name}"
    local = caches[LOCAL]
    value = local.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        local.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def current_generation():
    """The generation pages are kept under, or None while the shared cache does not answer."""
    local = caches[LOCAL]
    generation = local.get(GENERATION_KEY)
    if generation is None and local.get(SHARED_DOWN_KEY) is None:
        try:
            generation = _shared_generation(local)
        except SHARED_CACHE_ERRORS as error:
            _shared_cache_failed(error)
            return None
        local.set(GENERATION_KEY, generation, GENERATION_CHECK_SECONDS)
    return generation


def invalidate_public_pages(**signal_kwargs):
    """Start a new generation now: every page and value kept before it is no longer looked up.

    Takes and ignores a signal's arguments, so that it can be a receiver. Then sends `pages_changed`,
    whether or not the shared cache answered: the caches beyond it must hear of the change.
    """
    generation = _new_generation()
    try:
        caches[SHARED].set(GENERATION_KEY, generation, None)
    except SHARED_CACHE_ERRORS as error:
        # A new generation starts as soon as the shared cache answers again.
        _shared_cache_failed(error)
    else:
        caches[LOCAL].set(GENERATION_KEY, generation, GENERATION_CHECK_SECONDS)
    finally:
        # After the new generation is in place: every worker renders the change GENERATION_CHECK_SECONDS from now.
        pages_changed.send(sender=None)


def invalidate_on_change(*models):
    """Start a new generation whenever one of `models` is saved or deleted and the change commits."""
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"pagecache-{signal}-{model._meta.label}"
            signal.connect(_invalidate_after_commit, sender=model, dispatch_uid=uid)


def _invalidate_after_commit(sender, **kwargs):
    # After commit: a save that is rolled back changes nothing the public sees.
    transaction.on_commit(invalidate_public_pages)


def _new_generation():
    return secrets.token_hex(8)


def _shared_generation(local):
    """The shared generation (made if there is none); a new one if the shared cache was down."""
    shared = caches[SHARED]
    if local.get(SHARED_WAS_DOWN_KEY):
        generation = _new_generation()
        shared.set(GENERATION_KEY, generation, None)
        local.delete(SHARED_WAS_DOWN_KEY)
        logger.warning("event=page_cache_available generation=new")
        return generation
    generation = shared.get(GENERATION_KEY)
    if generation is None:
        # add, not set: when several workers start at once, the first one's generation wins.
        shared.add(GENERATION_KEY, _new_generation(), None)
        generation = shared.get(GENERATION_KEY)
    return generation


def _shared_cache_failed(error):
    local = caches[LOCAL]
    local.set(SHARED_DOWN_KEY, True, RETRY_SECONDS)
    local.set(SHARED_WAS_DOWN_KEY, True, None)
    local.delete(GENERATION_KEY)
    logger.warning(
        "event=page_cache_unavailable error=%s serving=uncached retry_in_s=%s", type(error).__name__, RETRY_SECONDS
    )


def _page_key(generation, request):
    # The host and scheme are part of the page: its links and structured data are absolute.
    return f"page:{generation}:{request.scheme}://{request.get_host()}{request.path}"
