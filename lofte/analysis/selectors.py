"""Reads for the analysis: the engine a partnership's taxonomy, places and model make, and run lookups."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.translation import get_language

from lofte.analysis.models import AnalysisRun, CodingCorrection, DialogueCoding, ThemeDefinition, TrainedModel
from lofte.core.models import Area, Partnership, Place
from lofte.dialogues.models import Campaign, Dialogue, Question
from lofte.text import ENGINE_VERSION, Engine, Gazetteer, Model, PlaceEntry, Taxonomy, Theme, load_taxonomy

AREA_PREFIX = "area-"


def theme_to_engine(definition: ThemeDefinition) -> Theme:
    label = {"sv": definition.label_sv}
    if definition.label_en:
        label["en"] = definition.label_en
    return Theme(
        id=definition.theme_id,
        label=label,
        description=definition.description,
        terms={str(k): float(v) for k, v in (definition.terms or {}).items()},
        residual=definition.residual,
        retired=definition.is_retired,
    )


def partnership_taxonomy(partnership: Partnership) -> Taxonomy:
    """The partnership's taxonomy as the engine reads it; the shipped default until it has its own."""
    definitions = list(ThemeDefinition.objects.filter(partnership=partnership))
    if not definitions:
        return load_taxonomy()
    default = load_taxonomy()
    return Taxonomy(
        themes=tuple(theme_to_engine(d) for d in definitions),
        negation=default.negation,
        name=partnership.name,
        version=1,
    )


