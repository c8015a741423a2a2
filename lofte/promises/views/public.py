"""The public pages of promises, under /p/ (no login): the list of every published promise, each promise's
page, and both as JSON (docs/medborgarlofte.md). Only published versions are ever read here."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lofte.analysis.selectors import theme_labels
from lofte.core.models import ContactCentre, Partnership
from lofte.dialogues.models import Campaign
from lofte.promises import evaluation as ev
from lofte.promises.archive import archive
from lofte.promises.exports import SCHEMA, promise_document
from lofte.promises.models import EvaluationVersion, Promise
from lofte.promises.pdf import evaluation_context, pdf_response
from lofte.promises.selectors import latest_published, promise_outline, published_promises


def _published(slug: str, year: int) -> Promise:
    partnership = get_object_or_404(Partnership, slug=slug)
    promise = latest_published(partnership=partnership, start_year=year)
    if promise is None:
        raise Http404
    return promise


def _public_evaluation(promise: Promise) -> EvaluationVersion | None:
    """The evaluation the public may read: agreed by every party and published, else none."""
    return ev.public_version(ev.evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year))


def _json(data: object) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"  # collected across municipalities by others' tools
    return response


@require_GET
def promise_list(request: HttpRequest) -> HttpResponse:
    return render(request, "promises/public_list.html", {"archive": archive()})


@require_GET
def promise_list_json(request: HttpRequest) -> JsonResponse:
    return _json(
        {
            "schema": SCHEMA,
            "generated_at": timezone.now().isoformat(),
            "promises": [promise_document(p, absolute=request.build_absolute_uri) for p in published_promises()],
        }
    )


@require_GET
def promise_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    promise = _published(slug, year)
    partnership = promise.partnership
    history = Promise.objects.published().filter(partnership=partnership, start_year=year).order_by("-version")
    years = next((entry.years for entry in archive(partnership=partnership)), [])
    outline = promise_outline(promise)
    labels = theme_labels(partnership)
    for focus_area, _rows in outline:
        focus_area.theme_label = labels.get(focus_area.theme, focus_area.theme)  # type: ignore[attr-defined]
    today = timezone.localdate()
    open_forms = [
        c
        for c in Campaign.objects.filter(partnership=partnership, public_form_open=True)
        if c.period_state(today) == "during"
    ]
    return render(
        request,
        "promises/public_promise.html",
        {
            "promise": promise,
            "partnership": partnership,
            "outline": outline,
            "contact": ContactCentre.objects.filter(organisation=partnership.municipality).first(),
            "open_forms": open_forms,
            "approvals": promise.approvals.select_related("organisation"),
            "history": history,
            "archive": years,
            "this_year": next((y for y in years if y.promise.pk == promise.pk), None),
            "json_url": promise.public_url().rstrip("/") + ".json",
            "pdf_url": promise.public_url().rstrip("/") + ".pdf",
            "feed_url": reverse("promises_public:partnership_feed", args=[partnership.slug]),
            **evaluation_context(promise, _public_evaluation(promise)),
        },
    )


@require_GET
def promise_json(request: HttpRequest, slug: str, year: int) -> JsonResponse:
    return _json(promise_document(_published(slug, year), absolute=request.build_absolute_uri))


@require_GET
def promise_pdf(request: HttpRequest, slug: str, year: int) -> FileResponse:
    promise = _published(slug, year)
    return pdf_response(request, promise, _public_evaluation(promise), public=True)
