"""Insyn's common ground: the switch, and the generation that dates everything public.

What the public side shows changes only when something in the model is saved or deleted: an
adoption above all, but also an indicator's value or a wheel step. Every such change, once its
transaction commits, stamps a new *generation* (the time of the change) in the cache. Public pages
and API answers are cached under it and carry it as ETag and Last-Modified, so a new adoption
replaces them at once, and a client that asks again with If-None-Match costs no query at all.
Bulk writes send no signals; `PUBLIC_CACHE_SECONDS` bounds how long they could go unseen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag

# The URL namespaces of the public side: no sign-in, no role, the switch turns them off.
NAMESPACES = frozenset({"insyn", "api"})
# The apps whose data the public side shows; a change to any of their models starts a new generation.
SOURCE_APPS = (
    "organisation",
    "documents",
    "goals",
    "planning",
    "budget",
    "followup",
    "economy",
    "calendar_wheel",
    "reports",
)
GENERATION_KEY = "insyn:generation"


def is_public(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and bool(NAMESPACES.intersection(match.namespaces))


def generation() -> float:
    """The time of the last change to what the public side shows (a POSIX timestamp, whole seconds).

    An empty cache (a restart, or an evicted key) counts as a change now: never older than the truth.
    """
    stamp = cache.get(GENERATION_KEY)
    if stamp is None:
        stamp = float(int(datetime.now(UTC).timestamp()))
        cache.add(GENERATION_KEY, stamp, None)
    return stamp


def _stamp() -> None:
    # One second later at least, so that two changes within a second still differ.
    now = float(int(datetime.now(UTC).timestamp()))
    previous = cache.get(GENERATION_KEY) or 0.0
    cache.set(GENERATION_KEY, max(now, previous + 1), None)


def changed(**_signal) -> None:
    """Something public may have changed: stamp a new generation once the transaction commits.

    A callback per saved row, not one per transaction: a test's transaction never commits, and the
    tests that run the callbacks of a block (`django_capture_on_commit_callbacks`) must find the
    block's own stamp among them. At commit the stamps after the first cost a cache read and write.
    """
    transaction.on_commit(_stamp)


def is_stamp(callback: Callable) -> bool:
    """Whether an on-commit callback is the public side's stamp (tests counting their own tell it apart)."""
    return callback is _stamp


def connect_signals() -> None:
    for app_label in SOURCE_APPS:
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(changed, sender=model, dispatch_uid=f"insyn-save-{model._meta.label}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"insyn-delete-{model._meta.label}")
    m2m_changed.connect(changed, dispatch_uid="insyn-m2m")


def request_generation(request: HttpRequest) -> float:
    """The generation a request is answered in, read from the cache once: its ETag, Last-Modified and
    the key its answer is kept under all name the same one."""
    if not hasattr(request, "_public_generation"):
        request._public_generation = generation()
    return request._public_generation


def etag_for(request: HttpRequest) -> str:
    """The answer's ETag: the generation and everything in the request that shapes the answer."""
    accept = request.headers.get("Accept", "")
    key = f"{request_generation(request)}|{request.get_full_path()}|{accept}"
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def cached[T](key_prefix: str, request: HttpRequest, build: Callable[[], T], *, by_query: bool = True) -> T:
    """What `build()` makes (a page's bytes, an answer's data), kept per generation and address for
    PUBLIC_CACHE_SECONDS.

    The address is the scheme, host and path (absolute links differ by them), and the query string
    only where the answer depends on it (`by_query`): a page that reads no query must not be
    rendered anew for every `?x=1`, `?x=2` a visitor makes up.
    """
    path = request.get_full_path() if by_query else request.path
    address = f"{request.scheme}://{request.get_host()}{path}"
    key = f"insyn:{key_prefix}:{request_generation(request)}:{hashlib.sha256(address.encode()).hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, settings.PUBLIC_CACHE_SECONDS)
    return content


def embeddable(response: HttpResponse) -> HttpResponse:
    """Let the websites in PUBLIC_FRAME_ANCESTORS (and this site) show the response in an iframe."""
    response._csp_config = {
        **settings.SECURE_CSP,
        "frame-ancestors": ["'self'", *settings.PUBLIC_FRAME_ANCESTORS],
    }
    response.xframe_options_exempt = True
    return response


class PublicSiteMiddleware:
    """For every public URL: 404 when the public side is off; otherwise conditional GET by the
    generation (ETag, Last-Modified, 304), a shared cache's leave to keep the answer briefly, and
    CORS for reading the API from any website.

    It runs once the URL is resolved, so it decides by namespace, never by a path prefix.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_public(request) and request.method in {"GET", "HEAD", "OPTIONS"}:
            self._decorate(request, response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not is_public(request):
            return None
        if not settings.PUBLIC_SITE_ENABLED:
            raise Http404
        if request.method in {"GET", "HEAD"}:
            etag = etag_for(request)
            if_none_match = request.headers.get("If-None-Match")
            since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
            if (if_none_match and etag in parse_etags(if_none_match)) or (
                not if_none_match and since is not None and since >= int(request_generation(request))
            ):
                response = HttpResponseNotModified()
                response.headers["ETag"] = etag
                self._decorate(request, response)
                return response
        return None

    def _decorate(self, request: HttpRequest, response: HttpResponse) -> None:
        if "api" in request.resolver_match.namespaces:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, Retry-After"
            response.headers["Access-Control-Max-Age"] = "86400"
        if response.status_code not in {200, 304} or request.method == "OPTIONS":
            return
        if not response.has_header("ETag"):
            response.headers["ETag"] = etag_for(request)
        response.headers["Last-Modified"] = http_date(request_generation(request))
        patch_vary_headers(response, ["Accept"])
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=60)
