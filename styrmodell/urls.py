from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from signin import views as signin_views
from styrmodell import accounts, views


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links; the icon is the static SVG (hashed name)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("konto/logga-in/", signin_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", signin_views.logout_view, name="logout"),
    path("konto/", include("signin.urls")),
    path("konto/losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/aterstall/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("konto/aterstall/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("organisation/", include("organisation.urls")),
    path("mal/", include("goals.urls")),
    path("", include("planning.urls")),
    path("", include("budget.urls")),
    # The economy's addresses first: its /uppfoljning/<year>/avvikelser/ would otherwise be taken for a round.
    path("", include("economy.urls")),
    path("", include("followup.urls")),
    path("styrdokument/", include("documents.urls")),
    path("arshjul/", include("calendar_wheel.urls")),
    path("rapporter/", include("reports.urls")),
    # Insyn: what is adopted, for everyone without signing in, as pages and as open data.
    path("insyn/", include("insyn.urls")),
    path("api/v1/", include("insyn.api.urls")),
    path("admin/", admin.site.urls),
]
