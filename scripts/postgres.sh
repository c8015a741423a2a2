#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests (as the postgres user: it refuses to run as root)
# and print the DATABASE_URL to use. Usage: eval "$(scripts/postgres.sh start)"; scripts/postgres.sh stop
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGDATA=${PGDATA:-/tmp/lofte-pg}
PGPORT=${PGPORT:-54329}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "${1:-start}" in
  start)
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
      [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA"
      as_pg "'$PGBIN/initdb' -D '$PGDATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! as_pg "'$PGBIN/pg_ctl' -D '$PGDATA' status" >/dev/null 2>&1; then
      as_pg "'$PGBIN/pg_ctl' -D '$PGDATA' -l '$PGDATA/server.log' -w -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off' start" >/dev/null
    fi
    as_pg "'$PGBIN/psql' -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='lofte'\"" | grep -q 1 \
      || as_pg "'$PGBIN/psql' -h 127.0.0.1 -p $PGPORT -U postgres -qc \"CREATE ROLE lofte LOGIN CREATEDB PASSWORD 'lofte'\""
    as_pg "'$PGBIN/psql' -h 127.0.0.1 -p $PGPORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='lofte'\"" | grep -q 1 \
      || as_pg "'$PGBIN/createdb' -h 127.0.0.1 -p $PGPORT -U postgres -O lofte lofte"
    echo "export DATABASE_URL=postgres://lofte:lofte@127.0.0.1:$PGPORT/lofte"
    ;;
  stop)
    as_pg "'$PGBIN/pg_ctl' -D '$PGDATA' -m fast stop" >/dev/null 2>&1 || true
    ;;
esac
