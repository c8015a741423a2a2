"""The lägesbild's picture: the page of a year, its recompute button and the rows behind a number."""

from __future__ import annotations

from types import SimpleNamespace

from tests.matrix.base import OUTSIDER, PARTNERSHIP_ANALYSTS, PARTNERSHIP_MEMBERS, Row

HIDDEN = frozenset({OUTSIDER})


def build(world: SimpleNamespace) -> None:
    """Nothing to build: a year without a computed report shows its empty state, and a ref names rows."""


def _year(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "year": 2020}


ROWS = [
    Row("situation:picture", _year, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("situation:picture_compute", _year, method="post", allowed=PARTNERSHIP_ANALYSTS, hidden=HIDDEN, ok=302),
    Row("situation:rows", _year, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN, query="ref=cell:belysning:kommun"),
]
