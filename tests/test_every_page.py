"""Every page of the demo, as each role reaches it, reads as Swedish for users and is valid HTML.

The demo municipality is seeded once for the module; each demo user (and a visitor who is not signed
in) crawls the app from the start page by its links, a few pages per URL pattern (tests/crawling.py).
Then:

- no text a user sees is a text of the code's catalogues left in English: a visible text or label that
  equals a msgid of the project's, Django's or an installed app's catalogue, and is not also a Swedish
  text of the catalogue, is an untranslated msgid;
- no page shows the product's own rule numbers ("R13"), "N = 3" or English words that slipped through;
- the Nu HTML Checker (vnu, the W3C's validator) finds no error on any page.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real

from organisation.models import User
from tests.conftest import missing_service
from tests.crawling import crawl

# The mark makes pytest-django create the test database; the pages are read once, in demo_pages.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["politiker", "presidium", "handlaggare", "planerare", "ekonom", "admin", "bolag"]
VISITOR_PAGES = ["/konto/logga-in/", "/konto/aterstall/"]
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / "node_modules/vnu-jar/build/dist/vnu.jar")
# Texts users must never meet: our rule numbers, the criterion's "N = 3", English that is not a msgid.
NOT_FOR_USERS = {
    "a rule number of ours (users know the governance document by its sections)": re.compile(
        r"\bR(?:[1-9]|[12]\d|3[01])\b"
    ),
    "a criterion written as a formula (write it in words)": re.compile(r"\bN\s*=\s*\d"),
    "English": re.compile(r"\b(?:deadlines?|Select an option)\b|(?<!\w)(?:Q|Body):", re.IGNORECASE),
}
# Attributes whose value a user reads or hears.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}


class Reader:
    def __init__(self, client: Client):
        self.client = client

    def send(self, method: str, url: str, data: dict | None = None, note: str = "") -> object:
        return self.client.get(url, data or {})


class VisibleText(HTMLParser):
    """The texts of a page a user reads or hears: text nodes (not scripts or styles) and labels."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        a = dict(attrs)
        for name in READ_ATTRIBUTES & a.keys():
            self._add(a[name])
        if tag == "input" and (a.get("type") or "").lower() in {"submit", "button", "reset"}:
            self._add(a.get("value"))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._add(data)

    def _add(self, text: str | None) -> None:
        if text and (text := " ".join(text.split())):
            self.texts.append(text)


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def po_msgids(path: Path) -> set[str]:
    """The msgids (and plural msgids) of a .po file."""
    ids, current = set(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                ids.add(current)
            current = ast.literal_eval(line.split(" ", 1)[1])
        elif line.startswith('"') and current is not None:
            current += ast.literal_eval(line)
        else:
            if current:
                ids.add(current)
            current = None
    if current:
        ids.add(current)
    return ids


def catalogue_texts() -> tuple[set[str], set[str]]:
    """Every msgid the running code can show (English) and every Swedish text of the catalogues."""
    english_catalogues = [Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po"]
    english_catalogues += [
        Path(config.path) / "locale/en/LC_MESSAGES/django.po" for config in apps.get_app_configs()
    ]
    msgids = po_msgids(ROOT / "locale/sv/LC_MESSAGES/django.po")
    for path in english_catalogues:
        if path.exists():
            msgids |= po_msgids(path)
    catalog = trans_real.translation("sv")._catalog
    msgids |= {key for key in catalog.keys() if isinstance(key, str)}  # noqa: SIM118 - not a dict
    swedish = {text for _key, text in catalog.items()}
    swedish |= {text[:1].upper() + text[1:] for text in swedish}  # "April" heads a list of april's steps
    return msgids, swedish


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker) -> dict[tuple[str, str], str]:
    """(who, url) → the page's HTML, for every role of the demo and a visitor."""
    pages: dict[tuple[str, str], str] = {}
    with django_db_blocker.unblock():
        call_command("seed_demo", "--quiet-logins")
        try:
            visitor = Client()
            for url in VISITOR_PAGES:
                response = visitor.get(url)
                assert response.status_code == 200, url
                pages["besökare", url] = response.content.decode()
            for username in ROLES:
                client = Client()
                client.force_login(User.objects.get(username=username))
                found, _forms = crawl(Reader(client))
                assert len(found) > 10, username
                pages.update({(username, url): html for url, html in found.items()})
        finally:
            call_command("flush", "--no-input", verbosity=0)
    return pages


def test_the_crawl_reaches_every_part_of_the_app(demo_pages):
    urls = {url for _who, url in demo_pages}
    for part in ["/mal/", "/verksamhetsplan/", "/aktiviteter/", "/budget/", "/internkontroll/", "/arshjul/"]:
        assert any(url.startswith(part) for url in urls), part
    assert any(url.startswith("/organisation/") for url in urls)
    assert any(url.startswith("/styrdokument/") for url in urls)
    # Insyn, the public side, through the footer's link: its pages are checked like every other.
    for part in ["/insyn/", "/insyn/2026/verksamhetsplan/", "/insyn/inbaddning/mal/"]:
        assert any(url.startswith(part) for url in urls), part


def test_no_page_shows_an_untranslated_text(demo_pages):
    msgids, swedish = catalogue_texts()
    assert "- Select an option -" in msgids  # Django's own catalogue is read
    found = defaultdict(set)
    for (who, url), html in demo_pages.items():
        for text in visible_texts(html):
            for candidate in {text, text.rstrip(":").strip()}:
                # A lone ":" after a label is punctuation, not the catalogue's empty header msgid.
                if candidate and candidate in msgids and candidate not in swedish:
                    found[candidate].add(f"{who} {url}")
    report = [f"{text!r} on {', '.join(sorted(where)[:3])}" for text, where in sorted(found.items())]
    assert report == [], "\n".join(report)


def test_no_page_shows_rule_numbers_formulas_or_english(demo_pages):
    found = defaultdict(set)
    for (who, url), html in demo_pages.items():
        for text in visible_texts(html):
            for what, pattern in NOT_FOR_USERS.items():
                if pattern.search(text):
                    found[what, text[:120]].add(f"{who} {url}")
    report = [f"{what}: {text!r} on {', '.join(sorted(where)[:3])}" for (what, text), where in found.items()]
    assert report == [], "\n".join(sorted(report))


def test_every_page_is_valid_html(demo_pages, tmp_path):
    """The Nu HTML Checker over every page of every role: zero errors."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        missing_service(
            "The Nu HTML Checker needs Java and vnu-jar (`npm ci` installs node_modules/vnu-jar): "
            f"java={java}, {VNU_JAR} exists={VNU_JAR.exists()}"
        )
    where: dict[str, str] = {}
    for (who, url), html in demo_pages.items():
        digest = hashlib.sha256(html.encode()).hexdigest()[:16]
        if not html.lstrip().lower().startswith("<!doctype html>"):
            continue
        if f"{digest}.html" not in where:
            (tmp_path / f"{digest}.html").write_text(html, encoding="utf-8")
            where[f"{digest}.html"] = f"{who} {url}"
    assert len(where) > 50
    result = subprocess.run(  # noqa: S603 - the checker on our own pages
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--skip-non-html", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = defaultdict(list)
    for message in messages:
        if message["type"] in {"error", "non-document-error"}:
            name = message.get("url", "").rsplit("/", 1)[-1]
            errors[message["message"]].append(f"{where.get(name, name)} line {message.get('lastLine')}")
    report = [f"{text} ({len(places)}×: {'; '.join(places[:3])})" for text, places in errors.items()]
    assert report == [], f"{len(messages)} errors on {len(where)} pages:\n" + "\n".join(report)
