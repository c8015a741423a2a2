# ruff: noqa: F811 - pytest fixtures imported from tests.dialogues.data_fixtures
"""Exports of the filtered dialogue list: formulas escaped, filters and permissions respected."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

from django.urls import reverse
from openpyxl import load_workbook

from lofte.dialogues.services import dialogue_record
from lofte.lib.spreadsheet import escape_cell
from tests.dialogues.data_fixtures import campaign, centrum_area, torget  # noqa: F401


def record(campaign, user, why: str, **extra):  # type: ignore[no-untyped-def]
    return dialogue_record(
        campaign=campaign,
        by=user,
        channel="field",
        idempotency_key=uuid.uuid4(),
        answers={"why_unsafe": why, "feel_safe": 2, "when_unsafe": "evening"},
        **extra,
    )


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_export_escapes_formulas_and_starts_with_a_bom(login, campaign, sjostad_analyst, reader):
    record(campaign, sjostad_analyst, '=HYPERLINK("http://evil.example")')
    record(campaign, sjostad_analyst, "+46 är inget telefonnummer här")
    record(campaign, sjostad_analyst, "@SUM(A1)")
    record(campaign, sjostad_analyst, "-1 poäng för belysningen")
    response = login(reader).get(
        reverse("dialogues:dialogue_export", args=["sjostad", "csv"]), {"campaign": campaign.slug}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="dialoger-{campaign.slug}-{dt.date.today().isoformat()}.csv"'
    )
    rows = csv_rows(response)
    column = rows[0].index("Varför känner du dig otrygg där?")
    values = {row[column] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example")' in values
    assert "'@SUM(A1)" in values and "'-1 poäng för belysningen" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row)
    when = rows[0].index("När känner du dig otrygg där?")
    assert rows[1][when] == "Kväll"


def test_xlsx_export_writes_formulas_as_text(login, campaign, sjostad_analyst, reader):
    record(campaign, sjostad_analyst, "=1+1")
    response = login(reader).get(reverse("dialogues:dialogue_export", args=["sjostad", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    formula_text = next(cell for cell in cells if cell.value == "=1+1")  # the text as typed, no apostrophe
    assert formula_text.data_type == "s" and formula_text.quotePrefix
    assert not any(str(cell.value).startswith("'") for cell in cells)
    assert all(cell.data_type != "f" for cell in cells)


def test_export_respects_the_filter(login, campaign, sjostad_analyst, dialogue_staff, reader):
    record(campaign, sjostad_analyst, "analytikerns samtal")
    record(campaign, dialogue_staff, "miras samtal")
    response = login(reader).get(
        reverse("dialogues:dialogue_export", args=["sjostad", "csv"]), {"interviewer": dialogue_staff.pk}
    )
    rows = csv_rows(response)
    assert len(rows) == 2
    assert "miras samtal" in rows[1]


def test_outsiders_cannot_export_and_learn_nothing(client, login, campaign, sjostad_analyst, outsider):
    record(campaign, sjostad_analyst, "hemligt")
    response = login(outsider).get(reverse("dialogues:dialogue_export", args=["sjostad", "csv"]))
    assert response.status_code == 404
    client.logout()
    response = client.get(reverse("dialogues:dialogue_export", args=["sjostad", "csv"]))
    assert response.status_code == 302


def test_escape_cell_covers_every_dangerous_prefix() -> None:
    for text in ["=A1", "+1", "-1", "@x", "\tx", "\rx"]:
        assert escape_cell(text) == "'" + text
    assert escape_cell("vanlig text") == "vanlig text"
    assert escape_cell(-1) == -1
