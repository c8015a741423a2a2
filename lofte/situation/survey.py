"""The trygghetsmätning: default items and answer scale, and the 0–6 problem index. Pure, no database.

The police's survey reports problem indices on a 0–6 scale (0 "närmast obefintligt problem", 6 "alarmerande
påtagligt problem"; lower is better) per item, delområde and kommun, plus a total index. Items, scale,
weights and formula differ between rounds and are not published in one place, so each `SurveyItem` carries
its own scale with weights (editable on the staff page) and raw answer counts are stored; what is shipped
here is the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Each answer: code, label as the questionnaire prints it, weight (None: not counted in the index).
DEFAULT_SCALE: list[dict[str, Any]] = [
    {"code": "mycket_stort", "label": "Mycket stort problem", "weight": 6},
    {"code": "ganska_stort", "label": "Ganska stort problem", "weight": 4},
    {"code": "ganska_litet", "label": "Ganska litet problem", "weight": 2},
    {"code": "inget", "label": "Inget problem", "weight": 0},
    {"code": "vet_inte", "label": "Vet inte", "weight": None},
]

# The standard problem items of the police's trygghetsmätning (domain.md), code -> (label, theme id).
DEFAULT_ITEMS: list[tuple[str, str, str]] = [
    ("nedskrapning", "Nedskräpning", "nedskrapning"),
    ("skadegorelse_klotter", "Skadegörelse och klotter", "skadegorelse"),
    ("dalig_belysning", "Dåligt upplysta gator, gångvägar och parker", "belysning"),
    ("berusade_personer", "Personer som är påverkade av alkohol eller narkotika utomhus", "alkohol_berusning"),
    ("narkotikaforsaljning", "Försäljning av narkotika", "narkotika"),
    ("vardslos_trafik", "Hänsynslös bil- och mopedtrafik", "trafik"),
    ("ungdomar_stor", "Ungdomsgäng som stör ordningen", "ungdomar"),
    ("bostadsinbrott", "Bostadsinbrott", "inbrott_stold"),
    ("cykelstolder", "Cykelstölder", "inbrott_stold"),
    ("overfall_misshandel", "Överfall och misshandel utomhus", "vald_hot"),
    ("ofredande", "Personer som blir ofredade utomhus", "vald_hot"),
    ("otrygga_platser", "Otrygga platser som centrum, stationer och parker", "offentliga_platser"),
]


def default_scale() -> list[dict[str, Any]]:
    return [dict(answer) for answer in DEFAULT_SCALE]


def problem_index(counts: Mapping[str, Any], scale: Sequence[Mapping[str, Any]]) -> tuple[float | None, int]:
    """The 0–6 problem index of one item, area and year, and how many answers it counts.

    Default formula: the weighted mean of the answers, each answer weighted by its place on the scale
    ("Mycket stort problem" 6, "Ganska stort problem" 4, "Ganska litet problem" 2, "Inget problem" 0);
    answers without a weight ("Vet inte", blank) are left out of both sum and count:

        index = Σ(count_a × weight_a) / Σ count_a   over the answers a that have a weight

    Rounded to two decimals; None when no weighted answer was given. Counts of answers not on the scale are
    ignored (the importer refuses them), as are negative or non-numeric counts.
    """
    weighted = 0.0
    answers = 0
    for answer in scale:
        weight = answer.get("weight")
        if weight is None:
            continue
        count = counts.get(answer["code"], 0)
        if not isinstance(count, int | float) or isinstance(count, bool) or count < 0:
            continue
        weighted += float(weight) * count
        answers += int(count)
    if answers == 0:
        return None, 0
    return round(weighted / answers, 2), answers


def total_index(indices: Iterable[float | None]) -> float | None:
    """The total index of an area and year: the plain mean of its items' indices (each item counts once,
    however many answered it); None when no item has an index."""
    values = [value for value in indices if value is not None]
    if not values:
        return None
    return round(sum(values) / len(values), 2)
