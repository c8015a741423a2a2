"""An analyst reviews coded answers with the keyboard; the analysis and review pages pass axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.analysis.models import CodingCorrection, DialogueCoding
from lofte.analysis.services import analysis_run_execute, analysis_run_start
from lofte.core.models import Area, Organisation, Partnership, Place
from lofte.core.roles import Role
from lofte.dialogues.models import Dialogue
from tests.analysis.conftest import ANSWERS_2019, ANSWERS_2020, make_campaign
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
    Place.objects.create(
        organisation=sjostad, area=areas["Sjöstad"], name="Resecentrum", kind="station", aliases=["stationen"]
    )
    campaigns = [
        make_campaign(partnership, 2019, ANSWERS_2019, areas),
        make_campaign(partnership, 2020, ANSWERS_2020, areas),
    ]
    for campaign in campaigns:
        analysis_run_execute(run_id=analysis_run_start(campaign=campaign, by=None, enqueue=False).pk)
    analyst = make_user("johan", lpo, Role.ANALYST)
    TOTPDevice.objects.create(user=analyst, name="telefon", key=KEY, confirmed=True)
    return analyst, campaigns[1]


def _sign_in(page: Page, base: str, username: str) -> None:
    sign_in(page, base, username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")


def test_police_analyst_reviews_answers_with_the_keyboard(page: Page, live_server, analysed):
    analyst, campaign = analysed
    base = live_server.url
    _sign_in(page, base, analyst.username)

    page.goto(f"{base}/analys/omgang/{campaign.slug}/")
    expect(page.get_by_role("heading", name=re.compile("Analys:"))).to_be_visible()
    # The share bars' CSS must not touch the site header (its container is also called .bar).
    main_nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(main_nav).to_be_visible()
    assert page.locator("header.site-header").bounding_box()["height"] > 30
    assert_accessible(page)

    page.goto(f"{base}/analys/omgang/{campaign.slug}/svar/")
    assert_accessible(page)
    articles = page.locator("article.answer")
    first_pk = int(articles.nth(0).get_attribute("data-coding"))
    second_pk = int(articles.nth(1).get_attribute("data-coding"))

    page.keyboard.press("j")  # focus the first answer
    page.keyboard.press("a")  # accept it as coded
    expect(page.locator(f"#svar-{first_pk} .reviewed-badge")).to_be_visible()
    expect(page.locator("#unreviewed-count")).to_have_text("9 ogranskade i omgången")
    first = DialogueCoding.objects.get(pk=first_pk)
    assert first.reviewed and first.final_themes == first.themes
    assert CodingCorrection.objects.get(coding=first).kind == "accepted"

    # The accept moved focus to the next answer: toggle theme 1 (Belysning) and 3, then save with Enter.
    expect(page.locator(f"#svar-{second_pk}")).to_be_focused()
    second = DialogueCoding.objects.get(pk=second_pk)
    page.keyboard.press("1")
    page.keyboard.press("3")
    page.keyboard.press("Enter")
    expect(page.locator(f"#svar-{second_pk} .reviewed-badge")).to_be_visible()
    second.refresh_from_db()
    expected = set(second.themes) ^ {"belysning", "alkohol_berusning"}
    assert second.reviewed and set(second.final_themes) == expected - ({"annat"} if len(expected) > 1 else set())
    assert CodingCorrection.objects.filter(coding=second, by=analyst).exists()

    # Saving moved on to the third answer; k goes back up the queue.
    third_pk = int(articles.nth(2).get_attribute("data-coding"))
    expect(page.locator(f"#svar-{third_pk}")).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(page.locator(f"#svar-{first_pk}")).to_be_focused()
    assert_accessible(page)

    page.goto(f"{base}/analys/sjostad/teman/")
    assert_accessible(page)
    page.goto(f"{base}/analys/sjostad/")
    assert_accessible(page)


def test_review_works_without_javascript(browser, live_server, analysed):
    analyst, campaign = analysed
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, analyst.username)
        page.goto(f"{live_server.url}/analys/omgang/{campaign.slug}/svar/")
        article = page.locator("article.answer").nth(0)
        pk = int(article.get_attribute("data-coding"))
        article.get_by_role("button", name="Godkänn").click()
        page.wait_for_load_state()
        expect(page.locator(f"#svar-{pk} .reviewed-badge")).to_be_visible()
        assert DialogueCoding.objects.get(pk=pk).reviewed
    finally:
        context.close()


def test_analysis_pages_pass_axe_at_phone_width(phone_page: Page, live_server, analysed):
    """At 390 px the wide tables scroll inside their wrapper: it must be reachable by keyboard."""
    analyst, campaign = analysed
    # An answer that came in after the run: the page says so, with a button to run the analysis again.
    Dialogue.objects.create(
        campaign=campaign,
        channel="web",
        conducted_at=dt.datetime(2020, 9, 30, 12, tzinfo=dt.UTC),
        answers={"why_unsafe": "Mörkt i parken."},
        free_text="Mörkt i parken.",
    )
    base = live_server.url
    _sign_in(phone_page, base, analyst.username)
    phone_page.goto(f"{base}/analys/omgang/{campaign.slug}/")
    expect(phone_page.locator("#not-analysed")).to_contain_text("1 svar har kommit in sedan senaste körningen")
    expect(phone_page.locator("#not-analysed").get_by_role("button")).to_be_visible()
    for path in (
        f"/analys/omgang/{campaign.slug}/",
        f"/analys/omgang/{campaign.slug}/svar/",
        "/analys/sjostad/",
        "/analys/sjostad/teman/",
    ):
        phone_page.goto(f"{base}{path}")
        assert_accessible(phone_page)
    phone_page.goto(f"{base}/analys/omgang/{campaign.slug}/")
    region = phone_page.get_by_role("region", name=re.compile("Teman i alla"))
    region.focus()
    expect(region).to_be_focused()
