"""Medborgarlöfte in a browser: drafting from the lägesbild with a suggestion (a duplicate commitment removed
again), approving, publishing, logging an activity on a phone, and the public page; every page passes axe on a
desktop and at 390 px."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.core.models import Area, Membership, Organisation, Partnership
from lofte.core.roles import Role
from lofte.promises.models import Activity, Commitment, Promise
from lofte.promises.services import (
    commitment_create,
    focus_area_add,
    promise_approve,
    promise_create,
    promise_publish,
)
from lofte.situation.models import Report
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def sjostad(transactional_db):
    municipality = Organisation.objects.create(
        name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901"
    )
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=municipality, police_area=lpo
    )
    centrum = Area.objects.create(organisation=municipality, name="Centrum")
    analyst = make_user("sara", municipality, Role.ANALYST, last_name="Svensson")
    police = make_user("johan", lpo, Role.ANALYST, last_name="Berg")
    Membership.objects.filter(user=analyst).update(title="Trygghetssamordnare")
    Membership.objects.filter(user=police).update(title="Lokalpolisområdeschef")
    TOTPDevice.objects.create(user=analyst, name="telefon", key=KEY, confirmed=True)
    return partnership, centrum, analyst, police


def _sign_in_with_code(page: Page, base: str, username: str) -> None:
    sign_in(page, base, username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")


def _published(partnership, analyst, police) -> tuple[Promise, Commitment]:
    promise = promise_create(partnership=partnership, by=analyst, start_year=2021, title_sv="Medborgarlöfte 2021")
    focus = focus_area_add(
        promise=promise,
        by=analyst,
        theme="synlig_narvaro",
        title_sv="Trygghet i centrum",
        why_sv="Många känner sig otrygga i centrum på kvällarna.",
        evidence={"report_year": 2020, "numbers": [{"dialogues": 212}], "quotes": [{"text": "Mörkt vid tunneln"}]},
    )
    commitment = commitment_create(
        focus_area=focus,
        by=analyst,
        what_sv="Polisen är synlig vid skolor och fritidsgårdar",
        owner="police",
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        target_kind="count",
        target_value=40,
    )
    promise_approve(promise=promise, organisation=partnership.municipality, by=analyst)
    promise_approve(promise=promise, organisation=partnership.police_area, by=police)
    return promise_publish(promise=promise, by=analyst), commitment


def test_analyst_drafts_from_the_lagesbild_with_a_suggestion_and_approval_leads_to_publication(
    page: Page, live_server, sjostad
):
    partnership, centrum, analyst, police = sjostad
    Report.objects.create(
        partnership=partnership,
        year=2020,
        dataset={
            "candidates": [
                {
                    "rank": 1,
                    "theme": "trafik",
                    "areas": [centrum.pk],
                    "times": ["morgon"],
                    "evidence": [{"source": "dialogues", "text": "Bilar kör fort vid skolan", "ref": "dialogue:1"}],
                }
            ],
            "matrix": [{"theme": "trafik", "area": centrum.pk, "dialogues": {"count": 41, "share": 0.1}}],
        },
    )
    base = live_server.url
    _sign_in_with_code(page, base, analyst.username)
    page.goto(f"{base}/medborgarloften/{partnership.slug}/")
    page.locator("#id_start_year").fill("2021")
    page.locator("#id_title_sv").fill("Medborgarlöfte 2021")
    page.get_by_role("button", name="Börja skriva").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medborgarlöfte 2021")

    page.get_by_label("Från lägesbilden").select_option(label="Trafik – Centrum – morgon")
    page.locator("#id_title_sv").fill("Säkrare skolvägar")
    page.locator("#id_why_sv").fill("Många föräldrar oroar sig för trafiken vid skolorna.")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Säkrare skolvägar"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till åtagande").click()
    page.get_by_role("link", name=re.compile("trafikkontroller nära skolor")).click()
    what = page.locator("#id_what_sv")
    expect(what).to_have_value(re.compile("trafikkontroller nära skolor"))
    assert_accessible(page)
    what.fill("Polisen gör trafikkontroller vid Centrumskolan varje skolstart.")
    page.get_by_role("button", name="Spara åtagandet").click()
    expect(page.get_by_role("status")).to_contain_text("Åtagandet är sparat")
    assert Commitment.objects.get().what_sv == "Polisen gör trafikkontroller vid Centrumskolan varje skolstart."

    # A duplicate commitment is removed again, after a confirmation that says what goes with it.
    kept = Commitment.objects.get()
    duplicate = commitment_create(
        focus_area=kept.focus_area,
        by=analyst,
        what_sv="Dubblett av trafikkontrollerna",
        owner="police",
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        target_kind="yes_no",
    )
    page.reload()
    page.get_by_role("link", name="Ta bort åtagandet Dubblett av trafikkontrollerna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort åtagandet?")
    expect(page.get_by_text("Det går inte att ångra.")).to_be_visible()
    assert_accessible(page)
    assert Commitment.objects.filter(pk=duplicate.pk).exists()
    page.get_by_role("button", name="Ta bort åtagandet").click()
    expect(page.get_by_role("status")).to_contain_text("Åtagandet är borttaget")
    assert list(Commitment.objects.all()) == [kept]

    page.get_by_role("button", name="Godkänn för Sjöstad kommun").click()
    expect(page.get_by_text("Väntar på: LPO Sjöstad")).to_be_visible()
    assert_accessible(page)
    promise = Promise.objects.get()
    promise_approve(promise=promise, organisation=partnership.police_area, by=police)
    page.reload()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_role("status")).to_contain_text("Löftet är publicerat")
    promise.refresh_from_db()
    assert promise.status == "published"


def test_dialogue_staff_logs_an_activity_on_a_phone(phone_page: Page, live_server, sjostad):
    partnership, _centrum, analyst, police = sjostad
    promise, commitment = _published(partnership, analyst, police)
    staff = make_user("mira", partnership.municipality, Role.DIALOGUE_STAFF)
    base = live_server.url
    sign_in(phone_page, base, staff.username, PASSWORD)
    phone_page.wait_for_url(f"{base}/start/")
    phone_page.goto(f"{base}/medborgarloften/{partnership.slug}/{promise.pk}/ataganden/{commitment.pk}/logga/")
    assert_accessible(phone_page)
    # Few taps: the date is today and the text the commitment's; the count and where are what change.
    phone_page.get_by_label("Var?").fill("Norrskolan")
    phone_page.get_by_label("Hur många?").fill("3")
    phone_page.get_by_role("button", name="Spara aktiviteten").click()
    expect(phone_page.get_by_role("status")).to_contain_text("Aktiviteten är sparad")
    activity = Activity.objects.get()
    assert (activity.where, activity.count, activity.by) == ("Norrskolan", 3, staff)
    assert_accessible(phone_page)


def test_the_public_page_reads_well_and_passes_axe(page: Page, live_server, sjostad):
    partnership, _centrum, analyst, police = sjostad
    _published(partnership, analyst, police)
    base = live_server.url
    page.goto(f"{base}/p/medborgarloften/")
    page.get_by_role("link", name="Medborgarlöfte 2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medborgarlöfte 2021")
    expect(page.get_by_text("212 invånare tog upp det här")).to_be_visible()
    expect(page.locator("link[rel=alternate][type='application/json']")).to_have_attribute(
        "href", "/p/medborgarloften/sjostad/2021.json"
    )
    expect(page.get_by_text("Johan Berg")).to_be_visible()
    assert_accessible(page)
