"""The report as the page, the PDF and the JSON show it: all three are built here from `Report.dataset` and one
`ReportVersion`, so no number can differ between them."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from lofte.core.models import Organisation
from lofte.situation import charts, draft, words
from lofte.situation.models import Report, ReportVersion
from lofte.situation.selectors import agreement_state

REPORT_SCHEMA = "lofte.lagesbild-report/1"
PDF_DIR = "lagesbild/pdf"

RefUrl = Callable[[str], str]


def _kommun_table(dataset: dict[str, Any], ref_url: RefUrl) -> list[dict[str, Any]]:
    rows = []
    for c in sorted(draft.kommun_cells(dataset), key=lambda c: (-c["dialogues"]["count"], c["theme"])):
        events = c.get("events") or {}
        rows.append(
            {
                "ref": c["ref"],
                "url": ref_url(c["ref"]),
                "theme": draft.theme_label(dataset, c["theme"]),
                "cells": [
                    draft.number(c["dialogues"]["count"]),
                    draft.percent(c["dialogues"]["share"]),
                    draft.number(events.get("count")),
                    draft.number(c["incidents"]["count"]),
                    draft.number(c["incidents"]["per_1000"], 2),
                    draft.number(c["survey"].get("index"), 1),
                ],
                "agreement_text": words.agreement_text(dataset, c),
            }
        )
    return rows


def _area_table(dataset: dict[str, Any], ref_url: RefUrl) -> list[dict[str, Any]]:
    rows = []
    # Where the sources agree or disagree; a cell only one source has data for is on the picture page.
    cells = [c for c in draft.area_cells(dataset) if c.get("agreement") in ("agree", "disagree")]
    for c in sorted(cells, key=lambda c: (draft.area_name(dataset, c["area"]), -c["dialogues"]["count"])):
        rows.append(
            {
                "ref": c["ref"],
                "url": ref_url(c["ref"]),
                "area": draft.area_name(dataset, c["area"]),
                "theme": draft.theme_label(dataset, c["theme"]),
                "cells": [
                    draft.number(c["dialogues"]["count"]),
                    draft.percent(c["dialogues"]["share"]),
                    draft.number(c["incidents"]["count"]),
                    draft.number(c["incidents"]["per_1000"], 2),
                    draft.number(c["survey"].get("index"), 1),
                ],
                "agreement_text": words.agreement_text(dataset, c),
            }
        )
    return rows


def _candidates(dataset: dict[str, Any], ref_url: RefUrl) -> list[dict[str, Any]]:
    return [
        {
            "rank": c.get("rank", i),
            "theme": draft.theme_label(dataset, c["theme"]),
            "areas": c.get("area_names") or [draft.area_name(dataset, a) for a in c.get("areas", [])],
            "times": [words.period_label(t) for t in c.get("times", [])],
            "evidence": [
                {
                    **e,
                    "text": words.evidence_text(dataset, e),
                    "url": ref_url(e["ref"]) if e.get("ref") else "",
                    "label": draft.ref_label(dataset, e["ref"]) if e.get("ref") else "",
                }
                for e in c.get("evidence", [])
            ],
            "ref": c.get("ref", ""),
        }
        for i, c in enumerate(dataset.get("candidates", []), start=1)
    ]


def _sections(dataset: dict[str, Any], version: ReportVersion | None, ref_url: RefUrl) -> list[dict[str, Any]]:
    if version is None:
        return []
    return [
        {
            "key": s["key"],
            "heading": s["heading"],
            "text": s["text"],
            "sentences": [
                {
                    "text": sentence.text,
                    "links": [(ref_url(ref), draft.ref_label(dataset, ref)) for ref in sentence.refs],
                }
                for sentence in draft.split_sentences(s["text"])
            ],
        }
        for s in version.sections
    ]


def report_context(report: Report, version: ReportVersion | None, *, ref_url: RefUrl, public: bool) -> dict[str, Any]:
    """What `situation/_report_body.html` renders, for the page and the PDF alike."""
    dataset = report.dataset
    return {
        "report": report,
        "version": version,
        "public": public,
        "dataset": dataset,
        "parties": agreement_state(report, version),
        "sections": _sections(dataset, version, ref_url),
        "charts": charts.report_charts(dataset),
        "kommun_table": _kommun_table(dataset, ref_url),
        "area_table": _area_table(dataset, ref_url),
        "candidates": _candidates(dataset, ref_url),
    }


# --- JSON --------------------------------------------------------------------------------------------------


def report_json(report: Report, version: ReportVersion, *, public: bool) -> dict[str, Any]:
    """The documented `lofte.lagesbild-report/1` document (docs/lagesbild.md): the dataset as stored, the text
    sections with every sentence's refs, and who agreed when. The public document names organisations only."""
    parties = agreement_state(report, version)
    return {
        "schema": REPORT_SCHEMA,
        "status": "published" if public else ("agreed" if all(p.agreement for p in parties) else "draft"),
        "published_at": report.published_at.isoformat() if report.published_at and public else None,
        "version": {
            "number": version.number,
            "created_at": version.created_at.isoformat(),
            "drafted": version.drafted,
            **({} if public else {"created_by": str(version.created_by) if version.created_by else None}),
        },
        "agreements": [
            {
                "organisation": p.organisation.name,
                "kind": p.organisation.kind,
                "agreed": p.agreement is not None,
                "agreed_at": p.agreement.agreed_at.isoformat() if p.agreement else None,
                **(
                    {}
                    if public
                    else {"agreed_by": str(p.agreement.agreed_by) if p.agreement and p.agreement.agreed_by else None}
                ),
            }
            for p in parties
        ],
        "sections": [
            {
                "key": s["key"],
                "heading": s["heading"],
                "sentences": [{"text": x.text, "refs": list(x.refs)} for x in draft.split_sentences(s["text"])],
                "refs": draft.refs_in(s["text"]),
            }
            for s in version.sections
        ],
        "dataset": report.dataset,
    }


