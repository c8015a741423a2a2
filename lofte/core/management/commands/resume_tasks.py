"""Put tasks a killed worker left "running" back in the queue (lofte/core/recovery.py).

manage.py resume_tasks --worker-id NAME      # before that worker starts (deploy/lofte-worker.service)
manage.py resume_tasks --older-than 360      # running for more than 6 hours: its worker is gone
manage.py resume_tasks ... --dry-run         # list them, change nothing
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.core.recovery import tasks_resume


class Command(BaseCommand):
    help = "Put tasks a killed task worker left running back in the queue, to run again from the start."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker-id", help="the id of a worker that is NOT running (db_worker --worker-id)")
        parser.add_argument("--older-than", type=int, metavar="MINUTES", help="tasks running longer than this")
        parser.add_argument("--dry-run", action="store_true", help="list the tasks, change nothing")

    def handle(self, *args: Any, worker_id: str | None, older_than: int | None, dry_run: bool, **options: Any) -> None:
        if worker_id is None and older_than is None:
            raise CommandError("Give --worker-id or --older-than.")
        if older_than is not None and older_than < 1:
            raise CommandError("--older-than must be at least 1 minute.")
        resumed = tasks_resume(
            worker_id=worker_id,
            older_than=timedelta(minutes=older_than) if older_than is not None else None,
            dry_run=dry_run,
        )
        for task in resumed:
            self.stdout.write(f"{task.id} {task.task_path} (worker {task.worker_id}, started {task.started_at})")
        verb = "would be resumed" if dry_run else "resumed"
        self.stdout.write(f"{len(resumed)} interrupted tasks {verb}")
