"""Commitments out to CSV/xlsx and back in: one format, row errors that name the row and column, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.promises.commitment_io import COLUMNS, export_csv, export_xlsx, import_commitments
from lofte.promises.models import Commitment, Promise
from lofte.promises.services import commitment_create, promise_create


def _csv(*rows: list[str], headers: list[str] = COLUMNS) -> bytes:
    lines = [";".join(headers)] + [";".join(r) for r in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _row(**values: str) -> list[str]:
    base = {
        "fokusområde": "Trygghet i centrum",
        "vad": "Trafikkontroller vid skolorna",
        "ansvarig": "polisen",
        "start": "2021-01-01",
        "slut": "2021-12-31",
        "måltyp": "antal",
        "målvärde": "12",
        "status": "planerat",
    }
    base.update(values)
    return [base.get(name, "") for name in COLUMNS]


def _state(promise: Promise) -> list[tuple]:
    return sorted(
        (
            c.focus_area.title_sv,
            c.what_sv,
            c.what_en,
            c.owner,
            c.partner_name,
            c.starts_on,
            c.ends_on,
            c.target_kind,
            c.target_value,
            c.survey_item,
            c.baseline_value,
            c.status,
            c.parent.what_sv if c.parent else None,
            tuple(a.name for a in c.areas.all()),
            c.contact_id,
        )
        for c in Commitment.objects.filter(focus_area__promise=promise).select_related("focus_area", "parent")
    )


def test_a_coordinator_exports_and_imports_the_same_commitments_back_unchanged_in_csv_and_xlsx(
    draft, focus, commitment, sjostad_analyst, police_analyst, centrum
):
    child = commitment_create(
        focus_area=focus,
        by=sjostad_analyst,
        what_sv='=HYPERLINK("http://x") besök på fritidsgården',
        what_en="Visits",
        owner=Commitment.Owner.PARTNER,
        partner_name="Fältsekreterarna",
        starts_on=dt.date(2021, 3, 1),
        ends_on=dt.date(2021, 6, 30),
        target_kind=Commitment.TargetKind.SURVEY,
        target_value=2.5,
        survey_item="otrygg_kvall",
        baseline_value=3.1,
        parent=commitment,
        areas=[centrum],
        contact=police_analyst,
    )
    before = _state(draft)
    for data in (export_csv(draft), export_xlsx(draft)):
        result = import_commitments(promise=draft, by=sjostad_analyst, data=data)
        assert result.errors == [] and (result.created, result.updated) == (0, 2)
        assert _state(draft) == before
    # The same file starts another year's draft: new commitments (new lineage), the parent link kept, and the
    # dates moved a year into the new promise's period.
    other = promise_create(partnership=draft.partnership, by=sjostad_analyst, start_year=2022, title_sv="2022")
    result = import_commitments(promise=other, by=sjostad_analyst, data=export_xlsx(draft))
    assert result.errors == [] and (result.created, result.focus_areas_created) == (2, 1)
    a_year_later = [(*row[:5], row[5].replace(year=2022), row[6].replace(year=2022), *row[7:]) for row in before]
    assert _state(other) == a_year_later
    copied = Commitment.objects.get(focus_area__promise=other, parent__isnull=False)
    assert copied.lineage != child.lineage and copied.parent.lineage != commitment.lineage


def test_an_export_neutralises_formulas_in_csv_and_writes_xlsx_text_cells(draft, commitment, sjostad_analyst):
    Commitment.objects.filter(pk=commitment.pk).update(what_sv="=cmd|' /C calc'!A0", partner_name="@SUM(1)")
    text = export_csv(draft).decode("utf-8")
    assert ";'=cmd|" in text
    with zipfile.ZipFile(io.BytesIO(export_xlsx(draft))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "=cmd|" in sheet


def test_one_wrong_row_stores_nothing_and_each_error_names_row_column_and_problem(draft, sjostad_analyst):
    before = _state(draft)
    data = _csv(
        _row(),
        _row(ansvarig="brandkåren", målvärde="tolv", start="31/2 2021"),
        _row(huvudåtagande="finns-inte", måltyp="ja/nej"),
    )
    result = import_commitments(promise=draft, by=sjostad_analyst, data=data)
    assert _state(draft) == before
    errors = [(e.where, e.column, e.message) for e in result.errors]
    assert (
        "rad 3 i filen",
        "ansvarig (G)",
        "Okänd ansvarig ”brandkåren”: skriv polisen, kommunen, båda eller annan part.",
    ) in errors
    assert ("rad 3 i filen", "målvärde (N)", "”tolv” är inget tal.") in errors
    assert ("rad 3 i filen", "start (K)", "”31/2 2021” är inget datum. Skriv det som 2021-03-31.") in errors
    assert ("rad 4 i filen", "huvudåtagande (D)", "Inget åtagande ovanför har id ”finns-inte”.") in errors
    assert not any(e[0] == "rad 2 i filen" for e in errors)


def test_an_xlsx_error_names_the_excel_row(draft, sjostad_analyst):
    from lofte.lib.spreadsheet import xlsx_bytes

    data = xlsx_bytes(COLUMNS, [_row(), _row(måltyp="antal", målvärde="0")])
    result = import_commitments(promise=draft, by=sjostad_analyst, data=data)
    assert [(e.where, e.column) for e in result.errors] == [("rad 3 i bladet", "målvärde (N)")]
    assert Commitment.objects.filter(focus_area__promise=draft).count() == 1


def test_commitments_import_only_into_a_draft(published, sjostad_analyst):
    count = Commitment.objects.count()
    result = import_commitments(promise=published, by=sjostad_analyst, data=_csv(_row()))
    assert result.errors and "utkast" in result.errors[0].message
    assert Commitment.objects.count() == count


def test_a_hostile_xlsx_is_refused_before_it_is_unpacked(draft, sjostad_analyst):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<" + "a" * 50_000_000 + "/>")
    result = import_commitments(promise=draft, by=sjostad_analyst, data=buffer.getvalue())
    assert result.errors and result.errors[0].where == "filen"
    assert Commitment.objects.filter(focus_area__promise=draft).count() == 1


def test_a_coordinator_uploads_a_file_and_sees_the_new_commitments(login, draft, sjostad_analyst):
    client = login(sjostad_analyst)
    url = reverse("promises:commitments_import", args=[draft.partnership.slug, draft.pk])
    upload = SimpleUploadedFile("ataganden.csv", _csv(_row(), _row(vad="Belysning i gångtunneln", ansvarig="kommunen")))
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert set(Commitment.objects.filter(focus_area__promise=draft).values_list("what_sv", flat=True)) == {
        "Polisen är synlig vid skolor och fritidsgårdar",
        "Trafikkontroller vid skolorna",
        "Belysning i gångtunneln",
    }
    bad = client.post(url, {"file": SimpleUploadedFile("x.csv", _csv(_row(slut="snart")))})
    assert bad.status_code == 400 and "rad 2 i filen" in bad.text and "slut (L)" in bad.text


def test_a_police_reader_downloads_the_commitments_but_cannot_import(login, draft, reader):
    client = login(reader)
    response = client.get(reverse("promises:commitments_export", args=[draft.partnership.slug, draft.pk, "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    url = reverse("promises:commitments_import", args=[draft.partnership.slug, draft.pk])
    assert client.post(url, {"file": SimpleUploadedFile("a.csv", _csv(_row()))}).status_code == 403
    assert Commitment.objects.filter(focus_area__promise=draft).count() == 1


def test_an_import_refuses_a_commitment_dated_outside_the_promises_years(draft, commitment, sjostad_analyst):
    data = export_csv(draft).decode("utf-8-sig").replace("2021-12-31", "3000-12-31").encode()
    result = import_commitments(promise=draft, by=sjostad_analyst, data=data)
    assert [(e.column.split(" ")[0], e.message) for e in result.errors] == [
        ("slut", "Datumet ska ligga inom löftets period, 2021-01-01–2021-12-31.")
    ]
    commitment.refresh_from_db()
    assert commitment.ends_on == dt.date(2021, 12, 31)
