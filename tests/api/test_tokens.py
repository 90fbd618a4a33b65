"""Tokens are shown once, stored only as a hash, and can be revoked."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompanjong.api.models import ApiToken
from kompanjong.api.scopes import ORGANISATIONS_READ, PEOPLE_NEEDS_READ
from kompanjong.api.tokens import create_token, find_token, revoke_token

pytestmark = pytest.mark.django_db


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue()


def test_token_is_stored_hashed_never_plain():
    token, plain = create_token(name="NAV Modia", scopes=[ORGANISATIONS_READ])

    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.key_prefix == plain[:8]
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(plain not in str(value) for value in row.values())
    dump = io.StringIO()
    call_command("dumpdata", "api", stdout=dump)
    assert plain not in dump.getvalue()
    assert token.key_hash in dump.getvalue()


def test_find_token_by_plain_value_and_not_by_hash_or_prefix():
    token, plain = create_token(name="NAV Modia", scopes=[ORGANISATIONS_READ])

    assert find_token(plain) == token
    assert find_token(token.key_hash) is None
    assert find_token(token.key_prefix) is None
    assert find_token("") is None
    assert find_token("x" * 10_000) is None


def test_revoked_token_is_inactive():
    token, _plain = create_token(name="NAV Modia", scopes=[ORGANISATIONS_READ])
    assert token.is_active

    revoke_token(prefix=token.key_prefix)

    token.refresh_from_db()
    assert not token.is_active
    assert token.revoked_at is not None


def test_command_prints_the_token_once_and_stores_only_the_hash():
    output = run_command(
        "--name", "Kommunens fagsystem", "--scope", PEOPLE_NEEDS_READ, "--scope", ORGANISATIONS_READ
    )

    token = ApiToken.objects.get()
    plain = output.strip().splitlines()[-1]
    assert output.count(plain) == 1
    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.name == "Kommunens fagsystem"
    assert token.scopes == sorted([PEOPLE_NEEDS_READ, ORGANISATIONS_READ])


def test_command_refuses_unknown_scope_and_lists_known_ones():
    with pytest.raises(CommandError) as error:
        run_command("--name", "X", "--scope", "people:write")

    message = str(error.value)
    assert "people:write" in message
    assert ORGANISATIONS_READ in message and PEOPLE_NEEDS_READ in message
    assert not ApiToken.objects.exists()


def test_command_needs_name_and_scope():
    with pytest.raises(CommandError):
        run_command("--scope", ORGANISATIONS_READ)
    with pytest.raises(CommandError):
        run_command("--name", "X")
    assert not ApiToken.objects.exists()


def test_command_revokes_by_prefix():
    token, _plain = create_token(name="NAV Modia", scopes=[ORGANISATIONS_READ])

    output = run_command("--revoke", token.key_prefix)

    token.refresh_from_db()
    assert not token.is_active
    assert token.key_prefix in output


def test_command_revoke_unknown_prefix_is_an_error():
    with pytest.raises(CommandError):
        run_command("--revoke", "nothere1")


def test_prefixes_never_look_like_command_options():
    prefixes = [
        create_token(name=f"System {n}", scopes=[ORGANISATIONS_READ])[0].key_prefix
        for n in range(200)
    ]
    assert not any(prefix.startswith("-") for prefix in prefixes)
    assert len(set(prefixes)) == len(prefixes)
