"""What a signed-in user is sent is theirs alone: no shared cache may keep it, no browser store it."""

import pytest
from django.urls import reverse

from calendar_wheel.models import CalendarFeed
from tests.factories import ActivityFactory, GoverningDocumentFactory

PRIVATE = {"private", "no-store"}


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
class TestSignedIn:
    def test_pages_are_private_and_not_stored(self, client, politician):
        client.force_login(politician)
        for url in [reverse("home"), reverse("organisation:units"), reverse("planning:activities")]:
            assert directives(client.get(url)) >= PRIVATE, url

    def test_htmx_partials_are_private_and_not_stored(self, client, politician):
        ActivityFactory()
        client.force_login(politician)
        response = client.get(reverse("planning:activities"), headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert directives(response) >= PRIVATE

    def test_the_activity_export_is_private_and_not_stored(self, client, politician):
        ActivityFactory()
        client.force_login(politician)
        response = client.get(reverse("planning:activity_export"))
        assert response.status_code == 200
        assert "spreadsheetml" in response["Content-Type"]
        assert directives(response) >= PRIVATE

    def test_a_document_download_is_private_and_not_stored(self, client, politician):
        document = GoverningDocumentFactory()
        client.force_login(politician)
        response = client.get(document.get_file_url())
        assert response.status_code == 200
        assert directives(response) >= PRIVATE

    def test_refusals_are_private_too(self, client, politician):
        client.force_login(politician)
        response = client.get(reverse("calendar_wheel:event_add"))
        assert response.status_code == 403
        assert directives(response) >= PRIVATE

    def test_a_views_own_cache_control_is_kept(self, client, politician):
        client.force_login(politician)
        # The health check says no-cache itself (never_cache), for load balancers.
        assert "no-cache" in directives(client.get(reverse("healthz")))


@pytest.mark.django_db
class TestCalendarFeed:
    def test_the_feed_served_by_token_is_private(self, client, politician):
        client.force_login(politician)
        client.post(reverse("calendar_wheel:feed_settings"), {"create": "1"})
        token = CalendarFeed.objects.get(user=politician).token
        client.logout()
        response = client.get(reverse("calendar_wheel:feed", args=[token]))
        assert response.status_code == 200
        # Private: no shared cache keeps it. The feed view sets its own header (a calendar app may keep
        # it for fifteen minutes), and a view's own Cache-Control is kept.
        assert "private" in directives(response)
        assert "public" not in directives(response)


@pytest.mark.django_db
class TestPublic:
    def test_public_pages_are_left_alone(self, client):
        assert "Cache-Control" not in client.get(reverse("accessibility"))
