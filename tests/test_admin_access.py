"""The admin is the system administrator's: planners and the other roles work in the app.

The role decides, not the is_staff flag: databases seeded before this rule have staff planners, and
they must not reach the admin either.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext

from organisation.demo import DEMO_USERS
from organisation.models import Role
from tests.factories import UserFactory


def admin_urls() -> list[str]:
    """The admin's index, app pages, and every registered model's changelist and add page."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        urls.append(reverse("admin:app_list", kwargs={"app_label": opts.app_label}))
    return sorted(set(urls))


def shows_admin_content(response) -> bool:
    return response.status_code == 200 and 'id="site-name"' in response.content.decode()


@pytest.mark.django_db
class TestAdminAccess:
    @pytest.mark.parametrize("role", [Role.POLITICIAN, Role.ADMINISTRATOR, Role.PLANNER, Role.FINANCE])
    def test_other_roles_get_no_admin_page_even_as_staff(self, client, role):
        # is_staff=True as an existing database has it for the demo planner.
        client.force_login(UserFactory(role=role, is_staff=True))
        urls = admin_urls()
        assert len(urls) >= 20
        for url in urls:
            response = client.get(url, follow=True)
            assert not shows_admin_content(response), url
            assert response.status_code == 403, url

    def test_planner_cannot_add_a_meeting_through_the_admin(self, client, planner):
        planner.is_staff = True
        planner.save()
        client.force_login(planner)
        response = client.post(reverse("admin:organisation_meeting_add"), {"date": "2027-03-01"})
        assert response.status_code == 302
        assert reverse("admin:login") in response.url

    def test_sysadmin_keeps_the_admin_without_the_staff_flag(self, client):
        sysadmin = UserFactory(role=Role.SYSADMIN, is_staff=False)
        client.force_login(sysadmin)
        assert shows_admin_content(client.get(reverse("admin:index")))
        reached = 0
        for model in admin.site._registry:
            opts = model._meta
            if sysadmin.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                assert shows_admin_content(client.get(changelist)), changelist
                reached += 1
            if sysadmin.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
                add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
                assert shows_admin_content(client.get(add)), add
        assert reached >= 8

    def test_superuser_reaches_every_admin_page(self, client):
        client.force_login(UserFactory(is_superuser=True))
        for url in admin_urls():
            response = client.get(url)
            # Axes' access logs and failures are written by axes alone: no add page.
            assert shows_admin_content(response) or (response.status_code == 403 and "/add/" in url), url

    def test_anonymous_visitors_are_sent_to_the_one_sign_in_page(self, client):
        response = client.get(reverse("admin:index"), follow=True)
        assert response.resolver_match.url_name == "login"
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
        assert "next=/admin/" in response.redirect_chain[-1][0]

    def test_inactive_sysadmin_is_refused(self, client):
        sysadmin = UserFactory(role=Role.SYSADMIN)
        client.force_login(sysadmin)
        sysadmin.is_active = False
        sysadmin.save()
        assert not shows_admin_content(client.get(reverse("admin:index"), follow=True))


def test_demo_gives_the_staff_flag_to_the_system_administrator_only():
    assert {user.username for user in DEMO_USERS if user.staff} == {"admin"}


@pytest.mark.django_db
def test_the_admin_is_branded_as_styrmodell_not_django(client):
    client.force_login(UserFactory(role=Role.SYSADMIN))
    page = client.get(reverse("admin:index")).content.decode()
    brand = gettext("Styrmodell – administration")
    assert re.search(rf'<div id="site-name"><a href="[^"]*">{re.escape(brand)}</a>', page)
    assert re.search(rf"<title>[^<]*\| {re.escape(brand)}</title>", page)
    assert f"<h1>{gettext('Organisation, users and reference data')}</h1>" in page
    assert "Django" not in page.split("<body", 1)[1].split('id="content"', 1)[0]  # header and title
    assert "Django-administration" not in page  # Django's own Swedish brand


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_icon_the_pages_link(client):
    """Browsers ask for /favicon.ico whatever the page says; the icon is the static SVG."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == static("favicon.svg")
    assert finders.find("favicon.svg")
    client.force_login(UserFactory(role=Role.SYSADMIN))
    assert f'<link rel="icon" href="{static("favicon.svg")}"' in client.get(reverse("home")).content.decode()
