"""The theme taxonomy: data, not code. Load, edit (rename, add, retire) and save as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("data") / "taxonomy_default.json"
RESIDUAL_ID = "annat"


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: dict[str, str]
    description: str = ""
    terms: dict[str, float] = field(default_factory=dict)
    residual: bool = False
    retired: bool = False

    def label_in(self, language: str = "sv") -> str:
        return self.label.get(language) or self.label.get("sv") or self.id

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "label": dict(self.label),
            "description": self.description,
            "terms": dict(self.terms),
        }
        if self.residual:
            data["residual"] = True
        if self.retired:
            data["retired"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Theme:
        label = data.get("label") or {}
        if isinstance(label, str):
            label = {"sv": label}
        terms = {str(k): float(v) for k, v in (data.get("terms") or {}).items()}
        return cls(
            id=str(data["id"]),
            label=dict(label),
            description=str(data.get("description", "")),
            terms=terms,
            residual=bool(data.get("residual", False)),
            retired=bool(data.get("retired", False)),
        )


@dataclass(frozen=True, slots=True)
class Negation:
    cues: tuple[str, ...] = ()
    concern: tuple[str, ...] = ()
    breakers: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {
            "cues": list(self.cues),
            "concern": list(self.concern),
            "breakers": list(self.breakers),
            "keep": list(self.keep),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Negation:
        return cls(*(tuple(str(w) for w in data.get(k, ())) for k in ("cues", "concern", "breakers", "keep")))


@dataclass(frozen=True, slots=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    negation: Negation = field(default_factory=Negation)
    name: str = ""
    version: int = 1

    # -- reading ---------------------------------------------------------------------------------------
    @property
    def active(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if not t.retired)

    @property
    def ids(self) -> list[str]:
        """Ids of the active themes, in taxonomy order."""
        return [t.id for t in self.active]

    @property
    def residual_id(self) -> str | None:
        for t in self.active:
            if t.residual:
                return t.id
        return None

    def get(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def __contains__(self, theme_id: object) -> bool:
        return any(t.id == theme_id for t in self.themes)

    # -- editing (each returns a new taxonomy) ---------------------------------------------------------
    def with_theme(self, theme: Theme) -> Taxonomy:
        """Add a theme, or replace the one with the same id."""
        if theme.id in self:
            return replace(self, themes=tuple(theme if t.id == theme.id else t for t in self.themes))
        themes = list(self.themes)
        at = next((i for i, t in enumerate(themes) if t.residual), len(themes))
        themes.insert(at, theme)
        return replace(self, themes=tuple(themes))

    def renamed(self, theme_id: str, label: str | dict[str, str]) -> Taxonomy:
        theme = self.get(theme_id)
        labels = {**theme.label, "sv": label} if isinstance(label, str) else {**theme.label, **label}
        return self.with_theme(replace(theme, label=labels))

    def retired(self, theme_id: str) -> Taxonomy:
        return self.with_theme(replace(self.get(theme_id), retired=True))

    def with_terms(self, theme_id: str, terms: dict[str, float]) -> Taxonomy:
        theme = self.get(theme_id)
        return self.with_theme(replace(theme, terms={**theme.terms, **terms}))

    # -- persistence -----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "negation": self.negation.to_json(),
            "themes": [t.to_json() for t in self.themes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Taxonomy:
        themes = tuple(Theme.from_json(t) for t in data["themes"])
        ids = [t.id for t in themes]
        if len(ids) != len(set(ids)):
            raise ValueError("taxonomy has duplicate theme ids")
        negation = data.get("negation")
        if negation is None:
            negation = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))["negation"]
        return cls(
            themes=themes,
            negation=Negation.from_json(negation),
            name=str(data.get("name", "")),
            version=int(data.get("version", 1)),
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


_DEFAULT: Taxonomy | None = None


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy in ``path``, or the shipped default with the 17 themes."""
    global _DEFAULT
    if path is None:
        if _DEFAULT is None:
            _DEFAULT = Taxonomy.from_json(json.loads(DEFAULT_PATH.read_text(encoding="utf-8")))
        return _DEFAULT
    return Taxonomy.from_json(json.loads(Path(path).read_text(encoding="utf-8-sig")))
