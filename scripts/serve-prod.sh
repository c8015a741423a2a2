#!/usr/bin/env bash
# Run Löfte locally the way production runs it, on loopback, so it can be tried and tested:
# DEBUG off, a throw-away SECRET_KEY, collected and compressed static files, migrations, gunicorn with
# LOFTE_WEB_WORKERS sync workers (deploy/gunicorn.conf.py) and the task worker. Plain HTTP (no TLS proxy here),
# so the HTTPS redirect is off; cookies are still marked Secure (browsers accept them from 127.0.0.1).
# Data lives in LOFTE_VAR_DIR (default var/prod, apart from the demo). `kill -HUP <gunicorn pid>` reloads
# gracefully, as `systemctl reload lofte-web` does. Ctrl-C stops both processes.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export DEBUG=0
export SECRET_KEY=${SECRET_KEY:-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')}
export LOFTE_VAR_DIR=${LOFTE_VAR_DIR:-$PWD/var/prod}
export STATIC_ROOT=${STATIC_ROOT:-$LOFTE_VAR_DIR/static}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
export LOFTE_BIND=${LOFTE_BIND:-127.0.0.1:8000}
export LOFTE_WEB_WORKERS=${LOFTE_WEB_WORKERS:-2}

"$BIN/python" manage.py check --deploy --fail-level ERROR
"$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py createcachetable
"$BIN/python" manage.py collectstatic --noinput -v0

"$BIN/python" manage.py db_worker & worker=$!
"$BIN/python" -m gunicorn -c deploy/gunicorn.conf.py lofte.wsgi & web=$!
trap 'kill -TERM $web $worker 2>/dev/null; wait $web $worker 2>/dev/null' EXIT INT TERM
echo "Löfte (production settings) on http://$LOFTE_BIND — gunicorn pid $web, worker pid $worker; Ctrl-C stops"
wait -n $web $worker
