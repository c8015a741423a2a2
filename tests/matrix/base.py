"""The permission matrix: every URL × every persona → the status a user gets.

Each app lists its URLs in `rows_<app>.py` (ROWS, plus `build(world)` adding the objects its URLs need).
`tests/test_permission_matrix.py` walks them all and fails for any URL of the project no row covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

# Personas, each a user built in tests/test_permission_matrix.py's `world` fixture.
ANONYMOUS = "anonymous"
PLATFORM_ADMIN = "platform_admin"  # the installation's superuser
ADMIN = "admin"  # administrator in Sjöstad kommun
ANALYST = "analyst"  # trygghetssamordnare, analyst in Sjöstad kommun
POLICE_ADMIN = "police_admin"  # administrator in LPO Sjöstad
POLICE_ANALYST = "police_analyst"  # kommunpolis, analyst in LPO Sjöstad
DIALOGUE_STAFF = "dialogue_staff"  # dialogue staff in Sjöstad kommun
POLICE_DIALOGUE_STAFF = "police_dialogue_staff"  # dialogue staff in LPO Sjöstad
CASE_HANDLER = "case_handler"  # case handler in Sjöstad kommun
POLICE_CASE_HANDLER = "police_case_handler"  # case handler in LPO Sjöstad: never sees the kommun's cases
READER = "reader"  # reader in Sjöstad kommun
OUTSIDER = "outsider"  # administrator in Grannby kommun: must not even learn Sjöstad's objects exist

PERSONAS = [
    ANONYMOUS,
    PLATFORM_ADMIN,
    ADMIN,
    POLICE_ADMIN,
    ANALYST,
    POLICE_ANALYST,
    DIALOGUE_STAFF,
    POLICE_DIALOGUE_STAFF,
    CASE_HANDLER,
    POLICE_CASE_HANDLER,
    READER,
    OUTSIDER,
]
STAFF = frozenset(PERSONAS) - {ANONYMOUS}
EVERYONE = frozenset(PERSONAS)
# Members of either party of the Sjöstad partnership, in any role.
PARTNERSHIP_MEMBERS = frozenset(PERSONAS) - {ANONYMOUS, OUTSIDER}
MUNICIPALITY_MEMBERS = frozenset({PLATFORM_ADMIN, ADMIN, ANALYST, DIALOGUE_STAFF, CASE_HANDLER, READER})
# Members of the police area only: Sjöstad kommun's own pages (administration, cases) are hidden from them (404).
POLICE_MEMBERS = frozenset({POLICE_ADMIN, POLICE_ANALYST, POLICE_DIALOGUE_STAFF, POLICE_CASE_HANDLER})
PARTNERSHIP_ANALYSTS = frozenset({PLATFORM_ADMIN, ADMIN, POLICE_ADMIN, ANALYST, POLICE_ANALYST})
DIALOGUE_RECORDERS = PARTNERSHIP_ANALYSTS | {DIALOGUE_STAFF, POLICE_DIALOGUE_STAFF}
# A section's index goes straight to the user's one partnership or organisation (302), or shows the choice or
# an empty state (200) to those with several or none.
SECTION_INDEX = (200, 302)


@dataclass(frozen=True)
class Row:
    """One URL. `allowed` personas get `ok` (a status code); the rest get `denied`, or `hidden` (404) if they
    are outside the object's organisations; anonymous users are sent to sign in (302) unless `public`."""

    url_name: str
    kwargs: Callable[[SimpleNamespace], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = STAFF
    method: str = "get"
    data: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    ok: int | tuple[int, ...] = 200
    hidden: frozenset[str] = frozenset()  # personas who get 404 instead of 403
    public: bool = False
    query: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}"
