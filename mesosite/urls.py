from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from pagecache.cache import cache_public_page

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Mesosite administration"
admin.site.site_title = "Mesosite admin"
admin.site.index_title = "Clinic website"

urlpatterns = [
    path("", include("treatments.urls")),
    path("", include("pages.urls")),
    path("", include("clinicians.urls")),
    path("", include("signoff.urls")),
    path("enquire/", include("enquiries.urls")),
    path("", include("search.urls")),
    path("", include("feedback.urls")),
    # Before the admin: the claims checker's rules page lives under /admin/ too.
    path("", include("editorial.urls")),
    path("", include("collisions.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    re_path(r"^media/(?P<path>.*)$", views.media, name="media"),
]

handler404 = "mesosite.views.page_not_found"
handler500 = "mesosite.views.server_error"
