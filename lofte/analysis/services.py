"""Every write of the analysis: the taxonomy, runs, reviews, training and topics."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lofte.analysis.models import (
    AnalysisRun,
    CandidateTopic,
    CodingCorrection,
    DialogueCoding,
    ThemeDefinition,
    TrainedModel,
)
from lofte.analysis.place_candidates import place_candidates_store
from lofte.analysis.report import coding_keys, coding_tags, report_data, report_is_current, report_shift, run_codings
from lofte.analysis.selectors import (
    AREA_PREFIX,
    campaign_dialogues,
    data_hash,
    latest_corrections,
    latest_run,
    latest_trained_model,
    partnership_engine,
    partnership_taxonomy,
    place_question_keys,
    taxonomy_hash,
    time_question_keys,
    unreviewed_codings,
)
from lofte.core.audit import audit_log, diff, snapshot
from lofte.core.models import Partnership, User
from lofte.dialogues.models import Campaign, Dialogue
from lofte.text import (
    ENGINE_VERSION,
    Engine,
    Model,
    discover_topics,
    load_taxonomy,
    representative_quotes,
    review_order,
)
from lofte.text import topic_to_theme as engine_topic_to_theme
from lofte.text.topics import Topic

logger = logging.getLogger(__name__)

THEME_FIELDS = ["label_sv", "label_en", "description", "terms", "retired_at"]
# The time question's options, in the engine's words ("day" in the questionnaire is "daytime" there).
TIME_ANSWER_TO_ENGINE = {
    "morning": "morning",
    "day": "daytime",
    "evening": "evening",
    "night": "night",
    "weekday": "weekday",
    "weekend": "weekend",
}
TIME_ORDER = (
    "morning",
    "daytime",
    "afternoon",
    "evening",
    "night",
    "weekday",
    "weekend",
    "spring",
    "summer",
    "autumn",
    "winter",
    "darkness",
    "holiday",
    "always",
)


class AnalysisError(Exception):
    """A write the analysis refuses, with a message for the analyst (Swedish)."""


# -- the taxonomy -------------------------------------------------------------------------------------------
@transaction.atomic
def themes_seed(*, partnership: Partnership, by: User | None) -> int:
    """Give the partnership its own copy of the default taxonomy (the 17 themes, ids as shipped). Idempotent."""
    if ThemeDefinition.objects.filter(partnership=partnership).exists():
        return 0
    created = 0
    for position, theme in enumerate(load_taxonomy().themes):
        definition = ThemeDefinition.objects.create(
            partnership=partnership,
            theme_id=theme.id,
            label_sv=theme.label_in("sv"),
            label_en=theme.label.get("en", ""),
            description=theme.description,
            terms=dict(theme.terms),
            residual=theme.residual,
            position=position * 10,
        )
        created += 1
        del definition
    audit_log(actor=by, action="analysis.themes_seed", target=partnership, changes={"themes": created})
    return created


@transaction.atomic
def theme_update(
    *, theme: ThemeDefinition, by: User, label_sv: str, label_en: str, description: str, terms: dict[str, float]
) -> ThemeDefinition:
    before = snapshot(theme, THEME_FIELDS)
    theme.label_sv, theme.label_en, theme.description, theme.terms = label_sv, label_en, description, terms
    theme.save(update_fields=["label_sv", "label_en", "description", "terms", "updated_at"])
    audit_log(
        actor=by, action="analysis.theme_update", target=theme, changes=diff(before, snapshot(theme, THEME_FIELDS))
    )
    return theme


@transaction.atomic
def theme_create(
    *,
    partnership: Partnership,
    by: User,
    theme_id: str,
    label_sv: str,
    label_en: str = "",
    description: str = "",
    terms: dict[str, float] | None = None,
) -> ThemeDefinition:
    themes_seed(partnership=partnership, by=by)
    if ThemeDefinition.objects.filter(partnership=partnership, theme_id=theme_id).exists():
        raise AnalysisError(_("Det finns redan ett tema med id %(id)s.") % {"id": theme_id})
    residual = ThemeDefinition.objects.filter(partnership=partnership, residual=True).first()
    last = ThemeDefinition.objects.filter(partnership=partnership, residual=False).order_by("-position").first()
    position = (last.position if last else 0) + 1
    if residual is not None and residual.position <= position:
        ThemeDefinition.objects.filter(pk=residual.pk).update(position=position + 1)
    try:
        with transaction.atomic():
            theme = ThemeDefinition.objects.create(
                partnership=partnership,
                theme_id=theme_id,
                label_sv=label_sv,
                label_en=label_en,
                description=description,
                terms=terms or {},
                position=position,
            )
    except IntegrityError as error:
        raise AnalysisError(_("Det finns redan ett tema med id %(id)s.") % {"id": theme_id}) from error
    audit_log(actor=by, action="analysis.theme_create", target=theme, changes=snapshot(theme, THEME_FIELDS))
    return theme


@transaction.atomic
def theme_retire(*, theme: ThemeDefinition, by: User) -> ThemeDefinition:
    """Retired themes leave new runs; stored runs keep them, so the history still reads right."""
    if theme.residual:
        raise AnalysisError(_("Restkategorin kan inte pensioneras."))
    if theme.retired_at is None:
        theme.retired_at = timezone.now()
        theme.save(update_fields=["retired_at", "updated_at"])
        audit_log(actor=by, action="analysis.theme_retire", target=theme)
    return theme


@transaction.atomic
def theme_restore(*, theme: ThemeDefinition, by: User) -> ThemeDefinition:
    if theme.retired_at is not None:
        theme.retired_at = None
        theme.save(update_fields=["retired_at", "updated_at"])
        audit_log(actor=by, action="analysis.theme_restore", target=theme)
    return theme


def topic_from_row(topic: CandidateTopic) -> Topic:
    return Topic(label=topic.label, words=list(topic.words), examples=list(topic.examples), size=topic.size)


# Words that say how something feels or is, not what it is about: never a new theme's terms.
_GENERIC = """trygg otrygg trygghet otrygghet tryggare bra dålig dåligt sämre bättre gammal gamla ny nya
fortsätta fortsätt sätt känna känner känns tycka tycker tror mycket mer fler lite många inget ingen alla vet
nog ganska jättebra okej kanske behöva behövs göra gör finnas finns vara bli blir ha"""
GENERIC_WORDS = frozenset(_GENERIC.split())
# A lower weight than a lexicon word that "räcker ensamt" (2): the new theme needs two of its words.
TOPIC_TERM_WEIGHT = 1.0
# A word in more than this share of the run's other answers is common talk, not the topic's own.
TOPIC_COMMON_SHARE = 0.05


def topic_terms(topic: CandidateTopic) -> dict[str, float]:
    """The topic's distinctive words, at low weight: no generic evaluative words, none common outside it."""
    members = set(topic.dialogue_ids)
    others = [
        text.lower()
        for pk, text in DialogueCoding.objects.filter(run=topic.run)
        .exclude(dialogue_id__in=members)
        .values_list("dialogue_id", "dialogue__free_text")
        if pk not in members
    ]
    terms: dict[str, float] = {}
    for word in topic.words:
        word = " ".join(str(word).lower().split())
        if not word or len(word) < 3 or word in GENERIC_WORDS or word in terms:
            continue
        common = sum(1 for text in others if word in text)
        if others and common > max(2, TOPIC_COMMON_SHARE * len(others)):
            continue
        terms[word] = TOPIC_TERM_WEIGHT
        if len(terms) == 8:
            break
    return terms


