"""The field form on a phone: records conversations with the network going down and up, each exactly once."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from lofte.core.models import Area, Membership, Organisation, Partnership, Place, User
from lofte.core.roles import Role
from lofte.dialogues.models import AgeBand, Campaign, Dialogue
from lofte.dialogues.population import population_figure_set
from lofte.dialogues.services import campaign_create
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


@dataclass
class FieldWorld:
    campaign: Campaign
    staff: User
    analyst: User


def build_field_world() -> FieldWorld:
    """A municipality, its places and a campaign: used by the browser tests and bench/field_form.py."""
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo
    )
    centrum = Area.objects.create(organisation=sjostad, name="Centrum", kind="stadsdel")
    places = [
        Place.objects.create(organisation=sjostad, area=centrum, name=name, kind=kind)
        for name, kind in [
            ("Resecentrum", "station"),
            ("Stora torget", "square"),
            ("Fritidsgården Navet", "youth_centre"),
        ]
    ]
    staff = make_user("mira", sjostad, Role.DIALOGUE_STAFF)
    analyst = make_user("sara", sjostad, Role.ANALYST)
    campaign = campaign_create(
        partnership=partnership,
        by=analyst,
        name="Medborgardialog 2024",
        slug="sjostad-2024",
        year=2024,
        # A period around today: the public web form takes answers only during it.
        starts_on=timezone.localdate() - dt.timedelta(days=60),
        ends_on=timezone.localdate() + dt.timedelta(days=60),
        target_places=places,
        target_groups=["youth", "elderly"],
        public_form_open=True,
    )
    assert Membership.objects.count() == 2
    return FieldWorld(campaign=campaign, staff=staff, analyst=analyst)


def fill_conversation(page: Page, why: str = "Berusade och påverkade personer vid stationen på kvällarna") -> int:
    """One realistic conversation, as an interviewer taps it in. Returns the steps (taps and choices) taken,
    not counting the typing or dictating of free text."""
    steps = 0
    place = page.get_by_role("radio", name="Stora torget")
    if not place.is_checked():  # the place stays chosen between conversations at one spot
        place.check()
        steps += 1
    page.get_by_role("group", name=re.compile("Hur trygg")).get_by_role("radio", name="2", exact=True).check()
    page.get_by_label("Känd plats eller område").select_option(label="Resecentrum")
    steps += 3  # scale; open the list and pick the place
    when = page.get_by_role("group", name=re.compile("När känner du dig otrygg"))
    when.get_by_role("checkbox", name="Kväll").check()
    when.get_by_role("checkbox", name="Helg").check()
    steps += 2
    page.get_by_label("Varför känner du dig otrygg där?").fill(why)
    page.get_by_label("Vad skulle få dig att känna dig tryggare?").fill("Bättre belysning och fler vuxna ute")
    page.get_by_role("group", name="Ålder").get_by_role("radio", name="16–19 år").check()
    page.get_by_role("group", name="Kön").get_by_role("radio", name="Kvinna").check()
    page.get_by_role("group", name="Relation till platsen").get_by_role("radio", name="Besöker platsen").check()
    steps += 3
    page.get_by_role("button", name="Spara och nästa").click()
    steps += 1
    return steps


def open_field_form(page: Page, live_server_url: str, world: FieldWorld) -> None:
    sign_in(page, live_server_url, world.staff.username, PASSWORD)
    page.goto(f"{live_server_url}/dialoger/omgang/{world.campaign.slug}/falt/")


@pytest.mark.django_db(transaction=True)
def test_conversations_recorded_offline_arrive_once_each_when_the_network_returns(live_server, phone_page: Page):
    world = build_field_world()
    page = phone_page
    open_field_form(page, live_server.url, world)
    status = page.locator("#queue-status")

    fill_conversation(page)
    expect(status).to_have_text(re.compile("Alla samtal är skickade"))
    assert Dialogue.objects.count() == 1
    first = Dialogue.objects.get()
    assert first.recorded_by == world.staff and first.latitude == pytest.approx(58.5035)
    assert first.place.name == "Stora torget" and first.answers["when_unsafe"] == ["evening", "weekend"]

    page.context.set_offline(True)
    fill_conversation(page, why="Knarkare vid tunneln")
    expect(status).to_have_text(re.compile("1 väntar på att skickas"))
    fill_conversation(page, why="Mörkt i parken, ingen belysning")
    expect(status).to_have_text(re.compile("2 väntar på att skickas"))
    # The form is empty and ready for the next resident, the place still chosen.
    expect(page.get_by_label("Varför känner du dig otrygg där?")).to_have_value("")
    expect(page.get_by_role("radio", name="Stora torget")).to_be_checked()
    assert Dialogue.objects.count() == 1
    # A lost answer makes the phone resend a record the server may already have: simulate it with a copy.
    page.evaluate("""() => {
        const key = Object.keys(localStorage).find(k => k.startsWith('lofte.capture.queue.') && !k.endsWith('.failed'));
        const queue = JSON.parse(localStorage.getItem(key));
        queue.push(JSON.parse(JSON.stringify(queue[0])));
        localStorage.setItem(key, JSON.stringify(queue));
    }""")

    page.context.set_offline(False)
    expect(status).to_have_text(re.compile("Alla samtal är skickade"), timeout=15_000)
    texts = sorted(Dialogue.objects.values_list("free_text", flat=True))
    assert len(texts) == 3
    assert any(t.startswith("Knarkare vid tunneln") for t in texts)
    assert any(t.startswith("Mörkt i parken") for t in texts)
    assert Dialogue.objects.values("idempotency_key").distinct().count() == 3
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_field_form_works_without_javascript(live_server, browser):
    world = build_field_world()
    context = browser.new_context(java_script_enabled=False, locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_field_form(page, live_server.url, world)
        fill_conversation(page)
        expect(page.locator(".messages")).to_contain_text("Samtalet är sparat")
        dialogue = Dialogue.objects.get()
        assert dialogue.latitude is None and dialogue.recorded_by == world.staff
        expect(page.get_by_role("radio", name="Stora torget")).to_be_checked()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_staff_pages_have_no_accessibility_violations(live_server, page: Page, settings):
    settings.LOFTE_REQUIRE_2FA = False
    world = build_field_world()
    from tests.dialogues.campaign_fixtures import record

    dialogue = record(world.campaign, world.staff)
    from lofte.dialogues.services import contact_request_create

    contact_request_create(campaign=world.campaign, dialogue=dialogue, by=world.staff, name="Anna", phone="070")
    # The population page is checked with a figure in its table (the table is a scroll region on a phone).
    population_figure_set(
        organisation=world.campaign.partnership.municipality,
        by=world.staff,
        year=2024,
        age_band=AgeBand.AGE_30_44,
        gender="woman",
        count=1200,
        area=Area.objects.get(name="Centrum"),
    )
    sign_in(page, live_server.url, world.analyst.username, PASSWORD)
    base = live_server.url
    slug, pslug = world.campaign.slug, world.campaign.partnership.slug
    question = world.campaign.questions.get(key="why_unsafe")
    for path in [
        f"/dialoger/{pslug}/",
        f"/dialoger/{pslug}/ny-omgang/",
        f"/dialoger/omgang/{slug}/",
        f"/dialoger/omgang/{slug}/andra/",
        f"/dialoger/omgang/{slug}/fragor/",
        f"/dialoger/fraga/{question.pk}/andra/",
        f"/dialoger/omgang/{slug}/falt/",
        f"/dialoger/{pslug}/samtal/",
        f"/dialoger/dialog/{dialogue.pk}/",
        f"/dialoger/dialog/{dialogue.pk}/ratta/",
        f"/dialoger/{pslug}/kontakt/",
        f"/dialoger/{pslug}/befolkning/",
    ]:
        page.goto(base + path)
        assert_accessible(page)
    # The reorder buttons work through htmx without a page load.
    page.goto(f"{base}/dialoger/omgang/{slug}/fragor/")
    page.get_by_role("button", name=re.compile("^Upp.*Varför")).click()
    expect(page.locator("#questions h2").nth(2)).to_have_text("Varför känner du dig otrygg där?")
    # A form with errors is accessible too.
    page.goto(f"{base}/dialoger/omgang/{slug}/fragor/")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page)


def seconds_per_conversation(page: Page, conversations: int = 5) -> tuple[float, int]:
    """Mean seconds and steps per conversation once the form is open (used by bench/field_form.py)."""
    started = time.perf_counter()
    steps = 0
    for n in range(conversations):
        steps = fill_conversation(page, why=f"Otryggt vid stationen på kvällen, samtal {n}")
        expect(page.get_by_label("Varför känner du dig otrygg där?")).to_have_value("")
    return (time.perf_counter() - started) / conversations, steps


@pytest.mark.django_db(transaction=True)
def test_the_field_form_opens_without_network_once_it_has_been_opened(live_server, phone_page: Page):
    """An interviewer who loses the network and reloads (or reopens) the form can go on recording, even
    right after the very first visit: offline-form.js puts the page and its files into the worker's cache."""
    world = build_field_world()
    page = phone_page
    open_field_form(page, live_server.url, world)
    page.evaluate("() => navigator.serviceWorker.ready")
    expect(page.locator("#capture-form[data-offline-ready]")).to_have_count(1, timeout=10_000)
    first_key = page.locator("input[name=idempotency_key]").input_value()

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("button", name="Spara och nästa")).to_be_visible()
    # A kept page must never hand out the same key twice.
    assert page.locator("input[name=idempotency_key]").input_value() != first_key
    fill_conversation(page, why="Mörkt vid busshållplatsen")
    expect(page.locator("#queue-status")).to_have_text(re.compile("1 väntar på att skickas"))
    assert Dialogue.objects.count() == 0

    page.context.set_offline(False)
    expect(page.locator("#queue-status")).to_have_text(re.compile("Alla samtal är skickade"), timeout=15_000)
    assert Dialogue.objects.get().free_text.startswith("Mörkt vid busshållplatsen")


