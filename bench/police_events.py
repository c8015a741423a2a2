"""Police events import speed: 50,000 events in the list's format, imported, then imported again.

    DEBUG=1 .venv/bin/python bench/police_events.py [--events 50000]

Runs `police_events_import` (parse, resolve kommuner, one query for the stored hashes, bulk writes) against a
fresh SQLite database in a temporary directory (or DATABASE_URL). Targets: first import < 10 s; the second
changes nothing. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

os.environ["LOFTE_VAR_DIR"] = tempfile.mkdtemp(prefix="lofte-bench-")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from lofte.situation.kommuner import kommuner  # noqa: E402
from lofte.situation.models import PoliceEvent, PoliceEventVersion  # noqa: E402
from lofte.situation.police import MONTHS  # noqa: E402
from lofte.situation.services import police_events_import  # noqa: E402

KINDS = ["Misshandel", "Stöld", "Inbrott", "Trafikolycka, personskada", "Rattfylleri", "Narkotikabrott", "Brand"]
MONTH_NAMES = {number: name for name, number in MONTHS.items()}


def capture(count: int, seed: int = 14) -> bytes:
    """A capture as the list serves it: BOM, unpadded hours, both offsets, county locations, relative URLs."""
    rng = random.Random(seed)
    places = kommuner()
    start = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    events = []
    for index in range(count):
        kommun = rng.choice(places)
        when = start + dt.timedelta(minutes=index * 10 + rng.randint(0, 9))
        offset = "+02:00" if 4 <= when.month <= 10 else "+01:00"
        local = when + dt.timedelta(hours=2 if offset == "+02:00" else 1)
        kind = rng.choice(KINDS)
        name = f"{local.day} {MONTH_NAMES[local.month]} {local:%H.%M}, {kind}, {kommun.name}"
        on_county = rng.random() < 0.3
        events.append(
            {
                "id": 1_000_000 + index,
                "datetime": f"{local:%Y-%m-%d} {local.hour}:{local:%M:%S} {offset}",
                "name": name,
                "summary": "Polisen har fått in ett larm om en händelse och är på väg till platsen med fler patru",
                "url": f"/aktuellt/handelser/{local:%Y}/{index}/",
                "type": kind,
                "location": {
                    "name": kommun.county if on_county else kommun.name,
                    "gps": f"{rng.uniform(55, 68):.6f},{rng.uniform(11, 24):.6f}",
                },
            }
        )
    rng.shuffle(events)
    return b"\xef\xbb\xbf" + json.dumps(events, ensure_ascii=False).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    data = capture(args.events)
    print(f"capture: {args.events:,} events, {len(data) / 1024 / 1024:.1f} MB")

    # CPU time beside wall time: on a shared machine the wall clock mostly measures the other processes.
    started, cpu = time.perf_counter(), time.process_time()
    first = police_events_import(files=[("bench.json", data)])
    first_s, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"first import:  {first_s:6.2f} s wall, {first_cpu:5.2f} s CPU  ({first.summary_line()})  target < 10 s")
    summary.record("import", f"police events, {args.events:,} (first import)", first_s, "s", target="< 10")

    stored = PoliceEvent.objects.count()
    started, cpu = time.perf_counter(), time.process_time()
    again = police_events_import(files=[("bench.json", data)])
    again_s, again_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"second import: {again_s:6.2f} s wall, {again_cpu:5.2f} s CPU  ({again.summary_line()})  "
        "target: changes nothing"
    )
    changed = again.new + again.updated
    print(
        f"stored events: {stored:,} → {PoliceEvent.objects.count():,}; versions: {PoliceEventVersion.objects.count()}; "
        f"{'nothing changed' if changed == 0 else f'{changed} CHANGED'}"
    )


if __name__ == "__main__":
    main()
