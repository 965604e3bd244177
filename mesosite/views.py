"""The few site-wide views: health check, robots.txt, uploaded media, error pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve

logger = logging.getLogger(__name__)


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("event=healthz_failed")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        "Disallow: /preview/",
        "Disallow: /enquire/thanks/",
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
