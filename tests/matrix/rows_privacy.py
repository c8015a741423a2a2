"""Privacy: the retention schedule and residents' data requests (administrators' pages), the public privacy page."""

from __future__ import annotations

from types import SimpleNamespace

from lofte.cases.models import CaseKind
from lofte.cases.services import Reporter, case_submit
from tests.matrix.base import ADMIN, EVERYONE, OUTSIDER, PLATFORM_ADMIN, POLICE_MEMBERS, Row

SJOSTAD_ADMINS = frozenset({PLATFORM_ADMIN, ADMIN})
ADMIN_PAGE = {"allowed": SJOSTAD_ADMINS, "hidden": POLICE_MEMBERS | {OUTSIDER}}


EMAIL = "anna@example.org"


def build(world: SimpleNamespace) -> None:
    """A resident's case to look up; the schedule's defaults apply until an administrator saves one."""
    case_submit(
        organisation=world.sjostad,
        kind=CaseKind.FEEDBACK,
        feedback_type="fraga",
        message="När töms papperskorgarna?",
        idempotency_key=None,
        reporter=Reporter(name="Anna", email=EMAIL, consent=True),
    )


def _org(w: SimpleNamespace) -> dict[str, str]:
    return {"slug": w.sjostad.slug}


ROWS = [
    Row("core_public:privacy", _org, allowed=EVERYONE, public=True),
    Row("core:retention_edit", _org, **ADMIN_PAGE),
    Row(
        "core:retention_edit",
        _org,
        method="post",
        ok=302,
        data=lambda w: {"contact_request_days": "60", "import_file_days": "7", "case_anonymise_days": "730"},
        **ADMIN_PAGE,
    ),
    # A resident's data is for the administrators alone: case handlers and analysts see it in their work only.
    Row("core:data_request", _org, **ADMIN_PAGE),
    *(
        Row(
            "core:data_request",
            _org,
            method="post",
            data=lambda w, a=action: {"email": EMAIL, "action": a},
            **ADMIN_PAGE,
        )
        for action in ("lookup", "export", "export_html")
    ),
    Row(
        "core:data_request",
        _org,
        method="post",
        ok=302,
        data=lambda w: {"email": EMAIL, "action": "erase", "confirm": "on"},
        **ADMIN_PAGE,
    ),
]
