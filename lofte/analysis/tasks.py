"""Background work of the analysis: thin, takes ids and calls a service."""

from __future__ import annotations

from django.tasks import task

from lofte.analysis.services import analysis_run_execute


@task()
def analyse_campaign(*, run_id: int) -> None:
    analysis_run_execute(run_id=run_id)
