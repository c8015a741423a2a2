"""What the picture page draws, made from the stored dataset only (no query): SVG geometry, table rows,
classes for heat levels. The page must render in well under 300 ms whatever the sources' size."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lofte.situation.draft import matrix_rows as draft_matrix_rows
from lofte.situation.draft import theme_label
from lofte.situation.words import agreement_text, evidence_text, period_label

WEEKDAYS = [
    gettext_lazy("Måndag"),
    gettext_lazy("Tisdag"),
    gettext_lazy("Onsdag"),
    gettext_lazy("Torsdag"),
    gettext_lazy("Fredag"),
    gettext_lazy("Lördag"),
    gettext_lazy("Söndag"),
]
HEAT_LEVELS = 5
CHART_W, CHART_H, PAD = 640, 220, 36


def _level(value: int, top: int) -> int:
    return 0 if not value or not top else min(HEAT_LEVELS, 1 + int((HEAT_LEVELS - 1) * value / top + 0.5))


def heat(grid: list[list[int]], source: str) -> dict[str, Any]:
    weekdays = [str(day) for day in WEEKDAYS]
    top = max((v for row in grid for v in row), default=0)
    cells = []
    for d, row in enumerate(grid):
        for h, v in enumerate(row):
            cells.append(
                {
                    "x": 40 + h * 20,
                    "y": 4 + d * 20,
                    "value": v,
                    "level": _level(v, top),
                    "day": weekdays[d],
                    "hour": h,
                    "ref": f"time:{source}:{d}:{h}",
                }
            )
    rows = [
        {"day": weekdays[d], "values": [{"value": v, "ref": f"time:{source}:{d}:{h}"} for h, v in enumerate(row)]}
        for d, row in enumerate(grid)
    ]
    days = [{"label": weekdays[d][:2], "y": 18 + d * 20} for d in range(7)]
    return {"cells": cells, "rows": rows, "top": top, "total": sum(map(sum, grid)), "days": days}


def trend_chart(
    trends: list[dict[str, Any]], themes: list[str], label: dict[str, str], years: list[int]
) -> dict[str, Any]:
    """Dialogue share per year for a few themes: polylines with points, and the same numbers as a table."""
    if not years:
        return {"lines": [], "rows": []}
    top = max((t["dialogue_share"] for t in trends if t["theme"] in themes), default=0) or 1
    step = (CHART_W - 2 * PAD) / max(len(years) - 1, 1)

    def xy(i: int, share: float) -> tuple[float, float]:
        return round(PAD + i * step, 1), round(CHART_H - PAD - (CHART_H - 2 * PAD) * share / top, 1)

    lines = []
    for n, theme in enumerate(themes):
        points = []
        for i, year in enumerate(years):
            row = next((t for t in trends if t["year"] == year and t["theme"] == theme), None)
            share = row["dialogue_share"] if row else 0.0
            x, y = xy(i, share)
            points.append({"x": x, "y": y, "year": year, "pct": round(100 * share)})
        lines.append(
            {
                "theme": theme,
                "label": label.get(theme, theme),
                "series": n % 6,
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
            }
        )
    axis = [{"x": xy(i, 0)[0], "year": year} for i, year in enumerate(years)]
    rows = [
        {
            "year": year,
            "cells": [
                next(
                    (
                        {
                            "pct": round(100 * t["dialogue_share"]),
                            "events": t["events"],
                            "incidents": t["incidents"],
                            "survey": t["survey_index"],
                        }
                        for t in trends
                        if t["year"] == year and t["theme"] == theme
                    ),
                    {},
                )
                for theme in themes
            ],
        }
        for year in years
    ]
    return {
        "lines": lines,
        "axis": axis,
        "rows": rows,
        "top_pct": round(100 * top),
        "width": CHART_W,
        "height": CHART_H,
        "baseline": CHART_H - PAD,
        "pad": PAD,
    }


def matrix_rows(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    """The picture's table (draft.matrix_rows) with the theme's label and the words on whether the sources
    agree, in the reader's language."""
    return [
        {
            **row,
            "label": theme_label(dataset, row["theme"]["id"]),
            "cells": [{**c, "agreement_text": agreement_text(dataset, c)} for c in row["cells"]],
        }
        for row in draft_matrix_rows(dataset)
    ]


def area_measures(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    name = {a["id"]: a["name"] for a in dataset["areas"]}
    return [{**m, "name": name.get(m["area"], "")} for m in dataset.get("area_measures", [])]


# Lazy: made at import, shown in the reader's language.
MEASURES = [
    ("incidents_per_1000", gettext_lazy("Geokodade händelser per 1 000 invånare")),
    ("dialogues", gettext_lazy("Antal dialoger som pekar ut området")),
    ("survey_index", gettext_lazy("Trygghetsmätningens problemindex (0–6)")),
    ("walk_observations", gettext_lazy("Iakttagelser från trygghetsvandringar")),
]


def picture_context(dataset: dict[str, Any]) -> dict[str, Any]:
    label = {t["id"]: theme_label(dataset, t["id"]) for t in dataset["themes"]}
    area_name = {a["id"]: a["name"] for a in dataset["areas"]}
    candidates = dataset.get("candidates", [])
    trend_themes = [c["theme"] for c in candidates[:4]]
    tp = dataset["time_profile"]
    return {
        "label": label,
        "area_name": area_name,
        "matrix_rows": matrix_rows(dataset),
        "heat_dialogues": heat(tp["dialogues"], "dialogues"),
        "heat_incidents": heat(tp["incidents"], "incidents"),
        "heat_events": heat(tp["events"], "events"),
        "trend": trend_chart(dataset["trends"], trend_themes, label, dataset.get("years", [])),
        "measures": [(key, str(text)) for key, text in MEASURES],
        "area_rows": area_measures(dataset),
        "map_data": {
            "geometry": dataset.get("geometry", {}),
            "areas": area_measures(dataset),
            "points": dataset.get("points", []),
            "hotspots": [
                {"lat": h["lat"], "lng": h["lng"], "place": h["place"], "band": period_label(h["band"])}
                for h in dataset.get("hotspots", [])
            ],
            "labels": {"incident": _("Geokodad händelse"), "place": _("Plats som nämns"), "walk": _("Iakttagelse")},
        },
        "candidates": [
            {
                **c,
                "label": label.get(c["theme"], c["theme"]),
                "times": [period_label(t) for t in c.get("times", [])],
                "evidence": [{**e, "text": evidence_text(dataset, e)} for e in c.get("evidence", [])],
            }
            for c in candidates
        ],
        "asked_for": [{**m, "label": label.get(m["theme"], m["theme"])} for m in dataset.get("measures", [])],
        "hotspots": [
            {**h, "area_name": area_name.get(h["area"], ""), "band": period_label(h["band"])}
            for h in dataset.get("hotspots", [])
        ],
        "incident_points": [
            {**p, "label": label.get(p["theme"], p["theme"] or _("Utan tema"))}
            for p in dataset.get("points", [])
            if p["kind"] == "incident"
        ][:25],
        "other_points": [p for p in dataset.get("points", []) if p["kind"] != "incident"],
    }
