"""Source categories → theme ids: the shipped mappings under data/, and a partnership's own on top.

Incidents, Brå's reported crime and (later) fault reports each name things in their own words ("Misshandel",
"Stöld- och tillgreppsbrott", "Gatubelysning"). The picture compares sources by theme, so every stored row
carries the theme its category maps to. A category nobody has mapped is kept with theme "" (never guessed)
and listed on the sources page, where an analyst maps it for the partnership (`CategoryTheme`); the mapping
applies to the rows already stored and to every later import.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from lofte.core.models import Partnership
from lofte.situation.models import CategoryTheme

DATA = Path(__file__).with_name("data")
SHIPPED_FILES = {
    CategoryTheme.Source.INCIDENTS: "incident_themes.csv",
    CategoryTheme.Source.CRIME: "crime_themes.csv",
    CategoryTheme.Source.CASES: "case_themes.csv",
}


def category_key(category: str) -> str:
    """How categories are compared: trimmed, inner whitespace single, case ignored ("STÖLD " is "Stöld")."""
    return " ".join(category.split()).casefold()


@cache
def shipped_mapping(source: str) -> dict[str, str]:
    """The shipped category key → theme id of one source ({} for a source with no shipped file)."""
    name = SHIPPED_FILES.get(CategoryTheme.Source(source))
    if name is None:
        return {}
    with (DATA / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return {category_key(row["category"]): row["theme"].strip() for row in csv.DictReader(lines)}


def theme_mapping(partnership: Partnership, source: str) -> dict[str, str]:
    """The shipped mapping with the partnership's own choices on top (an own "" unmaps a shipped category)."""
    mapping = dict(shipped_mapping(source))
    mapping.update(
        CategoryTheme.objects.filter(partnership=partnership, source=source).values_list("category", "theme")
    )
    return mapping


def map_category(mapping: dict[str, str], category: str) -> str:
    return mapping.get(category_key(category), "")
