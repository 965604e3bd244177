"""/enquire/: the enquiry form and the page shown after it is sent."""

from django.urls import path

from . import views

app_name = "enquiries"

urlpatterns = [
    path("", views.EnquiryCreateView.as_view(), name="create"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
]
