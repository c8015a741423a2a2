"""Seconds to make the lägesbild PDF for a full year (target: under 10 s), and to serve it again from storage.

    DEBUG=1 .venv/bin/python bench/lagesbild_pdf.py [--areas 10] [--runs 3]

Runs on a throw-away SQLite database and media directory. The dataset is the Sjöstad 2020 fixture
(tests/situation/report_fixtures.py) grown to every theme of the default taxonomy × `--areas` areas, five years
of trends and five focus-area candidates: the size a real partnership's report has. Both parties agree to a
drafted version; then the PDF is made `--runs` times without the cache (the first includes WeasyPrint's
import and font loading), and once through the cache as a request does. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

THEMES = [
    "belysning",
    "narkotika",
    "alkohol_berusning",
    "ungdomar",
    "synlig_narvaro",
    "trafik",
    "skadegorelse",
    "nedskrapning",
    "inbrott_stold",
    "vald_hot",
    "bedrageri",
    "vald_nara_relationer",
    "skola",
    "offentliga_platser",
    "grannsamverkan",
    "samverkan_dialog",
]


def full_dataset(n_areas: int) -> dict:
    from tests.situation.report_fixtures import build_dataset

    areas = [(100 + i, f"Område {chr(65 + i)}", 2000 + 300 * i) for i in range(n_areas)]
    dataset = build_dataset(areas=areas[:3])
    template = {c["theme"]: c for c in dataset["matrix"]}
    base = [c for c in dataset["matrix"] if c["area"] == areas[0][0]][0]
    kommun = [c for c in dataset["matrix"] if c["area"] is None][0]
    matrix = []
    for j, theme in enumerate(THEMES):
        for k, area in enumerate([None, *(a[0] for a in areas)]):
            cell = copy.deepcopy(
                template.get(theme) if area is None and theme in template else kommun if area is None else base
            )
            cell["theme"], cell["area"] = theme, area
            cell["ref"] = f"cell:{theme}:{'kommun' if area is None else area}"
            cell["dialogues"]["count"] = max(1, cell["dialogues"]["count"] - 5 * j)
            cell["dialogues"]["share"] = round(cell["dialogues"]["count"] / cell["dialogues"]["of"], 4)
            if area is not None and (j + k) % 3:
                # As in a real picture, most theme × area cells are pointed out by no source, or by one.
                cell["points_out"] = [] if (j + k) % 3 == 1 else ["dialogues"]
                cell["agreement"] = "none" if (j + k) % 3 == 1 else "single"
                cell["agreement_text"] = ""
            matrix.append(cell)
    dataset["matrix"] = matrix
    dataset["areas"] = [{"id": a[0], "name": a[1], "population": a[2]} for a in areas]
    dataset["themes"] = [{"id": t, "label_sv": t.replace("_", " ").capitalize(), "label_en": t} for t in THEMES]
    dataset["trends"] = [
        {**t, "theme": theme, "ref": f"cell:{theme}:kommun"}
        for t in dataset["trends"]
        if t["theme"] == "belysning"
        for theme in THEMES
    ]
    dataset["candidates"] = [{**dataset["candidates"][i % 3], "rank": i + 1, "theme": THEMES[i]} for i in range(5)]
    return dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print where one render spends its time")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lofte-bench-pdf-")
    os.environ.setdefault("DEBUG", "1")
    os.environ["LOFTE_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from lofte.core.models import Membership, Organisation, Partnership, User
    from lofte.situation.models import Report
    from lofte.situation.rendering import render_pdf, report_pdf
    from lofte.situation.services import report_agree, report_version_draft

    kommun = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    police = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=kommun, police_area=police
    )
    sara = User.objects.create_user(username="sara", email="sara@example.org")
    johan = User.objects.create_user(username="johan", email="johan@example.org")
    Membership.objects.create(user=sara, organisation=kommun, role="analyst")
    Membership.objects.create(user=johan, organisation=police, role="analyst")
    dataset = full_dataset(args.areas)
    report = Report.objects.create(
        partnership=partnership, year=2020, dataset=dataset, dataset_computed_at=timezone.now()
    )
    version = report_version_draft(report=report, by=sara)
    report_agree(report=report, version=version, organisation=kommun, by=sara)
    report_agree(report=report, version=version, organisation=police, by=johan)

    def ref_url(ref: str) -> str:
        return f"https://lofte.example/lagesbild/sjostad/2020/rader/?ref={ref}"

    print(
        f"dataset: {len(dataset['matrix'])} matrix cells, {len(dataset['areas'])} areas, "
        f"{len(dataset['themes'])} themes, {len(dataset['trends'])} trend rows, {len(dataset['candidates'])} candidates"
    )
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    times = []
    for i in range(args.runs):
        started = time.perf_counter()
        data = render_pdf(report, version, ref_url=ref_url, public=True)
        times.append(time.perf_counter() - started)
        print(f"render {i + 1}: {times[-1]:.2f} s, {len(data) / 1024:.0f} KiB")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(render_pdf, report, version, ref_url=ref_url, public=True)
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
    name, spent = report_pdf(report, version, ref_url=ref_url, public=True)
    started = time.perf_counter()
    again, spent_again = report_pdf(report, version, ref_url=ref_url, public=True)
    cached = time.perf_counter() - started
    print(f"first request (made and stored): {spent:.2f} s; next request (from storage): {cached * 1000:.1f} ms")
    print(f"worst render {max(times):.2f} s (target < 10 s)")
    summary.record("lägesbild", "report PDF, worst render", max(times), "s", target="< 10")


if __name__ == "__main__":
    main()
