"""Booking notices link to a signed page that needs no login, and still say nothing private."""

from __future__ import annotations

import pytest

from kompanjong.notifications import content
from kompanjong.notifications.rules import Via


@pytest.mark.parametrize("key", ["booking_confirmed", "booking_reminder", "booking_changed"])
def test_sms_and_email_point_to_the_link_without_asking_to_log_in(key: str) -> None:
    link = "/booking/link/abc/"
    for via in (Via.SMS, Via.EMAIL):
        rendered = content.render(template_key=key, via=via, language="nb", link_path=link)
        assert f"{link}" in rendered.body
        assert "Logg inn" not in rendered.body
        assert rendered.subject == "Du har noe nytt i Kompanjong"


def test_the_letter_says_what_it_is_about() -> None:
    rendered = content.render(
        template_key="booking_reminder", via=Via.LETTER, language="en", link_path="/x/"
    )
    assert rendered.subject == "Reminder: your appointment tomorrow"
    assert "move or cancel" in rendered.body


def test_other_notices_still_ask_to_log_in() -> None:
    rendered = content.render(template_key="message", via=Via.SMS, language="en", link_path="/x/")
    assert "Log in to read it" in rendered.body
