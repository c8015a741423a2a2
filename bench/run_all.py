"""`make bench`: run every benchmark under bench/, show each one's own output, then one table of the figures.

    .venv/bin/python bench/run_all.py [--only NAME ...] [--skip NAME ...]

Each benchmark records its headline figures through bench/summary.py; this collects them into one table
(benchmark, measure, value, unit, target). A benchmark that fails is named in the table and makes the run
fail, after the others have run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_BENCHMARKS = {"run_all.py", "summary.py", "__init__.py"}


def benchmarks(only: list[str], skip: list[str]) -> list[Path]:
    found = sorted(path for path in (ROOT / "bench").glob("*.py") if path.name not in NOT_BENCHMARKS)
    return [path for path in found if (not only or path.stem in only) and path.stem not in skip]


def table(rows: list[dict[str, str]]) -> str:
    header = {"bench": "benchmark", "measure": "measure", "value": "value", "unit": "unit", "target": "target"}
    widths = {key: max(len(str(row[key])) for row in [header, *rows]) for key in header}
    lines = []
    for index, row in enumerate([header, *rows]):
        cells = [
            str(row[key]).rjust(widths[key]) if key == "value" else str(row[key]).ljust(widths[key]) for key in header
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * widths[key] for key in header))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="benchmark names (file stems) to run")
    parser.add_argument("--skip", nargs="*", default=[], help="benchmark names to leave out")
    args = parser.parse_args()
    failed: list[str] = []
    with tempfile.NamedTemporaryFile(prefix="lofte-bench-", suffix=".jsonl", delete=False) as handle:
        summary_path = handle.name
    env = {**os.environ, "LOFTE_BENCH_SUMMARY": summary_path}
    started = time.perf_counter()
    for path in benchmarks(args.only, args.skip):
        print(f"== {path.relative_to(ROOT)}", flush=True)
        t0 = time.perf_counter()
        result = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env, check=False)  # noqa: S603
        spent = time.perf_counter() - t0
        print(f"   ({spent:.0f} s)", flush=True)
        if result.returncode:
            failed.append(path.stem)
            with open(summary_path, "a", encoding="utf-8") as out:
                out.write(
                    json.dumps(
                        {
                            "bench": path.stem,
                            "measure": "FAILED",
                            "value": str(result.returncode),
                            "unit": "exit",
                            "target": "0",
                        }
                    )
                    + "\n"
                )
    rows = [json.loads(line) for line in Path(summary_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    Path(summary_path).unlink()
    load = os.getloadavg()
    print()
    print(
        f"== every benchmark, one table ({time.perf_counter() - started:.0f} s; {os.cpu_count()} cores, "
        f"load average {load[0]:.1f} at the end)"
    )
    print(table(rows) if rows else "(no figures recorded)")
    if failed:
        print(f"failed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
