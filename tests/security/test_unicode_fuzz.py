"""Hypothesis over arbitrary Unicode and bytes into the importers, the redaction and the text engine: each
returns its result or its own clear error, never anything else. Bounded (MAX_EXAMPLES each, derandomised) so
the file takes seconds in CI, the same every run."""

from __future__ import annotations

import csv
import io
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.dialogues.import_rows import auto_mapping, validate_table
from lofte.lib.spreadsheet import csv_bytes, xlsx_bytes
from lofte.lib.tabular import TableError, read_table
from lofte.text import Engine, load_taxonomy, redact
from tests.dialogues.campaign_fixtures import campaign, centrum, torget  # noqa: F401 - fixtures

MAX_EXAMPLES = 60
BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Text as people (and attackers) can send it: every code point a stored text may hold (no NUL, no surrogates).
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200)
CELL = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)


@cache
def engine() -> Engine:
    return Engine(load_taxonomy())


@BOUNDED
@given(data=st.binary(max_size=2000), name=st.sampled_from(["svar.csv", "svar.xlsx", "svar.txt", ""]))
def test_any_bytes_are_read_as_a_table_or_refused_with_a_clear_error(data: bytes, name: str) -> None:
    try:
        table = read_table(data, name)
    except TableError as error:
        assert str(error.message).strip()
        return
    for row in table.rows:
        assert all(isinstance(v, str) and "\x00" not in v for v in row.values)


@BOUNDED
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8))
def test_any_unicode_cells_survive_an_xlsx_written_by_the_export_and_read_by_the_import(rows) -> None:
    headers = ["Plats", "Svar", "Kommentar"]
    # Control characters an .xlsx cannot hold are dropped on export, and XML reads a line end as \n; everything
    # else comes back, trimmed as the importer trims every cell. Rows with no content at all are skipped.
    illegal = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    expected = [[illegal.sub("", c.replace("\r\n", "\n").replace("\r", "\n")).strip() for c in row] for row in rows]
    expected = [row for row in expected if any(row)]
    data = xlsx_bytes(headers, rows)
    if not expected:
        with pytest.raises(TableError, match="inga rader"):
            read_table(data, "svar.xlsx")
        return
    table = read_table(data, "svar.xlsx")
    assert table.headers == headers
    assert [[v.strip() for v in r.values] for r in table.rows] == expected


@BOUNDED
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8))
def test_any_unicode_cells_in_a_csv_are_read_or_refused_clearly(rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([["Plats", "Svar", "Kommentar"], *rows])
    try:
        table = read_table(buffer.getvalue().encode("utf-8"), "svar.csv")
    except TableError as error:
        assert str(error.message).strip()
        return
    assert all(isinstance(v, str) for r in table.rows for v in r.values)
    # The export's own CSV (formulas escaped, BOM) reads back too, or is refused as having no answers.
    try:
        read_table(csv_bytes(["Plats", "Svar"], [row[:2] for row in rows]), "export.csv")
    except TableError as error:
        assert "inga rader" in str(error.message)


@pytest.mark.django_db
@BOUNDED
@given(rows=st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=5))
def test_any_unicode_in_an_import_is_validated_row_by_row_without_crashing(campaign, rows) -> None:  # noqa: F811
    headers = ["Datum", "Plats", "Hur trygg känner du dig?", "Varför otrygg?"]
    try:
        table = read_table(xlsx_bytes(headers, rows), "dialoger.xlsx")
    except TableError as error:
        assert "inga rader" in str(error.message)
        return
    validation = validate_table(campaign=campaign, table=table, mapping=auto_mapping(campaign, table.headers))
    # Each row is prepared or has its errors, in Swedish, naming where it is.
    assert len(validation.rows) + validation.error_rows == len(table.rows)
    assert all(e.message.strip() for e in validation.errors)


@BOUNDED
@given(before=TEXT, after=TEXT)
def test_redaction_of_any_text_returns_text_and_still_masks_a_personnummer_and_an_email(before, after) -> None:
    text = f"{before} 19811218-9876 {after} ring anna.svensson@example.se"
    redacted = redact(text)
    assert isinstance(redacted, str)
    assert "19811218-9876" not in redacted
    assert "anna.svensson@example.se" not in redacted


@BOUNDED
@given(text=TEXT)
def test_the_text_engine_codes_any_text(text) -> None:
    coding = engine().code(text)
    assert isinstance(coding.themes, list) and isinstance(coding.redacted, str)
    assert 0.0 <= coding.uncertainty <= 1.0
