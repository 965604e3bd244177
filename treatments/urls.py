from django.urls import path

from pagecache.cache import cache_public_page

from . import views

app_name = "treatments"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("treatments/", cache_public_page(views.TreatmentAreaListView.as_view()), name="list"),
    path("treatments/<slug:slug>/", cache_public_page(views.TreatmentAreaDetailView.as_view()), name="detail"),
    path("about/history/", cache_public_page(views.HistoryView.as_view()), name="history"),
    path("about/safety/", cache_public_page(views.SafetyView.as_view()), name="safety"),
]
