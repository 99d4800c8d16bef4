"""A small counter of requests per key and time window, in the Django cache (Redis in production)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def within_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request for (scope, key); False once the window holds more than `limit` of them.

    The window starts with the key's first request. The key is hashed: e-mail addresses and client
    addresses are not stored in the cache as they are.
    """
    cache_key = f"ratelimit:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
