"""Run the test identity provider: `python -m tests.oidc_provider.serve SEED_JSON PORT_FILE`.

Binds a free port on 127.0.0.1 first, so the issuer URL (which must contain the port) is known
before Django starts, then migrates, loads the clients and users from SEED_JSON, writes the port
to PORT_FILE and serves until terminated. IDP_DATABASE and IDP_RSA_PRIVATE_KEY come from the
environment.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def seed(data: dict) -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    from tests.oidc_provider.models import Identity

    for client in data["clients"]:
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
            redirect_uris=" ".join(client["redirect_uris"]),
            post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
        )
    for person in data["users"]:
        user = get_user_model().objects.create_user(person["username"], password=person["password"])
        Identity(user=user, claims=person["claims"]).save()


def main(seed_path: str, port_file: str) -> None:
    server = ThreadingWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    os.environ["IDP_ISSUER"] = f"http://127.0.0.1:{server.server_port}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    # run_syncdb: the provider's own Identity model needs no migration files.
    call_command("migrate", run_syncdb=True, verbosity=0)
    seed(json.loads(Path(seed_path).read_text()))
    server.set_app(get_wsgi_application())

    # Written last and renamed into place, so a reader never sees half a port number.
    Path(f"{port_file}.tmp").write_text(str(server.server_port))
    Path(f"{port_file}.tmp").rename(port_file)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:3])
