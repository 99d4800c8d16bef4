"""The PDFs Insyn publishes: an adopted report's final PDF, and a governing document's PDF where the
register marks it public. Anything else answers 404, whatever its id."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from insyn import selectors

# A PDF answer runs no script and embeds nothing; only this site may frame it (a browser's viewer).
PDF_CSP = {"default-src": [CSP.NONE], "object-src": [CSP.SELF], "frame-ancestors": [CSP.NONE]}


def _pdf(file, filename: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@csp_override(PDF_CSP)
def document_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """A document's PDF, if it is in force and marked public."""
    document = get_object_or_404(selectors.documents(), pk=pk)
    if not selectors.public_document_file(document):
        raise Http404
    return _pdf(document.file, document.file_name or "dokument.pdf")


@require_safe
@csp_override(PDF_CSP)
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The final PDF of an adopted report."""
    version = get_object_or_404(selectors.report_pdfs(), pk=pk)
    return _pdf(version.file, version.file_name)
