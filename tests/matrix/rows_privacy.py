"""Privacy: the retention schedule (an administrator's page) and the public privacy page."""

from __future__ import annotations

from types import SimpleNamespace

from tests.matrix.base import ADMIN, EVERYONE, OUTSIDER, PLATFORM_ADMIN, POLICE_MEMBERS, Row

SJOSTAD_ADMINS = frozenset({PLATFORM_ADMIN, ADMIN})
ADMIN_PAGE = {"allowed": SJOSTAD_ADMINS, "hidden": POLICE_MEMBERS | {OUTSIDER}}


def build(world: SimpleNamespace) -> None:
    """Nothing of its own: the schedule's defaults apply until an administrator saves one."""


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
]
