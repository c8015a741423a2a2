from __future__ import annotations

from collections.abc import Callable

from lofte.situation.management.commands._source_import import SourceImportCommand
from lofte.situation.models import SourceImport
from lofte.situation.services import crime_statistics_import


class Command(SourceImportCommand):
    help = "Import Brå's reported crime per kommun, year and category (CSV/xlsx); all or nothing."
    label = "reported crime"

    def importer(self) -> Callable[..., SourceImport]:
        return crime_statistics_import
