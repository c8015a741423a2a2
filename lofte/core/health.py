"""Health endpoints for a load balancer or a monitor: no login, no session, no cookie, a small JSON body.

`/health/live`: the process answers. `/health/ready`: the database answers and the task worker was seen
recently. django-tasks-db's worker leaves no trace of its own while idle, so the worker proves itself with a
heartbeat: a readiness probe enqueues the tiny `worker_heartbeat` task at most once a HEARTBEAT_EVERY, and the
worker running it stores the time in the shared cache (a database table by default, so every web process and
the worker see the same value). A worker that has not run one within LOFTE_WORKER_STALE_SECONDS is not seen.
The first probes after a fresh start answer 503 until the worker has run the first heartbeat (seconds).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.tasks import task
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

SEEN_KEY = "lofte:health:worker-seen"
ENQUEUED_KEY = "lofte:health:heartbeat-enqueued"
HEARTBEAT_EVERY = 60  # seconds between heartbeats while something probes readiness


@task()
def worker_heartbeat() -> float:
    """Run by the task worker: the time it was last seen, for /health/ready."""
    now = time.time()
    cache.set(SEEN_KEY, now, timeout=None)
    return now


def _stale_after() -> int:
    return int(getattr(settings, "LOFTE_WORKER_STALE_SECONDS", 180))


@require_GET
@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("health: database does not answer")
        return JsonResponse({"status": "unavailable", "database": "error", "worker": "unknown"}, status=503)
    try:
        seen = cache.get(SEEN_KEY)
        if cache.add(ENQUEUED_KEY, 1, HEARTBEAT_EVERY):
            worker_heartbeat.enqueue()
    except DatabaseError:
        # The database answered the probe but is busy: the worker's state is unknown this time, not failed.
        logger.warning("health: worker heartbeat not read or enqueued (database busy)")
        return JsonResponse({"status": "unavailable", "database": "ok", "worker": "unknown"}, status=503)
    age = None if seen is None else max(0, int(time.time() - float(seen)))
    worker_ok = age is not None and age <= _stale_after()
    body = {
        "status": "ok" if worker_ok else "unavailable",
        "database": "ok",
        "worker": "ok" if worker_ok else "not seen",
        "worker_seen_seconds_ago": age,
    }
    return JsonResponse(body, status=200 if worker_ok else 503)
