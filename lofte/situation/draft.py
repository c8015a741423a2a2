"""The drafted text of the lägesbild: pure functions from the stored dataset to sections.

Every sentence states its numbers and ends with the refs of the dataset rows behind it, written as
`[[ref ref …]]` right after the sentence. The marker survives an analyst's edit (the text is edited as plain
text), so the page, the PDF and the JSON can link each sentence to its rows. The wording is the voice
municipalities publish in ("I medborgardialogerna framkommer det att …"); the fixed phrases go through
gettext so a draft made in English reads in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A marker holds one or more refs ("kind:rest", no spaces or brackets) and nothing else: anything else between
# brackets, or a `[[` never closed, is the analyst's text and is shown as typed (and refused on save).
_REF = r"[a-z_]+:[^\s\[\]]+"
REF_MARKER = re.compile(rf"\s*\[\[\s*({_REF}(?:\s+{_REF})*)\s*\]\]")
# How long a section's text may be: a few pages of a report, far more than any drafted section.
SECTION_MAX_LENGTH = 20_000
# Sentence keys, in report order. An edited version keeps the keys of the draft it came from.
SECTION_KEYS = ("underlag", "dialoger", "polisen", "trygghetsmatning", "samstammighet", "fokus")


@dataclass(frozen=True)
class Sentence:
    text: str
    refs: tuple[str, ...]

    def marked(self) -> str:
        return f"{self.text} [[{' '.join(self.refs)}]]" if self.refs else self.text


# --- Numbers: one formatting for the text, the tables, the charts and the PDF ------------------------------


def number(value: float | int | None, decimals: int = 0) -> str:
    """A number the way the report prints it: a decimal comma, no thousands separator (so it reads back)."""
    if value is None:
        return "–"
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}".replace(".", ",")


def percent(share: float | None) -> str:
    # A no-break space: the figure and its sign stay on one line in the PDF, so they read back as one.
    return "–" if share is None else f"{round(100 * share)}\u00a0%"


# --- Reading the dataset -----------------------------------------------------------------------------------


def theme_label(dataset: dict[str, Any], theme: str, *, lower: bool = False) -> str:
    english = translation.get_language() == "en"
    for t in dataset.get("themes", []):
        if t["id"] == theme:
            label = (t.get("label_en") if english else None) or t.get("label_sv") or theme
            return label.lower() if lower else label
    return theme


def area_name(dataset: dict[str, Any], area: int | None) -> str:
    if area is None:
        return _("hela kommunen")
    return next((a["name"] for a in dataset.get("areas", []) if a["id"] == area), str(area))


def kommun_cells(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in dataset.get("matrix", []) if c.get("area") is None]


def area_cells(dataset: dict[str, Any], theme: str | None = None) -> list[dict[str, Any]]:
    return [
        c for c in dataset.get("matrix", []) if c.get("area") is not None and (theme is None or c["theme"] == theme)
    ]


def matrix_rows(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per theme with data: the kommun's cell first, then each area's, in the dataset's area order (the
    picture page's table)."""
    by_key = {(c["theme"], c["area"]): c for c in dataset["matrix"]}
    areas = [None, *[a["id"] for a in dataset["areas"]]]
    rows = []
    for theme in dataset["themes"]:
        cells = [by_key[(theme["id"], a)] for a in areas if (theme["id"], a) in by_key]
        if not any(
            c["dialogues"]["count"] or c["incidents"]["count"] or c.get("events", {}).get("count") for c in cells
        ):
            continue
        rows.append({"theme": theme, "cells": cells})
    return rows


def ref_label(dataset: dict[str, Any], ref: str) -> str:
    """A ref in words, for the link to its rows: "Belysning, Centrum", "Dialogerna"."""
    kind, _sep, rest = ref.partition(":")
    if kind == "cell":
        theme, _sep, area = rest.partition(":")
        where = None if area in ("kommun", "") else int(area) if area.isdecimal() else area
        return f"{theme_label(dataset, theme)}, {area_name(dataset, where) if not isinstance(where, str) else where}"
    if kind == "source":
        return {
            "dialogues": _("dialogerna"),
            "police_events": _("polisens händelselista"),
            "incidents": _("geokodade händelser"),
            "survey": _("trygghetsmätningen"),
            "walks": _("trygghetsvandringarna"),
        }.get(rest, rest)
    if kind == "time":
        return _("tider i dialogerna")
    if kind == "theme":
        return theme_label(dataset, rest)
    if kind == "area":
        return area_name(dataset, int(rest)) if rest.isdecimal() else rest
    return _("rader")


