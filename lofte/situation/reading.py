"""Reads of the lägesbild's sources, one small function per source, aggregated in the database.

The dataset (lofte.situation.dataset) and the rows view (lofte.situation.refs) read the sources only through
these functions, so a source's reading can be swapped for `lofte.situation.sources` once that lands without
touching the picture. Every function takes the partnership and a window of time; the big sources (police
events, incidents) are grouped and counted by the database, never walked row by row in Python. Dialogues are
few (hundreds a year) and their codings are JSON lists, so they are read as rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, FloatField, IntegerField, Max, QuerySet, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce, Floor, Substr

from lofte.analysis.models import AnalysisRun, DialogueCoding
from lofte.core.models import Area, Partnership, Place
from lofte.dialogues.models import PopulationFigure
from lofte.situation import police
from lofte.situation.models import CrimeStatistic, Incident, PoliceEvent, SurveyResult, WalkObservation
from lofte.situation.survey import problem_index

STOCKHOLM = ZoneInfo("Europe/Stockholm")
AREA_PREFIX = "area-"
# Map points and hotspots group incidents on a grid of 1/GRID degree (about 200 m north–south here).
GRID = 500


def police_event_theme(kind: str) -> str:
    """The theme of a police event type ("" for none), from the shipped, editable mapping."""
    return police.police_event_theme(kind) or ""


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the year and of the next, in Swedish time."""
    return dt.datetime(year, 1, 1, tzinfo=STOCKHOLM), dt.datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)


# Hours of the week in Swedish time, grouped by the database without a per-row function call: SQLite's date
# functions in Django are Python callbacks (tens of thousands of calls for a year of events), so rows are
# grouped by their UTC hour as text ("2020-04-03 20", the first 13 characters of the stored value on SQLite and
# of the UTC text on PostgreSQL) and each group, at most 8,784 a year, is turned into Swedish time here.
def hour_key(field_name: str) -> Substr:
    return Substr(Cast(field_name, TextField()), 1, 13)


@functools.lru_cache(maxsize=50_000)
def local_hour(key: str) -> dt.datetime:
    return dt.datetime.strptime(key, "%Y-%m-%d %H").replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)


def hour_keys(start: dt.datetime, end: dt.datetime, wanted: Callable[[dt.datetime], bool]) -> list[str]:
    """The UTC hour keys between ``start`` and ``end`` whose Swedish time ``wanted`` accepts (for the rows view)."""
    keys = []
    at = start.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    while at < end:
        if wanted(at.astimezone(STOCKHOLM)):
            keys.append(at.strftime("%Y-%m-%d %H"))
        at += dt.timedelta(hours=1)
    return keys


def _week_grid(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[int, int], int]:
    grid: dict[tuple[int, int], int] = {}
    for row in rows:
        local = local_hour(row["hk"])
        key = (local.weekday(), local.hour)
        grid[key] = grid.get(key, 0) + (row["n"] or 0)
    return grid


# -- dialogues ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DialogueRow:
    pk: int
    year: int
    themes: tuple[str, ...]
    area_ids: tuple[int, ...]  # where the answer says it is unsafe, else where the dialogue was held
    times: tuple[str, ...]
    place_ids: tuple[int, ...]  # the named places the answer mentions (not where the conversation was held)
    conducted_at: dt.datetime


def latest_runs(partnership: Partnership, years: Iterable[int] | None = None) -> dict[int, int]:
    """{campaign id: id of its latest finished run} for the partnership's campaigns (of ``years``)."""
    runs = AnalysisRun.objects.filter(campaign__partnership=partnership, status=AnalysisRun.Status.DONE)
    if years is not None:
        runs = runs.filter(campaign__year__in=list(years))
    latest: dict[int, int] = {}
    for campaign_id, run_id in runs.order_by("queued_at", "pk").values_list("campaign_id", "pk"):
        latest[campaign_id] = run_id  # the last one wins: runs come oldest first
    return latest


def place_areas(partnership: Partnership) -> dict[int, int | None]:
    return dict(Place.objects.filter(organisation_id__in=partnership.organisation_ids()).values_list("pk", "area_id"))


