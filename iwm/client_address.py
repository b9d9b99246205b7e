"""The client's address, the one thing rate limits and sign-in lockouts count by.

The socket's peer (REMOTE_ADDR) is the client unless TRUSTED_PROXY_COUNT says that many reverse
proxies stand in front of IWM, each appending the address it received the request from to
X-Forwarded-For. Then the client is the TRUSTED_PROXY_COUNT-th address from the right: the one
the outermost trusted proxy saw. Whatever a client writes into X-Forwarded-For itself lies to
the left of that and is never used. DRF's throttles apply the same rule through NUM_PROXIES
(set to the same value in settings), and django-axes calls `client_address` below.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address as text (None only if the server gave no peer address)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = forwarded.split(",")
    candidate = addresses[-min(proxies, len(addresses))]
    # A trusted proxy writes a valid address; anything else means the chain is not what the
    # setting says, and the proxy's own address is the safe identity (it is stored as inet).
    return _valid(candidate) or remote
