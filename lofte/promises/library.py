"""The shipped library of typical commitments per theme, suggested while drafting (never saved unedited:
a suggestion only fills the form the user then saves)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LIBRARY = Path(__file__).parent / "data" / "commitment_library.json"


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    theme: str
    owner: str
    target_kind: str
    what_sv: str
    what_en: str
    target_value: float | None = None
    partner_name: str = ""


@cache
def library() -> tuple[Suggestion, ...]:
    data = json.loads(LIBRARY.read_text(encoding="utf-8"))
    return tuple(Suggestion(**item) for item in data["commitments"])


def suggestions_for(theme: str) -> list[Suggestion]:
    """The theme's own suggestions first, then the rest (a focus on alcohol may still want visible presence)."""
    items = library()
    return [s for s in items if s.theme == theme] + [s for s in items if s.theme != theme]


def suggestion(suggestion_id: str) -> Suggestion | None:
    return next((s for s in library() if s.id == suggestion_id), None)