def dialogue_rows(
    partnership: Partnership,
    years: Iterable[int] | None = None,
    *,
    areas_of_places: dict[int, int | None] | None = None,
) -> list[DialogueRow]:
    """Each coded dialogue of the latest finished run per campaign, with its final (reviewed) themes."""
    run_ids = list(latest_runs(partnership, years).values())
    if not run_ids:
        return []
    areas_of_places = place_areas(partnership) if areas_of_places is None else areas_of_places
    rows = DialogueCoding.objects.filter(run_id__in=run_ids).values_list(
        "dialogue_id",
        "run__campaign__year",
        "final_themes",
        "places",
        "times",
        "dialogue__area_id",
        "dialogue__place__area_id",
        "dialogue__conducted_at",
    )
    out = []
    for pk, year, themes, places, times, area_id, place_area_id, conducted_at in rows.order_by("dialogue_id"):
        mentioned: list[int] = []
        place_ids: list[int] = []
        for place in places or []:
            key = str(place.get("id") or "")
            if key.startswith(AREA_PREFIX) and key[len(AREA_PREFIX) :].isdecimal():
                mentioned.append(int(key[len(AREA_PREFIX) :]))
            elif key.isdecimal():
                place_ids.append(int(key))
                if (mentioned_area := areas_of_places.get(int(key))) is not None:
                    mentioned.append(mentioned_area)
        if not mentioned and (area_id or place_area_id):
            mentioned.append(area_id or place_area_id)
        out.append(
            DialogueRow(
                pk=pk,
                year=year,
                themes=tuple(dict.fromkeys(themes or [])),
                area_ids=tuple(dict.fromkeys(mentioned)),
                times=tuple(times or []),
                place_ids=tuple(dict.fromkeys(place_ids)),
                conducted_at=conducted_at,
            )
        )
    return out


# -- police events (kommun precision only) -------------------------------------------------------------------
def police_events(kommunkod: str | None) -> QuerySet[PoliceEvent]:
    """Events of the partnership's kommun, by kommunkod: the feed places them at the kommun, nowhere finer."""
    if not kommunkod:
        return PoliceEvent.objects.none()
    return PoliceEvent.objects.filter(kommunkod=kommunkod).annotate(at=Coalesce("occurred_at", "published_at"))


def police_events_in(kommunkod: str | None, start: dt.datetime, end: dt.datetime) -> QuerySet[PoliceEvent]:
    """Events that happened (or, when the name gives no time, were published) in [start, end). The list
    publishes an event within hours of it happening, so the publication time (indexed) narrows the search to
    [start, end + PUBLISHED_WITHIN) first."""
    return police_events(kommunkod).filter(
        published_at__gte=start, published_at__lt=end + PUBLISHED_WITHIN, **{"at__gte": start, "at__lt": end}
    )


PUBLISHED_WITHIN = dt.timedelta(days=7)


def police_event_counts(kommunkod: str | None, years: Iterable[int]) -> dict[tuple[int, str], int]:
    """{(year, theme): events}; the year of when it happened, or was published when the name gives no time."""
    counts: dict[tuple[int, str], int] = {}
    for year in years:
        for row in police_events_in(kommunkod, *year_bounds(year)).values("kind").annotate(n=Count("pk")):
            key = (year, police_event_theme(row["kind"]))
            counts[key] = counts.get(key, 0) + row["n"]
    return counts


