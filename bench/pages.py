"""Server time of the live pages: the public web survey against a bare view, and the staff pages at size.

    .venv/bin/python bench/pages.py [--requests 15] [--answers 20600]

Runs the product with DEBUG off on a throw-away SQLite database: the demo's partnership, places and
campaigns, the 2019 and 2020 campaigns analysed by the engine (480 and 600 answers), and a 2021 campaign
of ``--answers`` analysed answers built with bulk_create from the 2020 ones (the engine is not the subject
here). Each page is requested in-process through Django's handler and the whole middleware stack; the figure
is the server's CPU time per request (median of ``--requests``; 20 times as many for the sub-millisecond
pages), its number of queries and bytes, after two warm-up requests (the first visitor fills what is kept).
A bare view (a function returning a short text, registered only here, just before the public pages' URL
prefix so that resolving it costs the same) gives the floor: the throughput ratio is bare time / page time,
the share of the bare view's requests per second the page can serve. A WSGI server such as gunicorn adds
the same cost to every request, bare or not, so behind one the ratios are higher than printed here.
Prints figures and whether the issue's targets are met; asserts nothing.
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

# The targets: a public page serves at least half a bare view's requests/s; staff pages stay under 300 ms.
PUBLIC_RATIO_TARGET = 0.5
STAFF_MS_TARGET = 300.0


def bare(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns: list = []  # filled in main(), after Django is set up: this module is the URLconf


def build_world(answers: int):  # type: ignore[no-untyped-def]
    """The demo's core and dialogues, two analysed years and a large analysed campaign; returns the big one."""
    import datetime as dt
    import random
    import uuid

    from django.db import transaction
    from django.utils import timezone

    from lofte.analysis.models import AnalysisRun, CandidateTopic, DialogueCoding
    from lofte.analysis.services import analysis_run_execute, analysis_run_report_refresh, analysis_run_start
    from lofte.core import demo as core_demo
    from lofte.dialogues import demo as dialogues_demo
    from lofte.dialogues.models import Campaign, Dialogue, Question

    ctx = core_demo.DemoContext(seed=2020, rng=random.Random(2020))  # noqa: S311 - reproducible data
    with transaction.atomic():
        core_demo.load(ctx)
    with transaction.atomic():
        dialogues_demo.load(ctx)
    for year in (2019, 2020):
        run = analysis_run_start(campaign=Campaign.objects.get(slug=f"sjostad-{year}"), by=None, enqueue=False)
        analysis_run_execute(run_id=run.pk)
    source = Campaign.objects.get(slug="sjostad-2020")
    source_run = AnalysisRun.objects.get(campaign=source, status="done")
    big = Campaign.objects.create(
        partnership=source.partnership,
        year=2021,
        name="Medborgardialog 2021 (stor)",
        slug="sjostad-2021",
        starts_on=dt.date(2021, 9, 1),
        ends_on=dt.date(2021, 10, 31),
    )
    for q in Question.objects.filter(campaign=source):
        q.pk, q.campaign = None, big
        q.save()
    originals = list(Dialogue.objects.filter(campaign=source).order_by("pk"))
    codings = {c.dialogue_id: c for c in DialogueCoding.objects.filter(run=source_run)}
    with transaction.atomic():
        copies = []
        for i in range(answers):
            d = originals[i % len(originals)]
            copies.append(
                Dialogue(
                    campaign=big,
                    idempotency_key=uuid.uuid4(),
                    channel=d.channel,
                    conducted_at=d.conducted_at.replace(year=2021),
                    recorded_by_id=d.recorded_by_id,
                    place_id=d.place_id,
                    area_id=d.area_id,
                    age_band=d.age_band,
                    gender=d.gender,
                    relation=d.relation,
                    home_area_id=d.home_area_id,
                    target_group=d.target_group,
                    answers=d.answers,
                    free_text=d.free_text,
                )
            )
        Dialogue.objects.bulk_create(copies, batch_size=1000)
        new_ids = list(Dialogue.objects.filter(campaign=big).order_by("pk").values_list("pk", flat=True))
        run = AnalysisRun.objects.create(
            campaign=big,
            status=AnalysisRun.Status.DONE,
            engine_version=source_run.engine_version,
            taxonomy=source_run.taxonomy,
            taxonomy_hash=source_run.taxonomy_hash,
            model_version=source_run.model_version,
            dialogue_count=answers,
            quotes=source_run.quotes,
            started_at=timezone.now(),
            finished_at=timezone.now(),
            duration_ms=0,
        )
        rows = []
        for i, pk in enumerate(new_ids):
            c = codings[originals[i % len(originals)].pk]
            rows.append(
                DialogueCoding(
                    run=run,
                    dialogue_id=pk,
                    themes=c.themes,
                    theme_scores=c.theme_scores,
                    triggers=c.triggers,
                    places=c.places,
                    times=c.times,
                    uncertainty=c.uncertainty,
                    review_rank=i,
                    final_themes=c.final_themes,
                )
            )
        DialogueCoding.objects.bulk_create(rows, batch_size=1000)
        CandidateTopic.objects.bulk_create(
            CandidateTopic(run=run, position=t.position, label=t.label, words=t.words, examples=t.examples, size=t.size)
            for t in CandidateTopic.objects.filter(run=source_run)
        )
    # What a finished run stores for its pages (counts and filter words), as analysis_run_execute does.
    analysis_run_report_refresh(run=run)
    return big


