"""Medborgarlöften: drafting, approval, publication, follow-up and the public pages."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from lofte.promises.evaluation import evaluation_draft
from lofte.promises.models import Commitment, Promise
from lofte.promises.services import commitment_create, focus_area_add, promise_create
from tests.matrix.base import (
    ADMIN,
    ANALYST,
    DIALOGUE_RECORDERS,
    EVERYONE,
    OUTSIDER,
    PARTNERSHIP_ANALYSTS,
    PARTNERSHIP_MEMBERS,
    POLICE_ADMIN,
    POLICE_ANALYST,
    Row,
)

HIDDEN = frozenset({OUTSIDER})
# Action.EDIT_PROMISES: administrators and analysts of either party.
EDITORS = PARTNERSHIP_ANALYSTS
# Action.LOG_PROMISE_ACTIVITY: editors and dialogue staff, who are out in the field.
LOGGERS = DIALOGUE_RECORDERS
# Approving signs for one organisation (here Sjöstad kommun): only its own administrators and analysts; the
# police's and the platform administrator may not sign on its behalf (403).
SJOSTAD_SIGNERS = frozenset({ADMIN, ANALYST})
# Agreeing to an evaluation signs for the user's own party (the police's signers agree for the police area).
POLICE_SIGNERS = frozenset({POLICE_ADMIN, POLICE_ANALYST})


def _with_commitment(w: SimpleNamespace, year: int) -> tuple[Promise, Commitment]:
    by = w.users["analyst"]
    promise = promise_create(partnership=w.partnership, by=by, start_year=year, title_sv=f"Löfte {year}")
    focus = focus_area_add(promise=promise, by=by, theme="belysning", title_sv="Belysning")
    commitment = commitment_create(
        focus_area=focus,
        by=by,
        what_sv="Bättre belysning vid gångtunneln",
        owner="municipality",
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        target_kind="count",
        target_value=5,
    )
    return promise, commitment


def build(world: SimpleNamespace) -> None:
    world.draft, world.draft_commitment = _with_commitment(world, 2031)
    world.promise, world.commitment = _with_commitment(world, 2030)
    # Published directly: the matrix is about who reaches which URL, not the approval rules (tests/promises/).
    Promise.objects.filter(pk=world.promise.pk).update(status="published", published_at=dt.datetime.now(dt.UTC))
    world.evaluated, _commitment = _with_commitment(world, 2029)
    Promise.objects.filter(pk=world.evaluated.pk).update(status="published", published_at=dt.datetime.now(dt.UTC))
    evaluation_draft(promise=world.evaluated, by=world.users["analyst"])


def _evaluated(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "pk": w.evaluated.pk}


def _draft(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "pk": w.draft.pk}


def _published(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "pk": w.promise.pk}


def _draft_commitment(w: SimpleNamespace) -> dict:
    return {**_draft(w), "commitment": w.draft_commitment.pk}


def _published_commitment(w: SimpleNamespace) -> dict:
    return {**_published(w), "commitment": w.commitment.pk}


def _draft_focus(w: SimpleNamespace) -> dict:
    return {**_draft(w), "focus": w.draft_commitment.focus_area_id}


def _published_focus(w: SimpleNamespace) -> dict:
    return {**_published(w), "focus": w.commitment.focus_area_id}


def _activity(w: SimpleNamespace) -> dict:
    # Planned: the matrix's promise is for 2030, and an activity that is done cannot lie in the future.
    return {"occurred_on": "2030-03-01", "what": "Besök", "count": "1", "planned": "1", "key": str(uuid.uuid4())}


def _commitment_file(w: SimpleNamespace) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lofte.promises.commitment_io import export_csv

    return {"file": SimpleUploadedFile("ataganden.csv", export_csv(w.draft))}


def _public(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "year": 2030}


ROWS = [
    Row(
        "promises:partnership",
        lambda w: {"slug": w.partnership.slug},
        method="post",
        data=lambda w: {"start_year": 2040, "title_sv": "Löfte 2040"},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:promise", _draft, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("promises:promise", _published, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "promises:focus_area_create",
        _draft,
        method="post",
        data=lambda w: {"theme": "trafik", "title_sv": "Trafik"},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "promises:commitment_new",
        lambda w: {**_draft(w), "focus": w.draft_commitment.focus_area_id},
        allowed=EDITORS,
        hidden=HIDDEN,
    ),
    Row("promises:focus_area_edit", _draft_focus, allowed=EDITORS, hidden=HIDDEN),
    Row(
        "promises:focus_area_edit",
        _draft_focus,
        method="post",
        data=lambda w: {"title_sv": "Belysning i centrum"},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:focus_area_remove", _draft_focus, allowed=EDITORS, hidden=HIDDEN),
    Row("promises:focus_area_remove", _draft_focus, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    # A published promise changes only through a new version: the removal is refused with the reason.
    Row("promises:focus_area_remove", _published_focus, method="post", allowed=EDITORS, hidden=HIDDEN, ok=400),
    Row("promises:commitment_edit", _draft_commitment, allowed=EDITORS, hidden=HIDDEN),
    Row("promises:commitment_remove", _draft_commitment, allowed=EDITORS, hidden=HIDDEN),
    Row("promises:commitment_remove", _draft_commitment, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row("promises:commitment_remove", _published_commitment, method="post", allowed=EDITORS, hidden=HIDDEN, ok=400),
    Row(
        "promises:commitment_move",
        _draft_commitment,
        method="post",
        data=lambda w: {"direction": "up"},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:commitment", _published_commitment, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "promises:commitment",
        _published_commitment,
        method="post",
        data=lambda w: {"status": "ongoing"},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:activity_new", _published_commitment, allowed=LOGGERS, hidden=HIDDEN),
    Row(
        "promises:activity_new",
        _published_commitment,
        method="post",
        data=_activity,
        allowed=LOGGERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:calendar", _published, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("promises:quarter", _published, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "promises:quarter",
        _published,
        method="post",
        data=lambda w: {"weeks": "6"},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "promises:calendar",
        _published,
        method="post",
        data=lambda w: {
            "commitment": w.commitment.pk,
            "occurred_on": "2030-04-02",
            "what": "Besök",
            "count": "1",
            "key": str(uuid.uuid4()),
        },
        allowed=LOGGERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "promises:commitments_export",
        lambda w: {**_draft(w), "kind": "xlsx"},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
    ),
    Row("promises:commitments_import", _draft, allowed=EDITORS, hidden=HIDDEN),
    Row(
        "promises:commitments_import",
        _draft,
        method="post",
        data=_commitment_file,
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "promises:approve",
        _draft,
        method="post",
        data=lambda w: {"organisation": w.sjostad.pk},
        allowed=SJOSTAD_SIGNERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:publish", _draft, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row("promises:new_version", _published, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row("promises:activity_service_worker", allowed=EVERYONE, public=True),
    # The yearly evaluation: read by members, drafted and edited by editors, agreed per party by its own signers.
    Row("promises:evaluation", _published, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("promises:evaluation", _draft, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("promises:evaluation_draft", _published, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row(
        "promises:evaluation_section",
        lambda w: {**_evaluated(w), "key": "sammanfattning"},
        allowed=EDITORS,
        hidden=HIDDEN,
    ),
    Row(
        "promises:evaluation_section",
        lambda w: {**_evaluated(w), "key": "sammanfattning"},
        method="post",
        data=lambda w: {"text": "Ett år med fler besök än utlovat.", "based_on": 1},
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "promises:evaluation_agree",
        _evaluated,
        method="post",
        data=lambda w: {"version": 1, "organisation": w.sjostad.pk},
        allowed=SJOSTAD_SIGNERS | POLICE_SIGNERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("promises:evaluation_publish", _evaluated, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row("promises:evaluation_pdf", _evaluated, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("promises_public:list", allowed=EVERYONE, public=True),
    Row("promises_public:list_json", allowed=EVERYONE, public=True),
    Row("promises_public:promise", _public, allowed=EVERYONE, public=True),
    Row("promises_public:promise_json", _public, allowed=EVERYONE, public=True),
    Row("promises_public:promise_pdf", _public, allowed=EVERYONE, public=True),
    Row("promises_public:feed", allowed=EVERYONE, public=True),
    Row("promises_public:partnership_feed", lambda w: {"slug": w.partnership.slug}, allowed=EVERYONE, public=True),
    # A draft has no public page, for anyone.
    Row(
        "promises_public:promise",
        lambda w: {"slug": w.partnership.slug, "year": 2031},
        allowed=frozenset(),
        public=True,
        hidden=EVERYONE,
    ),
]
