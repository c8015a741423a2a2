"""Reading tables from hostile and messy files: the cost is bounded by what is read, the XML prolog is read in
the part's own encoding, rows keep the numbers the user sees, messages say what is wrong."""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from lofte.lib import tabular
from lofte.lib.tabular import TableError, megabytes, read_table

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose one sheet's XML is replaced."""
    workbook = Workbook()
    workbook.active.append(["Svar"])
    source = io.BytesIO()
    workbook.save(source)
    target = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            archive.writestr(item.filename, sheet_xml if item.filename == SHEET else original.read(item.filename))
    return target.getvalue()


def _empty_cells(count: int, rng: random.Random) -> str:
    # Random style numbers keep the part from compressing like a zip bomb, so only the cell count stops it.
    return "".join(f'<c s="{rng.randrange(100000)}"/>' for _ in range(count))


def test_a_row_of_a_million_empty_cells_stops_at_once_with_a_clear_error():
    rng = random.Random(13)
    sheet = (
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c>'
        f"{_empty_cells(1_000_000, rng)}</row>"
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Mörkt</t></is></c></row></sheetData></worksheet>'
    ).encode()
    data = _workbook_with_sheet(sheet)
    started = time.perf_counter()
    with pytest.raises(TableError, match="fler celler än ett kalkylark med svar kan ha"):
        read_table(data, "bred.xlsx")
    # Stopped after Excel's 16,384 columns, not after the million the file claims.
    assert time.perf_counter() - started < 5


def test_the_cells_read_from_a_sheet_are_bounded_in_total(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CELLS_READ", 50_000)
    rng = random.Random(7)
    rows = "".join(f'<row r="{n}">{_empty_cells(10_000, rng)}</row>' for n in range(2, 12))
    sheet = (
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    ).encode()
    with pytest.raises(TableError, match="fler celler"):
        read_table(_workbook_with_sheet(sheet), "lang.xlsx")


def _laughs_utf16(prefix_comment: str) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        f"<!--{prefix_comment}-->"
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    return xml.encode("utf-16")


def test_a_document_type_declaration_in_a_utf16_part_is_refused():
    # U+413C is the bytes "<A" in UTF-16LE: a byte-level check took it for the root element.
    with pytest.raises(TableError, match="otillåtna XML"):
        read_table(_workbook_with_sheet(_laughs_utf16("\u413c")), "lol.xlsx")
    with pytest.raises(TableError, match="otillåtna XML"):
        read_table(_workbook_with_sheet(_laughs_utf16("")), "lol.xlsx")


def test_a_part_declaring_an_encoding_the_check_cannot_follow_is_refused():
    sheet = (f'<?xml version="1.0" encoding="cp037"?><worksheet xmlns="{NS}"><sheetData/></worksheet>').encode()
    with pytest.raises(TableError, match="otillåtna XML"):
        read_table(_workbook_with_sheet(sheet), "ebcdic.xlsx")


def test_a_utf16_sheet_without_a_declaration_of_entities_is_read():
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Svar</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Mörkt på torget</t></is></c></row></sheetData></worksheet>'
    ).encode("utf-16")
    table = read_table(_workbook_with_sheet(sheet), "utf16.xlsx")
    assert table.headers == ["Svar"] and table.rows[0].values == ["Mörkt på torget"]


def test_a_too_long_cell_is_reported_as_too_long_not_as_broken_quotes():
    data = ("Svar;Plats\n" + "kort;torget\n" + '"' + "x" * 150_000 + '";torget\n').encode()
    table = read_table(data, "lang.csv")
    assert [str(p) for p in table.rows[1].problems] == ["Cellen i kolumn Svar är för lång: den har över 10000 tecken."]
    assert table.rows[1].number == 3


def test_csv_rows_are_numbered_by_the_line_a_text_editor_shows():
    data = (
        "Enkät om trygghet\r\n\r\nSvar;Plats\r\n" + '"två\r\nrader";torget\r\n' + "\r\n" + "tre;torget\r\n"
    ).encode()
    table = read_table(data, "rader.csv")
    assert table.header_row == 3 and table.headers == ["Svar", "Plats"]
    assert [row.number for row in table.rows] == [4, 7]
    assert table.where(7) == "rad 7 i filen"