def police_event_grid(kommunkod: str | None, year: int) -> dict[tuple[int, int], int]:
    """{(weekday 0–6, hour): events} of the year, only events whose name gives the time they happened."""
    start, end = year_bounds(year)
    rows = (
        PoliceEvent.objects.filter(
            kommunkod=kommunkod or "-",
            published_at__gte=start,
            published_at__lt=end + PUBLISHED_WITHIN,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .annotate(hk=hour_key("occurred_at"))
        .values("hk")
        .annotate(n=Count("pk"))
    )
    return _week_grid(rows)


# -- geocoded incidents --------------------------------------------------------------------------------------
def incidents_in(partnership: Partnership, start: dt.datetime, end: dt.datetime) -> QuerySet[Incident]:
    return Incident.objects.filter(partnership=partnership, occurred_at__gte=start, occurred_at__lt=end)


def incident_counts(partnership: Partnership, years: Iterable[int]) -> dict[tuple[int, str, int | None], int]:
    """{(year, theme, area id or None): incidents (the rows' counts summed)}."""
    counts: dict[tuple[int, str, int | None], int] = {}
    for year in years:
        rows = incidents_in(partnership, *year_bounds(year)).values("theme", "area_id").annotate(n=Sum("count"))
        for row in rows:
            counts[(year, row["theme"], row["area_id"])] = row["n"]
    return counts


def incident_grid(partnership: Partnership, year: int) -> dict[tuple[int, int], int]:
    rows = (
        incidents_in(partnership, *year_bounds(year))
        .annotate(hk=hour_key("occurred_at"))
        .values("hk")
        .annotate(n=Sum("count"))
    )
    return _week_grid(rows)


def _cells(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return (
        queryset.exclude(lat=None)
        .exclude(lng=None)
        .annotate(cy=Cast(Floor(F("lat") * GRID), IntegerField()), cx=Cast(Floor(F("lng") * GRID), IntegerField()))
    )


def incident_points(partnership: Partnership, year: int, *, limit: int = 400) -> list[dict[str, Any]]:
    """Incidents with a point, grouped on the grid per theme: the map's points (the busiest ``limit``)."""
    start, end = year_bounds(year)
    rows = (
        _cells(incidents_in(partnership, start, end))  # type: ignore[misc]
        .values("cy", "cx", "theme")
        .annotate(n=Sum("count"))
        .order_by("-n", "cy", "cx", "theme")[:limit]
    )
    return [{"cy": row["cy"], "cx": row["cx"], "theme": row["theme"], "count": row["n"]} for row in rows]


def incident_cell_hours(
    partnership: Partnership, start: dt.datetime, end: dt.datetime
) -> dict[tuple[int, int, int], int]:
    """{(grid y, grid x, hour): incidents} in a window: what hotspots are scored from."""
    rows = (
        _cells(incidents_in(partnership, start, end))
        .annotate(hk=hour_key("occurred_at"))
        .values("cy", "cx", "hk")
        .annotate(n=Sum("count"))
    )
    out: dict[tuple[int, int, int], int] = {}
    for row in rows:
        key = (row["cy"], row["cx"], local_hour(row["hk"]).hour)
        out[key] = out.get(key, 0) + row["n"]
    return out


def incident_cell(queryset: QuerySet[Incident], cy: int, cx: int) -> QuerySet[Incident]:
    return _cells(queryset).filter(**{"cy": cy, "cx": cx})


def latest_incident(partnership: Partnership, end: dt.datetime) -> dt.datetime | None:
    return Incident.objects.filter(partnership=partnership, occurred_at__lt=end).aggregate(m=Max("occurred_at"))["m"]


# -- reported crime, survey, walks ---------------------------------------------------------------------------
def crime_counts(partnership: Partnership, years: Iterable[int]) -> dict[tuple[int, str], dict[str, float]]:
    """{(year, theme): {"count", "per_100k"}} of the partnership's own kommun."""
    rows = (
        CrimeStatistic.objects.filter(
            partnership=partnership, kommunkod=partnership.municipality.kommunkod or "-", year__in=list(years)
        )
        .values("year", "theme")
        .annotate(n=Sum("count"), rate=Sum(Coalesce("per_100k", Value(0.0), output_field=FloatField())))
    )
    return {(row["year"], row["theme"]): {"count": row["n"], "per_100k": round(row["rate"], 1)} for row in rows}


@dataclass
class SurveyIndex:
    index: float
    answers: int
    refs: list[str] = field(default_factory=list)


def survey_indices(partnership: Partnership, years: Iterable[int]) -> dict[tuple[int, str, int | None], SurveyIndex]:
    """{(year, theme, area id or None): the answer-weighted mean index of the theme's items}."""
    sums: dict[tuple[int, str, int | None], list[float]] = {}
    refs: dict[tuple[int, str, int | None], list[str]] = {}
    results = SurveyResult.objects.filter(item__partnership=partnership, year__in=list(years)).values_list(
        "pk", "year", "area_id", "counts", "item__theme", "item__scale"
    )
    for pk, year, area_id, counts, theme, scale in results:
        index, answers = problem_index(counts or {}, scale or [])
        if index is None or not theme:
            continue
        key = (year, theme, area_id)
        acc = sums.setdefault(key, [0.0, 0])
        acc[0] += index * answers
        acc[1] += answers
        refs.setdefault(key, []).append(f"survey:{pk}")
    return {key: SurveyIndex(round(s / n, 2), int(n), refs[key]) for key, (s, n) in sums.items() if n}


def walk_observations(partnership: Partnership, year: int) -> QuerySet[WalkObservation]:
    return WalkObservation.objects.filter(walk__partnership=partnership, walk__walked_on__year=year)


def walk_counts(partnership: Partnership, year: int) -> dict[tuple[str, int | None], int]:
    rows = walk_observations(partnership, year).values("theme", "walk__area_id").annotate(n=Count("pk"))
    return {(row["theme"], row["walk__area_id"]): row["n"] for row in rows}


# -- population ----------------------------------------------------------------------------------------------
def populations(partnership: Partnership, year: int) -> tuple[dict[int, int], int]:
    """({area id: inhabitants}, the kommun's inhabitants) from the dialogues' population figures: the
    nearest year up to ``year`` that has figures, else the earliest later one; the kommun's is the sum of its
    areas when no figure for the whole kommun was entered."""
    figures = PopulationFigure.objects.filter(organisation_id=partnership.municipality_id)

    def nearest(qs: QuerySet[PopulationFigure]) -> int | None:
        found = qs.filter(year__lte=year).aggregate(y=Max("year"))["y"]
        if found is None:
            found = qs.order_by("year").values_list("year", flat=True).first()
        return found

    areas: dict[int, int] = {}
    area_year = nearest(figures.exclude(area=None))
    if area_year is not None:
        for row in figures.filter(year=area_year).exclude(area=None).values("area_id").annotate(n=Sum("count")):
            areas[row["area_id"]] = row["n"]
    whole_year = nearest(figures.filter(area=None))
    kommun = 0
    if whole_year is not None:
        kommun = figures.filter(year=whole_year, area=None).aggregate(n=Sum("count"))["n"] or 0
    return areas, kommun or sum(areas.values())


def partnership_areas(partnership: Partnership) -> QuerySet[Area]:
    return Area.objects.filter(organisation_id__in=partnership.organisation_ids()).order_by("name", "pk")
