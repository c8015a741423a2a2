"""Independent checkers run against the API in both formats: the official GeoReport v2 JSON Schemas (restated in
data/), the official swagger's and 6Aika rest-validator's rules, a legacy validator's datetime rule, and a
FixMyStreet-style XML client (XML::Simple with its forced arrays) that must work unchanged."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lofte.cases.models import Case
from lofte.cases.services import case_reply, case_set_status
from tests.open311.conftest import Api, jpeg_with_gps, parse, stored_fault

jsonschema_rs = pytest.importorskip("jsonschema_rs")

SCHEMAS = json.loads((Path(__file__).parent / "data" / "georeport_v2_schemas.json").read_text())
V2_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
LEGACY_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$")  # open311-validator-py
# XML::Simple ForceArray in FixMyStreet's perllib/Open311.pm
FMS_FORCE_ARRAY = {"service", "attribute", "value", "request", "error", "request_update", "group"}


def _validate(schema: str, instance: Any) -> None:
    validator = jsonschema_rs.Draft4Validator(SCHEMAS[schema], validate_formats=True)
    errors = [str(e) for e in validator.iter_errors(instance)]
    assert not errors, errors


def _no_nulls(value: Any) -> None:
    """The official swagger.json refuses null for every optional field."""
    if isinstance(value, dict):
        for item in value.values():
            assert item is not None
            _no_nulls(item)
    elif isinstance(value, list):
        for item in value:
            _no_nulls(item)


def _rest_validator(row: dict[str, Any]) -> None:
    extra = set(row) - V2_FIELDS - {"extended_attributes", "distance"}
    assert not extra, f"properties the rest-validator refuses: {extra}"
    for name in ("status_notes", "agency_responsible", "address", "address_id", "zipcode"):
        if name in row:
            assert isinstance(row[name], str)
    for name in ("service_request_id", "service_code"):
        assert isinstance(row[name], str)
    for name, value in row.items():
        if value is None:
            assert name in {"service_notice", "updated_datetime", "expected_datetime", "media_url"}


@pytest.fixture
def world(sjostad, street_lights, api):
    case = stored_fault(sjostad, street_lights, message="Släckt lampa\x07 vid torget & <skolan>")
    case_set_status(case=case, by=None, status=Case.Status.CLOSED, message="Lampan är bytt.")
    api.post(
        "requests",
        {"service_code": "gatubelysning", "lat": "58.5", "long": "13.1", "media_url": "https://example.se/a.jpg"},
    )
    api.post("requests", {"service_code": "tyck_till", "description": "Tack!", "attribute[typ]": "berom"})
    return case


def test_json_answers_pass_the_official_schemas_the_swagger_and_the_rest_validator(client, world) -> None:
    api = Api(client)
    services = parse(api.get("services"))
    for service in services:
        _validate("service", service)
    for service in services:
        _validate("service_definition", parse(api.get(f"services/{service['service_code']}")))
    for query in ({}, {"extensions": "true"}, {"status": "closed"}, {"page": "1", "page_size": "2"}):
        rows = parse(api.get("requests", **query))
        assert len(rows) >= 1
        _no_nulls(rows)
        for row in rows:
            _validate("request", row)
            _rest_validator(row)
            assert LEGACY_DATETIME.match(row["requested_datetime"])
    [single] = parse(api.get(f"requests/{world.reference}"))
    _validate("request", single)
    _rest_validator(single)


def _xml_simple(element: ET.Element) -> Any:
    """What XML::Simple gives FixMyStreet: forced arrays for its list elements, text for leaves."""
    children = list(element)
    if not children:
        return element.text or {}
    out: dict[str, Any] = {}
    for child in children:
        value = _xml_simple(child)
        if child.tag in FMS_FORCE_ARRAY:
            out.setdefault(child.tag, []).append(value)
        else:
            out[child.tag] = value
    return out


def _fms(response) -> Any:  # noqa: ANN001
    assert response["Content-Type"].startswith("text/xml")
    return _xml_simple(ET.fromstring(response.content))  # noqa: S314 - our own server's answer


def test_a_fixmystreet_integration_works_unchanged_in_xml(client, world, fixmystreet, system_key) -> None:
    services = _fms(fixmystreet.get("services", jurisdiction_id="9901"))
    codes = [s["service_code"] for s in services["service"]]
    assert "gatubelysning" in codes
    definition = _fms(fixmystreet.get("services/tyck_till", jurisdiction_id="9901"))
    assert definition["attributes"]["attribute"][0]["code"] == "typ"
    assert [v["key"] for v in definition["attributes"]["attribute"][0]["values"]["value"]][0] == "berom"

    # POST as Open311.pm does: multipart when it has a photo, repeated media_url, deviceid, attribute[...]
    sent = client.post(
        "/open311/v2/requests.xml",
        {
            "api_key": fixmystreet.key,
            "jurisdiction_id": "9901",
            "service_code": "gatubelysning",
            "description": "Titel: Mörkt\n\nBeskrivning: Lampan är släckt.\n\nSkickad via FixaMinGata",
            "first_name": "Ada",
            "last_name": "Lund",
            "email": "ada@example.se",
            "lat": "58.5035",
            "long": "13.1577",
            "media_url": ["https://fixamingata.se/photo/1.jpeg", "https://fixamingata.se/photo/2.jpeg"],
            "deviceid": "fms-1",
            "attribute[title]": "Mörkt",
            "photo1": SimpleUploadedFile("1.jpeg", jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    assert 200 <= sent.status_code < 300, sent.content
    request_id = _fms(sent)["request"][0]["service_request_id"]
    case = Case.objects.get(reference=request_id)
    assert case.photo and case.open311.media_urls[1].endswith("2.jpeg") and case.open311.device_id == "fms-1"

    fetched = _fms(
        fixmystreet.get(
            "requests", start_date="2000-01-01T00:00:00Z", end_date="2100-01-01T00:00:00Z", jurisdiction_id="9901"
        )
    )
    by_id = {r["service_request_id"]: r for r in fetched["request"]}
    assert by_id[world.reference]["status"] == "closed"
    for row in fetched["request"]:
        for field in ("service_request_id", "status", "service_code", "requested_datetime", "updated_datetime"):
            assert row[field]
    case_reply(case=case, by=None, text="Vi åtgärdar felet i veckan.")
    updates = _fms(
        fixmystreet.get(
            "servicerequestupdates",
            start_date="2000-01-01T00:00:00Z",
            end_date="2100-01-01T00:00:00Z",
            api_key=fixmystreet.key,
        )
    )
    mine = [u for u in updates["request_update"] if u["service_request_id"] == request_id]
    assert mine[0]["status"] == "OPEN" and mine[0]["description"] == "Vi åtgärdar felet i veckan."
    posted = client.post(
        "/open311/v2/servicerequestupdates.xml",
        {
            "api_key": system_key,
            "jurisdiction_id": "9901",
            "service_request_id": request_id,
            "update_id": "u1",
            "updated_datetime": "2026-05-01T10:00:00+02:00",
            "status": "FIXED",
            "description": "Klart.",
            "first_name": "Kim",
            "last_name": "Drift",
        },
    )
    assert _fms(posted)["request_update"][0]["update_id"]
    error = _fms(fixmystreet.post("requests", {"jurisdiction_id": "9901"}))
    assert error["error"][0]["code"] == "400" and error["error"][0]["description"]


def test_xml_is_well_formed_whatever_residents_type(client, world) -> None:
    for path in (
        "requests",
        f"requests/{world.reference}",
        "services",
        "services/tyck_till",
        "discovery",
        "servicerequestupdates",
    ):
        response = Api(client, "xml").get(path)
        root = ET.fromstring(response.content)  # noqa: S314 - our own server's answer
        assert root.tag in {
            "service_requests",
            "services",
            "service_definition",
            "discovery",
            "service_request_updates",
        }
    [row] = parse(Api(client, "xml").get(f"requests/{world.reference}"))
    assert row["description"] == "Släckt lampa vid torget & <skolan>"
