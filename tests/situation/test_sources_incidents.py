from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lofte.core.models import AuditEntry
from lofte.situation.models import Incident, SourceImport
from lofte.situation.services import category_theme_set, incidents_import
from lofte.situation.sources import incident_rows
from lofte.situation.tabledata import ImportRejected
from tests.situation.conftest import cp1252_csv, xlsx

STOCKHOLM = dt.timezone(dt.timedelta(hours=1))

MESSY = cp1252_csv(
    [
        "Tidpunkt;Kategori;Latitud;Longitud;Område;Antal",
        "2020-03-14 22:15;Misshandel;58,45;13,15;;1",
        "2020-03-14 23:40;Skadegörelse;;;Norr;2",
        "2020-03-15 1:05;Fylleri/LOB;58,55;13,12;;1",
        "2020-03-15 02:00;Snatteri;;;9901C1010;1",
    ]
)


def test_incidents_from_a_windows_1252_csv_with_semicolons_and_decimal_commas(
    partnership, centrum, norr, sjostad_analyst
):
    source_import = incidents_import(partnership=partnership, data=MESSY, filename="rar.csv", by=sjostad_analyst)
    assert (source_import.rows_new, source_import.rows_updated, source_import.rows_unchanged) == (4, 0, 0)
    rows = {i.category: i for i in Incident.objects.filter(partnership=partnership)}
    assert rows["Misshandel"].theme == "vald_hot"
    assert rows["Misshandel"].area == centrum  # placed by its point
    assert rows["Misshandel"].lat == 58.45
    assert rows["Skadegörelse"].area == norr and rows["Skadegörelse"].count == 2
    assert rows["Fylleri/LOB"].area == norr and rows["Fylleri/LOB"].theme == "alkohol_berusning"
    assert rows["Snatteri"].area == centrum and rows["Snatteri"].theme == ""  # by code; category unmapped
    assert rows["Misshandel"].occurred_at == dt.datetime(2020, 3, 14, 21, 15, tzinfo=dt.UTC)
    assert AuditEntry.objects.filter(action="situation.incidents_import", target_id=str(source_import.pk)).exists()


def test_reimporting_the_same_or_an_overlapping_file_changes_nothing(partnership, centrum, norr):
    incidents_import(partnership=partnership, data=MESSY, filename="rar.csv", by=None)
    before = list(Incident.objects.values_list("pk", "count", "theme", "area_id").order_by("pk"))
    again = incidents_import(partnership=partnership, data=MESSY, filename="rar.csv", by=None)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 4)
    overlapping = cp1252_csv(
        [
            "Tidpunkt;Kategori;Latitud;Longitud;Område;Antal",
            "2020-03-15 1:05;Fylleri/LOB;58,55;13,12;;1",
            "2020-03-15 02:00;Snatteri;;;9901C1010;3",
            "2020-03-16 12:00;Stöld;;;Centrum;1",
        ]
    )
    later = incidents_import(partnership=partnership, data=overlapping, filename="rar2.csv", by=None)
    assert (later.rows_new, later.rows_updated, later.rows_unchanged) == (1, 1, 1)
    assert Incident.objects.count() == 5
    assert Incident.objects.get(category="Snatteri").count == 3
    assert list(
        Incident.objects.exclude(category__in=["Snatteri", "Stöld"])
        .values_list("pk", "count", "theme", "area_id")
        .order_by("pk")
    ) == [r for r in before if r[1:] != (1, "", centrum.pk)]


def test_a_file_with_invalid_rows_stores_nothing_and_names_every_row(partnership, centrum):
    data = xlsx(
        [
            ["Tidpunkt", "Kategori", "Område", "Antal"],
            ["2020-03-14 22:15", "Misshandel", "Centrum", 1],
            ["igår", "Misshandel", "Centrum", 1],
            ["2020-03-14 22:15", "Rån", "Söder", 1],
            ["2020-03-14 22:15", "", "Centrum", "två"],
        ]
    )
    with pytest.raises(ImportRejected) as rejected:
        incidents_import(partnership=partnership, data=data, filename="rar.xlsx", by=None)
    errors = rejected.value.errors
    assert len(errors) == 3
    assert errors[0].startswith("Rad 3 i bladet:") and "igår" in errors[0]
    assert errors[1].startswith("Rad 4 i bladet:") and "Söder" in errors[1]
    assert errors[2].startswith("Rad 5 i bladet:") and "kategori saknas" in errors[2] and "två" in errors[2]
    assert not Incident.objects.exists()
    assert not SourceImport.objects.exists()


