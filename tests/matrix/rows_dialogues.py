from __future__ import annotations

from types import SimpleNamespace

from tests.matrix.base import OUTSIDER, PARTNERSHIP_MEMBERS, STAFF, Row


def build(world: SimpleNamespace) -> None:
    pass


ROWS = [
    Row("dialogues:index", allowed=STAFF),
    Row("dialogues:partnership", lambda w: {"slug": w.partnership.slug}, allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER})),
]
