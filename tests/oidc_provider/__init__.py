"""A real OpenID Connect provider for the tests: a separate Django project run in its own process.

Never import it from the main project or from the pytest process's Django; `fixture.py` starts it
with `python -m tests.oidc_provider.serve` and talks to it over HTTP only.
"""
