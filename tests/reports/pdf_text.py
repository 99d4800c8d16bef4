"""Reading a built report back: its pages' text, its catalog and its fonts (pypdf), and figures from a
web page's HTML, for the tests of the report kinds; and the demo they are built from."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.test import override_settings
from pypdf import PdfReader

SPACES = re.compile(r"[\u00a0\u202f\u2009]")


def normalised(text: str) -> str:
    """No-break and thin spaces as plain spaces, so that "306 000,0" reads the same on page and PDF."""
    return SPACES.sub(" ", text)


def pages_text(pdf: bytes) -> list[str]:
    return [normalised(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def chapter_pages(pages: list[str], titles: list[str]) -> list[int]:
    """The page each chapter starts on: the first page after the contents with a line that is its title
    (a chapter starts a page with its heading, or a short one follows the chapter before on its page);
    -1 for a title no page has."""
    found = []
    for title in titles:
        lines = [(i, text.strip().splitlines()) for i, text in enumerate(pages) if i >= 2]
        starts = [i for i, page in lines if page[0] == title] or [i for i, page in lines if title in page]
        found.append(starts[0] if starts else -1)
    return found


def tagging(pdf: bytes) -> dict:
    """What PDF/UA asks of the catalog: the language, the marked flag, the structure tree, the title."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    return {
        "lang": str(root.get("/Lang")),
        "marked": bool(root.get("/MarkInfo", {}).get("/Marked")),
        "structure": "/StructTreeRoot" in root,
        "title": reader.metadata.title,
    }


def embedded_fonts(pdf: bytes) -> set[str]:
    """The BaseFont names of every font the pages use (the subset prefix "ABCDEF+" left on)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            names.add(str(font.get("/BaseFont")))
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object().get("/BaseFont")))
    return names


def section_html(html: str, section_id: str) -> str:
    """The HTML of a page's `<section aria-labelledby="…">` up to its end."""
    start = html.index(f'<section aria-labelledby="{section_id}"')
    return html[start : html.index("</section>", start)]


def amounts(html: str) -> list[str]:
    """The amounts in tkr the HTML shows in its number cells, without the unit: ["306 000,0", ...]."""
    cells = re.findall(r'<td class="num">([^<]*?)\s*tkr\s*</td>', normalised(html))
    return [cell.strip() for cell in cells if cell.strip() not in ("", "–")]


@contextmanager
def seeded_demo(django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo seeded for a module's fixture and emptied after it: the module is transactional, so it
    runs with the tests that empty the database anyway (as tests/economy/test_demo.py does)."""
    private = tmp_path_factory.mktemp("private")
    with override_settings(PRIVATE_MEDIA_ROOT=private), django_db_blocker.unblock():
        try:
            call_command("seed_demo", "--quiet-logins")
            yield
        finally:
            call_command("flush", "--no-input", verbosity=0)
