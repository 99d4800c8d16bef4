"""The open data API (read-only)."""

from django.http import HttpRequest, JsonResponse


def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse({})
