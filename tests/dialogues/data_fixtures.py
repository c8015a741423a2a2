"""Fixtures for the import, export and overview tests: a campaign on the national template and its files."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from lofte.core.models import Area, Place
from lofte.dialogues.models import Campaign
from lofte.dialogues.services import campaign_create

HEADERS = [
    "Datum",
    "Plats",
    "Ålder",
    "Kön",
    "Var någonstans känner du dig otrygg?",
    "När?",
    "Varför känner du dig otrygg där?",
    "Vad skulle få dig att känna dig tryggare?",
    "Trygghet 1-5",
    "Intervjuare",
]


@pytest.fixture
def centrum_area(sjostad) -> Area:
    return Area.objects.create(organisation=sjostad, name="Centrum")


@pytest.fixture
def torget(sjostad, centrum_area) -> Place:
    return Place.objects.create(
        organisation=sjostad, area=centrum_area, name="Stora torget", kind="square", aliases=["torget"]
    )


@pytest.fixture
def campaign(partnership, sjostad_analyst, resecentrum, torget) -> Campaign:
    return campaign_create(
        partnership=partnership,
        by=sjostad_analyst,
        name="Medborgardialog 2020",
        slug="dialog-2020",
        year=2020,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
        target_groups=["youth", "elderly"],
    )


def rows(count: int = 3, start: int = 0) -> list[list[object]]:
    places = ["Resecentrum", "torget", "stationen"]
    result = []
    for i in range(start, start + count):
        result.append(
            [
                f"2020-05-{1 + i % 28:02d} 18:{i % 60:02d}",
                places[i % 3],
                str(16 + i % 60),
                ["Kvinna", "Man", "k"][i % 3],
                "Resecentrum" if i % 2 else "vid busskuren",
                "kväll, helg",
                f"Mörkt och fulla personer, svar {i}",
                "Bättre belysning och mer polis",
                str(1 + i % 5),
                "Mira",
            ]
        )
    return result


def csv_file(
    data_rows: list[list[object]], headers: list[str] = HEADERS, *, encoding: str = "utf-8", delimiter: str = ";"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(data_rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(data_rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in data_rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
