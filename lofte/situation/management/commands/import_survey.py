from __future__ import annotations

from collections.abc import Callable

from lofte.situation.management.commands._source_import import SourceImportCommand
from lofte.situation.models import SourceImport
from lofte.situation.services import survey_import


class Command(SourceImportCommand):
    help = "Import trygghetsmätning answers or aggregated results (CSV/xlsx); all or nothing."
    label = "survey results"

    def importer(self) -> Callable[..., SourceImport]:
        return survey_import
