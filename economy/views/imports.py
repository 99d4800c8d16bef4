"""Stub: being built."""

from django.http import Http404


def upload(request, *args, **kwargs):
    raise Http404


def preview(request, *args, **kwargs):
    raise Http404


def template(request, *args, **kwargs):
    raise Http404
