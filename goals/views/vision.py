"""The vision and its focus areas (R6): everyone reads them, planners draft and adopt them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from goals import services
from goals.forms import FocusAreaForm, VisionEditForm, VisionForm
from goals.models import Vision
from organisation.access import planner_required
from organisation.forms import DecisionInputForm
from organisation.models import Body, Role
from organisation.services import decision_record
from styrmodell.concurrency import initial_version, save_or_show
from styrmodell.htmx import form_page, htmx_redirect


@require_http_methods(["GET", "POST"])
@login_required
def vision_page(request: HttpRequest) -> HttpResponse:
    """The vision in force and earlier ones, for every role (R6); for planners the drafts and a form.

    Reading is everyone's; drafting a new vision (POST) stays the planners'.
    """
    is_planner = request.user.has_role(Role.PLANNER)
    if request.method == "POST" and not is_planner:
        raise PermissionDenied
    form = VisionForm(request.POST or None) if is_planner else None
    if request.method == "POST" and form.is_valid():
        vision = services.vision_create(text=form.cleaned_data["text"], actor=request.user)
        messages.success(request, _("The draft vision was saved."))
        return htmx_redirect(request, reverse("goals:vision_edit", args=[vision.pk]))
    visions = (
        Vision.objects.for_user(request.user)
        .select_related("decision__meeting__body")
        .prefetch_related("focus_areas")
    )
    context = {"form": form, "visions": visions.order_by("-pk"), "is_planner": is_planner}
    if not is_planner:
        return render(request, "goals/vision.html", context)
    return form_page(request, "goals/vision.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@planner_required
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft vision: its text, its focus areas, and adoption by a KF decision."""
    vision = get_object_or_404(Vision.objects.editable_by(request.user), pk=pk)
    action = request.POST.get("action")
    form = VisionEditForm(
        request.POST if action == "text" else None, instance=vision, initial=initial_version(vision)
    )
    area_form = FocusAreaForm(request.POST if action == "area" else None, prefix="area")
    decision_form = DecisionInputForm(request.POST if action == "adopt" else None, body=Body.Kind.ASSEMBLY)
    if action == "text" and form.is_valid():
        if save_or_show(
            form,
            lambda: services.vision_update(
                vision=vision,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The vision was saved."))
            return redirect("goals:vision_edit", vision.pk)
    elif action == "area" and area_form.is_valid():
        data = area_form.cleaned_data
        if save_or_show(
            area_form,
            lambda: services.focus_area_save(
                vision=vision,
                title=data["title"],
                description=data["description"],
                position=data["position"],
                actor=request.user,
            ),
        ):
            messages.success(request, _("The focus area was added."))
            return redirect("goals:vision_edit", vision.pk)
    elif action == "adopt" and decision_form.is_valid():
        data = decision_form.cleaned_data

        def adopt() -> None:
            decision = decision_record(**data, title=_("Vision"), actor=request.user)
            services.vision_adopt(vision=vision, decision=decision, actor=request.user)

        if save_or_show(decision_form, adopt):
            messages.success(request, _("The vision is adopted and in force."))
            return redirect("goals:vision")
    context = {"vision": vision, "form": form, "area_form": area_form, "decision_form": decision_form}
    return render(request, "goals/vision_edit.html", context)
