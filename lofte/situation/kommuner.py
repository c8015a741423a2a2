"""Sweden's 290 kommuner with their SCB codes and län, and resolving the names people and feeds write.

The list is shipped (`data/kommuner.csv`, source in its header). Names are matched case-insensitively with
spaces, hyphens and a trailing "kommun"/"stad"/"Region" ignored, the genitive of the official forms ("Falu",
"Stockholms", "Göteborgs stad") accepted, and, where it stays unambiguous, without diacritics ("Malmo").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "kommuner.csv"

# Forms that no rule derives: the official "Falu kommun" and short forms used in speech and in feeds.
ALIASES = {"falu": "2080", "malung": "2023", "salen": "2023"}
_NOISE = re.compile(r"\b(kommun|kommuns|stad|staden|region|municipality)\b")


@dataclass(frozen=True, slots=True)
class Kommun:
    code: str
    name: str
    county_code: str
    county: str


def _key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).casefold()
    text = _NOISE.sub(" ", text)
    return "".join(ch for ch in text if ch.isalpha())


def _fold(key: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", key) if not unicodedata.combining(ch))


@cache
def kommuner() -> tuple[Kommun, ...]:
    with DATA.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return tuple(
            Kommun(code=row["kommunkod"], name=row["kommun"], county_code=row["lanskod"], county=row["lan"])
            for row in csv.DictReader(lines)
        )


@cache
def _indexes() -> tuple[dict[str, Kommun], dict[str, Kommun], dict[str, Kommun], dict[str, str]]:
    by_code = {k.code: k for k in kommuner()}
    by_key = {_key(k.name): k for k in kommuner()}
    by_key.update({alias: by_code[code] for alias, code in ALIASES.items()})
    folded: dict[str, list[Kommun]] = {}
    for key, kommun in by_key.items():
        folded.setdefault(_fold(key), []).append(kommun)
    by_folded = {key: found[0] for key, found in folded.items() if len({k.code for k in found}) == 1}
    counties: dict[str, str] = {}
    for kommun in kommuner():
        short = _key(kommun.county.removesuffix(" län"))
        for form in {short, short.removesuffix("s")}:
            counties[form] = kommun.county
            counties[_fold(form)] = kommun.county
    return by_code, by_key, by_folded, counties


def kommun_by_code(code: str | None) -> Kommun | None:
    return _indexes()[0].get(code or "")


@lru_cache(maxsize=4096)
def resolve_kommun(name: str | None) -> Kommun | None:
    """The kommun a written name means, or None."""
    if not name:
        return None
    _, by_key, by_folded, _ = _indexes()
    key = _key(name)
    if not key:
        return None
    for candidate in (key, key.removesuffix("s")):
        if candidate in by_key:
            return by_key[candidate]
    for candidate in (_fold(key), _fold(key).removesuffix("s")):
        if candidate in by_folded:
            return by_folded[candidate]
    return None


@lru_cache(maxsize=1024)
def resolve_county(name: str | None) -> str | None:
    """The official name of the län a written name means ("Örebro län", "stockholms län"), or None.

    Only names that say "län" count: "Gotland" and "Stockholm" are kommuner first.
    """
    if not name or not re.search(r"\blän\b", name.casefold()):
        return None
    counties = _indexes()[3]
    key = _key(name.casefold().replace("län", " "))
    for candidate in (key, key.removesuffix("s"), _fold(key), _fold(key).removesuffix("s")):
        if candidate in counties:
            return counties[candidate]
    return None
