"""Reads for documents: only through the policy, and staff reads are logged."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from kompanjong.core import policy
from kompanjong.core.audit import record_access

from .models import Document


def document_for(user: Any, document_id: Any) -> Document:
    document = (
        Document.objects.select_related("owner", "attachment__application")
        .filter(pk=document_id)
        .first()
    )
    # 404 rather than 403: someone without access learns nothing, not even that it exists.
    if document is None or not policy.allows(user, "document.view", document):
        raise Http404
    acting = policy.acting_for(user)
    record_access(
        actor=user,
        subject=document.owner,
        on_behalf_of=document.owner if acting and not policy.registering_for(user) else None,
        action="read",
        object_type="document",
        object_id=str(document.pk),
    )
    return document
