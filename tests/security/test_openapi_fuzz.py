"""Schemathesis against the merged OpenAPI document of every JSON endpoint (docs/openapi/*.yaml), in process
against the Django WSGI application: no 5xx, documented status codes and content types, bodies that match
their schemas. Bounded: MAX_EXAMPLES generated requests per operation and direction, derandomised, so the
run takes the same (well under a minute) in CI every time."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from lofte.core import health
from lofte.core.openapi import OpenAPIConflict, load_documents, merge_documents, merged_document
from lofte.dialogues.models import Dialogue
from lofte.situation.models import Report
from lofte.situation.services import report_agree, report_publish, report_version_draft
from tests.dialogues.campaign_fixtures import campaign, field_post, torget  # noqa: F401 - fixtures
from tests.promises.conftest import centrum, draft, published, signatories  # noqa: F401 - fixtures
from tests.situation.report_fixtures import build_dataset

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The application as gunicorn runs it, in this test's transaction: as Django's test client does, the
    requests must not close the connection that holds the transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(campaign, published, partnership, sjostad_analyst, police_analyst, login) -> dict[str, Any]:  # noqa: F811
    report = Report.objects.create(
        partnership=partnership,
        year=2020,
        dataset=build_dataset(),
        dataset_computed_at=timezone.now() - dt.timedelta(hours=1),
    )
    version = report_version_draft(report=report, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=partnership.municipality, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=partnership.police_area, by=police_analyst)
    report_publish(report=report, by=sjostad_analyst)
    cache.set(health.SEEN_KEY, time.time())  # the task worker ran its heartbeat: /health/ready is 200
    client = login(sjostad_analyst)  # an analyst with the second factor: may record, export and read
    csrf = secrets.token_hex(16)  # a 32-character secret, the same in cookie and header
    session = client.cookies["sessionid"].value
    return {
        "headers": {"X-CSRFToken": csrf},
        "cookies": {"sessionid": session, "csrftoken": csrf},
        "path_parameters": {
            "captureSubmit": {"slug": campaign.slug},
            "dialogueExport": {"slug": partnership.slug},
            "promiseDocument": {"slug": partnership.slug, "year": published.start_year},
            "lagesbildPublic": {"slug": partnership.slug, "year": 2020},
            "lagesbildStaff": {"slug": partnership.slug, "year": 2020},
        },
    }


def _fuzz(operation: Any, world: dict[str, Any], mode: GenerationMode) -> int:
    calls = 0
    fixed = world["path_parameters"].get(operation.definition.raw.get("operationId"), {})
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed or None)

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal calls
        calls += 1
        if mode is GenerationMode.POSITIVE:
            case.call_and_validate(headers=world["headers"], cookies=world["cookies"], checks=CHECKS)
        else:  # invalid input: any documented refusal, never a server error
            case.call_and_validate(headers=world["headers"], cookies=world["cookies"], checks=[not_a_server_error])

    run()
    return calls


def test_every_json_endpoint_answers_generated_requests_without_5xx_and_as_documented(
    wsgi_app,
    api_world,
    campaign,  # noqa: F811
) -> None:
    schema = schemathesis.openapi.from_wsgi(reverse("openapi"), wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.definition.raw["operationId"] for op in operations} >= {
        "healthLive",
        "healthReady",
        "captureSubmit",
        "dialogueExport",
        "promiseList",
        "promiseDocument",
        "lagesbildPublic",
        "lagesbildStaff",
    }
    calls = 0
    for operation in operations:
        calls += _fuzz(operation, api_world, GenerationMode.POSITIVE)
        if operation.method.upper() == "POST":
            calls += _fuzz(operation, api_world, GenerationMode.NEGATIVE)
    assert calls >= len(operations) * 5
    # Generated answers are refused (400) by the questionnaire's rules; a real conversation is stored once and
    # its retry answered as documented too.
    capture = next(op for op in operations if op.definition.raw["operationId"] == "captureSubmit")
    data = field_post(campaign)
    pairs = [[k, v] for k, values in data.items() for v in (values if isinstance(values, list) else [values])]
    body = {"idempotency_key": data["idempotency_key"], "fields": pairs}
    statuses = []
    for _attempt in range(2):
        case = capture.Case(path_parameters={"slug": campaign.slug}, body=body, media_type="application/json")
        response = case.call_and_validate(headers=api_world["headers"], cookies=api_world["cookies"], checks=CHECKS)
        statuses.append(response.status_code)
    assert statuses == [201, 200]
    assert Dialogue.objects.filter(idempotency_key=data["idempotency_key"]).count() == 1


def test_the_merged_document_holds_every_file_under_docs_openapi() -> None:
    documents = load_documents()
    merged = merged_document()
    assert merged["openapi"] == "3.1.0"
    for name, document in documents.items():
        assert set(document.get("paths", {})) <= set(merged["paths"]), name
        for kind, entries in (document.get("components") or {}).items():
            assert set(entries) <= set(merged["components"][kind]), name


def test_two_documents_describing_one_path_or_one_component_differently_are_refused() -> None:
    base = {"openapi": "3.1.0", "paths": {"/a": {"get": {}}}, "components": {"schemas": {"X": {"type": "string"}}}}
    same_component = {"openapi": "3.1.0", "paths": {"/b": {}}, "components": {"schemas": {"X": {"type": "string"}}}}
    assert set(merge_documents({"a.yaml": base, "b.yaml": same_component})["paths"]) == {"/a", "/b"}
    with pytest.raises(OpenAPIConflict, match="/a"):
        merge_documents({"a.yaml": base, "b.yaml": {"openapi": "3.1.0", "paths": {"/a": {}}}})
    other = {"openapi": "3.1.0", "components": {"schemas": {"X": {"type": "integer"}}}}
    with pytest.raises(OpenAPIConflict, match="schemas/X"):
        merge_documents({"a.yaml": base, "b.yaml": other})


def test_the_document_is_served_without_a_cookie(client) -> None:
    response = client.get(reverse("openapi"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "/health/live" in response.json()["paths"]
    assert not response.cookies
