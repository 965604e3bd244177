"""What a shared HTTP cache in front of the site (Varnish, or a CDN that speaks the same) needs from it.

- `middleware.CacheHeadersMiddleware`: public pages go out with `Cache-Control: public, max-age=0,
  s-maxage=PUBLIC_CACHE_SECONDS`, an `ETag`, the surrogate key `purges.PAGES_KEY`, no cookie and no
  `Vary: Cookie`; every other answer that has no caching of its own is `private, no-store`.
- `middleware.NotModifiedMiddleware`: `304` when `If-None-Match` holds the page's `ETag`, stored pages
  included.
- `purges`: after a change patients can see commits (the page cache's `pages_changed` signal), each
  cache in `FRONTEND_CACHE_URLS` is told to drop every page, through the outbox worker with retries.

`deploy/varnish/mesosite.vcl` is the Varnish side; docs/deploy.md says how it fits.
"""
