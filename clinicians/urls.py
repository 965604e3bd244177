from django.urls import path

from pagecache.cache import cache_public_page

from . import views

app_name = "clinicians"

urlpatterns = [
    path("about/team/", cache_public_page(views.TeamView.as_view()), name="team"),
]
