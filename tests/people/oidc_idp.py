"""Start the test identity provider (tests/oidc_provider) and log in there like a browser."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PROJECT_DIR = Path(__file__).resolve().parents[2]
# The Django test client's host: the provider only ever redirects the browser here.
CALLBACK_URL = "http://testserver/oidc/callback/"
POST_LOGOUT_URL = "http://testserver/"
CLIENT_ID = "kompanjong-test"
CLIENT_SECRET = "kompanjong-test-secret"
PASSWORD = "riktig hest batteri stift"


@dataclass(frozen=True)
class IdpUser:
    username: str
    claims: dict[str, Any]

    @property
    def sub(self) -> str:
        return str(self.claims["sub"])


@dataclass
class Idp:
    issuer: str
    users: dict[str, IdpUser] = field(default_factory=dict)

    def log_in(self, authorize_url: str, username: str) -> str:
        """Log in at the provider; return the URL it sends the browser back to Kompanjong with."""
        with requests.Session() as browser:
            response = browser.get(authorize_url, allow_redirects=False, timeout=10)
            login_url = urljoin(authorize_url, response.headers["Location"])
            browser.get(login_url, timeout=10).raise_for_status()
            response = browser.post(
                login_url,
                data={
                    "username": username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                },
                allow_redirects=False,
                timeout=10,
            )
            url = login_url
            while True:
                assert response.status_code == 302, response.text[:2000]
                url = urljoin(url, response.headers["Location"])
                if url.startswith(CALLBACK_URL):
                    return url
                response = browser.get(url, allow_redirects=False, timeout=10)


def _user(username: str, **claims: Any) -> IdpUser:
    # ID-porten's subjects are opaque, pairwise strings, not usernames.
    return IdpUser(username, {"sub": secrets.token_urlsafe(32), **claims})


def default_users(pid: Any) -> list[IdpUser]:
    """Test users; `pid(n)` gives a distinct valid national identity number."""
    substantial = "idporten-loa-substantial"
    return [
        _user("kari", pid=pid(1), acr=substantial, given_name="Kari", family_name="Nordmann"),
        _user("ola", pid=pid(2), acr="idporten-loa-high"),
        _user("gammel", pid=pid(3), acr="Level4"),
        _user("svak", pid=pid(4), acr="idporten-loa-low"),
        _user("utenpid", acr=substantial),
        _user("feilpid", pid="12345678901", acr=substantial),
    ]


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextmanager
def running_idp(directory: Path, users: list[IdpUser]) -> Iterator[Idp]:
    """Run the provider in a subprocess with its own SQLite file in `directory`."""
    seed = directory / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "clients": [
                    {
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "redirect_uris": [CALLBACK_URL],
                        "post_logout_redirect_uris": [POST_LOGOUT_URL],
                    }
                ],
                "users": [
                    {"username": u.username, "password": PASSWORD, "claims": u.claims}
                    for u in users
                ],
            }
        )
    )
    port_file = directory / "port"
    log_path = directory / "idp.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "IDP_DATABASE": str(directory / "idp.sqlite3"),
        "IDP_RSA_PRIVATE_KEY": _private_key_pem(),
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.oidc_provider.serve", str(seed), str(port_file)],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        idp = Idp(issuer=_wait_until_ready(process, port_file, log_path))
        idp.users = {u.username: u for u in users}
        yield idp
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], port_file: Path, log: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test identity provider stopped:\n{log.read_text()}")
        if port_file.exists():
            issuer = f"http://127.0.0.1:{port_file.read_text()}"
            try:
                response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5)
                if response.status_code == 200:
                    return issuer
            except requests.ConnectionError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"The test identity provider did not start:\n{log.read_text()}")
