from __future__ import annotations

from types import SimpleNamespace

from tests.matrix.base import (
    ANONYMOUS,
    EVERYONE,
    MUNICIPALITY_MEMBERS,
    OUTSIDER,
    PARTNERSHIP_MEMBERS,
    POLICE_ANALYST,
    POLICE_DIALOGUE_STAFF,
    STAFF,
    Row,
)


def build(world: SimpleNamespace) -> None:
    """The core objects (organisations, partnership, personas) are built by the world fixture itself."""


ROWS = [
    Row("core:home", allowed=STAFF),
    Row("core:login", allowed=EVERYONE, public=True),
    Row("core:two_factor", allowed=STAFF),
    Row("core:logout", method="post", allowed=EVERYONE, public=True),
    Row("core:organisation_list", allowed=STAFF),
    Row("core:organisation_detail", lambda w: {"slug": w.sjostad.slug}, allowed=MUNICIPALITY_MEMBERS,
        hidden=frozenset({OUTSIDER, POLICE_ANALYST, POLICE_DIALOGUE_STAFF})),
    Row("core:partnership_detail", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER})),
    Row("situation:index", allowed=STAFF),
    Row("situation:partnership", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER})),
    Row("promises:index", allowed=STAFF),
    Row("promises:partnership", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER})),
    Row("cases:index", allowed=STAFF),
    Row("cases:organisation", lambda w: {"slug": w.sjostad.slug},
        allowed=frozenset({"platform_admin", "admin", "case_handler"}),
        hidden=frozenset({OUTSIDER, POLICE_ANALYST, POLICE_DIALOGUE_STAFF})),
]

assert ANONYMOUS not in STAFF
