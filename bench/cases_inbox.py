"""Server time of the case inbox of an organisation with 20,000 open cases (the issue's target: < 300 ms).

    .venv/bin/python bench/cases_inbox.py [--open 20000] [--closed 5000] [--requests 15]
    DATABASE_URL=postgres://lofte:lofte@127.0.0.1:54329/lofte_bench .venv/bin/python bench/cases_inbox.py

Runs the product with DEBUG off on a throw-away SQLite database, or on the empty PostgreSQL database
DATABASE_URL names (migrated first). Generates its own data:
one kommun with 12 categories in a two-level tree, 6 areas, 3 groups, ``--open`` open cases spread over a
year (a fifth of them overdue, a third assigned) and ``--closed`` closed ones, and a case handler with three
saved views (their counts are part of every inbox page). Each page is requested in-process through Django's
test client and the whole middleware stack, signed in; the figure is the wall time per request (median and
max of ``--requests``, after two warm-up requests), its number of queries and bytes. Prints figures and
whether the target is met; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

TARGET_MS = 300.0


def build(open_cases: int, closed_cases: int):  # type: ignore[no-untyped-def]
    import datetime as dt
    import random
    import secrets

    from django.db import transaction
    from django.utils import timezone

    from lofte.cases.models import Case, CaseKind, Category, HandlerGroup, SavedView
    from lofte.core.models import Area, Membership, Organisation, User
    from lofte.core.roles import Role

    rng = random.Random(16)  # noqa: S311 - reproducible data
    with transaction.atomic():
        org = Organisation.objects.create(name="Bänkby kommun", slug="bankby", kind="municipality", kommunkod="9990")
        handler = User.objects.create_user(username="bench-handler", email="bench-handler@example.org")
        Membership.objects.create(user=handler, organisation=org, role=Role.CASE_HANDLER)
        colleagues = [
            User.objects.create_user(username=f"bench-h{i}", email=f"bench-h{i}@example.org") for i in range(5)
        ]
        for user in colleagues:
            Membership.objects.create(user=user, organisation=org, role=Role.CASE_HANDLER)
        groups = [HandlerGroup.objects.create(organisation=org, name=n) for n in ("Gata", "Park", "Kontaktcenter")]
        areas = [Area.objects.create(organisation=org, name=f"Område {i}") for i in range(6)]
        categories = []
        for p in range(4):
            parent = Category.objects.create(organisation=org, slug=f"p{p}", name_sv=f"Huvudkategori {p}")
            for c in range(3):
                categories.append(
                    Category.objects.create(
                        organisation=org, parent=parent, slug=f"c{p}{c}", name_sv=f"Kategori {p}.{c}", group=groups[c]
                    )
                )
        now = timezone.now()
        batch: list[Case] = []
        total = open_cases + closed_cases
        for n in range(1, total + 1):
            created = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            category = rng.choice(categories)
            closed = n > open_cases
            due = created + dt.timedelta(days=rng.choice([5, 10, 20])) if rng.random() < 0.9 else None
            if due and not closed and rng.random() < 0.2:
                due = now - dt.timedelta(days=rng.randint(1, 30))
            batch.append(
                Case(
                    organisation=org,
                    kind=CaseKind.FAULT,
                    category=category,
                    year=2026,
                    number=n,
                    reference=f"2026-{n:06d}",
                    token_hash=secrets.token_hex(32),
                    status=Case.Status.CLOSED
                    if closed
                    else rng.choice([Case.Status.RECEIVED, Case.Status.IN_PROGRESS]),
                    message="Lampan lyser inte.",
                    latitude=58.5 + rng.random() / 10,
                    longitude=13.1 + rng.random() / 10,
                    area=rng.choice(areas),
                    group=category.group,
                    assigned_to=rng.choice([handler, *colleagues]) if rng.random() < 0.33 else None,
                    due_at=due,
                    created_at=created,
                    closed_at=created + dt.timedelta(days=3) if closed else None,
                )
            )
            if len(batch) == 2000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
        for name, query, shared in (
            ("Mina", "status=open&mine=on", False),
            ("Försenade", "status=open&overdue=on", True),
            ("Kategori 0", f"status=open&category={categories[0].parent_id}", False),
        ):
            SavedView.objects.create(organisation=org, owner=handler, name=name, query=query, shared=shared)
    return org, handler, categories


def measure(client, url: str, requests: int) -> tuple[float, float, int, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(times), max(times), len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=20_000)
    parser.add_argument("--closed", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-cases-")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["LOFTE_REQUIRE_2FA"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    # Plain static storage: the manifest's lookups are cheap, but it needs a collectstatic run first.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATIC_ROOT=tmp,  # whitenoise wants it to exist
    ).enable()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    org, handler, categories = build(args.open, args.closed)
    print(
        f"database: {connection.vendor}; generated {args.open} open and {args.closed} closed cases "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "postgresql":
        # Autovacuum analyses a table this size within a minute in production; without statistics the planner
        # guesses, and the figure would be of the guess.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(handler)
    inbox = reverse("cases:organisation", args=[org.slug])
    pages = [
        ("inbox, open cases (default)", inbox),
        ("inbox, page 200", f"{inbox}?status=open&sida=200"),
        ("inbox, overdue", f"{inbox}?status=open&overdue=on"),
        ("inbox, a main category", f"{inbox}?status=open&category={categories[0].parent_id}"),
        ("inbox, mine", f"{inbox}?status=open&mine=on"),
        ("inbox, all statuses", f"{inbox}?status="),
        ("statistics, last 12 months", reverse("cases:statistics", args=[org.slug])),
    ]
    worst = 0.0
    print(f"{'page':36} {'median ms':>10} {'max ms':>8} {'queries':>8} {'bytes':>8}")
    for label, url in pages:
        median, top, queries, size = measure(client, url, args.requests)
        if label.startswith("inbox"):
            worst = max(worst, median)
        print(f"{label:36} {median:10.1f} {top:8.1f} {queries:8d} {size:8d}")
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"inbox target < {TARGET_MS:.0f} ms (median, slowest variant {worst:.1f} ms): {verdict}")
    summary.record("cases", "inbox of 20,000 open cases, slowest variant (median)", worst, "ms", target="< 300")


if __name__ == "__main__":
    main()