def taxonomy_hash(taxonomy: Taxonomy) -> str:
    return hashlib.sha256(json.dumps(taxonomy.to_json(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def partnership_gazetteer(partnership: Partnership) -> Gazetteer:
    """The parties' named places (with aliases) and areas. Place ids are the Place pk as a string."""
    organisation_ids = partnership.organisation_ids()
    entries = [
        PlaceEntry(id=str(p.pk), name=p.name, aliases=list(p.aliases or []), kind=p.kind)
        for p in Place.objects.filter(organisation_id__in=organisation_ids)
    ]
    entries += [
        PlaceEntry(id=f"{AREA_PREFIX}{a.pk}", name=a.name, kind="area")
        for a in Area.objects.filter(organisation_id__in=organisation_ids)
    ]
    return Gazetteer(entries)


def latest_trained_model(partnership: Partnership) -> TrainedModel | None:
    return TrainedModel.objects.filter(partnership=partnership).order_by("-version").first()


def partnership_engine(partnership: Partnership, *, with_model: bool = True) -> tuple[Engine, TrainedModel | None]:
    trained = latest_trained_model(partnership) if with_model else None
    model = Model.from_json(json.loads(trained.data)) if trained is not None else None
    engine = Engine(partnership_taxonomy(partnership), partnership_gazetteer(partnership), model)
    return engine, trained


def theme_labels(partnership: Partnership, language: str | None = None) -> dict[str, str]:
    """Every theme id the partnership ever had (retired ones too: old runs name them) -> its label in
    ``language`` (the active one by default); Swedish where the taxonomy has no English name."""
    english = (language or get_language() or "sv").startswith("en")
    labels = {t.id: t.label_in("en" if english else "sv") for t in load_taxonomy().themes}
    for theme_id, label_sv, label_en in ThemeDefinition.objects.filter(partnership=partnership).values_list(
        "theme_id", "label_sv", "label_en"
    ):
        labels[theme_id] = (label_en if english else "") or label_sv
    return labels


def latest_run(campaign: Campaign, *, done: bool = False) -> AnalysisRun | None:
    runs = AnalysisRun.objects.filter(campaign=campaign)
    if done:
        runs = runs.filter(status=AnalysisRun.Status.DONE)
    return runs.order_by("-queued_at", "-pk").first()


def not_analysed_count(campaign: Campaign, run: AnalysisRun) -> int:
    """Answers of the campaign that came in after ``run`` was made: the page's numbers do not count them yet."""
    return Dialogue.objects.filter(campaign=campaign).exclude(codings__run=run).count()


def previous_year_campaign(campaign: Campaign) -> Campaign | None:
    """The partnership's campaign of the year before that has a finished run (the first by name if several)."""
    return (
        Campaign.objects.filter(
            partnership_id=campaign.partnership_id,
            year=campaign.year - 1,
            analysis_runs__status=AnalysisRun.Status.DONE,
        )
        .order_by("name")
        .distinct()
        .first()
    )


def campaign_dialogues(campaign: Campaign) -> list[Dialogue]:
    return list(
        Dialogue.objects.filter(campaign=campaign)
        .order_by("pk")
        .only("pk", "free_text", "answers", "updated_at", "place_id", "area_id", "age_band", "gender", "target_group")
    )


def time_question_keys(campaign: Campaign) -> list[str]:
    return list(Question.objects.filter(campaign=campaign, kind=Question.Kind.TIME).values_list("key", flat=True))


def place_question_keys(campaign: Campaign) -> list[str]:
    return list(Question.objects.filter(campaign=campaign, kind=Question.Kind.PLACE).values_list("key", flat=True))


def data_hash(dialogues: list[Dialogue]) -> str:
    """Changes when an answer is added, removed or edited: a run on unchanged data need not be repeated."""
    digest = hashlib.sha256()
    for d in dialogues:
        digest.update(f"{d.pk}\x1f{d.free_text}\x1f{json.dumps(d.answers, sort_keys=True, default=str)}\x1e".encode())
    return digest.hexdigest()


def run_fingerprint(campaign: Campaign) -> dict[str, Any]:
    """What a new run of ``campaign`` would be made from: compared with the latest run to skip repeats."""
    taxonomy = partnership_taxonomy(campaign.partnership)
    trained = latest_trained_model(campaign.partnership)
    return {
        "engine_version": ENGINE_VERSION,
        "taxonomy_hash": taxonomy_hash(taxonomy),
        "model_version": trained.version if trained else None,
        "data_hash": data_hash(campaign_dialogues(campaign)),
    }


def run_is_current(run: AnalysisRun | None, campaign: Campaign) -> bool:
    if run is None or run.status != AnalysisRun.Status.DONE:
        return False
    now = run_fingerprint(campaign)
    return (run.engine_version, run.taxonomy_hash, run.model_version, run.data_hash) == (
        now["engine_version"],
        now["taxonomy_hash"],
        now["model_version"],
        now["data_hash"],
    )


def latest_corrections(
    dialogue_ids: list[int] | None = None, *, partnership: Partnership | None = None
) -> dict[int, CodingCorrection]:
    """The latest verdict per answer: the one that counts (earlier ones are history)."""
    qs = CodingCorrection.objects.order_by("dialogue_id", "-at", "-pk")
    if dialogue_ids is not None:
        qs = qs.filter(dialogue_id__in=dialogue_ids)
    if partnership is not None:
        qs = qs.filter(dialogue__campaign__partnership=partnership)
    latest: dict[int, CodingCorrection] = {}
    for correction in qs.iterator():
        latest.setdefault(correction.dialogue_id, correction)
    return latest


def unreviewed_codings(partnership: Partnership, *, exclude: set[int]) -> list[tuple[str, list[str]]]:
    """(text, themes) of every answer nobody reviewed, as the latest finished run of its campaign codes it.

    Training reads them as weak evidence: they hold the model to the lexicon where the analysts said nothing.
    """
    runs: dict[int, int] = {}
    done = AnalysisRun.objects.filter(campaign__partnership=partnership, status=AnalysisRun.Status.DONE)
    for run_id, campaign_id in done.order_by("-queued_at", "-pk").values_list("pk", "campaign_id"):
        runs.setdefault(campaign_id, run_id)
    rows = (
        DialogueCoding.objects.filter(run_id__in=runs.values(), reviewed=False)
        .exclude(dialogue_id__in=exclude)
        .order_by("dialogue_id")
        .values_list("dialogue__free_text", "themes")
    )
    return [(text, list(themes)) for text, themes in rows if text.strip()]
