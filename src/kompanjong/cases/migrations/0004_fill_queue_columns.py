"""Fill the queue columns of cases made before them, from each case's own event log.

Uses the pure fold and projection (no models from the app, only the historical ones here):
the columns are a projection of the log, so they can always be rebuilt from it.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone


def fill(apps: Any, schema_editor: Any) -> None:
    from kompanjong.applications.progress import required_for
    from kompanjong.cases.fold import LaterDocument, Uploaded, fold
    from kompanjong.cases.projection import queue_columns

    Case = apps.get_model("cases", "Case")
    now = timezone.now()
    for case in Case.objects.select_related("application").iterator(chunk_size=500):
        application = case.application
        if application.submitted_at is None:
            continue
        chosen = application.answers.get("documents") or {}
        view = fold(
            [e.data for e in case.events.order_by("at", "id")],
            submitted_at=application.submitted_at,
            now=now,
            send_later=[
                LaterDocument(d.type, d.subtype, title_key=d.key)
                for d in required_for(application.answers)
                if chosen.get(d.key) == "later"
            ],
            uploads=[
                Uploaded(d.dokumenttype, d.uploaded_at, d.tilleggsinformasjon or None)
                for d in case.documents.exclude(dokumenttype="")
            ],
        )
        columns = queue_columns(
            view, new_documents=case.new_documents, unread_messages=case.unread_messages
        )
        Case.objects.filter(pk=case.pk).update(urgent=application.urgent, **columns)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_queue_attention_and_actions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
