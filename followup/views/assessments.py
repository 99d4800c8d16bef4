"""(stub: filled by its own work; every view here answers 404 until then)"""

from __future__ import annotations

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def annual_goal(request, *args, **kwargs):
    raise Http404


def mandate_goal(request, *args, **kwargs):
    raise Http404


def export(request, *args, **kwargs):
    raise Http404
