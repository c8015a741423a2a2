"""The machine-readable promise: schema ``lofte.medborgarlofte/1`` (docs/medborgarlofte.md).

One function builds the document the public JSON, the list of all promises and (later) the PDF read, so no
figure can differ between them. Only published versions are ever passed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lofte.core.models import Organisation
from lofte.promises import evaluation as ev
from lofte.promises.models import EvaluationVersion, Promise
from lofte.promises.selectors import CommitmentRow, promise_outline

SCHEMA = "lofte.medborgarlofte/1"


def _text(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def _commitment(row: CommitmentRow, parent: str | None) -> dict[str, Any]:
    c = row.commitment
    return {
        "id": str(c.lineage),
        "parent": parent,
        "what": _text(c.what_sv, c.what_en),
        "owner": c.owner,
        "partner_name": c.partner_name or None,
        "areas": [{"id": a.pk, "name": a.name, "code": a.code or None} for a in c.areas.all()],
        "places": [{"id": p.pk, "name": p.name} for p in c.places.all()],
        "starts_on": c.starts_on.isoformat(),
        "ends_on": c.ends_on.isoformat(),
        "target": {
            "kind": c.target_kind,
            "value": c.target_value,
            "survey_item": c.survey_item or None,
            "baseline": c.baseline_value,
        },
        "status": c.status,
        "progress": {
            "percent": row.progress.percent,
            "track": str(row.progress.track),
            "done_count": row.done_count,
            "measured_value": c.measured_value,
            "forecast": row.progress.forecast,
            "forecast_done_on": row.progress.forecast_done_on.isoformat() if row.progress.forecast_done_on else None,
        },
    }


def _party(organisation: Organisation, approvals: dict[int, Any]) -> dict[str, Any]:
    approval = approvals.get(organisation.pk)
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "kommunkod": organisation.kommunkod or None,
        "approved_at": approval.approved_at.isoformat() if approval else None,
        "signatory": {"name": approval.signatory_name, "title": approval.signatory_title or None} if approval else None,
    }


def promise_document(
    promise: Promise, *, absolute: Callable[[str], str], today: dt.date | None = None
) -> dict[str, Any]:
    """``absolute`` turns a path into a full address (request.build_absolute_uri)."""
    partnership = promise.partnership
    approvals = {a.organisation_id: a for a in promise.approvals.all()}
    parties = [partnership.municipality, partnership.police_area, *partnership.other_partners.order_by("name")]
    focus_areas = []
    for focus_area, rows in promise_outline(promise, today=today):
        commitments = []
        for row in rows:
            commitments.append(_commitment(row, None))
            commitments.extend(_commitment(child, str(row.commitment.lineage)) for child in row.children)
        focus_areas.append(
            {
                "theme": focus_area.theme,
                "title": _text(focus_area.title_sv, focus_area.title_en),
                "why": _text(focus_area.why_sv, focus_area.why_en),
                "areas": [{"id": a.pk, "name": a.name, "code": a.code or None} for a in focus_area.areas.all()],
                "times": focus_area.times,
                "evidence": {
                    "lagesbild_year": focus_area.evidence.get("report_year"),
                    "numbers": focus_area.evidence.get("numbers", []),
                    "quotes": [q.get("text") for q in focus_area.evidence.get("quotes", [])],
                },
                "commitments": commitments,
            }
        )
    history = (
        Promise.objects.published()
        .filter(partnership=partnership, start_year=promise.start_year)
        .order_by("version")
        .values_list("version", "published_at")
    )
    page = promise.public_url()
    return {
        "schema": SCHEMA,
        "url": absolute(page),
        "json": absolute(page.rstrip("/") + ".json"),
        "partnership": {"slug": partnership.slug, "name": partnership.name},
        "kommunkod": partnership.municipality.kommunkod or None,
        "parties": [_party(o, approvals) for o in parties],
        "period": {"start_year": promise.start_year, "end_year": promise.end_year},
        "title": _text(promise.title_sv, promise.title_en),
        "intro": _text(promise.intro_sv, promise.intro_en),
        "status": promise.status,
        "version": promise.version,
        "published_at": promise.published_at.isoformat() if promise.published_at else None,
        "history": [{"version": v, "published_at": at.isoformat() if at else None} for v, at in history],
        "focus_areas": focus_areas,
        # Null until the year's evaluation is agreed by every party and published.
        "evaluation": evaluation_document(promise),
    }


def evaluation_document(promise: Promise) -> dict[str, Any] | None:
    """The published evaluation of the promise's year, from the agreed version's own figures."""
    record = ev.evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year)
    version: EvaluationVersion | None = ev.public_version(record)
    if record is None or version is None:
        return None
    figures = version.figures
    titles = {f["id"]: f for f in figures.get("focus_areas", [])}
    return {
        "version": version.number,
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "as_of": figures.get("as_of"),
        "comparison": {**(figures.get("comparison") or {}), "note": ev.comparison_note(figures)},
        "summary": figures.get("summary"),
        "commitments": [
            {
                "id": c["id"],
                "parent": c["parent"],
                "focus_area": titles.get(c["focus_area"], {}).get("title"),
                "what": c["what"],
                "target": {"kind": c["target_kind"], "value": c["target_value"], "text": c["promised"]},
                "outcome": {"value": c["outcome_value"], "text": c["outcome"], "percent": c["percent"]},
                "reached": c["reached"],
            }
            for c in figures.get("commitments", [])
        ],
        "focus_areas": [
            {"theme": f["theme"], "title": f["title"], "areas": f["areas"], "measures": f["measures"]}
            for f in figures.get("focus_areas", [])
        ],
        "sections": [{"key": s["key"], "heading": s["heading"], "text": s["text"]} for s in version.sections],
        "agreements": [
            {
                "organisation": a.organisation.name,
                "agreed_at": a.agreed_at.isoformat(),
                "signatory": {"name": a.signatory_name, "title": a.signatory_title or None},
            }
            for a in version.agreements.all()
        ],
    }
