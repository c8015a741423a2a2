"""Topic discovery among answers that fit no theme: TF-IDF and spherical k-means, seeded."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lofte.text.features import topic_terms
from lofte.text.morph import analyse
from lofte.text.redact import redact
from lofte.text.taxonomy import Theme
from lofte.text.tokenise import tokenise

if TYPE_CHECKING:
    import numpy as np

    from lofte.text.engine import Coding


@dataclass
class Topic:
    label: str
    words: list[str]
    examples: list[str]
    size: int
    members: list[int] = field(default_factory=list)  # indices into the texts given


def uncoded(texts: Sequence[str], codings: Sequence[Coding], residual: str = "annat") -> list[int]:
    """Indices of the texts that got no theme but the residual one."""
    return [i for i, c in enumerate(codings) if not [t for t in c.themes if t != residual]]


def discover_topics(
    texts: Sequence[str],
    k: int | None = None,
    *,
    seed: int = 7,
    min_size: int = 2,
    codings: Sequence[Coding] | None = None,
) -> list[Topic]:
    """Candidate topics among ``texts`` (or, with ``codings``, among those that fit no theme)."""
    import numpy as np

    index = uncoded(texts, codings) if codings is not None else list(range(len(texts)))
    docs = [topic_terms([analyse(t.norm) if t.is_word else None for t in tokenise(texts[i])]) for i in index]
    keep = [j for j, d in enumerate(docs) if d]
    if len(keep) < min_size:
        return []
    df = Counter(w for j in keep for w in set(docs[j]))
    vocab = sorted(w for w, c in df.items() if c >= 2) or sorted(df)
    if not vocab:
        return []
    v_index = {w: n for n, w in enumerate(vocab)}
    n_docs = len(keep)
    idf = np.array([math.log((1 + n_docs) / (1 + df[w])) + 1 for w in vocab])
    x = np.zeros((n_docs, len(vocab)))
    for row, j in enumerate(keep):
        for w, c in Counter(docs[j]).items():
            if w in v_index:
                x[row, v_index[w]] = (1 + math.log(c)) * idf[v_index[w]]
    norms = np.linalg.norm(x, axis=1)
    nz = norms > 0
    x[nz] /= norms[nz, None]
    if k is None:
        k = max(1, min(12, round(math.sqrt(n_docs / 3))))
    k = max(1, min(k, int(nz.sum())))
    labels, centroids = _kmeans(x, k, seed)
    topics: list[Topic] = []
    for c in range(k):
        rows = np.flatnonzero((labels == c) & nz)
        if len(rows) < min_size:
            continue
        centroid = centroids[c]
        top = np.argsort(-centroid)[:8]
        words = [vocab[t] for t in top if centroid[t] > 0]
        sims = x[rows] @ centroid
        order = rows[np.argsort(-sims)]
        members = [index[keep[r]] for r in order]
        examples = [redact(texts[m]) for m in members[:3]]
        topics.append(
            Topic(label=", ".join(words[:3]), words=words, examples=examples, size=len(rows), members=members)
        )
    topics.sort(key=lambda t: -t.size)
    return topics


def _kmeans(x: np.ndarray, k: int, seed: int, iterations: int = 30) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    assert isinstance(x, np.ndarray)
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    centroids = [x[rng.integers(n)]]
    for _ in range(1, k):  # k-means++ on cosine distance
        sims = np.max(np.stack([x @ c for c in centroids]), axis=0)
        dist = np.clip(1.0 - sims, 0, None) ** 2
        total = dist.sum()
        centroids.append(x[rng.choice(n, p=dist / total)] if total > 0 else x[rng.integers(n)])
    c = np.stack(centroids)
    labels = np.zeros(n, dtype=int)
    for _ in range(iterations):
        new = np.argmax(x @ c.T, axis=1)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
        for j in range(k):
            members = x[labels == j]
            if len(members):
                m = members.sum(axis=0)
                norm = np.linalg.norm(m)
                c[j] = m / norm if norm > 0 else m
    return labels, c


def topic_to_theme(topic: Topic, theme_id: str, label: str, *, description: str = "", weight: float = 2.0) -> Theme:
    """A new theme whose lexicon is the topic's typical words (the analyst edits it further)."""
    terms = dict.fromkeys(topic.words[:8], weight)
    return Theme(id=theme_id, label={"sv": label}, description=description or f"Från ämnet: {topic.label}", terms=terms)
