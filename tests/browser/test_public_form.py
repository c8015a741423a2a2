"""The public web form: a resident answers without login, in Swedish or English, and gets a receipt."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lofte.dialogues.models import Dialogue
from tests.browser.conftest import assert_accessible
from tests.browser.test_field_form import build_field_world

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_resident_answers_fixes_an_error_and_gets_a_receipt(live_server, page: Page):
    world = build_field_world()
    page.goto(f"{live_server.url}/p/dialog/{world.campaign.slug}/")
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("Hur trygg")).get_by_role("radio", name="4", exact=True).check()
    page.get_by_label("Beskriv platsen med egna ord").fill("Gångtunneln under järnvägen")
    page.get_by_label("Varför känner du dig otrygg där?").fill("Det är mörkt och det luktar hasch")
    page.get_by_text("Jag vill bli kontaktad").click()
    page.get_by_label("Namn").fill("Lisa")  # no phone or e-mail: an error, nothing lost
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("alert")).to_contain_text("Svaren är inte skickade än")
    expect(page.get_by_label("Varför känner du dig otrygg där?")).to_have_value("Det är mörkt och det luktar hasch")
    expect(page.get_by_label("Beskriv platsen med egna ord")).to_have_value("Gångtunneln under järnvägen")
    assert_accessible(page)
    page.get_by_label("E-post").fill("lisa@example.org")
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för dina svar!")
    dialogue = Dialogue.objects.get()
    receipt = page.locator(".receipt").inner_text()
    assert receipt == str(dialogue.idempotency_key)[:8].upper()
    assert dialogue.channel == "web" and dialogue.answers["feel_safe"] == 4
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_english_form_and_the_closed_form_page(live_server, page: Page):
    world = build_field_world()
    page.goto(f"{live_server.url}/p/dialog/{world.campaign.slug}/")
    page.get_by_role("link", name="English").click()  # a link on residents' pages: no cookie
    expect(page.get_by_role("group", name=re.compile("How safe do you feel"))).to_be_visible()
    expect(page.get_by_role("checkbox", name="Evening")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/p/dialog/finns-inte/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_resident_taps_the_map_to_give_the_place_as_a_point(live_server, page: Page):
    from lofte.core.models import Area, Place

    world = build_field_world()
    Area.objects.filter(name="Centrum").update(
        geometry={
            "type": "Polygon",
            "coordinates": [[[13.14, 58.49], [13.18, 58.49], [13.18, 58.52], [13.14, 58.52], [13.14, 58.49]]],
        }
    )
    Place.objects.filter(name="Resecentrum").update(latitude=58.5045, longitude=13.1617)
    page.goto(f"{live_server.url}/p/dialog/{world.campaign.slug}/")
    page.get_by_text("Ange en punkt (latitud och longitud)").click()
    map_ = page.get_by_role("img", name="Karta för att välja en punkt")
    expect(map_).to_be_visible()
    assert_accessible(page)
    map_.click()  # in the middle of the map
    lat = float(page.get_by_label("Latitud").input_value())
    lng = float(page.get_by_label("Longitud").input_value())
    assert lat == pytest.approx(58.505, abs=0.01) and lng == pytest.approx(13.16, abs=0.01)
    page.get_by_role("group", name=re.compile("Hur trygg")).get_by_role("radio", name="3", exact=True).check()
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för dina svar!")
    stored = Dialogue.objects.get().answers["where_unsafe"]
    assert stored["lat"] == pytest.approx(lat) and stored["lng"] == pytest.approx(lng)


@pytest.mark.django_db(transaction=True)
def test_an_invalid_email_and_a_wrong_point_are_listed_in_the_page_error_summary(live_server, page: Page):
    world = build_field_world()
    page.goto(f"{live_server.url}/p/dialog/{world.campaign.slug}/")
    page.get_by_text("Ange en punkt (latitud och longitud)").click()
    page.get_by_label("Latitud").fill("95")
    page.get_by_label("Longitud").fill("13.16")
    page.get_by_text("Jag vill bli kontaktad").click()
    page.get_by_label("Namn").fill("Lisa")
    page.get_by_label("E-post").fill("lisa@")
    page.get_by_role("button", name="Skicka svaren").click()
    # No browser bubble held the form back: the server's summary, in the page's language, lists both.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Svaren är inte skickade än")
    expect(summary.get_by_role("link", name=re.compile("E-post"))).to_be_visible()
    summary.get_by_role("link", name=re.compile("utanför jordklotet")).click()
    expect(page.get_by_label("Latitud")).to_be_visible()
    assert page.url.endswith("#id_q-where_unsafe-lat")
    assert_accessible(page)
    assert not Dialogue.objects.exists()
