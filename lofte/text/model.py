"""The statistical half of the coder: a one-vs-rest logistic regression that corrects the lexicon.

Each theme's lexicon score enters as a fixed offset, so with no or little training data the lexicon
decides, and the model learns what the analysts' corrections add (words the lexicon lacks) or take
away (lexicon words used in another sense). Strong L2 regularisation keeps it close to the lexicon,
which is what lets it generalise beyond the campaign it was trained on. Plain numpy; training on a
campaign of a few thousand answers takes well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from lofte.text.engine import Engine
    from lofte.text.taxonomy import Taxonomy

FORMAT = "lofte-text-model"
FORMAT_VERSION = 1


@dataclass
class Model:
    themes: list[str]
    bias: list[float]
    weights: dict[str, dict[str, float]]  # feature -> theme -> weight (sparse)
    meta: dict[str, Any] = field(default_factory=dict)

    # -- prediction ------------------------------------------------------------------------------------
    def adjustments(self, features: Iterable[str]) -> dict[str, float]:
        """Logit adjustment per theme for one text's features."""
        out = dict(zip(self.themes, self.bias, strict=True))
        w = self.weights
        for f in features:
            row = w.get(f)
            if row:
                for theme, value in row.items():
                    out[theme] = out.get(theme, 0.0) + value
        return out

    def contributions(self, features: Iterable[str], theme: str) -> list[tuple[str, float]]:
        """Features that pushed ``theme`` up, strongest first (for explaining a coding)."""
        found = [(f, self.weights[f][theme]) for f in features if theme in self.weights.get(f, {})]
        return sorted((x for x in found if x[1] > 0), key=lambda x: -x[1])

    # -- training --------------------------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        examples: Iterable[tuple[str, list[str]]],
        taxonomy: Taxonomy | None = None,
        *,
        engine: Engine | None = None,
        l2: float = 1.0,
        epochs: int = 300,
        min_count: int = 2,
    ) -> Model:
        """Fit on (text, theme ids) pairs. Unknown or retired theme ids are ignored."""
        import numpy as np

        from lofte.text.engine import Engine

        # A fresh engine without a model: the offsets are the lexicon's alone.
        engine = Engine(taxonomy) if engine is None else Engine(engine.taxonomy, engine.gazetteer)
        themes = [t for t in engine.taxonomy.ids if t != engine.taxonomy.residual_id]
        rows = list(examples)
        feats: list[list[str]] = []
        offsets = np.zeros((len(rows), len(themes)), dtype=np.float64)
        y = np.zeros((len(rows), len(themes)), dtype=np.float64)
        t_index = {t: j for j, t in enumerate(themes)}
        for i, (text, labels) in enumerate(rows):
            prepared = engine.prepare(text, features=True)
            feats.append(prepared.features)
            for j, t in enumerate(themes):
                offsets[i, j] = prepared.lex_logits[t]
            for label in labels:
                if label in t_index:
                    y[i, t_index[label]] = 1.0
        counts: dict[str, int] = {}
        for fs in feats:
            for f in fs:
                counts[f] = counts.get(f, 0) + 1
        vocab = sorted(f for f, c in counts.items() if c >= min_count)
        f_index = {f: k for k, f in enumerate(vocab)}
        indptr = [0]
        indices: list[int] = []
        for fs in feats:
            indices.extend(f_index[f] for f in fs if f in f_index)
            indptr.append(len(indices))
        w, b = _fit(
            np.asarray(indices, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
            len(vocab),
            offsets,
            y,
            l2=l2,
            epochs=epochs,
        )
        weights: dict[str, dict[str, float]] = {}
        for k, f in enumerate(vocab):
            row = {themes[j]: round(float(w[k, j]), 4) for j in range(len(themes)) if abs(w[k, j]) >= 0.02}
            if row:
                weights[f] = row
        from lofte.text import ENGINE_VERSION

        meta = {
            "examples": len(rows),
            "features": len(vocab),
            "l2": l2,
            "epochs": epochs,
            "engine_version": ENGINE_VERSION,
            "taxonomy": engine.taxonomy.name,
        }
        return cls(themes=themes, bias=[round(float(v), 4) for v in b], weights=weights, meta=meta)

    # -- persistence -----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "themes": self.themes,
            "bias": self.bias,
            "meta": self.meta,
            "weights": self.weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        if data.get("format") != FORMAT:
            raise ValueError("not a Löfte text model")
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise ValueError(f"model format {data.get('version')} is newer than this engine understands")
        return cls(
            themes=list(data["themes"]),
            bias=[float(v) for v in data["bias"]],
            weights={f: {t: float(v) for t, v in row.items()} for f, row in data["weights"].items()},
            meta=dict(data.get("meta", {})),
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        """The model saved at ``path``; ValueError "not a Löfte model file: …" for any other file."""
        raw = Path(path).read_bytes()  # OSError (missing, unreadable) passes through with its own message
        not_a_model = ValueError(f"not a Löfte model file: {path}")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except ValueError:  # not UTF-8 or not JSON
            raise not_a_model from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise not_a_model
        try:
            return cls.from_json(data)
        except (KeyError, TypeError, AttributeError):
            raise not_a_model from None


def _fit(
    indices: np.ndarray,
    indptr: np.ndarray,
    n_features: int,
    offsets: np.ndarray,
    y: np.ndarray,
    *,
    l2: float,
    epochs: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch Adam on the mean logistic loss plus (l2 / n) * |w|^2, binary sparse rows."""
    import numpy as np

    n, t = y.shape
    w = np.zeros((max(n_features, 1), t))
    b = np.zeros(t)
    if n == 0:
        return w[:n_features], b
    row_of = np.repeat(np.arange(n), np.diff(indptr))
    starts = indptr[:-1]
    nonempty = np.diff(indptr) > 0
    m_w = np.zeros_like(w)
    v_w = np.zeros_like(w)
    m_b = np.zeros_like(b)
    v_b = np.zeros_like(b)
    lr, beta1, beta2, eps = 0.1, 0.9, 0.999, 1e-8
    reg = l2 / n
    for step in range(1, epochs + 1):
        z = offsets + b
        if len(indices):
            sums = np.zeros((n, t))
            sums[nonempty] = np.add.reduceat(w[indices], starts[nonempty], axis=0)
            z = z + sums
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = (p - y) / n
        grad_b = g.sum(axis=0) + reg * b * 0.1
        grad_w = np.zeros_like(w)
        if len(indices):
            np.add.at(grad_w, indices, g[row_of])
        grad_w += 2 * reg * w
        for param, grad, m, v in ((w, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= lr * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return w[:n_features], b


def train_test_split(
    rows: Sequence[dict[str, Any]], test_fraction: float = 0.4, seed: int = 13
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A fixed split by a seeded hash of each row's id.

    A row's side depends only on its own id, so the split is stable while a data set grows and no
    row ever moves from test to training; with hundreds of rows per theme the hash spreads every theme
    over both sides in proportion (stratified in expectation).
    """
    import hashlib

    train: list[dict[str, Any]] = []
    test: list[dict[str, Any]] = []
    for i, r in enumerate(rows):
        digest = hashlib.sha256(f"{seed}:{r.get('id', i)}".encode()).digest()
        (test if int.from_bytes(digest[:4], "big") / 2**32 < test_fraction else train).append(r)
    return train, test


def folds(
    rows: Sequence[dict[str, Any]], k: int = 5, seed: int = 13
) -> list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """k (train, test) pairs by a seeded hash of each id: every row is tested once, by a model that never saw it."""
    import hashlib

    buckets: list[list[dict[str, Any]]] = [[] for _ in range(k)]
    for i, r in enumerate(rows):
        digest = hashlib.sha256(f"{seed}:{r.get('id', i)}".encode()).digest()
        buckets[int.from_bytes(digest[:4], "big") % k].append(r)
    return [([r for j, b in enumerate(buckets) if j != i for r in b], buckets[i]) for i in range(k)]
