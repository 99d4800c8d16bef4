import pytest

from tests.oidc_provider.fixture import oidc_provider  # noqa: F401  (the real provider, one per session)


@pytest.fixture
def provider_settings(settings, oidc_provider):  # noqa: F811
    """Sign-in with the provider switched on, as the environment would switch it on."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_ROLE_GROUPS = ()
    return settings
