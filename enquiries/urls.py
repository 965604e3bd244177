"""/enquire/: the enquiry form and the page shown after it is sent."""

from django.urls import path

from pagecache.cache import cache_public_page

from . import views

app_name = "enquiries"

urlpatterns = [
    path("", views.EnquiryCreateView.as_view(), name="create"),
    path("thanks/", cache_public_page(views.ThanksView.as_view()), name="thanks"),
]
