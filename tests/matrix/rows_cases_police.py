"""Cases: the pre-filled police report of a graffiti case (page, PDF, marked as sent), for the kommun's
handlers only; hidden (404) from the police area and other organisations like every case."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from lofte.cases.models import CaseKind, Category
from lofte.cases.services import case_submit
from tests.matrix.base import ADMIN, CASE_HANDLER, OUTSIDER, PLATFORM_ADMIN, POLICE_MEMBERS, Row

HANDLERS = frozenset({PLATFORM_ADMIN, ADMIN, CASE_HANDLER})
NOT_IN_SJOSTAD = POLICE_MEMBERS | {OUTSIDER}


def build(world: SimpleNamespace) -> None:
    graffiti = Category.objects.create(
        organisation=world.sjostad, slug="klotter-polis", name_sv="Klotter och skadegörelse", theme="skadegorelse"
    )
    world.graffiti_case = case_submit(
        organisation=world.sjostad,
        kind=CaseKind.FAULT,
        category=graffiti,
        message="Klotter i tunneln",
        idempotency_key=uuid.uuid4(),
        lat=58.5,
        lng=13.15,
    ).case


def _case(w: SimpleNamespace) -> dict:
    return {"slug": w.sjostad.slug, "reference": w.graffiti_case.reference}


ROWS = [
    Row("cases:police_report", _case, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD),
    Row("cases:police_report_pdf", _case, allowed=HANDLERS, hidden=NOT_IN_SJOSTAD),
    Row(
        "cases:police_report_sent",
        _case,
        allowed=HANDLERS,
        hidden=NOT_IN_SJOSTAD,
        method="post",
        data=lambda w: {"police_reference": "5000-K1-26"},
        ok=302,
    ),
]
