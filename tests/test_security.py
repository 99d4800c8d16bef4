"""Security settings: CSP everywhere, production hardening, and the health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_csp_header_on_every_page_without_unsafe_sources(self, client, politician):
        client.force_login(politician)
        for url in [
            reverse("login"),
            reverse("home"),
            reverse("accessibility"),
            reverse("organisation:units"),
        ]:
            policy = client.get(url).headers["Content-Security-Policy"]
            assert "default-src 'self'" in policy
            assert "script-src 'self'" in policy
            assert "unsafe-inline" not in policy
            assert "unsafe-eval" not in policy

    def test_htmx_is_configured_for_the_policy(self, client):
        html = client.get(reverse("login")).content.decode()
        assert '"includeIndicatorStyles": false' in html
        assert '"allowEval": false' in html
        assert "django_htmx/htmx-2.min.js" in html
        assert "hx-on" not in html
        assert 'style="' not in html
        assert "<script>" not in html


def _run_deploy_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "styrmodell.settings",
            "ALLOWED_HOSTS": "styrmodell.example",
            **extra_env,
        }
    )
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestProductionSettings:
    def test_check_deploy_prints_no_warnings_in_production(self):
        result = _run_deploy_check(
            {"SECRET_KEY": "k" * 20 + "-a-long-and-random-production-secret-0123456789"}
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stderr
        assert "System check identified no issues" in result.stdout

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = _run_deploy_check({"SECRET_KEY": ""})
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
class TestHealthz:
    def test_reports_database_ok(self, client, settings):
        settings.REDIS_URL = ""
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}

    def test_reports_redis_when_configured(self, client, redis_url):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.json()["redis"] == "ok"

    def test_unreachable_redis_makes_it_unhealthy(self, client, settings):
        settings.REDIS_URL = "redis://127.0.0.1:1/0"
        response = client.get("/healthz/")
        assert response.status_code == 503
        assert response.json()["status"] == "error"
        assert response.json()["redis"].startswith("error")

    def test_exempt_from_ssl_redirect_so_plain_http_checks_work(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
        settings.REDIS_URL = ""
        assert client.get("/healthz/").status_code == 200
        assert client.get(reverse("login")).status_code == 301


class TestProductionSignIn:
    def test_check_deploy_stays_clean_with_the_provider_and_never_prints_its_secret(self):
        secret = "oidc-client-secret-that-must-never-show-0123456789"
        result = _run_deploy_check(
            {
                "SECRET_KEY": "k" * 20 + "-a-long-and-random-production-secret-0123456789",
                "OIDC_ISSUER": "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
                "OIDC_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
                "OIDC_CLIENT_SECRET": secret,
                "OIDC_ROLE_GROUPS": "aaaa-bbbb=planerare,cccc-dddd=ekonom",
                "PASSWORD_SIGN_IN": "false",
                "PASSWORD_SIGN_IN_USERS": "reserv",
            }
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout
        assert secret not in result.stdout + result.stderr
