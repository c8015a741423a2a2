"""Areas of Sjöstad with outlines, file builders for the partnership sources' tests, a Sjöstad 2020 lägesbild
with a stored dataset (report_fixtures.py), and media files (walk photos, the PDF cache) in a temporary directory."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from lofte.core.models import Area
from lofte.situation.models import Report
from tests.situation.report_fixtures import build_dataset


def square(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def centrum(sjostad) -> Area:
    return Area.objects.create(
        organisation=sjostad, name="Centrum", code="9901C1010", geometry=square(13.1, 58.4, 13.2, 58.5)
    )


@pytest.fixture
def norr(sjostad) -> Area:
    return Area.objects.create(
        organisation=sjostad, name="Norr", code="9901C1020", geometry=square(13.1, 58.5, 13.2, 58.6)
    )


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cp1252_csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Walk photos are files: each test keeps its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "media"}},
    }


@pytest.fixture
def report(partnership) -> Report:
    return Report.objects.create(
        partnership=partnership,
        year=2020,
        dataset=build_dataset(),
        dataset_computed_at=timezone.now() - dt.timedelta(hours=1),
    )
