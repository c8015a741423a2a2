"""The lägesbild's sources: police events (the list, the upload, an import's result)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from lofte.situation.models import PoliceEventImport
from tests.matrix.base import OUTSIDER, PARTNERSHIP_ANALYSTS, Row

HIDDEN = frozenset({OUTSIDER})
# Action.EDIT_SITUATION: administrators and analysts of either party.
EDITORS = PARTNERSHIP_ANALYSTS

CAPTURE = [
    {
        "id": 9001,
        "datetime": "2020-03-27 9:30:02 +01:00",
        "name": "27 mars 09.05, Misshandel, Härryda",
        "summary": "En man har misshandlats.",
        "url": "/aktuellt/handelser/2020/mars/27/",
        "type": "Misshandel",
        "location": {"name": "Härryda", "gps": "57.691744,12.294416"},
    }
]


def build(world: SimpleNamespace) -> None:
    world.police_import = PoliceEventImport.objects.create(filename="events.json", sha256="0" * 64)


def _partnership(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug}


def _upload(w: SimpleNamespace) -> dict:
    return {"file": SimpleUploadedFile("events.json", json.dumps(CAPTURE).encode(), "application/json")}


ROWS = [
    Row("situation:police_events", _partnership, allowed=EDITORS, hidden=HIDDEN),
    Row(
        "situation:police_events_upload",
        _partnership,
        method="post",
        data=_upload,
        allowed=EDITORS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "situation:police_import",
        lambda w: {"slug": w.partnership.slug, "pk": w.police_import.pk},
        allowed=EDITORS,
        hidden=HIDDEN,
    ),
]