@pytest.mark.django_db(transaction=True)
def test_a_missing_required_answer_is_shown_before_queuing_and_nothing_typed_is_lost(live_server, phone_page: Page):
    world = build_field_world()
    world.campaign.questions.filter(key="what_safer").update(required=True)
    page = phone_page
    open_field_form(page, live_server.url, world)
    page.get_by_label("Varför känner du dig otrygg där?").fill("Mörkt vid tunneln")
    page.get_by_role("button", name="Spara och nästa").click()
    question = page.locator("#question-what_safer")
    expect(question.locator(".errorlist")).to_have_text("Frågan måste besvaras.")
    expect(page.get_by_label("Vad skulle få dig att känna dig tryggare?")).to_be_focused()
    expect(page.get_by_label("Varför känner du dig otrygg där?")).to_have_value("Mörkt vid tunneln")
    assert (
        page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('lofte.capture.queue.')).length") == 0
    )
    assert_accessible(page)
    page.get_by_label("Vad skulle få dig att känna dig tryggare?").fill("Lampor")
    page.get_by_role("button", name="Spara och nästa").click()
    expect(page.locator("#queue-status")).to_have_text(re.compile("Alla samtal är skickade"))
    assert Dialogue.objects.get().answers["what_safer"] == "Lampor"


@pytest.mark.django_db(transaction=True)
def test_a_refused_conversation_names_the_question_and_opens_again(live_server, phone_page: Page):
    world = build_field_world()
    page = phone_page
    open_field_form(page, live_server.url, world)
    # The question became required after the conversation was queued (e.g. on another device's page).
    world.campaign.questions.filter(key="what_safer").update(required=True)
    page.evaluate("() => document.querySelector('#question-what_safer').removeAttribute('data-required')")
    page.get_by_label("Varför känner du dig otrygg där?").fill("Mörkt vid tunneln")
    page.get_by_text("Vill bli kontaktad (sparas separat)").click()
    page.get_by_label("Namn").fill("Lisa")
    page.get_by_label("E-post").fill("lisa@")
    page.get_by_role("button", name="Spara och nästa").click()
    failed = page.locator("#queue-failed")
    expect(failed).to_contain_text("Vad skulle få dig att känna dig tryggare?: Frågan måste besvaras.")
    # Each field named once, with one colon, and only the address's own error: it was given, but wrong.
    expect(failed).to_contain_text("E-post: Fyll i en giltig e-postadress.")
    expect(failed).not_to_contain_text("::")
    expect(failed).not_to_contain_text("Ange telefon eller e-post")
    assert_accessible(page)
    failed.get_by_role("button", name="Öppna igen").click()
    expect(page.get_by_label("Varför känner du dig otrygg där?")).to_have_value("Mörkt vid tunneln")
    expect(page.locator("#question-what_safer .errorlist")).to_have_text("Frågan måste besvaras.")
    expect(failed).to_be_empty()
    page.get_by_label("Vad skulle få dig att känna dig tryggare?").fill("Lampor")
    expect(page.get_by_label("E-post")).to_have_value("lisa@")
    page.get_by_label("E-post").fill("lisa@example.org")
    page.get_by_role("button", name="Spara och nästa").click()
    expect(page.locator("#queue-status")).to_have_text(re.compile("Alla samtal är skickade"))
    assert Dialogue.objects.get().free_text.startswith("Mörkt vid tunneln")


