"""Insyn's common ground, whatever the page: the switch, the generation, conditional GET and CORS."""

import pytest
from django.urls import reverse
from django.utils.http import http_date

from insyn import public
from tests.factories import BodyFactory, UserFactory

PAGE = "insyn:start"
API = "api:root"


@pytest.mark.django_db
class TestSwitch:
    def test_on_by_default_for_anyone(self, client):
        assert client.get(reverse(PAGE)).status_code == 200
        assert client.get(reverse(API)).status_code == 200

    def test_off_answers_404_everywhere_under_insyn_and_api(self, client, settings):
        settings.PUBLIC_SITE_ENABLED = False
        assert client.get(reverse(PAGE)).status_code == 404
        assert client.get(reverse(API)).status_code == 404

    def test_off_answers_404_even_to_a_conditional_request(self, client, settings):
        etag = client.get(reverse(API))["ETag"]
        settings.PUBLIC_SITE_ENABLED = False
        assert client.get(reverse(API), headers={"If-None-Match": etag}).status_code == 404

    def test_a_signed_in_user_without_a_role_reads_the_public_side(self, client):
        client.force_login(UserFactory(username="utan-roll"))
        assert client.get(reverse(PAGE)).status_code == 200


@pytest.mark.django_db
class TestGeneration:
    def test_a_committed_change_stamps_a_later_generation(self, django_capture_on_commit_callbacks):
        before = public.generation()
        with django_capture_on_commit_callbacks(execute=True):
            BodyFactory()
        assert public.generation() >= before + 1

    def test_an_uncommitted_change_stamps_nothing(self, django_capture_on_commit_callbacks):
        before = public.generation()
        with django_capture_on_commit_callbacks(execute=False):
            BodyFactory()
        assert public.generation() == before

    def test_a_lost_generation_counts_as_a_change_now(self):
        public.cache.delete(public.GENERATION_KEY)
        assert public.generation() > 0
        assert public.cache.get(public.GENERATION_KEY) == public.generation()


@pytest.mark.django_db
class TestConditionalGet:
    def test_answers_carry_etag_and_last_modified_of_the_generation(self, client):
        response = client.get(reverse(API))
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"] == http_date(public.generation())
        assert "public" in response["Cache-Control"]

    def test_the_same_etag_is_answered_304_without_a_body(self, client):
        etag = client.get(reverse(API))["ETag"]
        response = client.get(reverse(API), headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag

    def test_a_new_generation_answers_in_full_again(self, client, django_capture_on_commit_callbacks):
        etag = client.get(reverse(API))["ETag"]
        with django_capture_on_commit_callbacks(execute=True):
            BodyFactory()
        response = client.get(reverse(API), headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag

    def test_the_etag_differs_by_query_and_by_what_is_accepted(self, client):
        plain = client.get(reverse(API))["ETag"]
        assert client.get(reverse(API) + "?year=2026")["ETag"] != plain
        assert client.get(reverse(API), headers={"Accept": "text/csv"})["ETag"] != plain

    def test_if_modified_since_the_generation_is_304(self, client):
        since = client.get(reverse(PAGE))["Last-Modified"]
        assert client.get(reverse(PAGE), headers={"If-Modified-Since": since}).status_code == 304

    def test_if_modified_since_before_the_generation_is_answered_in_full(self, client):
        earlier = http_date(public.generation() - 60)
        assert client.get(reverse(PAGE), headers={"If-Modified-Since": earlier}).status_code == 200


@pytest.mark.django_db
class TestCors:
    def test_the_api_may_be_read_from_any_website(self, client):
        response = client.get(reverse(API), headers={"Origin": "https://example.org"})
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_a_preflight_is_answered(self, client):
        response = client.options(
            reverse(API),
            headers={"Origin": "https://example.org", "Access-Control-Request-Headers": "if-none-match"},
        )
        assert response.status_code == 200
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]

    def test_the_pages_are_not_cors_resources(self, client):
        assert not client.get(reverse(PAGE)).has_header("Access-Control-Allow-Origin")

    def test_nothing_outside_the_public_side_gets_cors_or_an_etag_of_its_own(self, client):
        response = client.get(reverse("login"))
        assert not response.has_header("Access-Control-Allow-Origin")
        assert not response.has_header("Last-Modified")
