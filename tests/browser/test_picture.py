"""The lägesbild's picture page in a browser: map measure switched, a number opened to its rows; axe-core at a
desktop width and at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lofte.situation.services import report_compute
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD
from tests.situation.conftest import world  # noqa: F401 - the hand-built world, as a fixture here too

pytestmark = pytest.mark.browser


@pytest.fixture
def computed(transactional_db, partnership, world, reader):  # noqa: F811
    report_compute(partnership=partnership, year=2020, by=None)
    return partnership


def test_reader_switches_the_map_measure_and_opens_the_rows_behind_a_number(page: Page, live_server, computed, reader):
    base = live_server.url
    sign_in(page, base, reader.username, PASSWORD)
    page.goto(f"{base}/lagesbild/{computed.slug}/2020/")
    expect(page.get_by_role("heading", name="Lägesbild 2020")).to_be_visible()
    expect(page.locator(".leaflet-container")).to_be_visible()
    assert page.locator("#picture-map path.leaflet-interactive").count() >= 2  # the areas, drawn without tiles
    assert_accessible(page)

    page.get_by_label("Färglägg områdena efter").select_option("dialogues")
    expect(page.locator("#picture-map")).to_have_attribute("data-measure", "dialogues")

    page.get_by_role("link", name="5 dialoger").first.click()
    expect(page.get_by_role("heading", name="Raderna bakom siffran")).to_be_visible()
    expect(page.get_by_role("heading", name="5 dialoger")).to_be_visible()
    assert_accessible(page)


def test_picture_page_on_a_phone(phone_page: Page, live_server, computed, reader):
    base = live_server.url
    sign_in(phone_page, base, reader.username, PASSWORD)
    phone_page.goto(f"{base}/lagesbild/{computed.slug}/2020/")
    expect(phone_page.get_by_role("heading", name="Hotspots nästa vecka")).to_be_visible()
    assert_accessible(phone_page)