@pytest.mark.django_db(transaction=True)
def test_conversations_queued_offline_are_sent_only_by_the_user_who_recorded_them(live_server, phone_page: Page):
    world = build_field_world()
    colleague = make_user("nils", world.campaign.partnership.municipality, Role.DIALOGUE_STAFF)
    page = phone_page
    open_field_form(page, live_server.url, world)
    page.context.set_offline(True)
    fill_conversation(page, why="Mörkt vid tunneln")
    expect(page.locator("#queue-status")).to_have_text(re.compile("1 väntar på att skickas"))
    page.route("**/falt/skicka/", lambda route: route.abort())  # keep it waiting while she signs out
    page.context.set_offline(False)
    # Mira signs out with the conversation still waiting: she is asked first, and says no, then yes.
    page.evaluate("() => { window.__answers = [false, true]; window.confirm = () => window.__answers.shift(); }")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert page.evaluate("() => window.__answers.length") == 1
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    page.unroute("**/falt/skicka/")
    # Nils signs in on the same phone: Mira's conversation is not sent under his name.
    page.context.clear_cookies()
    sign_in(page, live_server.url, colleague.username, PASSWORD)
    page.goto(f"{live_server.url}/dialoger/omgang/{world.campaign.slug}/falt/")
    expect(page.locator("#queue-status")).to_have_text(
        re.compile("1 samtal som en annan användare sparat väntar på att hen loggar in")
    )
    assert Dialogue.objects.count() == 0
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_one_refused_or_failing_record_does_not_hold_back_the_others(live_server, phone_page: Page):
    world = build_field_world()
    page = phone_page
    open_field_form(page, live_server.url, world)
    server_down = {"network": True, "Serverfel": True}

    def server(route: Route) -> None:
        body = route.request.post_data or ""
        if server_down["network"]:  # a routed request does not see the context's offline mode
            route.abort("internetdisconnected")
        elif "Borttagen omgång" in body:
            route.fulfill(status=404, body="<h1>Sidan finns inte</h1>", content_type="text/html")
        elif "Serverfel" in body and server_down["Serverfel"]:
            route.fulfill(status=500, body="<h1>Serverfel</h1>", content_type="text/html")
        else:
            route.continue_()

    page.route("**/falt/skicka/", server)
    page.context.set_offline(True)
    fill_conversation(page, why="Serverfel vid första försöket")
    fill_conversation(page, why="Borttagen omgång")
    fill_conversation(page, why="Mörkt i parken")
    expect(page.locator("#queue-status")).to_have_text(re.compile("3 väntar på att skickas"))

    server_down["network"] = False
    page.context.set_offline(False)
    status = page.locator("#queue-status")
    expect(status).to_have_text(re.compile("1 väntar på att skickas.*1 samtal kunde inte sparas"), timeout=15_000)
    assert [t.split("\n")[0] for t in Dialogue.objects.values_list("free_text", flat=True)] == ["Mörkt i parken"]
    failed = page.locator("#queue-failed")
    expect(failed).to_contain_text("servern tog inte emot samtalet (fel 404)")

    # The record the server failed on stays queued and goes with the next send.
    server_down["Serverfel"] = False
    fill_conversation(page, why="Lampor saknas")
    expect(status).to_have_text(re.compile("Alla samtal är skickade"), timeout=15_000)
    assert Dialogue.objects.count() == 3
    assert Dialogue.objects.filter(free_text__startswith="Serverfel").exists()
    assert not Dialogue.objects.filter(free_text__startswith="Borttagen").exists()
    failed.get_by_role("button", name="Öppna igen").click()
    expect(page.get_by_label("Varför känner du dig otrygg där?")).to_have_value("Borttagen omgång")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_conversation_saved_during_a_send_is_sent_when_that_send_ends(live_server, phone_page: Page):
    world = build_field_world()
    page = phone_page
    open_field_form(page, live_server.url, world)
    held: list[Route] = []

    def server(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)  # the first send hangs until the test lets it through

    # The page's own requests (its offline copy, the script catalogue) finish first: on the test's SQLite live
    # server a request racing them can fail to read its session, which is not what this test is about.
    page.wait_for_load_state("networkidle")
    page.route("**/falt/skicka/", server)
    fill_conversation(page, why="Först")
    fill_conversation(page, why="Medan det första skickas")
    expect(page.locator("#queue-status")).to_have_text(re.compile("2 väntar på att skickas"))
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("#queue-status")).to_have_text(re.compile(r"Alla samtal är skickade \(2 nu"))
    assert Dialogue.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_next_conversation_starts_with_no_point_on_the_map(live_server, phone_page: Page):
    """The point of one conversation is cleared by "Spara och nästa", and so is its marker: the next
    conversation must not look placed when it is not."""
    world = build_field_world()
    Area.objects.filter(name="Centrum").update(
        geometry={
            "type": "Polygon",
            "coordinates": [[[13.14, 58.49], [13.18, 58.49], [13.18, 58.52], [13.14, 58.52], [13.14, 58.49]]],
        }
    )
    page = phone_page
    open_field_form(page, live_server.url, world)
    page.get_by_text("Ange en punkt (latitud och longitud)").click()
    map_ = page.get_by_role("img", name="Karta för att välja en punkt")
    marker = page.locator(".point-map .marker")
    map_.click()
    expect(marker).not_to_have_attribute("cx", "-20")
    assert_accessible(page)
    page.get_by_label("Varför känner du dig otrygg där?").fill("Mörkt vid tunneln")
    page.get_by_role("button", name="Spara och nästa").click()
    expect(page.locator("#queue-status")).to_have_text(re.compile("Alla samtal är skickade"))
    assert Dialogue.objects.get().answers["where_unsafe"]["lat"] == pytest.approx(58.505, abs=0.02)
    expect(page.get_by_label("Latitud", exact=True)).to_have_value("")
    expect(marker).to_have_attribute("cx", "-20")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_rule_across_questions_is_checked_on_the_phone_before_queueing(live_server, phone_page: Page):
    from lofte.dialogues.services import answer_rule_add

    world = build_field_world()
    answer_rule_add(
        campaign=world.campaign,
        by=world.analyst,
        questions=world.campaign.questions.filter(key__in=["why_unsafe", "what_safer"]),
        message_sv="Fråga varför eller vad som skulle hjälpa.",
    )
    page = phone_page
    open_field_form(page, live_server.url, world)
    page.get_by_role("group", name=re.compile("Hur trygg")).get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Spara och nästa").click()
    expect(page.locator("#question-why_unsafe .errorlist")).to_have_text("Fråga varför eller vad som skulle hjälpa.")
    expect(page.get_by_label("Varför känner du dig otrygg där?")).to_be_focused()
    assert (
        page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('lofte.capture.queue.')).length") == 0
    )
    assert_accessible(page)
    page.get_by_label("Vad skulle få dig att känna dig tryggare?").fill("Lampor")
    page.get_by_role("button", name="Spara och nästa").click()
    expect(page.locator("#queue-status")).to_have_text(re.compile("Alla samtal är skickade"))
    assert Dialogue.objects.get().answers == {"feel_safe": 2, "what_safer": "Lampor"}


