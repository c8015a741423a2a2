"""'Vad ni sagt' in a browser: an analyst reviews (first without confirming: an error), publishes, a resident
reads the public page on a phone, the analyst unpublishes and the page is gone. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from lofte.analysis.models import Publication
from lofte.analysis.publication import quote_choices
from lofte.core.models import Area, Organisation, Partnership
from lofte.core.roles import Role
from tests.analysis.conftest import ANSWERS_2020, make_campaign
from tests.analysis.test_runs import run_now
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY = "3132333435363738393031323334353637383930"


def test_an_analyst_publishes_what_residents_said_and_takes_it_down(live_server, page: Page, browser: Browser):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    police = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=police
    )
    areas = {name: Area.objects.create(organisation=sjostad, name=name) for name in ("Sjöstad", "Norrvik")}
    campaign = make_campaign(partnership, 2020, ANSWERS_2020, areas)
    run = run_now(campaign)
    approved = quote_choices(run)[0]
    analyst = make_user("sara", sjostad, Role.ANALYST)
    TOTPDevice.objects.create(user=analyst, name="telefon", key=KEY, confirmed=True)
    base = live_server.url
    sign_in(page, base, analyst.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.goto(f"{base}/analys/omgang/{campaign.slug}/")
    page.get_by_role("link", name=re.compile("Publicera för invånarna")).click()
    page.wait_for_url(re.compile(r"/publicering/$"))
    assert_accessible(page)
    page.locator(f'input[value="{approved.key}"]').check()
    page.get_by_role("button", name="Spara granskningen").click()  # not confirmed: an error, nothing stored
    expect(page.locator(".has-error")).to_contain_text("Bekräfta att du har granskat analysen")
    assert not Publication.objects.exists()
    assert_accessible(page)
    page.get_by_label(re.compile("Jag har granskat")).check()
    page.get_by_role("button", name="Spara granskningen").click()
    page.get_by_role("button", name="Publicera", exact=True).click()
    page.get_by_role("link", name="Visa den publicerade sidan").click()
    page.wait_for_url(re.compile(rf"/p/{sjostad.slug}/"))
    public_url = page.url

    resident = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    phone = resident.new_page()
    phone.set_default_timeout(10_000)
    try:
        response = phone.goto(public_url)
        assert response is not None and response.status == 200
        expect(phone.get_by_role("heading", level=1)).to_have_text("Vad ni sagt: Trygghetsdialog 2020")
        expect(phone.locator("blockquote")).to_have_count(1)
        expect(phone.locator("blockquote")).to_contain_text(approved.text)
        assert not resident.cookies()
        page.goto(public_url)  # axe needs JavaScript: the check runs in the analyst's browser, at both widths
        assert_accessible(page)
        page.goto(f"{base}/analys/omgang/{campaign.slug}/publicering/")
        page.get_by_role("button", name="Avpublicera").click()
        expect(page.locator(".facts")).to_contain_text("Inte publicerad")
        gone = phone.goto(public_url)
        assert gone is not None and gone.status == 404
    finally:
        resident.close()
    publication = Publication.objects.get()
    assert publication.published_at is None and publication.reviewed_by == analyst
