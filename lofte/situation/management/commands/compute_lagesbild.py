"""manage.py compute_lagesbild --partnership SLUG --year YEAR: compute and store one year's lägesbild."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.core.models import Partnership
from lofte.situation.services import report_compute


class Command(BaseCommand):
    help = "Compute the lägesbild's dataset of one partnership and year from every source and store it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's short name (slug).")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, partnership: str, year: int, **options: Any) -> None:
        found = Partnership.objects.select_related("municipality", "police_area").filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"Ingen samverkan med kortnamnet {partnership!r}.")
        started = time.perf_counter()
        report = report_compute(partnership=found, year=year, by=None)
        sources = report.dataset["sources"]
        self.stdout.write(
            f"Lägesbild {year} för {found}: {sources['dialogues']['count']} dialoger, "
            f"{sources['police_events']['count']} polishändelser, {sources['incidents']['count']} geokodade "
            f"händelser, {len(report.dataset['hotspots'])} hotspots på {1000 * (time.perf_counter() - started):.0f} ms."
        )
