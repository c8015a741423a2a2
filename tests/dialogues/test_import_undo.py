# ruff: noqa: F811 - pytest fixtures imported from tests.dialogues.data_fixtures
"""Undoing an import: what it stored goes, but never a dialogue someone corrected since."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.dialogues.imports import dialogue_import_run, dialogue_import_set_mapping, dialogue_import_upload
from lofte.dialogues.models import Dialogue, ImportBatch
from lofte.dialogues.services import dialogue_correct
from tests.dialogues.data_fixtures import campaign, centrum_area, csv_file, media, rows, torget  # noqa: F401
from tests.dialogues.test_import import MAPPING

pytestmark = pytest.mark.usefixtures("media")


def _imported(campaign, user, count: int = 3) -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = dialogue_import_upload(campaign=campaign, by=user, filename="dialoger.csv", data=csv_file(rows(count)))
    batch = dialogue_import_set_mapping(batch=batch, by=user, mapping=MAPPING)
    dialogue_import_run(campaign=campaign, by=user, batch=batch, only_valid=False)
    batch.refresh_from_db()
    return batch


def _correct(dialogue: Dialogue, by, why: str) -> None:  # type: ignore[no-untyped-def]
    dialogue_correct(
        dialogue=dialogue,
        by=by,
        answers={**dialogue.answers, "why_unsafe": why},
        place=dialogue.place,
        age_band=dialogue.age_band,
        gender=dialogue.gender,
    )


def test_undoing_an_import_keeps_a_dialogue_the_analyst_corrected_and_says_so(login, campaign, sjostad_analyst):
    batch = _imported(campaign, sjostad_analyst)
    corrected = Dialogue.objects.filter(import_batch=batch).order_by("conducted_at").first()
    _correct(corrected, sjostad_analyst, "Rättad av analytikern: mörkt vid busskuren")
    client = login(sjostad_analyst)

    status = client.get(batch.get_absolute_url()).content.decode()
    assert "1 dialog har rättats efter importen. Den behålls när importen ångras" in status

    response = client.post(reverse("dialogues:import_undo", args=[batch.pk]), follow=True)

    assert list(Dialogue.objects.filter(campaign=campaign)) == [corrected]
    corrected.refresh_from_db()
    assert corrected.answers["why_unsafe"] == "Rättad av analytikern: mörkt vid busskuren"
    assert AuditEntry.objects.filter(action="dialogue.correct", target_id=str(corrected.pk)).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    entry = AuditEntry.objects.get(action="dialogue_import.undo", target_id=str(batch.pk))
    assert entry.changes["removed"] == 2 and entry.changes["kept_corrected"] == 1
    page = response.content.decode()
    assert "Importen ångrades: 2 dialoger togs bort." in page
    assert "1 dialog som rättats efter importen behölls, så att rättelsen inte går förlorad." in page


def test_importing_the_file_again_after_an_undo_does_not_duplicate_the_kept_correction(campaign, sjostad_analyst):
    from lofte.dialogues.imports import dialogue_import_undo

    batch = _imported(campaign, sjostad_analyst)
    corrected = Dialogue.objects.filter(import_batch=batch).order_by("conducted_at").first()
    _correct(corrected, sjostad_analyst, "Rättad text")
    assert dialogue_import_undo(batch=batch, by=sjostad_analyst) == 2

    again = _imported(campaign, sjostad_analyst)

    assert again.imported_rows == 2 and again.duplicate_rows == 1
    assert Dialogue.objects.filter(campaign=campaign).count() == 3
    assert Dialogue.objects.get(pk=corrected.pk).answers["why_unsafe"] == "Rättad text"


def test_an_uncorrected_import_is_undone_completely_without_a_note_about_kept_dialogues(
    login, campaign, sjostad_analyst
):
    batch = _imported(campaign, sjostad_analyst)
    client = login(sjostad_analyst)
    assert "har rättats efter importen" not in client.get(batch.get_absolute_url()).content.decode()

    page = client.post(reverse("dialogues:import_undo", args=[batch.pk]), follow=True).content.decode()

    assert not Dialogue.objects.filter(campaign=campaign).exists()
    assert "Importen ångrades: 3 dialoger togs bort." in page and "behölls" not in page
