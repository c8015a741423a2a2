"""The numbers of a campaign's analysis and the answers behind each of them.

One function (`values_of`) decides both what a number counts and which answers its link lists, so a count
on the analysis page and the length of the list it links to cannot disagree: the counts are made from it once
per run (and kept up to date by every review, `report_apply`), and each coding's `tags` are made from it for
the answer list's query. A page therefore reads stored counts and one page of answers, whatever the run's size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import quote, unquote, urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lofte.analysis.models import AnalysisRun, CandidateTopic, DialogueCoding
from lofte.core.models import Area, Place
from lofte.dialogues.models import AgeBand, Gender
from lofte.dialogues.template import TARGET_GROUPS

NONE = "none"
TIME_LABELS = {
    "morning": gettext_lazy("Morgon"),
    "daytime": gettext_lazy("Dagtid"),
    "afternoon": gettext_lazy("Eftermiddag"),
    "evening": gettext_lazy("Kväll"),
    "night": gettext_lazy("Natt"),
    "weekday": gettext_lazy("Vardag"),
    "weekend": gettext_lazy("Helg"),
    "spring": gettext_lazy("Vår"),
    "summer": gettext_lazy("Sommar"),
    "autumn": gettext_lazy("Höst"),
    "winter": gettext_lazy("Vinter"),
    "darkness": gettext_lazy("När det är mörkt"),
    "holiday": gettext_lazy("Lov och högtider"),
    "always": gettext_lazy("Alltid"),
}
BANDS = {
    "low": gettext_lazy("Osäkra (granska först)"),
    "mid": gettext_lazy("Ganska säkra"),
    "high": gettext_lazy("Säkra"),
}


def band_of(uncertainty: float) -> str:
    if uncertainty >= 0.6:
        return "low"
    if uncertainty >= 0.3:
        return "mid"
    return "high"


def place_key(place: dict) -> str:
    return str(place["id"]) if place.get("id") is not None else f"~{place['name']}"


@dataclass(frozen=True)
class AnswerFilter:
    theme: str = ""
    area: str = ""
    age: str = ""
    gender: str = ""
    group: str = ""
    time: str = ""
    place: str = ""
    band: str = ""
    reviewed: str = ""
    topic: str = ""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def params(self) -> dict[str, str]:
        return {k: v for k in self.names() if (v := getattr(self, k))}

    def with_(self, **changes: str) -> AnswerFilter:
        return AnswerFilter(**{**self.params(), **changes})

    def query(self, topic_members: set[int] | None = None) -> Q:
        """The codings that have every filtered value: ``values_of`` as a database condition."""
        condition = Q()
        for key, value in self.params().items():
            if key == "topic":
                condition &= Q(dialogue_id__in=topic_members) if topic_members is not None else Q(pk__in=[])
            elif key in COUNTED:
                condition &= Q(tags__contains=f" {tag(key, value)} ")
            elif key == "band":
                condition &= BAND_QUERIES.get(value, Q(pk__in=[]))
            elif key == "reviewed":
                condition &= Q(reviewed=value == "yes")
        return condition


# What the page counts; each coding keeps its values as words in `DialogueCoding.tags`, as they were when the
# run was made (an answer's area corrected later does not move it between a count and its list).
COUNTED = ("theme", "area", "age", "gender", "group", "time", "place")
# band_of as conditions: the same bounds.
BAND_QUERIES = {
    "low": Q(uncertainty__gte=0.6),
    "mid": Q(uncertainty__gte=0.3, uncertainty__lt=0.6),
    "high": Q(uncertainty__lt=0.3),
}


def tag(key: str, value: str) -> str:
    """One value as a word of `tags`: percent-encoded (no spaces, no LIKE wildcards), and each capital letter
    marked with ^, because SQLite's LIKE ignores case ("~Storgatan" must not find "~storgatan")."""
    encoded = quote(value, safe="")
    return f"{key}:" + "".join(f"^{c}" if c.isupper() else c for c in encoded)


def untag(word: str) -> tuple[str, str]:
    key, _sep, encoded = word.partition(":")
    return key, unquote(encoded.replace("^", ""))


def counted_values(coding: DialogueCoding) -> dict[str, set[str]]:
    """What the coding is counted under: its final themes, and its other values as the run stored them
    (read from the dialogue for a coding stored before its tags were)."""
    if not coding.tags:
        return {key: values_of(coding, key) for key in COUNTED}
    values: dict[str, set[str]] = {key: set() for key in COUNTED}
    for word in coding.tags.split():
        key, value = untag(word)
        if key in values:
            values[key].add(value)
    values["theme"] = set(coding.final_themes)
    return values


