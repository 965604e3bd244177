"""sitemap.xml: the published areas and the fixed pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import TreatmentArea


class TreatmentAreaSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return TreatmentArea.objects.published()

    def lastmod(self, area):
        return area.updated_at


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "treatments:home",
            "treatments:list",
            "treatments:history",
            "treatments:safety",
            "pages:privacy",
            "enquiries:create",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "areas": TreatmentAreaSitemap}
