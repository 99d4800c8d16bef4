"""How often an anonymous client may ask the open data API."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from styrmodell.net import client_ip


class PublicApiThrottle(SimpleRateThrottle):
    """PUBLIC_API_RATE requests per client address, signed in or not (the API knows no users).

    The address is read as sign-in throttling reads it (`styrmodell.net.client_ip`), so behind the
    proxy clients are counted one by one and cannot choose their own address. The rate is read on
    every request, so a changed setting applies at once. Past the limit: 429 with Retry-After.
    """

    scope = "public_api"

    def get_rate(self) -> str:
        return settings.PUBLIC_API_RATE

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
