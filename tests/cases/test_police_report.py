"""The pre-filled police report of graffiti and vandalism: page, PDF, "sent" as an audited event."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from lofte.cases.models import Case, CaseEvent, CaseKind, Category
from lofte.cases.services import Reporter, case_set_diarienummer, case_submit
from lofte.core.models import Area, AuditEntry, ContactCentre, Place
from lofte.core.roles import Role

pytestmark = pytest.mark.django_db

# The smallest valid JPEG: one white pixel.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a"
    "1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f"
    "0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300"
    "041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a"
    "434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5"
    "a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faff"
    "da0008010100003f00fbd3ffd9"
)


@pytest.fixture
def graffiti(sjostad) -> Category:
    return Category.objects.create(
        organisation=sjostad, slug="klotter", name_sv="Klotter och skadegörelse", theme="skadegorelse"
    )


@pytest.fixture
def tunnel_graffiti(sjostad, graffiti, case_handler) -> Case:
    centrum = Area.objects.create(organisation=sjostad, name="Centrum")
    tunnel = Place.objects.create(
        organisation=sjostad, area=centrum, name="Gångtunneln vid Järnvägsgatan", latitude=58.5015, longitude=13.1627
    )
    ContactCentre.objects.create(
        organisation=sjostad, phone="0500-12 34 00", email="kontaktcenter@sjostad.example", postal_address="Box 1"
    )
    case = case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=graffiti,
        message="Nytt klotter på väggen i tunneln.",
        idempotency_key=uuid.uuid4(),
        place=tunnel,
        address="Järnvägsgatan 4",
        photo=JPEG,
        reporter=Reporter(name="Ada Svensson", phone="070-111 22 33", consent=True),
    ).case
    return case_set_diarienummer(case=case, by=case_handler, diarienummer="KS 2026/1234")


def _url(name: str, case: Case) -> str:
    return reverse(f"cases:{name}", args=[case.organisation.slug, case.reference])


def test_the_handler_reads_a_report_filled_with_place_time_reference_and_reporter(login, case_handler, tunnel_graffiti):
    page = login(case_handler).get(_url("police_report", tunnel_graffiti))
    assert page.status_code == 200
    text = page.text
    for expected in (
        "Gångtunneln vid Järnvägsgatan",
        "Järnvägsgatan 4",
        "Centrum",
        "58.501500",
        "13.162700",
        tunnel_graffiti.reference,
        "KS 2026/1234",
        "0500-12 34 00",
        "kontaktcenter@sjostad.example",
        "Nytt klotter på väggen i tunneln.",
        "Ada Svensson",
        "070-111 22 33",
        _url("case_photo", tunnel_graffiti),
    ):
        assert expected in text, expected
    assert _url("police_report", tunnel_graffiti) in login(case_handler).get(tunnel_graffiti.get_absolute_url()).text


def test_a_role_that_may_not_see_personal_data_gets_the_report_without_the_resident(
    login, case_handler, tunnel_graffiti, monkeypatch
):
    monkeypatch.setattr(Role, "sees_personal_data", property(lambda self: False))
    client = login(case_handler)
    page = client.get(_url("police_report", tunnel_graffiti))
    assert "Ada Svensson" not in page.text and "070-111 22 33" not in page.text
    assert "visas bara för roller som får se personuppgifter" in page.text
    pdf = client.get(_url("police_report_pdf", tunnel_graffiti))
    assert pdf.status_code == 200 and b"Ada Svensson" not in pdf.content


def test_the_pdf_is_a_private_download_with_the_photo(login, case_handler, tunnel_graffiti):
    response = login(case_handler).get(_url("police_report_pdf", tunnel_graffiti))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"polisanmalan-{tunnel_graffiti.reference}.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"/Subtype /Image" in response.content or b"/Subtype/Image" in response.content


def test_marking_the_report_sent_is_an_audited_event_with_the_polices_number(login, case_handler, tunnel_graffiti):
    client = login(case_handler)
    refused = client.post(_url("police_report_sent", tunnel_graffiti), {"police_reference": "x" * 61})
    assert refused.status_code == 400
    assert not tunnel_graffiti.events.filter(kind=CaseEvent.Kind.POLICE_REPORT).exists()
    response = client.post(_url("police_report_sent", tunnel_graffiti), {"police_reference": " 5000-K123456-26 "})
    assert response.status_code == 302
    event = tunnel_graffiti.events.get(kind=CaseEvent.Kind.POLICE_REPORT)
    assert event.actor == case_handler and event.text == "5000-K123456-26"
    assert event.public is False  # the resident's tracking page does not show it
    entry = AuditEntry.objects.get(action="case.police_report", target_id=str(tunnel_graffiti.pk))
    assert entry.actor == case_handler and entry.changes["police_reference"] == [None, "5000-K123456-26"]
    assert "5000-K123456-26" in client.get(_url("police_report", tunnel_graffiti)).text


def test_a_street_light_has_no_police_report(login, case_handler, dark_light):
    client = login(case_handler)
    assert client.get(_url("police_report", dark_light)).status_code == 404
    assert client.post(_url("police_report_sent", dark_light), {}).status_code == 404
    assert not AuditEntry.objects.filter(action="case.police_report").exists()


def test_a_reader_may_not_mark_it_sent_and_the_police_never_see_the_kommuns_report(
    login, reader, police_case_handler, tunnel_graffiti
):
    assert login(reader).post(_url("police_report_sent", tunnel_graffiti), {}).status_code == 403
    assert login(police_case_handler).get(_url("police_report", tunnel_graffiti)).status_code == 404
    assert not tunnel_graffiti.events.filter(kind=CaseEvent.Kind.POLICE_REPORT).exists()


def test_a_photo_missing_from_storage_still_gives_a_pdf(login, case_handler, tunnel_graffiti):
    Case.objects.filter(pk=tunnel_graffiti.pk).update(photo="cases/gone.jpg")
    response = login(case_handler).get(_url("police_report_pdf", tunnel_graffiti))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