def coding_tags(coding: DialogueCoding) -> str:
    """The coding's counted values as space-separated words, with a space at each end."""
    values = counted_values(coding)
    words = [tag(key, value) for key in COUNTED for value in sorted(values[key])]
    return f" {' '.join(words)} " if words else ""


def values_of(coding: DialogueCoding, key: str) -> set[str]:
    """The values one answer has for a filter key: what it is counted under and what its filter matches."""
    d = coding.dialogue
    if key == "theme":
        return set(coding.final_themes)
    if key == "area":
        return {str(d.area_id) if d.area_id else NONE}
    if key == "age":
        return {d.age_band or NONE}
    if key == "gender":
        return {d.gender or NONE}
    if key == "group":
        return {d.target_group or NONE}
    if key == "time":
        return set(coding.times)
    if key == "place":
        return {place_key(p) for p in coding.places}
    if key == "band":
        return {band_of(coding.uncertainty)}
    if key == "reviewed":
        return {"yes" if coding.reviewed else "no"}
    raise KeyError(key)


def run_codings(run: AnalysisRun) -> QuerySet[DialogueCoding]:
    """The run's codings in review order (least certain first, reviewed last), with their dialogue."""
    return (
        DialogueCoding.objects.filter(run=run)
        .select_related("dialogue")
        .defer("dialogue__answers")
        .order_by("reviewed", "review_rank")
    )


def topic_members(run: AnalysisRun, topic: str) -> set[int] | None:
    if not topic or not topic.isdecimal():
        return None
    found = CandidateTopic.objects.filter(run=run, pk=int(topic)).values_list("dialogue_ids", flat=True).first()
    return set(found or [])


def filter_codings(
    codings: QuerySet[DialogueCoding], answer_filter: AnswerFilter, members: set[int] | None = None
) -> QuerySet[DialogueCoding]:
    return codings.filter(answer_filter.query(members))


# -- the stored counts ---------------------------------------------------------------------------------------
REPORT_VERSION = 1
_PAIR, _ITEM = "\x1f", "\x1e"


def _encode(key: tuple[tuple[str, str], ...]) -> str:
    return _ITEM.join(f"{k}{_PAIR}{v}" for k, v in key)


def _decode(text: str) -> tuple[tuple[str, str], ...]:
    if not text:
        return ()
    return tuple((item.split(_PAIR, 1)[0], item.split(_PAIR, 1)[1]) for item in text.split(_ITEM))


def coding_keys(coding: DialogueCoding) -> list[tuple[tuple[str, str], ...]]:
    """Every count one answer adds to: all answers, each value it has, and each theme with each other value."""
    values = counted_values(coding)
    keys: list[tuple[tuple[str, str], ...]] = [()]
    for k, vs in values.items():
        keys += [((k, v),) for v in vs]
    for theme in values["theme"]:
        for k, vs in values.items():
            if k != "theme":
                keys += [tuple(sorted((("theme", theme), (k, v)))) for v in vs]
    return keys


def report_data(codings: Iterable[DialogueCoding]) -> dict[str, Any]:
    """The counts of a run's analysis page (stored on the run as `AnalysisRun.report`) and its places' names."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for coding in codings:
        counts.update(_encode(key) for key in coding_keys(coding))
        for p in coding.places:
            names.setdefault(place_key(p), p["name"])
    return {"version": REPORT_VERSION, "counts": dict(counts), "place_names": names}


def report_shift(
    data: dict[str, Any], *, remove: list[tuple[tuple[str, str], ...]], add: list[tuple[tuple[str, str], ...]]
) -> None:
    """Move one answer's counts from what it was counted under (``remove``) to what it is now (``add``)."""
    counts = data["counts"]
    for sign, keys in ((-1, remove), (1, add)):
        for key in keys:
            encoded = _encode(key)
            counts[encoded] = counts.get(encoded, 0) + sign
            if counts[encoded] <= 0:
                del counts[encoded]


def report_is_current(data: dict[str, Any] | None, codings: int | None = None) -> bool:
    """Stored counts made the current way and, when ``codings`` is given, counting that many answers (a removed
    dialogue takes its codings with it: the counts are then made again)."""
    if not data or data.get("version") != REPORT_VERSION:
        return False
    return codings is None or data["counts"].get("", 0) == codings


