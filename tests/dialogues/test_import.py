# ruff: noqa: F811 - pytest fixtures imported from tests.dialogues.data_fixtures
"""Importing dialogues from CSV and Excel files: validation by row and column, idempotency, hostile files."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lofte.core.models import AuditEntry
from lofte.core.retention import retention_run
from lofte.dialogues.imports import (
    ImportFileGone,
    ImportRefused,
    dialogue_import_preview,
    dialogue_import_run,
    dialogue_import_set_mapping,
    dialogue_import_upload,
    dialogue_import_validate,
)
from lofte.dialogues.models import ColumnMapping, Dialogue, ImportBatch
from lofte.lib.tabular import TableError
from tests.dialogues.data_fixtures import (  # noqa: F401 - fixtures
    HEADERS,
    campaign,
    centrum_area,
    csv_file,
    media,
    rows,
    torget,
    xlsx_file,
)

MAPPING = {
    "Datum": "conducted_date",
    "Plats": "place",
    "Ålder": "age_band",
    "Kön": "gender",
    "Var någonstans känner du dig otrygg?": "q:where_unsafe",
    "När?": "q:when_unsafe",
    "Varför känner du dig otrygg där?": "q:why_unsafe",
    "Vad skulle få dig att känna dig tryggare?": "q:what_safer",
    "Trygghet 1-5": "q:feel_safe",
    "Intervjuare": "interviewer",
}

pytestmark = pytest.mark.usefixtures("media")


def upload_and_map(campaign, user, data: bytes, filename: str = "dialoger.csv") -> ImportBatch:
    batch = dialogue_import_upload(campaign=campaign, by=user, filename=filename, data=data)
    return dialogue_import_set_mapping(batch=batch, by=user, mapping=MAPPING)


def test_analyst_imports_a_valid_csv_file_and_every_row_is_stored_redacted(campaign, sjostad_analyst, dialogue_staff):
    data_rows = rows(3)
    data_rows[0][6] = "Mörkt vid torget, ring mig på 070-123 45 67"
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(data_rows))

    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)

    assert result.imported == 3
    stored = list(Dialogue.objects.filter(campaign=campaign).order_by("conducted_at"))
    assert len(stored) == 3
    first = stored[0]
    assert first.channel == Dialogue.Channel.IMPORT
    assert first.place.name == "Resecentrum"
    assert first.age_band == "16-19" and first.gender == "woman"
    assert first.answers["when_unsafe"] == ["evening", "weekend"]
    assert first.answers["feel_safe"] == 1
    assert "070-123" not in first.answers["why_unsafe"] and "[telefon]" in first.free_text
    assert first.recorded_by == dialogue_staff  # "Mira" is a staff member of the partnership
    assert timezone.localtime(first.conducted_at).hour == 18
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.imported_rows == 3
    assert not batch.file  # the unredacted file is not kept
    assert AuditEntry.objects.filter(action="dialogue.import", target_id=str(batch.pk)).exists()


def test_an_xlsx_file_imports_like_a_csv_file(campaign, sjostad_analyst):
    batch = upload_and_map(campaign, sjostad_analyst, xlsx_file(rows(4)), "dialoger.xlsx")
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    assert result.imported == 4
    assert Dialogue.objects.filter(campaign=campaign, answers__feel_safe=4).count() == 1


def test_errors_are_reported_by_row_and_column_in_swedish_and_nothing_is_stored(campaign, sjostad_analyst):
    data_rows = rows(4)
    data_rows[1][8] = "7"  # row 3 in the file: scale out of range
    data_rows[2][0] = "igår"  # row 4: unreadable date
    data_rows[2][2] = "hundra"  # row 4: unreadable age
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(data_rows))

    validation = dialogue_import_validate(batch=batch)

    found = {(e.row, e.column.split(" (")[0]): e.message for e in validation.errors}
    assert found[(3, "Trygghet 1-5")] == "Ange en siffra från 1 till 5."
    assert "Datumet går inte att läsa" in found[(4, "Datum")]
    assert (4, "Ålder") in found
    assert validation.error_rows == 2 and len(validation.rows) == 2
    with pytest.raises(ImportRefused, match="fel på 2 rader"):
        dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    assert not Dialogue.objects.exists()
    batch.refresh_from_db()
    assert batch.error_rows == 2 and batch.errors[0]["row"] == 3


def test_only_the_valid_rows_are_imported_when_the_user_chooses_so(campaign, sjostad_analyst):
    data_rows = rows(4)
    data_rows[1][8] = "nej"
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(data_rows))
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert (result.imported, result.skipped_invalid) == (3, 1)
    assert Dialogue.objects.count() == 3


def test_a_row_with_only_a_date_is_refused_as_an_empty_conversation_by_its_row_number(campaign, sjostad_analyst):
    data_rows = rows(3)
    data_rows[1] = ["2020-05-02"] + [""] * (len(HEADERS) - 1)  # row 3 in the file
    data_rows[2] = ["2020-05-03", "Resecentrum"] + [""] * (len(HEADERS) - 3) + ["Mira"]  # row 4: no answer either
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(data_rows))

    validation = dialogue_import_validate(batch=batch)

    assert [(e.row, e.message) for e in validation.errors] == [
        (3, "Inga svar är ifyllda: ett tomt samtal sparas inte."),
        (4, "Inga svar är ifyllda: ett tomt samtal sparas inte."),
    ]
    assert validation.error_rows == 2 and len(validation.rows) == 1
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert (result.imported, result.skipped_invalid) == (1, 2)
    assert not Dialogue.objects.filter(answers={}).exists()


def test_a_row_with_a_respondent_attribute_but_no_answer_is_stored_as_the_field_form_would(campaign, sjostad_analyst):
    data_rows = rows(1)
    data_rows[0] = ["2020-05-02", "", "20", "Kvinna"] + [""] * (len(HEADERS) - 4)
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(data_rows))
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    assert result.imported == 1
    assert Dialogue.objects.get().age_band == "20-29"


def test_the_same_file_imported_twice_adds_nothing_the_second_time(campaign, sjostad_analyst):
    data = csv_file(rows(5))
    dialogue_import_run(
        campaign=campaign, by=sjostad_analyst, batch=upload_and_map(campaign, sjostad_analyst, data), only_valid=False
    )
    again = upload_and_map(campaign, sjostad_analyst, data)
    assert any("redan" in n for n in again.notices)
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=again, only_valid=False)
    assert (result.imported, result.duplicates) == (0, 5)
    assert Dialogue.objects.count() == 5


def test_a_grown_file_with_rows_in_another_order_adds_only_the_new_rows(campaign, sjostad_analyst):
    dialogue_import_run(
        campaign=campaign,
        by=sjostad_analyst,
        batch=upload_and_map(campaign, sjostad_analyst, csv_file(rows(5))),
        only_valid=False,
    )
    grown = rows(8)
    grown.reverse()
    result = dialogue_import_run(
        campaign=campaign,
        by=sjostad_analyst,
        batch=upload_and_map(campaign, sjostad_analyst, xlsx_file(grown), "ny.xlsx"),
        only_valid=False,
    )
    assert (result.imported, result.duplicates) == (3, 5)
    assert Dialogue.objects.count() == 8


def test_identical_rows_in_one_file_are_two_conversations_not_one(campaign, sjostad_analyst):
    same = rows(1) * 2
    result = dialogue_import_run(
        campaign=campaign,
        by=sjostad_analyst,
        batch=upload_and_map(campaign, sjostad_analyst, csv_file(same)),
        only_valid=False,
    )
    assert result.imported == 2


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_headers(campaign, sjostad_analyst):
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(rows(2)))
    # A mapping tried and left is not remembered: only a real import saves it.
    assert not ColumnMapping.objects.exists()
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    assert ColumnMapping.objects.filter(partnership=campaign.partnership).count() == 1
    # The next file has the same columns in another order.
    reordered = [HEADERS[-1], *HEADERS[:-1]]
    data = csv_file([[r[-1], *r[:-1]] for r in rows(2)], reordered)
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="nasta.csv", data=data)
    assert batch.mapping == MAPPING
    assert dialogue_import_preview(batch=batch).saved_mapping


def test_without_a_saved_mapping_the_columns_are_guessed_from_their_names(campaign, sjostad_analyst):
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="a.csv", data=csv_file(rows(1)))
    assert batch.mapping["Datum"] == "conducted_date"
    assert batch.mapping["Ålder"] == "age_band"
    assert batch.mapping["Var någonstans känner du dig otrygg?"] == "q:where_unsafe"
    assert batch.mapping["Trygghet 1-5"] == "q:feel_safe"  # the template question's usual header


def test_two_columns_mapped_to_the_same_question_is_refused(campaign, sjostad_analyst):
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="a.csv", data=csv_file(rows(1)))
    with pytest.raises(ValidationError) as error:
        dialogue_import_set_mapping(
            batch=batch, by=sjostad_analyst, mapping={**MAPPING, "Trygghet 1-5": "q:why_unsafe"}
        )
    assert "samma sak" in str(error.value)


def test_an_unknown_interviewer_is_not_stored_and_the_user_is_told(campaign, sjostad_analyst, dialogue_staff):
    data_rows = rows(2)
    data_rows[0][9] = "Okänd Person"
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(data_rows))
    validation = dialogue_import_validate(batch=batch)
    assert any("sparas inte" in n for n in validation.notices)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    assert Dialogue.objects.filter(recorded_by__isnull=True).count() == 1


def test_formula_cells_are_stored_as_plain_text(campaign, sjostad_analyst):
    data_rows = rows(2)
    data_rows[0][6] = '=HYPERLINK("http://evil.example","klicka")'
    data_rows[1][7] = "@SUM(1+1)"
    batch = upload_and_map(campaign, sjostad_analyst, xlsx_file(data_rows), "f.xlsx")
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    texts = set(Dialogue.objects.values_list("answers__why_unsafe", flat=True))
    assert '=HYPERLINK("http://evil.example","klicka")' in texts
    assert Dialogue.objects.filter(answers__what_safer="@SUM(1+1)").exists()


def test_a_cp1252_file_is_read_with_a_notice(campaign, sjostad_analyst):
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(rows(2), encoding="cp1252", delimiter=","))
    assert any("Windows-1252" in n for n in batch.notices)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    assert Dialogue.objects.filter(answers__why_unsafe__startswith="Mörkt").count() == 2


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tom"),
        (b"%PDF-1.7 not a table", "inte ett kalkylark"),
        (b"\x89PNG\r\n\x1a\nxxxx", "inte ett kalkylark"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"PK\x03\x04 broken zip", "trasig"),
        (b"Plats;Plats;Svar\nTorget;Torget;morkt\n", "samma kolumnnamn"),
        (b"Plats;Svar\n", "inga rader"),
        (b"\x00\x01\x02binary", "inte ett kalkylark"),
    ],
    ids=["empty", "pdf", "png", "xls", "broken-zip", "duplicate-headers", "header-only", "binary"],
)
def test_hostile_or_malformed_files_give_a_clear_error_and_store_nothing(campaign, sjostad_analyst, data, message):
    with pytest.raises(TableError, match=message):
        dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="dialoger.xlsx", data=data)
    assert not ImportBatch.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(campaign, sjostad_analyst):
    with pytest.raises(TableError, match="orimligt mycket"):
        dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="bomb.xlsx", data=_zip_bomb())


def test_a_huge_file_is_refused(campaign, sjostad_analyst):
    data = b"Svar\n" + b"x" * (21 * 1024 * 1024)
    with pytest.raises(TableError, match="för stor"):
        dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="stor.csv", data=data)


def test_too_many_rows_are_refused(campaign, sjostad_analyst):
    data = b"Svar\n" + b"a\n" * 50_001
    with pytest.raises(TableError, match="fler än 50"):
        dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="lang.csv", data=data)


# The wizard over HTTP ------------------------------------------------------------------------------------


def _upload(client, campaign, data: bytes, name: str = "dialoger.xlsx"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("dialogues:import_upload", args=[campaign.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def test_the_wizard_walks_upload_map_review_import(login, campaign, sjostad_analyst):
    from django.urls import reverse

    client = login(sjostad_analyst)
    response = _upload(client, campaign, xlsx_file(rows(3)))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dialogues:import_map", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Kolumn A: Datum" in page and "De första raderna" in page
    post = {f"col_{i}": MAPPING[h] for i, h in enumerate(HEADERS)}
    response = client.post(reverse("dialogues:import_map", args=[batch.pk]), post)
    assert response["Location"] == reverse("dialogues:import_review", args=[batch.pk])
    assert "Importera alla 3 rader" in client.get(response["Location"]).content.decode()
    response = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "0"})
    assert response.status_code == 302
    assert Dialogue.objects.filter(campaign=campaign).count() == 3
    assert "3 dialoger importerades" in client.get(response["Location"]).content.decode()


def test_the_wizard_shows_a_swedish_error_for_a_bad_file_and_keeps_nothing(login, campaign, sjostad_analyst):
    response = _upload(login(sjostad_analyst), campaign, b"%PDF-1.4 hello", "dialoger.csv")
    assert response.status_code == 400
    assert "Filen är inte ett kalkylark" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_wizard_refuses_a_file_with_errors_unless_only_valid_rows_are_chosen(login, campaign, sjostad_analyst):
    from django.urls import reverse

    client = login(sjostad_analyst)
    data_rows = rows(3)
    data_rows[0][8] = "sex"
    _upload(client, campaign, csv_file(data_rows), "fel.csv")
    batch = ImportBatch.objects.get()
    client.post(
        reverse("dialogues:import_map", args=[batch.pk]), {f"col_{i}": MAPPING[h] for i, h in enumerate(HEADERS)}
    )
    page = client.get(reverse("dialogues:import_review", args=[batch.pk])).content.decode()
    assert "Ange en siffra från 1 till 5." in page and "Trygghet 1-5 (I)" in page
    response = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "0"})
    assert response.status_code == 400 and not Dialogue.objects.exists()
    client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1"})
    assert Dialogue.objects.count() == 2


def test_a_large_file_is_imported_by_the_background_task(
    login, campaign, sjostad_analyst, settings, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    import lofte.dialogues.views.imports as views

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client = login(sjostad_analyst)
    _upload(client, campaign, csv_file(rows(12)), "stor.csv")
    batch = ImportBatch.objects.get()
    client.post(
        reverse("dialogues:import_map", args=[batch.pk]), {f"col_{i}": MAPPING[h] for i, h in enumerate(HEADERS)}
    )
    threshold = views.BACKGROUND_THRESHOLD
    views.BACKGROUND_THRESHOLD = 10
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "0"})
    finally:
        views.BACKGROUND_THRESHOLD = threshold
    assert response["Location"] == reverse("dialogues:import_status", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and Dialogue.objects.count() == 12
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "12 dialoger importerades" in fragment and "every 2s" not in fragment


def test_dialogue_staff_may_not_import(login, campaign, dialogue_staff):
    response = _upload(login(dialogue_staff), campaign, csv_file(rows(1)), "a.csv")
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_an_xlsx_with_xml_entities_is_refused(campaign, sjostad_analyst):
    source = zipfile.ZipFile(io.BytesIO(xlsx_file(rows(1))))
    buffer = io.BytesIO()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = laughs.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item, data)
    with pytest.raises(TableError, match="otillåtna XML"):
        dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="lol.xlsx", data=buffer.getvalue())


def import_files_cull() -> int:
    return sum(report.counts["import_files"] for report in retention_run())


def test_an_abandoned_upload_is_culled_after_a_week_but_its_history_stays(campaign, sjostad_analyst):
    batch = dialogue_import_upload(
        campaign=campaign, by=sjostad_analyst, filename="dialoger.csv", data=csv_file(rows())
    )
    path = batch.file.path
    assert import_files_cull() == 0  # a fresh upload is kept
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert import_files_cull() == 1
    batch.refresh_from_db()
    assert not batch.file
    assert not os.path.exists(path)
    assert batch.sha256  # what was uploaded is still known
    assert AuditEntry.objects.filter(action="import.file_cull", target_id=str(batch.pk)).exists()


def test_a_required_question_without_a_column_is_named_and_every_row_gets_the_error(login, campaign, sjostad_analyst):
    from django.urls import reverse

    campaign.questions.filter(key="what_safer").update(required=True)
    client = login(sjostad_analyst)
    _upload(client, campaign, xlsx_file(rows(3)))
    batch = ImportBatch.objects.get()
    post = {f"col_{i}": MAPPING[h] for i, h in enumerate(HEADERS)}
    post[f"col_{HEADERS.index('Vad skulle få dig att känna dig tryggare?')}"] = ""
    page = client.get(reverse("dialogues:import_map", args=[batch.pk])).content.decode()
    assert "Kolumn A: Datum" in page
    response = client.post(reverse("dialogues:import_map", args=[batch.pk]), post)
    assert response.status_code == 302, response.content.decode()
    review = client.get(response["Location"]).content.decode()
    assert "Den obligatoriska frågan ”Vad skulle få dig att känna dig tryggare?” har ingen kolumn i filen" in review
    batch.refresh_from_db()
    assert batch.error_rows == 3 and batch.valid_rows == 0
    assert {e["message"] for e in batch.errors} == {"Frågan måste besvaras."}
    assert {e["row"] for e in batch.errors} == {2, 3, 4}
    assert all("ingen kolumn för frågan" in e["column"] for e in batch.errors)
    # Going back to the mapping step names the question too.
    again = client.get(reverse("dialogues:import_map", args=[batch.pk])).content.decode()
    assert "har ingen kolumn i filen" in again
    response = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "0"})
    assert response.status_code == 400 and not Dialogue.objects.exists()


def _cull(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert import_files_cull() == 1


def test_importing_a_checked_batch_after_its_file_was_culled_sends_the_user_back_to_upload(
    login, campaign, sjostad_analyst
):
    from django.urls import reverse

    client = login(sjostad_analyst)
    _upload(client, campaign, xlsx_file(rows(3)))
    batch = ImportBatch.objects.get()
    client.post(
        reverse("dialogues:import_map", args=[batch.pk]), {f"col_{i}": MAPPING[h] for i, h in enumerate(HEADERS)}
    )
    _cull(batch)
    response = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "0"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dialogues:import_upload", args=[campaign.slug])
    assert "Filen finns inte längre kvar. Ladda upp den igen." in response.content.decode()
    assert not Dialogue.objects.exists()


def test_the_import_service_refuses_a_culled_batch_and_records_why(campaign, sjostad_analyst):
    batch = upload_and_map(campaign, sjostad_analyst, csv_file(rows(2)))
    dialogue_import_validate(batch=batch)
    _cull(batch)
    batch.refresh_from_db()
    with pytest.raises(ImportFileGone):
        dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=False)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "Filen finns inte längre kvar. Ladda upp den igen." in batch.notices
    assert not Dialogue.objects.exists()
