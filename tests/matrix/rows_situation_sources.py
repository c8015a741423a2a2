"""The lägesbild's partnership sources: the sources page, uploads, category mappings, survey items and walks."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lofte.core.models import Area
from lofte.situation.models import SafetyWalk, SourceImport, SurveyItem, WalkObservation
from lofte.situation.survey import default_scale
from tests.matrix.base import OUTSIDER, PARTNERSHIP_ANALYSTS, PARTNERSHIP_MEMBERS, Row

HIDDEN = frozenset({OUTSIDER})
EDITORS = PARTNERSHIP_ANALYSTS
PHOTO = "walks/matrix/observation.jpg"


def build(world: SimpleNamespace) -> None:
    world.sources_area = Area.objects.create(organisation=world.sjostad, name="Centrum (källor)")
    world.survey_item = SurveyItem.objects.create(
        partnership=world.partnership,
        code="nedskrapning",
        label="Nedskräpning",
        theme="nedskrapning",
        scale=default_scale(),
    )
    world.source_import = SourceImport.objects.create(
        partnership=world.partnership, kind=SourceImport.Kind.CRIME, filename="bra.csv", sha256="0" * 64
    )
    world.walk = SafetyWalk.objects.create(
        partnership=world.partnership, walked_on=dt.date(2020, 10, 1), area=world.sources_area, title="Kvällsvandring"
    )
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, format="JPEG")
    default_storage.delete(PHOTO)  # one small file, the same on every run
    default_storage.save(PHOTO, ContentFile(image.getvalue()))
    world.observation = WalkObservation.objects.create(walk=world.walk, theme="belysning", note="Mörkt", photo=PHOTO)


def _slug(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug}


def _walk(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug, "pk": w.walk.pk}


def _upload(w: SimpleNamespace) -> dict:
    return {
        "file": SimpleUploadedFile(
            "rar.csv", "Tidpunkt;Kategori;Område\n2020-01-01 10:00;Misshandel;Centrum (källor)\n".encode()
        )
    }


ROWS = [
    Row("situation:sources", _slug, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "situation:source_import",
        lambda w: {"slug": w.partnership.slug, "pk": w.source_import.pk},
        allowed=EDITORS,
        hidden=HIDDEN,
    ),
    Row(
        "situation:source_upload",
        lambda w: {"slug": w.partnership.slug, "kind": "incidents"},
        method="post",
        allowed=EDITORS,
        hidden=HIDDEN,
        data=_upload,
        ok=302,
    ),
    Row(
        "situation:category_map",
        _slug,
        method="post",
        allowed=EDITORS,
        hidden=HIDDEN,
        data=lambda w: {"source": "incidents", "category": "Snatteri", "theme": "inbrott_stold"},
        ok=302,
    ),
    Row("situation:survey_items", _slug, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("situation:survey_items_seed", _slug, method="post", allowed=EDITORS, hidden=HIDDEN, ok=302),
    Row(
        "situation:survey_item_edit",
        lambda w: {"slug": w.partnership.slug, "pk": w.survey_item.pk},
        allowed=EDITORS,
        hidden=HIDDEN,
    ),
    Row(
        "situation:survey_item_edit",
        lambda w: {"slug": w.partnership.slug, "pk": w.survey_item.pk},
        method="post",
        allowed=EDITORS,
        hidden=HIDDEN,
        data=lambda w: {"label": "Skräp", "theme": "", "rows": "1", "code-0": "ja", "label-0": "Ja", "weight-0": "6"},
        ok=302,
    ),
    Row("situation:walks", _slug, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "situation:walks",
        _slug,
        method="post",
        allowed=EDITORS,
        hidden=HIDDEN,
        data=lambda w: {"walked_on": "2020-10-02", "title": "Ny vandring", "participant_count": "4"},
        ok=302,
    ),
    Row("situation:walk_detail", _walk, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("situation:walk_record", _walk, allowed=EDITORS, hidden=HIDDEN),
    Row(
        "situation:walk_record",
        _walk,
        method="post",
        allowed=EDITORS,
        hidden=HIDDEN,
        data=lambda w: {
            "theme": "belysning",
            "note": "Trasig lampa",
            "lat": "58.5",
            "lng": "13.1",
            "key": "6f1c2b3a-0000-4000-8000-000000000001",
        },
        ok=302,
    ),
    Row(
        "situation:walk_photo",
        lambda w: {"slug": w.partnership.slug, "pk": w.walk.pk, "observation": w.observation.pk},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
    ),
]
