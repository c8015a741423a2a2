"""Quality figures: per-theme precision, recall and F1, micro and macro F1, on held-out data."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Scores:
    per_theme: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    micro_f1: float
    macro_f1: float
    micro_precision: float
    micro_recall: float
    n: int

    def table(self) -> str:
        lines = [f"{'theme':<24}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
        for theme, (p, r, f, s) in self.per_theme.items():
            lines.append(f"{theme:<24}{p:7.3f}{r:7.3f}{f:7.3f}{s:6d}")
        lines.append(f"{'micro':<24}{self.micro_precision:7.3f}{self.micro_recall:7.3f}{self.micro_f1:7.3f}{self.n:6d}")
        lines.append(f"{'macro F1':<24}{'':>14}{self.macro_f1:7.3f}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "micro_f1": self.micro_f1,
            "macro_f1": self.macro_f1,
            "micro_precision": self.micro_precision,
            "micro_recall": self.micro_recall,
            "per_theme": {
                t: {"precision": p, "recall": r, "f1": f, "support": s} for t, (p, r, f, s) in self.per_theme.items()
            },
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], themes: Sequence[str]) -> Scores:
    tp = dict.fromkeys(themes, 0)
    fp = dict.fromkeys(themes, 0)
    fn = dict.fromkeys(themes, 0)
    for g, pr in zip(gold, predicted, strict=True):
        gs, ps = set(g), set(pr)
        for t in themes:
            if t in gs and t in ps:
                tp[t] += 1
            elif t in ps:
                fp[t] += 1
            elif t in gs:
                fn[t] += 1
    per: dict[str, tuple[float, float, float, int]] = {}
    for t in themes:
        support = tp[t] + fn[t]
        if support == 0 and fp[t] == 0:
            continue
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / support if support else 0.0
        per[t] = (round(p, 4), round(r, 4), round(_f1(p, r), 4), support)
    stp, sfp, sfn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    mp = stp / (stp + sfp) if stp + sfp else 0.0
    mr = stp / (stp + sfn) if stp + sfn else 0.0
    macro = sum(v[2] for v in per.values()) / len(per) if per else 0.0
    return Scores(per, round(_f1(mp, mr), 4), round(macro, 4), round(mp, 4), round(mr, 4), len(gold))


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows
