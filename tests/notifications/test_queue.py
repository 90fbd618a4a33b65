"""queue_notification: channel, language, address snapshot and text of the outbox row."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from kompanjong.notifications.content import NEUTRAL_SUBJECT, TEMPLATES, UnknownTemplateError
from kompanjong.notifications.models import Channel, Notification, Status
from kompanjong.notifications.rules import Status as RuleStatus
from kompanjong.notifications.rules import Via
from kompanjong.notifications.services import queue_notification
from tests.notifications.support import make_person

pytestmark = pytest.mark.django_db


def test_model_choices_match_the_pure_rules() -> None:
    assert {c.value for c in Channel} == {v.value for v in Via}
    assert {s.value for s in Status} == {s.value for s in RuleStatus}


def test_queues_one_pending_row_and_enqueues_delivery_on_commit(
    django_capture_on_commit_callbacks,
) -> None:
    person = make_person(email="kari@example.org")
    with django_capture_on_commit_callbacks() as callbacks:
        notification = queue_notification(person=person, template_key="news")
    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.status == Status.PENDING
    assert notification.attempts == 0
    assert notification.channel == Channel.EMAIL
    assert notification.address == "kari@example.org"
    assert notification.next_attempt_at is not None


def test_nothing_is_enqueued_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
) -> None:
    from django.db import transaction

    person = make_person()
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                queue_notification(person=person, template_key="news")
                raise RuntimeError("the change the person was told about failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [("nb", "nb"), ("nn", "nn"), ("en", "en"), ("ar", "nb"), ("so", "nb")],
)
def test_language_follows_the_person_with_bokmal_as_fallback(preferred: str, expected: str) -> None:
    person = make_person(preferred_language=preferred)
    notification = queue_notification(person=person, template_key="receipt")
    assert notification.language == expected
    with translation.override(expected):
        assert notification.subject == str(NEUTRAL_SUBJECT)
        line = gettext("You have a new message in Kompanjong. Log in to read it: %(url)s")
        assert notification.body.startswith(line % {"url": f"{settings.SITE_URL}/home/"})


def test_email_and_sms_carry_only_a_harmless_line_and_the_link() -> None:
    person = make_person(given_name="Amina", family_name="Hassan", email="amina@example.org")
    by_email = queue_notification(person=person, template_key="receipt", link_path="/soknad/7/")
    person.email = ""
    person.save(update_fields=["email"])
    by_sms = queue_notification(person=person, template_key="receipt", link_path="/soknad/7/")

    assert (by_email.channel, by_sms.channel) == (Channel.EMAIL, Channel.SMS)
    assert by_sms.address == "+4741234567"
    for notification in (by_email, by_sms):
        assert f"{settings.SITE_URL}/soknad/7/" in notification.body
        with translation.override(notification.language):
            letter_text = str(TEMPLATES["receipt"].text)
        for secret in ("Amina", "Hassan", person.national_id, letter_text):
            assert secret not in notification.body
            assert secret not in notification.subject
    assert "\n" not in by_sms.body
    assert len(by_sms.body) <= 160


def test_reserved_against_digital_gets_a_letter_with_the_postal_address() -> None:
    person = make_person(
        given_name="Kåre",
        family_name="Li",
        street_address="Bygdavegen 3",
        postal_code="3880",
        postal_town="Dalen",
        reserved_against_digital=True,
        preferred_channel="digital",
    )
    notification = queue_notification(person=person, template_key="receipt")
    assert notification.channel == Channel.LETTER
    assert notification.address == "Kåre Li\nBygdavegen 3\n3880 Dalen"
    # A letter is in an envelope: it carries the full text and the address block.
    assert notification.body.startswith("Kåre Li\nBygdavegen 3\n3880 Dalen\n")
    with translation.override(notification.language):
        assert str(TEMPLATES["receipt"].text) in notification.body


def test_unknown_template_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(UnknownTemplateError):
        queue_notification(person=make_person(), template_key="no-such-template")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("link_path", ["https://evil.example/", "//evil.example/", "home/"])
def test_links_must_stay_on_this_site(link_path: str) -> None:
    with pytest.raises(ValueError, match="link_path"):
        queue_notification(person=make_person(), template_key="news", link_path=link_path)
    assert not Notification.objects.exists()
