"""An administrator gives an app its Open311 key: an empty name is refused with the typed limit kept, the key
is shown once, and it is revoked. Every state passes axe at phone and desktop width."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.core.models import Organisation
from lofte.core.roles import Role
from lofte.open311.access import api_key_for
from lofte.open311.models import ApiKey
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY = "3132333435363738393031323334353637383930"


def test_an_administrator_creates_shows_once_and_revokes_a_key(live_server, page: Page):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    admin = make_user("alva", sjostad, Role.ADMIN)
    TOTPDevice.objects.create(user=admin, name="telefon", key=KEY, confirmed=True)
    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.goto(f"{live_server.url}/organisationer/sjostad/")
    page.get_by_role("link", name="API-nycklar för Open311").click()
    page.wait_for_url(re.compile(r"/api-nycklar/$"))
    assert_accessible(page)

    page.get_by_label("Högst antal anrop per minut").fill("30")
    page.get_by_role("button", name="Skapa nyckel").click()
    expect(page.get_by_label("Högst antal anrop per minut")).to_have_value("30")
    assert_accessible(page)
    assert not ApiKey.objects.exists()

    page.get_by_label("Namn").fill("FixaMinGata")
    page.get_by_role("button", name="Skapa nyckel").click()
    shown = page.locator(".notice code").inner_text()
    assert api_key_for(shown) == ApiKey.objects.get(name="FixaMinGata", rate_limit=30)
    assert_accessible(page)

    page.get_by_role("button", name="Återkalla FixaMinGata").click()
    expect(page.get_by_text("Återkallad")).to_be_visible()
    assert api_key_for(shown) is None
    assert shown not in page.content()
    assert_accessible(page)
