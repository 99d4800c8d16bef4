"""Start the test OpenID Connect provider: `python -m tests.oidc_provider.serve --port N --db DIR`.

Creates the tables in a fresh SQLite database in DIR, registers the two clients and serves with
threads, so that the provider answers the relying party's back-channel requests while a test waits.
"""

import argparse
import os

from .clients import CLIENTS


def register_clients() -> None:
    """Two confidential code-flow clients signing ID tokens with RS256; secrets are stored hashed."""
    from oauth2_provider.models import get_application_model

    application = get_application_model()
    for client_id, secret, redirect_uri, post_logout_uri in CLIENTS:
        application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=secret,
            hash_client_secret=True,
            client_type=application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            post_logout_redirect_uris=post_logout_uri,
            algorithm=application.RS256_ALGORITHM,
            skip_authorization=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True, help="an empty directory for the SQLite database")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB_DIR"] = args.db
    os.environ["OIDC_PROVIDER_PORT"] = str(args.port)

    import django

    django.setup()

    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", run_syncdb=True, verbosity=0, skip_checks=True)
    register_clients()
    server = ThreadedWSGIServer(("127.0.0.1", args.port), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    print(f"OpenID Connect provider at http://127.0.0.1:{args.port}/o", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
