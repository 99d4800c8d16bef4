"""Stub: being built."""

from django.http import Http404


def account_classes(request, *args, **kwargs):
    raise Http404


def objects(request, *args, **kwargs):
    raise Http404
