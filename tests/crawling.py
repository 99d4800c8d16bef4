"""The demo as its users reach it: every page a signed-in user reaches from the start page by links.

Shared by the sweeps that look at every page (hostile input, untranslated texts, valid HTML).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

PER_URL_NAME = 2  # pages crawled per URL pattern: two activities say as much as two hundred
SKIP_PATHS = re.compile(r"^/(admin|static|konto/logga-ut)/|\.ics$")


class Sender(Protocol):
    def send(self, method: str, url: str, data: dict | None = None, note: str = "") -> object: ...


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


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(sweep: Sender, per_url_name: int = PER_URL_NAME) -> tuple[dict[str, str], list[FormSpec]]:
    """The pages a user reaches from the start page (a few per URL pattern), each with its HTML, and
    the forms on them."""
    seen_per_name: dict[str, int] = {}
    pages: dict[str, str] = {}
    forms: list[FormSpec] = []
    queue, visited = deque(["/"]), set()
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in visited or SKIP_PATHS.search(path):
            continue
        visited.add(url)
        name = url_name(path)
        if name is None or seen_per_name.get(name, 0) >= per_url_name:
            continue
        seen_per_name[name] = seen_per_name.get(name, 0) + 1
        response = sweep.send("get", url)
        if response is not None and response.status_code in {301, 302, 303, 307, 308}:
            queue.append(response["Location"])  # e.g. /internkontroll/ → this year's plan
            continue
        if response is None or response.status_code != 200:
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        parser = PageParser(url)
        parser.feed(html)
        forms.extend(form for form in parser.forms if not SKIP_PATHS.search(urlsplit(form.action).path))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in {"", "http"} and parts.netloc in {"", "testserver"} and not parts.fragment:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages, forms
