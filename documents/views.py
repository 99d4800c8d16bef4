"""Pages of the register of governing documents (/styrdokument/) and the access-checked PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from documents import services
from documents.forms import STATUS_ALL, DocumentFilterForm, DocumentForm
from documents.models import REVISION_WARNING_DAYS, GoverningDocument
from organisation.access import role_required
from organisation.models import Role
from reports.models import BuildStatus, ReportVersion
from styrmodell.concurrency import save_or_show
from styrmodell.db import SwedishCollate
from styrmodell.files import PDF_CSP, pdf_response
from styrmodell.htmx import form_page, htmx_redirect

PAGE_SIZE = 25


def _readable(request: HttpRequest):
    return GoverningDocument.objects.for_user(request.user)


@require_GET
@login_required
@role_required(*Role.values)
def document_list(request: HttpRequest) -> HttpResponse:
    """The register: filters, search, pages; in force by default, and the documents due for revision."""
    readable = _readable(request)
    today = timezone.localdate()
    filters = DocumentFilterForm(request.GET or None)
    documents = readable.select_related("kind", "adopting_body", "responsible_unit")
    status = GoverningDocument.Status.IN_FORCE
    due_only = False
    if filters.is_valid():
        data = filters.cleaned_data
        status = data["status"] or status
        due_only = data["revidering"]
        documents = documents.search(data["q"] or "")
        for key, field in (("slag", "kind"), ("organ", "adopting_body"), ("enhet", "responsible_unit")):
            if data[key] is not None:
                documents = documents.filter(**{field: data[key]})
    if due_only:
        documents = documents.due_for_revision(today).order_by("next_revision", SwedishCollate("title"), "pk")
    else:
        if status != STATUS_ALL:
            documents = documents.filter(status=status)
        documents = documents.order_by(SwedishCollate("title"), "pk")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("sida"))
    for document in page:
        document.revision = document.revision_state(today)
    context = {
        "page": page,
        "filters": filters,
        "due_only": due_only,
        "due_count": readable.due_for_revision(today).count(),
        "warning_days": REVISION_WARNING_DAYS,
        "may_edit": request.user.has_role(Role.PLANNER),
        "today": today,
    }
    template = "documents/list.html" + ("#results" if request.htmx else "")
    return render(request, template, context)


@require_GET
@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One document: its entry, the PDF or the page it records, and its history."""
    document = get_object_or_404(
        _readable(request).select_related(
            "kind", "adopting_body", "responsible_unit", "decision__meeting__body", "replaced_by"
        ),
        pk=pk,
    )
    context = {
        "document": document,
        "revision": document.revision_state(timezone.localdate()),
        "replaces": list(document.replaces.order_by(SwedishCollate("title"))),
        "may_edit": request.user.has_role(Role.PLANNER),
        "history": document.history.all(),
        # An adopted plan's or budget's final PDF (reports app): the latest version marked final.
        "final_report": (
            ReportVersion.objects.filter(
                register_key=document.source_key, final=True, status=BuildStatus.DONE
            )
            .order_by("-finalised_at", "-pk")
            .first()
            if document.source_key
            else None
        ),
    }
    return render(request, "documents/detail.html", context)


def _saved(request: HttpRequest, document: GoverningDocument) -> HttpResponse:
    return htmx_redirect(request, document.get_absolute_url())


def _form_response(request: HttpRequest, context: dict) -> HttpResponse:
    return form_page(request, "documents/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.PLANNER)
def document_create(request: HttpRequest) -> HttpResponse:
    """Register a governing document with its PDF (planners)."""
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("pdf", "version")}
        try:
            document = services.document_register(data=data, pdf=form.cleaned_data["pdf"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document %(title)s was registered.") % {"title": document.title})
            return _saved(request, document)
    return _form_response(request, {"form": form, "document": None})


@require_http_methods(["GET", "POST"])
@login_required
@role_required(Role.PLANNER)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a document's entry or replace its PDF, without overwriting somebody else's change."""
    document = get_object_or_404(GoverningDocument.objects.editable_by(request.user), pk=pk)
    if document.source_key:
        # Adopted plans and budgets keep their entries up to date themselves.
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("pdf", "version")}
        pdf = form.cleaned_data["pdf"]
        saved = []

        def update() -> None:
            saved.append(
                services.document_update(
                    document_id=document.pk,
                    expected_version=form.cleaned_data["version"],
                    data=data,
                    pdf=pdf,
                    actor=request.user,
                )
            )

        if save_or_show(form, update):
            messages.success(request, _("The document %(title)s was saved.") % {"title": saved[0].title})
            return _saved(request, saved[0])
        if pdf is not None and getattr(form, "edit_conflict", None):
            form.add_error("pdf", _("Choose the PDF again: a browser cannot keep a file in the form."))
        document.refresh_from_db()
    return _form_response(request, {"form": form, "document": document})


@require_GET
@login_required
@cache_control(private=True, no_store=True)
@csp_override(PDF_CSP)
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's PDF, to users who may read the document; the only way to the file."""
    document = get_object_or_404(_readable(request).exclude(file=""), pk=pk)
    return pdf_response(document.file, document.file_name or "dokument.pdf", as_attachment=False)
