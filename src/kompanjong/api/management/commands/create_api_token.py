"""Create an API token for a connected system (printed once), or revoke one by its prefix."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kompanjong.api.scopes import SCOPES, unknown_scopes
from kompanjong.api.tokens import TokenError, create_token, revoke_token
from kompanjong.people.models import Organisation


def _known_scopes() -> str:
    return "\n".join(f"  {scope}  {description}" for scope, description in SCOPES.items())


class Command(BaseCommand):
    help = "Create an API token with scopes (the token is shown once), or revoke one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="The connected system, as people will see it.")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            dest="scopes",
            help=f"A scope to grant; repeat for more. Known: {', '.join(SCOPES)}.",
        )
        parser.add_argument(
            "--office",
            metavar="UNIT",
            help="The NAV office (unit number, e.g. 0315) whose cases a case system may use.",
        )
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with this prefix.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            self._revoke(options["revoke"])
        else:
            self._create(options["name"], options["scopes"], options["office"])

    def _revoke(self, prefix: str) -> None:
        try:
            token = revoke_token(prefix=prefix)
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Revoked the API token “%(token)s”.") % {"token": token})

    def _create(self, name: str | None, scopes: list[str], office: str | None) -> None:
        if not name or not name.strip():
            raise CommandError(_("Give the token a name with --name (the connected system)."))
        if not scopes:
            raise CommandError(
                _("Give at least one --scope. Known scopes:\n%(scopes)s")
                % {"scopes": _known_scopes()}
            )
        unknown = unknown_scopes(scopes)
        if unknown:
            raise CommandError(
                _("Unknown scope: %(unknown)s. Known scopes:\n%(scopes)s")
                % {"unknown": ", ".join(unknown), "scopes": _known_scopes()}
            )
        organisation = None
        if office:
            organisation = Organisation.objects.filter(
                kind="nav_office", unit_number=office
            ).first()
            if organisation is None:
                raise CommandError(
                    _("No NAV office has the unit number %(unit)s.") % {"unit": office}
                )
        try:
            token, plain = create_token(name=name.strip(), scopes=scopes, organisation=organisation)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            _("Created the API token “%(token)s” with scopes: %(scopes)s.")
            % {"token": token, "scopes": ", ".join(token.scopes)}
        )
        self.stdout.write(_("This is the only time the token is shown. Store it safely now:"))
        self.stdout.write(plain)
