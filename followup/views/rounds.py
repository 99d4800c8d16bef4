"""(stub: filled by its own work; every view here answers 404 until then)"""

from __future__ import annotations

from django.http import Http404


def round_detail(request, *args, **kwargs):
    raise Http404


def round_reopen(request, *args, **kwargs):
    raise Http404


def round_close(request, *args, **kwargs):
    raise Http404


def round_remind(request, *args, **kwargs):
    raise Http404


def round_propose(request, *args, **kwargs):
    raise Http404


def round_decide(request, *args, **kwargs):
    raise Http404


def progress_export(request, *args, **kwargs):
    raise Http404
