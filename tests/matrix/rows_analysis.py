"""The analysis: the partnership overview, taxonomy, model training, campaign page, answers and review."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from lofte.analysis.models import AnalysisRun, CandidateTopic, DialogueCoding, PlaceCandidate
from lofte.dialogues.models import Campaign, Dialogue
from lofte.text import ENGINE_VERSION, load_taxonomy
from tests.matrix.base import OUTSIDER, PARTNERSHIP_ANALYSTS, PARTNERSHIP_MEMBERS, SECTION_INDEX, STAFF, Row

HIDDEN = frozenset({OUTSIDER})
REVIEWERS = PARTNERSHIP_ANALYSTS


def build(world: SimpleNamespace) -> None:
    """A campaign with one answer and a finished run, stored directly (the engine is tested elsewhere)."""
    campaign = Campaign.objects.create(
        partnership=world.partnership,
        year=2023,
        name="Trygghetsdialog 2023",
        slug="analys-2023",
        starts_on=dt.date(2023, 9, 1),
        ends_on=dt.date(2023, 10, 1),
    )
    dialogue = Dialogue.objects.create(
        campaign=campaign,
        channel="field",
        free_text="Mörkt vid stationen",
        conducted_at=dt.datetime(2023, 9, 5, 18, tzinfo=dt.UTC),
    )
    run = AnalysisRun.objects.create(
        campaign=campaign,
        status=AnalysisRun.Status.DONE,
        engine_version=ENGINE_VERSION,
        taxonomy=load_taxonomy().to_json(),
        dialogue_count=1,
        coded_count=1,
        finished_at=timezone.now(),
        duration_ms=5,
    )
    world.analysis_campaign = campaign
    world.coding = DialogueCoding.objects.create(
        run=run,
        dialogue=dialogue,
        themes=["belysning"],
        final_themes=["belysning"],
        theme_scores={"belysning": 0.62},
        triggers={"belysning": ["Mörkt"]},
        times=["darkness"],
        uncertainty=0.7,
    )
    world.topic = CandidateTopic.objects.create(
        run=run,
        label="kamera, fler",
        words=["kamera", "fler"],
        examples=["Fler kameror"],
        size=2,
        dialogue_ids=[dialogue.pk],
    )
    world.place_candidate = PlaceCandidate.objects.create(
        run=run, name="Hagadungen", key="hagadungen", kind="grönområde", count=1, dialogue_ids=[dialogue.pk]
    )


def _campaign(w: SimpleNamespace) -> dict:
    return {"slug": w.analysis_campaign.slug}


ROWS = [
    Row("analysis:index", allowed=STAFF, ok=SECTION_INDEX),
    Row("analysis:partnership", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("analysis:themes", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "analysis:themes",
        lambda w: {"slug": w.partnership.slug},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        data=lambda w: {"label_sv": "Kameror", "terms": "kamera: 3"},
        ok=302,
    ),
    Row(
        "analysis:theme_edit",
        lambda w: {"slug": w.partnership.slug, "theme_id": "belysning"},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
    ),
    Row(
        "analysis:theme_edit",
        lambda w: {"slug": w.partnership.slug, "theme_id": "belysning"},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        data=lambda w: {"label_sv": "Ljus", "terms": "belysning: 3"},
        ok=302,
    ),
    Row(
        "analysis:theme_retire",
        lambda w: {"slug": w.partnership.slug, "theme_id": "trafik"},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "analysis:model_train",
        lambda w: {"slug": w.partnership.slug},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("analysis:campaign", _campaign, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("analysis:run_start", _campaign, method="post", allowed=REVIEWERS, hidden=HIDDEN, ok=302),
    Row("analysis:answers", _campaign, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "analysis:answers", _campaign, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN, query="theme=belysning&time=darkness"
    ),
    Row(
        "analysis:review",
        lambda w: {"slug": w.analysis_campaign.slug, "pk": w.coding.pk},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        data=lambda w: {"action": "accept"},
        ok=302,
    ),
    Row(
        "analysis:bulk",
        _campaign,
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        data=lambda w: {"action": "accept", "confirm": "on", "shown": str(w.coding.pk)},
        ok=302,
    ),
    Row(
        "analysis:topic_to_theme",
        lambda w: {"slug": w.analysis_campaign.slug, "pk": w.topic.pk},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        data=lambda w: {f"topic{w.topic.pk}-label_sv": "Kameror"},
        ok=302,
    ),
    Row("analysis:place_candidates", _campaign, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "analysis:place_candidate_add",
        lambda w: {"slug": w.analysis_campaign.slug, "pk": w.place_candidate.pk},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "analysis:place_candidate_dismiss",
        lambda w: {"slug": w.analysis_campaign.slug, "pk": w.place_candidate.pk},
        method="post",
        allowed=REVIEWERS,
        hidden=HIDDEN,
        ok=302,
    ),
]
