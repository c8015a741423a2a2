"""Record and queue today's reminders about quiet commitments (run daily by deploy/lofte-daily.service)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lofte.promises.reminders import commitment_reminders_due


class Command(BaseCommand):
    help = "E-mail the owners of commitments with no activity for the promise's reminder weeks (once a period)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="Run as of this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        reminders = commitment_reminders_due(today=options["date"])
        self.stdout.write(f"{len(reminders)} reminders queued")
