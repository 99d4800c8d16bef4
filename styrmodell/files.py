"""A stored PDF as the answer to a request: the one way the app's PDFs leave its storage."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.csp import CSP

# A PDF answer runs no script and embeds nothing; only this site may frame it (a browser's viewer).
PDF_CSP = {"default-src": [CSP.NONE], "object-src": [CSP.SELF], "frame-ancestors": [CSP.NONE]}


def pdf_response(file: FieldFile, filename: str, *, as_attachment: bool) -> FileResponse:
    """The file streamed as application/pdf; 404 when the storage no longer has it."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
