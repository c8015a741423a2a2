# ruff: noqa: F811 - pytest fixtures imported from tests.dialogues.data_fixtures
"""Imports of the files analysts really have: summaries with titles, merged cells, hidden sheets, decimal
commas and blank repeats; Windows-1252 CSV with multi-line cells; a second chance when the mapping was wrong."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lofte.core.models import Area, AuditEntry, Membership, User
from lofte.core.roles import Role
from lofte.dialogues.answers import validate_answers
from lofte.dialogues.import_rows import auto_mapping
from lofte.dialogues.imports import (
    ImportRefused,
    dialogue_import_run,
    dialogue_import_set_layout,
    dialogue_import_set_mapping,
    dialogue_import_undo,
    dialogue_import_upload,
    dialogue_import_validate,
    earlier_import,
)
from lofte.dialogues.models import ColumnMapping, Dialogue, ImportBatch
from lofte.lib.tabular import TableError
from tests.dialogues.data_fixtures import (  # noqa: F401 - fixtures
    campaign,
    centrum_area,
    csv_file,
    media,
    rows,
    torget,
)
from tests.dialogues.messy_files import (
    SUMMARY_HEADER_ROW,
    SUMMARY_MAPPING,
    SUMMARY_SHEET,
    WINDOWS_MAPPING,
    summary_workbook,
    windows_csv,
)

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def lillbyn(sjostad) -> Area:
    return Area.objects.create(organisation=sjostad, name="Lillbyn")


def _staff(organisation, username: str, first: str, last: str) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", first_name=first, last_name=last
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.DIALOGUE_STAFF)
    return user


def _imported_summary(campaign, user, *, fill_down=("Intervjuare",), data=None) -> ImportBatch:  # type: ignore[no-untyped-def]
    batch = dialogue_import_upload(
        campaign=campaign, by=user, filename="sammanstallning.xlsx", data=data or summary_workbook()
    )
    return dialogue_import_set_mapping(batch=batch, by=user, mapping=SUMMARY_MAPPING, fill_down=fill_down)


def test_a_summary_workbook_is_read_from_its_visible_active_sheet_below_the_title(
    campaign, sjostad_analyst, lillbyn, dialogue_staff
):
    batch = _imported_summary(campaign, sjostad_analyst)
    # The hidden list sheet comes first in the workbook and is never read; the active sheet is.
    assert batch.sheet == SUMMARY_SHEET and batch.sheets == [SUMMARY_SHEET, "Anteckningar"]
    assert batch.header_row == SUMMARY_HEADER_ROW
    assert batch.headers[0] == "Datum" and batch.total_rows == 6
    assert "Kolumnernas namn lästes från rad 4 i bladet; raderna ovanför läses inte in." in batch.notices
    assert "1 dolt blad läses inte in." in batch.notices
    validation = dialogue_import_validate(batch=batch)
    errors = {(e.where, e.column.split(" (")[0]): e.message for e in validation.errors}
    assert errors == {
        ("rad 8 i bladet", "Omrade"): "Okänt område ”Lillby”. Menar du ”Lillbyn”?",
        ("rad 9 i bladet", "Trygghet"): "Ange en siffra från 1 till 5.",
    }
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert result.imported == 4 and result.skipped_invalid == 2
    stored = list(Dialogue.objects.order_by("conducted_at"))
    # Decimal scores, as a number and as text with a decimal comma, are kept exactly.
    assert [d.answers["feel_safe"] for d in stored] == [3.5, 3.5, 2, 4.5]
    # The merged place belongs to every row of its block; the area column names the dialogue's area.
    assert [d.place.name for d in stored] == ["Resecentrum", "Resecentrum", "Resecentrum", "Stora torget"]
    assert {d.area.name for d in stored} == {"Centrum"}
    # The interviewer written once per block is filled down (Mira is staff).
    assert all(d.recorded_by is not None and d.recorded_by.first_name == "Mira" for d in stored)


def test_an_interviewer_written_by_first_name_is_found_unless_two_share_it(campaign, sjostad_analyst, lillbyn, sjostad):
    holm = _staff(sjostad, "dialog", "Mira", "Holm")
    batch = _imported_summary(campaign, sjostad_analyst)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert set(Dialogue.objects.values_list("recorded_by", flat=True)) == {holm.pk}
    _staff(sjostad, "mira2", "Mira", "Ek")
    again = _imported_summary(campaign, sjostad_analyst)
    validation = dialogue_import_validate(batch=again)
    assert all(row.recorded_by is None for row in validation.rows)


def test_a_decimal_score_survives_a_correction_of_the_dialogue(
    login, campaign, sjostad_analyst, lillbyn, dialogue_staff
):
    batch = _imported_summary(campaign, sjostad_analyst)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    dialogue = Dialogue.objects.filter(answers__feel_safe=3.5).first()
    page = login(sjostad_analyst).get(reverse("dialogues:dialogue_edit", args=[dialogue.pk])).content.decode()
    assert 'value="3.5" checked><span>3,5</span>' in page


def test_without_fill_down_a_blank_interviewer_stays_blank(campaign, sjostad_analyst, lillbyn, dialogue_staff):
    batch = _imported_summary(campaign, sjostad_analyst, fill_down=())
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert Dialogue.objects.filter(recorded_by__isnull=False).count() == 1


def test_another_sheet_and_header_row_can_be_chosen(campaign, sjostad_analyst):
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="s.xlsx", data=summary_workbook())
    dialogue_import_set_layout(batch=batch, sheet=SUMMARY_SHEET, header_row=2)
    assert batch.header_row == 2 and batch.headers[0] == "Sammanställd av: Mira Holm, 2020-06-30"
    with pytest.raises(TableError, match="Rad 3 i bladet är tom eller finns inte"):
        dialogue_import_set_layout(batch=batch, sheet=SUMMARY_SHEET, header_row=3)
    with pytest.raises(TableError, match="inget synligt blad som heter ”Listor”"):
        dialogue_import_set_layout(batch=batch, sheet="Listor", header_row=None)
    batch.refresh_from_db()
    assert batch.header_row == 2  # a refused layout leaves the batch as it was
    dialogue_import_set_layout(batch=batch, sheet="Anteckningar", header_row=None)
    assert batch.sheet == "Anteckningar" and batch.headers == ["Anteckning"]


def test_a_windows_1252_csv_with_semicolons_and_multi_line_cells_imports(campaign, sjostad_analyst):
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="export.csv", data=windows_csv())
    dialogue_import_set_mapping(batch=batch, by=sjostad_analyst, mapping=WINDOWS_MAPPING)
    validation = dialogue_import_validate(batch=batch)
    # The third record starts on line 6 of the file, after a record of three lines.
    assert [(e.where, e.message) for e in validation.errors] == [("rad 6 i filen", "Ange en siffra från 1 till 5.")]
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    stored = list(Dialogue.objects.order_by("conducted_at"))
    assert len(stored) == 3
    assert stored[0].answers["why_unsafe"].startswith("Mörkt vid busskuren;")
    assert "ingen vakt" in stored[0].answers["why_unsafe"]
    assert [d.answers["feel_safe"] for d in stored] == [2, 4, 3.5]


def test_a_scale_answer_between_steps_is_valid_and_one_outside_the_scale_is_not(campaign):
    assert validate_answers(campaign, {"feel_safe": "3,5"}) == {"feel_safe": 3.5}
    assert validate_answers(campaign, {"feel_safe": "4.25"}) == {"feel_safe": 4.25}
    assert validate_answers(campaign, {"feel_safe": "5,0"}) == {"feel_safe": 5}
    for wrong in ("5,5", "0,9", "NaN", "Infinity", "tre"):
        with pytest.raises(Exception, match="Ange en siffra från 1 till 5"):
            validate_answers(campaign, {"feel_safe": wrong})


def test_an_unknown_area_or_home_area_or_place_is_an_error_naming_the_closest(
    campaign, sjostad_analyst, lillbyn, dialogue_staff
):
    headers = ["Datum", "Område", "Bostadsområde", "Plats", "Varför känner du dig otrygg där?"]
    data = csv_file([["2020-05-01", "Lilby", "centrum", "Stora torgt", "Mörkt"]], headers)
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="a.csv", data=data)
    assert batch.mapping["Område"] == "area" and batch.mapping["Bostadsområde"] == "home_area"
    validation = dialogue_import_validate(batch=batch)
    assert {e.message for e in validation.errors} == {
        "Okänt område ”Lilby”. Menar du ”Lillbyn”?",
        "Okänd plats ”Stora torgt”. Menar du ”Stora torget”?",
    }
    assert not validation.rows


def test_headers_are_recognised_as_people_write_them(campaign):
    headers = ["datum/tid", "Kon", "OMRADE", "alder", "Aldersgrupp", "Kön (M/K)", "Åldersgr.", "Bostadsomr."]
    mapping = auto_mapping(campaign, headers)
    assert mapping["datum/tid"] == "conducted_date"
    assert mapping["Kon"] == "gender"
    assert mapping["OMRADE"] == "area"
    assert mapping["alder"] == "age_band"
    assert mapping["Bostadsomr."] == "home_area"
    # Each target once: the later columns that name it again are left for the analyst.
    assert mapping["Aldersgrupp"] == mapping["Kön (M/K)"] == mapping["Åldersgr."] == ""
    assert auto_mapping(campaign, ["Kön (M/K)"]) == {"Kön (M/K)": "gender"}
    assert auto_mapping(campaign, ["Åldersgr."]) == {"Åldersgr.": "age_band"}
    # The national template's questions by the headers people give them.
    assert auto_mapping(campaign, ["Trygghet (1-5)", "Varför otryggt?", "Vad skulle göra det tryggare?"]) == {
        "Trygghet (1-5)": "q:feel_safe",
        "Varför otryggt?": "q:why_unsafe",
        "Vad skulle göra det tryggare?": "q:what_safer",
    }


def test_a_saved_mapping_is_changed_only_by_a_real_import(login, campaign, sjostad_analyst):
    batch = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="a.csv", data=windows_csv())
    dialogue_import_set_mapping(batch=batch, by=sjostad_analyst, mapping=WINDOWS_MAPPING)
    dialogue_import_validate(batch=batch)
    assert not ColumnMapping.objects.exists()  # mapped and checked, then left: nothing remembered
    client = login(sjostad_analyst)
    client.post(
        reverse("dialogues:import_upload", args=[campaign.slug]), {"file": SimpleUploadedFile("b.csv", windows_csv())}
    )
    wizard = ImportBatch.objects.latest("pk")
    changed = {f"col_{i}": WINDOWS_MAPPING[h] for i, h in enumerate(wizard.headers)}
    changed["col_1"] = ""
    client.post(reverse("dialogues:import_map", args=[wizard.pk]), changed)
    assert not ColumnMapping.objects.exists()
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert ColumnMapping.objects.get().mapping == WINDOWS_MAPPING


def test_an_import_can_be_undone_and_the_file_imported_again(campaign, sjostad_analyst, lillbyn, dialogue_staff):
    batch = _imported_summary(campaign, sjostad_analyst)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=batch, only_valid=True)
    assert Dialogue.objects.count() == 4
    assert dialogue_import_undo(batch=batch, by=sjostad_analyst) == 4
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE and not Dialogue.objects.exists()
    entry = AuditEntry.objects.get(action="dialogue_import.undo", target_id=str(batch.pk))
    assert entry.actor == sjostad_analyst and entry.changes["removed"] == 4
    with pytest.raises(ImportRefused):
        dialogue_import_undo(batch=batch, by=sjostad_analyst)
    again = _imported_summary(campaign, sjostad_analyst)
    assert dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=again, only_valid=True).imported == 4


def test_the_same_file_with_another_mapping_replaces_the_earlier_import(
    campaign, sjostad_analyst, lillbyn, dialogue_staff
):
    wrong = dict(SUMMARY_MAPPING, **{"Varför otryggt?": "q:what_safer", "Vad skulle göra det tryggare?": ""})
    data = summary_workbook()  # one file: openpyxl stamps the time into every workbook it saves
    first = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="s.xlsx", data=data)
    dialogue_import_set_mapping(batch=first, by=sjostad_analyst, mapping=wrong)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=first, only_valid=True)
    second = _imported_summary(campaign, sjostad_analyst, data=data)
    assert any("Samma fil importerades redan" in n for n in second.notices)
    # Without replacing, the rows count as already there: the wrong answers would stay.
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=second, only_valid=True, replace=first)
    assert result.imported == 4 and result.duplicates == 0
    assert set(Dialogue.objects.values_list("import_batch", flat=True)) == {second.pk}
    assert all("why_unsafe" in d.answers for d in Dialogue.objects.all())
    first.refresh_from_db()
    assert first.status == ImportBatch.Status.UNDONE


def test_replacing_removes_every_earlier_import_of_the_file_not_only_the_last_which_stored_nothing(
    campaign, sjostad_analyst, lillbyn, dialogue_staff
):
    wrong = dict(SUMMARY_MAPPING, **{"Varför otryggt?": "q:what_safer", "Vad skulle göra det tryggare?": ""})
    data = summary_workbook()
    first = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="s.xlsx", data=data)
    dialogue_import_set_mapping(batch=first, by=sjostad_analyst, mapping=wrong)
    dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=first, only_valid=True)
    # The same file again without replacing: every row is already there, this import stores nothing.
    again = dialogue_import_upload(campaign=campaign, by=sjostad_analyst, filename="s.xlsx", data=data)
    dialogue_import_set_mapping(batch=again, by=sjostad_analyst, mapping=wrong)
    assert dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=again, only_valid=True).imported == 0
    third = _imported_summary(campaign, sjostad_analyst, data=data)
    earlier = earlier_import(third)
    assert earlier == first  # the import that holds the rows, not the later one that stored none
    result = dialogue_import_run(campaign=campaign, by=sjostad_analyst, batch=third, only_valid=True, replace=earlier)
    assert result.imported == 4 and result.duplicates == 0
    assert set(Dialogue.objects.values_list("import_batch", flat=True)) == {third.pk}
    assert all("why_unsafe" in d.answers for d in Dialogue.objects.all())
    assert set(ImportBatch.objects.filter(pk__in=[first.pk, again.pk]).values_list("status", flat=True)) == {
        ImportBatch.Status.UNDONE
    }


# The wizard over HTTP -------------------------------------------------------------------------------------


def test_the_wizard_shows_the_sheet_and_header_row_and_lets_the_analyst_change_them(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    client.post(
        reverse("dialogues:import_upload", args=[campaign.slug]),
        {"file": SimpleUploadedFile("sammanstallning.xlsx", summary_workbook())},
    )
    batch = ImportBatch.objects.get()
    page = client.get(reverse("dialogues:import_map", args=[batch.pk])).content.decode()
    assert "Kolumnernas namn läses från rad 4 i bladet" in page
    assert '<option value="Sammanställning" selected>' in page and "Listor" not in page
    response = client.post(
        reverse("dialogues:import_map", args=[batch.pk]), {"layout": "1", "sheet": SUMMARY_SHEET, "header_row": "3"}
    )
    assert response.status_code == 400 and "Rad 3 i bladet är tom eller finns inte" in response.content.decode()
    client.post(
        reverse("dialogues:import_map", args=[batch.pk]), {"layout": "1", "sheet": SUMMARY_SHEET, "header_row": "2"}
    )
    batch.refresh_from_db()
    assert batch.header_row == 2


def test_the_wizard_lists_unused_columns_and_imports_only_once_they_are_confirmed(
    login, campaign, sjostad_analyst, lillbyn, dialogue_staff
):
    client = login(sjostad_analyst)
    client.post(
        reverse("dialogues:import_upload", args=[campaign.slug]),
        {"file": SimpleUploadedFile("sammanstallning.xlsx", summary_workbook())},
    )
    batch = ImportBatch.objects.get()
    post = {f"col_{i}": SUMMARY_MAPPING[h] for i, h in enumerate(batch.headers)}
    post["col_7"] = ""  # "Vad skulle göra det tryggare?" is left out
    post["fill_8"] = "on"  # fill down the interviewer
    response = client.post(reverse("dialogues:import_map", args=[batch.pk]), post)
    assert response["Location"] == reverse("dialogues:import_review", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.fill_down == ["Intervjuare"]
    review = client.get(response["Location"]).content.decode()
    assert "Den här kolumnen importeras inte:" in review and "”Vad skulle göra det tryggare?”" in review
    assert "rad 9 i bladet" in review
    response = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1"})
    assert response.status_code == 400 and not Dialogue.objects.exists()
    assert "Bekräfta att kolumnen som inte importeras ska lämnas utanför." in response.content.decode()
    response = client.post(
        reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1", "confirm_unused": "1"}
    )
    assert response.status_code == 302 and Dialogue.objects.count() == 4
    assert Dialogue.objects.filter(recorded_by__isnull=True).count() == 0
    status = client.get(response["Location"]).content.decode()
    assert "Ångra importen" in status
    client.post(reverse("dialogues:import_undo", args=[batch.pk]))
    assert not Dialogue.objects.exists()


def test_a_large_file_is_read_and_checked_by_the_task_worker_not_in_the_request(
    login, campaign, sjostad_analyst, settings, django_capture_on_commit_callbacks, monkeypatch
):
    import lofte.dialogues.views.imports as views

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(views, "BACKGROUND_BYTES", 100)
    client = login(sjostad_analyst)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("dialogues:import_upload", args=[campaign.slug]),
            {"file": SimpleUploadedFile("w.csv", windows_csv())},
        )
    batch = ImportBatch.objects.get()
    # The request kept the file and answered; nothing was parsed yet.
    assert response["Location"] == reverse("dialogues:import_status", args=[batch.pk])
    assert batch.status == ImportBatch.Status.READING and batch.headers == [] and len(callbacks) == 1
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "Filen läses in" in poll.content.decode() and "HX-Redirect" not in poll
    callbacks[0]()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UPLOADED and batch.total_rows == 4
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == reverse("dialogues:import_map", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dialogues:import_map", args=[batch.pk]),
            {f"col_{i}": WINDOWS_MAPPING[h] for i, h in enumerate(batch.headers)},
        )
    batch.refresh_from_db()
    assert response["Location"] == reverse("dialogues:import_status", args=[batch.pk])
    assert batch.status == ImportBatch.Status.VALIDATED and batch.error_rows == 1


def test_a_large_unreadable_file_fails_in_the_worker_with_the_reason(
    login, campaign, sjostad_analyst, settings, django_capture_on_commit_callbacks, monkeypatch
):
    import lofte.dialogues.views.imports as views

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(views, "BACKGROUND_BYTES", 10)
    client = login(sjostad_analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dialogues:import_upload", args=[campaign.slug]),
            {"file": SimpleUploadedFile("tom.csv", b"Svar\n\n\n" + b" " * 40)},
        )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert "Filen har en rubrikrad men inga rader med svar." in batch.notices


# The command ----------------------------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_command_takes_a_mapping_file_and_a_sheet(campaign, sjostad_analyst, lillbyn, dialogue_staff, tmp_path):
    path = tmp_path / "sammanstallning.xlsx"
    path.write_bytes(summary_workbook())
    mapping = tmp_path / "koppling.json"
    mapping.write_text(json.dumps(SUMMARY_MAPPING, ensure_ascii=False), encoding="utf-8")
    out, err = _run(
        path,
        campaign,
        "--mapping",
        str(mapping),
        "--sheet",
        SUMMARY_SHEET,
        "--only-valid",
        "--fill-down",
        "Intervjuare",
    )
    assert "Blad: Sammanställning" in out and "Rubrikrad: rad 4 i bladet" in out
    assert "Rad 8 i bladet, kolumn Omrade (C): Okänt område ”Lillby”. Menar du ”Lillbyn”?" in err
    assert "Rad 9 i bladet, kolumn Trygghet (1-5) (F): Ange en siffra från 1 till 5." in err
    assert "6 rader, 4 giltiga, 2 med fel." in out
    assert Dialogue.objects.count() == 4 and Dialogue.objects.filter(recorded_by__isnull=True).count() == 0


def test_the_command_refuses_a_sheet_that_is_hidden_or_missing(campaign, tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_bytes(summary_workbook())
    with pytest.raises(CommandError, match="inget synligt blad som heter ”Listor”"):
        _run(path, campaign, "--sheet", "Listor")


def test_a_dry_run_writes_nothing_at_all(campaign, sjostad_analyst, lillbyn, dialogue_staff, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(windows_csv())
    mapping = tmp_path / "koppling.json"
    mapping.write_text(json.dumps(WINDOWS_MAPPING), encoding="utf-8")
    before = _row_counts()
    out, err = _run(path, campaign, "--mapping", str(mapping), "--dry-run")
    assert _row_counts() == before
    assert "Rad 6 i filen, kolumn Trygghet 1-5 (F): Ange en siffra från 1 till 5." in err
    assert "4 rader, 3 giltiga, 1 med fel." in out and "Provkörning: ingenting sparades." in out
    assert not list(tmp_path.glob("imports/**/*"))  # the media root: no copy of the file was kept


def test_a_mapping_file_that_is_not_a_mapping_is_refused(campaign, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(windows_csv())
    bad = tmp_path / "koppling.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON-objekt"):
        _run(path, campaign, "--mapping", str(bad), "--dry-run")
    bad.write_text('{"Datum": "q:finns_inte"}', encoding="utf-8")
    with pytest.raises(CommandError, match="Okänt val för kolumnen ”Datum”"):
        _run(path, campaign, "--mapping", str(bad), "--dry-run")


def _run(path, campaign, *args: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("import_dialogues", str(path), "--campaign", campaign.slug, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_wizard_offers_to_replace_an_earlier_import_of_the_same_file(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    data = windows_csv()
    wrong = dict(WINDOWS_MAPPING, **{"Varför känner du dig otrygg där?": "q:what_safer"})
    batches = []
    for mapping in (wrong, WINDOWS_MAPPING):
        client.post(
            reverse("dialogues:import_upload", args=[campaign.slug]), {"file": SimpleUploadedFile("e.csv", data)}
        )
        batch = ImportBatch.objects.latest("pk")
        client.post(
            reverse("dialogues:import_map", args=[batch.pk]),
            {f"col_{i}": mapping[h] for i, h in enumerate(batch.headers)},
        )
        batches.append(batch)
        if len(batches) == 1:
            client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1"})
    first, second = batches
    review = client.get(reverse("dialogues:import_review", args=[second.pk])).content.decode()
    assert "Ersätt den tidigare importen" in review
    client.post(reverse("dialogues:import_review", args=[second.pk]), {"only_valid": "1", "replace": "1"})
    first.refresh_from_db()
    assert first.status == ImportBatch.Status.UNDONE
    assert Dialogue.objects.filter(import_batch=second).count() == 3 == Dialogue.objects.count()
    assert all("why_unsafe" in d.answers and "what_safer" not in d.answers for d in Dialogue.objects.all())


def test_a_review_refused_for_an_unconfirmed_column_keeps_the_choice_to_replace(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    data = windows_csv()
    mapping = dict(WINDOWS_MAPPING, **{"Varför känner du dig otrygg där?": ""})
    for _attempt in range(2):
        client.post(
            reverse("dialogues:import_upload", args=[campaign.slug]), {"file": SimpleUploadedFile("e.csv", data)}
        )
        batch = ImportBatch.objects.latest("pk")
        client.post(
            reverse("dialogues:import_map", args=[batch.pk]),
            {f"col_{i}": mapping[h] for i, h in enumerate(batch.headers)},
        )
        if not ImportBatch.objects.filter(status=ImportBatch.Status.DONE).exists():
            client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1", "confirm_unused": "1"})
    refused = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1", "replace": "1"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'name="replace" value="1" id="id_replace" aria-describedby="earlier-import" checked' in page
    # and the other way: a box the user left empty is not ticked for them
    page = client.post(reverse("dialogues:import_review", args=[batch.pk]), {"only_valid": "1"}).content.decode()
    assert (
        'aria-describedby="earlier-import">' in page
        and 'id="id_replace" aria-describedby="earlier-import" checked' not in page
    )
