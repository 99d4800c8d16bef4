"""The open data API's query parameters, fed hostile values: 200 or 400 (a reason in Swedish), never 500.

Every resource's filters (read from its filterset, so a filter added tomorrow is swept too), the
paginator's and the renderer's parameters, and hostile ids in the address.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from insyn.api.views import RESOURCES
from tests.hostile.strategies import hostile_text, sweep
from tests.insyn import api_data

pytestmark = pytest.mark.django_db

COMMON = ["page", "page_size", "format", "ordering", "search", "limit", "offset"]
ALLOWED = {200, 400, 404, 406}
# The values that could get past a filter's parsing to the query: numbers beyond every column, NUL
# (PostgreSQL refuses it in text), digits of other scripts (int() reads them), markup and formulas.
API_NASTY = [
    "",
    " ",
    "\x00",
    "KS\x00",
    "1" * 26,
    "1e30",
    "-1",
    "2147483648",
    "9223372036854775808",
    "١٢٣",
    "2026\u200f",
    "NaN",
    "<script>alert(1)</script>",
    "=1+1",
    "x" * 10_000,
    "' OR 1=1 --",
]


def parameters(viewset, *, common: bool = True) -> list[str]:
    filterset = getattr(viewset, "filterset_class", None)
    return [*(filterset.base_filters if filterset else []), *(COMMON if common else [])]


@pytest.fixture
def api(client):
    cache.clear()  # the throttle and the answers kept per generation start empty
    api_data.seed()
    return client


def check(response, note: str) -> None:
    assert response.status_code in ALLOWED, (note, response.status_code, response.content[:500])
    if response.status_code == 400 and response["Content-Type"].startswith("application/json"):
        body = response.content.decode()
        assert "Enter a" not in body, (note, body)  # Django's English
        assert "This field" not in body, (note, body)


def test_every_filter_refuses_or_ignores_each_nasty_value(api):
    for prefix, viewset in RESOURCES:
        url = reverse(f"api:{prefix}-list")
        for name in parameters(viewset, common=False):  # the paginator's: drawn by the next test
            for value in API_NASTY:
                check(api.get(url, {name: value}), f"{prefix}?{name}={value[:40]!r}")


# One test drawing the resource too: the API's rows are made once, not once per resource.
@settings(sweep, max_examples=5 * len(RESOURCES))
@given(data=st.data())
def test_filters_combined_never_fail(api, data):
    prefix, viewset = data.draw(st.sampled_from(RESOURCES), label="resource")
    names = parameters(viewset)
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    params = {name: data.draw(hostile_text(), label=name) for name in chosen}
    check(api.get(reverse(f"api:{prefix}-list"), params), f"{prefix} {params!r}"[:300])


def test_hostile_ids_are_not_found(api):
    for prefix, _viewset in RESOURCES:
        base = reverse(f"api:{prefix}-list")
        for raw in [
            "0",
            "-1",
            "1" * 26,
            "9223372036854775808",
            "1e3",
            "1.5",
            "%00",
            "<script>",
            "%E2%80%AE1",
        ]:
            response = api.get(base + quote(raw, safe="%") + "/")
            assert response.status_code in {404, 400}, (prefix, raw, response.status_code)
