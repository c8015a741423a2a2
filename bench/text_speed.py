"""Speed and memory of the text engine on one core. Prints figures; asserts nothing.

    .venv/bin/python bench/text_speed.py            # all figures (about a minute)
    .venv/bin/python bench/text_speed.py --quick    # 20,000 instead of 200,000 answers

Targets (the issue's): >= 5,000 answers/s on one core coded with places, times and redaction; a 600-answer
campaign fully analysed (coding, topics, quotes) in < 2 s; 200,000 answers in < 60 s; memory < 500 MB; CLI
start < 1.5 s. The load average is printed: wall-time figures mean little on a busy machine.

The main corpus recombines the dev set's sentences, so after the first pass every word is in the engine's
per-token caches. Real answers bring new words (misspellings, compounds, names), so a second corpus gives
every answer three words the engine has never seen, coded by an engine with a trained model loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import summary  # noqa: E402

DEV = ROOT / "tests" / "data" / "answers_dev.jsonl"
FALLBACK = [
    "Mörkt i parken på kvällarna",
    "knarkare vid stationen",
    "Fulla ungdomar vid torget på helgerna",
    "Gatubelysningen är trasig vid busshållplatsen",
    "Mer poliser och nattvandrare behövs",
    "Mopeder som kör för fort genom centrum",
    "Klotter och skräp i gångtunneln",
    "cykelstölder vid resecentrum",
]
NAMES = ["Anna", "Per", "Johan", "Fatima", "Rosa", "Erik"]
PLACES = [
    {"id": "sp", "name": "Stadsparken", "aliases": ["parken vid torget"], "kind": "park"},
    {"id": "rc", "name": "Resecentrum", "aliases": ["stationen", "busstationen"], "kind": "resecentrum"},
    {"id": "st", "name": "Stora torget", "aliases": ["torget"], "kind": "torg"},
    {"id": "nb", "name": "Norrby", "aliases": ["Norrbyområdet"], "kind": "area"},
]


def corpus(n: int, seed: int = 1) -> list[str]:
    """``n`` answers made by recombining the dev set's sentences with numbers, names and places."""
    base = (
        [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
        if DEV.exists()
        else FALLBACK
    )
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts = [rng.choice(base)]
        if rng.random() < 0.3:
            parts.append(rng.choice(base))
        if rng.random() < 0.05:
            parts.append(f"Ring {rng.choice(NAMES)} på 070-{rng.randint(100, 999)} {rng.randint(10, 99)} 00.")
        if rng.random() < 0.1:
            parts.append(f"Särskilt vid {rng.choice(PLACES)['name']} runt kl {rng.randint(18, 23)} (svar {i}).")
        out.append(" ".join(parts))
    return out


SYLLABLES = ["kro", "ståp", "lin", "dess", "varp", "gul", "snö", "brak", "mil", "te", "ång", "frö", "plux"]
HEADS = ["vägen", "parken", "gården", "torget", "stigen", "hallen", "bron", "lampan", "kiosken", "gänget"]


def unseen_word(rng: random.Random, i: int) -> str:
    """A word no cache has seen: a made-up compound, a misspelt word or a made-up name."""
    kind = i % 3
    stem = "".join(rng.choice(SYLLABLES) for _ in range(2)) + str(i)  # the number keeps each word new
    if kind == 0:
        return stem + rng.choice(HEADS)
    if kind == 1:
        word = rng.choice(["belysningen", "ungdomarna", "busshållplatsen", "narkotikan", "fritidsgården"])
        cut = rng.randrange(2, len(word) - 1)
        return word[:cut] + word[cut + 1 :] + stem
    return stem.capitalize()


def unseen_corpus(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    base = corpus(n, seed=seed)
    return [
        f"{text} {unseen_word(rng, 3 * i)} {unseen_word(rng, 3 * i + 1)} {unseen_word(rng, 3 * i + 2)}"
        for i, text in enumerate(base)
    ]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--quick", action="store_true")
    quick = args.parse_args().quick

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, one process, one core; load average {load:.1f} on {os.cpu_count()} CPUs")
    start = time.perf_counter()
    from lofte.text import Engine, Gazetteer, discover_topics, load_taxonomy, representative_quotes

    engine = Engine(load_taxonomy(), Gazetteer.from_json(PLACES))
    engine.code("uppvärmning")
    print(f"import + load: {time.perf_counter() - start:.2f} s")

    # CLI start-up: a fresh interpreter coding one answer.
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "lofte.text", "code"],
            input='{"id": 1, "text": "mörkt i parken"}\n',
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        times.append(time.perf_counter() - t0)
    print(f"CLI start-up (python -m lofte.text code, one answer): {min(times):.2f} s (best of 3), target < 1.5 s")

    # A 600-answer campaign, fully analysed, with a fresh engine (cold caches) and then warm.
    campaign = corpus(600, seed=600)
    for label, eng in (("cold", None), ("warm", engine)):
        t0 = time.perf_counter()
        e = eng or Engine(load_taxonomy(), Gazetteer.from_json(PLACES))
        codings = e.code_many(campaign)
        topics = discover_topics(campaign, codings=codings)
        quotes = {t: representative_quotes(campaign, codings, t) for t in e.taxonomy.ids}
        elapsed = time.perf_counter() - t0
        print(
            f"600-answer campaign, {label} ({len(topics)} topics, {sum(map(len, quotes.values()))} quotes): "
            f"{elapsed:.2f} s, target < 2 s"
        )

    # Throughput, streamed the way the CLI codes a batch: code, write out, forget.
    n = 20_000 if quick else 200_000
    texts = corpus(n, seed=n)
    themes = places = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for start in range(0, n, 1000):
        for coding in engine.code_many(texts[start : start + 1000]):
            themes += len(coding.themes)
            places += len(coding.places)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    words = sum(len(t.split()) for t in texts)
    print(
        f"{n:,} answers ({words / n:.1f} words each) coded with places, times and redaction: {elapsed:.1f} s = "
        f"{n / elapsed:,.0f} answers/s (target >= 5,000/s; 200,000 in < 60 s)"
    )
    print(
        f"  CPU time of this process: {cpu:.1f} s = {n / cpu:,.0f} answers/s per core (wall time suffers when "
        "other processes share the machine)"
    )
    print(f"themes found: {themes:,}; places: {places:,}")
    summary.record(
        "text engine", f"answers coded per second ({n:,} answers)", n / elapsed, "answers/s", target=">= 5,000"
    )

    # New words in every answer, and a trained model loaded, as in a municipality's real second year.
    from lofte.text import Model

    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    model = Model.train(((r["text"], r["themes"]) for r in rows), engine.taxonomy)
    with_model = Engine(load_taxonomy(), Gazetteer.from_json(PLACES), model=model)
    m = 10_000 if quick else 50_000
    fresh = unseen_corpus(m, seed=m)
    with_model.code_many(fresh[:200])  # warm the fixed vocabulary only; every later answer has new words
    c0 = time.process_time()
    t0 = time.perf_counter()
    for start in range(200, m, 1000):
        with_model.code_many(fresh[start : start + 1000])
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(
        f"{m - 200:,} answers with 3 unseen words each, trained model loaded: {elapsed:.1f} s = "
        f"{(m - 200) / elapsed:,.0f} answers/s ({(m - 200) / cpu:,.0f}/s CPU), target >= 5,000/s"
    )
    print(f"peak memory (max RSS): {peak_mb():.0f} MB, target < 500 MB")


if __name__ == "__main__":
    main()
