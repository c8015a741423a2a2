"""The rows behind a number of the lägesbild: every `ref` in the dataset resolves here (docs/lagesbild.md).

A ref names what was counted, not a list of ids, so the rows are found again with the same rules the dataset
used (lofte.situation.reading): the number on the page and the number of rows here agree because both come
from the same reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Sum

from lofte.core.models import Partnership
from lofte.dialogues.models import Dialogue
from lofte.situation import reading
from lofte.situation.dataset import dialogue_cells
from lofte.situation.models import Incident, PoliceEvent, SurveyResult, WalkObservation


class UnknownRef(ValueError):
    pass


@dataclass
class Rows:
    title: str = ""
    dialogue_ids: list[int] = field(default_factory=list)
    incidents: QuerySet[Incident] | None = None
    events: QuerySet[PoliceEvent] | None = None
    walks: QuerySet[WalkObservation] | None = None
    survey: QuerySet[SurveyResult] | None = None
    events_note: bool = False

    def dialogues(self) -> QuerySet[Dialogue]:
        return Dialogue.objects.filter(pk__in=self.dialogue_ids).select_related("place", "area").order_by("pk")

    @property
    def incident_total(self) -> int:
        if self.incidents is None:
            return 0
        return self.incidents.aggregate(n=Sum("count"))["n"] or 0


def _year_dialogues(partnership: Partnership, year: int) -> list[reading.DialogueRow]:
    return reading.dialogue_rows(partnership, [year])


def resolve(partnership: Partnership, year: int, ref: str, dataset: dict[str, Any] | None = None) -> Rows:
    """The rows behind ``ref`` in the partnership's ``year``. UnknownRef for a ref this code cannot read."""
    parts = ref.split(":")
    start, end = reading.year_bounds(year)
    kommunkod = partnership.municipality.kommunkod
    kind = parts[0]
    if kind == "cell" and len(parts) == 3:
        theme, area = parts[1], parts[2]
        area_id = None if area == "kommun" else _int(area)
        if dataset is not None and theme not in {t.get("id") for t in dataset.get("themes", [])}:
            raise UnknownRef(ref)
        rows = Rows(title=ref)
        rows.dialogue_ids = [
            r.pk
            for r in _year_dialogues(partnership, year)
            if theme in r.themes and (area_id is None or area_id in r.area_ids)
        ]
        incidents = reading.incidents_in(partnership, start, end).filter(theme=theme)
        walks = reading.walk_observations(partnership, year).filter(theme=theme)
        survey = SurveyResult.objects.filter(item__partnership=partnership, item__theme=theme, year=year)
        if area_id is None:
            events = reading.police_events_in(kommunkod, start, end)
            kinds = [
                k for k in events.values_list("kind", flat=True).distinct() if reading.police_event_theme(k) == theme
            ]
            rows.events = events.filter(kind__in=kinds)
            rows.events_note = True
            rows.survey = survey.filter(area=None)
        else:
            incidents = incidents.filter(area_id=area_id)
            walks = walks.filter(walk__area_id=area_id)
            rows.survey = survey.filter(area_id=area_id)
        rows.incidents, rows.walks = incidents, walks
        return rows
    if kind == "area" and len(parts) == 2:
        area_id = _int(parts[1])
        return Rows(
            title=ref,
            dialogue_ids=[r.pk for r in _year_dialogues(partnership, year) if area_id in r.area_ids],
            incidents=reading.incidents_in(partnership, start, end).filter(area_id=area_id),
            walks=reading.walk_observations(partnership, year).filter(walk__area_id=area_id),
        )
    if kind == "time" and len(parts) == 4:
        source, day, hour = parts[1], _int(parts[2]), _int(parts[3])
        rows = Rows(title=ref)
        if source == "dialogues":
            rows.dialogue_ids = [r.pk for r in _year_dialogues(partnership, year) if (day, hour) in dialogue_cells(r)]
        elif source == "incidents":
            rows.incidents = _at(reading.incidents_in(partnership, start, end), start, end, day, hour)
        elif source == "events":
            rows.events = _at(
                PoliceEvent.objects.filter(kommunkod=kommunkod or "-", occurred_at__gte=start, occurred_at__lt=end),
                start,
                end,
                day,
                hour,
            )
            rows.events_note = True
        else:
            raise UnknownRef(ref)
        return rows
    if kind == "spot" and len(parts) == 4:
        cy, cx = _int(parts[1]), _int(parts[2])
        incidents = reading.incident_cell(reading.incidents_in(partnership, start, end), cy, cx)
        incidents = incidents.filter(theme="" if parts[3] == "-" else parts[3])
        return Rows(title=ref, incidents=incidents)
    if kind == "hotspot" and len(parts) == 2 and dataset is not None:
        index = _int(parts[1])
        spots = dataset.get("hotspots", [])
        if not 0 <= index < len(spots):
            raise UnknownRef(ref)
        spot = spots[index]
        window = [dt.datetime.fromisoformat(t) for t in spot["window"]]
        incidents = reading.incident_cell(reading.incidents_in(partnership, *window), *spot["cell"])
        hours = set(spot["hours"])
        keys = reading.hour_keys(window[0], window[1], lambda t: t.hour in hours)
        incidents = incidents.annotate(hk=reading.hour_key("occurred_at")).filter(hk__in=keys)
        return Rows(title=ref, incidents=incidents, dialogue_ids=list(spot["dialogues"]))
    if kind == "place" and len(parts) == 2:
        place_id = _int(parts[1])
        return Rows(
            title=ref, dialogue_ids=[r.pk for r in _year_dialogues(partnership, year) if place_id in r.place_ids]
        )
    if kind == "dialogue" and len(parts) == 2:
        pk = _int(parts[1])
        if not any(r.pk == pk for r in _year_dialogues(partnership, year)):
            raise UnknownRef(ref)
        return Rows(title=ref, dialogue_ids=[pk])
    if kind == "incident" and len(parts) == 2:
        return Rows(title=ref, incidents=Incident.objects.filter(partnership=partnership, pk=_int(parts[1])))
    if kind == "walk" and len(parts) == 2:
        return Rows(title=ref, walks=WalkObservation.objects.filter(walk__partnership=partnership, pk=_int(parts[1])))
    if kind == "event" and len(parts) == 2:
        return Rows(
            title=ref,
            events=PoliceEvent.objects.filter(kommunkod=kommunkod or "-", police_id=_int(parts[1])),
            events_note=True,
        )
    raise UnknownRef(ref)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError as error:
        raise UnknownRef(text) from error


def _at(queryset: QuerySet[Any], start: dt.datetime, end: dt.datetime, day: int, hour: int) -> QuerySet[Any]:
    keys = reading.hour_keys(start, end, lambda t: t.weekday() == day and t.hour == hour)
    return queryset.annotate(hk=reading.hour_key("occurred_at")).filter(hk__in=keys)
