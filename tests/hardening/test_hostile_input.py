"""Every form of the app, fed hostile input by every role that writes: never a server error.

The demo municipality is seeded, each writing role crawls the app from the start page, and every form
it is shown (POST and GET) is sent back with one field at a time replaced by a hostile value: 26-digit
and exponent amounts, integers beyond the database's range, NUL and other control characters, a line
break in single-line fields, 10,000 characters. The other fields keep the values the page gave them, so
a hostile value reaches as deep as it can (a valid rest of the form lets it through to the service and
the database). Every page's integer path arguments are also replaced by out-of-range numbers.

One test, because the demo is seeded once: a list of every request that answered 500 (or raised) is
the failure message.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from organisation.models import User
from tests.crawling import FormSpec, crawl, url_name

HOSTILE = [
    "1" * 26,
    "1e30",
    "-1E+30",
    "2147483648",
    "-2147483649",
    "99999999999999999999",
    "nul\x00tecken",
    "styr\x01\x1f\x7ftecken",
    "rad ett\r\nrad två",
    "x" * 10_000,
]
OUT_OF_RANGE_IDS = ["2147483648", "9223372036854775808"]
WRITERS = ["planerare", "ekonom", "handlaggare", "admin"]


class Sweep:
    def __init__(self, client: Client, who: str):
        self.client, self.who = client, who
        self.failures: list[str] = []
        self.requests = 0

    def send(self, method: str, url: str, data: dict | None = None, note: str = "") -> object:
        self.requests += 1
        try:
            if method == "post":
                response = self.client.post(url, data or {})
            else:
                response = self.client.get(url, data or {})
        except Exception as error:  # noqa: BLE001 - every kind of crash is what we look for
            crash = f"{error.__class__.__name__}: {error}"
            self.failures.append(f"{self.who} {method.upper()} {url} {note}: {crash}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{self.who} {method.upper()} {url} {note}: {response.status_code}")
        return response


def hostile_forms(sweep: Sweep, forms: list[FormSpec]) -> None:
    done = set()
    for form in forms:
        key = (form.method, url_name(urlsplit(form.action).path), tuple(sorted(form.fields)))
        if key in done:
            continue
        done.add(key)
        variants = [dict(form.fields)] + [{**form.fields, name: [value]} for name, value in form.buttons[:3]]
        for base in variants:
            for name in form.editable:
                for value in HOSTILE:
                    data = {**base, name: [value]}
                    sweep.send(form.method, form.action, data, note=f"{name}={value[:30]!r}")


def hostile_ids(sweep: Sweep, pages: list[str]) -> None:
    done = set()
    for url in pages:
        path = urlsplit(url).path
        if not re.search(r"/\d+/", path) or url_name(path) in done:
            continue
        done.add(url_name(path))
        for number in OUT_OF_RANGE_IDS:
            sweep.send("get", re.sub(r"/\d+/", f"/{number}/", path, count=1), note="id out of range")
        sweep.send("get", path + "?" + urlencode({"page": "1" * 26, "sida": "\x00", "q": "\x00"}))


@pytest.mark.django_db(transaction=True)
def test_no_form_or_page_answers_500_to_hostile_input():
    call_command("seed_demo", "--quiet-logins")
    failures, requests, forms_seen = [], 0, 0
    anonymous = Sweep(Client(), "anonym")
    for path in ["/arshjul/%00.ics", "/arshjul/\x00.ics", "/konto/logga-in/?next=%00"]:
        anonymous.send("get", path)
    anonymous.send("post", "/konto/logga-in/", {"username": "\x00", "password": "x" * 10_000})
    anonymous.send("post", "/konto/aterstall/", {"email": "a\x00@example.se"})
    failures += anonymous.failures
    for username in WRITERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        sweep = Sweep(client, username)
        pages, forms = crawl(sweep)
        hostile_ids(sweep, pages)
        hostile_forms(sweep, forms)
        assert pages, username
        failures += sweep.failures
        requests += sweep.requests
        forms_seen += len(forms)
    print(f"hostile sweep: {requests} requests, {forms_seen} forms")  # noqa: T201 - the sweep's size
    assert forms_seen > 30
    assert failures == [], "\n".join(failures)
