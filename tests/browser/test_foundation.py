"""A staff member signs in, finds every part of the product in the navigation and reads it in either language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lofte.core.models import Membership, Organisation, Partnership
from lofte.core.roles import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def reader_in_sjostad(transactional_db):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    Partnership.objects.create(name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo)
    user = make_user("erik", sjostad, Role.READER)
    assert Membership.objects.filter(user=user).count() == 1
    return user


def test_reader_walks_every_section_and_each_page_is_accessible(page, live_server, reader_in_sjostad) -> None:
    sign_in(page, live_server.url, reader_in_sjostad.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/start/")
    assert page.get_by_role("heading", name="Trygg i Sjöstad").is_visible()
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Huvudmeny")
    for label, heading in [("Lägesbild", "Lägesbild"), ("Medborgarlöfte", "Medborgarlöfte")]:
        nav.get_by_role("link", name=label).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"^{heading}"))
        expect(page.locator(".empty-state")).to_be_visible()
        assert_accessible(page)


def test_language_switch_turns_the_interface_english_and_back(page, live_server, reader_in_sjostad) -> None:
    sign_in(page, live_server.url, reader_in_sjostad.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/start/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/start/"  # the switch stays on the page it is on
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Logga ut").is_visible()


def test_a_browser_set_to_english_gets_swedish_until_english_is_chosen(browser, live_server) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/konto/logga-in/")
        assert page.locator("html").get_attribute("lang") == "sv"
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/konto/logga-in/"
        assert page.locator("html").get_attribute("lang") == "en"
        page.goto(f"{live_server.url}/konto/logga-in/")
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


def test_sign_in_errors_lock_out_and_error_pages_are_accessible(page, live_server, reader_in_sjostad) -> None:
    base = live_server.url
    page.goto(f"{base}/finns-inte/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    sign_in(page, base, reader_in_sjostad.username, "fel-lösenord")
    assert page.locator(".errorlist, .error-summary, [role=alert]").first.is_visible()
    assert_accessible(page)
    for _attempt in range(5):
        sign_in(page, base, reader_in_sjostad.username, "fel-lösenord")
    assert "tillfälligt låst" in page.content()
    assert_accessible(page)


def test_no_access_page_and_a_section_picker_are_accessible(page, live_server, reader_in_sjostad) -> None:
    # A second partnership: the section start pages now ask which one.
    grannby = Organisation.objects.create(name="Grannby kommun", slug="grannby", kind="municipality", kommunkod="9902")
    lpo = Organisation.objects.get(slug="lpo-sjostad")
    Partnership.objects.create(name="Trygg i Grannby", slug="grannby", municipality=grannby, police_area=lpo)
    Membership.objects.create(user=reader_in_sjostad, organisation=grannby, role=Role.READER)
    base = live_server.url
    sign_in(page, base, reader_in_sjostad.username, PASSWORD)
    page.wait_for_url(f"{base}/start/")
    page.goto(f"{base}/lagesbild/")
    assert page.get_by_role("link", name="Trygg i Grannby").is_visible()
    assert_accessible(page)
    # A reader may not open the kommun's cases.
    response = page.goto(f"{base}/arenden/sjostad/")
    assert response is not None and response.status == 403
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto(f"{base}/organisationer/sjostad/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
