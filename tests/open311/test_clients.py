"""A real Open311 client library from PyPI against a running server, in both formats.

`georeport` 0.3.1 is not in requirements-dev (see docs/open311.md): it holds xmltodict below 0.15, and 0.14.2 has a
published advisory (CVE-2025-9375, fixed from 0.15) that `make audit` would rightly fail on. The test skips cleanly
where it is absent:
    pip install georeport==0.3.1   (it brings xmltodict and requests)
It reads only (0.3.1 has no POST). `three` 0.8.0 and `open311` 1.1 were tried too and do not import on Python 3
(`itertools.ifilter`, a circular import): they cannot be run at all.
"""

from __future__ import annotations

import pytest

from tests.open311.conftest import Api, parse, stored_fault

FORMATS = ["json", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_georeport_client_reads_services_definitions_and_requests(
    live_server, client, sjostad, street_lights, app_key, fmt
) -> None:
    georeport = pytest.importorskip("georeport")
    closed = stored_fault(sjostad, street_lights)
    [posted] = parse(
        Api(client, "json", app_key).post(
            "requests", {"service_code": "gatubelysning", "lat": "58.5", "long": "13.1", "description": "Mörkt"}
        )
    )
    reader = georeport.GeoReport(f"{live_server.url}/open311/v2", jurisdiction="9901", output_format=fmt)
    services = reader.get_service_list()
    assert [s["service_code"] for s in services] == ["gatubelysning", "tyck_till"]
    definition = reader.get_service_definition("tyck_till")
    assert definition["service_code"] == "tyck_till"
    rows = reader.get_service_requests(status="open")
    assert {r["service_request_id"] for r in rows} == {closed.reference, posted["service_request_id"]}
    single = reader.get_service_request(posted["service_request_id"])
    single = single[0] if isinstance(single, list) else single
    assert single["service_request_id"] == posted["service_request_id"] and single["description"] == "Mörkt"
