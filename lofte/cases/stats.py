"""Case statistics of one organisation and period: volume per category, area and week, time to the first
answer and to closing, and the share over the service-level target.

The page and the CSV export both render `statistics_rows(case_statistics(...))`, so their numbers are the
same by construction (and a test compares them). Merged duplicates are left out: one fault counts once, as
in the lägesbild.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lofte.cases.models import Case
from lofte.core.models import Organisation
from lofte.lib.dates import day_range, local_midnight

MAX_DAYS = 3 * 366  # a week table of at most ~160 rows


@dataclass(frozen=True)
class Durations:
    """Days from arrival, over the cases where it happened."""

    count: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class CaseStatistics:
    first: dt.date
    last: dt.date
    total: int
    merged: int
    by_category: list[tuple[str, int]]
    by_area: list[tuple[str, int]]
    by_week: list[tuple[str, int]]
    first_answer: Durations
    closing: Durations
    with_target: int
    over_target: int

    @property
    def share_over_target(self) -> float | None:
        """Percent, one decimal, of the cases with a target that passed it (or are open past it)."""
        return round(100 * self.over_target / self.with_target, 1) if self.with_target else None

    @property
    def busiest_week(self) -> int:
        return max((n for _week, n in self.by_week), default=0)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile: a value that occurred, which is what a reader of "90 % within" expects."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _durations(deltas: list[dt.timedelta]) -> Durations:
    days = [d.total_seconds() / 86400 for d in deltas]
    if not days:
        return Durations(0, None, None)
    return Durations(len(days), round(median(days), 1), round(percentile(days, 90), 1))


def _weeks(first: dt.date, last: dt.date) -> list[str]:
    """Every ISO week the period touches, empty ones too, so a gap shows as a zero."""
    weeks, day = [], first - dt.timedelta(days=first.weekday())
    while day <= last:
        year, week, _weekday = day.isocalendar()
        weeks.append(f"{year}-V{week:02d}")
        day += dt.timedelta(days=7)
    return weeks


def _between(start: dt.datetime | None, end: dt.datetime | None) -> Q:
    """Arrived in [start, end); a bound beyond what a datetime holds is none."""
    q = Q(pk__isnull=False)
    if start:
        q &= Q(created_at__gte=start)
    if end:
        q &= Q(created_at__lt=end)
    return q


def case_statistics(
    organisation: Organisation, *, first: dt.date, last: dt.date, now: dt.datetime | None = None
) -> CaseStatistics:
    """The cases that arrived on the local days `first` to `last` inclusive. Counting is the database's work
    (a year of a large kommun is tens of thousands of cases); only the durations come back, as intervals."""
    now = now or timezone.now()
    start, end = day_range(first, last)
    cases = Case.objects.filter(organisation=organisation)
    if start:
        cases = cases.filter(created_at__gte=start)
    if end:
        cases = cases.filter(created_at__lt=end)
    weeks = _weeks(first, last)
    merged = cases.filter(merged_into__isnull=False).count()
    cases = cases.filter(merged_into__isnull=True)
    feedback = dict(Case.FeedbackType.choices)
    by_category: Counter[str] = Counter()
    english = (get_language() or "").startswith("en")
    for category_sv, category_en, parent_sv, parent_en, feedback_type, n in cases.values_list(
        "category__name_sv",
        "category__name_en",
        "category__parent__name_sv",
        "category__parent__name_en",
        "feedback_type",
    ).annotate(n=Count("pk")):
        category = (english and category_en) or category_sv
        parent = (english and parent_en) or parent_sv
        if category:
            label = f"{parent} › {category}" if parent else category
        else:
            label = f"{_('Tyck till')}: {feedback.get(feedback_type, _('övrigt'))}"
        by_category[str(label)] += n
    by_area: Counter[str] = Counter()
    for area, n in cases.values_list("area__name").annotate(n=Count("pk")):
        by_area[area or _("Utan område")] += n
    # One pass with a count per week: grouping by a truncated local date runs a Python function per row on
    # SQLite (half a second for a year of 25,000 cases).
    mondays = [first - dt.timedelta(days=first.weekday()) + dt.timedelta(weeks=i) for i in range(len(weeks))]
    bounds = [local_midnight(day) for day in [*mondays, mondays[-1] + dt.timedelta(weeks=1)]]
    per_week = cases.aggregate(
        **{f"w{i}": Count("pk", filter=_between(bounds[i], bounds[i + 1])) for i in range(len(weeks))}
    )
    by_week = {week: per_week[f"w{i}"] for i, week in enumerate(weeks)}
    answers = list(
        cases.filter(first_reply_at__isnull=False).values_list(
            ExpressionWrapper(F("first_reply_at") - F("created_at"), output_field=DurationField()), flat=True
        )
    )
    closings = list(
        cases.filter(closed_at__isnull=False).values_list(
            ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField()), flat=True
        )
    )
    late = Q(closed_at__gt=F("due_at")) | Q(closed_at__isnull=True, due_at__lt=now)
    targets = cases.filter(due_at__isnull=False).aggregate(
        with_target=Count("pk"), over_target=Count("pk", filter=late)
    )
    return CaseStatistics(
        first=first,
        last=last,
        total=sum(by_week.values()),
        merged=merged,
        by_category=sorted(by_category.items(), key=lambda item: (-item[1], item[0])),
        by_area=sorted(by_area.items(), key=lambda item: (-item[1], item[0])),
        by_week=[(week, by_week[week]) for week in weeks],
        first_answer=_durations(answers),
        closing=_durations(closings),
        with_target=targets["with_target"],
        over_target=targets["over_target"],
    )


def statistics_rows(stats: CaseStatistics) -> list[tuple[str, str, int | float | None]]:
    """(section, name, value): every number of the page, in the CSV's order."""
    section_total, section_time = _("Totalt"), _("Tider (dagar)")
    rows: list[tuple[str, str, int | float | None]] = [
        (section_total, _("Ärenden"), stats.total),
        (section_total, _("Sammanslagna dubbletter (ej räknade)"), stats.merged),
        (section_total, _("Med mål för åtgärd"), stats.with_target),
        (section_total, _("Över målet"), stats.over_target),
        (section_total, _("Andel över målet (%)"), stats.share_over_target),
        (section_time, _("Besvarade"), stats.first_answer.count),
        (section_time, _("Tid till första svar, median"), stats.first_answer.median_days),
        (section_time, _("Tid till första svar, 90:e percentilen"), stats.first_answer.p90_days),
        (section_time, _("Avslutade"), stats.closing.count),
        (section_time, _("Tid till avslut, median"), stats.closing.median_days),
        (section_time, _("Tid till avslut, 90:e percentilen"), stats.closing.p90_days),
    ]
    rows += [(_("Kategori"), name, n) for name, n in stats.by_category]
    rows += [(_("Område"), name, n) for name, n in stats.by_area]
    rows += [(_("Vecka"), name, n) for name, n in stats.by_week]
    return rows
