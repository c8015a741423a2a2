"""Command line for batch use: ``python -m lofte.text code|train|evaluate|topics|redact``.

python -m lofte.text code < answers.jsonl > coded.jsonl
python -m lofte.text train --data coded_by_analysts.jsonl --out model.json
python -m lofte.text evaluate --data tests/data/answers_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from lofte.text.engine import Engine
from lofte.text.places import Gazetteer
from lofte.text.taxonomy import load_taxonomy

BATCH = 2000


def _engine(args: argparse.Namespace, *, with_model: bool = True) -> Engine:
    from lofte.text.model import Model

    taxonomy = load_taxonomy(args.taxonomy)
    gazetteer = Gazetteer.load(args.places) if getattr(args, "places", None) else None
    model = Model.load(args.model) if with_model and getattr(args, "model", None) else None
    return Engine(taxonomy, gazetteer, model)


def _read_jsonl(stream: TextIO, err: TextIO | _CountingWriter) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each readable line; a clear message on ``err`` for each bad one."""
    for number, line in enumerate(stream, 1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a UTF-8 byte-order mark (Excel and Windows exports)
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            err.write(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}); skipped\n")
            continue
        if not isinstance(obj, dict):
            err.write(f'line {number}: expected a JSON object with "id" and "text"; skipped\n')
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            err.write(f'line {number}: "text" is missing or not a string; skipped\n')
            continue
        yield number, obj


def cmd_code(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    engine = _engine(args)
    errors = _CountingWriter(stderr)
    count = 0
    for number, obj in _read_jsonl(stdin, errors):
        try:
            coding = engine.code(obj["text"])
        except Exception as exc:  # one odd answer must not stop a batch of thousands
            errors.write(f"line {number}: could not be coded ({type(exc).__name__}: {exc}); skipped\n")
            continue
        stdout.write(json.dumps({"id": obj.get("id"), **coding.to_json()}, ensure_ascii=False) + "\n")
        count += 1
    stdout.flush()
    if errors.count:
        stderr.write(f"{count} coded, {errors.count} line(s) skipped\n")
    return 1 if errors.count else 0


class _CountingWriter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.count = 0

    def write(self, s: str) -> int:
        self.count += 1
        return self.stream.write(s)


def _labelled(path: str, stderr: TextIO) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8-sig") as fh:
        rows = []
        for number, obj in _read_jsonl(fh, stderr):
            themes = obj.get("themes")
            if not isinstance(themes, list):
                stderr.write(f'line {number}: "themes" is missing or not a list; skipped\n')
                continue
            rows.append(obj)
    return rows


def cmd_train(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from lofte.text.model import Model

    engine = _engine(args, with_model=False)
    rows = _labelled(args.data, stderr)
    start = time.perf_counter()
    model = Model.train(((r["text"], r["themes"]) for r in rows), engine=engine, l2=args.l2)
    model.save(args.out)
    stdout.write(
        f"trained on {len(rows)} answers, {model.meta['features']} features, "
        f"in {time.perf_counter() - start:.2f} s -> {args.out}\n"
    )
    return 0


def cmd_evaluate(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from lofte.text.evaluate import score
    from lofte.text.model import Model, folds, train_test_split

    engine = _engine(args, with_model=False)
    rows = _labelled(args.data, stderr)
    themes = engine.taxonomy.ids
    if args.folds:
        splits = folds(rows, args.folds, args.seed)
        how = f"{args.folds}-fold cross-validation (seed {args.seed})"
    else:
        splits = [train_test_split(rows, args.test, args.seed)]
        how = f"held-out split: {1 - args.test:.0%} train / {args.test:.0%} test (seed {args.seed})"
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    lexicon_only: list[list[str]] = []
    for train, test in splits:
        trained = Engine(
            engine.taxonomy,
            engine.gazetteer,
            Model.train(((r["text"], r["themes"]) for r in train), engine=engine, l2=args.l2),
        )
        for r in test:
            gold.append(r["themes"])
            predicted.append(trained.code(r["text"]).themes)
            lexicon_only.append(engine.code(r["text"]).themes)
    result = score(gold, predicted, themes)
    base = score(gold, lexicon_only, themes)
    if args.json:
        stdout.write(
            json.dumps(
                {"method": how, "lexicon_and_model": result.to_json(), "lexicon_only": base.to_json()},
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        stdout.write(f"{how}; {len(rows)} labelled answers, {len(gold)} tested\n\n")
        stdout.write("lexicon + model\n" + result.table() + "\n\n")
        stdout.write(f"lexicon only: micro F1 {base.micro_f1:.3f}, macro F1 {base.macro_f1:.3f}\n")
    return 0


def cmd_topics(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from lofte.text.topics import discover_topics

    engine = _engine(args)
    texts = [obj["text"] for _, obj in _read_jsonl(stdin, stderr)]
    codings = engine.code_many(texts)
    for topic in discover_topics(texts, args.k, codings=codings):
        stdout.write(
            json.dumps(
                {"label": topic.label, "words": topic.words, "size": topic.size, "examples": topic.examples},
                ensure_ascii=False,
            )
            + "\n"
        )
    return 0


def cmd_redact(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from lofte.text.redact import redact

    for number, line in enumerate(stdin, 1):
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        stdout.write(redact(line.rstrip("\r\n")) + "\n")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lofte.text", description="Löfte's Swedish text engine")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--taxonomy", metavar="FILE", help="taxonomy JSON (default: the shipped 17 themes)")
        sp.add_argument(
            "--places", metavar="FILE", help="the organisation's places: JSON list of {name, aliases, kind}"
        )

    c = sub.add_parser("code", help="code JSON Lines {id, text} from stdin to stdout")
    common(c)
    c.add_argument("--model", metavar="FILE", help="a trained model (from `train`)")
    t = sub.add_parser("train", help="train a model on labelled JSON Lines {text, themes}")
    common(t)
    t.add_argument("--data", required=True, metavar="FILE.jsonl")
    t.add_argument("--out", required=True, metavar="model.json")
    t.add_argument("--l2", type=float, default=1.0, help="regularisation (higher keeps closer to the lexicon)")
    e = sub.add_parser("evaluate", help="per-theme P/R/F1 on held-out labelled data")
    common(e)
    e.add_argument("--data", required=True, metavar="FILE.jsonl")
    e.add_argument("--test", type=float, default=0.4, help="fraction held out (default 0.4)")
    e.add_argument("--folds", type=int, default=0, help="k-fold cross-validation instead of one split")
    e.add_argument("--seed", type=int, default=13)
    e.add_argument("--l2", type=float, default=1.0)
    e.add_argument("--json", action="store_true")
    tp = sub.add_parser("topics", help="candidate topics among the answers on stdin that fit no theme")
    common(tp)
    tp.add_argument("--model", metavar="FILE")
    tp.add_argument("-k", type=int, default=None, help="number of topics (default: from the data)")
    sub.add_parser("redact", help="mask personal data in each line of stdin")
    return p


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    args = parser().parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    commands = {
        "code": cmd_code,
        "train": cmd_train,
        "evaluate": cmd_evaluate,
        "topics": cmd_topics,
        "redact": cmd_redact,
    }
    try:
        return commands[args.command](args, stdin, stdout, stderr)
    except (OSError, ValueError) as exc:
        stderr.write(f"error: {exc}\n")
        return 2
