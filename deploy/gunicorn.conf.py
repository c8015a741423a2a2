"""gunicorn settings for Löfte, used by deploy/lofte-web.service and scripts/serve-prod.sh.

Every value can be overridden with gunicorn's own GUNICORN_CMD_ARGS or the LOFTE_* variables below.
Sync workers: each request has its own process, and SQLite's write lock is taken up front (BEGIN IMMEDIATE),
so concurrent answers queue for the lock instead of failing. `kill -HUP <master>` (systemctl reload) starts
new workers and lets the old ones finish their requests; the listening socket stays open, so no request is lost.
"""

import os

bind = os.environ.get("LOFTE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LOFTE_WEB_WORKERS", "2"))
worker_class = "sync"
# A request that waits longer than this is killed; above SQLite's busy timeout (10 s) and a slow PDF.
timeout = int(os.environ.get("LOFTE_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Not preloaded: a HUP then reloads the application code as well (a deploy is `systemctl reload lofte-web`).
preload_app = False
# Recycle workers now and then so a leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# No gunicorn access log: it would write query strings. Löfte logs one line per request itself, with the
# route and the request id (lofte/core/request_log.py). Errors go to standard error (journald).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOFTE_GUNICORN_LOG_LEVEL", "warning")
# The reverse proxy on the same machine sets X-Forwarded-Proto; trust it only from loopback.
forwarded_allow_ips = os.environ.get("LOFTE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
