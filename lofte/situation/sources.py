"""The partnership's own sources, read the one way the dataset reads them.

Each source is one function taking a partnership and a year (the calendar year in Europe/Stockholm) and
yielding `SourceRow`s: a theme, a place as precise as the source really has it (an area, a point, both or
neither), a time when the source has one, a count, and a `ref` naming the stored row behind it (the refs of
docs/lagesbild.md: `incident:<pk>`, `crime:<pk>`, `walk:<pk>`, `case:<pk>`). The survey gives indices, not
counts, so it yields `SurveyIndexRow`s instead.

Rows whose category no mapping covers come with theme "" so the dataset can count what it could not place
in a theme; they are listed on the sources page for an analyst to map (lofte.situation.themes).

Cases (fault reports and feedback, a later issue) plug in through `register_case_source`: the cases app
calls it from its AppConfig.ready() with an object that lists a partnership's cases of a year
(`CaseSource`); `case_rows` maps each case's category to a theme with the "cases" mapping (shipped in
data/case_themes.csv, editable per partnership like the others) and yields rows like every other source.
Until then `case_rows` yields nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from lofte.core.models import Partnership
from lofte.situation.models import CategoryTheme, CrimeStatistic, Incident, SurveyResult, WalkObservation
from lofte.situation.survey import problem_index, total_index
from lofte.situation.themes import map_category, theme_mapping

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True, slots=True)
class SourceRow:
    theme: str  # a theme id, or "" for a category no mapping covers
    area_id: int | None  # the partnership's area, when the source places the row in one
    occurred_at: dt.datetime | None  # aware; None when the source has no time of day (crime per year, walks)
    lat: float | None
    lng: float | None
    count: int
    ref: str


@dataclass(frozen=True, slots=True)
class SurveyIndexRow:
    item: str  # the item's code, or "total" for the total index
    theme: str
    area_id: int | None  # None: the whole kommun
    index: float | None  # 0–6, lower is better; None when no counted answers
    answers: int  # counted answers ("Vet inte" and other unweighted answers left out)
    ref: str


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the year and of the next, in Swedish time."""
    return dt.datetime(year, 1, 1, tzinfo=STOCKHOLM), dt.datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)


def incident_rows(partnership: Partnership, year: int) -> Iterator[SourceRow]:
    start, end = year_bounds(year)
    rows = Incident.objects.filter(partnership=partnership, occurred_at__gte=start, occurred_at__lt=end)
    for pk, theme, area_id, occurred_at, lat, lng, count in rows.order_by("occurred_at", "pk").values_list(
        "pk", "theme", "area_id", "occurred_at", "lat", "lng", "count"
    ):
        yield SourceRow(theme, area_id, occurred_at, lat, lng, count, f"incident:{pk}")


def crime_rows(partnership: Partnership, year: int) -> Iterator[SourceRow]:
    """The partnership's own kommun's reported crime of the year (other kommuner in a file are comparisons)."""
    kommunkod = partnership.municipality.kommunkod
    rows = CrimeStatistic.objects.filter(partnership=partnership, year=year, kommunkod=kommunkod)
    for pk, theme, count in rows.order_by("category").values_list("pk", "theme", "count"):
        yield SourceRow(theme, None, None, None, None, count, f"crime:{pk}")


def walk_rows(partnership: Partnership, year: int) -> Iterator[SourceRow]:
    """Each observation of the year's safety walks, once (count 1), at its point and the walk's area."""
    observations = WalkObservation.objects.filter(walk__partnership=partnership, walk__walked_on__year=year)
    for pk, theme, area_id, lat, lng in observations.order_by("walk__walked_on", "pk").values_list(
        "pk", "theme", "walk__area_id", "lat", "lng"
    ):
        yield SourceRow(theme, area_id, None, lat, lng, 1, f"walk:{pk}")


def survey_rows(partnership: Partnership, year: int) -> Iterator[SurveyIndexRow]:
    """The 0–6 problem index per item and area (None: the kommun), then the total index per area."""
    results = (
        SurveyResult.objects.filter(item__partnership=partnership, year=year)
        .select_related("item")
        .order_by("item__position", "item__pk", "area_id")
    )
    per_area: dict[int | None, list[float]] = {}
    for result in results:
        index, answers = problem_index(result.counts, result.item.scale)
        if index is not None:
            per_area.setdefault(result.area_id, []).append(index)
        yield SurveyIndexRow(result.item.code, result.item.theme, result.area_id, index, answers, f"survey:{result.pk}")
    for area_id, indices in per_area.items():
        yield SurveyIndexRow("total", "", area_id, total_index(indices), 0, f"survey:total:{area_id or 'kommun'}")


class CaseRecord(Protocol):
    """What the cases app gives for one fault report or piece of feedback."""

    pk: int
    category: str
    area_id: int | None
    lat: float | None
    lng: float | None
    received_at: dt.datetime
    theme: str  # the category's own theme where the municipality set one; "" leaves it to the mapping


class CaseSource(Protocol):
    def cases(self, partnership: Partnership, year: int) -> Iterable[CaseRecord]: ...


_case_source: CaseSource | None = None


def register_case_source(source: CaseSource | None) -> None:
    """Called once by the cases app's AppConfig.ready() (None unregisters, for tests)."""
    global _case_source  # noqa: PLW0603 - one registry, set at start-up
    _case_source = source


def case_rows(partnership: Partnership, year: int) -> Iterator[SourceRow]:
    if _case_source is None:
        return
    mapping = theme_mapping(partnership, CategoryTheme.Source.CASES)
    for case in _case_source.cases(partnership, year):
        theme = case.theme or map_category(mapping, case.category)
        yield SourceRow(theme, case.area_id, case.received_at, case.lat, case.lng, 1, f"case:{case.pk}")
