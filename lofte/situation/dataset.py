"""The lägesbild's dataset (schema lofte.lagesbild/1, docs/lagesbild.md): one partnership and year, every source.

Pure computation over lofte.situation.reading: nothing is written here (situation.services.report_compute
stores it). The rules that turn numbers into words are stated once, here and in the doc:

- A source *points out* a theme in an area (or the whole kommun) when:
  dialogues — at least MIN_DIALOGUES of the area's dialogues carry the theme and their share is at least
  POINT_RATIO × the theme's share in the whole kommun (for the kommun: a share of at least KOMMUN_SHARE);
  incidents — at least MIN_COUNT incidents and a rate per 1,000 inhabitants at least POINT_RATIO × the
  kommun's (for the kommun: at least KOMMUN_SHARE of all incidents); police events (kommun only, the feed
  has no finer place) — at least MIN_COUNT events and KOMMUN_SHARE of all the kommun's events; survey —
  an index of at least SURVEY_PROBLEM on the 0–6 scale; walks — at least 2 observations; cases — MIN_COUNT.
- Sources that point out the same cell *agree*; one that points it out while another source has data for
  the area and records the theme at all (in any of the partnership's years) but does not point it out
  *disagrees*; one alone with nothing else to compare is *single*.
- Hotspots next week: see `hotspots`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.analysis.selectors import theme_labels
from lofte.core.models import Partnership, Place
from lofte.dialogues.models import Campaign
from lofte.dialogues.overview import representation
from lofte.situation import reading
from lofte.situation.reading import STOCKHOLM, DialogueRow
from lofte.situation.words import agreement_words
from lofte.text import load_taxonomy

SCHEMA = "lofte.lagesbild/1"
MIN_DIALOGUES = 5
MIN_COUNT = 5
POINT_RATIO = 1.2
KOMMUN_SHARE = 0.10
SURVEY_PROBLEM = 3.0
HOTSPOT_WEEKS = 4
HOTSPOT_BASELINE_WEEKS = 48
HOTSPOT_MIN = 3
HOTSPOT_SCORE = 2.0
HOTSPOT_LIMIT = 10
KOMMUN = "kommun"
# Themes that are what residents ask for rather than a problem (the taxonomy's measures): listed beside the
# candidates as "what residents ask for", never ranked as a focus area of their own.
MEASURE_THEMES = ("synlig_narvaro", "samverkan_dialog", "grannsamverkan")

# The coded times as hours of the day and days of the week (0 = Monday). Friday is in both: "fredag" is
# a weekend word in the text engine, and Friday evenings are when residents speak of the weekend.
PERIOD_HOURS = {
    "morning": range(6, 10),
    "daytime": range(10, 14),
    "afternoon": range(14, 18),
    "evening": range(18, 22),
    "night": (22, 23, 0, 1, 2, 3, 4, 5),
}
DARK_HOURS = (*range(18, 24), *range(0, 6))
PERIOD_DAYS = {"weekday": range(0, 5), "weekend": range(4, 7)}
PERIOD_LABELS = {
    "morning": "morgon",
    "daytime": "dagtid",
    "afternoon": "eftermiddag",
    "evening": "kväll",
    "night": "natt",
    "weekday": "vardag",
    "weekend": "helg",
    "spring": "vår",
    "summer": "sommar",
    "autumn": "höst",
    "winter": "vinter",
    "darkness": "mörker",
    "holiday": "helgdag",
    "always": "alltid",
}
# Hours as the bands a patrol or a walk is planned in.
BANDS = [("natt", range(0, 6)), ("morgon", range(6, 10)), ("dag", range(10, 18)), ("kväll", range(18, 24))]


def _band(hour: int) -> str:
    return next(name for name, hours in BANDS if hour in hours)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _per_1000(count: int, population: int | None) -> float | None:
    return round(1000 * count / population, 2) if population else None


def dialogue_cells(row: DialogueRow) -> set[tuple[int, int]]:
    """The (weekday, hour) cells a dialogue's coded times cover; empty when it names no time."""
    times = set(row.times)
    if "always" in times:
        return {(d, h) for d in range(7) for h in range(24)}
    hours: set[int] = set()
    for period, period_hours in PERIOD_HOURS.items():
        if period in times:
            hours.update(period_hours)
    if not hours and "darkness" in times:
        hours.update(DARK_HOURS)
    days: set[int] = set()
    for period, period_days in PERIOD_DAYS.items():
        if period in times:
            days.update(period_days)
    if not hours and not days:
        return set()
    return {(d, h) for d in (days or range(7)) for h in (hours or range(24))}


