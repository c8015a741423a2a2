"""A realistic lägesbild dataset for Sjöstad 2020, in the shape docs/lagesbild.md gives (schema lofte.lagesbild/1).

What the seed's municipality found: the centres feel unsafe in the evenings and at night, partly because of
intoxicated and drug-affected people; residents ask for lighting and visible adults; youth and drugs. The report
code reads only this dict, so its tests need no sources.
"""

from __future__ import annotations

from typing import Any

THEMES = [
    ("alkohol_berusning", "Alkohol och berusning", "Alcohol and intoxication"),
    ("belysning", "Belysning", "Lighting"),
    ("narkotika", "Narkotika", "Drugs"),
    ("ungdomar", "Ungdomar", "Young people"),
    ("synlig_narvaro", "Synlig närvaro", "Visible presence"),
    ("offentliga_platser", "Offentliga platser", "Public places"),
    ("trafik", "Trafik", "Traffic"),
]
DEFAULT_AREAS = [(3, "Centrum", 4200), (4, "Norra", 6100), (5, "Hamnen", 2300)]
POPULATION = 39000
# (theme, area or None): (dialogues, incidents, survey index, previous share, previous index)
CELLS: dict[tuple[str, int | None], tuple[int, int, float | None]] = {
    ("alkohol_berusning", None): (148, 212, 3.1),
    ("alkohol_berusning", 3): (71, 120, 3.8),
    ("alkohol_berusning", 4): (40, 52, 2.6),
    ("alkohol_berusning", 5): (37, 40, 2.9),
    ("belysning", None): (131, 0, 2.7),
    ("belysning", 3): (49, 0, 2.9),
    ("belysning", 4): (55, 0, 2.8),
    ("belysning", 5): (27, 0, 2.2),
    ("narkotika", None): (119, 96, 2.9),
    ("narkotika", 3): (52, 58, 3.4),
    ("narkotika", 4): (38, 25, 2.6),
    ("narkotika", 5): (29, 13, 2.4),
    ("ungdomar", None): (97, 41, 2.5),
    ("ungdomar", 3): (30, 12, 2.4),
    ("ungdomar", 4): (48, 22, 2.8),
    ("ungdomar", 5): (19, 7, 2.1),
    ("synlig_narvaro", None): (104, 0, None),
    ("synlig_narvaro", 3): (46, 0, None),
    ("synlig_narvaro", 4): (36, 0, None),
    ("synlig_narvaro", 5): (22, 0, None),
    ("offentliga_platser", None): (88, 0, None),
    ("offentliga_platser", 3): (61, 0, None),
    ("offentliga_platser", 4): (15, 0, None),
    ("offentliga_platser", 5): (12, 0, None),
    ("trafik", None): (41, 64, 3.3),
    ("trafik", 3): (9, 20, 2.9),
    ("trafik", 4): (21, 30, 3.6),
    ("trafik", 5): (11, 14, 3.0),
}
EVENTS = {"alkohol_berusning": 184, "narkotika": 122, "ungdomar": 15, "trafik": 310, "belysning": 0}
DIALOGUES_PER_AREA = {None: 612, 3: 238, 4: 241, 5: 133}


def _grid(peaks: dict[int, int], weekend_boost: int) -> list[list[int]]:
    """7 weekdays × 24 hours, Monday first."""
    return [
        [peaks.get(h, 1) + (weekend_boost if d >= 4 and (h >= 20 or h < 3) else 0) for h in range(24)] for d in range(7)
    ]