@transaction.atomic
def topic_promote(*, topic: CandidateTopic, by: User, theme_id: str, label_sv: str) -> ThemeDefinition:
    """Turn a candidate topic into a theme whose lexicon is the topic's distinctive words, at low weight.

    The analyst sees and edits the words next (the theme's edit page); no word alone codes the theme.
    """
    if topic.promoted_to_id is not None:
        raise AnalysisError(_("Ämnet är redan ett tema."))
    engine_theme = engine_topic_to_theme(topic_from_row(topic), theme_id, label_sv)
    theme = theme_create(
        partnership=topic.run.campaign.partnership,
        by=by,
        theme_id=engine_theme.id,
        label_sv=label_sv,
        description=engine_theme.description,
        terms=topic_terms(topic),
    )
    topic.promoted_to = theme
    topic.save(update_fields=["promoted_to"])
    audit_log(actor=by, action="analysis.topic_promote", target=topic, changes={"theme": theme.theme_id})
    return theme


# -- runs ---------------------------------------------------------------------------------------------------
def analysis_run_start(*, campaign: Campaign, by: User | None, enqueue: bool = True) -> AnalysisRun:
    """Queue a run of the campaign; a run already queued or running is returned instead of a second one."""
    from lofte.analysis.tasks import analyse_campaign

    try:
        with transaction.atomic():
            themes_seed(partnership=campaign.partnership, by=by)
            run = AnalysisRun.objects.create(campaign=campaign, requested_by=by, status=AnalysisRun.Status.QUEUED)
            audit_log(actor=by, action="analysis.run_start", target=run)
            if enqueue:
                transaction.on_commit(lambda: analyse_campaign.enqueue(run_id=run.pk))
    except IntegrityError:
        active = AnalysisRun.objects.filter(campaign=campaign, status__in=["queued", "running"]).first()
        if active is None:
            raise
        return active
    return run


