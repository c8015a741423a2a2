"""Analysis runs: the background task codes and stores every answer; corrections teach the next run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from lofte.analysis.models import AnalysisRun, CandidateTopic, DialogueCoding, TrainedModel
from lofte.analysis.selectors import run_is_current
from lofte.analysis.services import (
    analysis_run_execute,
    analysis_run_start,
)
from lofte.core.models import AuditEntry
from lofte.dialogues.models import Dialogue
from lofte.text import ENGINE_VERSION


def run_now(campaign, by=None) -> AnalysisRun:
    run = analysis_run_start(campaign=campaign, by=by, enqueue=False)
    return analysis_run_execute(run_id=run.pk)


def coding_of(run: AnalysisRun, text_start: str) -> DialogueCoding:
    return DialogueCoding.objects.get(run=run, dialogue__free_text__startswith=text_start)


def test_analyst_starts_a_run_and_the_task_stores_every_answers_coding(
    immediate_tasks, login, sjostad_analyst, campaign, django_capture_on_commit_callbacks
):
    client = login(sjostad_analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/analys/omgang/{campaign.slug}/kor/")
    assert response.status_code == 302
    run = AnalysisRun.objects.get(campaign=campaign)
    assert run.status == AnalysisRun.Status.DONE, run.error
    assert run.engine_version == ENGINE_VERSION
    assert run.dialogue_count == campaign.dialogues.count() == DialogueCoding.objects.filter(run=run).count()
    assert run.taxonomy["themes"][0]["id"] == "belysning"
    assert run.duration_ms is not None and run.started_at and run.finished_at
    dark = coding_of(run, "Mörkt och knarkare")
    assert {"belysning", "narkotika", "offentliga_platser"} <= set(dark.themes)
    assert dark.final_themes == dark.themes and not dark.reviewed
    assert "Mörkt" in dark.triggers["belysning"]
    assert {"evening", "darkness"} <= set(dark.times)
    assert any(p["name"] == "Resecentrum" for p in dark.places)
    assert coding_of(run, "Jag känner mig trygg").themes == ["annat"]
    # The time question's ticked answer counts as a time too.
    assert "night" in coding_of(run, "Synliga vuxna").times
    assert run.quotes["belysning"]
    assert sorted(DialogueCoding.objects.filter(run=run).values_list("review_rank", flat=True)) == list(
        range(run.dialogue_count)
    )
    assert AuditEntry.objects.filter(action="analysis.run_start", actor=sjostad_analyst).exists()


def test_a_second_start_while_a_run_is_queued_returns_the_same_run(campaign, sjostad_analyst):
    first = analysis_run_start(campaign=campaign, by=sjostad_analyst, enqueue=False)
    second = analysis_run_start(campaign=campaign, by=sjostad_analyst, enqueue=False)
    assert first.pk == second.pk
    assert AnalysisRun.objects.filter(campaign=campaign).count() == 1


def test_a_failing_run_is_recorded_as_failed_with_nothing_half_stored(campaign, monkeypatch):
    run = analysis_run_start(campaign=campaign, by=None, enqueue=False)

    def broken(*args, **kwargs):
        raise RuntimeError("trasig modell")

    monkeypatch.setattr("lofte.analysis.services.discover_topics", broken)
    run = analysis_run_execute(run_id=run.pk)
    assert run.status == AnalysisRun.Status.FAILED
    assert "trasig modell" in run.error
    assert not DialogueCoding.objects.filter(run=run).exists()


def test_training_with_no_reviewed_answers_says_how_many_are_needed(campaign, sjostad_analyst, login):
    client = login(sjostad_analyst)
    response = client.post("/analys/sjostad/modell/", follow=True)
    assert "Granska 20 svar till" in response.content.decode()
    assert not TrainedModel.objects.exists()


def test_quotes_are_single_answers_not_whole_dialogues(campaign):
    Dialogue.objects.create(
        campaign=campaign,
        channel="field",
        conducted_at=dt.datetime(2020, 9, 30, tzinfo=dt.UTC),
        free_text="nej inte direkt\nNEJ INTE EGENTLIGEN\nGatubelysningen i tunneln är trasig och det är mörkt\nVet inte",
    )
    run = run_now(campaign)
    quotes = [q for items in run.quotes.values() for q in items]
    assert quotes and not any("\n" in q or "NEJ INTE" in q or "Vet inte" in q for q in quotes)
    assert any(q.startswith("Gatubelysningen i tunneln") for q in run.quotes["belysning"])
    assert "annat" not in run.quotes


def test_topics_are_found_among_answers_with_no_theme(campaign):
    for i, text in enumerate(
        ["Sätt upp fler kameror", "Kameror borde finnas", "Fler kameror tack", "Kameraövervakning med kameror"]
    ):
        Dialogue.objects.create(
            campaign=campaign, channel="web", conducted_at=dt.datetime(2020, 9, 20 + i, tzinfo=dt.UTC), free_text=text
        )
    run = run_now(campaign)
    topics = list(CandidateTopic.objects.filter(run=run))
    assert topics
    assert any("kamera" in t.words for t in topics), [(t.label, t.words) for t in topics]
    assert all(t.size == len(t.dialogue_ids) for t in topics)


def test_the_command_analyses_a_campaign_synchronously(campaign, capsys):
    call_command("analyse_campaign", campaign.slug, "--sync")
    run = AnalysisRun.objects.get(campaign=campaign)
    assert run.status == AnalysisRun.Status.DONE
    assert "kodade" in capsys.readouterr().out
    assert run_is_current(run, campaign)
    Dialogue.objects.create(
        campaign=campaign, channel="web", conducted_at=dt.datetime(2020, 9, 30, tzinfo=dt.UTC), free_text="Ny text"
    )
    assert not run_is_current(run, campaign)


def test_the_command_refuses_an_unknown_campaign(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ingen dialogomgång"):
        call_command("analyse_campaign", "finns-inte", "--sync")
