"""The Content-Security-Policy allows no inline script or style, and the pages still work under it: the field
form, the web survey, the overview's bars, the analysis page, the htmx review and the Django admin."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lofte.dialogues.models import Dialogue, PopulationFigure
from lofte.dialogues.services import dialogue_record
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_field_form import build_field_world, fill_conversation, open_field_form
from tests.browser.test_review import _sign_in, analysed  # noqa: F401 - the fixture is used as a parameter
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Collects every violation the page reports; added before any of the page's own scripts run.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    """The page, and the CSP complaints of its console and of its violation events."""
    complaints: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: complaints.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page, complaints


def assert_no_violations(page: Page, complaints: list[str]) -> None:
    header = page.evaluate("() => fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert header and "'unsafe-inline'" not in header and "script-src 'self'" in header
    events = page.evaluate("() => window.__csp || []")
    assert events == [] and complaints == [], f"{page.url}: {events} {complaints}"


def _wait_for(condition, seconds: float = 10) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_web_survey_and_the_field_form_run_under_the_policy(live_server, watched):
    page, complaints = watched
    world = build_field_world()
    page.goto(f"{live_server.url}/p/dialog/{world.campaign.slug}/")
    page.get_by_role("group", name=re.compile("Hur trygg")).get_by_role("radio", name="4", exact=True).check()
    page.get_by_label("Varför känner du dig otrygg där?").fill("Mörkt vid stationen")
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för dina svar!")
    assert Dialogue.objects.get().answers["why_unsafe"] == "Mörkt vid stationen"
    assert_no_violations(page, complaints)

    # The field form: its scripts, the translations catalogue they use, the map and the send queue.
    open_field_form(page, live_server.url, world)
    expect(page.get_by_role("button", name="Spara och nästa")).to_be_visible()
    assert page.evaluate("() => typeof window.gettext") == "function"
    fill_conversation(page)
    assert _wait_for(lambda: Dialogue.objects.filter(channel="field").count() == 1)
    assert_no_violations(page, complaints)


@pytest.mark.django_db(transaction=True)
def test_the_overview_bars_are_drawn_without_style_attributes(live_server, watched, settings):
    settings.LOFTE_REQUIRE_2FA = False
    page, complaints = watched
    world = build_field_world()
    municipality = world.campaign.partnership.municipality
    for band, count in [("16-19", 800), ("20-29", 2400)]:
        for gender in ("woman", "man"):
            PopulationFigure.objects.create(
                organisation=municipality, year=world.campaign.year, age_band=band, gender=gender, count=count
            )
    for band in ("16-19", "16-19", "20-29"):
        dialogue_record(
            campaign=world.campaign,
            by=world.staff,
            channel=Dialogue.Channel.FIELD,
            idempotency_key=uuid.uuid4(),
            answers={"feel_safe": 3},
            age_band=band,
            gender="woman",
            conducted_at=timezone.now(),
        )
    sign_in(page, live_server.url, world.analyst.username, PASSWORD)
    page.goto(f"{live_server.url}/dialoger/omgang/{world.campaign.slug}/oversikt/")
    assert page.locator("[style]").count() == 0
    bars = page.locator("svg.count-bar rect")
    assert bars.count() >= 2
    widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]  # type: ignore[index]
    assert max(widths) > 20 and min(widths) >= 0
    assert_accessible(page)
    assert_no_violations(page, complaints)


def test_analysis_and_htmx_review_run_under_the_policy(live_server, watched, analysed):  # noqa: F811
    page, complaints = watched
    analyst, campaign = analysed
    _sign_in(page, live_server.url, analyst.username)
    page.goto(f"{live_server.url}/analys/omgang/{campaign.slug}/")
    bars = page.locator("svg.share-bar rect")
    assert bars.count() > 0 and max(bars.nth(i).bounding_box()["width"] for i in range(bars.count())) > 5  # type: ignore[index]
    assert page.locator("[style]").count() == 0
    assert_no_violations(page, complaints)

    page.goto(f"{live_server.url}/analys/omgang/{campaign.slug}/svar/")
    first = page.locator("article.answer").nth(0)
    pk = first.get_attribute("data-coding")
    page.keyboard.press("j")
    page.keyboard.press("a")  # accepted through htmx: the answer's fragment is swapped in
    expect(page.locator(f"#svar-{pk} .reviewed-badge")).to_be_visible()
    # htmx's own indicator <style> is not injected; the rules come from the stylesheet.
    assert page.locator("head style").count() == 0
    assert_no_violations(page, complaints)


@pytest.mark.django_db(transaction=True)
def test_the_django_admin_works_under_the_policy(live_server, watched, django_user_model, settings):
    settings.LOFTE_REQUIRE_2FA = False
    page, complaints = watched
    django_user_model.objects.create_superuser(username="root", email="root@example.org", password=PASSWORD)
    page.goto(f"{live_server.url}/django-admin/")
    page.get_by_label(re.compile("Användarnamn|Username")).fill("root")
    page.get_by_label(re.compile("Lösenord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logga in|Log in")).click()
    expect(page.get_by_role("heading", name=re.compile("administration", re.I))).to_be_visible()
    # A form with the admin's own scripts (the permission picker is built by SelectFilter2.js).
    page.goto(f"{live_server.url}/django-admin/auth/group/add/")
    expect(page.locator("#id_permissions_from")).to_be_visible()
    assert_no_violations(page, complaints)
