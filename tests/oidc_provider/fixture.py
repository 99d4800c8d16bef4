"""A real OpenID Connect provider for the tests, started in a second process, and its pytest fixture.

Make the fixture available to a test package with, in its conftest.py:
`from tests.oidc_provider.fixture import oidc_provider  # noqa: F401`
Only HTTP crosses between this module and the provider: nothing here imports the provider's Django.
"""

import base64
import hashlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests

from .clients import (
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
    OTHER_POST_LOGOUT_REDIRECT_URI,
    OTHER_REDIRECT_URI,
    RP_CLIENT_ID,
    RP_CLIENT_SECRET,
    RP_POST_LOGOUT_REDIRECT_URI,
    RP_REDIRECT_URI,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PASSWORD = "provider-pass-1"
STARTUP_SECONDS = 30
TIMEOUT = 10
# Only what a Python process needs: the test process's DATABASE_URL, DJANGO_SETTINGS_MODULE, REDIS_URL
# and the like must not reach the provider.
PASSED_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class ProviderError(AssertionError):
    """The provider refused or failed where the fixture expected it to go along."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OidcProvider:
    """A running provider: its two clients, its users, and a browser that signs in at it."""

    client_id = RP_CLIENT_ID
    client_secret = RP_CLIENT_SECRET
    redirect_uri = RP_REDIRECT_URI
    post_logout_redirect_uri = RP_POST_LOGOUT_REDIRECT_URI
    other_client_id = OTHER_CLIENT_ID
    other_client_secret = OTHER_CLIENT_SECRET
    other_redirect_uri = OTHER_REDIRECT_URI
    other_post_logout_redirect_uri = OTHER_POST_LOGOUT_REDIRECT_URI

    def __init__(self, *, port: int, directory: Path):
        self.base_url = f"http://127.0.0.1:{port}"
        self.issuer = f"{self.base_url}/o"
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"
        self.login_url = f"{self.base_url}/login/"
        self.port = port
        self.directory = directory
        self.log_path = directory / "provider.log"
        self.metadata: dict = {}
        self.browser = requests.Session()
        self._process: subprocess.Popen | None = None

    @property
    def end_session_endpoint(self) -> str:
        return self.metadata["end_session_endpoint"]

    @property
    def authorization_endpoint(self) -> str:
        return self.metadata["authorization_endpoint"]

    @property
    def token_endpoint(self) -> str:
        return self.metadata["token_endpoint"]

    def start(self) -> None:
        """Start the process and wait until discovery answers; fail with its output if it does not."""
        environment = {name: os.environ[name] for name in PASSED_ENVIRONMENT if name in os.environ}
        command = [sys.executable, "-m", "tests.oidc_provider.serve", "--port", str(self.port)]
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(  # noqa: S603 - our own test server
                [*command, "--db", str(self.directory)],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ProviderError(f"The provider exited with {self._process.returncode}:\n{self.output()}")
            try:
                response = requests.get(self.discovery_url, timeout=1)
            except requests.ConnectionError:
                time.sleep(0.05)
                continue
            if response.status_code == 200:
                self.metadata = response.json()
                return
            time.sleep(0.05)
        self.stop()
        raise ProviderError(
            f"The provider did not answer {self.discovery_url} in {STARTUP_SECONDS} s:\n{self.output()}"
        )

    def stop(self) -> None:
        self.browser.close()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def output(self) -> str:
        """What the provider printed: its request log and any traceback."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-10000:]

    def new_browser(self) -> requests.Session:
        """Forget the provider session: the next sign_in comes from a fresh user agent."""
        self.browser.close()
        self.browser = requests.Session()
        return self.browser

    def reset(self) -> None:
        """A fresh browser and both clients' registered URIs as they were at start."""
        self.new_browser()
        self.set_redirect_uris(self.client_id, [self.redirect_uri], [self.post_logout_redirect_uri])
        self.set_redirect_uris(
            self.other_client_id, [self.other_redirect_uri], [self.other_post_logout_redirect_uri]
        )

    def signed_in_as(self, *, browser: requests.Session | None = None) -> str | None:
        """The username the browser's provider session belongs to, or None when signed out."""
        response = (browser or self.browser).get(f"{self.base_url}/test/session/", timeout=TIMEOUT)
        return response.json()["username"]

    def is_signed_in(self, *, browser: requests.Session | None = None) -> bool:
        return self.signed_in_as(browser=browser) is not None

    def add_user(
        self,
        username: str,
        *,
        email: str,
        password: str = DEFAULT_PASSWORD,
        name: str = "",
        groups: Iterable[str] = (),
        email_verified: bool = True,
    ) -> str:
        """Create or replace a user of the provider; returns its subject (`sub`)."""
        data = {
            "username": username,
            "email": email,
            "password": password,
            "name": name,
            "groups": list(groups),
            "email_verified": email_verified,
        }
        response = self._post(f"{self.base_url}/test/users/", data)
        return response.json()["sub"]

    def set_redirect_uris(
        self, client_id: str, redirect_uris: list[str], post_logout_redirect_uris: list[str]
    ) -> None:
        """Replace the URIs the provider accepts for a client (redirect, post-logout redirect)."""
        data = {"redirect_uris": redirect_uris, "post_logout_redirect_uris": post_logout_redirect_uris}
        self._post(f"{self.base_url}/test/clients/{client_id}/uris/", data)

    def sign_in(
        self,
        authorize_url: str,
        username: str,
        password: str = DEFAULT_PASSWORD,
        *,
        browser: requests.Session | None = None,
    ) -> str:
        """Act as the user's browser: follow the authorization request, sign in at the provider's form if
        it asks, and return the redirect back to the client (`...?code=...&state=...`) without following
        it. Raises ProviderError when the provider shows a page instead (bad request, wrong password).

        If the browser is signed in at the provider as someone else, that person signs out first: tests
        share one provider session, and it must never hand out a code for the previous test's user."""
        browser = browser or self.browser
        if self.signed_in_as(browser=browser) not in (None, username):
            browser.cookies.clear()
        response = browser.get(authorize_url, allow_redirects=False, timeout=TIMEOUT)
        for _step in range(5):
            if response.status_code != 302:
                raise ProviderError(
                    f"The provider answered {response.status_code} at {response.url}:\n{response.text[:3000]}"
                )
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(f"{self.base_url}/"):
                return location
            if location.startswith(self.login_url):
                response = self._submit_login(browser, location, username, password)
            else:
                response = browser.get(location, allow_redirects=False, timeout=TIMEOUT)
        raise ProviderError(f"The provider kept redirecting to itself, last to {response.url}")

    def token_for(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        username: str,
        *,
        nonce: str = "n-0",
        scope: str = "openid email profile",
        password: str = DEFAULT_PASSWORD,
    ) -> dict:
        """A complete code flow with PKCE for any client, in a browser of its own; returns the token
        endpoint's JSON (with a real, signed `id_token`)."""
        verifier, challenge = pkce_pair()
        state = secrets.token_urlsafe(16)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": scope,
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        url = f"{self.authorization_endpoint}?{query}"
        with requests.Session() as browser:
            location = self.sign_in(url, username, password, browser=browser)
        answer = parse_qs(urlsplit(location).query)
        if answer.get("state") != [state] or "code" not in answer:
            raise ProviderError(f"The provider redirected without a code for this request: {location}")
        response = requests.post(
            self.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": answer["code"][0],
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            },
            auth=(client_id, client_secret),
            timeout=TIMEOUT,
        )
        if response.status_code != 200:
            raise ProviderError(f"The token endpoint answered {response.status_code}: {response.text}")
        return response.json()

    def end_session(self, url: str, *, browser: requests.Session | None = None) -> requests.Response:
        """Open an RP-initiated logout URL in the browser; the redirect is returned, not followed."""
        return (browser or self.browser).get(url, allow_redirects=False, timeout=TIMEOUT)

    def _submit_login(
        self, browser: requests.Session, login_url: str, username: str, password: str
    ) -> requests.Response:
        page = browser.get(login_url, timeout=TIMEOUT)
        token = CSRF_INPUT.search(page.text)
        if page.status_code != 200 or token is None:
            raise ProviderError(f"The provider's login page answered {page.status_code}:\n{page.text[:3000]}")
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": parse_qs(urlsplit(login_url).query).get("next", [""])[0],
        }
        response = browser.post(login_url, data=data, allow_redirects=False, timeout=TIMEOUT)
        if response.status_code == 200:
            raise ProviderError(f"The provider refused the sign-in of {username!r} (wrong password?)")
        return response

    def _post(self, url: str, data: dict) -> requests.Response:
        response = requests.post(url, json=data, timeout=TIMEOUT)
        if response.status_code != 200:
            raise ProviderError(f"{url} answered {response.status_code}: {response.text[:3000]}")
        return response


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """A real OpenID Connect provider on a free local port, shared by the whole test session."""
    provider = OidcProvider(port=free_port(), directory=tmp_path_factory.mktemp("oidc-provider"))
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
