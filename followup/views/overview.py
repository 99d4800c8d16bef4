"""(stub: filled by its own work; every view here answers 404 until then)"""

from __future__ import annotations

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def year_overview(request, *args, **kwargs):
    raise Http404


def goal_detail(request, *args, **kwargs):
    raise Http404


def unit_detail(request, *args, **kwargs):
    raise Http404


def activity_detail(request, *args, **kwargs):
    raise Http404


def export(request, *args, **kwargs):
    raise Http404
