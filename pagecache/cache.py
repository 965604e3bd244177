"""The public page cache: whole pages for anonymous visitors, emptied whenever staff save content."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

GENERATION_KEY = "generation"
# Headers a view sets that belong to the page; the middleware adds the rest on every response.
KEPT_HEADERS = ("Content-Type", "Content-Language")
# Each process keeps the pages it has served in memory, for the generation it last read from
# the shared cache, and reads the generation again at most this often. A save in another
# worker or server so shows within this time; in the same process, at once.
GENERATION_CHECK_SECONDS = 1.0
MAX_PAGES_IN_PROCESS = 256

_local = {"generation": None, "checked_at": float("-inf"), "pages": {}, "values": {}}


def page_cache():
    return caches["pages"]


def forget_local_copies():
    """Drop this process's copies, so the next request reads the shared cache (tests use it)."""
    _local.update(generation=None, checked_at=float("-inf"), pages={}, values={})


def _remember_generation(generation):
    if generation != _local["generation"]:
        _local.update(pages={}, values={})
    _local.update(generation=generation, checked_at=time.monotonic())


def _generation(cache):
    if time.monotonic() - _local["checked_at"] < GENERATION_CHECK_SECONDS:
        return _local["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = str(time.time_ns())
        cache.set(GENERATION_KEY, generation, None)
    _remember_generation(generation)
    return generation


def _keep_locally(path, entry):
    pages = _local["pages"]
    if len(pages) >= MAX_PAGES_IN_PROCESS:
        pages.clear()
    pages[path] = entry


def remembered(name, compute):
    """`compute()`, kept in this process until content next changes (like the pages).

    For what pages that cannot be cached whole (the enquiry form, with its CSRF token) share
    with every visitor: the clinic details, page text, the list of areas.
    """
    _generation(page_cache())  # a new generation empties the values
    values = _local["values"]
    if name not in values:
        values[name] = compute()
    return values[name]


def invalidate_public_pages(**kwargs):
    """Start a new generation: every page cached before it is no longer looked up.

    A signal receiver, so it takes and ignores the signal's arguments.
    """
    generation = str(time.time_ns())
    page_cache().set(GENERATION_KEY, generation, None)
    _remember_generation(generation)


def _invalidate_after_commit(sender, **kwargs):
    # After commit: a save that is rolled back changes nothing the public sees.
    transaction.on_commit(invalidate_public_pages)


def invalidate_on_change(*models):
    """Start a new generation whenever one of `models` is saved or deleted and the change commits."""
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"pagecache-{signal}-{model._meta.label}"
            signal.connect(_invalidate_after_commit, sender=model, dispatch_uid=uid)


def _is_cacheable_request(request):
    # A session cookie means a member of staff, who may see previews: never cached.
    return request.method == "GET" and not request.GET and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_public_page(view):
    """Serve the view's 200 answers from the page cache to anonymous visitors."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        cache = page_cache()
        key = f"page:{_generation(cache)}:{request.path}"
        entry = _local["pages"].get(request.path)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                _keep_locally(request.path, entry)
        if entry is not None:
            content, headers, csp_update = entry
            response = HttpResponse(content, headers=headers)
            if csp_update:
                response._csp_update = csp_update
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.cookies and not response.has_header("Cache-Control"):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            entry = (response.content, headers, getattr(response, "_csp_update", None))
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            _keep_locally(request.path, entry)
        return response

    return cached_view
