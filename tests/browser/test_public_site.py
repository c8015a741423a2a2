"""A resident uses Sjöstad's public site: with a mouse, in English, on a 320 px phone and with a keyboard alone;
an administrator writes a news item, first with mistakes. Every page passes axe while being clicked through."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from lofte.core.models import ContactCentre, OnCallNumber, Organisation, Partnership
from lofte.core.roles import Role
from lofte.lib.opening import parse_exceptions, parse_ranges
from lofte.public.services import news_item_create, news_item_publish, opening_hours_set
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def sjostad_site(transactional_db):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    Partnership.objects.create(name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo)
    admin = make_user("alva", sjostad, Role.ADMIN)
    TOTPDevice.objects.create(user=admin, name="telefon", key=KEY, confirmed=True)
    centre = ContactCentre.objects.create(
        organisation=sjostad,
        phone="0999-10 00 00",
        fax="0999-10 03 40",
        email="kommun@sjostad.example",
        visiting_address="Rådhusgatan 1\nSjöstad",
    )
    OnCallNumber.objects.create(contact_centre=centre, service="Socialjouren", phone="0999-10 01 30")
    opening_hours_set(
        organisation=sjostad,
        by=admin,
        week={d: parse_ranges("08:00–12:00, 12:45–16:30") for d in range(5)},
        exceptions=parse_exceptions(f"{dt.date.today().year}-12-23 08:00–12:00 Dag före julafton"),
    )
    item = news_item_create(
        organisation=sjostad,
        by=admin,
        title="Medborgarlöfte för 2021 klart",
        date=dt.date(2020, 12, 10),
        text="Under 2020 har över 600 samtal förts.\n\nLäs [alla löften](/p/medborgarloften/).",
    )
    news_item_publish(item=item, by=admin)
    return admin


def test_a_resident_opens_the_menu_reads_the_pages_and_switches_to_english(page: Page, live_server, sjostad_site):
    base = live_server.url
    page.goto(f"{base}/")
    page.wait_for_url(f"{base}/p/sjostad/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygghet i Sjöstad kommun")
    assert_accessible(page)

    menu = page.locator("details.site-menu")
    expect(menu.get_by_role("link", name="Kontakta oss")).to_be_hidden()
    page.get_by_text("Meny", exact=True).click()
    expect(menu.get_by_role("link", name="Kontakta oss")).to_be_visible()
    assert_accessible(page)
    menu.get_by_role("link", name="Kontakta oss").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakta oss")
    expect(page.locator(".open-state")).to_contain_text(re.compile("Öppet nu|Stängt nu"))
    expect(page.get_by_role("table")).to_contain_text("Måndag")
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{base}/p/sjostad/kontakt/?lang=en")  # the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url(f"{base}/p/sjostad/kontakt/?lang=sv")
    assert page.locator("html").get_attribute("lang") == "sv"

    page.get_by_text("Meny", exact=True).click()
    page.locator("details.site-menu").get_by_role("link", name="Nyheter").click()
    page.wait_for_url(re.compile(r"/nyheter/"))
    assert_accessible(page)
    page.get_by_role("link", name="Medborgarlöfte för 2021 klart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medborgarlöfte för 2021 klart")
    expect(page.get_by_role("link", name="alla löften")).to_have_attribute("href", "/p/medborgarloften/")
    assert_accessible(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    assert_accessible(page)
    page.goto(f"{base}/p/sjostad/arkiv/")
    assert_accessible(page)
    # A reader who does not sign in is given no cookie, and nothing was fetched from elsewhere.
    assert page.context.cookies() == []


def test_keyboard_alone_skip_link_first_and_focus_always_visible(page: Page, live_server, sjostad_site):
    page.goto(f"{live_server.url}/p/sjostad/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto(f"{live_server.url}/p/sjostad/")
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return [e.tagName, (e.innerText || '').trim(), s.outlineStyle, s.outlineWidth]; }"""
        )
        order.append(focused[:2])
        assert focused[2] != "none" and focused[3] != "0px", f"no visible focus on {focused}"
    assert [tag for tag, _text in order] == ["A", "A", "A", "SUMMARY"]  # skip link, name, language, menu
    page.keyboard.press("Enter")  # opens the menu from the keyboard
    page.keyboard.press("Tab")
    expect(page.locator("details.site-menu nav a").first).to_be_focused()


def test_at_320_px_nothing_scrolls_sideways(browser: Browser, live_server, sjostad_site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in ("/p/sjostad/", "/p/sjostad/kontakt/", "/p/sjostad/nyheter/", "/p/sjostad/tillganglighet/"):
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            wide = page.evaluate(
                """() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 320)
                    .map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right).slice(0, 5)"""
            )
            assert width <= 320, f"{path} is {width} px wide at 320 px: {wide}"
    finally:
        context.close()


def test_an_admin_writes_a_news_item_with_errors_then_publishes_it(page: Page, live_server, sjostad_site):
    base = live_server.url
    sign_in(page, base, sjostad_site.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")
    page.goto(f"{base}/webbplats/sjostad/")
    assert_accessible(page)
    page.get_by_role("link", name="Skriv en nyhet").click()
    page.wait_for_url(re.compile(r"/nyheter/ny/$"))
    assert_accessible(page)
    page.get_by_label("Datum").fill("")
    page.get_by_role("button", name="Spara").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Rubrik")
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("^Rubrik")).click()
    expect(page.get_by_label("Rubrik")).to_be_focused()

    page.get_by_label("Rubrik").fill("Trygghetsvandring i Norrvik")
    page.get_by_label("Datum").fill("2026-10-14")
    page.get_by_role("textbox", name="Text:", exact=True).fill("Vi samlas vid torget klockan 18.")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("utkast")
    assert_accessible(page)
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator(".messages")).to_contain_text("publicerad")
    page.get_by_role("link", name="Visa på webbplatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygghetsvandring i Norrvik")
    assert_accessible(page)

    page.goto(f"{base}/webbplats/sjostad/oppettider/")
    page.get_by_label("Måndag").fill("åtta till fem")
    page.get_by_role("button", name="Spara öppettiderna").click()
    expect(page.locator(".error-summary")).to_contain_text("Måndag")
    assert_accessible(page)
