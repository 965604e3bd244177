"""After a change patients can see commits, every shared cache in front drops every page.

Why every page, by one surrogate key, rather than the URLs that show the change: almost any change
shows on many pages (clinic details in every footer, an area on the home page, the list, the sitemap
and the search results, the example-site notice on every page, a reviewer's name on each page they
approved), the site has a few dozen pages, and changes come a few times a day. Dropping them all is
what the app's own page cache does too (pagecache), it cannot miss a page, and it costs the cache one
fetch per page afterwards.

The purge goes through the outbox worker (`outbox.purges`), after the change has committed: a cache
that is down or slow never blocks or fails the staff action, and it is retried. It is sent once
every app worker renders the change (pagecache's GENERATION_CHECK_SECONDS after `pages_changed`):
the cache fetches each page again at once, and a worker still on the old generation would hand it
the old page to keep for PUBLIC_CACHE_SECONDS, a taken-down page included (CI saw one so).
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from outbox.purges import queue_purge
from pagecache.cache import GENERATION_CHECK_SECONDS

logger = logging.getLogger(__name__)

# The surrogate key every public page carries (middleware.make_public); the VCL stores it as xkey.
PAGES_KEY = "mesosite-pages"


def purge_every_page(**signal_kwargs):
    """Queue a purge of every page from each cache in FRONTEND_CACHE_URLS (a `pages_changed` receiver)."""
    every_worker_renders_it = timezone.now() + datetime.timedelta(seconds=GENERATION_CHECK_SECONDS)
    for cache_url in settings.FRONTEND_CACHE_URLS:
        try:
            queue_purge(cache_url, PAGES_KEY, not_before=every_worker_renders_it)
        except DatabaseError as error:
            # The change itself has committed; the cache's copies expire within PUBLIC_CACHE_SECONDS.
            logger.error("event=frontcache_purge_not_queued cache=%s error=%s", cache_url, type(error).__name__)
