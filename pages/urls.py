from django.urls import path

from pagecache.cache import cache_public_page

from . import views

app_name = "pages"

urlpatterns = [
    path("privacy/", cache_public_page(views.PrivacyView.as_view()), name="privacy"),
    path("about/this-information/", cache_public_page(views.InformationView.as_view()), name="information"),
    path("accessibility/", cache_public_page(views.AccessibilityView.as_view()), name="accessibility"),
]
