from __future__ import annotations

from types import SimpleNamespace

from tests.matrix.base import OUTSIDER, PARTNERSHIP_MEMBERS, STAFF, Row


def build(world: SimpleNamespace) -> None:
    pass


ROWS = [
    Row("analysis:index", allowed=STAFF),
    Row("analysis:partnership", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER})),
]
