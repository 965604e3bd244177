"""The visitor's address behind our reverse proxies, for django-axes' admin lockout."""

from django.conf import settings


def client_ip_address(request):
    """The address our outermost proxy saw (settings.AXES_CLIENT_IP_CALLABLE).

    Each of the AXES_IPWARE_PROXY_COUNT proxies (env PROXY_COUNT) appends one entry to
    X-Forwarded-For, so the client is that many entries from the right; anything further left
    came from the client and could be forged. Without proxies, or when a request skipped them,
    REMOTE_ADDR. The enquiry rate limit (enquiries.views.client_key) applies the same rule.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address
