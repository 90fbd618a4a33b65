"""The demo personas. Their data is created by the `load_demo_data` command."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Persona:
    key: str
    username: str
    name: str
    description: Promise


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "amina",
        "demo-amina",
        "Amina Hassan",
        _("Citizen, 34. Has BankID, prefers Arabic and needs an interpreter."),
    ),
    Persona(
        "kare",
        "demo-kare",
        "Kåre Nilsen",
        _("Citizen, 78, lives in a rural municipality. No eID. Prefers letters and phone."),
    ),
    Persona("nora", "demo-nora", "Nora Berg", _("Helper at the public library in the city.")),
    Persona("ola", "demo-ola", "Ola Nordmann", _("Caseworker at a NAV office.")),
    Persona("lead", "demo-lead", "Line Lie", _("Office lead at a NAV office.")),
    Persona("admin", "demo-admin", "Administrator", _("Administrator of Kompanjong.")),
)
BY_KEY = {persona.key: persona for persona in PERSONAS}
