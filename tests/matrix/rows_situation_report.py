"""The lägesbild report: staff page, text versions, agreement, publication, PDF, JSON, rows; the public pages
(a report nobody published is 404 for everyone, signed in or not)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from lofte.situation.models import Report
from lofte.situation.services import report_version_draft
from tests.matrix.base import (
    ADMIN,
    ANALYST,
    EVERYONE,
    OUTSIDER,
    PARTNERSHIP_ANALYSTS,
    PARTNERSHIP_MEMBERS,
    POLICE_ADMIN,
    POLICE_ANALYST,
    Row,
)
from tests.situation.report_fixtures import build_dataset

HIDDEN = frozenset({OUTSIDER})
EDITORS = PARTNERSHIP_ANALYSTS
# Admins and analysts of each party agree for their own organisation; the platform's administrators are no party.
AGREERS = frozenset({ADMIN, ANALYST, POLICE_ADMIN, POLICE_ANALYST})


def build(world: SimpleNamespace) -> None:
    world.report = Report.objects.create(
        partnership=world.partnership, year=2020, dataset=build_dataset(), dataset_computed_at=timezone.now()
    )
    report_version_draft(report=world.report, by=world.users["analyst"])


def _report(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "year": 2020}


ROWS = [
    Row("situation:report", _report, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("situation:report_draft", _report, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row(
        "situation:report_section",
        lambda w: {**_report(w), "key": "dialoger"},
        allowed=EDITORS,
        hidden=HIDDEN,
    ),
    Row(
        "situation:report_section",
        lambda w: {**_report(w), "key": "dialoger"},
        method="post",
        data=lambda w: {"text": "Många, 300 av 612 dialoger, nämner kvällen. [[time:dialogues]]", "based_on": 1},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("situation:report_versions", _report, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("situation:report_diff", _report, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN, query="a=1&b=1"),
    Row(
        "situation:report_agree",
        _report,
        method="post",
        data=lambda w: {"version": 1},
        allowed=AGREERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("situation:report_publish", _report, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row("situation:report_unpublish", _report, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row("situation:report_pdf", _report, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("situation:report_json", _report, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "situation:rows",
        _report,
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
        query="ref=cell:alkohol_berusning:kommun",
    ),
    # Public: nothing of an unpublished, unagreed report exists.
    Row("situation_public:report", _report, public=True, allowed=frozenset(), hidden=EVERYONE),
    Row("situation_public:report_pdf", _report, public=True, allowed=frozenset(), hidden=EVERYONE),
    Row("situation_public:report_json", _report, public=True, allowed=frozenset(), hidden=EVERYONE),
    Row(
        "situation_public:rows",
        _report,
        public=True,
        allowed=frozenset(),
        hidden=EVERYONE,
        query="ref=cell:alkohol_berusning:kommun",
    ),
]
