"""sitemap.xml: the fixed pages and each area page patients can see."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from signoff.models import ClinicalPage


class AreaPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ClinicalPage.objects.live().filter(kind="area").order_by("title")

    def location(self, page):
        return reverse("treatments:detail", kwargs={"slug": page.slug})

    def lastmod(self, page):
        return page.live.approved_at


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "treatments:home",
            "treatments:list",
            "treatments:history",
            "treatments:safety",
            "clinicians:team",
            "pages:privacy",
            "pages:information",
            "pages:accessibility",
            "enquiries:create",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "areas": AreaPageSitemap}
