"""Words Löfte computes from the stored dataset, made when a page is shown so that they read in the reader's
language: whether the sources agree about a cell, a candidate's evidence, the times of day. The dataset keeps
the parts (counts, sources, period keys); text in a saved report version is the parties' content and is never
remade here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lofte.situation.draft import area_name, number, theme_label

SOURCE_WORDS = {
    "dialogues": gettext_lazy("dialogerna"),
    "incidents": gettext_lazy("polisens geokodade händelser"),
    "events": gettext_lazy("polisens händelselista"),
    "survey": gettext_lazy("trygghetsmätningen"),
    "walks": gettext_lazy("trygghetsvandringarna"),
    "cases": gettext_lazy("felanmälningarna"),
}
NONE_WORDS = {
    "dialogues": gettext_lazy("inga dialoger tar upp det"),
    "incidents": gettext_lazy("inga geokodade händelser finns där"),
    "events": gettext_lazy("inga händelser i polisens lista"),
    "survey": gettext_lazy("trygghetsmätningen ser inget stort problem"),
    "walks": gettext_lazy("inga iakttagelser från trygghetsvandringar finns där"),
    "cases": gettext_lazy("inga felanmälningar finns där"),
}
NOT_MORE_WORDS = {
    "dialogues": gettext_lazy("dialogerna tar inte upp det mer än i övrigt"),
    "incidents": gettext_lazy("polisens geokodade händelser är inte fler där än i övrigt"),
    "events": gettext_lazy("polisens händelselista visar inte fler sådana händelser än i övrigt"),
    "survey": gettext_lazy("trygghetsmätningen ser inget stort problem"),
    "walks": gettext_lazy("trygghetsvandringarna noterade det knappt"),
    "cases": gettext_lazy("felanmälningarna är få"),
}

NOT_MANY_WORDS = {
    "dialogues": gettext_lazy("få dialoger tar upp det"),
    "incidents": gettext_lazy("få av polisens geokodade händelser handlar om det"),
    "events": gettext_lazy("få av händelserna i polisens lista handlar om det"),
    "survey": gettext_lazy("trygghetsmätningen ser inget stort problem"),
    "walks": gettext_lazy("trygghetsvandringarna noterade det knappt"),
    "cases": gettext_lazy("felanmälningarna är få"),
}


def _source(name: str, *, first: bool = False) -> str:
    word = str(SOURCE_WORDS[name])
    return word[0].upper() + word[1:] if first else word


def agreement_words(
    high: list[str], low: list[tuple[str, int]], theme: str, place: str, *, kommun: bool = False
) -> tuple[str, str]:
    """("agree" | "disagree" | "single" | "none", the Swedish sentence saying so)."""
    theme = theme.lower()
    if len(high) >= 2:
        names = [_source(s, first=i == 0) for i, s in enumerate(high)]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" och ") + names[-1]
        word = _("pekar båda ut") if len(names) == 2 else _("pekar alla ut")
        return "agree", _("%(sources)s %(verb)s %(place)s för %(theme)s.") % {
            "sources": listed,
            "verb": word,
            "place": place,
            "theme": theme,
        }
    if len(high) == 1:
        source = _source(high[0], first=True)
        if low:
            other, n = low[0]
            reason = NONE_WORDS[other] if n == 0 else (NOT_MANY_WORDS if kommun else NOT_MORE_WORDS)[other]
            return "disagree", _("%(source)s pekar ut %(theme)s i %(place)s, men %(reason)s.") % {
                "source": source,
                "theme": theme,
                "place": place,
                "reason": reason,
            }
        return "single", _("Bara %(source)s pekar ut %(theme)s i %(place)s; ingen annan källa har uppgifter där.") % {
            "source": _source(high[0]),
            "theme": theme,
            "place": place,
        }
    return "none", ""


PERIOD_WORDS = {
    "morgon": gettext_lazy("morgon"),
    "dagtid": gettext_lazy("dagtid"),
    "dag": gettext_lazy("dag"),
    "eftermiddag": gettext_lazy("eftermiddag"),
    "kväll": gettext_lazy("kväll"),
    "natt": gettext_lazy("natt"),
    "vardag": gettext_lazy("vardag"),
    "helg": gettext_lazy("helg"),
    "vår": gettext_lazy("vår"),
    "sommar": gettext_lazy("sommar"),
    "höst": gettext_lazy("höst"),
    "vinter": gettext_lazy("vinter"),
    "mörker": gettext_lazy("mörker"),
    "helgdag": gettext_lazy("helgdag"),
    "alltid": gettext_lazy("alltid"),
}


def period_label(period: str) -> str:
    """A time the dataset stores by its Swedish key ("kväll", dataset.PERIOD_LABELS, and the hotspot bands),
    in the reader's language."""
    word = PERIOD_WORDS.get(period)
    return str(word) if word is not None else period


def cell_by_ref(dataset: dict[str, Any], ref: str) -> dict[str, Any] | None:
    return next((c for c in dataset.get("matrix", []) if c.get("ref") == ref), None)


def agreement_text(dataset: dict[str, Any], cell: dict[str, Any]) -> str:
    """Whether the sources agree about the cell, in words in the reader's language. A dataset computed before
    the words' parts were stored (no ``agreement_low``) has only the words as computed then."""
    if "agreement_low" not in cell or "points_out" not in cell:
        return cell.get("agreement_text") or ""
    low = [tuple(cell["agreement_low"])] if cell["agreement_low"] else []
    return agreement_words(
        list(cell["points_out"]),
        low,
        theme_label(dataset, cell["theme"]),
        area_name(dataset, cell.get("area")),
        kommun=cell.get("area") is None,
    )[1]


def evidence_text(dataset: dict[str, Any], evidence: dict[str, Any]) -> str:
    """A candidate's piece of evidence in the reader's language, from the cell its ref names; the stored text
    where the cell is not in the dataset."""
    cell = cell_by_ref(dataset, evidence.get("ref") or "")
    source = evidence.get("source")
    if cell is None:
        return evidence.get("text", "")
    if source == "dialogues" and cell["dialogues"].get("of"):
        d = cell["dialogues"]
        return _("%(n)s av %(of)s dialoger (%(pct)s %%) tar upp %(theme)s.") % {
            "n": d["count"],
            "of": d["of"],
            "pct": round(100 * d["count"] / d["of"]),
            "theme": theme_label(dataset, cell["theme"], lower=True),
        }
    if source == "events" and cell.get("events"):
        n = cell["events"]["count"]
        return ngettext(
            "%(n)s händelse i polisens händelselista (hela kommunen).",
            "%(n)s händelser i polisens händelselista (hela kommunen).",
            n,
        ) % {"n": n}
    if source == "incidents":
        n = cell["incidents"]["count"]
        return ngettext("%(n)s geokodad händelse.", "%(n)s geokodade händelser.", n) % {"n": n}
    if source == "survey" and cell["survey"].get("index") is not None:
        return _("Problemindex %(index)s av 6 i trygghetsmätningen.") % {"index": number(cell["survey"]["index"], 1)}
    if source == "agreement":
        return agreement_text(dataset, cell) or evidence.get("text", "")
    return evidence.get("text", "")
