"""Validating the partnership sources' files into records the services store. Reads, never writes.

Each `parse_*` takes a read table and returns every row as a record, or raises ImportRejected listing every
row's problems (the file is stored all or not at all). Row keys make re-imports idempotent: an incident is
known again by its id column when the file has one, else by its time, category and place; reported crime by
kommun, year and category; a survey result by item, year and area.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lofte.core.models import Area, Partnership
from lofte.lib.geo import geometry_contains, in_sweden
from lofte.lib.tabular import Table
from lofte.situation.models import CategoryTheme, SurveyItem
from lofte.situation.tabledata import (
    ImportRejected,
    area_lookup,
    find_area,
    find_columns,
    kommun_names,
    parse_count,
    parse_datetime,
    parse_number,
    row_error,
)
from lofte.situation.themes import category_key, map_category, theme_mapping

# --- Geocoded incidents ------------------------------------------------------------------------------------

INCIDENT_COLUMNS = {
    "time": ["tidpunkt", "datum och tid", "händelsetid", "tid", "datetime", "time", "occurred_at", "datum"],
    "clock": ["klockslag", "klockan", "kl"],
    "category": ["kategori", "händelsetyp", "brottstyp", "typ", "category"],
    "lat": ["latitud", "lat", "latitude"],
    "lng": ["longitud", "lng", "lon", "long", "longitude"],
    "area": ["område", "områdesnamn", "områdeskod", "stadsdel", "deso", "area", "area_code"],
    "count": ["antal", "count"],
    "id": ["id", "händelse-id", "händelsenummer", "ärendenummer", "ref"],
}


@dataclass
class IncidentRecord:
    row_key: str
    occurred_at: dt.datetime
    category: str
    theme: str
    area_id: int | None
    lat: float | None
    lng: float | None
    count: int


class _AreaFinder:
    """Areas by name or code, and by point in polygon (bounding boxes first: 20,000 points stay fast)."""

    def __init__(self, areas: Sequence[Area]) -> None:
        self.lookup = area_lookup(areas)
        self.shapes: list[tuple[Area, tuple[float, float, float, float]]] = []
        for area in areas:
            if area.geometry:
                lngs, lats = _coordinates(area.geometry)
                if lngs:
                    self.shapes.append((area, (min(lngs), min(lats), max(lngs), max(lats))))

    def by_point(self, lat: float, lng: float) -> Area | None:
        for area, (west, south, east, north) in self.shapes:
            if west <= lng <= east and south <= lat <= north and geometry_contains(area.geometry, lat=lat, lng=lng):
                return area
        return None


def _coordinates(geometry: dict[str, Any]) -> tuple[list[float], list[float]]:
    lngs: list[float] = []
    lats: list[float] = []

    def walk(value: Any) -> None:
        if isinstance(value, list | tuple) and len(value) >= 2 and all(isinstance(v, int | float) for v in value[:2]):
            lngs.append(float(value[0]))
            lats.append(float(value[1]))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(geometry.get("coordinates", []))
    return lngs, lats


def partnership_areas(partnership: Partnership) -> list[Area]:
    return list(Area.objects.filter(organisation_id__in=partnership.organisation_ids()).order_by("name"))


def parse_incidents(table: Table, partnership: Partnership) -> list[IncidentRecord]:
    columns = find_columns(table, INCIDENT_COLUMNS, ["time", "category"])
    if not (columns.has("area") or (columns.has("lat") and columns.has("lng"))):
        raise ImportRejected([_("Filen behöver antingen kolumnerna ”latitud” och ”longitud” eller ”område”.")])
    mapping = theme_mapping(partnership, CategoryTheme.Source.INCIDENTS)
    finder = _AreaFinder(partnership_areas(partnership))
    errors: list[str] = []
    records: dict[str, IncidentRecord] = {}
    seen_ids: set[str] = set()
    for row in columns.rows:
        problems = [str(p) for p in row.problems]
        try:
            occurred_at = parse_datetime(columns.get(row, "time"), columns.get(row, "clock"))
        except ValueError:
            problems.append(
                _("tidpunkten ”%(value)s” går inte att läsa (skriv till exempel 2020-03-14 22:15)")
                % {"value": columns.get(row, "time")}
            )
            occurred_at = None
        category = " ".join(columns.get(row, "category").split())
        if not category:
            problems.append(_("kategori saknas"))
        count = 1
        if columns.get(row, "count"):
            try:
                count = parse_count(columns.get(row, "count"))
            except ValueError:
                problems.append(_("antalet ”%(value)s” är inte ett heltal") % {"value": columns.get(row, "count")})
        lat = lng = None
        area: Area | None = None
        lat_text, lng_text = columns.get(row, "lat"), columns.get(row, "lng")
        if lat_text or lng_text:
            try:
                lat, lng = parse_number(lat_text), parse_number(lng_text)
            except ValueError:
                problems.append(
                    _("positionen ”%(lat)s, %(lng)s” går inte att läsa") % {"lat": lat_text, "lng": lng_text}
                )
            else:
                if not in_sweden(lat=lat, lng=lng):
                    problems.append(_("positionen %(lat)s, %(lng)s ligger inte i Sverige") % {"lat": lat, "lng": lng})
                    lat = lng = None
        area_text = columns.get(row, "area")
        if area_text:
            area = find_area(finder.lookup, area_text)
            if area is None:
                problems.append(_("området ”%(area)s” finns inte bland kommunens områden") % {"area": area_text})
        elif lat is not None and lng is not None:
            area = finder.by_point(lat, lng)
        elif not (lat_text or lng_text):
            problems.append(_("varken position eller område"))
        ident = columns.get(row, "id")
        if ident and ident in seen_ids:
            problems.append(_("id ”%(id)s” finns redan på en tidigare rad") % {"id": ident})
        if problems:
            errors.append(row_error(table, row, "; ".join(problems)))
            continue
        assert occurred_at is not None  # noqa: S101 - a row without a time has a problem above
        seen_ids.add(ident)
        key = _incident_key(ident, occurred_at, category, area, lat, lng)
        if key in records:  # the same time, category and place twice: one row with the counts added
            records[key].count += count
            continue
        records[key] = IncidentRecord(
            row_key=key,
            occurred_at=occurred_at,
            category=category,
            theme=map_category(mapping, category),
            area_id=area.pk if area else None,
            lat=lat,
            lng=lng,
            count=count,
        )
    if errors:
        raise ImportRejected(errors)
    return list(records.values())


def _incident_key(
    ident: str, occurred_at: dt.datetime, category: str, area: Area | None, lat: float | None, lng: float | None
) -> str:
    if ident:
        return "id:" + ident[:60]
    parts = [
        occurred_at.astimezone(dt.UTC).isoformat(),
        category_key(category),
        f"{lat:.6f},{lng:.6f}" if lat is not None and lng is not None else "",
        str(area.pk) if area else "",
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# --- Reported crime (Brå) ----------------------------------------------------------------------------------

CRIME_COLUMNS = {
    "kommunkod": ["kommunkod", "kommunnummer", "kommun-kod", "kod"],
    "kommun": ["kommun", "kommunnamn", "region"],
    "year": ["år", "ar", "year", "period"],
    "category": ["brottskategori", "brottstyp", "brott", "kategori", "category"],
    "count": ["antal", "antal anmälda brott", "anmälda brott", "count"],
    "per_100k": ["per 100 000 inv", "per 100 000 invånare", "per 100 000", "anmälda brott per 100 000 inv", "per_100k"],
}


@dataclass
class CrimeRecord:
    kommunkod: str
    year: int
    category: str
    theme: str
    count: int
    per_100k: float | None


def parse_crime(table: Table, partnership: Partnership) -> list[CrimeRecord]:
    """Long format (one row per kommun, year and category) or Brå's table export in wide format (one row per
    kommun and category, one column per year holding the count)."""
    try:
        columns = find_columns(table, CRIME_COLUMNS, ["year", "category", "count"])
        wide: list[tuple[int, int]] = []
    except ImportRejected:
        columns = find_columns(table, CRIME_COLUMNS, ["category"])
        wide = [(i, int(h.strip())) for i, h in enumerate(columns.headers) if re.fullmatch(r"(19|20)\d\d", h.strip())]
        if not wide:
            raise
    own_code = partnership.municipality.kommunkod
    own_names = kommun_names(partnership.municipality.name)
    mapping = theme_mapping(partnership, CategoryTheme.Source.CRIME)
    errors: list[str] = []
    records: dict[tuple[str, int, str], CrimeRecord] = {}
    for row in columns.rows:
        problems = [str(p) for p in row.problems]
        code_text, name_text = columns.get(row, "kommunkod"), columns.get(row, "kommun")
        kommunkod = _kommunkod(code_text, name_text, own_code, own_names)
        if kommunkod is None:
            problems.append(
                _("kommunen ”%(kommun)s” känns inte igen; ange kommunkoden (fyra siffror)")
                % {"kommun": code_text or name_text}
            )
        category = " ".join(columns.get(row, "category").split())
        if not category:
            problems.append(_("brottskategori saknas"))
        cells: list[tuple[int | None, str, str]]
        if wide:
            # A blank or ".." cell is a year Brå has no figure for: nothing to store, not an error.
            cells = [(year, row.values[i].strip(), "") for i, year in wide if row.values[i].strip() not in ("", "..")]
        else:
            year_text = columns.get(row, "year")
            year_value = int(year_text) if year_text.isdecimal() and 1950 <= int(year_text) <= 2100 else None
            if year_value is None:
                problems.append(_("året ”%(value)s” är inte ett årtal") % {"value": year_text})
            cells = [(year_value, columns.get(row, "count"), columns.get(row, "per_100k"))]
        for year, count_text, per_text in cells:
            try:
                count = parse_count(count_text)
            except ValueError:
                problems.append(_("antalet ”%(value)s” är inte ett heltal") % {"value": count_text})
                continue
            per_100k = None
            if per_text:
                try:
                    per_100k = parse_number(per_text)
                except ValueError:
                    problems.append(_("värdet per 100 000 ”%(value)s” är inte ett tal") % {"value": per_text})
                    continue
            if problems or year is None or kommunkod is None:
                continue
            key = (kommunkod, year, category_key(category))
            earlier = records.get(key)
            if earlier and (earlier.count, earlier.per_100k) != (count, per_100k):
                problems.append(_("samma kommun, år och kategori finns redan med andra värden"))
            else:
                records[key] = CrimeRecord(kommunkod, year, category, map_category(mapping, category), count, per_100k)
        if problems:
            errors.append(row_error(table, row, "; ".join(problems)))
    if errors:
        raise ImportRejected(errors)
    return list(records.values())


def _kommunkod(code_text: str, name_text: str, own_code: str, own_names: set[str]) -> str | None:
    """A kommunkod from a code column ("1494", "0180", Excel's "180") or a region cell ("1494 Lidköping");
    a name alone only for the partnership's own kommun (the national list comes with the police source)."""
    for text in (code_text, name_text):
        head = text.split(" ", 1)[0]
        if head.isdecimal() and 3 <= len(head) <= 4:
            return head.zfill(4)
    if name_text and " ".join(name_text.split()).casefold() in own_names:
        return own_code
    return None


# --- Trygghetsmätning --------------------------------------------------------------------------------------

SURVEY_COLUMNS = {
    "item": ["påstående", "fråga", "indikator", "item", "kod"],
    "year": ["år", "ar", "year", "undersökningsår"],
    "area": ["område", "delområde", "area", "stadsdel"],
}
WHOLE_KOMMUN = {"", "hela kommunen", "kommunen", "totalt", "total", "kommun"}


@dataclass
class SurveyRecord:
    item: SurveyItem
    year: int
    area_id: int | None
    counts: dict[str, int] = field(default_factory=dict)


def _answer_lookup(item: SurveyItem) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for answer in item.scale:
        lookup[" ".join(str(answer["label"]).split()).casefold()] = answer["code"]
        lookup[str(answer["code"]).casefold()] = answer["code"]
    return lookup


def parse_survey(table: Table, partnership: Partnership, items: Sequence[SurveyItem]) -> list[SurveyRecord]:
    """Aggregated results (one row per item, year and area, one column per answer with its count) or raw
    answers (one row per respondent: year, area and one column per item holding the answer given)."""
    item_lookup: dict[str, SurveyItem] = {}
    for item in items:
        item_lookup[item.code.casefold()] = item
        item_lookup[" ".join(item.label.split()).casefold()] = item
    headers = [" ".join(h.split()).casefold() for h in table.headers]
    item_columns = {i: item_lookup[h] for i, h in enumerate(headers) if h in item_lookup}
    if item_columns and not find_columns_or_none(table, ["item"]):
        return _parse_answers(table, partnership, item_columns)
    return _parse_aggregated(table, partnership, item_lookup)


def find_columns_or_none(table: Table, required: list[str]) -> bool:
    try:
        find_columns(table, SURVEY_COLUMNS, required)
    except ImportRejected:
        return False
    return True


def _survey_area(text: str, lookup: dict[str, Area], own_names: set[str]) -> tuple[bool, int | None]:
    key = " ".join(text.split()).casefold()
    if key in WHOLE_KOMMUN or key in own_names:
        return True, None
    area = find_area(lookup, text)
    return (area is not None), (area.pk if area else None)


def _parse_year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdecimal() and 1990 <= int(text) <= 2100 else None


def _parse_aggregated(table: Table, partnership: Partnership, item_lookup: dict[str, SurveyItem]) -> list[SurveyRecord]:
    columns = find_columns(table, SURVEY_COLUMNS, ["item", "year"])
    lookup = area_lookup(_areas(partnership))
    own_names = kommun_names(partnership.municipality.name)
    errors: list[str] = []
    records: dict[tuple[int, int, int | None], SurveyRecord] = {}
    used = set(columns.index.values())
    answer_headers = [(i, " ".join(h.split()).casefold()) for i, h in enumerate(columns.headers) if i not in used and h]
    for row in columns.rows:
        problems = [str(p) for p in row.problems]
        item_text = columns.get(row, "item")
        item = item_lookup.get(" ".join(item_text.split()).casefold())
        if item is None:
            problems.append(_("påståendet ”%(item)s” finns inte bland enkätens påståenden") % {"item": item_text})
        year = _parse_year(columns.get(row, "year"))
        if year is None:
            problems.append(_("året ”%(value)s” är inte ett årtal") % {"value": columns.get(row, "year")})
        known, area_id = _survey_area(columns.get(row, "area"), lookup, own_names)
        if not known:
            problems.append(
                _("området ”%(area)s” finns inte bland kommunens områden") % {"area": columns.get(row, "area")}
            )
        counts: dict[str, int] = {}
        if item is not None:
            answers = _answer_lookup(item)
            for index, header in answer_headers:
                value = row.values[index].strip() if index < len(row.values) else ""
                code = answers.get(header)
                if code is None:
                    if value:
                        problems.append(
                            _("kolumnen ”%(column)s” är inget svarsalternativ för påståendet")
                            % {"column": columns.headers[index]}
                        )
                    continue
                try:
                    counts[code] = counts.get(code, 0) + (parse_count(value) if value else 0)
                except ValueError:
                    problems.append(
                        _("antalet ”%(value)s” i ”%(column)s” är inte ett heltal")
                        % {"value": value, "column": columns.headers[index]}
                    )
        if not problems:
            assert item is not None and year is not None  # noqa: S101
            key = (item.pk, year, area_id)
            if key in records:
                problems.append(_("samma påstående, år och område finns redan på en tidigare rad"))
            else:
                records[key] = SurveyRecord(item, year, area_id, counts)
        if problems:
            errors.append(row_error(table, row, "; ".join(problems)))
    if errors:
        raise ImportRejected(errors)
    return list(records.values())


def _parse_answers(table: Table, partnership: Partnership, item_columns: dict[int, SurveyItem]) -> list[SurveyRecord]:
    columns = find_columns(table, SURVEY_COLUMNS, ["year"])
    lookup = area_lookup(_areas(partnership))
    own_names = kommun_names(partnership.municipality.name)
    answer_lookups = {index: _answer_lookup(item) for index, item in item_columns.items()}
    errors: list[str] = []
    records: dict[tuple[int, int, int | None], SurveyRecord] = {}
    for row in columns.rows:
        problems = [str(p) for p in row.problems]
        year = _parse_year(columns.get(row, "year"))
        if year is None:
            problems.append(_("året ”%(value)s” är inte ett årtal") % {"value": columns.get(row, "year")})
        known, area_id = _survey_area(columns.get(row, "area"), lookup, own_names)
        if not known:
            problems.append(
                _("området ”%(area)s” finns inte bland kommunens områden") % {"area": columns.get(row, "area")}
            )
        given: list[tuple[SurveyItem, str]] = []
        for index, item in item_columns.items():
            value = " ".join(row.values[index].split()).casefold() if index < len(row.values) else ""
            if not value:
                continue  # an item the respondent skipped
            code = answer_lookups[index].get(value)
            if code is None:
                problems.append(
                    _("svaret ”%(value)s” på ”%(item)s” finns inte i svarsskalan")
                    % {"value": row.values[index], "item": item.label}
                )
            else:
                given.append((item, code))
        if problems:
            errors.append(row_error(table, row, "; ".join(problems)))
            continue
        assert year is not None  # noqa: S101
        for item, code in given:
            record = records.setdefault((item.pk, year, area_id), SurveyRecord(item, year, area_id))
            record.counts[code] = record.counts.get(code, 0) + 1
    if errors:
        raise ImportRejected(errors)
    return list(records.values())


def _areas(partnership: Partnership) -> list[Area]:
    return partnership_areas(partnership)
