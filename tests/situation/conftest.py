"""Areas of Sjöstad with outlines, file builders for the partnership sources' tests, a Sjöstad 2020 lägesbild
with a stored dataset (report_fixtures.py), and media files (walk photos, the PDF cache) in a temporary directory."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import Workbook

from lofte.analysis.models import AnalysisRun, DialogueCoding
from lofte.core.models import Area, Place
from lofte.dialogues.models import Campaign, Dialogue, PopulationFigure
from lofte.situation.models import Incident, PoliceEvent, Report, SurveyItem, SurveyResult
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


TZ = ZoneInfo("Europe/Stockholm")
SCALE = [
    {"code": "mycket_stort", "label": "Mycket stort problem", "weight": 6},
    {"code": "ganska_stort", "label": "Ganska stort problem", "weight": 4},
    {"code": "inget", "label": "Inget problem", "weight": 0},
    {"code": "vet_inte", "label": "Vet inte", "weight": None},
]


def at(y: int, m: int, d: int, h: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, minute, tzinfo=TZ)


def _event(police_id: int, when: dt.datetime, kind: str, kommunkod: str, *, occurred: bool = True) -> PoliceEvent:
    return PoliceEvent.objects.create(
        police_id=police_id,
        published_at=when + dt.timedelta(minutes=30),
        occurred_at=when if occurred else None,
        name=f"{when:%d %B %H.%M}, {kind}, X",
        kind=kind,
        kommun="X",
        kommunkod=kommunkod,
        url=f"https://example.org/{police_id}",
        lat=58.5,
        lng=13.1,
        content_hash=str(police_id),
    )


def _coded(run: AnalysisRun, campaign: Campaign, area: Area, when: dt.datetime, themes: list[str], times: list[str],
           places: list[dict] | None = None) -> Dialogue:  # fmt: skip
    dialogue = Dialogue.objects.create(
        campaign=campaign, channel="field", conducted_at=when, area=area, free_text=f"{' '.join(themes)} {area.name}"
    )
    DialogueCoding.objects.create(
        run=run, dialogue=dialogue, themes=themes, final_themes=themes, times=times, places=places or []
    )
    return dialogue


@pytest.fixture
def world(partnership, sjostad, grannby):
    """Sjöstad 2020 (and a little 2019):

    - areas Centrum (2,000 inhabitants) and Norr (1,000); the kommun has no figure of its own, so 3,000;
    - 11 coded dialogues in the latest finished run: 6 in Centrum (5 alkohol_berusning, 3 of them "evening" and
      "weekend"), 5 in Norr (belysning, "night"); an older run and a failed newer one say otherwise;
    - police events 2020 in 9901: 6 Fylleri/LOB on Friday 3 April 22:00, 3 Misshandel; 2019: 2 Fylleri/LOB;
      in Grannby (9902): 4 Fylleri/LOB that must not count;
    - incidents: 10 alkohol_berusning in Centrum at Torget in December evenings (21:00), 2 trafik in Norr in June,
      1 alkohol_berusning at Torget in June 2020 (the hotspot's baseline), 1 belysning in Centrum in March;
    - survey: narkotika in Centrum 2020, every answer "Ganska stort problem" (index 4.0).
    """
    centrum = Area.objects.create(organisation=sjostad, name="Centrum")
    norr = Area.objects.create(organisation=sjostad, name="Norr")
    torget = Place.objects.create(
        organisation=sjostad, name="Torget", area=centrum, latitude=58.5031, longitude=13.1571
    )
    for area, count in ((centrum, 2000), (norr, 1000)):
        PopulationFigure.objects.create(
            organisation=sjostad, area=area, year=2020, age_band="30-44", gender="woman", count=count
        )
    c2020 = Campaign.objects.create(
        partnership=partnership, year=2020, name="2020", slug="d-2020",
        starts_on=dt.date(2020, 9, 1), ends_on=dt.date(2020, 10, 31),
    )  # fmt: skip
    c2019 = Campaign.objects.create(
        partnership=partnership, year=2019, name="2019", slug="d-2019",
        starts_on=dt.date(2019, 9, 1), ends_on=dt.date(2019, 10, 31),
    )  # fmt: skip
    old = AnalysisRun.objects.create(campaign=c2020, status="done", finished_at=timezone.now())
    run = AnalysisRun.objects.create(campaign=c2020, status="done", finished_at=timezone.now())
    AnalysisRun.objects.create(campaign=c2020, status="failed")
    dialogues = []
    for i in range(6):
        themes = ["alkohol_berusning"] if i < 5 else ["trafik"]
        times = ["evening", "weekend"] if i < 3 else []
        dialogues.append(_coded(run, c2020, centrum, at(2020, 9, 2 + i, 14), themes, times))
    for i in range(5):
        dialogues.append(_coded(run, c2020, norr, at(2020, 9, 10 + i, 15), ["belysning"], ["night"]))
    # The older run coded the same answers differently: it must not count.
    for d in dialogues:
        DialogueCoding.objects.create(run=old, dialogue=d, themes=["annat"], final_themes=["annat"])
    run19 = AnalysisRun.objects.create(campaign=c2019, status="done", finished_at=timezone.now())
    for i in range(4):
        _coded(run19, c2019, centrum, at(2019, 9, 2 + i, 14), ["alkohol_berusning"] if i < 1 else ["trafik"], [])
    pid = 1000
    for _i in range(6):
        pid += 1
        _event(pid, at(2020, 4, 3, 22), "Fylleri/LOB", "9901")
    for _i in range(3):
        pid += 1
        _event(pid, at(2020, 5, 5, 13), "Misshandel", "9901", occurred=False)
    for _i in range(2):
        pid += 1
        _event(pid, at(2019, 5, 5, 13), "Fylleri/LOB", "9901")
    for _i in range(4):
        pid += 1
        _event(pid, at(2020, 4, 3, 22), "Fylleri/LOB", "9902")
    for i in range(10):
        Incident.objects.create(
            partnership=partnership, occurred_at=at(2020, 12, 1 + i, 21), category="Berusad", theme="alkohol_berusning",
            area=centrum, lat=58.5032, lng=13.1572, row_key=f"c{i}",
        )  # fmt: skip
    Incident.objects.create(
        partnership=partnership, occurred_at=at(2020, 6, 1, 21), category="Berusad", theme="alkohol_berusning",
        area=centrum, lat=58.5032, lng=13.1572, row_key="base",
    )  # fmt: skip
    Incident.objects.create(
        partnership=partnership, occurred_at=at(2020, 3, 2, 12), category="Trasig belysning", theme="belysning",
        area=centrum, lat=58.4, lng=13.0, row_key="light",
    )  # fmt: skip
    for i in range(2):
        Incident.objects.create(
            partnership=partnership, occurred_at=at(2020, 6, 1 + i, 10), category="Fortkörning", theme="trafik",
            area=norr, lat=58.6, lng=13.2, row_key=f"n{i}",
        )  # fmt: skip
    item = SurveyItem.objects.create(partnership=partnership, code="narkotika", label="Narkotika", theme="narkotika",
                                     scale=SCALE)  # fmt: skip
    SurveyResult.objects.create(item=item, year=2020, area=centrum, counts={"ganska_stort": 40, "vet_inte": 7})
    return SimpleNamespace(centrum=centrum, norr=norr, torget=torget, dialogues=dialogues, campaign=c2020)