def _grid(cells: dict[tuple[int, int], int]) -> list[list[int]]:
    return [[int(cells.get((d, h), 0)) for h in range(24)] for d in range(7)]


def partnership_years(partnership: Partnership) -> list[int]:
    """Every year the partnership has: its campaigns' years (the demo: 2016–2020 and the current one)."""
    return sorted(set(Campaign.objects.filter(partnership=partnership).values_list("year", flat=True)))


def themes_of(partnership: Partnership) -> list[dict[str, str]]:
    default = load_taxonomy()
    # Both languages whatever the language of the request that computes: the pages show the reader's.
    labels = theme_labels(partnership, "sv")
    english = theme_labels(partnership, "en")
    residual = default.residual_id
    return [
        {"id": theme_id, "label_sv": labels.get(theme_id, theme_id), "label_en": english.get(theme_id, "")}
        for theme_id in (default.ids)
        if theme_id != residual
    ]


def compute(*, partnership: Partnership, year: int) -> dict[str, Any]:
    """The whole dataset for ``partnership`` and ``year`` as JSON-ready data."""
    kommunkod = partnership.municipality.kommunkod
    years = sorted({*partnership_years(partnership), year})
    themes = themes_of(partnership)
    theme_ids = [t["id"] for t in themes]
    label = {t["id"]: t["label_sv"] for t in themes}
    areas = list(reading.partnership_areas(partnership).values("pk", "name", "geometry"))
    area_name = {a["pk"]: a["name"] for a in areas}
    area_pop, kommun_pop = reading.populations(partnership, year)
    _prev_pop, prev_kommun_pop = reading.populations(partnership, year - 1)
    places: list[dict[str, Any]] = [
        dict(p)
        for p in Place.objects.filter(organisation_id__in=partnership.organisation_ids()).values(
            "pk", "name", "area_id", "latitude", "longitude"
        )
    ]
    areas_of_places: dict[int, int | None] = {p["pk"]: p["area_id"] for p in places}

    dialogues = reading.dialogue_rows(partnership, years, areas_of_places=areas_of_places)
    by_year: dict[int, list[DialogueRow]] = defaultdict(list)
    for row in dialogues:
        by_year[row.year].append(row)
    events = reading.police_event_counts(kommunkod, years)
    incidents = reading.incident_counts(partnership, years)
    crime = reading.crime_counts(partnership, years)
    survey = reading.survey_indices(partnership, years)
    walks = reading.walk_counts(partnership, year)

    def dialogue_counts(rows: list[DialogueRow]) -> tuple[Counter[tuple[str, Any]], Counter[Any]]:
        per_cell: Counter[tuple[str, Any]] = Counter()
        per_area: Counter[Any] = Counter()
        for row in rows:
            per_area[KOMMUN] += 1
            for area_id in row.area_ids:
                per_area[area_id] += 1
            for theme in row.themes:
                per_cell[(theme, KOMMUN)] += 1
                for area_id in row.area_ids:
                    per_cell[(theme, area_id)] += 1
        return per_cell, per_area

    d_cell, d_area = dialogue_counts(by_year[year])
    pd_cell, pd_area = dialogue_counts(by_year[year - 1])

    def incidents_of(y: int, theme: str, area: Any) -> int:
        if area == KOMMUN:
            return sum(n for (yy, t, _a), n in incidents.items() if yy == y and t == theme)
        return incidents.get((y, theme, area), 0)

    incidents_total = sum(n for (yy, _t, _a), n in incidents.items() if yy == year)
    events_total = sum(n for (yy, _t), n in events.items() if yy == year)
    incidents_by_area_total: Counter[Any] = Counter()
    for (yy, _t, a), n in incidents.items():
        if yy == year:
            incidents_by_area_total[a] += n
    walks_by_area: Counter[Any] = Counter()
    for (_t, a), n in walks.items():
        walks_by_area[a] += n
        walks_by_area[KOMMUN] += n
    survey_areas = {a for (yy, _t, a) in survey if yy == year}

    # A source can only disagree about a theme it records at all: police events never speak of grannsamverkan,
    # so their silence about it is no disagreement with the dialogues.
    covers = {
        "incidents": {t for (_y, t, _a) in incidents},
        "events": {t for (_y, t) in events},
        "survey": {t for (_y, t, _a) in survey},
        "walks": {t for (t, _a) in walks},
    }
    matrix = []
    for theme in theme_ids:
        kommun_share = _share(d_cell[(theme, KOMMUN)], d_area[KOMMUN])
        kommun_inc_rate = _per_1000(incidents_of(year, theme, KOMMUN), kommun_pop)
        area_keys: list[Any] = [KOMMUN, *area_name]
        for area in area_keys:
            pop = kommun_pop if area == KOMMUN else area_pop.get(area)
            prev_pop = prev_kommun_pop if area == KOMMUN else pop
            survey_area = None if area == KOMMUN else area
            d_n = d_cell[(theme, area)]
            share = _share(d_n, d_area[area])
            inc = incidents_of(year, theme, area)
            rate = _per_1000(inc, pop)
            survey_now = survey.get((year, theme, survey_area))
            survey_prev = survey.get((year - 1, theme, survey_area))
            walk_n = walks.get((theme, None if area == KOMMUN else area), 0)
            if area == KOMMUN:
                walk_n = sum(n for (t, _a), n in walks.items() if t == theme)
            cell: dict[str, Any] = {
                "theme": theme,
                "area": None if area == KOMMUN else area,
                "ref": f"cell:{theme}:{area}",
                "dialogues": {
                    "count": d_n,
                    "of": d_area[area],
                    "share": share,
                    "prev_share": _share(pd_cell[(theme, area)], pd_area[area]) if pd_area[area] else None,
                },
                "incidents": {
                    "count": inc,
                    "per_1000": rate,
                    "prev_per_1000": _per_1000(incidents_of(year - 1, theme, area), prev_pop),
                },
                "survey": {
                    "index": survey_now.index if survey_now else None,
                    "prev_index": survey_prev.index if survey_prev else None,
                },
                "walks": {"count": walk_n},
                "cases": {"count": 0},
            }
            if area == KOMMUN:
                ev = events.get((year, theme), 0)
                cell["events"] = {
                    "count": ev,
                    "per_1000": _per_1000(ev, kommun_pop),
                    "prev_per_1000": _per_1000(events.get((year - 1, theme), 0), prev_kommun_pop),
                }
                crime_now = crime.get((year, theme))
                crime_prev = crime.get((year - 1, theme))
                cell["crime"] = {
                    "count": int(crime_now["count"]) if crime_now else 0,
                    "per_100k": crime_now["per_100k"] if crime_now else None,
                    "prev_count": int(crime_prev["count"]) if crime_prev else None,
                }
            # Which sources point the cell out, and which have data for the place but do not.
            high: list[str] = []
            low: list[tuple[str, int]] = []
            if d_area[area]:
                pointed = d_n >= MIN_DIALOGUES and (
                    share >= KOMMUN_SHARE if area == KOMMUN else share >= POINT_RATIO * kommun_share
                )
                (high.append("dialogues") if pointed else low.append(("dialogues", d_n)))
            if theme in covers["incidents"] and (incidents_by_area_total[area] or (area == KOMMUN and incidents_total)):
                if area == KOMMUN:
                    pointed = inc >= MIN_COUNT and _share(inc, incidents_total) >= KOMMUN_SHARE
                else:
                    pointed = inc >= MIN_COUNT and rate is not None and rate >= POINT_RATIO * (kommun_inc_rate or 0)
                (high.append("incidents") if pointed else low.append(("incidents", inc)))
            if area == KOMMUN and events_total and theme in covers["events"]:
                ev = cell["events"]["count"]
                pointed = ev >= MIN_COUNT and _share(ev, events_total) >= KOMMUN_SHARE
                (high.append("events") if pointed else low.append(("events", ev)))
            if survey_area in survey_areas and theme in covers["survey"]:
                idx = cell["survey"]["index"]
                (high.append("survey") if idx is not None and idx >= SURVEY_PROBLEM else low.append(("survey", 0)))
            if walks_by_area[area] and theme in covers["walks"]:
                (high.append("walks") if walk_n >= 2 else low.append(("walks", walk_n)))
            cell["points_out"] = high
            # The first source that has data but does not point the cell out: with points_out, what the
            # sentence saying whether the sources agree is made of, in the reader's language when shown
            # (draft.agreement_text). agreement_text keeps the words as computed, for readers of the JSON.
            cell["agreement_low"] = list(low[0]) if low else None
            cell["agreement"], cell["agreement_text"] = agreement_words(
                high,
                low,
                label[theme],
                _("hela kommunen") if area == KOMMUN else area_name[area],
                kommun=area == KOMMUN,
            )
            matrix.append(cell)

    grid_dialogues: Counter[tuple[int, int]] = Counter()
    period_counts: Counter[str] = Counter()
    theme_periods: dict[str, Counter[str]] = defaultdict(Counter)
    timed = 0
    for row in by_year[year]:
        cells = dialogue_cells(row)
        timed += bool(row.times)
        for period in row.times:
            period_counts[PERIOD_LABELS.get(period, period)] += 1
            for theme in row.themes:
                theme_periods[theme][PERIOD_LABELS.get(period, period)] += 1
        for c in cells:
            grid_dialogues[c] += 1
    time_profile = {
        "dialogues": _grid(grid_dialogues),
        "events": _grid(reading.police_event_grid(kommunkod, year)),
        "incidents": _grid(reading.incident_grid(partnership, year)),
        "dialogue_periods": dict(period_counts.most_common()),
        "theme_periods": {t: dict(c.most_common()) for t, c in sorted(theme_periods.items())},
        "dialogues_with_time": timed,
        "period_hours": {PERIOD_LABELS[p]: sorted(h) for p, h in PERIOD_HOURS.items()},
    }

    trends = []
    for y in years:
        year_cells, year_areas = dialogue_counts(by_year[y])
        for theme in theme_ids:
            s = survey.get((y, theme, None))
            trends.append(
                {
                    "year": y,
                    "theme": theme,
                    "dialogues": year_cells[(theme, KOMMUN)],
                    "dialogue_share": _share(year_cells[(theme, KOMMUN)], year_areas[KOMMUN]),
                    "events": events.get((y, theme), 0),
                    "incidents": incidents_of(y, theme, KOMMUN),
                    "crime": int(crime[(y, theme)]["count"]) if (y, theme) in crime else None,
                    "survey_index": s.index if s else None,
                    "ref": f"cell:{theme}:{KOMMUN}",
                }
            )

    points = [
        {
            "kind": "incident",
            "lat": round((p["cy"] + 0.5) / reading.GRID, 5),
            "lng": round((p["cx"] + 0.5) / reading.GRID, 5),
            "theme": p["theme"],
            "count": p["count"],
            "ref": f"spot:{p['cy']}:{p['cx']}:{p['theme'] or '-'}",
        }
        for p in reading.incident_points(partnership, year)
    ]
    mentions = Counter(pid for row in by_year[year] for pid in row.place_ids)
    points += [
        {
            "kind": "place",
            "lat": p["latitude"],
            "lng": p["longitude"],
            "name": p["name"],
            "count": mentions[p["pk"]],
            "ref": f"place:{p['pk']}",
        }
        for p in places
        if p["latitude"] is not None and mentions[p["pk"]]
    ]
    for pk, theme, lat, lng, note in (
        reading.walk_observations(partnership, year)
        .exclude(lat=None)
        .values_list("pk", "theme", "lat", "lng", "note")
        .order_by("pk")
    ):
        points.append(
            {"kind": "walk", "lat": lat, "lng": lng, "theme": theme, "count": 1, "name": note[:80], "ref": f"walk:{pk}"}
        )

    hot = hotspots(partnership, year, places=places, dialogues=dialogues)
    area_measures = [
        {
            "area": a["pk"],
            "population": area_pop.get(a["pk"]),
            "dialogues": d_area[a["pk"]],
            "incidents_per_1000": _per_1000(incidents_by_area_total[a["pk"]], area_pop.get(a["pk"])),
            "incidents": incidents_by_area_total[a["pk"]],
            "walk_observations": walks_by_area[a["pk"]],
            "survey_index": _mean([s.index for (yy, _t, aa), s in survey.items() if yy == year and aa == a["pk"]]),
            "ref": f"area:{a['pk']}",
        }
        for a in areas
    ]
    campaigns = list(
        Campaign.objects.filter(partnership=partnership, year=year).order_by("slug").values_list("slug", flat=True)
    )
    dataset: dict[str, Any] = {
        "schema": SCHEMA,
        "partnership": {
            "slug": partnership.slug,
            "name": partnership.name,
            "kommunkod": kommunkod,
            "parties": [
                {"name": partnership.municipality.name, "kind": "kommun"},
                {"name": partnership.police_area.name, "kind": "polis"},
            ],
        },
        "year": year,
        "computed_at": timezone.now().astimezone(STOCKHOLM).isoformat(timespec="seconds"),
        "population": kommun_pop,
        "sources": {
            "dialogues": {
                "count": d_area[KOMMUN],
                "campaigns": campaigns,
                "representativeness": _representativeness(partnership, year),
            },
            "police_events": {"count": events_total, "precision": "kommun", "kommunkod": kommunkod},
            "incidents": {"count": incidents_total},
            "crime": {"count": int(sum(v["count"] for (yy, _t), v in crime.items() if yy == year))},
            "survey": {"items": sum(1 for (yy, _t, _a) in survey if yy == year)},
            "walks": {"observations": sum(walks.values())},
            "cases": {"count": 0},
        },
        "areas": [{"id": a["pk"], "name": a["name"], "population": area_pop.get(a["pk"])} for a in areas],
        "geometry": {str(a["pk"]): a["geometry"] for a in areas if a["geometry"]},
        "area_measures": area_measures,
        "themes": themes,
        "years": years,
        "matrix": matrix,
        "time_profile": time_profile,
        "trends": trends,
        "points": points,
        "hotspots": hot,
        "coverage": {source: sorted(themes) for source, themes in covers.items()},
    }
    dataset["candidates"] = candidates(dataset)
    dataset["measures"] = [
        {
            "theme": c["theme"],
            "dialogues": c["dialogues"]["count"],
            "share": c["dialogues"]["share"],
            "ref": c["ref"],
        }
        for c in matrix
        if c["area"] is None and c["theme"] in MEASURE_THEMES and c["dialogues"]["count"]
    ]
    return dataset


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _representativeness(partnership: Partnership, year: int) -> list[dict[str, Any]]:
    out = []
    for campaign in Campaign.objects.filter(partnership=partnership, year=year).select_related("partnership"):
        rep = representation(campaign)
        out.append(
            {
                "campaign": campaign.slug,
                "population_year": rep.year,
                "too_few": rep.too_few,
                "under_represented": [
                    {"group": w.label, "share": w.sample_share, "population_share": w.population_share}
                    for w in rep.warnings
                ],
            }
        )
    return out


