"""Creating, finding and revoking API tokens. The plain token exists only in the return value."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompanjong.api.models import ApiToken, validate_scopes
from kompanjong.people.models import Organisation

PREFIX_LENGTH = 8
# A token is 43 URL-safe characters; anything much longer is not ours and is not hashed.
MAX_TOKEN_LENGTH = 200
# last_used_at is for admins spotting unused tokens, so minute precision spares a write per call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenError(Exception):
    """A token operation that cannot be done; the message is meant for the admin."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    *, name: str, scopes: list[str], organisation: Organisation | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns the stored row and the plain token, which is never stored."""
    scopes = sorted(set(scopes))
    validate_scopes(scopes)
    with transaction.atomic():
        while True:
            plain = secrets.token_urlsafe(32)
            prefix = plain[:PREFIX_LENGTH]
            # A prefix starting with "-" would read as an option in `create_api_token --revoke`.
            if prefix.startswith("-"):
                continue
            if not ApiToken.objects.filter(key_prefix=prefix).exists():
                break
        token = ApiToken(
            name=name,
            key_prefix=prefix,
            key_hash=hash_token(plain),
            scopes=scopes,
            organisation=organisation,
        )
        token.full_clean()
        token.save()
    return token, plain


def revoke_token(*, prefix: str) -> ApiToken:
    token = ApiToken.objects.filter(key_prefix=prefix).first()
    if token is None:
        raise TokenError(_("No API token starts with “%(prefix)s”.") % {"prefix": prefix})
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def find_token(plain: str) -> ApiToken | None:
    """The active or revoked token matching `plain`, or None. Marks it as used."""
    if not plain or len(plain) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(plain)
    token = ApiToken.objects.filter(key_hash=digest).first()
    # The lookup is by hash, so timing reveals nothing about the secret; compare anyway so a
    # future change to the lookup cannot quietly turn this into a prefix match.
    if token is None or not secrets.compare_digest(token.key_hash, digest):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
