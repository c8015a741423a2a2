"""`manage.py resume_tasks`: tasks a killed worker left running go back in the queue, others are left alone."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lofte.core.models import AuditEntry


def _result(*, status: str, worker: str, started_minutes_ago: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"invitation_id": 1}},
        task_path="lofte.core.tasks.send_invitation",
        worker_ids=["an-earlier-worker", worker],
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
    )


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("resume_tasks", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_the_tasks_of_a_stopped_worker_are_queued_again_and_audited_and_a_live_workers_are_not():
    orphan = _result(status=TaskResultStatus.RUNNING, worker="maskin-1", started_minutes_ago=2)
    other = _result(status=TaskResultStatus.RUNNING, worker="maskin-2", started_minutes_ago=2)
    done = _result(status=TaskResultStatus.SUCCESSFUL, worker="maskin-1", started_minutes_ago=2)

    assert _run("--worker-id", "maskin-1", "--dry-run")[-1] == "1 interrupted tasks would be resumed"
    assert DBTaskResult.objects.get(pk=orphan.pk).status == TaskResultStatus.RUNNING  # the dry run changed nothing

    assert _run("--worker-id", "maskin-1")[-1] == "1 interrupted tasks resumed"
    statuses = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert statuses == {
        orphan.pk: TaskResultStatus.READY,
        other.pk: TaskResultStatus.RUNNING,
        done.pk: TaskResultStatus.SUCCESSFUL,
    }
    entry = AuditEntry.objects.get(action="task.resume")
    assert entry.changes["task"] == "lofte.core.tasks.send_invitation" and entry.changes["worker"] == "maskin-1"


@pytest.mark.django_db
def test_a_task_running_longer_than_any_task_takes_is_resumed_whatever_its_worker():
    stuck = _result(status=TaskResultStatus.RUNNING, worker="gone", started_minutes_ago=600)
    _result(status=TaskResultStatus.RUNNING, worker="busy", started_minutes_ago=5)
    assert _run("--older-than", "360")[-1] == "1 interrupted tasks resumed"
    assert DBTaskResult.objects.get(pk=stuck.pk).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_the_command_refuses_to_guess_which_tasks_are_orphans():
    with pytest.raises(CommandError):
        call_command("resume_tasks")
    with pytest.raises(CommandError):
        call_command("resume_tasks", "--older-than", "0")
