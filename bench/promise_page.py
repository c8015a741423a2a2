"""Server time and size of the public promise page with 20 commitments and 2,000 activities.

    .venv/bin/python bench/promise_page.py [--requests 30]

Runs the product with DEBUG off on a throw-away SQLite database: a published promise with 4 focus areas of 5
commitments (counts, a yes/no and a survey measure, two of them sub-commitments), both parties' signatories,
and 2,000 done and planned activities spread over the year. The page is requested in-process through Django's
handler and the whole middleware stack; the figure is the server's CPU time per request (median of
``--requests``) after two warm-up requests (whatever the first visitor fills), with its queries and bytes;
the second figure is the first request after an activity is logged, which must already count it. The issue's targets:
under 50 ms with a warm cache and under 100 KB. Prints figures; asserts nothing.
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

MS_TARGET = 50.0
KB_TARGET = 100.0


def build_promise():  # type: ignore[no-untyped-def]
    import datetime as dt
    import random
    import uuid

    from django.utils import timezone

    from lofte.core.models import Area, Membership, Organisation, Partnership
    from lofte.core.roles import Role
    from lofte.promises.models import Activity
    from lofte.promises.services import (
        commitment_create,
        focus_area_add,
        promise_approve,
        promise_create,
        promise_publish,
    )
    from tests.conftest import make_user

    rng = random.Random(2021)  # noqa: S311 - reproducible data
    municipality = Organisation.objects.create(
        name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901"
    )
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=municipality, police_area=lpo
    )
    areas = [Area.objects.create(organisation=municipality, name=name) for name in ["Centrum", "Norr", "Hamnen"]]
    analyst = make_user("sara", municipality, Role.ANALYST, last_name="Svensson")
    police = make_user("johan", lpo, Role.ANALYST, last_name="Berg")
    Membership.objects.filter(user=analyst).update(title="Trygghetssamordnare")
    Membership.objects.filter(user=police).update(title="Lokalpolisområdeschef")
    promise = promise_create(
        partnership=partnership,
        by=analyst,
        start_year=2021,
        title_sv="Medborgarlöfte 2021",
        intro_sv="Det här har vi, kommunen och polisen, lovat att göra i år, för att det är det ni har sagt till oss.",
    )
    themes = ["synlig_narvaro", "belysning", "trafik", "ungas_trygghet"]
    commitments = []
    for number, theme in enumerate(themes):
        focus = focus_area_add(
            promise=promise,
            by=analyst,
            theme=theme,
            title_sv=f"Fokusområde {number + 1}: {theme.replace('_', ' ')}",
            why_sv="Många vi talade med känner sig otrygga här på kvällarna, särskilt vid stationen och i parken.",
            areas=areas[: number % 3 + 1],
            times=["kväll", "natt"],
            evidence={"report_year": 2020, "numbers": [{"area": areas[0].pk, "dialogues": 80 + number, "events": 12}],
                      "quotes": [{"text": "Det är mörkt vid gångtunneln och ingen är där.", "ref": "dialogue:1"}]},
        )  # fmt: skip
        parent = None
        for index in range(5):
            kind = "yes_no" if index == 4 else ("survey" if index == 3 else "count")
            commitment = commitment_create(
                focus_area=focus,
                by=analyst,
                what_sv=f"Polisen och kommunen gör insats {index + 1} vid skolor, fritidsgårdar och i centrum",
                what_en=f"The police and the municipality do action {index + 1}",
                owner=["police", "municipality", "both", "partner", "both"][index],
                partner_name="Fältsekreterarna" if index == 3 else "",
                starts_on=dt.date(2021, 1, 1),
                ends_on=dt.date(2021, 12, 31),
                target_kind=kind,
                target_value={"count": 120, "survey": 2.5, "yes_no": None}[kind],
                survey_item="otrygg_kvall" if kind == "survey" else "",
                baseline_value=3.2 if kind == "survey" else None,
                parent=parent if index in (1, 2) else None,
                areas=areas[:1],
            )
            parent = parent or commitment
            commitments.append(commitment)
    promise_approve(promise=promise, organisation=municipality, by=analyst)
    promise_approve(promise=promise, organisation=lpo, by=police)
    promise_publish(promise=promise, by=analyst)
    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(
            commitment=commitments[i % len(commitments)],
            occurred_on=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365)),
            what="Besök på fritidsgården",
            where="Centrum",
            count=rng.randint(1, 3),
            planned=i % 10 == 0,
            by=police,
            idempotency_key=uuid.uuid4(),
            created_at=now,
        )
        for i in range(2000)
    )
    return promise, commitments[0], police


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-promise-")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lofte.settings"

    import django

    django.setup()
    import datetime as dt
    import uuid

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from lofte.promises.services import activity_log

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp):
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        promise, commitment, police = build_promise()
        url = promise.public_url()
        client = Client()
        for _ in range(2):
            client.get(url)
        times = []
        for _ in range(args.requests):
            started = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        warm = statistics.median(times)
        activity_log(
            commitment=commitment,
            by=police,
            occurred_on=dt.date(2021, 6, 1),
            what="Ny aktivitet",
            idempotency_key=uuid.uuid4(),
        )
        started = time.process_time()
        with CaptureQueriesContext(connection) as cold_queries:
            cold_response = client.get(url)
        cold = (time.process_time() - started) * 1000
    size = len(response.content) / 1024
    print("public promise page, 20 commitments, 2,000 activities (DEBUG off, SQLite, in-process)")
    print(f"  warm cache: {warm:.1f} ms server CPU (median of {args.requests}), {len(queries)} queries, "
          f"{size:.1f} KB (status {response.status_code})")  # fmt: skip
    print(f"  first request after an activity is logged: {cold:.1f} ms, {len(cold_queries)} queries, "
          f"new activity counted: {'yes' if cold_response.content != response.content else 'NO'}")  # fmt: skip
    summary.record(
        "promises", "public promise page (20 commitments, 2,000 activities), warm", warm, "ms", target="< 50"
    )
    summary.record("promises", "public promise page, size", size, "KB", target="< 100")
    print(f"  targets: under {MS_TARGET:.0f} ms warm: {'met' if warm < MS_TARGET else 'NOT met'}; "
          f"under {KB_TARGET:.0f} KB: {'met' if size < KB_TARGET else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
