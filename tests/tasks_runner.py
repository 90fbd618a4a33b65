"""Run enqueued background tasks inside a test, with whatever task backend is configured.

- DatabaseBackend (the default): the real `db_worker` command in batch mode.
- RQBackend: an in-process rq SimpleWorker in burst mode on the "default" queue. Its
  scheduler first moves deferred jobs that are *due* onto the queue.
- ImmediateBackend: tasks already ran when they were enqueued; nothing to do.

Tasks deferred into the future (retries) keep waiting: see them with `deferred_run_times()`,
then wait for them (use a short backoff) or call the task function directly.

Tasks that run here use the test's database connection, so call these from tests marked
`django_db(transaction=True)`: the task must see committed rows, and the DB worker opens
its own transactions.
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResult, TaskResultStatus, task_backends
from django_tasks.signals import task_finished


class TaskFailedError(AssertionError):
    """A task raised instead of returning: the test should see the traceback."""


def backend_kind() -> str:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    path = f"{type(backend).__module__}.{type(backend).__name__}"
    if path.startswith("django_tasks_db."):
        return "database"
    if path.startswith("django_tasks_rq."):
        return "rq"
    return "other"


def run_queued_tasks(*, raise_on_failure: bool = True) -> int:
    """Execute every task that is ready to run now; return how many ran."""
    kind = backend_kind()
    if kind == "database":
        return _run_database(raise_on_failure)
    if kind == "rq":
        return _run_rq(raise_on_failure)
    return 0


def deferred_run_times() -> list[dt.datetime]:
    """When the tasks that wait for a later time will run (database and RQ backends)."""
    kind = backend_kind()
    if kind == "database":
        from django_tasks_db.models import DBTaskResult, get_date_max

        waiting = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now())
        return sorted(waiting.exclude(run_after=get_date_max()).values_list("run_after", flat=True))
    if kind == "rq":
        import django_rq
        from rq.registry import ScheduledJobRegistry

        registry = ScheduledJobRegistry(queue=django_rq.get_queue("default"))
        return sorted(registry.get_scheduled_time(job_id) for job_id in registry.get_job_ids())
    return []


@contextmanager
def _worker_run() -> Iterator[list[TaskResult[Any]]]:
    """Collect the results of tasks finished inside the block.

    Both workers install SIGINT/SIGTERM handlers for a graceful shutdown; put pytest's back.
    """
    finished: list[TaskResult[Any]] = []

    def collect(sender: object, task_result: TaskResult[Any], **kwargs: object) -> None:
        finished.append(task_result)

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    task_finished.connect(collect, weak=False)
    try:
        yield finished
    finally:
        task_finished.disconnect(collect)
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _check(finished: list[TaskResult[Any]], raise_on_failure: bool) -> int:
    if raise_on_failure:
        for result in finished:
            if result.status == TaskResultStatus.FAILED:
                raise TaskFailedError(_traceback(result))
    return len(finished)


def _traceback(result: TaskResult[Any]) -> str:
    if result.errors:
        return result.errors[-1].traceback
    # RQ announces the failure before it stores the traceback; look it up now.
    fresh = result.task.get_backend().get_result(result.id)
    return fresh.errors[-1].traceback if fresh.errors else f"Task {result.id} failed"


def _run_database(raise_on_failure: bool) -> int:
    with _worker_run() as finished:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    return _check(finished, raise_on_failure)


def _run_rq(raise_on_failure: bool) -> int:
    import django_rq
    from django_tasks_rq.backend import Job

    # SimpleWorker runs jobs in this process, so they see the test database and settings.
    worker = django_rq.get_worker("default", job_class=Job, worker_class="rq.worker.SimpleWorker")
    with _worker_run() as finished:
        worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
    return _check(finished, raise_on_failure)
