from django.contrib.auth.views import LoginView
from django.urls import include, path

from . import views

urlpatterns = [
    # The issuer is http://127.0.0.1:<port>/o and discovery is <issuer>/.well-known/openid-configuration.
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("test/users/", views.user_put),
    path("test/session/", views.session_user),
    path("test/clients/<str:client_id>/uris/", views.client_uris_set),
]