def _listing(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + _(" och ") + parts[-1]


# --- The sections ------------------------------------------------------------------------------------------


def draft_sections(dataset: dict[str, Any], *, language: str = "sv") -> list[dict[str, Any]]:
    """The report's sections as stored in a ReportVersion: key, heading, text (with ref markers), refs."""
    with translation.override(language):
        built = [
            ("underlag", _("Underlaget"), list(_underlag(dataset))),
            ("dialoger", _("Medborgardialogerna"), list(_dialogues(dataset))),
            ("polisen", _("Polisens händelser"), list(_police(dataset))),
            ("trygghetsmatning", _("Trygghetsmätningen"), list(_survey(dataset))),
            ("samstammighet", _("Där källorna är samstämmiga"), list(_agreement(dataset))),
            ("fokus", _("Förslag till fokusområden"), list(_focus(dataset))),
        ]
    return [
        section(key, heading, " ".join(s.marked() for s in sentences)) for key, heading, sentences in built if sentences
    ]


def section(key: str, heading: str, text: str) -> dict[str, Any]:
    return {"key": key, "heading": heading, "text": text, "refs": refs_in(text)}


def refs_in(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for group in REF_MARKER.findall(text):
        for ref in group.split():
            seen.setdefault(ref, None)
    return list(seen)


def dataset_rows(dataset: dict[str, Any], ref: str) -> list[dict[str, Any]]:
    """Every object of the dataset that carries `ref`, and for `source:`/`time:dialogues` the part they name:
    what the rows page behind a link in the report shows. Empty for a ref the dataset does not know."""
    found = [node for node in _carrying_refs(dataset) if node["ref"] == ref]
    kind, _sep, name = ref.partition(":")
    if kind == "source" and name in dataset.get("sources", {}):
        found.insert(0, {"source": name, **dataset["sources"][name]})
    if ref == "time:dialogues":
        profile = dataset.get("time_profile", {})
        found.insert(
            0,
            {
                "dialogue_periods": profile.get("dialogue_periods", {}),
                "dialogues_with_time": profile.get("dialogues_with_time"),
            },
        )
    return found


def known_refs(dataset: dict[str, Any]) -> set[str]:
    """Every ref `dataset_rows` has rows for."""
    sources = {f"source:{name}" for name in dataset.get("sources", {})}
    return {node["ref"] for node in _carrying_refs(dataset)} | sources | {"time:dialogues"}


def _carrying_refs(node: object) -> Iterator[dict[str, Any]]:
    """Every object in the dataset with a "ref", depth first."""
    if isinstance(node, dict):
        if isinstance(node.get("ref"), str):
            yield node
        for value in node.values():
            yield from _carrying_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _carrying_refs(value)


def text_errors(dataset: dict[str, Any], text: str) -> list[str]:
    """Why an analyst's text cannot be saved as a section: too long, ref markup that is not a marker (a `[[`
    never closed, brackets around something that is not a ref) or refs the dataset has no rows for (their link
    would lead nowhere). Each message names what was typed, so the analyst can find it."""
    if len(text) > SECTION_MAX_LENGTH:
        return [
            _("Avsnittet får vara högst %(max)s tecken långt, men texten har %(length)s tecken.")
            % {"max": SECTION_MAX_LENGTH, "length": len(text)}
        ]
    errors = [
        _(
            "Källhänvisningen ”%(text)s” är inte rätt skriven. Skriv källorna inom dubbla hakparenteser, till "
            "exempel [[cell:belysning:kommun]], eller ta bort hakparenteserna."
        )
        % {"text": match.group()}
        for match in re.finditer(r"\[\[[^\s\[\]]*|[^\s\[\]]*\]\]", REF_MARKER.sub(" ", text))
    ]
    known = known_refs(dataset)
    errors += [
        _("Källhänvisningen [[%(ref)s]] finns inte i lägesbildens dataunderlag.") % {"ref": ref}
        for ref in refs_in(text)
        if ref not in known
    ]
    return errors


def split_sentences(text: str) -> list[Sentence]:
    """A section's text as sentences with their refs; text after the last marker is one more sentence."""
    out = []
    pos = 0
    for match in REF_MARKER.finditer(text):
        chunk = text[pos : match.start()].strip()
        if chunk:
            out.append(Sentence(chunk, tuple(match.group(1).split())))
        pos = match.end()
    tail = text[pos:].strip()
    if tail:
        out.append(Sentence(tail, ()))
    return out


def _underlag(dataset: dict[str, Any]) -> Iterator[Sentence]:
    sources = dataset.get("sources", {})
    year = dataset.get("year")
    dialogues = sources.get("dialogues", {}).get("count", 0)
    events = sources.get("police_events", {}).get("count", 0)
    incidents = sources.get("incidents", {}).get("count", 0)
    yield Sentence(
        _(
            "Lägesbilden för %(year)s bygger på %(dialogues)s medborgardialoger, %(events)s händelser i polisens "
            "händelselista och %(incidents)s geokodade händelser från polisens egna system."
        )
        % {"year": year, "dialogues": dialogues, "events": events, "incidents": incidents},
        ("source:dialogues", "source:police_events", "source:incidents"),
    )
    survey_items = sources.get("survey", {}).get("items", 0)
    walks = sources.get("walks", {}).get("observations", 0)
    if survey_items or walks:
        yield Sentence(
            _(
                "Till det kommer %(items)s resultat från trygghetsmätningen och %(walks)s iakttagelser från "
                "trygghetsvandringar."
            )
            % {"items": survey_items, "walks": walks},
            ("source:survey", "source:walks"),
        )


def _dialogues(dataset: dict[str, Any]) -> Iterator[Sentence]:
    cells = sorted(
        (c for c in kommun_cells(dataset) if c["dialogues"]["count"] and c["theme"] != "annat"),
        key=lambda c: (-c["dialogues"]["count"], c["theme"]),
    )
    if not cells:
        return
    top = cells[0]
    yield Sentence(
        _(
            "I medborgardialogerna framkommer det att %(theme)s är det som flest tar upp: %(n)s av %(of)s "
            "dialoger (%(pct)s)."
        )
        % {
            "theme": theme_label(dataset, top["theme"], lower=True),
            "n": top["dialogues"]["count"],
            "of": top["dialogues"]["of"],
            "pct": percent(top["dialogues"]["share"]),
        },
        (top["ref"],),
    )
    rest = cells[1:4]
    if rest:
        yield Sentence(
            _("Därefter följer %(list)s.")
            % {
                "list": _listing(
                    [
                        _("%(theme)s (%(n)s dialoger, %(pct)s)")
                        % {
                            "theme": theme_label(dataset, c["theme"], lower=True),
                            "n": c["dialogues"]["count"],
                            "pct": percent(c["dialogues"]["share"]),
                        }
                        for c in rest
                    ]
                )
            },
            tuple(c["ref"] for c in rest),
        )
    for c in cells[:3]:
        local = [a for a in area_cells(dataset, c["theme"]) if a["dialogues"].get("of")]
        if not local:
            continue
        best = max(local, key=lambda a: (a["dialogues"]["share"], a["dialogues"]["count"]))
        if best["dialogues"]["share"] <= c["dialogues"]["share"]:
            continue
        yield Sentence(
            _(
                "I %(area)s tar %(n)s av %(of)s dialoger (%(pct)s) upp %(theme)s, mer än i kommunen som helhet "
                "(%(all)s)."
            )
            % {
                "area": area_name(dataset, best["area"]),
                "n": best["dialogues"]["count"],
                "of": best["dialogues"]["of"],
                "pct": percent(best["dialogues"]["share"]),
                "theme": theme_label(dataset, c["theme"], lower=True),
                "all": percent(c["dialogues"]["share"]),
            },
            (best["ref"],),
        )
    profile = dataset.get("time_profile", {})
    periods = profile.get("dialogue_periods", {})
    timed = profile.get("dialogues_with_time", 0)
    of_day = [(p, n) for p, n in periods.items() if p in ("morgon", "dagtid", "eftermiddag", "kväll", "natt")]
    of_day.sort(key=lambda pn: -pn[1])
    if timed and len(of_day) >= 2:
        (p1, n1), (p2, n2) = of_day[:2]
        yield Sentence(
            _(
                "Det är främst på %(p1)s och %(p2)s som man upplever sig otrygg: av %(timed)s dialoger som nämner "
                "en tid anger %(n1)s %(p1)s och %(n2)s %(p2)s."
            )
            % {"p1": _period(p1), "p2": _period(p2), "n1": n1, "n2": n2, "timed": timed},
            ("time:dialogues",),
        )


def _period(period: str) -> str:
    return {
        "morgon": _("morgonen"),
        "dagtid": _("dagtid"),
        "eftermiddag": _("eftermiddagen"),
        "kväll": _("kvällar"),
        "natt": _("nätter"),
    }.get(period, period)


def _police(dataset: dict[str, Any]) -> Iterator[Sentence]:
    year = dataset.get("year")
    with_events = sorted(
        (c for c in kommun_cells(dataset) if c.get("events", {}).get("count")),
        key=lambda c: (-c["events"]["count"], c["theme"]),
    )[:3]
    total = dataset.get("sources", {}).get("police_events", {}).get("count", 0)
    if with_events:
        yield Sentence(
            _("Polisens händelser visar under %(year)s flest händelser om %(list)s i kommunen.")
            % {
                "year": year,
                "list": _listing(
                    [
                        _("%(theme)s (%(n)s, %(rate)s per 1000 invånare)")
                        % {
                            "theme": theme_label(dataset, c["theme"], lower=True),
                            "n": c["events"]["count"],
                            "rate": number(c["events"]["per_1000"], 2),
                        }
                        for c in with_events
                    ]
                ),
            },
            tuple(c["ref"] for c in with_events),
        )
        yield Sentence(
            _(
                "Polisens händelselista placerar alla %(total)s händelser i kommunens mittpunkt, så de visar inte "
                "var i kommunen något har hänt."
            )
            % {"total": total},
            ("source:police_events",),
        )
    incident_cells = sorted(
        (c for c in area_cells(dataset) if c["incidents"]["count"]),
        key=lambda c: (-(c["incidents"]["per_1000"] or 0), c["theme"]),
    )[:2]
    for c in incident_cells:
        yield Sentence(
            _("De geokodade händelserna visar %(n)s händelser om %(theme)s i %(area)s, %(rate)s per 1000 invånare.")
            % {
                "n": c["incidents"]["count"],
                "theme": theme_label(dataset, c["theme"], lower=True),
                "area": area_name(dataset, c["area"]),
                "rate": number(c["incidents"]["per_1000"], 2),
            },
            (c["ref"],),
        )


def _survey(dataset: dict[str, Any]) -> Iterator[Sentence]:
    rated = sorted(
        (c for c in kommun_cells(dataset) if c["survey"].get("index") is not None),
        key=lambda c: (-c["survey"]["index"], c["theme"]),
    )
    if not rated:
        return
    top = rated[0]
    prev = top["survey"].get("prev_index")
    if prev is not None:
        text = _(
            "Trygghetsmätningen visar det högsta problemindexet för %(theme)s: %(index)s på en skala från 0 till 6, "
            "mot %(prev)s året innan."
        )
    else:
        text = _(
            "Trygghetsmätningen visar det högsta problemindexet för %(theme)s: %(index)s på en skala från 0 till 6."
        )
    yield Sentence(
        text
        % {
            "theme": theme_label(dataset, top["theme"], lower=True),
            "index": number(top["survey"]["index"], 1),
            "prev": number(prev, 1),
        },
        (top["ref"],),
    )
    if len(rated) > 1:
        yield Sentence(
            _("Därefter kommer %(list)s.")
            % {
                "list": _listing(
                    [
                        _("%(theme)s (%(index)s)")
                        % {
                            "theme": theme_label(dataset, c["theme"], lower=True),
                            "index": number(c["survey"]["index"], 1),
                        }
                        for c in rated[1:3]
                    ]
                )
            },
            tuple(c["ref"] for c in rated[1:3]),
        )
    local = [c for c in area_cells(dataset) if c["survey"].get("index") is not None]
    if local:
        worst = max(local, key=lambda c: (c["survey"]["index"], c["theme"]))
        yield Sentence(
            _("Högst är indexet för %(theme)s i %(area)s, %(index)s.")
            % {
                "theme": theme_label(dataset, worst["theme"], lower=True),
                "area": area_name(dataset, worst["area"]),
                "index": number(worst["survey"]["index"], 1),
            },
            (worst["ref"],),
        )


def _agreement(dataset: dict[str, Any]) -> Iterator[Sentence]:
    # Counted over what the picture page's table shows: the whole-kommun cell and each area's of every theme
    # with data (presenters.matrix_rows), so the sentence and the page's "Överens" cells give the same count.
    shown = [c for row in matrix_rows(dataset) for c in row["cells"]] if dataset.get("matrix") else []
    if not shown:
        return
    kommun = [c for c in shown if c.get("area") is None]
    areas = [c for c in shown if c.get("area") is not None]
    agree = sorted(
        (c for c in shown if c.get("agreement") == "agree"),
        key=lambda c: (-len(c.get("points_out", [])), -c["dialogues"]["count"], c["theme"]),
    )
    counts = {
        "kommun": sum(c.get("agreement") == "agree" for c in kommun),
        "themes": len(kommun),
        "areas": sum(c.get("agreement") == "agree" for c in areas),
        "cells": len(areas),
    }
    if areas:
        text = ngettext(
            "Två eller fler källor pekar ut samma sak för %(kommun)s av %(themes)s tema i hela kommunen och i "
            "%(areas)s av %(cells)s kombinationer av tema och område.",
            "Två eller fler källor pekar ut samma sak för %(kommun)s av %(themes)s teman i hela kommunen och i "
            "%(areas)s av %(cells)s kombinationer av tema och område.",
            len(kommun),
        )
    else:
        text = ngettext(
            "Två eller fler källor pekar ut samma sak för %(kommun)s av %(themes)s tema i hela kommunen.",
            "Två eller fler källor pekar ut samma sak för %(kommun)s av %(themes)s teman i hela kommunen.",
            len(kommun),
        )
    yield Sentence(text % counts, tuple(c["ref"] for c in agree) or ("source:dialogues",))
    for c in agree[:3]:
        yield Sentence(
            _("%(theme)s i %(area)s: %(n)s dialoger, %(inc)s geokodade händelser och problemindex %(index)s.")
            % {
                "theme": theme_label(dataset, c["theme"]),
                "area": area_name(dataset, c["area"]),
                "n": c["dialogues"]["count"],
                "inc": c["incidents"]["count"],
                "index": number(c["survey"].get("index"), 1),
            },
            (c["ref"],),
        )


def _focus(dataset: dict[str, Any]) -> Iterator[Sentence]:
    candidates = dataset.get("candidates", [])
    if not candidates:
        return
    first = candidates[0]
    cell = next((c for c in kommun_cells(dataset) if c["theme"] == first["theme"]), None)
    yield Sentence(
        _(
            "Underlaget ger %(n)s förslag till fokusområden. Starkast är %(theme)s, som %(count)s av %(of)s "
            "dialoger tar upp."
        )
        % {
            "n": len(candidates),
            "theme": theme_label(dataset, first["theme"], lower=True),
            "count": cell["dialogues"]["count"] if cell else 0,
            "of": cell["dialogues"]["of"] if cell else 0,
        },
        (first.get("ref") or f"theme:{first['theme']}",),
    )
