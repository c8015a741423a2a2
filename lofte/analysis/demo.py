"""Demo step: analyse every demo campaign at once, so `make demo` shows analysed campaigns.

Idempotent: a campaign whose latest run was made from the same answers, taxonomy, model and engine
version is left alone, so loading the demo again does not pile up runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lofte.analysis.models import AnalysisRun
from lofte.analysis.selectors import latest_run, run_is_current
from lofte.analysis.services import analysis_run_execute, analysis_run_start
from lofte.dialogues.models import Campaign

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    if ctx.partnership is None:
        return
    analysed, kept = [], 0
    for campaign in Campaign.objects.filter(partnership=ctx.partnership).order_by("year", "name"):
        if not campaign.dialogues.exists():
            continue
        if run_is_current(latest_run(campaign), campaign):
            kept += 1
            continue
        run = analysis_run_start(campaign=campaign, by=None, enqueue=False)
        run = analysis_run_execute(run_id=run.pk)
        if run.status != AnalysisRun.Status.DONE:
            raise RuntimeError(f"analysis of {campaign} failed: {run.error}")
        analysed.append(f"{campaign.year}: {run.dialogue_count} svar på {run.duration_ms} ms")
    ctx.log.append(f"Analys: {len(analysed)} omgångar analyserade ({'; '.join(analysed) or '–'}), {kept} oförändrade")
