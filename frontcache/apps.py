from django.apps import AppConfig


class FrontcacheConfig(AppConfig):
    name = "frontcache"
    verbose_name = "Shared HTTP cache in front"

    def ready(self):
        from pagecache.cache import pages_changed

        from .purges import purge_every_page

        pages_changed.connect(purge_every_page, dispatch_uid="frontcache-purge-every-page")
