"""The report's charts as server-rendered SVG, each with a title, a description and a table twin.

Pure: a chart is built from the stored dataset alone, and the page and the PDF embed the same markup, so a
chart can never show a number the table beside it does not. Colours are presentation attributes, not style
attributes (the Content-Security-Policy has no 'unsafe-inline').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lofte.situation.draft import kommun_cells, number, percent, theme_label

COLOURS = ("#1f5f8b", "#b4462d", "#4b7d2a", "#6b4c9a")


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    refs: list[str] = field(default_factory=list)


def report_charts(dataset: dict[str, Any]) -> list[Chart]:
    charts = [themes_chart(dataset), hours_chart(dataset), trends_chart(dataset)]
    return [c for c in charts if c is not None]


def _svg(key: str, title: str, desc: str, width: int, height: int, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part below is escaped # nosec B308, B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" class="chart">'
        f'<title id="chart-{key}-title">{escape(title)}</title><desc id="chart-{key}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def themes_chart(dataset: dict[str, Any]) -> Chart | None:
    cells = sorted(
        (c for c in kommun_cells(dataset) if c["dialogues"]["count"]),
        key=lambda c: (-c["dialogues"]["share"], c["theme"]),
    )
    if not cells:
        return None
    title = _("Teman i medborgardialogerna %(year)s") % {"year": dataset.get("year")}
    top = cells[0]
    desc = _("Andel dialoger som tar upp varje tema, i hela kommunen. Flest tar upp %(theme)s (%(pct)s).") % {
        "theme": theme_label(dataset, top["theme"], lower=True),
        "pct": percent(top["dialogues"]["share"]),
    }
    bar_h, label_w, width = 22, 190, 560
    height = len(cells) * bar_h + 10
    peak = max(c["dialogues"]["share"] for c in cells) or 1
    body = []
    for i, c in enumerate(cells):
        y = 5 + i * bar_h
        w = round((width - label_w - 60) * c["dialogues"]["share"] / peak)
        body.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(theme_label(dataset, c['theme']))}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{bar_h - 6}" fill="{COLOURS[0]}"/>'
            f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12">{percent(c["dialogues"]["share"])}</text>'
        )
    return Chart(
        key="teman",
        title=title,
        desc=desc,
        svg=_svg("teman", title, desc, width, height, body),
        columns=[_("Tema"), _("Dialoger"), _("Andel")],
        rows=[
            [theme_label(dataset, c["theme"]), number(c["dialogues"]["count"]), percent(c["dialogues"]["share"])]
            for c in cells
        ],
        refs=[c["ref"] for c in cells],
    )


def _hour_totals(grid: list[list[int]] | None) -> list[int]:
    if not grid:
        return [0] * 24
    return [sum(day[h] for day in grid) for h in range(24)]


def hours_chart(dataset: dict[str, Any]) -> Chart | None:
    profile = dataset.get("time_profile", {})
    series = [
        (_("Dialoger"), _hour_totals(profile.get("dialogues"))),
        (_("Geokodade händelser"), _hour_totals(profile.get("incidents"))),
        (_("Polisens händelselista"), _hour_totals(profile.get("events"))),
    ]
    series = [(name, values) for name, values in series if sum(values)]
    if not series:
        return None
    title = _("När på dygnet")
    peaks = ", ".join(
        _("%(name)s flest klockan %(hour)s") % {"name": name.lower(), "hour": max(range(24), key=lambda h: v[h])}
        for name, v in series
    )
    desc = _("Antal per timme, alla veckodagar sammanlagda: %(peaks)s.") % {"peaks": peaks}
    width, height, left, bottom = 560, 200, 40, 30
    plot_w, plot_h = width - left - 10, height - bottom - 10
    body = [f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 10}" y2="{10 + plot_h}" stroke="#555"/>']
    for h in range(0, 24, 3):
        x = left + plot_w * (h + 0.5) / 24
        body.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="11">{h}</text>')
    for i, (name, values) in enumerate(series):
        peak = max(values) or 1
        pts = " ".join(
            f"{left + plot_w * (h + 0.5) / 24:.1f},{10 + plot_h - plot_h * v / peak:.1f}" for h, v in enumerate(values)
        )
        body.append(f'<polyline points="{pts}" fill="none" stroke="{COLOURS[i]}" stroke-width="2"/>')
        body.append(f'<text x="{left + 4}" y="{22 + 14 * i}" font-size="11" fill="{COLOURS[i]}">{escape(name)}</text>')
    return Chart(
        key="tider",
        title=title,
        desc=desc,
        svg=_svg("tider", title, desc, width, height, body),
        columns=[_("Timme"), *[name for name, _v in series]],
        rows=[[str(h), *[number(v[h]) for _n, v in series]] for h in range(24)],
        refs=["time:dialogues"],
    )


def trends_chart(dataset: dict[str, Any]) -> Chart | None:
    trends = dataset.get("trends", [])
    years = sorted({t["year"] for t in trends})
    if len(years) < 2:
        return None
    latest = {t["theme"]: t for t in trends if t["year"] == years[-1]}
    themes = sorted(latest, key=lambda th: (-(latest[th].get("dialogue_share") or 0), th))[:3]
    share = {(t["year"], t["theme"]): t.get("dialogue_share") or 0 for t in trends}
    title = _("Utvecklingen %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
    desc = _("Andel dialoger per år för de %(n)s vanligaste temana det senaste året: %(themes)s.") % {
        "n": len(themes),
        "themes": ", ".join(theme_label(dataset, th, lower=True) for th in themes),
    }
    width, height, left, bottom = 560, 200, 40, 30
    plot_w, plot_h = width - left - 130, height - bottom - 10
    peak = max([share[(y, th)] for y in years for th in themes] or [0]) or 1
    body = [f'<line x1="{left}" y1="{10 + plot_h}" x2="{left + plot_w}" y2="{10 + plot_h}" stroke="#555"/>']
    for j, y in enumerate(years):
        x = left + plot_w * j / (len(years) - 1)
        body.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="11">{y}</text>')
    for i, th in enumerate(themes):
        pts = " ".join(
            f"{left + plot_w * j / (len(years) - 1):.1f},{10 + plot_h - plot_h * share[(y, th)] / peak:.1f}"
            for j, y in enumerate(years)
        )
        body.append(f'<polyline points="{pts}" fill="none" stroke="{COLOURS[i]}" stroke-width="2"/>')
        body.append(
            f'<text x="{left + plot_w + 8}" y="{20 + 16 * i}" font-size="11" fill="{COLOURS[i]}">'
            f"{escape(theme_label(dataset, th))}</text>"
        )
    return Chart(
        key="trender",
        title=title,
        desc=desc,
        svg=_svg("trender", title, desc, width, height, body),
        columns=[_("År"), *[theme_label(dataset, th) for th in themes]],
        rows=[[str(y), *[percent(share[(y, th)]) for th in themes]] for y in years],
        refs=[latest[th]["ref"] for th in themes if latest[th].get("ref")],
    )