def build_dataset(*, year: int = 2020, areas: list[tuple[int, str, int]] | None = None) -> dict[str, Any]:
    areas = areas or DEFAULT_AREAS
    area_ids = {a[0] for a in areas}
    default_ids = [a[0] for a in DEFAULT_AREAS]
    id_map = dict(zip(default_ids, [a[0] for a in areas], strict=False))
    area_pop: dict[int | None, int] = {a[0]: a[2] for a in areas}
    area_pop[None] = POPULATION
    matrix = []
    for (theme, default_area), (d_n, inc, index) in CELLS.items():
        area = None if default_area is None else id_map.get(default_area)
        if default_area is not None and area not in area_ids:
            continue
        of = DIALOGUES_PER_AREA[default_area]
        share = round(d_n / of, 4)
        pop = area_pop[area]
        points_out = []
        if share >= 0.15:
            points_out.append("dialogues")
        if inc >= 40:
            points_out.append("incidents")
        if index is not None and index >= 3:
            points_out.append("survey")
        agreement = "agree" if len(points_out) >= 2 else ("single" if points_out else "none")
        where = "hela kommunen" if area is None else next(a[1] for a in areas if a[0] == area)
        cell: dict[str, Any] = {
            "theme": theme,
            "area": area,
            "ref": f"cell:{theme}:{'kommun' if area is None else area}",
            "dialogues": {"count": d_n, "of": of, "share": share, "prev_share": round(share * 0.8, 4)},
            "incidents": {
                "count": inc,
                "per_1000": round(1000 * inc / pop, 2),
                "prev_per_1000": round(900 * inc / pop, 2),
            },
            "survey": {"index": index, "prev_index": None if index is None else round(index - 0.2, 1)},
            "walks": {"count": 2 if theme == "belysning" and area == id_map.get(3) else 0},
            "cases": {"count": 0},
            "points_out": points_out,
            "agreement_low": None,
            "agreement": agreement,
            "agreement_text": (
                f"Dialogerna och polisens geokodade händelser pekar båda ut {where} för {theme}."
                if agreement == "agree"
                else ""
            ),
        }
        if area is None:
            ev = EVENTS.get(theme, 0)
            cell["events"] = {
                "count": ev,
                "per_1000": round(1000 * ev / POPULATION, 2),
                "prev_per_1000": round(1100 * ev / POPULATION, 2),
            }
            cell["crime"] = {"count": 0, "per_100k": None, "prev_count": None}
        matrix.append(cell)
    night = dict.fromkeys((19, 20, 21, 22, 23), 6) | {0: 5, 1: 4, 2: 3, 17: 3, 18: 4}
    return {
        "schema": "lofte.lagesbild/1",
        "partnership": {
            "slug": "sjostad",
            "name": "Trygg i Sjöstad",
            "kommunkod": "9901",
            "parties": [{"name": "Sjöstad kommun", "kind": "kommun"}, {"name": "LPO Sjöstad", "kind": "polis"}],
        },
        "year": year,
        "computed_at": f"{year + 1}-01-15T09:00:00+01:00",
        "population": POPULATION,
        "sources": {
            "dialogues": {"count": 612, "campaigns": [f"sjostad-{year}"], "representativeness": []},
            "police_events": {"count": 1840, "precision": "kommun", "kommunkod": "9901"},
            "incidents": {"count": 540},
            "crime": {"count": 0},
            "survey": {"items": 12},
            "walks": {"observations": 2},
            "cases": {"count": 0},
        },
        "areas": [{"id": a[0], "name": a[1], "population": a[2]} for a in areas],
        "geometry": {},
        "area_measures": [],
        "themes": [{"id": t, "label_sv": sv, "label_en": en} for t, sv, en in THEMES],
        "years": list(range(year - 4, year + 1)),
        "matrix": matrix,
        "time_profile": {
            "dialogues": _grid(night, 2),
            "events": _grid(dict.fromkeys((21, 22, 23, 0, 1), 4), 3),
            "incidents": _grid(dict.fromkeys((20, 21, 22, 23, 0, 1, 2), 5), 4),
            "dialogue_periods": {"kväll": 214, "natt": 161, "helg": 98, "mörker": 77, "dagtid": 40},
            "theme_periods": {
                "alkohol_berusning": {"natt": 70, "kväll": 52, "helg": 40},
                "belysning": {"kväll": 60, "mörker": 55, "natt": 30},
                "narkotika": {"kväll": 44, "natt": 38},
                "ungdomar": {"kväll": 51, "eftermiddag": 20},
            },
            "dialogues_with_time": 431,
            "period_hours": {"kväll": [18, 19, 20, 21], "natt": [22, 23, 0, 1, 2, 3, 4, 5]},
        },
        "trends": [
            {
                "year": y,
                "theme": theme,
                "dialogues": 60 + 10 * i + j,
                "dialogue_share": round((60 + 10 * i + j) / 600, 4),
                "events": 100 + 20 * i,
                "incidents": 50 + 5 * i,
                "crime": None,
                "survey_index": round(2.2 + 0.15 * i, 2),
                "ref": f"cell:{theme}:kommun",
            }
            for i, y in enumerate(range(year - 4, year + 1))
            for j, theme in enumerate(["alkohol_berusning", "belysning", "narkotika"])
        ],
        "points": [],
        "hotspots": [
            {
                "place": "Resecentrum",
                "area": id_map.get(3),
                "lat": 58.5,
                "lng": 13.16,
                "band": "kväll",
                "hours": [21, 22, 23],
                "recent": 9,
                "incidents": 7,
                "dialogues": [11, 12],
                "baseline": 2.5,
                "score": 2.86,
                "ref": "hotspot:0",
            }
        ],
        "candidates": [
            {
                "rank": 1,
                "theme": "alkohol_berusning",
                "areas": [id_map.get(3)],
                "area_names": ["Centrum"],
                "times": ["natt", "kväll"],
                "score": 0.86,
                "evidence": [
                    {
                        "source": "dialogues",
                        "text": "148 av 612 dialoger (24 %) tar upp alkohol och berusning.",
                        "ref": "cell:alkohol_berusning:kommun",
                    },
                    {
                        "source": "events",
                        "text": "184 händelser i polisens händelselista (hela kommunen).",
                        "ref": "cell:alkohol_berusning:kommun",
                    },
                ],
                "ref": "cell:alkohol_berusning:kommun",
            },
            {
                "rank": 2,
                "theme": "narkotika",
                "areas": [id_map.get(3), id_map.get(4)],
                "area_names": ["Centrum", "Norra"],
                "times": ["kväll", "natt"],
                "score": 0.71,
                "evidence": [
                    {
                        "source": "dialogues",
                        "text": "119 av 612 dialoger (19 %) tar upp narkotika.",
                        "ref": "cell:narkotika:kommun",
                    },
                    {"source": "incidents", "text": "96 geokodade händelser.", "ref": "cell:narkotika:kommun"},
                ],
                "ref": "cell:narkotika:kommun",
            },
            {
                "rank": 3,
                "theme": "belysning",
                "areas": [id_map.get(4), id_map.get(3)],
                "area_names": ["Norra", "Centrum"],
                "times": ["kväll"],
                "score": 0.55,
                "evidence": [
                    {
                        "source": "dialogues",
                        "text": "131 av 612 dialoger (21 %) tar upp belysning.",
                        "ref": "cell:belysning:kommun",
                    }
                ],
                "ref": "cell:belysning:kommun",
            },
        ],
    }
