"""A signed-in user who holds no role reads nothing but the start page, which tells them whom to ask.

The rule lives once (styrmodell.middleware.RoleRequiredMiddleware), so the sweep below walks every
URL pattern the project has: a page added tomorrow is covered without anyone remembering to.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from calendar_wheel.models import CalendarFeed
from insyn.public import NAMESPACES as PUBLIC_NAMESPACES
from organisation.models import Meeting
from styrmodell.middleware import NO_ROLE_ALLOWED
from tests.factories import (
    ActivityFactory,
    AnnualGoalFactory,
    BodyFactory,
    ControlFactory,
    GoverningDocumentFactory,
    IndicatorFactory,
    MandateGoalFactory,
    OrgUnitFactory,
    UserFactory,
    WheelEventFactory,
    adopted_budget,
)

NO_ROLE_MESSAGE = "Ditt konto har ingen roll ännu"

# A value for every URL keyword the project uses. The middleware answers before any view looks the
# object up, so the values need not exist; the pages below with real objects show they are real pages.
SAMPLE_KWARGS = {
    "pk": 1,
    "unit": 1,
    "year": 2026,
    "round": "tertial",
    "election_year": 2022,
    "number": 1,
    "section": "ramar",
    "slug": "rapporter",
    "kind": "kf",
    "token": "okand-token",
    "uidb64": "MQ",
    "object_id": "1",
    "content_type_id": "1",
    "app_label": "organisation",
    "id": "1",
    "url": "okand/",
}


def _named_patterns(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def every_url() -> dict[str, str]:
    """Every named URL pattern, reversed with sample values: {view name: path}."""
    urls = {}
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        regex = pattern.pattern.regex
        kwargs = {key: SAMPLE_KWARGS[key] for key in regex.groupindex}
        args = ["1"] * (regex.groups - len(regex.groupindex))
        urls[name] = reverse(name, args=args) if args else reverse(name, kwargs=kwargs)
    return urls


@pytest.fixture
def roleless(db):
    return UserFactory(username="utan-roll", first_name="Rolf")


@pytest.mark.django_db
class TestUserWithoutRole:
    def test_every_url_but_the_allowed_ones_is_refused(self, client, roleless):
        urls = every_url()
        assert len(urls) > 100  # the app's pages and the admin's
        client.force_login(roleless)
        # Insyn's pages and the open data API are everyone's, signed in or not (tests/insyn).
        public = {name for name in urls if name.split(":")[0] in PUBLIC_NAMESPACES}
        assert public, "Insyn's pages are among the URLs"
        refused = {name for name in urls if name not in NO_ROLE_ALLOWED | public}
        for name in sorted(refused):
            response = client.get(urls[name])
            assert response.status_code == 403, (name, urls[name], response.status_code)
            assert NO_ROLE_MESSAGE in response.content.decode(), name

    def test_real_pages_exports_and_downloads_are_refused(self, client, roleless, planner):
        activity = ActivityFactory()
        document = GoverningDocumentFactory()
        version = adopted_budget(2026)
        control = ControlFactory()
        unit, body = OrgUnitFactory(), BodyFactory()
        # A planner reads drafts too, so every page below has something to show.
        client.force_login(planner)
        client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        token = CalendarFeed.objects.get(user=planner).token
        pages = [
            reverse("organisation:units"),
            unit.get_absolute_url(),
            body.get_absolute_url(),
            reverse("organisation:meetings"),
            reverse("organisation:decisions"),
            reverse("goals:index"),
            reverse("goals:year", args=[2026]),
            MandateGoalFactory().get_absolute_url(),
            AnnualGoalFactory().get_absolute_url(),
            IndicatorFactory().get_absolute_url(),
            reverse("planning:plan_index"),
            reverse("planning:plan", args=[activity.plan.year]),
            reverse("planning:activities"),
            reverse("planning:activity_export"),
            activity.get_absolute_url(),
            reverse("budget:index"),
            reverse("budget:detail", args=[2026]),
            reverse("budget:version", args=[2026, version.number]),
            reverse("followup:plan", args=[control.plan.year]),
            reverse("followup:control", args=[control.pk]),
            reverse("documents:list"),
            document.get_absolute_url(),
            document.get_file_url(),
            reverse("calendar_wheel:wheel_index"),
            reverse("calendar_wheel:wheel", args=[2026]),
            reverse("calendar_wheel:events"),
            reverse("calendar_wheel:feed_settings"),
            "/rapporter/",
        ]
        # A role holder reads every one of them: they are real pages, not 404s.
        for url in pages:
            assert client.get(url, follow=True).status_code == 200, url
        client.force_login(roleless)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 403, url
            assert response.get("Content-Disposition") is None, url
        # The token feed needs no session; with a role-less session it is still refused.
        assert client.get(reverse("calendar_wheel:feed", args=[token])).status_code == 403

    def test_writes_are_refused_too(self, client, roleless):
        body = BodyFactory()
        WheelEventFactory()
        client.force_login(roleless)
        response = client.post(reverse("organisation:meetings"), {"body": body.pk, "date": "2027-03-01"})
        assert response.status_code == 403
        assert not Meeting.objects.exists()

    def test_start_page_says_to_ask_an_administrator_and_shows_nothing_else(self, client, roleless):
        client.force_login(roleless)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Välkommen, Rolf" in html
        assert NO_ROLE_MESSAGE in html
        assert "systemadministratör" in html
        assert reverse("calendar_wheel:feed_settings") not in html
        assert "Sammanträden de närmaste" not in html

    def test_the_menu_is_not_shown_without_a_role(self, client, roleless, politician):
        client.force_login(roleless)
        assert 'class="main-nav"' not in client.get(reverse("home")).content.decode()
        client.force_login(politician)
        assert 'class="main-nav"' in client.get(reverse("home")).content.decode()

    def test_the_calendar_feed_of_a_user_who_lost_their_role_is_not_found(self, client, planner):
        client.force_login(planner)
        client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        client.logout()
        feed = reverse("calendar_wheel:feed", args=[CalendarFeed.objects.get(user=planner).token])
        assert client.get(feed).status_code == 200
        planner.groups.clear()
        assert client.get(feed).status_code == 404

    @pytest.mark.parametrize(
        "name",
        [
            "home",
            "accessibility",
            "healthz",
            "password_change",
            "password_change_done",
            "password_reset_done",
        ],
    )
    def test_account_and_public_pages_stay_open(self, client, roleless, name):
        client.force_login(roleless)
        assert client.get(reverse(name)).status_code == 200

    def test_can_sign_out(self, client, roleless):
        client.force_login(roleless)
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_a_superuser_without_a_role_is_not_refused(self, client):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert client.get(reverse("organisation:units")).status_code == 200

    def test_a_role_holder_is_not_refused(self, client, administrator):
        client.force_login(administrator)
        assert client.get(reverse("planning:activities")).status_code == 200

    def test_anonymous_users_are_still_sent_to_sign_in(self, client):
        response = client.get(reverse("planning:activities"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_allow_list_names_real_urls():
    names = set(every_url())
    assert names >= NO_ROLE_ALLOWED
    assert not {name for name in NO_ROLE_ALLOWED if name.startswith("admin:")}
