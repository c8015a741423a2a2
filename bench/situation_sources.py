"""Importing geocoded incidents: 20,000 rows as a CSV and as a workbook, then the same file again.

    DEBUG=1 .venv/bin/python bench/situation_sources.py [--rows 20000] [--areas 40]

Runs on a throw-away SQLite database (or DATABASE_URL if given). The file is what police exports look like:
Windows-1252, semicolons, decimal commas; a third of the rows name an area, the rest give a point that is
placed in one of --areas polygons. Prints seconds for the first import, the re-import (which must change
nothing) and reading the year's rows through lofte.situation.sources; asserts only that nothing changed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

CATEGORIES = [
    "Misshandel",
    "Skadegörelse",
    "Narkotikabrott",
    "Stöld",
    "Bostadsinbrott",
    "Fylleri/LOB",
    "Rån",
    "Olaga hot",
    "Trafikbrott",
    "Ordningsstörning",
    "Klotter",
    "Snatteri",
]


def build_file(rows: int, areas: int, *, xlsx: bool) -> bytes:
    rng = random.Random(14)  # noqa: S311 - test data
    lines = [["Tidpunkt", "Kategori", "Latitud", "Longitud", "Område", "Antal"]]
    for i in range(rows):
        day = 1 + i % 365
        when = (
            f"2020-{1 + (day - 1) // 31 % 12:02d}-{1 + (day - 1) % 28:02d} {rng.randrange(24)}:{rng.randrange(60):02d}"
        )
        category = rng.choice(CATEGORIES)
        if i % 3 == 0:
            lines.append([when, category, "", "", f"Område {rng.randrange(areas)}", str(1 + rng.randrange(3))])
        else:
            lat, lng = 58.0 + rng.random() * 0.999, 13.0 + rng.random() * (areas / 10) * 0.999
            lines.append([when, category, f"{lat:.6f}".replace(".", ","), f"{lng:.6f}".replace(".", ","), "", "1"])
    if not xlsx:
        return ("\r\n".join(";".join(line) for line in lines) + "\r\n").encode("cp1252")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--areas", type=int, default=40)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-sources-")
    os.environ.setdefault("DEBUG", "1")
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from lofte.core.models import Area, Organisation, Partnership
    from lofte.situation.models import Incident
    from lofte.situation.services import incidents_import
    from lofte.situation.sources import incident_rows

    municipality = Organisation.objects.create(
        name="Benchby kommun", slug="benchby", kind="municipality", kommunkod="9950"
    )
    police = Organisation.objects.create(name="LPO Benchby", slug="lpo-benchby", kind="police_area")
    partnership = Partnership.objects.create(
        name="Benchby", slug="benchby", municipality=municipality, police_area=police
    )
    for i in range(args.areas):  # a row of 0.1° × 1° strips, each a polygon
        west = 13.0 + i * 0.1
        ring = [[west, 58.0], [west + 0.1, 58.0], [west + 0.1, 59.0], [west, 59.0], [west, 58.0]]
        Area.objects.create(
            organisation=municipality,
            name=f"Område {i}",
            code=f"9950C{i:04d}",
            geometry={"type": "Polygon", "coordinates": [ring]},
        )

    for kind in ("csv", "xlsx"):
        Incident.objects.all().delete()
        data = build_file(args.rows, args.areas, xlsx=kind == "xlsx")
        started = time.perf_counter()
        first = incidents_import(partnership=partnership, data=data, filename=f"rar.{kind}", by=None)
        first_s = time.perf_counter() - started
        snapshot = list(Incident.objects.order_by("pk").values_list("pk", "count", "theme", "area_id", "occurred_at"))
        started = time.perf_counter()
        again = incidents_import(partnership=partnership, data=data, filename=f"rar.{kind}", by=None)
        again_s = time.perf_counter() - started
        after = list(Incident.objects.order_by("pk").values_list("pk", "count", "theme", "area_id", "occurred_at"))
        changed = [(a, b) for a, b in zip(snapshot, after, strict=True) if a != b][:3]
        assert (again.rows_new, again.rows_updated) == (0, 0) and not changed, (
            again.rows_new,
            again.rows_updated,
            changed,
        )
        started = time.perf_counter()
        read = sum(1 for _row in incident_rows(partnership, 2020))
        read_s = time.perf_counter() - started
        print(
            f"incidents {kind} ({len(data) / 1e6:.1f} MB, {args.rows} rows, {args.areas} areas): "
            f"import {first_s:.2f} s ({first.rows_new} stored, rows merged: {args.rows - first.rows_new}), "
            f"re-import {again_s:.2f} s ({again.rows_unchanged} unchanged, 0 new, 0 updated), "
            f"sources.incident_rows {read_s:.2f} s ({read} rows)"
        )
        summary.record("import", f"incidents {kind}, {args.rows:,} rows", first_s, "s")


if __name__ == "__main__":
    main()
