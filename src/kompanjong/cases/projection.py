"""The case's queue columns, from its folded view. Pure: used by services.refresh and by the
migration that fills the columns for cases made before them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .fold import SEND_LATER_WINDOW, ApplicationStatus, CaseView, TaskSource

FINISHED = frozenset({ApplicationStatus.FERDIGBEHANDLET, ApplicationStatus.BEHANDLES_IKKE})


def queue_columns(view: CaseView, *, new_documents: bool, unread_messages: bool) -> dict[str, Any]:
    open_tasks = [task for task in view.tasks if not task.done]
    deadlines = [task.deadline for task in open_tasks if task.deadline is not None]
    # The application's own "send later" documents stop being tasks after 30 days; the queue
    # must not keep the case under "waiting for documents" after that.
    only_own = bool(open_tasks) and all(t.source is TaskSource.SOKNAD for t in open_tasks)
    tasks_until: datetime | None = view.submitted_at + SEND_LATER_WINDOW if only_own else None
    return {
        "status": view.status.value,
        "open": view.status not in FINISHED or new_documents or unread_messages,
        "open_tasks": len(open_tasks),
        "next_deadline": min(deadlines, default=None),
        "tasks_until": tasks_until,
    }
