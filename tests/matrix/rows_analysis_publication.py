"""'Vad ni sagt': the analysts' review and publish page (partnership analysts and admins) and the public page."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from lofte.analysis.models import AnalysisRun, Publication
from lofte.dialogues.models import Campaign
from tests.matrix.base import EVERYONE, OUTSIDER, PARTNERSHIP_ANALYSTS, Row

CONTENT = {
    "version": 1,
    "campaign": {
        "name": "Dialog 2022",
        "slug": "publicering-2022",
        "year": 2022,
        "starts_on": "2022-09-01",
        "ends_on": "2022-10-01",
    },
    "dialogues": 1,
    "with_theme": 1,
    "themes": [{"id": "belysning", "sv": "Belysning", "en": "Lighting", "count": 1}],
    "areas": [],
    "times": [],
    "quotes": [{"theme": "belysning", "text": "Mörkt vid stationen"}],
}


def build(world: SimpleNamespace) -> None:
    campaign = Campaign.objects.create(
        partnership=world.partnership,
        year=2022,
        name="Dialog 2022",
        slug="publicering-2022",
        starts_on=dt.date(2022, 9, 1),
        ends_on=dt.date(2022, 10, 1),
    )
    run = AnalysisRun.objects.create(
        campaign=campaign,
        status=AnalysisRun.Status.DONE,
        dialogue_count=1,
        coded_count=1,
        quotes={"belysning": ["Mörkt vid stationen"]},
        report={"version": 1, "counts": {"": 1, "theme\x1fbelysning": 1}, "place_names": {}},
        finished_at=timezone.now(),
    )
    Publication.objects.create(
        campaign=campaign,
        run=run,
        reviewed_content=CONTENT,
        reviewed_at=timezone.now(),
        content=CONTENT,
        published_at=timezone.now(),
    )
    world.publication_campaign = campaign


def _campaign(w: SimpleNamespace) -> dict:
    return {"slug": w.publication_campaign.slug}


ROWS = [
    Row("analysis:publication", _campaign, allowed=PARTNERSHIP_ANALYSTS, hidden=frozenset({OUTSIDER})),
    Row(
        "analysis:publication",
        _campaign,
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=frozenset({OUTSIDER}),
        method="post",
        data=lambda w: {"quotes": ["belysning:0"], "confirm": "on"},
        ok=302,
    ),
    Row(
        "analysis:publication_publish",
        _campaign,
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=frozenset({OUTSIDER}),
        method="post",
        ok=302,
    ),
    Row(
        "analysis:publication_unpublish",
        _campaign,
        allowed=PARTNERSHIP_ANALYSTS,
        hidden=frozenset({OUTSIDER}),
        method="post",
        ok=302,
    ),
    Row("analysis_public:findings", lambda w: {"slug": w.sjostad.slug}, allowed=EVERYONE, public=True),
    Row(
        "analysis_public:findings_campaign",
        lambda w: {"slug": w.sjostad.slug, "campaign": w.publication_campaign.slug},
        allowed=EVERYONE,
        public=True,
    ),
]
