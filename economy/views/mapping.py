"""The mapping from the books to the follow-up: which accounts count as revenue, costs or financial
items (account classes), and which accounting objects are which unit or investment project. Everyone
signed in reads them; finance changes them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from economy.forms_imports import AccountClassFormSet, AccountClassTableForm, ObjectMappingForm
from economy.mapping import account_classes_set, mapping_versions, object_mapping_remove, object_mapping_save
from economy.models import AccountClass, ObjectMapping
from organisation.models import OrgUnit
from organisation.roles import is_finance
from styrmodell.concurrency import VERSION_FIELD, VersionField, latest_record, run_or_tell, save_or_show
from styrmodell.forms import add_service_error


@require_http_methods(["GET", "POST"])
@login_required
def account_classes(request: HttpRequest) -> HttpResponse:
    """The account classes as a table; finance edits, adds and removes rows in one save."""
    user = request.user
    finance = is_finance(user)
    if request.method == "POST" and not finance:
        raise PermissionDenied
    classes = list(AccountClass.objects.all())
    version = latest_record(AccountClass)
    table = formset = None
    if finance:
        initial = [{"pk": c.pk, "prefix": c.prefix, "category": c.category, "note": c.note} for c in classes]
        formset = AccountClassFormSet(request.POST or None, initial=initial, prefix="klass")
        table = AccountClassTableForm(request.POST or None, initial={VERSION_FIELD: version})
        if request.method == "POST" and all([table.is_valid(), formset.is_valid()]):
            rows = [form.cleaned_data for form in formset.forms if form.cleaned_data]
            try:
                account_classes_set(rows=rows, expected_version=table.cleaned_data[VERSION_FIELD], actor=user)
            except ValidationError as error:
                # Refused, the rows stay as typed, against the table now saved: saving again replaces it.
                table = AccountClassTableForm({VERSION_FIELD: version})
                add_service_error(table, error)
            else:
                messages.success(request, _("The account classes were saved."))
                return redirect("economy:account_classes")
    context = {
        "classes": classes,
        "formset": formset,
        "table": table,
        "history": AccountClass.history.all(),
    }
    return render(request, "economy/mapping_account_classes.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def objects(request: HttpRequest) -> HttpResponse:
    """The object mappings, and the units' own cost centres that need none; finance adds, changes and
    removes mappings (`?andra=<id>` opens one for a change)."""
    user = request.user
    finance = is_finance(user)
    if request.method == "POST" and not finance:
        raise PermissionDenied
    mappings = list(ObjectMapping.objects.select_related("unit"))
    if finance:
        versions = mapping_versions()
        for mapping in mappings:
            mapping.lock_version = versions.get(mapping.pk, 0)
    by_pk = {str(m.pk): m for m in mappings}
    editing = by_pk.get(request.POST.get("pk") if request.method == "POST" else request.GET.get("andra"))
    form = None
    url = reverse("economy:objects")
    if finance:
        if request.method == "POST" and request.POST.get("action") == "remove":

            def remove() -> None:
                version = VersionField(min_value=0).clean(request.POST.get(VERSION_FIELD))
                if editing is not None:  # otherwise it is gone already
                    object_mapping_remove(mapping_id=editing.pk, expected_version=version, actor=user)

            run_or_tell(request, remove, _("The mapping was removed."))
            return redirect(url)
        initial = {}
        if editing is not None:
            initial = {
                "dimension": editing.dimension,
                "code": editing.code,
                "unit": editing.unit_id,
                "project": editing.project,
                VERSION_FIELD: editing.lock_version,
            }
        form = ObjectMappingForm(
            request.POST or None, initial=initial, auto_id="objekt-%s", editing=editing is not None
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data

            def save() -> None:
                object_mapping_save(
                    mapping_id=editing.pk if editing else None,
                    dimension=data["dimension"],
                    code=data["code"],
                    unit=data["unit"],
                    project=data["project"],
                    expected_version=data[VERSION_FIELD],
                    actor=user,
                )

            if save_or_show(form, save):
                messages.success(request, _("The mapping was saved."))
                return redirect(url)
    context = {
        "mappings": mappings,
        "finance": finance,
        "form": form,
        "editing": editing,
        "cost_centres": OrgUnit.objects.exclude(cost_centre="").order_by("cost_centre"),
        "history": ObjectMapping.history.all(),
    }
    return render(request, "economy/mapping_objects.html", context)