def measure(client, url: str, n: int) -> tuple[float, int, int, int]:  # type: ignore[no-untyped-def]
    """(median CPU ms, queries, bytes, status) of GET ``url``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm: template loading, first-use imports, caches filled by the first visitor
        client.get(url)
    times = []
    for _ in range(n):
        started = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(times), len(queries), len(response.content), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--answers", type=int, default=20600)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-pages-")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["LOFTE_REQUIRE_2FA"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lofte.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.urls import path

    from lofte.urls import urlpatterns as product

    # The bare view sits just before the public pages' prefix: finding it walks the same URL patterns.
    public_at = next(i for i, p in enumerate(product) if str(p.pattern) == "p/")
    urlpatterns[:] = [*product[:public_at], path("p-bench-bare/", bare), *product[public_at:]]
    # Plain static storage: the manifest's lookups are cheap, but it needs a collectstatic run first.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF=__name__,
        STORAGES=storages,
        STATIC_ROOT=tmp,  # whitenoise wants it to exist
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        big = build_world(args.answers)
        print(f"data: {time.perf_counter() - started:.0f} s ({args.answers} analysed answers in {big.name})")
        run_pages(big, args.requests)


def run_pages(big, n: int) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from lofte.core.models import User
    from lofte.dialogues.models import Campaign

    public = Campaign.objects.filter(public_form_open=True).order_by("-year").first()
    assert public is not None
    small = Campaign.objects.get(slug="sjostad-2020")
    partnership = small.partnership
    anonymous = Client()
    analyst = Client()
    analyst.force_login(User.objects.get(username="analytiker@sjostad.example"))

    rows: list[tuple[str, float, int, int, int]] = []

    def page(label: str, client: Client, url: str, repeat: int = 1) -> float:
        ms, queries, size, status = measure(client, url, n * repeat)
        rows.append((label, ms, queries, size, status))
        print(f"{label:<44} {ms:8.2f} ms {queries:4d} queries {size / 1024:7.1f} KB  HTTP {status}", flush=True)
        summary.record("pages", f"{label}, server time (median)", ms, "ms")
        return ms

    # The cheap pages are timed 20 times as often: their medians are fractions of a millisecond.
    bare_ms = page("bare view", anonymous, "/p-bench-bare/", 20)
    survey_ms = page("public web survey", anonymous, reverse("dialogues_public:form", args=[public.slug]), 20)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # a visitor who chose English
    survey_en_ms = page(
        "public web survey (English)", english, reverse("dialogues_public:form", args=[public.slug]), 20
    )
    signin_ms = page("sign-in page", anonymous, reverse("core:login"), 20)
    staff = [
        page(
            f"analysis page ({small.dialogues.count()} answers)",
            analyst,
            reverse("analysis:campaign", args=[small.slug]),
        ),
        page(
            f"answer list ({small.dialogues.count()} answers)", analyst, reverse("analysis:answers", args=[small.slug])
        ),
        page("dialogue list", analyst, reverse("dialogues:dialogue_list", args=[partnership.slug])),
        page(
            f"analysis page ({big.dialogues.count()} answers)", analyst, reverse("analysis:campaign", args=[big.slug])
        ),
        page(f"answer list ({big.dialogues.count()} answers)", analyst, reverse("analysis:answers", args=[big.slug])),
        page(
            f"answer list, filtered, page 40 ({big.dialogues.count()})",
            analyst,
            reverse("analysis:answers", args=[big.slug]) + "?reviewed=no&sida=40",
        ),
        page(
            f"overview ({big.dialogues.count()} answers)",
            analyst,
            reverse("dialogues:campaign_overview", args=[big.slug]),
        ),
    ]
    print()
    for label, ms in (
        ("public web survey", survey_ms),
        ("public web survey (English)", survey_en_ms),
        ("sign-in page", signin_ms),
    ):
        ratio = bare_ms / ms if ms else 0
        verdict = "ok" if ratio >= PUBLIC_RATIO_TARGET else "BELOW TARGET"
        print(f"{label}: {ratio:.0%} of the bare view's requests/s (target ≥ {PUBLIC_RATIO_TARGET:.0%}) {verdict}")
    slowest = max(staff)
    verdict = "ok" if slowest < STAFF_MS_TARGET else "ABOVE TARGET"
    print(f"slowest staff page: {slowest:.0f} ms (target < {STAFF_MS_TARGET:.0f} ms) {verdict}")


if __name__ == "__main__":
    main()
