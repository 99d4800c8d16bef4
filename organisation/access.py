"""Role checks for views; what a user may see or change is decided by the querysets' for_user()."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from organisation.roles import Role


def role_required(*roles: str) -> Callable:
    """Refuse (403) unless the signed-in user holds one of the roles. Use after @login_required."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


planner_required = role_required(Role.PLANNER)
