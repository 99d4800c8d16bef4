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
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from organisation.models import User

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
PER_URL_NAME = 2  # pages crawled per URL pattern: two activities say as much as two hundred
SKIP_PATHS = re.compile(r"^/(admin|static|konto/logga-ut)/|\.ics$")
PLAUSIBLE = {
    "number": "1",
    "date": "2026-06-15",
    "email": "test@example.se",
    "url": "https://example.se/",
    "text": "Test",
    "search": "test",
}


@dataclass
class FormSpec:
    method: str
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    editable: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class PageParser(HTMLParser):
    """The links and forms of a page, with the values the page gives each field."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[FormSpec] = []
        self._form: FormSpec | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            self._form = FormSpec(
                method=(a.get("method") or "get").lower(), action=urljoin(self.url, a.get("action") or "")
            )
            self.forms.append(self._form)
        elif self._form is None or not a.get("name") and tag != "option":
            return
        elif tag == "input":
            self._input(a)
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            self._form.buttons.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
            self._form.editable.append(a["name"])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None and value:
                self._select_first = value
            if "selected" in a:
                self._form.fields.setdefault(self._select, []).append(value)
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form.fields[a["name"]] = [""]
            self._form.editable.append(a["name"])

    def _input(self, a: dict) -> None:
        kind, name, value = (a.get("type") or "text").lower(), a["name"], a.get("value") or ""
        if kind in {"submit", "image"}:
            self._form.buttons.append((name, value))
        elif kind in {"checkbox", "radio"}:
            if "checked" in a or (kind == "radio" and name not in self._form.fields):
                self._form.fields.setdefault(name, []).append(value or "on")
            if name not in self._form.editable:
                self._form.editable.append(name)
        elif kind != "file" and name != "csrfmiddlewaretoken":
            self._form.fields[name] = [value or PLAUSIBLE.get(kind, "")]
            self._form.editable.append(name)

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields[self._select] = [self._select_first]
            self._select = None
        elif tag == "textarea":
            if self._textarea and self._form is not None and not self._form.fields[self._textarea][0]:
                self._form.fields[self._textarea] = ["Text"]
            self._textarea = None


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


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(sweep: Sweep) -> tuple[list[str], list[FormSpec]]:
    """The pages a user reaches from the start page (a few per URL pattern) and the forms on them."""
    seen_per_name: dict[str, int] = {}
    pages, forms, queue, visited = [], [], deque(["/"]), set()
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in visited or SKIP_PATHS.search(path):
            continue
        visited.add(url)
        name = _url_name(path)
        if name is None or seen_per_name.get(name, 0) >= PER_URL_NAME:
            continue
        seen_per_name[name] = seen_per_name.get(name, 0) + 1
        response = sweep.send("get", url)
        if response is None or response.status_code != 200:
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        pages.append(url)
        parser = PageParser(url)
        parser.feed(response.content.decode())
        forms.extend(form for form in parser.forms if not SKIP_PATHS.search(urlsplit(form.action).path))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in {"", "http"} and parts.netloc in {"", "testserver"} and not parts.fragment:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, forms


def hostile_forms(sweep: Sweep, forms: list[FormSpec]) -> None:
    done = set()
    for form in forms:
        key = (form.method, _url_name(urlsplit(form.action).path), tuple(sorted(form.fields)))
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
        if not re.search(r"/\d+/", path) or _url_name(path) in done:
            continue
        done.add(_url_name(path))
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
