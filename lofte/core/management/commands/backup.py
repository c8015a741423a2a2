"""`manage.py backup PATH`: one file with the database and the uploaded files (see lofte/core/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lofte.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Skriv databasen och de uppladdade filerna till en fil (säker medan Löfte körs)."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("path", type=Path, help="filen att skriva, t.ex. /var/backups/lofte/lofte-2026-12-03.tar")

    def handle(self, *args, path: Path, **options) -> None:  # type: ignore[no-untyped-def]
        try:
            manifest = backup_write(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{path}: {manifest['engine']}-databasen och {len(manifest['files'])} filer")
