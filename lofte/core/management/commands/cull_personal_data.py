from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lofte.core.retention import KINDS, RetentionReport, retention_run


class Command(BaseCommand):
    help = (
        "Gallring: apply every organisation's retention schedule (contact requests, import files, cases: close, "
        "delete photos, remove contact details, delete). Run once a day; --dry-run only reports what is due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due per organisation; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        reports = retention_run(dry_run=dry_run)
        for report in reports:
            if report.total or dry_run:
                self._write_report(report, dry_run=dry_run)
        requests = sum(r.counts["contact_requests"] for r in reports)
        files = sum(r.counts["import_files"] for r in reports)
        if dry_run:
            self.stdout.write("Provkörning: inget ändrades.")
        else:
            # The first line operators and their monitoring already read; kept as it was.
            self.stdout.write(f"{requests} kontaktönskemål och {files} importfiler gallrade.")

    def _write_report(self, report: RetentionReport, *, dry_run: bool) -> None:
        self.stdout.write(f"{report.organisation.slug}:")
        for kind in KINDS:
            verb = "att göra" if dry_run else "klart"
            self.stdout.write(f"  {kind.key}: {report.counts[kind.key]} {verb}")
        if report.skipped:
            self.stdout.write(f"  kvar (annat pekar på dem): {report.skipped}")
