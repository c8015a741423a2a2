"""Recall and precision of place mentions on tests/data/place_mentions.jsonl. Prints figures; asserts nothing.

    .venv/bin/python bench/place_quality.py             # dev, held-out and fresh; official and residents' texts
    .venv/bin/python bench/place_quality.py --misses    # also every miss and spurious mention (not held-out)

A mention the engine reports is a known place, a kind of place or a candidate name; it counts as right when
it overlaps a mention the analyst marked ("tunneln" inside "Tunneln under järnvägen" is right). Each marked
mention is found at most once. The organisation's gazetteer here is small on purpose: most names in the
passages are not in it, as in a real partnership's first year.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lofte.text import Engine, Gazetteer, PlaceEntry, load_taxonomy  # noqa: E402

DATA = ROOT / "tests" / "data" / "place_mentions.jsonl"
GAZETTEER = [
    PlaceEntry(id="1", name="Stadsparken", kind="park"),
    PlaceEntry(id="2", name="Resecentrum", aliases=["resecentrum"], kind="resecentrum"),
    PlaceEntry(id="3", name="Stortorget", kind="square"),
    PlaceEntry(id="4", name="Storgatan", kind="street"),
]


def predicted(engine: Engine, text: str) -> list[tuple[int, int, str]]:
    coding = engine.code(text)
    spans = [(p.start, p.end, p.name) for p in coding.places]
    spans += [(c.start, c.end, c.name) for c in getattr(coding, "candidates", [])]
    return sorted(set(spans))


def score(engine: Engine, rows: list[dict], misses: bool = False) -> tuple[float, float, int, int]:
    gold_total = found = predicted_total = right = 0
    for row in rows:
        gold = [(s, e) for s, e, _ in row["mentions"]]
        pred = predicted(engine, row["text"])
        used: set[int] = set()
        for s, e, _ in pred:
            hit = next((i for i, (gs, ge) in enumerate(gold) if s < ge and gs < e), None)
            if hit is not None:
                right += 1
                used.add(hit)
            elif misses:
                print(f"  spurious {row['id']}: {row['text'][s:e]!r} in {row['text']!r}")
        if misses:
            for i, (gs, ge) in enumerate(gold):
                if i not in used:
                    print(f"  missed   {row['id']}: {row['text'][gs:ge]!r} in {row['text']!r}")
        gold_total += len(gold)
        found += len(used)
        predicted_total += len(pred)
    recall = found / gold_total if gold_total else 0.0
    precision = right / predicted_total if predicted_total else 0.0
    return recall, precision, gold_total, predicted_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list missed and spurious mentions (not held-out)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    engine = Engine(load_taxonomy(), Gazetteer(GAZETTEER))
    print(f"{'part':<10} {'register':<10} {'texts':>5} {'marked':>6} {'reported':>8} {'recall':>7} {'precision':>9}")
    for split in ("dev", "held_out", "fresh"):
        for register in ("official", "resident", "all"):
            part = [r for r in rows if r["split"] == split and register in (r["register"], "all")]
            show = args.misses and split != "held_out" and register != "all"
            recall, precision, gold, pred = score(engine, part, misses=show)
            print(f"{split:<10} {register:<10} {len(part):>5} {gold:>6} {pred:>8} {recall:>7.2f} {precision:>9.2f}")


if __name__ == "__main__":
    main()
