"""Kolada's answers with hostile text and numbers: the import finishes (DONE, with the text made safe to
store, or FAILED with a Swedish reason and nothing changed), it never raises and never stores NUL or a
control character in a single-line title."""

from __future__ import annotations

import pytest

from goals.models import Indicator, KoladaImport
from tests.goals.test_kolada import IDS, META, PAGE_1, _set, recording, run_import, serve, snapshot
from tests.hostile.strategies import NUMBERS, SCRIPT

pytestmark = pytest.mark.django_db

CONTROL = ("\x00", "\x01", "\x1f", "\x7f", "\u2028")


@pytest.mark.parametrize(
    "change",
    [
        _set(META, "values", 0, "title", to=f"Titel\x00{SCRIPT}"),
        _set(META, "values", 0, "title", to="Rad ett\r\nrad två\u2028"),
        _set(META, "values", 0, "title", to="x" * 10_000),
        _set(META, "values", 0, "description", to="Beskrivning\x00"),
        _set(PAGE_1, "values", 0, "values", 0, "status", to="\x00"),
        *[_set(PAGE_1, "values", 0, "values", 0, "value", to=value) for value in NUMBERS[:8]],
        _set(PAGE_1, "values", 0, "values", 0, "value", to=1e308),
        _set(PAGE_1, "values", 0, "values", 0, "value", to=10**40),
    ],
)
def test_hostile_answers_finish_the_import(httpserver, change):
    recorded = recording()
    change(recorded)
    before = snapshot()
    run = run_import(serve(httpserver, recorded))
    assert run.state in {KoladaImport.State.DONE, KoladaImport.State.FAILED}, run.message
    if run.state == KoladaImport.State.FAILED:
        assert run.message.endswith("Inget ändrades."), run.message
        assert snapshot() == before
    for indicator in Indicator.objects.filter(kolada_id__in=IDS):
        assert not any(char in indicator.title for char in (*CONTROL, "\r", "\n")), repr(indicator.title)
        assert "\x00" not in indicator.description
