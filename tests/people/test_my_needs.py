"""A citizen sees and changes their own communication needs; staff see them."""

from __future__ import annotations

import pytest
from django.test import Client

from kompanjong.core.models import AccessLog
from kompanjong.people.models import Person

VALID: dict[str, str | list[str]] = {
    "preferred_language": "ar",
    "interpreter_language": "ar",
    "support": ["reading"],
    "preferred_channel": "sms",
    "phone": "+47 412 34 567",
    "email": "amina@example.org",
    "needs_note": "Ring etter klokka 12.",
}


def test_citizen_sees_current_needs(login_as) -> None:
    client: Client = login_as("amina")
    page = client.get("/me/needs/").content.decode()
    assert '<option value="ar" selected>' in page
    assert 'value="reading" checked' in page


def test_citizen_saves_needs_and_no_access_log_for_own_change(login_as, amina: Person) -> None:
    client: Client = login_as("amina")
    client.cookies["kompanjong_language"] = "en"
    response = client.post(
        "/me/needs/", {**VALID, "preferred_language": "en", "support": ["writing"]}
    )
    assert response.status_code == 302
    amina.refresh_from_db()
    assert amina.preferred_language == "en"
    assert amina.phone == "41234567"  # normalised
    assert (amina.reading_support, amina.writing_support) == (False, True)
    assert not AccessLog.objects.filter(subject=amina).exists()
    shown = client.get("/me/needs/")
    assert [m.message for m in shown.context["messages"]] == ["Your needs are saved."]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone": "123"}, "phone", "8 siffer"),
        ({"phone": "", "preferred_channel": "sms"}, "phone", "Skriv mobilnummeret"),
        ({"email": "not-an-email"}, "email", ""),
        ({"preferred_language": "xx"}, "preferred_language", ""),
        ({"preferred_channel": "pigeon"}, "preferred_channel", ""),
        ({"needs_note": "x" * 1001}, "needs_note", ""),
        (
            {"preferred_channel": "digital", "email": "", "phone": ""},
            "email",
            "Skriv e-postadressen din eller mobilnummeret",
        ),
    ],
)
def test_bad_input_gets_a_specific_error_keeps_input_and_stores_nothing(
    login_as, amina: Person, change: dict[str, str], field: str, message: str
) -> None:
    client: Client = login_as("amina")
    before = Person.objects.values().get(pk=amina.pk)
    data: dict[str, str | list[str]] = {**VALID, "needs_note": "Mitt eget notat", **change}
    response = client.post("/me/needs/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert len(form.errors[field]) == 1  # one clear message, never two that contradict
    page = response.content.decode()
    assert page.count("error-summary") >= 1
    assert "<title>Feil:" in page
    assert str(data["needs_note"])[:50] in page  # what the user typed is still there
    assert Person.objects.values().get(pk=amina.pk) == before


def test_staff_person_page_shows_needs_and_is_logged(login_as, amina: Person) -> None:
    client: Client = login_as("ola")
    page = client.get(f"/staff/people/{amina.pk}/").content.decode()
    assert "Kommunikasjonsbehov" in page
    assert "arabisk" in page
    entry = AccessLog.objects.get(subject=amina)
    assert entry.action == "read"
    assert entry.object_type == "person.profile"
    assert entry.actor_label == "Ola Nordmann, NAV Grünerløkka"
