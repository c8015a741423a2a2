"""The partnership source commands: read a file, call the service, print what it did or every row error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.core.models import Partnership
from lofte.situation.models import SourceImport
from lofte.situation.tabledata import ImportRejected


class SourceImportCommand(BaseCommand):
    label = ""

    def importer(self) -> Callable[..., SourceImport]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="the partnership's slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"no partnership {options['partnership']!r}")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            result = self.importer()(partnership=partnership, data=data, filename=path.name, by=None)
        except ImportRejected as rejected:
            raise CommandError(f"{path.name}: nothing stored\n" + "\n".join(rejected.errors)) from rejected
        self.stdout.write(
            f"{self.label}: {result.rows_new} new, {result.rows_updated} updated, {result.rows_unchanged} unchanged"
        )
