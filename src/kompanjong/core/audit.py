"""Writing the access log. Called by services and selectors, never by views."""

from __future__ import annotations

from typing import Any

from kompanjong.core.models import AccessChannel, AccessLog


def actor_label(actor: Any) -> str:
    """'Ola Nordmann, NAV Storby': who it was, and where they work, as the citizen will read it."""
    name = actor.name
    organisations = sorted(
        {m.organisation.name for m in actor.memberships.select_related("organisation")}
    )
    return f"{name}, {', '.join(organisations)}" if organisations else name


def record_access(
    *,
    actor: Any,
    subject: Any,
    action: str,
    object_type: str,
    object_id: str | int = "",
    on_behalf_of: Any = None,
    channel: str = AccessChannel.WEB,
    label: str | None = None,
) -> AccessLog | None:
    """Log a read or change of `subject`'s data. A person's own actions are not logged."""
    if (
        actor is not None
        and getattr(actor, "person_id", None) == subject.pk
        and on_behalf_of is None
    ):
        return None
    return AccessLog.objects.create(
        actor=actor,
        actor_label=label or actor_label(actor),
        subject=subject,
        on_behalf_of=on_behalf_of,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        channel=channel,
    )


def record_listed_once(*, actor: Any, entries: list[tuple[Any, str]], object_type: str) -> int:
    """Log that `actor` saw each (subject, object id) in a list, once per actor and object:
    the citizen learns that a caseworker saw their application in the office's list, without
    a new line every time the list is opened. Two queries, however long the list."""
    if not entries:
        return 0
    already = set(
        AccessLog.objects.filter(
            actor=actor, object_type=object_type, object_id__in=[oid for _s, oid in entries]
        ).values_list("object_id", flat=True)
    )
    label = actor_label(actor)
    new = [
        AccessLog(
            actor=actor,
            actor_label=label,
            subject=subject,
            action="read",
            object_type=object_type,
            object_id=object_id,
            channel=AccessChannel.WEB,
        )
        for subject, object_id in entries
        if object_id not in already and getattr(actor, "person_id", None) != subject.pk
    ]
    AccessLog.objects.bulk_create(new)
    return len(new)


def record_for_person(
    *, actor: Any, subject: Any, action: str, object_type: str, object_id: Any = ""
) -> None:
    """Someone acting for the person (a helper with their power of attorney, or staff
    registering an application for them) did this: it goes in the person's log. Nothing is
    written for the person's own actions."""
    from kompanjong.core import policy

    acting = policy.acting_for(actor)
    if acting is None or acting.person_id != subject.pk:
        return
    record_access(
        actor=actor,
        subject=subject,
        on_behalf_of=None if policy.registering_for(actor) else subject,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
    )
