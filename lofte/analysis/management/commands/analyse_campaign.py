"""manage.py analyse_campaign SLUG [--sync]: queue (or run at once) an analysis of one campaign."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lofte.analysis.models import AnalysisRun
from lofte.analysis.services import analysis_run_execute, analysis_run_start
from lofte.dialogues.models import Campaign


class Command(BaseCommand):
    help = "Analyse a campaign's answers with the text engine (queued for the worker, or at once with --sync)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The campaign's short name (slug).")
        parser.add_argument("--sync", action="store_true", help="Run in this process instead of the task queue.")

    def handle(self, *args: Any, slug: str, sync: bool, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"Ingen dialogomgång med kortnamnet {slug!r}.")
        run = analysis_run_start(campaign=campaign, by=None, enqueue=not sync)
        if not sync:
            self.stdout.write(f"Analysen av {campaign} ligger i kö (körning {run.pk}).")
            return
        run = analysis_run_execute(run_id=run.pk)
        if run.status != AnalysisRun.Status.DONE:
            raise CommandError(f"Analysen misslyckades: {run.error}")
        self.stdout.write(
            f"{campaign}: {run.dialogue_count} svar kodade på {run.duration_ms} ms "
            f"({run.coded_count} med tema, {run.uncoded_count} utan), motor {run.engine_version}, "
            f"modell {run.model_version or '–'}."
        )
