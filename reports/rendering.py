"""A `Document` to a tagged, accessible PDF (PDF/UA-1, language sv) with WeasyPrint.

The chapters are Django templates (`reports/pdf/...`) inside one frame (`reports/pdf/document.html`):
cover, table of contents with page numbers, running headers and "Sida X av Y" footers come from the
print stylesheet (`reports/pdf/print.css`). The fonts are the system's Liberation fonts (the package
fonts-liberation2, named in the README), set in the stylesheet so that no glyph falls back.

`render` reports how long our part took (the data and the templates) and WeasyPrint's (layout and
writing), for `bench/reports.py`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reports.kinds import Document

PDF_VARIANT = "pdf/ua-1"
STYLESHEET = Path(__file__).parent / "templates" / "reports" / "pdf" / "print.css"
# The font family every glyph is set in; `tests/reports` checks the PDF embeds nothing else.
FONT_FAMILY = "Liberation Sans"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    template_seconds: float
    layout_seconds: float
    write_seconds: float


def frame_context(document: Document, *, version_number: int | None) -> dict:
    """What the frame around the chapters reads: the municipality, the cover's data, the chapters."""
    from organisation.models import OrgUnit

    municipality = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.MUNICIPALITY, parent=None)
        .values_list("name", flat=True)
        .first()
        or ""
    )
    arms = settings.MUNICIPALITY_COAT_OF_ARMS
    return {
        **document.context,
        "document": document,
        "municipality_name": municipality,
        "coat_of_arms": Path(arms).resolve().as_uri() if arms else "",
        "version_number": version_number,
        "printed_at": timezone.localtime(),
    }


def html_of(document: Document, *, version_number: int | None = None) -> str:
    """The document as the HTML WeasyPrint lays out (in Swedish, whoever asked)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "reports/pdf/document.html", frame_context(document, version_number=version_number)
        )


def render(document: Document, *, version_number: int | None = None) -> Rendered:
    """Lay the document out and write it as PDF/UA-1."""
    # WeasyPrint logs each step at INFO from its import on; a worker's log should stay readable.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import CSS, HTML  # slow to import: only the worker and the command need it

    started = time.perf_counter()
    html = html_of(document, version_number=version_number)
    templated = time.perf_counter()
    laid_out = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant=PDF_VARIANT
    )
    rendered = time.perf_counter()
    pdf = laid_out.write_pdf(pdf_variant=PDF_VARIANT)
    written = time.perf_counter()
    return Rendered(
        pdf=pdf,
        pages=len(laid_out.pages),
        template_seconds=templated - started,
        layout_seconds=rendered - templated,
        write_seconds=written - rendered,
    )