def _dialogue_places(dialogue: Dialogue, engine_places: list[dict], place_keys: list[str]) -> list[dict]:
    """Named places the answer mentions, plus the place picked in a place question (each once)."""
    out: list[dict] = []
    seen: set[str] = set()
    for p in engine_places:
        key = p["id"] if p["id"] is not None else f"~{p['name']}"
        if key in seen:
            continue
        seen.add(key)
        out.append({"id": p["id"], "name": p["name"], "kind": p["kind"]})
    for qkey in place_keys:
        value = (dialogue.answers or {}).get(qkey)
        if not isinstance(value, dict):
            continue
        if value.get("place_id") is not None:
            key = str(value["place_id"])
        elif value.get("area_id") is not None:
            key = f"{AREA_PREFIX}{value['area_id']}"
        else:
            continue
        if key not in seen:
            seen.add(key)
            out.append({"id": key, "name": str(value.get("name") or key), "kind": "answer"})
    return out


def _dialogue_times(dialogue: Dialogue, engine_times: list[str], time_keys: list[str]) -> list[str]:
    """When the answer says it is unsafe: what was written and what was ticked in a time question."""
    found = set(engine_times)
    for qkey in time_keys:
        value = (dialogue.answers or {}).get(qkey)
        values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        found.update(TIME_ANSWER_TO_ENGINE[v] for v in values if v in TIME_ANSWER_TO_ENGINE)
    return [t for t in TIME_ORDER if t in found] + sorted(found - set(TIME_ORDER))


def answer_segments(free_text: str) -> list[str]:
    """A dialogue's free text is its text answers joined with newlines: the single answers, blanks left out."""
    return [line.strip() for line in free_text.split("\n") if line.strip()]


def _theme_quotes(engine: Engine, texts: list[str]) -> dict[str, list[str]]:
    """Per theme up to three short, redacted, typical single answers that carry the theme (not whole dialogues)."""
    segments = [segment for text in texts for segment in answer_segments(text)]
    if not segments:
        return {}
    codings = engine.code_many(segments)
    residual = engine.taxonomy.residual_id
    return {
        theme: quotes
        for theme in engine.taxonomy.ids
        if theme != residual and (quotes := representative_quotes(segments, codings, theme, n=3))
    }


def analysis_run_execute(*, run_id: int) -> AnalysisRun:
    """Code every answer of the run's campaign, store the codings, topics and quotes. Failures are recorded."""
    run = AnalysisRun.objects.select_related("campaign__partnership").get(pk=run_id)
    if run.status not in (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING):
        return run
    started = time.perf_counter()
    run.status, run.started_at = AnalysisRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        with transaction.atomic():
            _execute(run)
    except Exception as error:
        logger.exception("analysis run %s failed", run.pk)
        run.refresh_from_db()
        run.status = AnalysisRun.Status.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
    run.finished_at = timezone.now()
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.save(update_fields=["status", "error", "finished_at", "duration_ms"])
    return run


