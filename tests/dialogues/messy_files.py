"""Files as analysts have them, made here so every test (and the closing note) uses the same ones.

`summary_workbook()`: an Excel summary of conversations with a merged title and a "compiled by" line above
the header, a hidden first sheet of drop-down lists, a notes sheet, places written once per block in merged
cells, the interviewer written once per block (blank below: fill-down), decimal scores as numbers and as
text with a decimal comma, one score outside the scale and one unknown area.

`windows_csv()`: the same kind of answers saved by an old Excel as "CSV (semikolonavgränsad)": Windows-1252,
semicolons, CRLF, and answers with line breaks inside quoted cells, so a record spans several lines.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

SUMMARY_HEADERS = [
    "Datum",
    "Plats",
    "Omrade",
    "Aldersgrupp",
    "kon",
    "Trygghet (1-5)",
    "Varför otryggt?",
    "Vad skulle göra det tryggare?",
    "Intervjuare",
]
# The mapping an analyst picks for the summary (the question columns have free wording).
SUMMARY_MAPPING = {
    "Datum": "conducted_date",
    "Plats": "place",
    "Omrade": "area",
    "Aldersgrupp": "age_band",
    "kon": "gender",
    "Trygghet (1-5)": "q:feel_safe",
    "Varför otryggt?": "q:why_unsafe",
    "Vad skulle göra det tryggare?": "q:what_safer",
    "Intervjuare": "interviewer",
}
# (date, place or None under a merge, area, age, gender, score, why, what, interviewer or None)
SUMMARY_ROWS: list[tuple[object, ...]] = [
    (
        dt.datetime(2020, 5, 4, 18, 30),
        "Resecentrum",
        "Centrum",
        "16-19",
        "K",
        3.5,
        "Mörkt vid busskuren",
        "Belysning",
        "Mira",
    ),
    (dt.datetime(2020, 5, 4, 18, 45), None, "Centrum", "20-29", "M", "3,5", "Fulla personer", "Mer polis", None),
    (dt.datetime(2020, 5, 4, 19, 0), None, "Centrum", "65-79", "K", 2, "Ungdomsgäng", "Nattvandrare", None),
    (dt.datetime(2020, 5, 6, 17, 0), "Stora torget", "Lillby", "30-44", "M", 4, "Skräpigt", "Städning", "Mira"),
    (dt.datetime(2020, 5, 6, 17, 20), None, "Centrum", "45-64", "K", 7, "Man ser aldrig polisen", "Fotpatrull", None),
    (dt.datetime(2020, 5, 6, 17, 40), None, "Centrum", "16-19", "K", 4.5, "Killar som hotar folk", "Vuxna ute", None),
]
SUMMARY_HEADER_ROW = 4  # row 1 title (merged), row 2 compiled-by, row 3 blank
SUMMARY_SHEET = "Sammanställning"


def summary_workbook() -> bytes:
    workbook = Workbook()
    lists = workbook.active
    lists.title = "Listor"
    for value in ["Resecentrum", "Stora torget", "K", "M", "16-19", "20-29"]:
        lists.append([value])
    lists.sheet_state = "hidden"
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    sheet["A1"] = "Trygghetsdialog Sjöstad 2020 – sammanställning av samtal"
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "Sammanställd av: Mira Holm, 2020-06-30"
    sheet.append([])  # row 3 stays blank
    for column, header in enumerate(SUMMARY_HEADERS, start=1):
        sheet.cell(row=SUMMARY_HEADER_ROW, column=column, value=header)
    for offset, values in enumerate(SUMMARY_ROWS, start=SUMMARY_HEADER_ROW + 1):
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=offset, column=column, value=value)
    # Each block's place is one merged cell over its conversations.
    first = SUMMARY_HEADER_ROW + 1
    sheet.merge_cells(f"B{first}:B{first + 2}")
    sheet.merge_cells(f"B{first + 3}:B{first + 5}")
    notes = workbook.create_sheet("Anteckningar")
    notes.append(["Anteckning"])
    notes.append(["Regnigt första kvällen."])
    workbook.active = workbook.sheetnames.index(SUMMARY_SHEET)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WINDOWS_HEADERS = ["Datum", "Plats", "Ålder", "Kön", "Varför känner du dig otrygg där?", "Trygghet 1-5"]
WINDOWS_MAPPING = {
    "Datum": "conducted_date",
    "Plats": "place",
    "Ålder": "age_band",
    "Kön": "gender",
    "Varför känner du dig otrygg där?": "q:why_unsafe",
    "Trygghet 1-5": "q:feel_safe",
}


def windows_csv() -> bytes:
    """Line numbers as a text editor shows them: 1 header; 2-4 a record whose answer has two line breaks;
    5 a record; 6-7 a record with a score outside the scale; 8 a record with a decimal comma."""
    lines = [
        "Datum;Plats;Ålder;Kön;Varför känner du dig otrygg där?;Trygghet 1-5",
        '2020-05-04 18:30;Resecentrum;17;Kvinna;"Mörkt vid busskuren;\r\nfulla personer på kvällen\r\noch ingen vakt";2',
        "2020-05-04 18:45;torget;34;Man;Skräpigt och öde;4",
        '2020-05-05 17:00;Resecentrum;70;k;"Cyklister på trottoaren,\r\nrädd att bli påkörd";9',
        "2020-05-05 17:20;Resecentrum;45;Man;För få vuxna ute;3,5",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