def test_the_header_is_found_below_a_title_and_a_note_and_can_be_given():
    data = "Sammanställning 2020\nKälla: enkät;2020-06-01\nDatum;Plats;Svar\n2020-05-01;torget;Mörkt\n".encode()
    assert read_table(data, "a.csv").header_row == 3
    assert read_table(data, "a.csv", header_row=2).headers == ["Källa: enkät", "2020-06-01"]
    with pytest.raises(TableError, match="Rad 9 i filen är tom eller finns inte"):
        read_table(data, "a.csv", header_row=9)


def test_sizes_are_written_the_way_the_language_writes_them(settings):
    with translation.override("sv"):
        assert megabytes(22_020_096) == "21,0"
        with pytest.raises(TableError, match=r"Filen är för stor \(21,0 MB\)"):
            read_table(b"a" * 22_020_096, "stor.csv")
    with translation.override("en"):
        assert megabytes(22_020_096) == "21.0"


def test_merged_ranges_fill_their_rows_but_overlapping_ones_cannot_multiply_the_work(monkeypatch):
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"Torget" if n == 2 else ""}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>svar {n}</t></is></c></row>'
        for n in range(2, 202)
    )
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>Plats</t></is></c><c r="B1" t="inlineStr"><is><t>Svar</t></is></c></row>'

    def sheet(merges: str) -> bytes:
        return f'<worksheet xmlns="{NS}"><sheetData>{head}{rows}</sheetData><mergeCells>{merges}</mergeCells></worksheet>'.encode()

    table = read_table(_workbook_with_sheet(sheet('<mergeCell ref="A2:A201"/>')), "a.xlsx")
    assert {row.values[0] for row in table.rows} == {"Torget"}
    monkeypatch.setattr(tabular, "MAX_CELLS_READ", 10_000)
    with pytest.raises(TableError, match="fler sammanslagna celler"):
        read_table(_workbook_with_sheet(sheet('<mergeCell ref="A2:A201"/>' * 100)), "b.xlsx")


def test_a_header_row_with_a_year_over_each_column_is_the_header():
    table = read_table("Region;Brott;2018;2019;2020\n1494 Lidköping;Misshandel;101;..;120\n".encode(), "bra.csv")
    assert table.headers == ["Region", "Brott", "2018", "2019", "2020"]
    assert [row.values[1] for row in table.rows] == ["Misshandel"]


def _workbook(sheets: dict[str, list[list[object]]], *, active: int = 0, hidden: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_active_cover_sheet_without_answers_gives_way_to_the_visible_sheet_that_has_them():
    data = _workbook(
        {
            "Läs mig": [["Svaren finns på bladet Svar"]],
            "Lista": [["Ekby"], ["Norrvik"]],
            "Svar": [["Område", "Varför otrygg"], ["Ekby", "Mörkt"], ["Norrvik", "Stökigt"]],
        },
        hidden=("Lista",),
    )
    table = read_table(data, "svar.xlsx")
    assert table.sheet == "Svar" and table.sheets == ["Läs mig", "Svar"]
    assert table.headers == ["Område", "Varför otrygg"] and len(table.rows) == 2
    assert any("Bladet ”Läs mig” har inga svar" in str(n) for n in table.notices)
    # Named, a sheet is read as it is, and an empty one says so.
    with pytest.raises(TableError, match="inga rader med svar"):
        read_table(data, "svar.xlsx", sheet="Läs mig")


def test_a_workbook_without_answers_on_any_visible_sheet_names_its_sheets():
    data = _workbook(
        {"Läs mig": [["Ingenting här"]], "Tom": [["Rubrik"]], "Lista": [["Ekby"], ["Norrvik"]]}, hidden=("Lista",)
    )
    with pytest.raises(TableError) as caught:
        read_table(data, "tom.xlsx")
    assert "inga rader med svar" in str(caught.value.message) and "”Tom”" in str(caught.value.message)
