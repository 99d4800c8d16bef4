"""The Swedish catalogue is complete and its compiled form, committed, matches it."""

import gettext
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES"


def _entries(po_text: str) -> list[tuple[str, str, bool, str | None]]:
    """(msgid, msgstr, fuzzy, plural) per entry of a .po file; for plurals msgstr is form 0."""
    entries, msgid, msgstr, fuzzy, target, plural = [], None, None, False, None, None
    for line in [*po_text.splitlines(), ""]:
        if not line.strip():
            if msgid is not None:
                entries.append((msgid, msgstr, fuzzy, plural))
            msgid, msgstr, fuzzy, target, plural = None, None, False, None, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, target = _unquote(line[6:]), "id"
        elif line.startswith("msgid_plural "):
            plural, target = _unquote(line[13:]), None
        elif line.startswith("msgstr ") or line.startswith("msgstr[0] "):
            msgstr, target = _unquote(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr["):
            target = None
        elif line.startswith('"'):
            if target == "id":
                msgid += _unquote(line)
            elif target == "str":
                msgstr += _unquote(line)
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode("raw_unicode_escape").decode("unicode_escape")


class TestSwedishCatalogue:
    def test_every_text_is_translated(self):
        entries = [e for e in _entries((LOCALE / "django.po").read_text(encoding="utf-8")) if e[0]]
        assert entries
        untranslated = [msgid for msgid, msgstr, fuzzy, _plural in entries if not msgstr or fuzzy]
        assert untranslated == []

    def test_the_seeds_term_for_the_geh_goals(self):
        """Seed 4.6: "verksamhetsmål för god ekonomisk hushållning", never plain "mål för god ..."."""
        entries = _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
        plain = re.compile(r"(?<!verksamhets)mål(?:en)? för god ekonomisk hushållning", re.IGNORECASE)
        assert [msgstr for _msgid, msgstr, _fuzzy, _plural in entries if plain.search(msgstr or "")] == []

    def test_compiled_catalogue_matches_the_source(self):
        compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
        entries = [e for e in _entries((LOCALE / "django.po").read_text(encoding="utf-8")) if e[0]]
        stale = [
            msgid
            for msgid, msgstr, _fuzzy, plural in entries
            if (compiled.ngettext(msgid, plural, 1) if plural else compiled.gettext(msgid)) != msgstr
        ]
        assert stale == [], "run `make messages` to compile the catalogue"

    @override_settings(LANGUAGE_CODE="sv")
    def test_swedish_is_the_default_language(self, settings):
        assert settings.LANGUAGE_CODE == "sv"
        with translation.override(settings.LANGUAGE_CODE):
            assert translation.gettext("Skip to content") == "Hoppa till innehållet"


@pytest.mark.django_db
def test_error_pages_are_swedish(client, politician):
    client.force_login(politician)
    response = client.get("/finns-inte/ens/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_server_error_page_is_swedish_and_renders_without_a_request(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()
