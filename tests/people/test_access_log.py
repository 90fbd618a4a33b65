"""The access log is append-only, and the citizen sees every read by someone else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kompanjong.core.models import AccessLog, AppendOnlyError
from kompanjong.people.access_log_text import describe
from kompanjong.people.models import Person


def test_citizen_sees_who_has_seen_their_information(login_as, amina: Person) -> None:
    staff: Client = login_as("ola")
    staff.get(f"/staff/people/{amina.pk}/")
    staff.post("/logout/")
    citizen: Client = login_as("amina")
    page = citizen.get("/me/access-log/").content.decode()
    assert "Ola Nordmann, NAV Grünerløkka" in page


def test_empty_access_log_says_so(login_as) -> None:
    response = login_as("kare").get("/me/access-log/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-empty" in page
    assert "log-list" not in page


def test_another_citizens_log_is_not_shown(login_as, amina: Person, kare: Person) -> None:
    login_as("lead").get(f"/staff/people/{amina.pk}/")
    assert AccessLog.objects.filter(subject=amina).count() == 1
    page = login_as("kare").get("/me/access-log/").content.decode()
    assert "Line Lie" not in page


def test_access_log_cannot_be_changed_or_deleted(login_as, amina: Person) -> None:
    login_as("ola").get(f"/staff/people/{amina.pk}/")
    entry = AccessLog.objects.get(subject=amina)
    entry.actor_label = "someone else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(subject=amina).update(actor_label="x")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(subject=amina).delete()


def test_plain_language_sentences() -> None:
    assert (
        describe(action="read", object_type="person.profile", actor_label="Ola, NAV Hamar")
        == "Ola, NAV Hamar looked at your contact details and needs."
    )
    assert describe(action="read", object_type="unknown.kind", actor_label="X").startswith(
        "X looked"
    )
    text = describe(
        action="change", object_type="person.needs", actor_label="Nora", on_behalf_of="Amina"
    )
    assert "on behalf of Amina" in text


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_access_log_page_query_count_is_constant(login_as, amina: Person) -> None:
    login_as("ola").get(f"/staff/people/{amina.pk}/")
    few = count_queries(login_as("amina"), "/me/access-log/")
    for _ in range(20):
        login_as("lead").get(f"/staff/people/{amina.pk}/")
    assert AccessLog.objects.filter(subject=amina).count() == 21
    assert count_queries(login_as("amina"), "/me/access-log/") == few
    assert few <= 10


def test_admin_opening_a_person_is_logged(login_as, amina: Person) -> None:
    client: Client = login_as("admin")
    assert client.get(f"/admin/people/person/{amina.pk}/change/").status_code == 200
    entry = AccessLog.objects.get(subject=amina)
    assert entry.actor_label == "Administrator"


def test_long_access_log_is_paged_and_nothing_is_cut_off(login_as, amina: Person) -> None:
    from kompanjong.people.selectors import ACCESS_LOG_PAGE_SIZE

    staff = login_as("ola")
    for _ in range(ACCESS_LOG_PAGE_SIZE + 3):
        staff.get(f"/staff/people/{amina.pk}/")
    citizen: Client = login_as("amina")
    first = citizen.get("/me/access-log/").content.decode()
    last = citizen.get("/me/access-log/?page=2").content.decode()
    assert first.count('<li><span class="log-time">') == ACCESS_LOG_PAGE_SIZE
    assert last.count('<li><span class="log-time">') == 3
    assert "?page=2" in first and "?page=1" in last


def test_a_connected_system_is_named_in_the_readers_language() -> None:
    text = describe(
        action="read", object_type="person.needs", actor_label="Kommunens fagsystem", by_system=True
    )
    assert text == "The connected system Kommunens fagsystem read your communication needs."


def test_admin_saving_a_person_is_logged_as_a_change(login_as, amina: Person) -> None:
    client: Client = login_as("admin")
    form = client.get(f"/admin/people/person/{amina.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"municipality": amina.municipality_id, "needs_note": "Endret av admin"})
    response = client.post(f"/admin/people/person/{amina.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    actions = list(AccessLog.objects.filter(subject=amina).values_list("action", flat=True))
    assert actions == ["change", "read"]


def test_admin_opening_a_notification_is_logged_for_its_recipient(login_as, amina: Person) -> None:
    from kompanjong.notifications.services import queue_notification

    notification = queue_notification(person=amina, template_key="news")
    client: Client = login_as("admin")
    url = f"/admin/notifications/notification/{notification.pk}/change/"
    assert client.get(url).status_code == 200
    entry = AccessLog.objects.get(subject=amina)
    assert (entry.action, entry.object_type) == ("read", "notification")
