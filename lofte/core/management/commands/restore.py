"""`manage.py restore PATH`: a backup into an EMPTY installation; refuses anything else (lofte/core/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lofte.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Återställ en säkerhetskopia från `manage.py backup` till en tom installation."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path, help="säkerhetskopian (en fil från manage.py backup)")

    def handle(self, *args, path: Path, **options) -> None:  # type: ignore[no-untyped-def]
        if not path.is_file():
            raise CommandError(f"{path} finns inte.")
        try:
            manifest = backup_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Återställd från {path} (gjord {manifest['created']}): databasen och {len(manifest['files'])} filer. "
            "Kör `manage.py migrate` om koden är nyare än säkerhetskopian."
        )
