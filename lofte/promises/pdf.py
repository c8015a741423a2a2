"""The promise as a resident reads it, for the public page and the PDF alike, and the PDF itself (WeasyPrint,
the lägesbild's print machinery): title, why, focus areas, commitments with progress, the evaluation once there
is one, and who stands behind it.

The PDF is stored under a name made from its rendered HTML, so it is made once per content: a logged activity
that moves a percentage, a new version or an agreement gives a new name, and an unchanged promise is served from
storage."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lofte.analysis.selectors import theme_labels
from lofte.promises import evaluation as ev
from lofte.promises.models import EvaluationVersion, Promise
from lofte.promises.selectors import promise_outline

PDF_DIR = "medborgarloften/pdf"


def evaluation_context(promise: Promise, version: EvaluationVersion | None) -> dict[str, Any]:
    """What `promises/_evaluation_body.html` renders on the staff page, the public page and in the PDF: the
    version's sections, each focus area's section beside its "utlovat – utfall" and measures."""
    figures = version.figures if version else {}
    focus_by_key = {f"fokus-{f['id']}": f for f in figures.get("focus_areas", [])}
    blocks = []
    for section in version.sections if version else []:
        focus = focus_by_key.get(section["key"])
        blocks.append(
            {
                "section": section,
                "commitments": [
                    ev.in_reader_language(c)
                    for c in figures.get("commitments", [])
                    if focus and c["focus_area"] == focus["id"]
                ],
                "measures": ev.measure_rows(figures, focus["id"]) if focus else [],
            }
        )
    comparison = figures.get("comparison") or {}
    return {
        "evaluation_version": version,
        "evaluation_figures": figures,
        "evaluation_blocks": blocks,
        "evaluation_comparison": comparison,
        "evaluation_note": ev.comparison_note(figures) if figures else "",
    }


def promise_context(promise: Promise, *, evaluation_version: EvaluationVersion | None) -> dict[str, Any]:
    """The promise's content as the public page and the PDF show it."""
    outline = promise_outline(promise)
    labels = theme_labels(promise.partnership)
    for focus_area, _rows in outline:
        focus_area.theme_label = labels.get(focus_area.theme, focus_area.theme)  # type: ignore[attr-defined]
    return {
        "promise": promise,
        "partnership": promise.partnership,
        "outline": outline,
        "approvals": list(promise.approvals.select_related("organisation")),
        **evaluation_context(promise, evaluation_version),
    }


def _render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only where a PDF is made

    stylesheets = [
        CSS(filename=path)
        for name in ("lofte/lagesbild-print.css", "lofte/promise-print.css")
        if (path := finders.find(name))
    ]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=stylesheets, pdf_tags=True, custom_metadata=True
    )


def promise_pdf(promise: Promise, *, evaluation_version: EvaluationVersion | None, public: bool, page_url: str) -> str:
    """The stored PDF's name, made on the first request for this exact content."""
    context = promise_context(promise, evaluation_version=evaluation_version)
    context.update({"public": public, "page_url": page_url})
    html = render_to_string("promises/promise_pdf.html", context)
    digest = hashlib.sha256(html.encode()).hexdigest()[:24]
    name = f"{PDF_DIR}/{promise.partnership.slug}-{promise.start_year}-v{promise.version}-{digest}.pdf"
    if not default_storage.exists(name):
        data = _render_pdf(html)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    return name


def pdf_filename(promise: Promise) -> str:
    return _("medborgarlofte-%(slug)s-%(year)s.pdf") % {"slug": promise.partnership.slug, "year": promise.start_year}


def pdf_response(
    request: HttpRequest, promise: Promise, evaluation_version: EvaluationVersion | None, *, public: bool
) -> FileResponse:
    name = promise_pdf(
        promise,
        evaluation_version=evaluation_version,
        public=public,
        page_url=request.build_absolute_uri(promise.public_url()),
    )
    return FileResponse(
        default_storage.open(name, "rb"), content_type="application/pdf", filename=pdf_filename(promise)
    )
