"""What every page's header and footer need."""

from django.utils.functional import SimpleLazyObject

from pagecache.cache import remembered

from .models import ClinicDetails


def site(request):
    # Lazy: views that fetched the clinic details with their page text pass their own.
    return {"clinic": SimpleLazyObject(lambda: remembered("clinic", ClinicDetails.load))}
