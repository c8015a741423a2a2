from __future__ import annotations

from collections.abc import Callable

from lofte.situation.management.commands._source_import import SourceImportCommand
from lofte.situation.models import SourceImport
from lofte.situation.services import incidents_import


class Command(SourceImportCommand):
    help = "Import geocoded incidents (CSV/xlsx) for a partnership; all or nothing."
    label = "incidents"

    def importer(self) -> Callable[..., SourceImport]:
        return incidents_import
