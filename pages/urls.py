from django.urls import path

from pagecache.cache import cache_public_page

from . import views

app_name = "pages"

urlpatterns = [
    path("privacy/", cache_public_page(views.PrivacyView.as_view()), name="privacy"),
]
