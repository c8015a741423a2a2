"""Import speed: 10,000 dialogues from a CSV file and from an .xlsx file. Prints figures; asserts nothing.

    DEBUG=1 .venv/bin/python bench/import_dialogues.py [--rows 10000]

Runs the wizard's whole service path (read, map, validate every row, redact, store in bulk, undo) against a
fresh SQLite database in a temporary directory. Target: 10,000 rows in < 10 s. Then the cost of a hostile
workbook whose one row claims millions of empty cells: bounded by the cells read, not by the claim.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
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

os.environ["LOFTE_VAR_DIR"] = tempfile.mkdtemp(prefix="lofte-bench-")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from lofte.core import demo as core_demo  # noqa: E402
from lofte.dialogues.demo_answers import AnswerWriter  # noqa: E402
from lofte.dialogues.imports import (  # noqa: E402
    dialogue_import_run,
    dialogue_import_set_mapping,
    dialogue_import_undo,
    dialogue_import_upload,
)
from lofte.dialogues.models import Dialogue  # noqa: E402
from lofte.dialogues.services import campaign_create  # noqa: E402
from lofte.lib.tabular import TableError, read_table  # noqa: E402

HEADERS = [
    "Datum",
    "Klockan",
    "Plats",
    "Ålder",
    "Kön",
    "Bor/arbetar",
    "Var känner du dig otrygg?",
    "När?",
    "Varför?",
    "Vad skulle göra dig tryggare?",
    "Vad ska polis och kommun prioritera?",
    "Kan du bidra?",
    "Trygghet 1-5",
    "Intervjuare",
]
MAPPING = {
    "Datum": "conducted_date",
    "Klockan": "conducted_time",
    "Plats": "place",
    "Ålder": "age_band",
    "Kön": "gender",
    "Bor/arbetar": "relation",
    "Var känner du dig otrygg?": "q:where_unsafe",
    "När?": "q:when_unsafe",
    "Varför?": "q:why_unsafe",
    "Vad skulle göra dig tryggare?": "q:what_safer",
    "Vad ska polis och kommun prioritera?": "q:priorities",
    "Kan du bidra?": "q:contribute",
    "Trygghet 1-5": "q:feel_safe",
    "Intervjuare": "interviewer",
}


def make_rows(count: int, seed: int = 7) -> list[list[object]]:
    rng = random.Random(seed)
    writer = AnswerWriter(rng, year=2020)
    places = [name for name, *_rest in core_demo.PLACES]
    rows = []
    for i in range(count):
        answer = writer.conversation()
        rows.append(
            [
                (dt.date(2020, 4, 1) + dt.timedelta(days=i % 60)).isoformat(),
                f"{rng.randint(8, 22)}:{rng.randint(0, 59):02d}",
                rng.choice(places),
                str(rng.randint(13, 90)),
                rng.choice(["Kvinna", "Man", "k", "m", "Vill ej uppge"]),
                rng.choice(["bor", "arbetar", "besöker", "studerar"]),
                answer["where_unsafe"],
                ", ".join(
                    {
                        "evening": "kväll",
                        "night": "natt",
                        "day": "dagtid",
                        "morning": "morgon",
                        "weekend": "helg",
                        "weekday": "vardag",
                    }[t]
                    for t in answer["when_unsafe"]
                ),
                answer["why_unsafe"],
                answer["what_safer"],
                answer["priorities"],
                answer["contribute"],
                str(answer["feel_safe"]),
                rng.choice(["Mira Holm", "Ali Berg", "Extern Volontär"]),
            ]
        )
    return rows


def csv_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dialoger")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench(kind: str, data: bytes, ctx: core_demo.DemoContext, year: int, analyst) -> None:  # type: ignore[no-untyped-def]
    campaign = campaign_create(
        partnership=ctx.partnership,
        by=analyst,
        name=f"Bänk {kind}",
        slug=f"bank-{kind}",
        year=year,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
    )
    t0 = time.perf_counter()
    batch = dialogue_import_upload(campaign=campaign, by=analyst, filename=f"dialoger.{kind}", data=data)
    batch = dialogue_import_set_mapping(batch=batch, by=analyst, mapping=MAPPING)
    t1 = time.perf_counter()
    result = dialogue_import_run(campaign=campaign, by=analyst, batch=batch, only_valid=True)
    t2 = time.perf_counter()
    seconds = t2 - t0
    stored = Dialogue.objects.filter(campaign=campaign).count()
    print(
        f"{kind:5} {len(data) / 1024 / 1024:5.1f} MB  {result.imported:6} rader importerade "
        f"({result.skipped_invalid} ogiltiga) på {seconds:5.2f} s = {result.imported / seconds:7.0f} rader/s"
        f"  [uppladdning {t1 - t0:4.2f} s, import {t2 - t1:4.2f} s; {stored} i databasen]"
    )
    summary.record("import", f"{result.imported:,} dialogues from {kind}", seconds, "s", target="< 10")
    t0 = time.perf_counter()
    again = dialogue_import_upload(campaign=campaign, by=analyst, filename=f"igen.{kind}", data=data)
    again = dialogue_import_set_mapping(batch=again, by=analyst, mapping=MAPPING)
    result = dialogue_import_run(campaign=campaign, by=analyst, batch=again, only_valid=True)
    print(
        f"{kind:5} samma fil igen: {result.imported} nya, {result.duplicates} dubbletter på "
        f"{time.perf_counter() - t0:5.2f} s"
    )
    t0 = time.perf_counter()
    read_table(data, f"dialoger.{kind}")
    print(f"{kind:5} bara läsningen (det som görs i bakgrunden för stora filer): {time.perf_counter() - t0:5.2f} s")
    t0 = time.perf_counter()
    removed = dialogue_import_undo(batch=batch, by=analyst)
    print(f"{kind:5} ångra importen: {removed} dialoger borttagna på {time.perf_counter() - t0:5.2f} s")


def hostile(cells: int) -> None:
    """A workbook of one header and one row that claims ``cells`` empty cells (random styles, so the zip
    checks let it through and only the cell count stops it)."""
    import zipfile  # noqa: PLC0415

    rng = random.Random(13)
    workbook = Workbook()
    workbook.active.append(["Svar"])
    source, target = io.BytesIO(), io.BytesIO()
    workbook.save(source)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    empty = "".join(f'<c s="{rng.randrange(100000)}"/>' for _ in range(cells))
    sheet = (
        f'<worksheet xmlns="{ns}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c>{empty}'
        '</row><row r="2"><c r="A2" t="inlineStr"><is><t>Mörkt</t></is></c></row></sheetData></worksheet>'
    ).encode()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            name = item.filename
            archive.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else original.read(name))
    data = target.getvalue()
    t0 = time.perf_counter()
    try:
        read_table(data, "fientlig.xlsx")
        outcome = "läst"
    except TableError as error:
        outcome = f"stoppad: {str(error.message)[:60]}…"
    print(
        f"fientlig xlsx: {len(data) / 1024:6.0f} kB, {cells:,} tomma celler i en rad, "
        f"{time.perf_counter() - t0:5.2f} s, {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ctx = core_demo.DemoContext(seed=1, rng=random.Random(1))
    core_demo.load(ctx)
    from lofte.core.models import User  # noqa: PLC0415

    analyst = User.objects.get(username=f"analytiker@{core_demo.DEMO_DOMAIN}")
    rows = make_rows(args.rows)
    print(f"{args.rows} rader, {len(HEADERS)} kolumner, SQLite i {os.environ['LOFTE_VAR_DIR']}")
    bench("csv", csv_bytes(rows), ctx, 2020, analyst)
    bench("xlsx", xlsx_bytes(rows), ctx, 2021, analyst)
    for cells in (100_000, 1_000_000, 5_000_000):
        hostile(cells)


if __name__ == "__main__":
    main()
