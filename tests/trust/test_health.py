"""/health/live and /health/ready: 200 or 503 with a small JSON body, no login, no session, no cookie."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from lofte.core import health
from lofte.core.health import SEEN_KEY, worker_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_live_answers_200_with_no_cookie(client):
    response = client.get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_ready_is_503_until_the_worker_runs_the_heartbeat_the_probe_enqueued(client):
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["worker"] == "not seen" and response.json()["database"] == "ok"
    assert not response.cookies
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lofte.core.health.worker_heartbeat" and queued.status == "READY"
    # A second probe within the minute enqueues nothing more.
    client.get("/health/ready")
    assert DBTaskResult.objects.count() == 1
    # The worker runs it: ready.
    worker_heartbeat.call()
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["worker_seen_seconds_ago"] <= 1


def test_ready_is_503_when_the_worker_was_last_seen_too_long_ago(client, settings):
    settings.LOFTE_WORKER_STALE_SECONDS = 180
    cache.set(SEEN_KEY, time.time() - 181, timeout=None)
    response = client.get("/health/ready")
    assert response.status_code == 503 and response.json()["worker"] == "not seen"
    cache.set(SEEN_KEY, time.time() - 170, timeout=None)
    assert client.get("/health/ready").status_code == 200


def test_ready_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(health.connection, "cursor", side_effect=OperationalError("unable to open database")):
        response = client.get("/health/ready")
    assert response.status_code == 503 and response.json()["database"] == "error"


def test_health_needs_no_login_and_accepts_only_get(client):
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405
