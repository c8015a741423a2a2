"""The demo: Sjöstad's organisations and staff, five dialogue rounds, realistic and varied answers, idempotent and independent of the dev set."""

from __future__ import annotations

import io
import json
import random
from collections import Counter
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lofte.analysis.models import AnalysisRun
from lofte.core import demo as core_demo
from lofte.core.models import Area, Membership, OnCallNumber, Organisation, Partnership, Place, User
from lofte.dialogues.demo_answers import THEMES, AnswerWriter
from lofte.dialogues.models import Campaign, Dialogue, PopulationFigure
from lofte.dialogues.overview import representation

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "answers_dev.jsonl"


def test_the_demo_loads_five_rounds_once_and_twice_adds_nothing(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    # `make demo` prints a login for every role, and how to get the second factor where one is needed.
    for login in ("admin@sjostad.example", "dialog@sjostad.example", "handlaggare@sjostad.example"):
        assert login in printed
    assert "make otp USER=analytiker" in printed and core_demo.DEMO_PASSWORD in printed
    counts = {c.year: c.dialogues.count() for c in Campaign.objects.filter(partnership__slug="sjostad")}
    this_year = timezone.localdate().year
    assert counts == {2016: 220, 2017: 310, 2018: 400, 2019: 480, 2020: 600, this_year: 25}
    # This year's round is open on the web now, so the demo's public form answers.
    current = Campaign.objects.get(slug=f"sjostad-{this_year}")
    assert current.public_form_open and current.starts_on < timezone.localdate() < current.ends_on
    assert all(d.conducted_at <= timezone.now() for d in current.dialogues.all())
    assert not Campaign.objects.filter(year__lte=2020, public_form_open=True).exists()
    keys = set(Dialogue.objects.values_list("idempotency_key", flat=True))
    figures = PopulationFigure.objects.count()
    foundation = [m.objects.count() for m in (Organisation, Partnership, Area, Place, User, Membership, OnCallNumber)]
    assert foundation == [2, 1, 4, 30, 9, 8, 4]  # 8 staff and the platform administrator
    runs = AnalysisRun.objects.count()
    assert runs == 6  # every demo round analysed, this year's too
    call_command("load_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (Organisation, Partnership, Area, Place, User, Membership, OnCallNumber)] == (
        foundation
    )
    assert AnalysisRun.objects.count() == runs
    assert Dialogue.objects.count() == 2010 + 25
    assert set(Dialogue.objects.values_list("idempotency_key", flat=True)) == keys
    assert PopulationFigure.objects.count() == figures
    assert Campaign.objects.filter(slug=f"sjostad-{this_year}").count() == 1
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


def test_the_analysed_demo_shows_what_the_seed_describes(db, settings):
    """Evenings and nights in the centres; drunk and drug-affected people; lighting; visible adults and police;
    youth and drugs: the 2020 analysis finds each of them in a good share of the answers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    core_demo.run(seed=2020)
    run = AnalysisRun.objects.filter(campaign__slug="sjostad-2020").latest("pk")
    codings = list(run.codings.all())
    assert len(codings) == 600
    share = {
        theme: sum(theme in c.themes for c in codings) / len(codings)
        for theme in ("belysning", "narkotika", "alkohol_berusning", "synlig_narvaro", "ungdomar", "offentliga_platser")
    }
    assert all(value >= 0.15 for value in share.values()), share
    times = Counter(t for c in codings for t in c.times)
    assert times["evening"] + times["night"] > 3 * (times["morning"] + times["daytime"]), times
    centres = Counter(p["name"] for c in codings for p in c.places)
    assert {"Sjöstad centrum", "Resecentrum", "Stora torget"} <= {name for name, _n in centres.most_common(6)}, centres


def test_the_demo_has_a_public_web_form_open_this_year(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    core_demo.run(seed=2020)
    slug = f"sjostad-{timezone.localdate().year}"
    response = Client().get(f"/p/dialog/{slug}/")
    assert response.status_code == 200
    assert "Hur trygg känner du dig i ditt område?" in response.content.decode()