@pytest.mark.django_db(transaction=True)
def test_analyst_adds_a_rule_and_confirms_making_an_answered_question_required(live_server, page: Page, settings):
    from tests.dialogues.campaign_fixtures import record

    settings.LOFTE_REQUIRE_2FA = False
    world = build_field_world()
    record(world.campaign, world.staff)
    sign_in(page, live_server.url, world.analyst.username, PASSWORD)
    page.goto(f"{live_server.url}/dialoger/omgang/{world.campaign.slug}/fragor/")
    rules = page.locator("#rules-section")
    rules.get_by_role("checkbox", name="Vad tycker du att polisen och kommunen ska prioritera?").check()
    rules.get_by_role("button", name="Lägg till regeln").click()
    expect(page.locator("#rules-section .errorlist")).to_contain_text("Välj minst två frågor.")
    assert_accessible(page)
    rules.get_by_role("checkbox", name="Vad tycker du att polisen och kommunen ska prioritera?").check()
    rules.get_by_role("checkbox", name="Finns det något du själv kan bidra med?").check()
    rules.get_by_role("button", name="Lägg till regeln").click()
    expect(rules.locator(".rule-list")).to_contain_text("1 tidigare samtal besvarar ingen av frågorna")
    assert world.campaign.answer_rules.count() == 1
    assert_accessible(page)

    question = world.campaign.questions.get(key="what_safer")
    page.goto(f"{live_server.url}/dialoger/fraga/{question.pk}/andra/")
    page.get_by_label("Obligatorisk").check()
    page.get_by_role("button", name="Spara").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("1 tidigare samtal saknar svar på frågan")
    question.refresh_from_db()
    assert not question.required
    assert_accessible(page)
    page.get_by_role("button", name="Spara och gör frågan obligatorisk").click()
    expect(page.get_by_text("Frågan är sparad.")).to_be_visible()
    question.refresh_from_db()
    assert question.required
