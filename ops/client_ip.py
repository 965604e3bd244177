"""The visitor's address behind our reverse proxies, for django-axes' admin lockout and the rate limits."""

import hashlib
import ipaddress

from django.conf import settings


def client_ip_address(request):
    """The address our outermost proxy saw (settings.AXES_CLIENT_IP_CALLABLE).

    Each of the AXES_IPWARE_PROXY_COUNT proxies (env PROXY_COUNT) appends one entry to
    X-Forwarded-For, so the client is that many entries from the right; anything further left
    came from the client and could be forged. Without proxies, or when a request skipped them,
    REMOTE_ADDR. The rate limits (`client_key`) apply the same rule.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


def client_key(group, request):
    """A rate-limit key (django-ratelimit): a salted hash of the client's network, so no address is stored
    even in the cache.

    The client is found as for the admin lockout (`client_ip_address`). IPv6 clients are grouped by their
    /64, which one household or phone usually holds whole.
    """
    address = client_ip_address(request)
    try:
        ip = ipaddress.ip_address(address)
        network = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    except ValueError:
        network = "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{group}:{network}".encode()).hexdigest()
