"""The Swedish catalogue is complete and its compiled form, committed, matches it."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES"


def _entries(po_text: str) -> list[tuple[str, str, bool, str | None]]:
    """(msgid, msgstr, fuzzy, plural) per entry of a .po file; for plurals msgstr is form 0.

    An entry with a context (msgctxt) has the msgid the compiled catalogue keys it by: "context\x04msgid".
    """
    entries, msgid, msgstr, fuzzy, target, plural, context = [], None, None, False, None, None, None
    for line in [*po_text.splitlines(), ""]:
        if not line.strip():
            if msgid is not None:
                key = f"{context}\x04{msgid}" if context is not None else msgid
                entries.append((key, msgstr, fuzzy, plural))
            msgid, msgstr, fuzzy, target, plural, context = None, None, False, None, None, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            context, target = _unquote(line[8:]), None
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


# Users know the governance document by its sections (4.7.3); the rule codes (R13) are the code's own.
RULE_CODE = re.compile(r"\bR\d{1,2}\b")
ROOT = LOCALE.parent.parent.parent
APPS = ["calendar_wheel", "followup", "goals", "organisation", "planning", "styrmodell"]
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


class TestNoRuleCodesForUsers:
    def test_no_swedish_text_shows_a_rule_code_or_n_equals(self):
        """Not "(R13)", "R7:" or "(N = 3)": "styrmodellen, avsnitt 4.3.3" and "minst 3 av 5 nyckeltal"."""
        entries = _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
        shown = [msgstr for msgid, msgstr, _fuzzy, _plural in entries if msgid and msgstr]
        assert [text for text in shown if RULE_CODE.search(text) or "N = " in text] == []

    def test_no_swedish_text_says_deadline(self):
        """The Swedish word is "tidsfrist"; "deadline" is English."""
        entries = _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
        shown = [msgstr for msgid, msgstr, _fuzzy, _plural in entries if msgid and msgstr]
        assert [text for text in shown if "deadline" in text.lower()] == []

    def test_no_text_marked_for_translation_in_the_code_has_a_rule_code(self):
        """Messages, validation errors, help texts and warnings; comments and docstrings may keep them."""
        found = []
        for path in sorted(
            p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts
        ):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_CALLS:
                    texts = [
                        a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                    ]
                    found += [f"{path.name}: {t}" for t in texts if RULE_CODE.search(t) or "N = " in t]
        assert found == []

    def test_no_template_shows_a_rule_code(self):
        comments = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
        templates = [*ROOT.joinpath("templates").rglob("*.html")]
        templates += [p for app in APPS for p in (ROOT / app).rglob("templates/**/*.html")]
        found = []
        for path in sorted(templates):
            text = comments.sub("", path.read_text(encoding="utf-8"))
            found += [
                f"{path.relative_to(ROOT)}: {m.group(0)}"
                for m in re.finditer(rf"{RULE_CODE.pattern}|N = ", text)
            ]
        assert found == []
