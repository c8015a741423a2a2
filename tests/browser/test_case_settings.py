"""An organisation admin edits the category tree, a group and a routing rule, saves an inbox view and reads
the statistics, in a browser; every page passes axe at phone and desktop width, with errors shown too."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.cases.models import Category, HandlerGroup, RoutingRule, SavedView
from lofte.cases.services import case_submit
from lofte.core.models import AuditEntry
from lofte.core.roles import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_cases import KEY, _sjostad
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_edits_the_category_tree_and_reads_the_statistics(live_server, page: Page):
    sjostad, light = _sjostad()
    admin = make_user("alva", sjostad, Role.ADMIN)
    TOTPDevice.objects.create(user=admin, name="telefon", key=KEY, confirmed=True)
    case_submit(
        organisation=sjostad,
        kind="felanmalan",
        category=light,
        message="Lampan är släckt",
        idempotency_key=None,
        lat=58.5035,
        lng=13.1577,
    )
    base = live_server.url
    sign_in(page, base, admin.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.goto(f"{base}/arenden/{sjostad.slug}/?status=open")
    assert_accessible(page)

    # A saved view of the current filters, shown with its count.
    page.get_by_text("Spara filtret som en vy").click()
    page.get_by_label("Namn på vyn").fill("Öppna")
    page.get_by_role("button", name="Spara vyn").click()
    expect(page.get_by_role("list", name="Sparade vyer").get_by_role("link", name="Öppna: 1")).to_be_visible()
    assert SavedView.objects.get().query == "status=open"

    # The category editor: an error first, then a new subcategory.
    page.get_by_role("link", name="Kategorier, grupper och fördelning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kategorier")
    assert_accessible(page)
    page.get_by_role("button", name="Lägg till kategorin").click()
    expect(page.locator(".has-error")).to_contain_text("Detta fält måste fyllas i.")
    assert_accessible(page)
    page.get_by_label("Namn:", exact=True).fill("Potthål")
    page.get_by_label("Namn på engelska").fill("Pothole")
    page.get_by_label("Ligger under").select_option(label="Gata och väg")
    page.get_by_label("Avstånd för dubbletter (meter)").fill("10")
    page.get_by_role("button", name="Lägg till kategorin").click()
    expect(page.get_by_role("status")).to_contain_text("Kategorin Potthål är skapad.")
    pothole = Category.objects.get(name_sv="Potthål")
    assert (pothole.parent.name_sv, pothole.duplicate_distance_m) == ("Gata och väg", 10)

    # A category cases use offers no delete, only deactivation.
    expect(page.get_by_role("button", name="Ta bort Gatubelysning")).to_have_count(0)
    page.get_by_role("button", name="Inaktivera Gatubelysning").click()
    expect(page.get_by_role("status")).to_contain_text("ärendena behåller den")
    light.refresh_from_db()
    assert not light.active
    page.get_by_role("link", name="Potthål").click()
    page.wait_for_url(re.compile(rf"/kategorier/{pothole.pk}/$"))
    assert_accessible(page)
    page.get_by_label("Mål för åtgärd (dagar)").fill("21")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Kategorin Potthål är sparad.")
    pothole.refresh_from_db()
    assert pothole.target_days == 21

    # A group and a routing rule.
    page.get_by_role("link", name="Grupper").click()
    page.get_by_label("Namn:", exact=True).fill("Gatuenheten")
    page.get_by_label("Alva").check()
    page.get_by_role("button", name="Lägg till gruppen").click()
    expect(page.get_by_role("status")).to_contain_text("Gruppen Gatuenheten är skapad.")
    assert_accessible(page)
    group = HandlerGroup.objects.get(name="Gatuenheten")
    assert list(group.members.all()) == [admin]
    page.get_by_role("link", name="Fördelningsregler").click()
    page.get_by_role("button", name="Lägg till regeln").click()
    expect(page.locator(".has-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kategori").select_option(label="Gata och väg › Potthål")
    page.get_by_label("Till grupp").select_option(label="Gatuenheten")
    page.get_by_role("button", name="Lägg till regeln").click()
    expect(page.get_by_role("cell", name="2. kategori")).to_be_visible()
    assert RoutingRule.objects.get().category == pothole
    assert_accessible(page)

    # Statistics: a wrong period, then a right one; the table first, the chart beside it.
    year = timezone.localdate().year
    page.goto(f"{base}/arenden/{sjostad.slug}/")
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("table", name="Totalt")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Från och med").fill(f"{year}-12-31")
    page.get_by_label("Till och med").fill(f"{year}-01-01")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator(".has-error")).to_contain_text("Början måste komma före slutet.")
    assert_accessible(page)
    page.get_by_label("Från och med").fill(f"{year}-01-01")
    page.get_by_label("Till och med").fill(f"{year}-12-31")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("row", name="Ärenden 1")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Ärenden per vecka"))).to_be_visible()
    assert_accessible(page)
    assert AuditEntry.objects.filter(actor=admin, action__startswith="case_category.").count() == 3
