from tests.oidc_provider.fixture import oidc_provider  # noqa: F401 - the fixture, for the smoke test