def _retrain_if_behind(partnership: Partnership) -> None:
    """An analyst's corrections change the next run by themselves: when verdicts were given after the model
    was trained (or no model exists yet) and there are enough of them, the run trains a new model first."""
    verdicts = latest_corrections(partnership=partnership)
    if len(verdicts) < MIN_REVIEWED:
        return
    last = latest_trained_model(partnership)
    if last is None or max(v.at for v in verdicts.values()) > last.trained_at:
        analysis_model_train(partnership=partnership, by=None)


def _execute(run: AnalysisRun) -> None:
    campaign = run.campaign
    partnership = campaign.partnership
    _retrain_if_behind(partnership)
    engine, trained = partnership_engine(partnership)
    dialogues = campaign_dialogues(campaign)
    texts = [d.free_text for d in dialogues]
    codings = engine.code_many(texts)
    ranks = {index: rank for rank, index in enumerate(review_order(codings))}
    verdicts = latest_corrections([d.pk for d in dialogues])
    active = set(engine.taxonomy.ids)
    time_keys, place_keys = time_question_keys(campaign), place_question_keys(campaign)
    rows: list[DialogueCoding] = []
    carried = 0
    for index, (dialogue, coding) in enumerate(zip(dialogues, codings, strict=True)):
        data = coding.to_json()
        row = DialogueCoding(
            run=run,
            dialogue=dialogue,
            themes=coding.themes,
            theme_scores=coding.theme_scores,
            triggers=coding.triggers,
            places=_dialogue_places(dialogue, data["places"], place_keys),
            times=_dialogue_times(dialogue, coding.times, time_keys),
            uncertainty=coding.uncertainty,
            review_rank=ranks[index],
            final_themes=list(coding.themes),
        )
        verdict = verdicts.get(dialogue.pk)
        # An analyst's verdict outlives the run, as long as the answer still reads the same.
        if verdict is not None and verdict.text == dialogue.free_text:
            row.final_themes = [t for t in verdict.themes if t in active]
            row.reviewed, row.reviewed_by_id, row.reviewed_at = True, verdict.by_id, verdict.at
            carried += 1
        row.tags = coding_tags(row)
        rows.append(row)
    DialogueCoding.objects.bulk_create(rows, batch_size=500)
    place_candidates_store(run=run, engine=engine, dialogues=dialogues, codings=codings)

    residual = engine.taxonomy.residual_id
    topics = discover_topics(texts, codings=codings) if texts else []
    CandidateTopic.objects.bulk_create(
        CandidateTopic(
            run=run,
            position=i,
            label=t.label,
            words=t.words,
            examples=t.examples,
            size=t.size,
            dialogue_ids=[dialogues[m].pk for m in t.members],
        )
        for i, t in enumerate(topics)
    )
    run.quotes = _theme_quotes(engine, texts)
    run.engine_version = ENGINE_VERSION
    run.taxonomy = engine.taxonomy.to_json()
    run.taxonomy_hash = taxonomy_hash(engine.taxonomy)
    run.model, run.model_version = trained, trained.version if trained else None
    run.data_hash = data_hash(dialogues)
    run.dialogue_count = len(rows)
    run.uncoded_count = sum(1 for c in codings if not [t for t in c.themes if t != residual])
    run.coded_count = len(rows) - run.uncoded_count
    run.carried_reviews = carried
    run.report = report_data(rows)
    run.status = AnalysisRun.Status.DONE
    run.error = ""
    run.save()
    audit_log(
        actor=None,
        action="analysis.run_done",
        target=run,
        changes={"dialogues": run.dialogue_count, "engine_version": ENGINE_VERSION, "model_version": run.model_version},
    )


@transaction.atomic
def analysis_run_report_refresh(*, run: AnalysisRun) -> AnalysisRun:
    """Make the run's page counts and its codings' filter words again: for a run made before they were stored,
    or whose answers were removed since. A run whose counts are current is returned as it is."""
    run = AnalysisRun.objects.select_for_update().select_related("campaign").get(pk=run.pk)
    if report_is_current(run.report, DialogueCoding.objects.filter(run=run).count()):
        return run
    codings = list(
        run_codings(run).only("pk", "dialogue", "final_themes", "times", "places", "tags", *CODING_DIALOGUE_FIELDS)
    )
    changed = []
    for coding in codings:
        tags = coding_tags(coding)
        if coding.tags != tags:
            coding.tags = tags
            changed.append(coding)
    DialogueCoding.objects.bulk_update(changed, ["tags"], batch_size=500)
    run.report = report_data(codings)
    run.save(update_fields=["report"])
    return run


