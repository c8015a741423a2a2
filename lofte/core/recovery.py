"""Work a killed task worker left half-done is run again, and finishes once.

A worker stopped with SIGTERM finishes its task first (deploy/lofte-worker.service). One killed outright (SIGKILL,
out of memory, a power cut) leaves its task "running" in the queue for ever: django-tasks-db never claims it again.
Every Löfte task does its writes in one transaction, so the database holds nothing of the killed run, and every
task accepts the state it left (an import "running") as a state to start from. So resuming is putting the task
back in the queue as it was: the next worker runs it from the start, with the same arguments.

Which tasks are orphans: those claimed by a worker id that is not running. The systemd unit gives each machine's
worker the machine's name as its id and resumes that id's tasks before the worker starts (ExecStartPre), when no
worker of that id can be running. The daily timer also resumes any task running for longer than any task takes
(`--older-than`), for workers that never come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lofte.core.audit import audit_log


@dataclass(frozen=True)
class Resumed:
    id: str
    task_path: str
    worker_id: str
    started_at: str


def tasks_interrupted(*, worker_id: str | None = None, older_than: timedelta | None = None) -> QuerySet[DBTaskResult]:
    """Tasks left running by the worker `worker_id` (which must not be running), or running longer than `older_than`."""
    if worker_id is None and older_than is None:
        raise ValueError("name the worker whose tasks to resume, or how old a running task must be")
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if older_than is not None:
        running = running.filter(started_at__lt=timezone.now() - older_than)
    candidates = running.order_by("started_at")
    if worker_id is None:
        return candidates
    # worker_ids is a JSON list of every worker that claimed the task; the last one is the one running it.
    ids = [
        result.pk for result in candidates.only("pk", "worker_ids") if (result.worker_ids or [None])[-1] == worker_id
    ]
    return candidates.filter(pk__in=ids)


def tasks_resume(
    *, worker_id: str | None = None, older_than: timedelta | None = None, dry_run: bool = False
) -> list[Resumed]:
    """Put every interrupted task back in the queue, unchanged, to run again from the start; audited."""
    resumed = []
    for result in tasks_interrupted(worker_id=worker_id, older_than=older_than):
        found = Resumed(
            id=str(result.pk),
            task_path=result.task_path,
            worker_id=(result.worker_ids or ["?"])[-1],
            started_at=result.started_at.isoformat() if result.started_at else "",
        )
        resumed.append(found)
        if dry_run:
            continue
        with transaction.atomic():
            # Only if it is still the same interrupted run (not finished or resumed meanwhile).
            changed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None, run_after=timezone.now()
            )
            if changed:
                audit_log(
                    actor=None,
                    action="task.resume",
                    target=result,
                    changes={"task": found.task_path, "worker": found.worker_id, "started_at": found.started_at},
                )
    return resumed
