"""The yearly evaluation of a promise ("utlovat – utfall"): its figures, the drafted text, and its writes.

Figures (``compute``): per commitment the target beside the outcome at the end of the period, and per focus area
the change in the lägesbild's measures (the theme's share of the dialogues, its incidents per 1,000 inhabitants,
its survey index) in the targeted areas beside the rest of the kommun. The comparison is the lägesbild of the
year before the promise beside the lägesbild of its last year, read only from ``situation.Report.dataset``.

Text (``draft_sections``): a generated draft the user edits section by section; every version is agreed by every
party, as the lägesbild's report is, and nothing is public until ``evaluation_publish`` (which makes the promise
*evaluated*). Each version keeps the figures it was written from, so the parties agree to text and numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lofte.core.audit import audit_log
from lofte.core.models import Membership, Organisation, Partnership, User
from lofte.promises.models import Commitment, Evaluation, EvaluationAgreement, EvaluationVersion, Promise
from lofte.promises.progress import Track
from lofte.promises.selectors import promise_outline
from lofte.promises.services import may_approve_for

# The lägesbild's measures an evaluation compares, in the order the page shows them. Lower is better for all:
# fewer residents raising the theme, fewer incidents, a lower survey index (0–6).
MEASURES = ("dialogue_share", "incidents_per_1000", "survey_index")


def _measure_label(key: str) -> str:
    return {
        "dialogue_share": _("Andel av dialogerna som tar upp temat"),
        "incidents_per_1000": _("Händelser per 1 000 invånare"),
        "survey_index": _("Index i trygghetsmätningen (0–6)"),
    }[key]


# Figures ------------------------------------------------------------------------------------------------------


def _dataset(partnership: Partnership, year: int) -> dict[str, Any] | None:
    from lofte.situation.models import Report

    dataset = Report.objects.filter(partnership=partnership, year=year).values_list("dataset", flat=True).first()
    return dataset if isinstance(dataset, dict) and isinstance(dataset.get("matrix"), list) else None


def _aggregate(dataset: dict[str, Any], theme: str, area_ids: set[int] | None) -> dict[str, float | None]:
    """The theme's measures over a set of areas (None: the whole kommun's own cell). Shares and rates are pooled
    (summed counts over summed totals), so a small area does not weigh as much as a large one."""
    cells = [c for c in dataset["matrix"] if isinstance(c, dict) and c.get("theme") == theme]
    if area_ids is None:
        cells = [c for c in cells if c.get("area") is None]
        population = {None: dataset.get("population")}
    else:
        cells = [c for c in cells if c.get("area") in area_ids]
        population = {a.get("id"): a.get("population") for a in dataset.get("areas") or []}
    if not cells:
        return dict.fromkeys(MEASURES)
    said = sum((c.get("dialogues") or {}).get("count") or 0 for c in cells)
    of = sum((c.get("dialogues") or {}).get("of") or 0 for c in cells)
    people = [population.get(c.get("area")) for c in cells]
    incidents = sum((c.get("incidents") or {}).get("count") or 0 for c in cells)
    indices: list[float] = [i for c in cells if (i := (c.get("survey") or {}).get("index")) is not None]
    # A rate needs every area's population: one unknown would make the rate look lower than it is.
    known = [p for p in people if p]
    return {
        "dialogue_share": round(said / of, 3) if of else None,
        "incidents_per_1000": round(incidents / sum(known) * 1000, 2) if known and len(known) == len(people) else None,
        "survey_index": round(sum(indices) / len(indices), 2) if indices else None,
    }


def _change(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 3)


def _focus_measures(
    *, theme: str, area_ids: list[int], before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[dict[str, Any]]:
    if before is None or after is None:
        return []
    all_areas = {a.get("id") for a in after.get("areas") or [] if isinstance(a.get("id"), int)}
    targeted = set(area_ids) & all_areas if area_ids else None
    rest = all_areas - targeted if targeted else set()
    t_before, t_after = _aggregate(before, theme, targeted), _aggregate(after, theme, targeted)
    r_before, r_after = (_aggregate(before, theme, rest), _aggregate(after, theme, rest)) if rest else ({}, {})
    # A source that never records the theme says nothing about it (its 0 is no measurement): left out.
    coverage = after.get("coverage") or {}
    source_of = {"incidents_per_1000": "incidents", "survey_index": "survey"}
    rows = []
    for key in MEASURES:
        if t_before.get(key) is None and t_after.get(key) is None:
            continue
        source = source_of.get(key)
        if source and source in coverage and theme not in coverage[source]:
            continue
        rows.append(
            {
                "measure": key,
                "targeted": {
                    "before": t_before[key],
                    "after": t_after[key],
                    "change": _change(t_before[key], t_after[key]),
                },
                "rest": {
                    "before": r_before.get(key),
                    "after": r_after.get(key),
                    "change": _change(r_before.get(key), r_after.get(key)),
                }
                if rest
                else None,
            }
        )
    return rows


def _promised(c: Commitment) -> str:
    return _promised_text(c.target_kind, c.target_value, c.baseline_value, c.ends_on.isoformat() if c.ends_on else "")


def _promised_text(kind: str, target: float | None, baseline: float | None, ends_on: str) -> str:
    if kind == Commitment.TargetKind.COUNT:
        return _("%(n)s gånger") % {"n": _number(target)}
    if kind == Commitment.TargetKind.YES_NO:
        return _("genomfört senast %(day)s") % {"day": ends_on}
    return _("index %(target)s i mätningen (från %(baseline)s)") % {
        "target": _number(target),
        "baseline": _number(baseline),
    }


def _outcome(c: Commitment, done_count: int) -> str:
    measured = done_count if c.target_kind == Commitment.TargetKind.COUNT else c.measured_value
    return _outcome_text(c.target_kind, measured, c.status)


def _outcome_text(kind: str, value: float | None, status: str) -> str:
    if kind == Commitment.TargetKind.COUNT:
        return _("%(n)s gånger") % {"n": _number(value)}
    if kind == Commitment.TargetKind.YES_NO:
        return _("genomfört") if status == Commitment.Status.DONE else _("inte genomfört")
    if value is None:
        return _("inte uppmätt")
    return _("index %(value)s") % {"value": _number(value)}


def in_reader_language(commitment: dict[str, Any]) -> dict[str, Any]:
    """A stored commitment of the figures with its owner, promise and outcome in the reader's language (they were
    stored in the language of the day they were computed). Figures from before the owner and target were stored
    as codes keep their stored words, and those from before the English text was stored keep the Swedish."""
    if (get_language() or "").startswith("en") and commitment.get("what_en"):
        commitment = {**commitment, "what": commitment["what_en"]}
    if "owner_kind" not in commitment:
        return commitment
    kind, owner = commitment["target_kind"], commitment["owner_kind"]
    return {
        **commitment,
        "owner": commitment["owner"] if owner == Commitment.Owner.PARTNER else str(Commitment.Owner(owner).label),
        "promised": _promised_text(
            kind, commitment["target_value"], commitment["baseline_value"], commitment["ends_on"] or ""
        ),
        "outcome": _outcome_text(kind, commitment["outcome_value"], commitment["status"]),
    }


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def compute(promise: Promise, *, today: dt.date | None = None) -> dict[str, Any]:
    """The evaluation's figures, as JSON-ready data. Progress is taken at the end of the period (or today, while
    it runs), so an evaluation drafted in January reads the year that was."""
    today = today or timezone.localdate()
    at = min(today, dt.date(promise.end_year, 12, 31))
    partnership = promise.partnership
    before_year, after_year = promise.start_year - 1, promise.end_year
    before, after = _dataset(partnership, before_year), _dataset(partnership, after_year)
    commitments = []
    focus_areas = []
    for focus_area, rows in promise_outline(promise, today=at):
        area_ids = [a.pk for a in focus_area.areas.all()]
        flat = [item for row in rows for item in [(row, None), *[(child, row) for child in row.children]]]
        for row, parent in flat:
            c = row.commitment
            commitments.append(
                {
                    "id": str(c.lineage),
                    "parent": str(parent.commitment.lineage) if parent else None,
                    "focus_area": focus_area.pk,
                    "what": c.what_sv,
                    "what_en": c.what_en,
                    "owner": c.owner_label,
                    "owner_kind": c.owner,
                    "target_kind": c.target_kind,
                    "target_value": c.target_value,
                    "baseline_value": c.baseline_value,
                    "ends_on": c.ends_on.isoformat() if c.ends_on else None,
                    "outcome_value": row.done_count
                    if c.target_kind == Commitment.TargetKind.COUNT
                    else (c.measured_value if c.target_kind == Commitment.TargetKind.SURVEY else None),
                    "promised": _promised(c),
                    "outcome": _outcome(c, row.done_count),
                    "percent": row.progress.percent,
                    "reached": row.progress.track == Track.DONE or row.progress.percent == 100,
                    "status": c.status,
                }
            )
        focus_areas.append(
            {
                "id": focus_area.pk,
                "title": focus_area.title_sv,
                "theme": focus_area.theme,
                "areas": [a.name for a in focus_area.areas.all()],
                "measures": _focus_measures(theme=focus_area.theme, area_ids=area_ids, before=before, after=after),
            }
        )
    return {
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "as_of": at.isoformat(),
        "comparison": {
            "before_year": before_year,
            "after_year": after_year,
            "available": before is not None and after is not None,
        },
        "summary": {"commitments": len(commitments), "reached": sum(1 for c in commitments if c["reached"])},
        "commitments": commitments,
        "focus_areas": focus_areas,
    }


def comparison_note(figures: dict[str, Any]) -> str:
    """Which lägesbilder the measures compare, said on the page, the PDF and in the JSON."""
    comparison = figures.get("comparison") or {}
    before, after = comparison.get("before_year"), comparison.get("after_year")
    if comparison.get("available"):
        return _(
            "Måtten jämför lägesbilden %(before)s, året före löftet, med lägesbilden %(after)s, löftets sista år."
        ) % {"before": before, "after": after}
    return _("Måtten kan inte jämföras än: det behövs en beräknad lägesbild för både %(before)s och %(after)s.") % {
        "before": before,
        "after": after,
    }


# The drafted text -----------------------------------------------------------------------------------------------


def _measure_value(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key == "dialogue_share":
        return f"{round(value * 100)} %"
    return _number(value) if key == "survey_index" else f"{value:.2f}".replace(".", ",")


def _measure_sentence(focus: dict[str, Any], row: dict[str, Any]) -> str:
    key = row["measure"]
    where = ", ".join(focus["areas"]) or _("hela kommunen")
    targeted = row["targeted"]
    sentence = _("%(measure)s i %(where)s: från %(before)s till %(after)s") % {
        "measure": _measure_label(key),
        "where": where,
        "before": _measure_value(key, targeted["before"]),
        "after": _measure_value(key, targeted["after"]),
    }
    if row.get("rest"):
        sentence += _("; i resten av kommunen från %(before)s till %(after)s") % {
            "before": _measure_value(key, row["rest"]["before"]),
            "after": _measure_value(key, row["rest"]["after"]),
        }
    return sentence + "."


def draft_sections(figures: dict[str, Any]) -> list[dict[str, str]]:
    """A first text from the figures, to be edited: a summary, one section per focus area, and what was not
    reached (which the next year's drafting page shows)."""
    summary = figures["summary"]
    sections = [
        {
            "key": "sammanfattning",
            "heading": _("Sammanfattning"),
            # Which lägesbilder the measures compare is said beside the text on every page (comparison_note).
            "text": _("Av %(total)s åtaganden nådde %(reached)s sitt mål.")
            % {"total": summary["commitments"], "reached": summary["reached"]},
        }
    ]
    for focus in figures["focus_areas"]:
        # The table beside the text lists every commitment; the text says how it went and what fell short.
        own = [c for c in figures["commitments"] if c["focus_area"] == focus["id"]]
        lines = [
            _("%(reached)s av %(total)s åtaganden nådde sitt mål.")
            % {"reached": sum(1 for c in own if c["reached"]), "total": len(own)}
        ]
        lines += [
            _("%(what)s: utlovat %(promised)s, utfall %(outcome)s.")
            % {"what": c["what"].rstrip("."), "promised": c["promised"], "outcome": c["outcome"]}
            for c in own
            if not c["reached"]
        ]
        lines += [_measure_sentence(focus, row) for row in focus["measures"]]
        sections.append({"key": f"fokus-{focus['id']}", "heading": focus["title"], "text": "\n".join(lines)})
    missed = [c for c in figures["commitments"] if not c["reached"]]
    sections.append(
        {
            "key": "nasta-ar",
            "heading": _("Till nästa år"),
            "text": "\n".join(
                _("Inte nått: %(what)s (utlovat %(promised)s, utfall %(outcome)s).")
                % {"what": c["what"].rstrip("."), "promised": c["promised"], "outcome": c["outcome"]}
                for c in missed
            )
            or _("Alla åtaganden nådde sitt mål."),
        }
    )
    return sections


def measure_rows(figures: dict[str, Any], focus_id: int) -> list[dict[str, Any]]:
    """A focus area's measures as the page and the PDF show them (labels and formatted values)."""
    focus = next((f for f in figures.get("focus_areas", []) if f["id"] == focus_id), None)
    if focus is None:
        return []
    return [
        {
            "label": _measure_label(row["measure"]),
            "targeted": [_measure_value(row["measure"], row["targeted"][k]) for k in ("before", "after")],
            "rest": [_measure_value(row["measure"], row["rest"][k]) for k in ("before", "after")]
            if row.get("rest")
            else None,
        }
        for row in focus["measures"]
    ]


# Reads ---------------------------------------------------------------------------------------------------------


def parties(promise: Promise) -> list[Organisation]:
    """Every organisation that must agree, in the order the pages name them."""
    partnership = promise.partnership
    return [partnership.municipality, partnership.police_area, *partnership.other_partners.order_by("name")]


def evaluation_of_year(*, partnership: Partnership, start_year: int) -> Evaluation | None:
    """A year's evaluation, whichever published version of the promise it was started on."""
    return (
        Evaluation.objects.filter(promise__partnership=partnership, promise__start_year=start_year)
        .select_related("promise__partnership__municipality", "promise__partnership__police_area")
        .prefetch_related("versions__agreements__organisation")
        .first()
    )


def current_version(evaluation: Evaluation | None) -> EvaluationVersion | None:
    return evaluation.versions.order_by("-number").first() if evaluation else None


@dataclass(frozen=True)
class PartyAgreement:
    organisation: Organisation
    agreement: EvaluationAgreement | None


def agreement_state(promise: Promise, version: EvaluationVersion | None) -> list[PartyAgreement]:
    given = {a.organisation_id: a for a in version.agreements.all()} if version else {}
    return [PartyAgreement(o, given.get(o.pk)) for o in parties(promise)]


def all_agreed(promise: Promise, version: EvaluationVersion | None) -> bool:
    return version is not None and all(p.agreement for p in agreement_state(promise, version))


def public_version(evaluation: Evaluation | None) -> EvaluationVersion | None:
    """What the public sees: the newest version every party agreed to, once the evaluation is published. A
    version edited afterwards stays internal until it is agreed in turn. Reads prefetched versions and
    agreements when the caller fetched them (``evaluation_of_year`` does)."""
    if evaluation is None or evaluation.published_at is None:
        return None
    wanted = {o.pk for o in parties(evaluation.promise)}
    for version in sorted(evaluation.versions.all(), key=lambda v: v.number, reverse=True):
        if wanted <= {a.organisation_id for a in version.agreements.all()}:
            return version
    return None


def previous_evaluation(promise: Promise) -> tuple[Evaluation, EvaluationVersion] | None:
    """The evaluation of the partnership's latest earlier promise, for drafting the next one: its newest
    version (agreed or not; the page says which)."""
    evaluation = (
        Evaluation.objects.filter(promise__partnership=promise.partnership, promise__start_year__lt=promise.start_year)
        .select_related("promise")
        .order_by("-promise__start_year")
        .first()
    )
    version = current_version(evaluation)
    return (evaluation, version) if evaluation and version else None


# Writes --------------------------------------------------------------------------------------------------------


def _next_version(
    *, evaluation: Evaluation, figures: dict[str, Any], sections: list[dict[str, str]], drafted: bool, by: User
) -> EvaluationVersion:
    # The evaluation row is locked so two saves at once get consecutive numbers; the unique constraint decides if
    # a database ignores the lock.
    Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    last = evaluation.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return EvaluationVersion.objects.create(
        evaluation=evaluation, number=last + 1, figures=figures, sections=sections, drafted=drafted, created_by=by
    )


@transaction.atomic
def evaluation_draft(*, promise: Promise, by: User, today: dt.date | None = None) -> EvaluationVersion:
    """A new version drafted by Löfte from the figures as they are now. Like every new version it needs every
    party's agreement again, and it is never public before that."""
    # The stored state decides, not the caller's copy (it may predate publication).
    promise = Promise.objects.select_related("partnership__municipality").get(pk=promise.pk)
    if not promise.is_public:
        raise ValidationError(_("Bara ett publicerat medborgarlöfte kan utvärderas."))
    # The year is evaluated as its newest published version says it, whichever version the user stood on.
    newest = (
        Promise.objects.published()
        .filter(partnership=promise.partnership, start_year=promise.start_year)
        .select_related("partnership__municipality")
        .order_by("-version")
        .first()
    ) or promise
    evaluation = evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year)
    if evaluation is None:
        evaluation = Evaluation.objects.create(promise=newest)
    figures = compute(newest, today=today)
    version = _next_version(
        evaluation=evaluation, figures=figures, sections=draft_sections(figures), drafted=True, by=by
    )
    audit_log(
        actor=by,
        action="evaluation.draft",
        target=version,
        organisation=promise.partnership.municipality,
        changes={"number": version.number, "reached": figures["summary"]["reached"]},
    )
    return version