# What the counts read of an answer's dialogue (report.values_of).
CODING_DIALOGUE_FIELDS = ("dialogue__area", "dialogue__age_band", "dialogue__gender", "dialogue__target_group")


# -- reviews ------------------------------------------------------------------------------------------------
def _review(coding: DialogueCoding, *, by: User, themes: list[str] | None) -> CodingCorrection:
    final = list(coding.final_themes) if themes is None else themes
    kind = CodingCorrection.Kind.ACCEPTED if final == list(coding.themes) else CodingCorrection.Kind.CORRECTED
    before = {"final_themes": list(coding.final_themes), "reviewed": coding.reviewed}
    counted_before = coding_keys(coding)
    now = timezone.now()
    coding.final_themes, coding.reviewed, coding.reviewed_by, coding.reviewed_at = final, True, by, now
    coding.tags = coding_tags(coding)
    coding.save(update_fields=["final_themes", "tags", "reviewed", "reviewed_by", "reviewed_at"])
    # The run's stored counts follow the review; the row lock keeps two analysts' reviews from losing one.
    run = AnalysisRun.objects.select_for_update().only("pk", "report").get(pk=coding.run_id)
    if report_is_current(run.report):
        assert run.report is not None
        report_shift(run.report, remove=counted_before, add=coding_keys(coding))
        run.save(update_fields=["report"])
    correction = CodingCorrection.objects.create(
        dialogue_id=coding.dialogue_id,
        coding=coding,
        kind=kind,
        engine_themes=list(coding.themes),
        themes=final,
        text=coding.dialogue.free_text,
        by=by,
    )
    audit_log(
        actor=by,
        action=f"analysis.coding_{kind}",
        target=coding,
        changes=diff(before, {"final_themes": final, "reviewed": True}),
    )
    return correction


def _clean_themes(coding: DialogueCoding, themes: Iterable[str], *, carried: bool = False) -> list[str]:
    """Known active themes in taxonomy order; the residual theme never goes with another (a coding rule)."""
    order = [t["id"] for t in coding.run.taxonomy.get("themes", []) if not t.get("retired")]
    residual = next((t["id"] for t in coding.run.taxonomy.get("themes", []) if t.get("residual")), None)
    chosen = set(themes)
    unknown = chosen - set(order)
    if unknown and carried:
        raise AnalysisError(
            _(
                "Svaret har analyserats igen sedan sidan öppnades och temat %(themes)s finns inte i den nya "
                "analysen. Ladda om sidan och granska svaret på nytt; inget är sparat."
            )
            % {"themes": ", ".join(sorted(unknown))}
        )
    if unknown:
        raise AnalysisError(_("Okänt tema: %(themes)s.") % {"themes": ", ".join(sorted(unknown))})
    result = [t for t in order if t in chosen]
    if residual in result and len(result) > 1:
        result.remove(residual)
    return result


def _latest_coding(coding: DialogueCoding) -> DialogueCoding:
    """The same answer's coding in the campaign's latest finished run: the one the analysis counts.

    A page opened before a re-run posts the older run's coding; the verdict belongs to the answer, so it goes
    to the latest run's coding (stored on the older one it would show as unreviewed in the current run)."""
    latest = latest_run(coding.run.campaign, done=True)
    if latest is None or latest.pk == coding.run_id:
        return coding
    current = (
        DialogueCoding.objects.select_related("run", "dialogue")
        .filter(run=latest, dialogue_id=coding.dialogue_id)
        .first()
    )
    if current is None:
        raise AnalysisError(_("Svaret finns inte med i den senaste analysen. Ladda om sidan; inget är sparat."))
    return current


