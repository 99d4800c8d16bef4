"""Who gets a governing document's PDF: only signed-in users who may read the document, only through
the access-checked view. Anonymous and unauthorised users get no file, whatever URL they try."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from documents.models import GoverningDocument
from documents.storage import private_storage
from tests.factories import GoverningDocumentFactory, minimal_pdf


@pytest.fixture
def document(db):
    return GoverningDocumentFactory(title="Finanspolicy", file_name="Finanspolicy för Ånge kommun.pdf")


def guessed_urls(document: GoverningDocument) -> list[str]:
    """Everywhere a file might be found if it were served the usual way."""
    name = document.file.name
    media_url = settings.MEDIA_URL or "/"
    return [
        f"/media/{name}",
        f"/{name}",
        f"{media_url.rstrip('/')}/{name}",
        f"/private_media/{name}",
        f"/static/{name}",
        f"/styrdokument/{name}",
        f"/media/{document.file_name}",
    ]


def body_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def gets_no_file(response) -> bool:
    return response.status_code in (302, 403, 404) and b"%PDF" not in body_bytes(response)


@pytest.mark.django_db
class TestDocumentFile:
    def test_a_reader_gets_the_pdf_inline(self, client, politician, document):
        client.force_login(politician)
        response = client.get(document.get_file_url())
        assert response.status_code == 200
        assert body_bytes(response) == minimal_pdf()
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("inline;")
        assert "filename*=utf-8''Finanspolicy%20f%C3%B6r%20%C3%85nge%20kommun.pdf" in disposition
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

    @pytest.mark.parametrize("role", ["politician", "administrator", "planner", "finance", "sysadmin"])
    def test_every_role_reads_documents_in_force_and_those_no_longer_in_force(self, client, request, role):
        client.force_login(request.getfixturevalue(role))
        for status in GoverningDocument.Status.values:
            document = GoverningDocumentFactory(status=status)
            assert client.get(document.get_file_url()).status_code == 200
            assert client.get(document.get_absolute_url()).status_code == 200

    def test_anonymous_users_get_no_file_whatever_url_they_try(self, client, document):
        response = client.get(document.get_file_url())
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
        for url in [*guessed_urls(document), reverse("documents:file", args=[document.pk + 1])]:
            assert gets_no_file(client.get(url)), url

    def test_a_user_without_a_role_gets_no_file_whatever_url_they_try(self, client, roleless, document):
        client.force_login(roleless)
        assert client.get(document.get_file_url()).status_code == 403
        assert client.get(document.get_absolute_url()).status_code == 403
        assert client.get(reverse("documents:list")).status_code == 403
        for url in guessed_urls(document):
            assert gets_no_file(client.get(url)), url

    def test_an_inactive_user_gets_no_file(self, client, politician, document):
        client.force_login(politician)
        politician.is_active = False
        politician.save()
        assert gets_no_file(client.get(document.get_file_url()))

    def test_readers_find_no_file_at_guessed_urls_either(self, client, politician, document):
        """The file exists only behind the view: the usual media URLs do not serve it to anybody."""
        client.force_login(politician)
        for url in guessed_urls(document):
            assert gets_no_file(client.get(url)), url

    def test_other_ids_give_404(self, client, politician, document):
        client.force_login(politician)
        for pk in (document.pk + 1, 999999):
            assert client.get(reverse("documents:file", args=[pk])).status_code == 404
            assert client.get(reverse("documents:detail", args=[pk])).status_code == 404

    def test_an_entry_without_a_pdf_has_no_file(self, client, politician, document):
        GoverningDocument.objects.filter(pk=document.pk).update(file="", source_key="planning.budget:1")
        client.force_login(politician)
        assert client.get(document.get_file_url()).status_code == 404

    def test_a_missing_file_is_404_not_500(self, client, politician, document):
        private_storage().delete(document.file.name)
        client.force_login(politician)
        assert client.get(document.get_file_url()).status_code == 404

    def test_the_storage_has_no_public_url(self, document):
        with pytest.raises(ValueError, match="no URL"):
            document.file.url  # noqa: B018 - the property access is the test

    def test_the_detail_page_links_only_to_the_checked_view(self, client, politician, document):
        client.force_login(politician)
        html = client.get(document.get_absolute_url()).content.decode()
        assert f'href="{document.get_file_url()}"' in html
        assert document.file.name not in html
