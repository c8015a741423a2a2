"""Demo step: analyse every demo campaign at once, so `make demo` shows analysed campaigns.

Idempotent: a campaign whose latest run was made from the same answers, taxonomy, model and engine
version is left alone, so loading the demo again does not pile up runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from lofte.analysis.models import AnalysisRun, Publication
from lofte.analysis.publication import findings_content, publication_publish, publication_review, quote_choices
from lofte.analysis.selectors import latest_run, run_is_current
from lofte.analysis.services import analysis_run_execute, analysis_run_start
from lofte.core.models import User
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
    _publish_latest(ctx)


def _publish_latest(ctx: DemoContext) -> None:
    """'Vad ni sagt' for the latest finished campaign, reviewed and published by the analyst with one quote of
    each of the two most named themes, so the public site has what residents said. Left alone once published."""
    campaigns = Campaign.objects.filter(partnership=ctx.partnership, ends_on__lt=timezone.localdate())
    if Publication.objects.filter(campaign__in=campaigns).exists():
        return
    campaign = next((c for c in campaigns.order_by("-ends_on") if latest_run(c, done=True)), None)
    if campaign is None:
        return
    run = latest_run(campaign, done=True)
    assert run is not None
    analyst = User.objects.get(username="analytiker@sjostad.example")
    top = [t["id"] for t in findings_content(run, quote_keys=[])["themes"][:2]]
    keys = [next(c.key for c in quote_choices(run) if c.theme == theme) for theme in top if run.quotes.get(theme)]
    publication = publication_review(campaign=campaign, by=analyst, quote_keys=keys)
    publication_publish(publication=publication, by=analyst)
    ctx.log.append(f"Vad ni sagt: {campaign.name} publicerad (/p/{ctx.partnership.municipality.slug}/vad-ni-sagt/)")
