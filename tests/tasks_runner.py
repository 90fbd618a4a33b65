"""Run enqueued background tasks inside a test, with whatever task backend is configured.

- DatabaseBackend (the default): the real `db_worker` command in batch mode.
- RQBackend: an in-process rq SimpleWorker in burst mode on the "default" queue. Its
  scheduler moves deferred jobs that are *due* onto the queue first; jobs deferred into the
  future (retries) stay scheduled, so tests check those with `deferred_run_times()` and run
  the retry by calling the task function directly.
- ImmediateBackend: tasks already ran when they were enqueued; nothing to do.

Tasks that run here use the test's database connection, so call these from tests marked
`django_db(transaction=True)`: the task must see committed rows, and the DB worker opens
its own transactions.
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends


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
def _own_signal_handlers() -> Iterator[None]:
    # Both workers install SIGINT/SIGTERM handlers for graceful shutdown; put pytest's back.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _run_database(raise_on_failure: bool) -> int:
    from django_tasks_db.models import DBTaskResult

    finished = ["SUCCESSFUL", "FAILED"]
    before = set(DBTaskResult.objects.filter(status__in=finished).values_list("pk", flat=True))
    with _own_signal_handlers():
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    ran = DBTaskResult.objects.filter(status__in=finished).exclude(pk__in=before)
    if raise_on_failure:
        for result in ran.filter(status="FAILED"):
            errors = result.task_result.errors
            raise TaskFailedError(errors[-1].traceback if errors else f"Task {result.pk} failed")
    return ran.count()


def _run_rq(raise_on_failure: bool) -> int:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker
    from rq.registry import FailedJobRegistry

    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    failed_before = set(FailedJobRegistry(queue=worker.queues[0]).get_job_ids())
    with _own_signal_handlers():
        worker.work(burst=True, with_scheduler=True)
    if raise_on_failure:
        registry = FailedJobRegistry(queue=worker.queues[0])
        for job_id in set(registry.get_job_ids()) - failed_before:
            job = Job.fetch(job_id, connection=worker.connection)
            result = job.latest_result()
            raise TaskFailedError(result.exc_string if result else f"Task {job_id} failed")
    return worker.successful_job_count + worker.failed_job_count
