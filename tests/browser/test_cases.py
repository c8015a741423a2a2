"""Felanmälan and case handling in a browser: a resident on a phone reports a dark street light and follows
it by the link; a handler assigns, replies and closes. Every page passes axe at phone and desktop width."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from lofte.cases.models import Case, CaseEvent, Category
from lofte.core.models import AuditEntry, Organisation, Place
from lofte.core.roles import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY = "3132333435363738393031323334353637383930"


def _sjostad() -> tuple[Organisation, Category]:
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    Place.objects.create(organisation=sjostad, name="Ekby busshållplats", latitude=58.4522, longitude=13.0941)
    Place.objects.create(organisation=sjostad, name="Stora torget", latitude=58.5035, longitude=13.1577)
    street = Category.objects.create(organisation=sjostad, slug="gata", name_sv="Gata och väg")
    light = Category.objects.create(
        organisation=sjostad,
        parent=street,
        slug="gatubelysning",
        name_sv="Gatubelysning",
        name_en="Street lighting",
        theme="belysning",
        duplicate_distance_m=30,
        target_days=5,
    )
    return sjostad, light


def test_a_resident_reports_a_dark_street_light_on_a_phone_and_follows_it(live_server, phone_page: Page):
    sjostad, light = _sjostad()
    page, steps = phone_page, 0
    page.goto(f"{live_server.url}/p/{sjostad.slug}/felanmalan/")
    steps += 1
    assert_accessible(page)
    page.get_by_label("Vad gäller felet?").select_option(label="Gatubelysning")
    steps += 1
    page.get_by_role("button", name="Använd min position").click()
    steps += 1
    expect(page.get_by_label("Latitud")).to_have_value("58.503500")
    page.get_by_label("Beskriv felet").fill("Lampan är släckt")
    steps += 1
    page.get_by_role("button", name="Skicka felanmälan").click()
    steps += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, ditt ärende är mottaget!")
    assert steps == 5  # open, category, position, description, send
    case = Case.objects.get()
    assert page.locator(".reference").inner_text() == case.reference
    assert (case.category, case.latitude, case.longitude) == (light, 58.5035, 13.1577)
    assert_accessible(page)
    page.locator(".tracking-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ärende {case.reference}")
    expect(page.locator(".case-status")).to_have_text("Mottagen")
    assert_accessible(page)

    # A neighbour reports the same light: it is offered to follow instead of a new case.
    page.goto(f"{live_server.url}/p/{sjostad.slug}/felanmalan/")
    page.get_by_label("Vad gäller felet?").select_option(label="Gatubelysning")
    page.get_by_role("button", name="Använd min position").click()
    page.get_by_label("Beskriv felet").fill("Mörkt vid torget")
    page.get_by_role("button", name="Skicka felanmälan").click()
    expect(page.get_by_role("heading", name="Är det något av de här felen?")).to_be_visible()
    expect(page.get_by_label("Beskriv felet")).to_have_value("Mörkt vid torget")
    assert_accessible(page)
    page.get_by_role("button", name=f"Följ {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, ditt ärende är mottaget!")
    assert Case.objects.get(merged_into=case).message == "Mörkt vid torget"


def test_without_javascript_a_place_from_the_list_is_enough(live_server, browser: Browser):
    sjostad, light = _sjostad()
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/p/{sjostad.slug}/felanmalan/")
        page.get_by_label("Vad gäller felet?").select_option(label="Gatubelysning")
        page.get_by_label("Välj en plats i listan").select_option(label="Ekby busshållplats")
        page.get_by_label("Beskriv felet").fill("Lampan vid hållplatsen är släckt")
        page.get_by_role("button", name="Skicka felanmälan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tack, ditt ärende är mottaget!")
        assert Case.objects.get().place.name == "Ekby busshållplats"
    finally:
        context.close()


def test_tyck_till_is_sent_with_an_error_fixed_on_the_way(live_server, page: Page):
    sjostad, _light = _sjostad()
    page.goto(f"{live_server.url}/p/{sjostad.slug}/tyck-till/")
    assert_accessible(page)
    page.get_by_role("radio", name="Förslag").check()
    page.get_by_label("Ditt meddelande").fill("Fler lampor längs ån")
    page.get_by_label("E-post").fill("ada@example.org")
    page.get_by_role("button", name="Skicka").click()  # contact without consent: an error, nothing lost
    expect(page.get_by_role("alert")).to_contain_text("Ärendet är inte skickat än")
    expect(page.get_by_label("Ditt meddelande")).to_have_value("Fler lampor längs ån")
    assert_accessible(page)
    page.get_by_label(re.compile("Jag godkänner")).check()
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, ditt ärende är mottaget!")
    assert Case.objects.get().reporter_email == "ada@example.org"


def test_a_handler_assigns_replies_and_closes(live_server, page: Page):
    from lofte.cases.services import case_submit

    sjostad, light = _sjostad()
    handler = make_user("karin", sjostad, Role.CASE_HANDLER)
    TOTPDevice.objects.create(user=handler, name="telefon", key=KEY, confirmed=True)
    case = case_submit(
        organisation=sjostad,
        kind="felanmalan",
        category=light,
        message="Lampan är släckt",
        idempotency_key=None,
        lat=58.5035,
        lng=13.1577,
    ).case
    base = live_server.url
    sign_in(page, base, handler.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.goto(f"{base}/arenden/{sjostad.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert_accessible(page)
    page.locator("#form-assign").get_by_label("Handläggare").select_option(label=str(handler))
    page.get_by_role("button", name="Tilldela").click()
    page.locator("#form-reply").get_by_label("Svar till invånaren").fill("Vi byter lampan i veckan.")
    page.get_by_role("button", name="Skicka svar").click()
    page.locator("#form-status").get_by_label("Status").select_option(label="Avslutad")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_role("alert")).to_contain_text("invånaren får alltid ett besked")
    assert_accessible(page)
    page.locator("#form-status").get_by_label("Status").select_option(label="Avslutad")
    page.locator("#form-status").get_by_label("Besked till invånaren").fill("Lampan är bytt.")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avslutad")
    case.refresh_from_db()
    assert case.assigned_to == handler and case.status == Case.Status.CLOSED
    assert list(case.events.filter(kind=CaseEvent.Kind.REPLY).values_list("text", flat=True)) == [
        "Vi byter lampan i veckan.",
        "Lampan är bytt.",
    ]
    assert AuditEntry.objects.filter(target_id=str(case.pk), actor=handler).count() == 4
