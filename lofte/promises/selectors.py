"""Reads for promises: the lägesbild's candidates to draft from, and each commitment's progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from lofte.core.models import Partnership
from lofte.promises.models import Activity, Commitment, Promise
from lofte.promises.progress import Progress, progress


@dataclass(frozen=True, slots=True)
class LagesbildCandidates:
    year: int
    candidates: list[dict[str, Any]]
    matrix: list[dict[str, Any]]


def lagesbild_for_promise(*, partnership: Partnership, start_year: int) -> LagesbildCandidates | None:
    """The newest lägesbild from before the promise's period that holds candidates (the 2020 lägesbild feeds the
    2021 promise). Only ``situation.Report.dataset`` is read, and a missing report, dataset or key is no error:
    a promise can be drafted by hand."""
    from lofte.situation.models import Report

    for year, dataset in (
        Report.objects.filter(partnership=partnership, year__lt=start_year)
        .order_by("-year")
        .values_list("year", "dataset")
    ):
        candidates = dataset.get("candidates") if isinstance(dataset, dict) else None
        if isinstance(candidates, list) and candidates:
            matrix = dataset.get("matrix")
            return LagesbildCandidates(
                year=year,
                candidates=[c for c in candidates if isinstance(c, dict) and c.get("theme")],
                matrix=matrix if isinstance(matrix, list) else [],
            )
    return None


def candidate_evidence(*, report: LagesbildCandidates, candidate: dict[str, Any]) -> dict[str, Any]:
    """What a focus area keeps from the candidate it was chosen from: the numbers of its theme in its areas
    (or the whole kommun) and the quotes, each with the ref the lägesbild links to."""
    theme = candidate.get("theme")
    areas = candidate.get("areas") or []
    wanted = set(areas) if areas else {None}
    numbers = []
    for row in report.matrix:
        if not isinstance(row, dict) or row.get("theme") != theme or row.get("area") not in wanted:
            continue
        dialogues = row.get("dialogues") or {}
        events = row.get("events") or {}
        survey = row.get("survey") or {}
        numbers.append(
            {
                "area": row.get("area"),
                "dialogues": dialogues.get("count"),
                "dialogue_share": dialogues.get("share"),
                "events": events.get("count"),
                "survey_index": survey.get("index"),
                "ref": f"theme:{theme}" if row.get("area") is None else f"cell:{theme}:{row.get('area')}",
            }
        )
    quotes = [
        {"text": str(e.get("text", "")), "ref": str(e.get("ref", "")), "source": str(e.get("source", ""))}
        for e in candidate.get("evidence") or []
        if isinstance(e, dict) and e.get("text")
    ]
    return {
        "report_year": report.year,
        "rank": candidate.get("rank"),
        "score": candidate.get("score"),
        "numbers": numbers,
        "quotes": quotes,
    }


def in_their_periods(commitments: Iterable[Commitment]) -> Q:
    """Activities toward these commitments (all versions of each, by lineage) dated within the commitment's own
    period: one logged on a day outside it does not count toward its progress."""
    condition = Q(pk__in=[])
    for c in commitments:
        condition |= Q(commitment__lineage=c.lineage, occurred_on__range=(c.starts_on, c.ends_on))
    return condition


def activity_totals(commitments: Iterable[Commitment]) -> dict[Any, int]:
    """Done activities' counts per commitment lineage (all versions of a commitment count), within each
    commitment's period."""
    rows = (
        Activity.objects.done()
        .filter(in_their_periods(commitments))
        .values("commitment__lineage")
        .annotate(total=Sum("count"))
    )
    return {row["commitment__lineage"]: row["total"] or 0 for row in rows}


def commitment_progress(commitment: Commitment, *, done_count: int, today: dt.date | None = None) -> Progress:
    return progress(
        target_kind=commitment.target_kind,
        target_value=commitment.target_value,
        starts_on=commitment.starts_on,
        ends_on=commitment.ends_on,
        today=today or timezone.localdate(),
        done_count=done_count,
        achieved=commitment.status == Commitment.Status.DONE,
        baseline_value=commitment.baseline_value,
        measured_value=commitment.measured_value,
    )


@dataclass
class CommitmentRow:
    commitment: Commitment
    done_count: int
    progress: Progress
    children: list[CommitmentRow]


def promise_outline(promise: Promise, *, today: dt.date | None = None) -> list[tuple[Any, list[CommitmentRow]]]:
    """The promise as focus areas, each with its commitments (children under their parent) and their progress.
    A fixed number of queries however many commitments and activities."""
    focus_areas = list(promise.focus_areas.prefetch_related("areas"))
    commitments = list(
        Commitment.objects.filter(focus_area__promise=promise)
        .prefetch_related("areas", "places")
        .order_by("position", "pk")
    )
    totals = activity_totals(commitments)
    rows = {
        c.pk: CommitmentRow(
            c, totals.get(c.lineage, 0), commitment_progress(c, done_count=totals.get(c.lineage, 0), today=today), []
        )
        for c in commitments
    }
    top: dict[int, list[CommitmentRow]] = defaultdict(list)
    for c in commitments:
        if c.parent_id and c.parent_id in rows:
            rows[c.parent_id].children.append(rows[c.pk])
        else:
            top[c.focus_area_id].append(rows[c.pk])
    return [(fa, top.get(fa.pk, [])) for fa in focus_areas]


def earlier_commitments(*, promise: Promise, theme: str) -> Any:
    """Commitments of the partnership's earlier promises under the same theme: wording to start from."""
    return (
        Commitment.objects.filter(
            focus_area__promise__partnership=promise.partnership,
            focus_area__promise__start_year__lt=promise.start_year,
            focus_area__theme=theme,
        )
        .select_related("focus_area__promise")
        .order_by("-focus_area__promise__start_year", "-focus_area__promise__version", "position")
    )


def latest_published(*, partnership: Partnership, start_year: int) -> Promise | None:
    return (
        Promise.objects.published()
        .filter(partnership=partnership, start_year=start_year)
        .select_related("partnership__municipality", "partnership__police_area")
        .order_by("-version")
        .first()
    )


def published_promises(*, partnership: Partnership | None = None) -> list[Promise]:
    """The newest published version of each partnership's promise per period, for the public list (or one
    partnership's archive of years)."""
    seen: set[tuple[int, int]] = set()
    latest = []
    promises = Promise.objects.published()
    if partnership is not None:
        promises = promises.filter(partnership=partnership)
    for promise in promises.select_related("partnership__municipality", "partnership__police_area").order_by(
        "partnership__name", "-start_year", "-version"
    ):
        key = (promise.partnership_id, promise.start_year)
        if key not in seen:
            seen.add(key)
            latest.append(promise)
    return latest


def promise_activities(promise: Promise, *, start: dt.date, end: dt.date) -> Any:
    """Done and planned activities toward the promise's commitments from ``start`` to ``end`` (inclusive), by
    lineage: what was logged against an earlier version of a commitment belongs to it too."""
    lineages = Commitment.objects.filter(focus_area__promise=promise).values("lineage")
    return (
        Activity.objects.filter(commitment__lineage__in=lineages, occurred_on__range=(start, end))
        .select_related("commitment", "by")
        .order_by("occurred_on", "planned", "pk")
    )