# --- PDF ---------------------------------------------------------------------------------------------------


def _pdf_key(report: Report, version: ReportVersion, *, ref_url: RefUrl, public: bool) -> str:
    parties = agreement_state(report, version)
    stamp = json.dumps(
        [
            report.pk,
            version.pk,
            report.dataset.get("computed_at"),
            str(report.dataset_computed_at),
            [p.agreement.pk if p.agreement else None for p in parties],
            [(p.organisation.name, p.organisation.logo.name if _has_logo(p.organisation) else "") for p in parties],
            str(report.published_at) if public else "",
            public,
            translation.get_language(),
            ref_url("x"),
        ]
    )
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:24]
    return f"{PDF_DIR}/{report.partnership.slug}-{report.year}-v{version.number}-{digest}.pdf"


def _has_logo(organisation: Organisation) -> bool:
    return bool(organisation.logo)


def render_pdf(report: Report, version: ReportVersion, *, ref_url: RefUrl, public: bool) -> bytes:
    """The PDF, without the cache: A4, tagged (headings, tables, figures with their alt texts), page numbers."""
    from weasyprint import CSS, HTML  # heavy import, only where a PDF is made

    context = report_context(report, version, ref_url=ref_url, public=public)
    context["logos"] = [
        (p.organisation.name, default_storage.path(p.organisation.logo.name))
        for p in context["parties"]
        if _has_logo(p.organisation)
    ]
    html = render_to_string("situation/report_pdf.html", context)
    stylesheet = finders.find("lofte/lagesbild-print.css")
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None,
        pdf_tags=True,
        custom_metadata=True,
    )


def report_pdf(report: Report, version: ReportVersion, *, ref_url: RefUrl, public: bool) -> tuple[str, float]:
    """The stored PDF's name, made on the first request for this exact content and then served from storage.
    Any change that shows in it (dataset, version, agreement, publication, logo, language) gives a new name.
    Returns the name and the seconds spent making it (0 when it came from storage)."""
    name = _pdf_key(report, version, ref_url=ref_url, public=public)
    if default_storage.exists(name):
        return name, 0.0
    started = time.perf_counter()
    data = render_pdf(report, version, ref_url=ref_url, public=public)
    spent = time.perf_counter() - started
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name, spent


def pdf_filename(report: Report) -> str:
    return _("lagesbild-%(slug)s-%(year)s.pdf") % {"slug": report.partnership.slug, "year": report.year}
