"""Retraining on the analysts' verdicts: enough consistent corrections teach the next run, a few do not swing it."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from lofte.analysis.models import DialogueCoding, TrainedModel
from lofte.analysis.services import MIN_REVIEWED, analysis_model_train, coding_accept, coding_correct
from lofte.dialogues.demo_answers import AnswerWriter
from lofte.dialogues.models import Dialogue
from tests.analysis.test_runs import run_now

TEXT_KEYS = ("why_unsafe", "what_safer", "priorities", "contribute")
DOG_OWNERS = [
    "Hundägare som inte plockar upp efter sina hundar i parken.",
    "Hundägare som låter hundarna springa lösa och inte tar upp bajset.",
    "Hundägare lämnar påsar med hundbajs vid gångvägen.",
    "Hundägare som struntar i att plocka upp efter hunden.",
    "Hundägare som släpper hundar lösa på lekplatsen och lämnar skräp.",
    "Hundägare borde plocka upp efter sig i skogen.",
    "Hundägare kastar hundpåsar i buskarna.",
    "Hundägare som inte städar efter sina hundar på gräsmattan.",
]


def add_answers(campaign, texts: list[str]) -> list[Dialogue]:
    return [
        Dialogue.objects.create(
            campaign=campaign,
            channel="web",
            conducted_at=dt.datetime(2020, 9, 1 + i % 28, 12, tzinfo=dt.UTC),
            free_text=text,
        )
        for i, text in enumerate(texts)
    ]


@pytest.fixture
def big_campaign(campaign):
    """The Sjöstad campaign with 150 more answers written like the demo's (text answers joined by newlines)."""
    writer = AnswerWriter(random.Random(7), year=2020)
    texts = []
    for _ in range(150):
        answers = writer.conversation()
        texts.append("\n".join(v for k in TEXT_KEYS if isinstance(v := answers.get(k), str) and v.strip()))
    add_answers(campaign, texts)
    add_answers(campaign, DOG_OWNERS)
    return campaign


def review(run, by, *, corrected: dict[str, list[str]], accepted: int) -> None:
    codings = list(DialogueCoding.objects.filter(run=run).select_related("run", "dialogue").order_by("review_rank"))
    for coding in codings:
        if coding.dialogue.free_text in corrected:
            coding_correct(coding=coding, by=by, themes=corrected[coding.dialogue.free_text])
    others = [
        c for c in codings if c.dialogue.free_text not in corrected and not c.dialogue.free_text.startswith("Hund")
    ]
    for coding in others[:accepted]:
        coding_accept(coding=coding, by=by)


def changed_codings(before, after) -> int:
    old = dict(DialogueCoding.objects.filter(run=before).values_list("dialogue_id", "themes"))
    new = dict(DialogueCoding.objects.filter(run=after).values_list("dialogue_id", "themes"))
    return sum(1 for pk, themes in old.items() if new.get(pk) != themes)


def test_training_with_too_few_reviewed_answers_is_refused_saying_how_many_more(login, sjostad_analyst, big_campaign):
    run = run_now(big_campaign)
    review(run, sjostad_analyst, corrected={DOG_OWNERS[0]: ["nedskrapning"]}, accepted=3)
    response = login(sjostad_analyst).post("/analys/sjostad/modell/", follow=True)
    body = response.content.decode()
    assert f"minst {MIN_REVIEWED} svar är granskade" in body
    assert f"Granska {MIN_REVIEWED - 4} svar till" in body
    assert not TrainedModel.objects.exists()


def test_a_few_corrections_leave_the_rest_of_the_run_almost_unchanged(big_campaign, sjostad_analyst):
    first = run_now(big_campaign)
    # Three corrections among the twenty reviewed, none of them on a pattern the others share.
    corrected = {DOG_OWNERS[0]: ["nedskrapning"], DOG_OWNERS[3]: ["vald_hot"], DOG_OWNERS[6]: ["belysning"]}
    review(first, sjostad_analyst, corrected=corrected, accepted=MIN_REVIEWED - 3)
    trained = analysis_model_train(partnership=big_campaign.partnership, by=sjostad_analyst)
    assert trained.examples == MIN_REVIEWED and trained.corrected == 3
    second = run_now(big_campaign)
    assert second.model_id == trained.pk
    total = DialogueCoding.objects.filter(run=first).count()
    assert changed_codings(first, second) < 0.05 * total


def test_enough_consistent_corrections_change_the_coding_of_a_similar_unreviewed_answer(
    big_campaign, sjostad_analyst, police_analyst
):
    new = add_answers(big_campaign, ["Hundägare som inte plockar upp efter sina hundar vid badplatsen."])[0]
    first = run_now(big_campaign)
    assert "nedskrapning" not in DialogueCoding.objects.get(run=first, dialogue=new).themes
    corrected = {text: ["nedskrapning", "offentliga_platser"] for text in DOG_OWNERS[:6]}
    review(first, police_analyst, corrected=corrected, accepted=MIN_REVIEWED)
    trained = analysis_model_train(partnership=big_campaign.partnership, by=sjostad_analyst)
    assert trained.examples == MIN_REVIEWED + 6 and trained.corrected >= 1
    second = run_now(big_campaign)
    assert "nedskrapning" in DialogueCoding.objects.get(run=second, dialogue=new).themes
    kept = DialogueCoding.objects.get(run=second, dialogue__free_text=DOG_OWNERS[0])
    assert kept.reviewed and kept.final_themes == ["nedskrapning", "offentliga_platser"]


def test_the_next_run_learns_from_new_corrections_without_anyone_pressing_train(
    big_campaign, sjostad_analyst, police_analyst
):
    new = add_answers(big_campaign, ["Hundägare som inte plockar upp efter sina hundar vid badplatsen."])[0]
    first = run_now(big_campaign)
    assert first.model_id is None
    corrected = {text: ["nedskrapning", "offentliga_platser"] for text in DOG_OWNERS[:6]}
    review(first, police_analyst, corrected=corrected, accepted=MIN_REVIEWED)
    second = run_now(big_campaign)
    trained = TrainedModel.objects.get()
    assert second.model_id == trained.pk and trained.trained_by is None
    assert trained.examples == MIN_REVIEWED + 6
    assert "nedskrapning" in DialogueCoding.objects.get(run=second, dialogue=new).themes
    # Nothing new was reviewed: the third run reuses the model instead of training again.
    third = run_now(big_campaign)
    assert third.model_id == trained.pk and TrainedModel.objects.count() == 1


def test_a_run_with_too_few_reviews_keeps_to_the_lexicon(big_campaign, sjostad_analyst):
    first = run_now(big_campaign)
    review(first, sjostad_analyst, corrected={DOG_OWNERS[0]: ["nedskrapning"]}, accepted=3)
    second = run_now(big_campaign)
    assert second.model_id is None and not TrainedModel.objects.exists()
    assert DialogueCoding.objects.get(run=second, dialogue__free_text=DOG_OWNERS[0]).final_themes == ["nedskrapning"]
