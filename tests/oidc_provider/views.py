"""Test-only JSON endpoints through which the fixture arranges users and clients at run time.

No CSRF protection and no authentication: the server listens on 127.0.0.1 for one test session.
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from oauth2_provider.models import get_application_model

from .models import Profile


@csrf_exempt
@require_POST
def user_put(request: HttpRequest) -> JsonResponse:
    """Create or replace a user with a password and the claims the provider sends for it."""
    data = json.loads(request.body)
    user, _created = get_user_model().objects.update_or_create(
        username=data["username"], defaults={"email": data["email"]}
    )
    user.set_password(data["password"])
    user.save(update_fields=["password"])
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "name": data.get("name", ""),
            "email_verified": data.get("email_verified", True),
            "groups": [str(group) for group in data.get("groups", [])],
        },
    )
    return JsonResponse({"sub": str(user.pk)})


@require_GET
def session_user(request: HttpRequest) -> JsonResponse:
    """Who the browser asking is signed in as at the provider, if anyone."""
    return JsonResponse({"username": request.user.get_username() if request.user.is_authenticated else None})


@csrf_exempt
@require_POST
def client_uris_set(request: HttpRequest, client_id: str) -> JsonResponse:
    """Replace a client's registered redirect and post-logout redirect URIs."""
    data = json.loads(request.body)
    application = get_object_or_404(get_application_model(), client_id=client_id)
    application.redirect_uris = " ".join(data["redirect_uris"])
    application.post_logout_redirect_uris = " ".join(data["post_logout_redirect_uris"])
    try:
        application.clean()
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    application.save(update_fields=["redirect_uris", "post_logout_redirect_uris"])
    return JsonResponse({"client_id": client_id})