def hotspots(
    partnership: Partnership, year: int, *, places: list[dict[str, Any]], dialogues: list[DialogueRow]
) -> list[dict[str, Any]]:
    """Places and hours that stand out in the last HOTSPOT_WEEKS weeks, for next week's patrols and walks.

    The window ends at the last incident of the year (or now, in the current year). Incidents are grouped on
    the map grid and in four bands of the day (natt 0–6, morgon 6–10, dag 10–18, kväll 18–24). A cell and
    band's score is (recent + 1) / (baseline + 1), where recent counts incidents in the window plus the
    window's dialogues that name a place in the cell and a time in the band, and baseline is the same count's
    mean per HOTSPOT_WEEKS weeks over the HOTSPOT_BASELINE_WEEKS weeks before (so a place every dialogue
    round names is not new just because a round is under way). A hotspot has at least
    HOTSPOT_MIN recent and a score of at least HOTSPOT_SCORE: twice its own usual level or more.
    """
    end = min(reading.year_bounds(year)[1], timezone.now())
    last = reading.latest_incident(partnership, end)
    dialogue_times = [r.conducted_at for r in dialogues if r.conducted_at < end]
    latest = max([t for t in [last, *dialogue_times] if t is not None], default=None)
    if latest is None:
        return []
    window_end = latest + dt.timedelta(seconds=1)
    window_start = window_end - dt.timedelta(weeks=HOTSPOT_WEEKS)
    base_start = window_start - dt.timedelta(weeks=HOTSPOT_BASELINE_WEEKS)
    recent = reading.incident_cell_hours(partnership, window_start, window_end)
    baseline = reading.incident_cell_hours(partnership, base_start, window_start)
    score_recent: Counter[tuple[int, int, str]] = Counter()
    score_base: Counter[tuple[int, int, str]] = Counter()
    hours_seen: dict[tuple[int, int, str], Counter[int]] = defaultdict(Counter)
    for (cy, cx, h), n in recent.items():
        score_recent[(cy, cx, _band(h))] += n
        hours_seen[(cy, cx, _band(h))][h] += n
    for (cy, cx, h), n in baseline.items():
        score_base[(cy, cx, _band(h))] += n
    place_cell = {
        p["pk"]: (math.floor(p["latitude"] * reading.GRID), math.floor(p["longitude"] * reading.GRID))
        for p in places
        if p["latitude"] is not None
    }
    dialogue_refs: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for row in dialogues:
        recent_row = window_start <= row.conducted_at < window_end
        if not (recent_row or base_start <= row.conducted_at < window_start):
            continue
        bands = {_band(h) for _d, h in dialogue_cells(row)}
        for pid in row.place_ids:
            if pid in place_cell:
                for band in bands:
                    if recent_row:
                        dialogue_refs[(*place_cell[pid], band)].append(row.pk)
                    else:
                        score_base[(*place_cell[pid], band)] += 1
    for key, pks in dialogue_refs.items():
        score_recent[key] += len(pks)
    periods = HOTSPOT_BASELINE_WEEKS / HOTSPOT_WEEKS
    spots: list[dict[str, Any]] = []
    for key, n in score_recent.items():
        base = score_base[key] / periods
        score = (n + 1) / (base + 1)
        if n < HOTSPOT_MIN or score < HOTSPOT_SCORE:
            continue
        cy, cx, band = key
        lat, lng = (cy + 0.5) / reading.GRID, (cx + 0.5) / reading.GRID
        near = min(
            (p for p in places if p["latitude"] is not None),
            key=lambda p: (p["latitude"] - lat) ** 2 + ((p["longitude"] - lng) * 0.53) ** 2,
            default=None,
        )
        close = near is not None and math.dist((near["latitude"], near["longitude"] * 0.53), (lat, lng * 0.53)) < 0.005
        spots.append(
            {
                "place": near["name"] if close and near else _("Punkt %(lat).4f, %(lng).4f") % {"lat": lat, "lng": lng},
                "area": near["area_id"] if close and near else None,
                "lat": round(lat, 5),
                "lng": round(lng, 5),
                "cell": [cy, cx],
                "band": band,
                "hours": sorted(hours_seen[key]),
                "recent": n,
                "incidents": n - len(dialogue_refs.get(key, [])),
                "dialogues": dialogue_refs.get(key, []),
                "baseline": round(base, 2),
                "score": round(score, 2),
                "window": [window_start.isoformat(timespec="seconds"), window_end.isoformat(timespec="seconds")],
            }
        )
    spots.sort(key=lambda s: (-float(s["score"]), -int(s["recent"]), str(s["place"])))
    # Two neighbouring grid cells can both lie nearest the same named place: the list names a place and band
    # once, by its strongest cell (a planner reads "Resecentrum, kväll", not the grid).
    seen: set[tuple[str, str]] = set()
    unique: list[dict[str, Any]] = []
    for spot in spots:
        named = (str(spot["place"]), str(spot["band"]))
        if named not in seen:
            seen.add(named)
            unique.append(spot)
    spots = unique
    for i, spot in enumerate(spots[:HOTSPOT_LIMIT]):
        spot["ref"] = f"hotspot:{i}"
    return spots[:HOTSPOT_LIMIT]


