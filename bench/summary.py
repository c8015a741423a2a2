"""The figures of every benchmark in one table (`make bench`, bench/run_all.py).

A benchmark calls `record(...)` for its headline figures beside its own printout. When bench/run_all.py runs
it, LOFTE_BENCH_SUMMARY names a file each record is appended to as one JSON line; run on its own, a benchmark
records nothing and only prints.
"""

from __future__ import annotations

import json
import os


def record(bench: str, measure: str, value: float | int | str, unit: str, *, target: str = "") -> None:
    path = os.environ.get("LOFTE_BENCH_SUMMARY")
    if not path:
        return
    if isinstance(value, float):
        value = f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    with open(path, "a", encoding="utf-8") as out:
        out.write(
            json.dumps({"bench": bench, "measure": measure, "value": str(value), "unit": unit, "target": target}) + "\n"
        )
