"""The site's URLs plus /bench/bare/, a view that does no work behind the site's own middleware: the
same-stack figure (the ceiling is the bare project's page, bench/throwaway.py).

Only bench/settings.py selects this module; production never routes to the bare view.
"""

from django.http import HttpResponse
from django.urls import path

from mesosite.urls import handler404, handler500  # noqa: F401
from mesosite.urls import urlpatterns as site_urlpatterns

BARE_PAGE = (
    b'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Bare</title></head>'
    b"<body><p>A fixed page: the fastest answer this Django project can give.</p></body></html>"
)


def bare(request):
    return HttpResponse(BARE_PAGE)


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
