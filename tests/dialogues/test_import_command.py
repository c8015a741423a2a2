# ruff: noqa: F811 - pytest fixtures imported from tests.dialogues.data_fixtures
"""`manage.py import_dialogues`: the wizard's validation from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from lofte.dialogues.models import Dialogue, ImportBatch
from tests.dialogues.data_fixtures import campaign, centrum_area, csv_file, media, rows, torget, xlsx_file  # noqa: F401

pytestmark = pytest.mark.usefixtures("media")

# Headers the automatic mapping recognises: attribute names and the questions' own wording.
HEADERS = [
    "Datum",
    "Plats",
    "Ålder",
    "Kön",
    "Var någonstans känner du dig otrygg?",
    "När känner du dig otrygg där?",
    "Varför känner du dig otrygg där?",
    "Vad skulle få dig att känna dig tryggare?",
    "Hur trygg känner du dig i ditt område?",
    "Intervjuare",
]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dialogues", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_file_with_the_guessed_mapping(campaign, tmp_path):
    path = tmp_path / "dialoger.xlsx"
    path.write_bytes(xlsx_file(rows(5), HEADERS))
    out, _err = run(str(path), "--campaign", campaign.slug)
    assert "5 dialoger importerades" in out
    assert Dialogue.objects.filter(campaign=campaign, channel="import").count() == 5
    out, _err = run(str(path), "--campaign", campaign.slug)
    assert "0 dialoger importerades, 5 fanns redan" in out
    assert Dialogue.objects.count() == 5


def test_errors_go_to_stderr_by_row_and_column_and_nothing_is_stored(campaign, tmp_path):
    data_rows = rows(3)
    data_rows[1][8] = "9"
    path = tmp_path / "fel.csv"
    path.write_bytes(csv_file(data_rows, HEADERS))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="fel på 1 rad\\. Inget har sparats.*--only-valid") as refused:
        call_command("import_dialogues", str(path), "--campaign", campaign.slug, stdout=out, stderr=err)
    assert "1 rader" not in str(refused.value)
    assert (
        "Rad 3 i filen, kolumn Hur trygg känner du dig i ditt område? (I): Ange en siffra från 1 till 5."
        in err.getvalue()
    )
    assert not Dialogue.objects.exists()


def test_only_valid_imports_the_rest(campaign, tmp_path):
    data_rows = rows(3)
    data_rows[1][8] = "9"
    path = tmp_path / "fel.csv"
    path.write_bytes(csv_file(data_rows, HEADERS))
    out, _err = run(str(path), "--campaign", campaign.slug, "--only-valid")
    assert "2 dialoger importerades" in out and "1 rad med fel" in out
    assert Dialogue.objects.count() == 2


def test_a_missing_file_is_named_in_swedish(campaign, tmp_path):
    path = tmp_path / "finns-inte.csv"
    with pytest.raises(CommandError) as error:
        run(str(path), "--campaign", campaign.slug)
    assert str(error.value) == f"Filen {path} finns inte. Kontrollera sökvägen."


def test_a_required_question_without_a_column_gives_every_row_an_error_not_a_crash(campaign, tmp_path):
    campaign.questions.filter(key="what_safer").update(required=True)
    headers = [h for h in HEADERS if h != "Vad skulle få dig att känna dig tryggare?"]
    index = HEADERS.index("Vad skulle få dig att känna dig tryggare?")
    data_rows = [row[:index] + row[index + 1 :] for row in rows(2)]
    path = tmp_path / "utan-fraga.csv"
    path.write_bytes(csv_file(data_rows, headers))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="fel på 2 rader"):
        call_command("import_dialogues", str(path), "--campaign", campaign.slug, stdout=out, stderr=err)
    assert "Den obligatoriska frågan ”Vad skulle få dig att känna dig tryggare?” har ingen kolumn" in err.getvalue()
    assert err.getvalue().count("Frågan måste besvaras.") == 2
    assert "2 rader, 0 giltiga, 2 med fel." in out.getvalue()
    assert not Dialogue.objects.exists()


def test_dry_run_stores_nothing(campaign, tmp_path):
    path = tmp_path / "dialoger.csv"
    path.write_bytes(csv_file(rows(3), HEADERS))
    out, _err = run(str(path), "--campaign", campaign.slug, "--dry-run")
    assert "Provkörning" in out
    assert not Dialogue.objects.exists() and not ImportBatch.objects.exists()


def test_a_hostile_file_or_unknown_campaign_is_a_clear_error(campaign, tmp_path):
    path = tmp_path / "bild.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n....")
    with pytest.raises(CommandError, match="inte ett kalkylark"):
        run(str(path), "--campaign", campaign.slug)
    with pytest.raises(CommandError, match="finns inte"):
        run(str(path), "--campaign", "saknas")


def test_a_file_gone_before_it_is_checked_is_a_clear_command_error(campaign, tmp_path, monkeypatch):
    from lofte.dialogues.management.commands import import_dialogues

    real = import_dialogues.dialogue_import_set_mapping

    def set_mapping_then_lose_the_file(*, batch, **kwargs):  # type: ignore[no-untyped-def]
        batch = real(batch=batch, **kwargs)
        batch.file.delete(save=True)  # as the daily cull does to an upload it finds
        return batch

    monkeypatch.setattr(import_dialogues, "dialogue_import_set_mapping", set_mapping_then_lose_the_file)
    path = tmp_path / "dialoger.xlsx"
    path.write_bytes(xlsx_file(rows(2), HEADERS))
    with pytest.raises(CommandError, match="Den uppladdade kopian av filen finns inte längre kvar"):
        run(str(path), "--campaign", campaign.slug)
    assert not Dialogue.objects.exists()
