"""The help topics (our HSDS taxonomy): stable codes and ids, names through gettext.

The ids are fixed (uuid5 of the code) so every installation and every export names a topic the
same way, and an HSDS consumer can filter on `taxonomy_term_id`.
"""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TOPICS_TAXONOMY_NAME = "kompanjong-help-topics"
NAMESPACE = uuid.UUID("6f1c1d9e-3c51-4d0a-9d55-5b8f0e9a7c21")


class Topic(NamedTuple):
    code: str
    name: Promise
    description: Promise

    @property
    def id(self) -> uuid.UUID:
        return term_id(self.code)


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, code)


TOPICS: tuple[Topic, ...] = (
    Topic("nav", _("Help with NAV"), _("Log in to NAV, read letters, answer NAV.")),
    Topic("eid", _("eID and BankID"), _("Get BankID or another eID, and use it.")),
    Topic("applications", _("Applications"), _("Fill in and send an application.")),
    Topic("documents", _("Sending documents"), _("Take photos of papers and send them.")),
    Topic("tax", _("Tax"), _("Read and correct your tax return.")),
    Topic("health_portal", _("Helsenorge"), _("Use helsenorge.no: your doctor, prescriptions.")),
    Topic("banking", _("Banking"), _("Online bank, paying bills, your account number.")),
    Topic("digital_basics", _("Digital basics"), _("Phone, PC, email and passwords.")),
    Topic(
        "language_help",
        _("Interpreter and language help"),
        _("Help in your language, or with an interpreter."),
    ),
)
BY_CODE = {topic.code: topic for topic in TOPICS}

# Norwegian names are stored; pages show the translated name by code (topics.py).
NAMES = {
    "nav": ("Hjelp med NAV", "Logge inn på NAV, lese brev, svare NAV."),
    "eid": ("eID og BankID", "Få BankID eller en annen eID, og bruke den."),
    "applications": ("Søknader", "Fylle ut og sende en søknad."),
    "documents": ("Sende dokumenter", "Ta bilde av papirer og sende dem."),
    "tax": ("Skatt", "Lese og rette skattemeldingen."),
    "health_portal": ("Helsenorge", "Bruke helsenorge.no: fastlege, resepter."),
    "banking": ("Bank", "Nettbank, betale regninger, kontonummer."),
    "digital_basics": ("Digitale grunnferdigheter", "Telefon, PC, e-post og passord."),
    "language_help": ("Tolk og språkhjelp", "Hjelp på ditt språk, eller med tolk."),
}


def ensure_topics(model: Any = None) -> None:
    """Make sure every help topic exists (a migration adds them; a test that empties the
    database, or an import, may have removed them)."""
    if model is None:
        from kompanjong.directory.models import TaxonomyTerm as model
    for code, (name, description) in NAMES.items():
        if not model.objects.filter(pk=term_id(code)).exists():
            model.objects.update_or_create(
                code=code,
                defaults={
                    "id": term_id(code),
                    "name": name,
                    "description": description,
                    "taxonomy": TOPICS_TAXONOMY_NAME,
                },
            )
