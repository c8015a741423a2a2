"""The yearly evaluation in a browser: an analyst drafts it, edits a section (first empty, then right), agrees
for the kommun and publishes once the police agreed; a resident walks the archive of every year to the
evaluated promise. Every page passes axe at phone and desktop width."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from lofte.promises import evaluation as ev
from lofte.promises.models import Evaluation, Promise
from lofte.promises.services import commitment_create, focus_area_add, promise_approve, promise_create, promise_publish
from tests.browser.conftest import assert_accessible
from tests.browser.test_promises import _published, _sign_in_with_code, sjostad  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_analyst_drafts_edits_agrees_and_publishes_the_evaluation(page: Page, live_server, sjostad):  # noqa: F811
    partnership, _centrum, analyst, police = sjostad
    promise, _commitment = _published(partnership, analyst, police)
    base = live_server.url
    _sign_in_with_code(page, base, analyst.username)
    page.goto(f"{base}/medborgarloften/{partnership.slug}/{promise.pk}/")
    page.get_by_role("link", name="Utvärdering", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utvärdering av medborgarlöftet 2021")
    assert_accessible(page)

    page.get_by_role("button", name="Skriv ett utkast").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 är ett nytt utkast")
    expect(page.get_by_role("list", name="Utlovat – utfall")).to_contain_text("Utlovat: 40 gånger")
    assert_accessible(page)

    page.get_by_role("link", name="Ändra texten i Sammanfattning").click()
    page.get_by_label("Text").fill("")
    page.get_by_role("button", name="Spara som ny version").click()
    expect(page.locator(".field.has-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Text").fill("Polisen var synlig vid skolorna, men inte så ofta som vi lovade.")
    page.get_by_role("button", name="Spara som ny version").click()
    expect(page.get_by_role("status")).to_contain_text("Sparat som version 2")

    page.get_by_role("button", name="Godkänn version 2 för Sjöstad kommun").click()
    expect(page.get_by_text("Sjöstad kommun: godkänd av Sara Svensson")).to_be_visible()
    evaluation = Evaluation.objects.get()
    ev.evaluation_agree(
        evaluation=evaluation,
        version=ev.current_version(evaluation),
        organisation=partnership.police_area,
        by=police,
    )
    page.reload()
    page.get_by_role("button", name="Publicera utvärderingen").click()
    expect(page.get_by_role("status")).to_contain_text("Utvärderingen är publicerad")
    assert_accessible(page)
    assert Promise.objects.get(pk=promise.pk).status == "evaluated"
    assert ev.public_version(Evaluation.objects.get()).number == 2


def test_a_resident_walks_the_archive_to_an_evaluated_year(page: Page, live_server, sjostad):  # noqa: F811
    partnership, _centrum, analyst, police = sjostad
    for year in (2018, 2019, 2020):
        promise = promise_create(
            partnership=partnership, by=analyst, start_year=year, title_sv=f"Medborgarlöfte {year}"
        )
        focus = focus_area_add(promise=promise, by=analyst, theme="trafik", title_sv="Säkrare skolvägar")
        commitment_create(
            focus_area=focus,
            by=analyst,
            what_sv="Trafikkontroller vid skolorna",
            owner="police",
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            target_kind="count",
            target_value=4,
        )
        promise_approve(promise=promise, organisation=partnership.municipality, by=analyst)
        promise_approve(promise=promise, organisation=partnership.police_area, by=police)
        promise = promise_publish(promise=promise, by=analyst)
        version = ev.evaluation_draft(promise=promise, by=analyst, today=dt.date(year + 1, 1, 20))
        ev.evaluation_agree(
            evaluation=version.evaluation, version=version, organisation=partnership.municipality, by=analyst
        )
        ev.evaluation_agree(
            evaluation=version.evaluation, version=version, organisation=partnership.police_area, by=police
        )
        ev.evaluation_publish(evaluation=version.evaluation, by=analyst)
    _published(partnership, analyst, police)
    base = live_server.url
    page.goto(f"{base}/p/medborgarloften/")
    expect(page.locator("link[rel=alternate][type='application/atom+xml']")).to_have_attribute(
        "href", "/p/medborgarloften.atom"
    )
    expect(page.get_by_text("det fjärde året i rad")).to_be_visible()
    expect(page.get_by_text("Utvärderat: 0 av 1 åtaganden nådde sitt mål.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Medborgarlöfte 2019").click()
    expect(page.get_by_role("heading", name="Utvärdering: utlovat och utfall")).to_be_visible()
    expect(page.get_by_role("list", name="Utlovat – utfall")).to_contain_text("Utlovat: 4 gånger")
    expect(page.locator("link[rel=alternate][type='application/pdf']")).to_have_attribute(
        "href", "/p/medborgarloften/sjostad/2019.pdf"
    )
    assert_accessible(page)
    page.get_by_role("link", name="2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medborgarlöfte 2021")
