"""The PDFs Insyn publishes: an adopted report's final PDF, and a governing document's PDF where the
register marks it public. Anything else answers 404, whatever its id."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from insyn import selectors
from styrmodell.files import PDF_CSP, pdf_response


@require_safe
@csp_override(PDF_CSP)
def document_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """A document's PDF, if it is in force and marked public."""
    document = get_object_or_404(selectors.documents(), pk=pk)
    if not selectors.public_document_file(document):
        raise Http404
    return pdf_response(document.file, document.file_name or "dokument.pdf", as_attachment=True)


@require_safe
@csp_override(PDF_CSP)
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The final PDF of an adopted report."""
    version = get_object_or_404(selectors.report_pdfs(), pk=pk)
    return pdf_response(version.file, version.file_name, as_attachment=True)
