"""Export of a filtered dialogue list to CSV (streamed) and Excel, safe to open in a spreadsheet program."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from lofte.core.access import get_partnership_for_user
from lofte.core.roles import Action
from lofte.dialogues.exports import export_rows
from lofte.dialogues.models import Dialogue
from lofte.dialogues.selectors import filter_dialogues
from lofte.lib.spreadsheet import csv_lines, xlsx_bytes

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def dialogue_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    dialogues, form = filter_dialogues(Dialogue.objects.for_user(request.user), request.GET, partnership=partnership)
    campaign = (getattr(form, "cleaned_data", None) or {}).get("campaign")
    name = f"dialoger-{campaign.slug if campaign else partnership.slug}-{timezone.localdate().isoformat()}.{fmt}"
    headers, rows = export_rows(dialogues)
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(csv_stream(headers, rows), content_type=CONTENT_TYPES["csv"])
    else:
        response = HttpResponse(xlsx_bytes(headers, rows, title="Dialoger"), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_stream(headers: list[str], rows: Iterator[list[Any]]) -> Iterator[bytes]:
    for line in csv_lines(headers, rows):
        yield line.encode("utf-8")
