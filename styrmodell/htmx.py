"""Responses for pages whose forms htmx may submit: the same view answers both (docs/conventions.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect


def form_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render a form page; htmx gets only the form partial (status 200 so htmx swaps it)."""
    return render(request, template + ("#form" if request.htmx else ""), context)


def htmx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """Go to `url` after a save: htmx follows it as a whole page, a plain form by a redirect."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
