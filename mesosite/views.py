"""The few site-wide views: health check, robots.txt, uploaded media, error pages."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

logger = logging.getLogger(__name__)


# The caches every app server shares (Redis when REDIS_URL is set).
SHARED_CACHES = ("default", "pages")


@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not: the only thing no page can do without.

    The shared cache is reported too, but a cache outage keeps 200: pages are then rendered
    uncached, and taking every server out of the load balancer at once would turn a slower site
    into no site.
    """
    cache = "ok" if _caches_answer() else "unavailable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("event=healthz_failed")
        return JsonResponse({"status": "error", "database": "unavailable", "cache": cache}, status=503)
    return JsonResponse({"status": "ok" if cache == "ok" else "degraded", "database": "ok", "cache": cache})


def _caches_answer():
    try:
        for alias in SHARED_CACHES:
            caches[alias].get("healthz")
    except Exception as error:  # whatever the backend raises: a health check reports, it never fails
        logger.warning("event=healthz_cache_unavailable error=%s", type(error).__name__)
        return False
    return True


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /preview/",
        "Disallow: /enquire/thanks/",
        "Disallow: /search/",
        "Disallow: /feedback/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return render(request, "robots.txt", {"lines": lines}, content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=30 * 86400, public=True)
def media(request, path):
    """Uploaded images, in every mode (whitenoise serves static files only).

    Upload names are fixed once written, so they may be cached for long. In a bigger
    deployment the reverse proxy or object storage serves /media/ instead.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
