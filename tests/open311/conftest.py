"""Personas of the Open311 tests: an API client application, a FixMyStreet integration, an attacker."""

from __future__ import annotations

import io
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from PIL import Image

from lofte.cases.models import Case, CaseKind, Category, HandlerGroup
from lofte.cases.services import Reporter, case_submit
from lofte.core.models import Organisation
from lofte.open311.services import api_key_create

BASE = "/open311/v2"


@pytest.fixture(autouse=True)
def _photos_in_a_temporary_folder(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture(autouse=True)
def _fresh_rate_counters(db) -> None:
    cache.clear()


@pytest.fixture
def street_lights(sjostad) -> Category:
    group = HandlerGroup.objects.create(organisation=sjostad, name="Gatuenheten")
    street = Category.objects.create(organisation=sjostad, slug="gata", name_sv="Gata och väg", name_en="Streets")
    return Category.objects.create(
        organisation=sjostad,
        parent=street,
        slug="gatubelysning",
        name_sv="Gatubelysning",
        name_en="Street lighting",
        theme="belysning",
        duplicate_distance_m=30,
        target_days=5,
        group=group,
    )


@pytest.fixture
def grannby_litter(grannby) -> Category:
    return Category.objects.create(organisation=grannby, slug="nedskrapning", name_sv="Nedskräpning")


@dataclass
class Api:
    """An HTTP client of the API that speaks one format and parses the answers."""

    client: Client
    fmt: str = "json"
    key: str = ""

    def url(self, path: str) -> str:
        return f"{BASE}/{path}.{self.fmt}"

    def get(self, path: str, **params: Any):  # noqa: ANN201
        return self.client.get(self.url(path), params)

    def post(self, path: str, data: dict[str, Any] | None = None, **extra: Any):  # noqa: ANN201
        data = {"api_key": self.key, **(data or {})}
        return self.client.post(self.url(path), data, **extra)

    def post_form(self, path: str, data: dict[str, Any]):  # noqa: ANN201
        from urllib.parse import urlencode

        body = urlencode({"api_key": self.key, **data}, doseq=True)
        return self.client.post(self.url(path), body, content_type="application/x-www-form-urlencoded; charset=utf-8")


def parse(response) -> Any:  # noqa: ANN001
    """The body as Python: JSON as is; XML through the spec's Spark convention."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    return spark(ET.fromstring(response.content))  # noqa: S314 - our own server's answer


LISTS = {
    "services",
    "service_requests",
    "service_request_updates",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
    "locales",
    "media_urls",
}


def spark(element: ET.Element) -> Any:
    children = list(element)
    if element.tag in LISTS:
        return [spark(child) for child in children]
    if not children:
        return element.text or ""
    return {child.tag: spark(child) for child in children}


@pytest.fixture
def app_key(sjostad) -> str:
    """The key of a residents' app, created as the command and the staff page do."""
    return api_key_create(organisation=sjostad, name="Felanmälningsappen", by=None).key


@pytest.fixture
def system_key(sjostad) -> str:
    """The key of the municipality's own work-order system: it may post status updates."""
    return api_key_create(organisation=sjostad, name="Driftsystemet", by=None, may_update=True).key


@pytest.fixture
def api(client, app_key) -> Api:
    return Api(client, "json", app_key)


@pytest.fixture
def fixmystreet(client, app_key) -> Api:
    """A FixMyStreet/FixaMinGata integration: XML only, jurisdiction_id always sent."""
    return Api(client, "xml", app_key)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "orange")
    exif = Image.Exif()
    exif[0x8825] = {2: (59.0, 20.0, 0.0), 4: (18.0, 3.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def stored_fault(organisation: Organisation, category: Category, **extra: Any) -> Case:
    return case_submit(
        organisation=organisation,
        kind=CaseKind.FAULT,
        category=category,
        message=extra.pop("message", "Lampan är släckt."),
        idempotency_key=uuid.uuid4(),
        lat=extra.pop("lat", 58.5),
        lng=extra.pop("lng", 13.15),
        reporter=Reporter(name="Ada Lund", email="ada@example.se", phone="070-1234567", consent=True),
        **extra,
    ).case
