"""The query parameters the pages read themselves (?ar=, ?sida=, ?enhet=, ?andra=, ?visa=, ?kort=, …), fed
hostile values: a page or a 404, never a 500.

`str.isdigit()` is true for "²" and "١", and `int()` refuses the first: a digit test must be
`isascii() and isdigit()`. Every page is asked once with every parameter set to such a value, and the
pages that read a parameter are asked with each hostile value.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, UserFactory
from tests.test_access_policy import every_url

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "ar",
    "sida",
    "page",
    "enhet",
    "omgang",
    "andra",
    "kort",
    "visa",
    "next",
    "stangda",
    "sort",
    "q",
]
VALUES = ["²", "1²", "٣", "2026\u200f", "1" * 30, "9223372036854775808", "\x00", "-1", "<script>", "%00", ""]


@pytest.fixture
def superuser(db):
    ActivityFactory()
    return UserFactory(is_superuser=True, is_staff=True)


def test_every_page_with_every_parameter_set_to_a_non_ascii_digit(client, superuser):
    client.force_login(superuser)
    client.raise_request_exception = False  # a 500 is listed with the others, not raised at the first
    failures = []
    for name, url in sorted(every_url().items()):
        if name.startswith("admin:") or url.endswith((".pdf", ".ics")) or "logga-ut" in url:
            continue
        for headers in [{}, {"HX-Request": "true"}]:
            response = client.get(url, dict.fromkeys(PARAMETERS, "²"), headers=headers)
            if response.status_code >= 500:
                failures.append(f"{name} {url} {headers}: {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(
    ("url_name", "args", "parameter"),
    [
        ("planning:plan_index", [], "ar"),
        ("goals:index", [], "ar"),
        ("goals:period", [2022], "ar"),
        ("goals:year", [2026], "kort"),
        ("goals:year", [2026], "visa"),
        ("followup:plan_index", [], "ar"),
        ("reports:index", [], "ar"),
        ("planning:activities", [], "sida"),
        ("organisation:decisions", [], "sida"),
        ("documents:list", [], "sida"),
        ("economy:objects", [], "andra"),
        ("economy:directive_goals", [], "andra"),
    ],
)
def test_each_hostile_value_in_a_parameter_a_page_reads(client, superuser, url_name, args, parameter):
    client.force_login(superuser)
    client.raise_request_exception = False
    url = reverse(url_name, args=args)
    failures = []
    for value in VALUES:
        for headers in [{}, {"HX-Request": "true"}]:
            response = client.get(url, {parameter: value}, headers=headers)
            if response.status_code >= 500:
                failures.append(f"{url}?{parameter}={value[:30]!r} {headers}: {response.status_code}")
    assert failures == [], "\n".join(failures)
