from __future__ import annotations

import inspect

import pytest

from lofte.lib.tabular import read_table
from lofte.situation.models import CrimeStatistic, SourceImport
from lofte.situation.services import crime_statistics_import
from lofte.situation.sources import crime_rows
from lofte.situation.tabledata import ImportRejected
from tests.situation.conftest import cp1252_csv, xlsx

# A title above the header row is found by lofte/lib/tabular.py's header-row detection (branch h/imports);
# the tests of such files run once the branches are merged.
finds_header_row = pytest.mark.skipif(
    "header_row" not in inspect.signature(read_table).parameters,
    reason="needs the header-row detection of lofte.lib.tabular (h/imports)",
)
TITLE = [["Anmälda brott, kommuner, 2019–2020"], []]
ROWS = [
    ["Region", "År", "Brottskategori", "Antal", "Per 100 000 inv."],
    ["9901 Sjöstad", 2020, "Misshandel", 120, "281,4"],
    ["9901 Sjöstad", 2020, "Skadegörelse", 310, 726.2],
    ["9901 Sjöstad", 2020, "Narkotikabrott", 95, None],
    ["9901 Sjöstad", 2020, "Dataintrång", 4, 9.4],
    ["9902 Grannby", 2020, "Misshandel", 40, 200.1],
]
TITLED = xlsx(TITLE + ROWS)
PLAIN = xlsx(ROWS)


def test_reported_crime_from_a_workbook(partnership):
    result = crime_statistics_import(partnership=partnership, data=PLAIN, filename="bra.xlsx", by=None)
    assert result.rows_new == 5
    stats = {(s.kommunkod, s.category): s for s in CrimeStatistic.objects.all()}
    assert stats[("9901", "Misshandel")].theme == "vald_hot"
    assert stats[("9901", "Misshandel")].per_100k == pytest.approx(281.4)
    assert stats[("9901", "Skadegörelse")].theme == "skadegorelse"
    assert stats[("9901", "Narkotikabrott")].per_100k is None
    assert stats[("9901", "Dataintrång")].theme == ""  # unmapped: kept and listed for an analyst
    assert stats[("9902", "Misshandel")].count == 40  # another kommun, kept for comparison
    own = list(crime_rows(partnership, 2020))
    assert sorted(r.count for r in own) == [4, 95, 120, 310]  # the own kommun only


@finds_header_row
def test_reported_crime_from_a_workbook_with_a_title_row(partnership):
    result = crime_statistics_import(partnership=partnership, data=TITLED, filename="bra.xlsx", by=None)
    assert result.rows_new == 5
    assert CrimeStatistic.objects.get(kommunkod="9901", category="Misshandel").count == 120


def test_reported_crime_by_kommun_name_in_windows_1252_with_decimal_commas(partnership):
    data = cp1252_csv(
        [
            "Kommun;År;Brott;Antal;Per 100 000 invånare",
            "Sjöstads kommun;2019;Bostadsinbrott;12;28,1",
            "Sjöstad;2019;Bedrägeri;1 204;2 819,6",
        ]
    )
    crime_statistics_import(partnership=partnership, data=data, filename="bra.csv", by=None)
    fraud = CrimeStatistic.objects.get(category="Bedrägeri")
    assert (fraud.kommunkod, fraud.year, fraud.count, fraud.theme) == ("9901", 2019, 1204, "bedrageri")
    assert fraud.per_100k == pytest.approx(2819.6)


def test_reimporting_reported_crime_changes_nothing_and_corrections_update(partnership):
    crime_statistics_import(partnership=partnership, data=PLAIN, filename="bra.xlsx", by=None)
    pks = set(CrimeStatistic.objects.values_list("pk", flat=True))
    again = crime_statistics_import(partnership=partnership, data=PLAIN, filename="bra.xlsx", by=None)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 5)
    assert set(CrimeStatistic.objects.values_list("pk", flat=True)) == pks
    corrected = b"Kommunkod,Ar,Brottskategori,Antal\n9901,2020,misshandel,121\n"
    result = crime_statistics_import(partnership=partnership, data=corrected, filename="fix.csv", by=None)
    assert (result.rows_new, result.rows_updated) == (0, 1)
    assert CrimeStatistic.objects.get(kommunkod="9901", category="Misshandel").count == 121


def test_reported_crime_with_bad_rows_stores_nothing(partnership):
    data = (
        "Kommun;Ar;Brottskategori;Antal\nOkandby;2020;Misshandel;3\nSjostad kommun;tjugo;Rån;x\n9901;2020;;2\n".encode()
    )
    with pytest.raises(ImportRejected) as rejected:
        crime_statistics_import(partnership=partnership, data=data, filename="bra.csv", by=None)
    errors = rejected.value.errors
    assert [e.split(":")[0] for e in errors] == ["Rad 2 i filen", "Rad 3 i filen", "Rad 4 i filen"]
    assert "Okandby" in errors[0]
    assert not CrimeStatistic.objects.exists() and not SourceImport.objects.exists()


def test_reported_crime_in_bras_wide_format_with_a_year_per_column(partnership):
    data = cp1252_csv(
        [
            "Region;Brott;2018;2019;2020",
            "9901 Sjöstad;Misshandel;101;..;120",
            "9901 Sjöstad;Skadegörelse;280;301;",
        ]
    )
    result = crime_statistics_import(partnership=partnership, data=data, filename="bra.csv", by=None)
    assert result.rows_new == 4
    assert sorted(CrimeStatistic.objects.filter(category="Misshandel").values_list("year", "count")) == [
        (2018, 101),
        (2020, 120),
    ]
    assert CrimeStatistic.objects.get(category="Skadegörelse", year=2019).theme == "skadegorelse"
