"""The client's address, read the same way by everything that counts requests per client."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind TRUSTED_PROXY_COUNT proxies the one they saw.

    Each proxy appends the address it was connected from to X-Forwarded-For, so with N trusted proxies
    the N-th entry from the right is the client as the outermost proxy saw it. Entries to its left were
    sent by the client and prove nothing; directly (N = 0) the header is ignored altogether.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Not through all our proxies (or a misconfigured one): the connection is all we know.
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr
