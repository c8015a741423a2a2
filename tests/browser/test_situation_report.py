"""Lägesbild report in a browser, on a desktop and at 390 px: an analyst drafts and edits the text, both parties
agree, it is published, and the public page's alternate links give its PDF and JSON. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.core.models import Organisation, Partnership
from lofte.core.roles import Role
from lofte.situation.models import Report
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user
from tests.situation.report_fixtures import build_dataset

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo
    )
    Report.objects.create(
        partnership=partnership, year=2020, dataset=build_dataset(), dataset_computed_at=timezone.now()
    )
    users = [make_user("sara", sjostad, Role.ANALYST), make_user("johan", lpo, Role.ANALYST)]
    for user in users:
        TOTPDevice.objects.create(user=user, name="telefon", key=KEY, confirmed=True)
    return users


def _sign_in(page: Page, base: str, username: str) -> None:
    sign_in(page, base, username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_draft_edit_agree_publish_and_follow_the_alternates(request, live_server, world, viewport) -> None:
    page: Page = request.getfixturevalue(viewport)
    base = live_server.url
    report_url = f"{base}/lagesbild/sjostad/2020/rapport/"

    _sign_in(page, base, "sara")
    page.goto(report_url)
    page.get_by_role("button", name="Skapa utkast från dataunderlaget").click()
    expect(page.get_by_role("heading", name="Medborgardialogerna", exact=True)).to_be_visible()
    expect(page.locator("#report")).to_contain_text("I medborgardialogerna framkommer det att")
    assert_accessible(page)

    page.get_by_role("link", name="Ändra avsnittet Polisens händelser").click()
    expect(page.get_by_label("Text")).to_be_visible()
    assert_accessible(page)
    text = page.get_by_label("Text")
    text.fill(text.input_value() + " Polisen och kommunen följer upp 12 platser. [[cell:narkotika:3]]")
    page.get_by_role("button", name="Spara som ny version").click()
    expect(page.locator("#report")).to_contain_text("följer upp 12 platser")
    page.get_by_role("button", name="Godkänn version 2 för Sjöstad kommun").click()
    expect(page.get_by_text("Sjöstad kommun: godkänd av Sara")).to_be_visible()

    page.get_by_role("link", name="Alla versioner").click()
    page.wait_for_url(re.compile(r"/rapport/versioner/"))
    assert_accessible(page)
    page.get_by_role("button", name="Visa skillnader").click()
    expect(page.locator("ins")).to_contain_text("följer upp 12 platser")
    assert_accessible(page)
    _sign_out(page)

    _sign_in(page, base, "johan")
    page.goto(report_url)
    page.get_by_role("button", name="Godkänn version 2 för LPO Sjöstad").click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Lägesbilden är publicerad.")).to_be_visible()
    _sign_out(page)

    page.goto(f"{base}/p/lagesbild/sjostad/2020/")
    expect(page.get_by_role("heading", name="Lägesbild 2020")).to_be_visible()
    expect(page.locator("#report")).to_contain_text("följer upp 12 platser")
    assert_accessible(page)
    pdf_href = page.locator('link[rel="alternate"][type="application/pdf"]').get_attribute("href")
    json_href = page.locator('link[rel="alternate"][type="application/json"]').get_attribute("href")
    pdf = page.request.get(f"{base}{pdf_href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    document = page.request.get(f"{base}{json_href}").json()
    assert document["schema"] == "lofte.lagesbild-report/1" and document["version"]["number"] == 2

    page.locator("#report a.ref").first.click()
    expect(page.get_by_role("heading", name=re.compile("Raderna bakom"))).to_be_visible()
    assert_accessible(page)
