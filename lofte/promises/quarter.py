"""The steering group's quarter: per focus area and commitment, what was done in the quarter and in total, the
status and forecast as of the quarter's end, and the activities of the quarter. Reads only, in a fixed number
of queries however many commitments and activities."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from lofte.promises.models import Activity, Commitment, FocusArea, Promise
from lofte.promises.progress import COUNT, Progress
from lofte.promises.selectors import commitment_progress, in_their_periods


@dataclass(frozen=True, slots=True)
class Quarter:
    year: int
    number: int  # 1–4

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        following = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return following.start - dt.timedelta(days=1)

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.number}"

    def shift(self, by: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + by
        return Quarter(index // 4, index % 4 + 1)

    @classmethod
    def parse(cls, value: str | None, promise: Promise) -> Quarter:
        """ "2021-2" as asked, else the quarter of today within the promise's period, else its first."""
        try:
            year, number = (int(part) for part in (value or "").split("-"))
            if 1900 < year < 2200 and 1 <= number <= 4:
                return cls(year, number)
        except ValueError:
            pass
        today = timezone.localdate()
        if promise.start_year <= today.year <= promise.end_year:
            return cls(today.year, (today.month - 1) // 3 + 1)
        return cls(promise.start_year, 1)


@dataclass
class QuarterRow:
    commitment: Commitment
    in_quarter: int
    total: int
    quarter_percent: int | None  # the quarter's share of a count target
    progress: Progress
    activities: list[Activity] = field(default_factory=list)


def quarter_followup(
    promise: Promise, quarter: Quarter, *, today: dt.date | None = None
) -> list[tuple[FocusArea, list[QuarterRow]]]:
    """Progress, status and forecast as they stood at the quarter's end (or today, in the running quarter)."""
    today = today or timezone.localdate()
    as_of = min(quarter.end, today)
    focus_areas = list(promise.focus_areas.all())
    commitments = list(
        Commitment.objects.filter(focus_area__promise=promise).select_related("parent").order_by("position", "pk")
    )
    lineages = [c.lineage for c in commitments]
    done = Activity.objects.done().filter(in_their_periods(commitments))
    sums: dict[Any, dict[str, Any]] = {
        row["commitment__lineage"]: dict(row)
        for row in done.values("commitment__lineage").annotate(
            total=Sum("count", filter=Q(occurred_on__lte=as_of)),
            quarter=Sum("count", filter=Q(occurred_on__range=(quarter.start, quarter.end))),
        )
    }
    activities: dict[Any, list[Activity]] = defaultdict(list)
    for activity in (
        Activity.objects.filter(commitment__lineage__in=lineages, occurred_on__range=(quarter.start, quarter.end))
        .select_related("commitment")
        .order_by("occurred_on", "pk")
    ):
        activities[activity.commitment.lineage].append(activity)
    rows: dict[int, list[QuarterRow]] = defaultdict(list)
    for c in commitments:
        sums_row = sums.get(c.lineage) or {}
        total, in_quarter = sums_row.get("total") or 0, sums_row.get("quarter") or 0
        quarter_percent = None
        if c.target_kind == COUNT and c.target_value:
            quarter_percent = min(100, int(in_quarter / c.target_value * 100))
        rows[c.focus_area_id].append(
            QuarterRow(
                commitment=c,
                in_quarter=in_quarter,
                total=total,
                quarter_percent=quarter_percent,
                progress=commitment_progress(c, done_count=total, today=as_of),
                activities=activities.get(c.lineage, []),
            )
        )
    return [(fa, rows.get(fa.pk, [])) for fa in focus_areas]