# -- the tables of the analysis page -------------------------------------------------------------------------
@dataclass
class Cell:
    count: int
    share: float | None
    link: str
    prev_count: int | None = None
    prev_share: float | None = None
    prev_link: str = ""
    # False where the theme was not in that run's taxonomy: not analysed, so "–" rather than 0.
    counted: bool = True
    prev_counted: bool = True

    @property
    def percent(self) -> int:
        return round((self.share or 0) * 100)

    @property
    def prev_percent(self) -> int | None:
        return None if self.prev_share is None else round(self.prev_share * 100)

    @property
    def change(self) -> int | None:
        if self.prev_share is None or self.share is None or not self.counted or not self.prev_counted:
            return None
        return self.percent - round(self.prev_share * 100)

    @property
    def change_text(self) -> str:
        """ "+2 procentenheter", "-1 procentenhet": the number's size decides the form, its sign is shown."""
        change = self.change
        if change is None:
            return ""
        signed = f"+{change}" if change > 0 else str(change)
        return ngettext("%(n)s procentenhet", "%(n)s procentenheter", abs(change)) % {"n": signed}


@dataclass
class Column:
    key: str
    label: str
    total: Cell


@dataclass
class TableRow:
    theme: str
    label: str
    cells: list[Cell]


@dataclass
class Table:
    id: str
    caption: str
    dimension: str
    columns: list[Column]
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class Side:
    """One campaign's run, with its stored counts and where its answer list is."""

    run: AnalysisRun
    counts: Counter[tuple[tuple[str, str], ...]]
    answers_url: str
    place_names: dict[str, str] = field(default_factory=dict)

    def link(self, **params: str) -> str:
        query = urlencode({k: v for k, v in params.items() if v})
        return f"{self.answers_url}?{query}" if query else self.answers_url

    @property
    def n(self) -> int:
        return self.counts[()]

    @property
    def themes(self) -> set[str]:
        """The themes this run coded with (its taxonomy's active ones)."""
        return {t["id"] for t in self.run.taxonomy.get("themes", []) if not t.get("retired")}

    def count(self, **params: str) -> int:
        """How many answers match ``params``: one value, or a theme and one other value (what the page shows)."""
        key = tuple(sorted((k, v) for k, v in params.items() if v))
        if len(key) > 2 or any(k not in COUNTED for k, _v in key) or (len(key) == 2 and "theme" not in dict(key)):
            raise ValueError(f"not a stored count: {key}")
        return self.counts[key]

    def present(self, dimension: str) -> set[str]:
        """The values of ``dimension`` some answer has."""
        return {key[0][1] for key, n in self.counts.items() if len(key) == 1 and key[0][0] == dimension and n}


def side_for(run: AnalysisRun, data: dict[str, Any]) -> Side:
    return Side(
        run=run,
        counts=Counter({_decode(k): n for k, n in data["counts"].items()}),
        answers_url=reverse("analysis:answers", args=[run.campaign.slug]),
        place_names=data["place_names"],
    )


def _cell(side: Side, prev: Side | None, n: int, prev_n: int | None, **params: str) -> Cell:
    count = side.count(**params)
    cell = Cell(count=count, share=count / n if n else None, link=side.link(**params))
    theme = params.get("theme", "")
    cell.counted = not theme or theme in side.themes
    if prev is not None:
        prev_count = prev.count(**params)
        cell.prev_count, cell.prev_link = prev_count, prev.link(**params)
        cell.prev_share = prev_count / prev_n if prev_n else None
        cell.prev_counted = not theme or theme in prev.themes
    return cell


def theme_order(run: AnalysisRun, prev: AnalysisRun | None) -> list[str]:
    ids = [t["id"] for t in run.taxonomy.get("themes", [])]
    if prev is not None:
        ids += [t["id"] for t in prev.taxonomy.get("themes", []) if t["id"] not in ids]
    return ids


def dimension_values(side: Side, prev: Side | None, dimension: str) -> list[tuple[str, str]]:
    """The values a breakdown has columns for, in a stable order, with their labels."""
    present = side.present(dimension) | (prev.present(dimension) if prev else set())
    if dimension == "area":
        ids = [int(v) for v in present if v.isdecimal()]
        names = dict(Area.objects.filter(pk__in=ids).values_list("pk", "name"))
        values = [(str(pk), name) for pk, name in sorted(names.items(), key=lambda x: x[1])]
        return values + ([(NONE, _("Inget område angivet"))] if NONE in present else [])
    if dimension == "age":
        return [(v, str(label)) for v, label in AgeBand.choices if v in present] + (
            [(NONE, _("Ej angivet"))] if NONE in present else []
        )
    if dimension == "gender":
        return [(v, str(label)) for v, label in Gender.choices if v in present] + (
            [(NONE, _("Ej angivet"))] if NONE in present else []
        )
    if dimension == "group":
        known = [(v, sv) for v, sv, _en in TARGET_GROUPS if v in present]
        other = sorted(present - {v for v, _l in known} - {NONE})
        return known + [(v, v) for v in other] + ([(NONE, _("Ingen målgrupp"))] if NONE in present else [])
    if dimension == "time":
        return [(t, str(label)) for t, label in TIME_LABELS.items() if t in present]
    raise ValueError(dimension)


