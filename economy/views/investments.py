"""Stub: being built."""

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def row(request, *args, **kwargs):
    raise Http404


def export(request, *args, **kwargs):
    raise Http404
