"""Open311 on PostgreSQL with 1,000,000 stored requests: p95 of a paged GET filtered by status and date, and of a POST.

    .venv/bin/python bench/open311.py [--requests 1000000] [--samples 200] \
        [--database-url postgres://lofte:lofte@127.0.0.1:54329/lofte_o311]

Drops and re-creates the given PostgreSQL database, migrates it, and inserts the requests in bulk in the database
itself (generate_series: a year of fault reports, a fifth of them open), then measures in-process through the
whole Django stack (middleware, view, database; no network): GET requests.json?status=open&start_date=…&end_date=…
(a random 30-day window) &page=…&page_size=50, and POST requests.json with an api_key. Targets: GET p95 < 50 ms,
POST p95 < 100 ms. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

DEFAULT_URL = "postgres://lofte:lofte@127.0.0.1:54329/lofte_o311"
CHUNK = 200_000


def recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run of the same size")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("bench/open311.py measures PostgreSQL: give --database-url postgres://…")

    if not args.reuse:
        try:
            recreate(args.database_url)
        except Exception as error:  # noqa: BLE001 - no PostgreSQL here: nothing to measure (make bench goes on)
            print(f"skipped: no PostgreSQL at {urlsplit(args.database_url).hostname}: {error}")
            return
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # a log line per request would measure the terminal
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lofte.cases.models import Category
    from lofte.core.models import Organisation
    from lofte.open311.services import api_key_create

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organisation, created = Organisation.objects.get_or_create(
        slug="lastby", defaults={"name": "Lastby kommun", "kind": "municipality", "kommunkod": "9902"}
    )
    categories = [
        Category.objects.get_or_create(
            organisation=organisation, slug=slug, defaults={"name_sv": slug.capitalize(), "target_days": 7}
        )[0].pk
        for slug in ("gatubelysning", "potthal", "klotter", "nedskrapning", "lekplats")
    ]
    key = api_key_create(organisation=organisation, name="Bench", by=None, rate_limit=1_000_000).key
    now = timezone.now()
    fill = created or not args.reuse
    seconds_apart = 365 * 24 * 3600 / args.requests
    insert = """
        INSERT INTO cases_case (organisation_id, kind, feedback_type, service, category_id, year, number, reference,
            token_hash, status, diarienummer, message, public_text, latitude, longitude, address, photo,
            reporter_name, reporter_email, reporter_phone, language, due_at, created_at, updated_at, closed_at)
        SELECT %(org)s, 'felanmalan', '', '', (%(categories)s::int[])[1 + i %% 5], 2000, i, 'B-' || i,
            md5(i::text) || md5('open311-' || i), s.status, '', 'Lampan är släckt vid hållplatsen.', '',
            58.4 + (i %% 1000) / 10000.0, 13.1 + (i %% 997) / 10000.0, '', '', 'Ada', '', '', 'sv',
            t.created + interval '7 days', t.created, t.created + interval '2 days',
            CASE WHEN s.status = 'avslutad' THEN t.created + interval '2 days' END
        FROM generate_series(%(start)s, %(stop)s) AS i,
            LATERAL (SELECT %(now)s::timestamptz - make_interval(secs => i * %(apart)s) AS created) AS t,
            LATERAL (SELECT CASE i %% 10 WHEN 0 THEN 'mottagen' WHEN 1 THEN 'under_behandling'
                WHEN 2 THEN 'atgardad' ELSE 'avslutad' END AS status) AS s
    """
    with connection.cursor() as cursor:
        for start in range(1, args.requests + 1 if fill else 1, CHUNK):
            stop = min(start + CHUNK - 1, args.requests)
            cursor.execute(
                insert,
                {
                    "org": organisation.pk,
                    "categories": categories,
                    "start": start,
                    "stop": stop,
                    "now": now,
                    "apart": seconds_apart,
                },
            )
        cursor.execute("VACUUM ANALYZE cases_case")  # as autovacuum leaves a table in use: index-only scans work
        cursor.execute("SELECT count(*) FROM cases_case")
        stored = cursor.fetchone()[0]
    print(f"stored requests: {stored:,} (set up in {time.perf_counter() - started:.0f} s)")

    client = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(311)  # noqa: S311 - reproducible sampling
    base = "/open311/v2/requests.json"

    def timed(call) -> float:  # noqa: ANN001
        t0 = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, response.content[:300]
        return elapsed

    for _ in range(10):  # warm the connection and the caches
        client.get(base, {"status": "open", "page": "1", "page_size": "50", "start_date": "2000-01-01"})
    gets: list[float] = []
    for _ in range(args.samples):
        end = now - timedelta(days=rng.uniform(0, 330))
        query = {
            "jurisdiction_id": "9902",
            "status": "open",
            "start_date": (end - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end_date": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "page": str(rng.randint(1, 20)),
            "page_size": "50",
        }
        gets.append(timed(lambda q=query: client.get(base, q)))
    posts: list[float] = []
    for n in range(args.samples):
        data = {
            "api_key": key,
            "service_code": "gatubelysning",
            "lat": "58.5",
            "long": "13.15",
            "description": f"Släckt lampa {n}",
            "email": "",
        }
        posts.append(timed(lambda d=data: client.post(base, d)))
    print(
        f"GET paged, status=open, 30-day window, page_size 50: p50 {statistics.median(gets):.1f} ms, "
        f"p95 {p95(gets):.1f} ms (target < 50 ms), {len(gets)} samples"
    )
    print(
        f"POST requests.json: p50 {statistics.median(posts):.1f} ms, p95 {p95(posts):.1f} ms (target < 100 ms), "
        f"{len(posts)} samples"
    )
    summary.record(
        "Open311", f"GET paged and filtered, p95 ({stored:,} stored, PostgreSQL)", p95(gets), "ms", target="< 50"
    )
    summary.record("Open311", "POST a request, p95", p95(posts), "ms", target="< 100")


if __name__ == "__main__":
    main()