@transaction.atomic
def coding_accept(*, coding: DialogueCoding, by: User) -> CodingCorrection:
    """The answer is coded right: as the analyst saw it, even when a re-run has coded it since."""
    target = _latest_coding(coding)
    if target.pk == coding.pk:
        return _review(coding, by=by, themes=None)
    return _review(target, by=by, themes=_clean_themes(target, coding.final_themes, carried=True))


@transaction.atomic
def coding_correct(*, coding: DialogueCoding, by: User, themes: Iterable[str]) -> CodingCorrection:
    target = _latest_coding(coding)
    return _review(target, by=by, themes=_clean_themes(target, themes, carried=target.pk != coding.pk))


@transaction.atomic
def codings_bulk(*, codings: list[DialogueCoding], by: User, action: str, theme: str = "") -> int:
    """Accept the given answers, or add or remove one theme on each of them."""
    for coding in codings:
        if action == "accept":
            coding_accept(coding=coding, by=by)
        elif action in ("add", "remove"):
            current = set(coding.final_themes)
            current = current | {theme} if action == "add" else current - {theme}
            coding_correct(coding=coding, by=by, themes=current)
        else:
            raise AnalysisError(_("Okänd massåtgärd."))
    return len(codings)


# -- training -----------------------------------------------------------------------------------------------
# Fewer reviewed answers than this and a model would learn the few analysts' verdicts, not the pattern.
MIN_REVIEWED = 20
# The model's pull back towards the lexicon: strong with few reviewed answers, 1.0 from FULL_EVIDENCE on.
BASE_L2 = 1.0
FULL_EVIDENCE = 50
# An analyst's verdict weighs this many times an unreviewed answer's current coding (the lexicon's anchor).
REVIEWED_WEIGHT = 5


def training_l2(reviewed: int) -> float:
    """L2 strength for ``reviewed`` verdicts: the fewer there are, the closer the model stays to the lexicon."""
    return BASE_L2 * max(1.0, FULL_EVIDENCE / max(reviewed, 1))


def analysis_model_train(*, partnership: Partnership, by: User | None) -> TrainedModel:
    """Train the partnership's model on every reviewed answer (accepted or corrected); the next run uses it.

    The analysts' verdicts are the evidence; the current codings of the answers nobody reviewed anchor the
    model to what the lexicon says, so a handful of corrections moves the answers like them, not the whole run.
    """
    started = time.perf_counter()
    verdicts = latest_corrections(partnership=partnership)
    reviewed = [(v.text, list(v.themes)) for v in verdicts.values() if v.text.strip()]
    if len(reviewed) < MIN_REVIEWED:
        missing = MIN_REVIEWED - len(reviewed)
        raise AnalysisError(
            ngettext(
                "Modellen tränas först när minst %(min)d svar är granskade. Granska %(n)d svar till.",
                "Modellen tränas först när minst %(min)d svar är granskade. Granska %(n)d svar till.",
                missing,
            )
            % {"min": MIN_REVIEWED, "n": missing}
        )
    anchors = unreviewed_codings(partnership, exclude=set(verdicts))
    # The engine's trainer has no sample weights: a verdict counts REVIEWED_WEIGHT times, an anchor once.
    examples = reviewed * REVIEWED_WEIGHT + anchors
    engine, _trained = partnership_engine(partnership, with_model=False)
    model = Model.train(examples, engine=engine, l2=training_l2(len(reviewed)))
    model.meta.update({"reviewed": len(reviewed), "anchors": len(anchors)})
    taxonomy = partnership_taxonomy(partnership)
    with transaction.atomic():
        last = latest_trained_model(partnership)
        trained = TrainedModel.objects.create(
            partnership=partnership,
            version=(last.version if last else 0) + 1,
            data=json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")),
            examples=len(reviewed),
            corrected=sum(1 for v in verdicts.values() if v.kind == CodingCorrection.Kind.CORRECTED),
            engine_version=ENGINE_VERSION,
            taxonomy_hash=taxonomy_hash(taxonomy),
            duration_ms=round((time.perf_counter() - started) * 1000),
            trained_by=by,
        )
        audit_log(
            actor=by,
            action="analysis.model_train",
            target=trained,
            changes={"examples": trained.examples, "anchors": len(anchors), "version": trained.version},
        )
    return trained
