"""The demo's dialogues: five rounds, realistic and varied answers, idempotent and independent of the dev set."""

from __future__ import annotations

import json
import random
from pathlib import Path

from lofte.core import demo as core_demo
from lofte.dialogues.demo_answers import THEMES, AnswerWriter
from lofte.dialogues.models import Campaign, Dialogue, PopulationFigure
from lofte.dialogues.overview import representation

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "answers_dev.jsonl"


def test_the_demo_loads_five_rounds_once_and_twice_adds_nothing(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    core_demo.run(seed=2020)
    counts = {c.year: c.dialogues.count() for c in Campaign.objects.filter(partnership__slug="sjostad")}
    assert counts == {2016: 220, 2017: 310, 2018: 400, 2019: 480, 2020: 600}
    keys = set(Dialogue.objects.values_list("idempotency_key", flat=True))
    figures = PopulationFigure.objects.count()
    core_demo.run(seed=2020)
    assert Dialogue.objects.count() == 2010
    assert set(Dialogue.objects.values_list("idempotency_key", flat=True)) == keys
    assert PopulationFigure.objects.count() == figures
    latest = Campaign.objects.get(slug="sjostad-2020")
    # Young men are hard to reach in the street: the overview warns about it.
    assert any(row.label.startswith("Män") for row in representation(latest).warnings)
    # Mostly evenings and nights, and the seed's patterns are there to find.
    times = [
        t for answers in latest.dialogues.values_list("answers", flat=True) for t in answers.get("when_unsafe", [])
    ]
    assert times.count("evening") + times.count("night") > times.count("day") + times.count("morning")
    text = " ".join(latest.dialogues.values_list("free_text", flat=True)).lower()
    for word in ("mörkt", "belysning", "fulla", "knark", "polis", "fältare", "mopeder", "bedrag"):
        assert word in text, word


def test_answers_are_varied_and_reproducible() -> None:
    first = [AnswerWriter(random.Random(1), year=2020).conversation() for _ in range(1)]
    again = [AnswerWriter(random.Random(1), year=2020).conversation() for _ in range(1)]
    assert first == again
    writer = AnswerWriter(random.Random(5), year=2020)
    whys = [writer.conversation()["why_unsafe"] for _ in range(600)]
    assert len(set(whys)) > 400  # hardly any two residents say it the same way
    assert sum(len(t["why"]) for t in THEMES.values()) > 200


def test_the_demo_answers_share_no_text_with_the_text_engines_dev_set() -> None:
    if not DEV_SET.exists():
        return
    dev = {
        json.loads(line)["text"].strip().lower() for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line
    }
    # Two-word answers like "bättre belysning" are what everybody says; longer phrasings must be our own.
    pool = {
        p.lower() for t in THEMES.values() for key in ("why", "safer", "prio") for p in t[key] if len(p.split()) > 2
    }
    assert not (pool & dev)
