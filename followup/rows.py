"""The inline row editor of a round's tables (the activity reports, the economy's forecasts, the
investments): htmx swaps a table's row for its form and back; without JavaScript the form is a page of
its own and a save goes back to the table. The views check who may edit the row and name what differs
(the form, the save, the row's rendering, the addresses); the flow is written here once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from followup.rounds import InputState, why_no_input
from styrmodell.concurrency import save_or_show


def row_editor(
    request: HttpRequest,
    *,
    state: InputState,
    row: Callable[..., HttpResponse],
    saved_row: Callable[..., HttpResponse],
    form_class: type[forms.Form],
    initial: Callable[[], dict[str, Any]],
    auto_id: str,
    save: Callable[[dict[str, Any]], object],
    saved_message: str,
    back: str,
    row_id: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    refused_url: str | None = None,
    keep: dict[str, str] | None = None,
) -> HttpResponse:
    """One row of a round's table to edit.

    - `row(**extra)` renders the table's row as it is (htmx's cancel, `?visa=rad`, and a refusal,
      with `refusal=`); `saved_row(saved=True, oob=True)` renders it after a save, read again.
    - A GET while the round takes no input is refused: htmx gets the row with the reason, a page
      goes back to `refused_url` (the table, `back`, unless given) with the reason as a message.
    - A valid POST is saved through `save(cleaned_data)`, refused in the form over another's save
      (`save_or_show`); saved, htmx gets the row (out of band), a page goes back to the row in the
      table (`back#row_id`) with `saved_message`.
    - Otherwise the form: `template` as a page of its own, or its `#form-row` partial for htmx,
      with `context()`, the form, `back`, `row_id` and `keep`: the table's query (e.g. its filter)
      that the form carries over, by name, its empty values left out.
    """
    if request.method == "GET" and request.htmx and request.GET.get("visa") == "rad":
        return row()
    if not state.takes_input and request.method == "GET":
        if request.htmx:
            return row(refusal=why_no_input(state))
        messages.error(request, why_no_input(state))
        return redirect(refused_url or back)
    if request.method == "POST":
        form = form_class(request.POST, auto_id=auto_id)
        if form.is_valid() and save_or_show(form, lambda: save(form.cleaned_data)):
            if request.htmx:
                return saved_row(saved=True, oob=True)
            messages.success(request, saved_message)
            return redirect(f"{back}#{row_id}")
    else:
        form = form_class(initial=initial(), auto_id=auto_id)
    kept = {name: value for name, value in (keep or {}).items() if value}
    shown = context() | {"form": form, "back": back, "row_id": row_id, "keep": kept}
    response = render(request, template + ("#form-row" if request.htmx else ""), shown)
    patch_vary_headers(response, ["HX-Request"])
    return response
