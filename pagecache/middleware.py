"""Answers anonymous GETs of cached public pages before the rest of the middleware runs."""

from django.urls import Resolver404, resolve

from .cache import is_anonymous_get, is_public_page, serve_public_page


class PageCacheMiddleware:
    """After WhiteNoise and the 304 check (frontcache): a cached page needs no session, user, messages,
    CSRF check, history, lockout or rate limit, so none of those run for it. It is sent with the headers it was stored
    with (CSP, X-Frame-Options, Permissions-Policy, Vary), which the middleware after this one added
    when it was rendered; SecurityMiddleware, before this one, adds its own to every answer.

    Anything else (staff with a session, a query string, POST, pages not marked with
    `cache_public_page`) goes through the whole stack. A public page rendered for an anonymous GET
    is stored on its way back out, once every header is on it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_anonymous_get(request) and self._is_public_page(request):
            return serve_public_page(request, self.get_response)
        return self.get_response(request)

    @staticmethod
    def _is_public_page(request):
        try:
            return is_public_page(resolve(request.path_info).func)
        except Resolver404:
            return False