@transaction.atomic
def evaluation_section_save(
    *, evaluation: Evaluation, key: str, text: str, based_on: int, by: User
) -> EvaluationVersion:
    """Save an edit of one section as a new version. ``based_on`` is the version the user edited: if someone
    saved in between, the edit is refused rather than silently overwriting theirs."""
    Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    current = current_version(evaluation)
    if current is None or current.number != based_on:
        raise ValidationError(
            _("Någon har sparat en nyare version (%(number)s) medan du skrev. Öppna avsnittet igen.")
            % {"number": current.number if current else 0}
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Avsnittet kan inte vara tomt.")]})
    sections = [dict(s) for s in current.sections]
    target = next((s for s in sections if s["key"] == key), None)
    if target is None:
        raise ValidationError(_("Avsnittet finns inte i den här versionen."))
    if target["text"] == text:
        return current
    before, target["text"] = target["text"], text
    version = _next_version(evaluation=evaluation, figures=current.figures, sections=sections, drafted=False, by=by)
    audit_log(
        actor=by,
        action="evaluation.section_edit",
        target=version,
        organisation=evaluation.promise.partnership.municipality,
        changes={"section": key, "text": [before, text]},
    )
    return version


@transaction.atomic
def evaluation_agree(
    *, evaluation: Evaluation, version: EvaluationVersion, organisation: Organisation, by: User
) -> EvaluationAgreement:
    """A party's agreement to the current version, signed by one of its own members who may approve promises.
    Agreeing twice changes nothing."""
    Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    promise = evaluation.promise
    if version.evaluation_id != evaluation.pk:
        raise ValidationError(_("Versionen hör inte till den här utvärderingen."))
    if organisation.pk not in {o.pk for o in parties(promise)}:
        raise ValidationError(_("%(organisation)s är inte part i samverkan.") % {"organisation": organisation})
    if not may_approve_for(user=by, organisation=organisation):
        raise PermissionDenied(_("Du kan bara godkänna för din egen organisation."))
    current = current_version(evaluation)
    if current is None or current.pk != version.pk:
        raise ValidationError(_("Det finns en nyare version. Läs den och godkänn den i stället."))
    existing = version.agreements.filter(organisation=organisation).first()
    if existing:
        return existing
    membership = Membership.objects.get(user=by, organisation=organisation)
    agreement = EvaluationAgreement.objects.create(
        version=version,
        organisation=organisation,
        agreed_by=by,
        signatory_name=by.get_full_name() or by.username,
        signatory_title=membership.title,
    )
    audit_log(
        actor=by,
        action="evaluation.agree",
        target=version,
        organisation=organisation,
        changes={"organisation": organisation.name, "number": version.number},
    )
    return agreement


@transaction.atomic
def evaluation_publish(*, evaluation: Evaluation, by: User) -> Evaluation:
    """Publish the evaluation: refused until every party has agreed to the current version. The promise is then
    *evaluated* (still public, now with its outcome)."""
    evaluation = Evaluation.objects.select_for_update().select_related("promise__partnership").get(pk=evaluation.pk)
    current = current_version(evaluation)
    if not all_agreed(evaluation.promise, current):
        raise ValidationError(_("Alla parter måste godkänna den senaste versionen innan utvärderingen publiceras."))
    if evaluation.published_at is None:
        evaluation.published_at = timezone.now()
        evaluation.published_by = by
        evaluation.save(update_fields=["published_at", "published_by"])
    # Every published version of the year is evaluated: the public page shows the newest with this outcome.
    Promise.objects.published().filter(
        partnership=evaluation.promise.partnership, start_year=evaluation.promise.start_year
    ).update(status=Promise.Status.EVALUATED)
    audit_log(
        actor=by,
        action="evaluation.publish",
        target=evaluation,
        organisation=evaluation.promise.partnership.municipality,
        changes={"number": current.number if current else None},
    )
    return evaluation
