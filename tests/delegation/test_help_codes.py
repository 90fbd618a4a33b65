"""Help codes at the counter: made by the citizen, used once by a helper at a helping
organisation, for a grant that ends by itself; wrong codes lock the helper out for a while."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kompanjong.core.models import AccessLog
from kompanjong.delegation import codes
from kompanjong.delegation.models import Grant, HelpCode
from kompanjong.people.models import Person
from tests.pages import Persona, page, post

pytestmark = pytest.mark.django_db


def make_code(persona: Persona, **levels: str) -> str:
    data = {f"{area}_level": level for area, level in levels.items()}
    html = post(persona("amina"), "/fullmakt/help-code/", data, status=200).content.decode()
    match = re.search(r'class="help-code"[^>]*><strong>([A-Z0-9-]+)</strong>', html)
    assert match, html
    return match.group(1)


def test_the_code_is_unambiguous_and_only_its_hash_is_kept(persona: Persona) -> None:
    code = make_code(persona, case="read")
    plain = codes.normalise(code)
    assert len(plain) == 8 and set(plain) <= set(codes.ALPHABET)
    assert not set(plain) & set("0O1IL2Z5S8B")
    stored = HelpCode.objects.get()
    assert plain not in stored.digest and stored.digest == codes.digest(code)


def test_nora_uses_the_code_and_helps_amina_for_two_hours(persona: Persona) -> None:
    code = make_code(persona, application="write", case="read")
    nora = persona("nora")
    post(nora, "/helper/help-code/", {"code": code.lower().replace("-", " ")})
    grant = Grant.objects.get()
    assert (grant.channel, grant.state, grant.organisation.name) == (  # type: ignore[union-attr]
        "help_code",
        "active",
        "Deichman Grünerløkka",
    )
    assert "Du hjelper Amina Hassan" in page(nora, "/citizen/")
    amina = Person.objects.get(given_name="Amina")
    assert AccessLog.objects.filter(subject=amina, object_type="grant.help_code").exists()
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        again = persona("nora")
        session = again.session
        session["kompanjong_acting_for"] = grant.pk
        session.save()
        assert again.get("/citizen/").status_code == 302  # ended by itself: refused, told
        assert "Du hjelper Amina" not in page(again, "/citizen/")


def test_a_code_works_once(persona: Persona) -> None:
    code = make_code(persona, case="read")
    post(persona("nora"), "/helper/help-code/", {"code": code})
    second = post(persona("nora"), "/helper/help-code/", {"code": code}, status=400)
    assert "Denne hjelpekoden virker ikke" in second.content.decode()
    assert Grant.objects.count() == 1


def test_a_code_older_than_30_minutes_does_not_work(persona: Persona) -> None:
    code = make_code(persona, case="read")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        post(persona("nora"), "/helper/help-code/", {"code": code}, status=400)
    assert not Grant.objects.exists()


def test_brute_force_locks_out_after_five_wrong_codes(persona: Persona) -> None:
    code = make_code(persona, case="read")
    nora = persona("nora")
    for wrong in ("AAAA-AAAA", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE", "FFFF-FFFF"):
        post(nora, "/helper/help-code/", {"code": wrong}, status=400)
    locked = post(nora, "/helper/help-code/", {"code": code}, status=400).content.decode()
    assert "for mange ganger" in locked
    assert not Grant.objects.exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        post(persona("nora"), "/helper/help-code/", {"code": code})
    assert Grant.objects.count() == 1


def test_only_helpers_at_a_helping_organisation_can_use_a_code(persona: Persona) -> None:
    code = make_code(persona, case="read")
    assert persona("kare").post("/helper/help-code/", {"code": code}).status_code == 403
    assert not Grant.objects.exists()


def test_bad_input_keeps_what_was_typed(persona: Persona) -> None:
    empty = post(persona("amina"), "/fullmakt/help-code/", {}, status=400).content.decode()
    assert "Velg minst én ting" in empty
    wrong = post(persona("nora"), "/helper/help-code/", {"code": "XYZ"}, status=400)
    assert 'value="XYZ"' in wrong.content.decode()
