"""Insyn's public pages: what is adopted, for everyone, without signing in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "insyn/start.html", {})
