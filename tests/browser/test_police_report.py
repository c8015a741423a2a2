"""The pre-filled police report in a browser: a handler opens it from a graffiti case, downloads the PDF,
marks it sent with the police's number. Passes axe at phone and desktop width."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.cases.models import CaseEvent, CaseKind, Category
from lofte.cases.services import Reporter, case_submit
from lofte.core.models import AuditEntry, Organisation, Place
from lofte.core.roles import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY = "3132333435363738393031323334353637383930"


def test_a_handler_prints_the_police_report_of_graffiti_and_marks_it_sent(live_server, page: Page):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    tunnel = Place.objects.create(organisation=sjostad, name="Gångtunneln", latitude=58.5015, longitude=13.1627)
    graffiti = Category.objects.create(
        organisation=sjostad, slug="klotter", name_sv="Klotter och skadegörelse", theme="skadegorelse"
    )
    case = case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=graffiti,
        message="Nytt klotter på väggen",
        idempotency_key=None,
        place=tunnel,
        reporter=Reporter(name="Ada Svensson", phone="070-111 22 33", consent=True),
    ).case
    handler = make_user("karin", sjostad, Role.CASE_HANDLER)
    TOTPDevice.objects.create(user=handler, name="telefon", key=KEY, confirmed=True)
    base = live_server.url
    sign_in(page, base, handler.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.goto(f"{base}{case.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Polisanmälan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Polisanmälan: Klotter och skadegörelse")
    expect(page.locator(".police-report")).to_contain_text("Ada Svensson")
    expect(page.locator(".police-report")).to_contain_text("Gångtunneln")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som PDF").click()
    assert download.value.suggested_filename == f"polisanmalan-{case.reference}.pdf"
    page.get_by_label(re.compile("Polisens diarienummer")).fill("5000-K123456-26")
    page.get_by_role("button", name="Markera som skickad").click()
    expect(page.locator(".police-sent")).to_contain_text("5000-K123456-26")
    assert_accessible(page)
    assert case.events.get(kind=CaseEvent.Kind.POLICE_REPORT).actor == handler
    assert AuditEntry.objects.filter(action="case.police_report", actor=handler).count() == 1
