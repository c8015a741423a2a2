"""The lägesbild at the issue's size: dataset compute time (target < 2 s) and picture page server time (< 300 ms).

    DEBUG=1 .venv/bin/python bench/lagesbild.py [--years 6] [--dialogues 600] [--events 50000] [--incidents 20000]
                                               [--fault-reports 20000]

Builds, on a throw-away SQLite database, one partnership with ``years`` yearly campaigns of ``dialogues`` coded
answers each (a finished analysis run with themes, places and times), ``events`` police events (nine in ten in
the partnership's kommun, the rest in another that must not count), ``incidents`` geocoded incidents and a
trygghetsmätning per year and area. Fault reports are a later issue (cases): until they exist the
``fault-reports`` are simulated as incidents with a case-like category and theme (lighting, littering,
vandalism) so the reading and grouping cost the same. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

TZ = ZoneInfo("Europe/Stockholm")
THEMES = ["belysning", "narkotika", "alkohol_berusning", "ungdomar", "synlig_narvaro", "trafik", "skadegorelse",
          "nedskrapning", "inbrott_stold", "vald_hot", "offentliga_platser"]  # fmt: skip
TIMES = ["evening", "night", "weekend", "weekday", "daytime", "darkness"]
KINDS = ["Misshandel", "Fylleri/LOB", "Narkotikabrott", "Skadegörelse", "Stöld", "Inbrott", "Trafikolycka", "Brand"]


def build(args: argparse.Namespace) -> tuple[object, int]:
    from lofte.analysis.models import AnalysisRun, DialogueCoding
    from lofte.core.models import Area, Organisation, Partnership, Place
    from lofte.dialogues.models import Campaign, Dialogue, PopulationFigure
    from lofte.situation.models import Incident, PoliceEvent, SurveyItem, SurveyResult

    rng = random.Random(14)  # noqa: S311 - benchmark data, not secrets
    kommun = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    police = Organisation.objects.create(name="LPO Sjöstad", slug="lpo", kind="police_area")
    partnership = Partnership.objects.create(name="Trygg i Sjöstad", slug="sjostad", municipality=kommun,
                                             police_area=police)  # fmt: skip
    areas = []
    for i in range(8):
        lat, lng = 58.4 + 0.03 * i, 13.1 + 0.02 * i
        ring = [[lng, lat], [lng + 0.02, lat], [lng + 0.02, lat + 0.02], [lng, lat + 0.02], [lng, lat]]
        area = Area.objects.create(organisation=kommun, name=f"Område {i + 1}",
                                   geometry={"type": "Polygon", "coordinates": [ring]})  # fmt: skip
        areas.append((area, lat + 0.01, lng + 0.01))
        PopulationFigure.objects.create(organisation=kommun, area=area, year=2020, age_band="30-44", gender="woman",
                                        count=2000 + 500 * i)  # fmt: skip
    places = [
        Place.objects.create(
            organisation=kommun, area=a, name=f"Plats {i}-{j}", latitude=lat + 0.001 * j, longitude=lng
        )  # fmt: skip
        for i, (a, lat, lng) in enumerate(areas)
        for j in range(5)
    ]
    first = 2026 - args.years + 1
    years = list(range(first, first + args.years))
    for year in years:
        campaign = Campaign.objects.create(partnership=partnership, year=year, name=str(year), slug=f"c-{year}",
                                           starts_on=dt.date(year, 9, 1), ends_on=dt.date(year, 10, 31))  # fmt: skip
        run = AnalysisRun.objects.create(campaign=campaign, status="done", dialogue_count=args.dialogues)
        dialogues = Dialogue.objects.bulk_create(
            [
                Dialogue(
                    campaign=campaign,
                    channel="field",
                    area=rng.choice(areas)[0],
                    free_text="…",
                    conducted_at=dt.datetime(year, 9, 1 + i % 60 // 2, 10 + i % 10, tzinfo=TZ),
                )  # fmt: skip
                for i in range(args.dialogues)
            ],
            batch_size=500,
        )
        DialogueCoding.objects.bulk_create(
            [
                DialogueCoding(
                    run=run,
                    dialogue=d,
                    themes=(t := rng.sample(THEMES, rng.randint(1, 3))),
                    final_themes=t,
                    times=rng.sample(TIMES, rng.randint(0, 2)),
                    places=[{"id": str((p := rng.choice(places)).pk), "name": p.name, "kind": "other"}],
                )  # fmt: skip
                for d in dialogues
            ],
            batch_size=500,
        )
    start = dt.datetime(first, 1, 1, tzinfo=TZ)
    span = (dt.datetime(first + args.years - 1, 12, 1, tzinfo=TZ) - start).total_seconds()
    PoliceEvent.objects.bulk_create(
        [
            PoliceEvent(
                police_id=i + 1,
                published_at=(at := start + dt.timedelta(seconds=rng.random() * span)),
                occurred_at=at if i % 5 else None,
                name=f"{i}",
                kind=rng.choice(KINDS),
                kommun="Sjöstad" if i % 10 else "Grannby",
                kommunkod="9901" if i % 10 else "9902",
                lat=58.5,
                lng=13.15,
                content_hash=str(i),
            )  # fmt: skip
            for i in range(args.events)
        ],
        batch_size=2000,
    )
    incidents = []
    for i in range(args.incidents + args.fault_reports):
        area, lat, lng = rng.choice(areas)
        fault = i >= args.incidents
        incidents.append(
            Incident(
                partnership=partnership,
                occurred_at=start + dt.timedelta(seconds=rng.random() * span),
                category="Felanmälan" if fault else "Händelse",
                theme=rng.choice(["belysning", "nedskrapning", "skadegorelse"]) if fault else rng.choice(THEMES),
                area=area,
                lat=lat + rng.uniform(-0.01, 0.01),
                lng=lng + rng.uniform(-0.01, 0.01),
                row_key=str(i),
            )  # fmt: skip
        )
    Incident.objects.bulk_create(incidents, batch_size=2000)
    scale = [{"code": "stort", "weight": 6}, {"code": "litet", "weight": 2}, {"code": "inget", "weight": 0}]
    for theme in THEMES[:8]:
        item = SurveyItem.objects.create(partnership=partnership, code=theme, label=theme, theme=theme, scale=scale)
        SurveyResult.objects.bulk_create(
            [
                SurveyResult(
                    item=item, year=year, area=a, counts={"stort": rng.randint(0, 90), "litet": 60, "inget": 90}
                )  # fmt: skip
                for year in years
                for a, _lat, _lng in [*areas, (None, 0, 0)]
            ]
        )
    return partnership, years[-2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--dialogues", type=int, default=600)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--fault-reports", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="Print where one compute spends its time.")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-lagesbild-")
    os.environ.setdefault("DEBUG", "1")
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["LOFTE_REQUIRE_2FA"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from lofte.core.models import User
    from lofte.situation.dataset import compute
    from lofte.situation.services import report_compute

    started = time.perf_counter()
    partnership, year = build(args)
    print(
        f"world: {args.years} years × {args.dialogues} dialogues, {args.events} police events, {args.incidents} "
        f"incidents, {args.fault_reports} fault reports (as incidents) built in {time.perf_counter() - started:.1f} s"
    )
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(compute, partnership=partnership, year=year)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    times = []
    for _i in range(args.repeat):
        t = time.perf_counter()
        data = compute(partnership=partnership, year=year)
        times.append(time.perf_counter() - t)
    print(
        f"dataset compute ({year}): median {1000 * statistics.median(times):.0f} ms, best {1000 * min(times):.0f} ms "
        f"(target < 2000 ms); {data['sources']['dialogues']['count']} dialogues, "
        f"{data['sources']['police_events']['count']} events of the kommun, {data['sources']['incidents']['count']} "
        f"incidents, {len(data['hotspots'])} hotspots"
    )
    report_compute(partnership=partnership, year=year, by=None)
    user = User.objects.create_superuser("bench", "bench@example.org", "bench-password-not-secret")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/lagesbild/{partnership.slug}/{year}/"
    client.get(url)
    page = []
    for _i in range(args.repeat * 2):
        t = time.perf_counter()
        response = client.get(url)
        page.append(time.perf_counter() - t)
        assert response.status_code == 200
    print(
        f"picture page: median {1000 * statistics.median(page):.0f} ms, best {1000 * min(page):.0f} ms server time "
        f"(target < 300 ms), {len(response.content) // 1024} KiB"
    )
    rows = []
    for ref in ("cell:belysning:kommun", "cell:alkohol_berusning:kommun", "hotspot:0", "time:dialogues:4:22"):
        t = time.perf_counter()
        response = client.get(f"/lagesbild/{partnership.slug}/{year}/rader/", {"ref": ref})
        rows.append((ref, time.perf_counter() - t, response.status_code))
    summary.record("lägesbild", "dataset compute (median)", 1000 * statistics.median(times), "ms", target="< 2000")
    summary.record(
        "lägesbild", "picture page, server time (median)", 1000 * statistics.median(page), "ms", target="< 300"
    )
    print("rows view: " + ", ".join(f"{ref} {1000 * s:.0f} ms ({code})" for ref, s, code in rows))


if __name__ == "__main__":
    main()