def overall_table(side: Side, prev: Side | None, labels: dict[str, str]) -> Table:
    n, prev_n = side.n, prev.n if prev else None
    total = _cell(side, prev, n, prev_n)
    table = Table(
        id="overall",
        caption=_("Teman i alla svar"),
        dimension="",
        columns=[Column(key="", label=_("Alla svar"), total=total)],
    )
    for theme in theme_order(side.run, prev.run if prev else None):
        cell = _cell(side, prev, n, prev_n, theme=theme)
        if cell.count or cell.prev_count:
            table.rows.append(TableRow(theme=theme, label=labels.get(theme, theme), cells=[cell]))
    table.rows.sort(key=lambda r: -r.cells[0].count)
    return table


BREAKDOWNS = [
    ("area", gettext_lazy("Teman per område")),
    ("time", gettext_lazy("Teman per tid på dygnet och veckan")),
    ("age", gettext_lazy("Teman per åldersgrupp")),
    ("gender", gettext_lazy("Teman per kön")),
    ("group", gettext_lazy("Teman per målgrupp")),
]


def breakdown_table(
    side: Side, prev: Side | None, labels: dict[str, str], dimension: str, caption: str, themes: list[str]
) -> Table:
    columns: list[Column] = []
    for value, label in dimension_values(side, prev, dimension):
        params = {dimension: value}
        n = side.count(**params)
        prev_n = prev.count(**params) if prev else None
        columns.append(
            Column(
                key=value,
                label=label,
                total=_cell(side, prev, side.n, prev.n if prev else None, **params),
            )
        )
        columns[-1].total.share = None
        columns[-1].n, columns[-1].prev_n = n, prev_n  # type: ignore[attr-defined]
    table = Table(id=f"by-{dimension}", caption=str(caption), dimension=dimension, columns=columns)
    for theme in themes:
        cells = [
            _cell(side, prev, column.n, column.prev_n, theme=theme, **{dimension: column.key})  # type: ignore[attr-defined]
            for column in columns
        ]
        table.rows.append(TableRow(theme=theme, label=labels.get(theme, theme), cells=cells))
    return table


def top_places(side: Side, prev: Side | None, limit: int = 12) -> list[tuple[str, Cell]]:
    counts = Counter({key: n for key in side.present("place") if (n := side.count(place=key))})
    known = {
        str(pk): name
        for pk, name in Place.objects.filter(pk__in=[int(k) for k in counts if k.isdecimal()]).values_list("pk", "name")
    }
    n, prev_n = side.n, prev.n if prev else None
    return [
        (known.get(key, side.place_names.get(key, key.lstrip("~"))), _cell(side, prev, n, prev_n, place=key))
        for key, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    ]


@dataclass
class Report:
    side: Side
    prev: Side | None
    overall: Table
    breakdowns: list[Table]
    places: list[tuple[str, Cell]]
    max_share: float

    @property
    def other_model(self) -> bool:
        """The year before was coded by another engine or model version: its numbers are not like for like."""
        if self.prev is None:
            return False
        a, b = self.side.run, self.prev.run
        return (a.engine_version, a.model_version) != (b.engine_version, b.model_version)


def campaign_report(
    run: AnalysisRun, prev_run: AnalysisRun | None, labels: dict[str, str], *, data: dict, prev_data: dict | None
) -> Report:
    """The page's tables from the runs' stored counts (`data`, `prev_data`): no answer is read."""
    side = side_for(run, data)
    prev = side_for(prev_run, prev_data) if prev_run is not None and prev_data is not None else None
    overall = overall_table(side, prev, labels)
    themes = [row.theme for row in overall.rows]
    breakdowns = [breakdown_table(side, prev, labels, dim, str(caption), themes) for dim, caption in BREAKDOWNS]
    breakdowns = [t for t in breakdowns if t.columns]
    max_share = max((row.cells[0].share or 0 for row in overall.rows), default=0) or 1
    return Report(
        side=side, prev=prev, overall=overall, breakdowns=breakdowns, places=top_places(side, prev), max_share=max_share
    )