def candidates(dataset: dict[str, Any], *, limit: int = 5) -> list[dict[str, Any]]:
    """Focus-area candidates: themes ranked by how strongly and how many sources point them out.

    score = the weighted mean of: dialogue share / the highest theme's (weight 0.4), incidents / the highest
    (0.2), police events / the highest (0.15), survey index / 6 (0.15) and the share of areas where sources
    agree (0.1), over the sources that record the theme at all: the police's list never speaks of lighting, and
    its silence must not rank lighting down.
    """
    kommun = {c["theme"]: c for c in dataset["matrix"] if c["area"] is None}
    cells = [c for c in dataset["matrix"] if c["area"] is not None]
    area_name = {a["id"]: a["name"] for a in dataset["areas"]}
    label = {t["id"]: t["label_sv"] for t in dataset["themes"]}
    top_share = max((c["dialogues"]["share"] for c in kommun.values()), default=0) or 1
    top_inc = max((c["incidents"]["count"] for c in kommun.values()), default=0) or 1
    top_ev = max((c["events"]["count"] for c in kommun.values()), default=0) or 1
    n_areas = len(area_name) or 1
    coverage = dataset.get("coverage", {})
    ranked = []
    for theme, cell in kommun.items():
        if theme in MEASURE_THEMES:
            continue
        theme_cells = [c for c in cells if c["theme"] == theme]
        agree = [c for c in theme_cells if c["agreement"] == "agree"]
        pointed = sorted(
            (c for c in theme_cells if c["points_out"]),
            key=lambda c: (-len(c["points_out"]), -c["dialogues"]["count"]),
        )
        parts = [(0.4, cell["dialogues"]["share"] / top_share), (0.1, len(agree) / n_areas)]
        if theme in coverage.get("incidents", ()):
            parts.append((0.2, cell["incidents"]["count"] / top_inc))
        if theme in coverage.get("events", ()):
            parts.append((0.15, cell["events"]["count"] / top_ev))
        if theme in coverage.get("survey", ()):
            parts.append((0.15, (cell["survey"]["index"] or 0) / 6))
        score = sum(w * x for w, x in parts) / sum(w for w, _x in parts)
        if not cell["points_out"] and not pointed:
            continue
        evidence = []
        if cell["dialogues"]["count"]:
            evidence.append(
                {
                    "source": "dialogues",
                    "text": _("%(n)s av %(of)s dialoger (%(pct)s %%) tar upp %(theme)s.")
                    % {
                        "n": cell["dialogues"]["count"],
                        "of": cell["dialogues"]["of"],
                        "pct": round(100 * cell["dialogues"]["count"] / cell["dialogues"]["of"]),
                        "theme": label[theme].lower(),
                    },
                    "ref": cell["ref"],
                }
            )
        if cell["events"]["count"]:
            evidence.append(
                {
                    "source": "events",
                    "text": _("%(n)s händelser i polisens händelselista (hela kommunen).")
                    % {"n": cell["events"]["count"]},
                    "ref": cell["ref"],
                }
            )
        if cell["incidents"]["count"]:
            evidence.append(
                {
                    "source": "incidents",
                    "text": _("%(n)s geokodade händelser.") % {"n": cell["incidents"]["count"]},
                    "ref": cell["ref"],
                }
            )
        if cell["survey"]["index"] is not None:
            evidence.append(
                {
                    "source": "survey",
                    "text": _("Problemindex %(index)s av 6 i trygghetsmätningen.")
                    % {"index": f"{cell['survey']['index']:.1f}".replace(".", ",")},
                    "ref": cell["ref"],
                }
            )
        for c in agree:
            evidence.append({"source": "agreement", "text": c["agreement_text"], "ref": c["ref"]})
        ranked.append(
            {
                "theme": theme,
                "areas": [c["area"] for c in pointed][:3],
                "area_names": [area_name[c["area"]] for c in pointed][:3],
                "times": _times_for(dataset, theme),
                "score": round(score, 3),
                "evidence": evidence,
                "ref": cell["ref"],
            }
        )
    ranked.sort(key=lambda c: (-c["score"], c["theme"]))
    for i, c in enumerate(ranked[:limit], start=1):
        c["rank"] = i
    return ranked[:limit]


def _times_for(dataset: dict[str, Any], theme: str) -> list[str]:
    """The times to act: the two periods of the day the theme's dialogues name most often."""
    periods = dataset["time_profile"]["theme_periods"].get(theme, {})
    of_day = [p for p in periods if p in ("morgon", "dagtid", "eftermiddag", "kväll", "natt")]
    return of_day[:2]
