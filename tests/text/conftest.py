"""The text engine's tests are plain Python: no database, no Django settings needed."""

from __future__ import annotations

import pytest

from lofte.text import Engine, Gazetteer, PlaceEntry, load_taxonomy


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(load_taxonomy())


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(
        [
            PlaceEntry(id="stadsparken", name="Stadsparken", aliases=["parken vid torget"], kind="park"),
            PlaceEntry(id="resecentrum", name="Resecentrum", aliases=["stationen"], kind="resecentrum"),
            PlaceEntry(id="norrby", name="Norrby", aliases=[], kind="area"),
        ]
    )


@pytest.fixture(scope="session")
def place_engine(gazetteer: Gazetteer) -> Engine:
    return Engine(load_taxonomy(), gazetteer)
