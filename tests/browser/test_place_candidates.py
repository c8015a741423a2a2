"""An analyst adds a new place from the answers to the gazetteer with one click; the page passes axe-core on
a desktop and at phone width."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from lofte.analysis.models import PlaceCandidate
from lofte.analysis.services import analysis_run_execute, analysis_run_start
from lofte.core.models import Area, Organisation, Partnership, Place
from lofte.core.roles import Role
from tests.analysis.conftest import ANSWERS_2020, make_campaign
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def analysed(transactional_db):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo
    )
    areas = {name: Area.objects.create(organisation=sjostad, name=name) for name in ("Sjöstad", "Norrvik")}
    Place.objects.create(organisation=sjostad, name="Stadsparken", kind="park")
    campaign = make_campaign(partnership, 2020, ANSWERS_2020, areas)
    analysis_run_execute(run_id=analysis_run_start(campaign=campaign, by=None, enqueue=False).pk)
    analyst = make_user("anna", sjostad, Role.ANALYST)
    TOTPDevice.objects.create(user=analyst, name="telefon", key=KEY, confirmed=True)
    return analyst, campaign, sjostad


def _sign_in(page: Page, base: str, username: str) -> None:
    sign_in(page, base, username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")


def test_analyst_adds_a_new_place_from_the_answers(page: Page, browser: Browser, live_server, analysed):
    analyst, campaign, sjostad = analysed
    base = live_server.url
    _sign_in(page, base, analyst.username)

    page.goto(f"{base}/analys/omgang/{campaign.slug}/")
    page.get_by_role("link", name=re.compile("nya platsnamn|nytt platsnamn")).click()
    expect(page.get_by_role("heading", name="Nya platser i svaren")).to_be_visible()
    expect(page.get_by_role("heading", name="Storgatan")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"Lägg till i platsregistret\W+Storgatan")).click()
    expect(page.get_by_text("Storgatan finns nu i platsregistret för Sjöstad kommun")).to_be_visible()
    assert Place.objects.filter(organisation=sjostad, name="Storgatan", kind=Place.Kind.STREET).exists()
    assert PlaceCandidate.objects.get(name="Storgatan").status == PlaceCandidate.Status.ADDED
    expect(page.get_by_role("heading", name="Redan hanterade")).to_be_visible()
    assert_accessible(page)

    # The same signed-in session at phone width (a second sign-in could not reuse the one-time code).
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        storage_state=page.context.storage_state(),
    )
    phone = context.new_page()
    try:
        phone.goto(f"{base}/analys/omgang/{campaign.slug}/nya-platser/")
        expect(phone.get_by_role("heading", name="Nya platser i svaren")).to_be_visible()
        assert_accessible(phone)
    finally:
        context.close()