def test_a_point_outside_sweden_is_a_row_error(partnership, centrum):
    data = b"tid,kategori,lat,lng\n2020-01-01 10:00,Misshandel,48.85,2.35\n"
    with pytest.raises(ImportRejected) as rejected:
        incidents_import(partnership=partnership, data=data, filename="x.csv", by=None)
    assert rejected.value.errors[0].startswith("Rad 2 i filen:")


def test_mapping_an_unmapped_category_applies_to_stored_rows_and_later_imports(
    partnership, centrum, norr, sjostad_analyst
):
    incidents_import(partnership=partnership, data=MESSY, filename="rar.csv", by=None)
    category_theme_set(
        partnership=partnership, source="incidents", category="SNATTERI", theme="inbrott_stold", by=sjostad_analyst
    )
    assert Incident.objects.get(category="Snatteri").theme == "inbrott_stold"
    data = b"Tidpunkt;Kategori;Omrade\n2020-05-01 10:00;snatteri;Norr\n"
    incidents_import(partnership=partnership, data=data, filename="more.csv", by=None)
    assert Incident.objects.get(category="snatteri").theme == "inbrott_stold"


def test_incident_rows_yield_the_years_rows_with_refs(partnership, centrum, norr):
    incidents_import(partnership=partnership, data=MESSY, filename="rar.csv", by=None)
    rows = list(incident_rows(partnership, 2020))
    assert len(rows) == 4
    assert {r.ref.split(":")[0] for r in rows} == {"incident"}
    assert list(incident_rows(partnership, 2019)) == []


def test_an_id_column_identifies_rows_across_files(partnership, centrum):
    first = b"id,tid,kategori,omrade,antal\nA1,2020-01-01 10:00,Misshandel,Centrum,1\n"
    incidents_import(partnership=partnership, data=first, filename="a.csv", by=None)
    corrected = b"id,tid,kategori,omrade,antal\nA1,2020-01-01 10:30,Misshandel,Centrum,1\n"
    result = incidents_import(partnership=partnership, data=corrected, filename="b.csv", by=None)
    assert result.rows_updated == 1
    assert Incident.objects.get().occurred_at == dt.datetime(2020, 1, 1, 9, 30, tzinfo=dt.UTC)


def test_import_incidents_command(partnership, centrum, norr, tmp_path):
    path = tmp_path / "rar.csv"
    path.write_bytes(MESSY)
    out = StringIO()
    call_command("import_incidents", "--partnership", "sjostad", str(path), stdout=out)
    assert "4 new, 0 updated, 0 unchanged" in out.getvalue()
    assert Incident.objects.count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"tid;kategori;omrade\nx;Misshandel;Centrum\n")
    with pytest.raises(CommandError, match="Rad 2 i filen"):
        call_command("import_incidents", "--partnership", "sjostad", str(bad), stdout=StringIO())


def test_an_incident_in_the_autumns_repeated_hour_is_unchanged_on_reimport(partnership, centrum):
    data = b"tid;kategori;omrade\n2020-10-25 2:30;Misshandel;Centrum\n"
    incidents_import(partnership=partnership, data=data, filename="a.csv", by=None)
    again = incidents_import(partnership=partnership, data=data, filename="a.csv", by=None)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 1)


def test_a_category_cannot_be_mapped_to_a_theme_that_does_not_exist(partnership, sjostad_analyst):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        category_theme_set(
            partnership=partnership, source="incidents", category="Snatteri", theme="hittepa", by=sjostad_analyst
        )
    assert not partnership.category_themes.exists()
