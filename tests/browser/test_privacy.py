"""The administrator sets Sjöstad's gallring and handles a resident's request; a resident reads the privacy page."""

from __future__ import annotations

import re
import uuid

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.cases.models import Case, CaseKind
from lofte.cases.services import Reporter, case_submit
from lofte.core.models import Organisation, RetentionSchedule
from lofte.core.roles import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def sjostad_admin(transactional_db):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    admin = make_user("alva", sjostad, Role.ADMIN)
    TOTPDevice.objects.create(user=admin, name="telefon", key=KEY, confirmed=True)
    case_submit(
        organisation=sjostad,
        kind=CaseKind.FEEDBACK,
        feedback_type="fraga",
        message="När töms papperskorgarna i parken?",
        idempotency_key=uuid.uuid4(),
        reporter=Reporter(name="Anna Berg", email="anna@example.org", consent=True),
    )
    return admin


def test_admin_sets_the_gallring_and_the_privacy_page_states_it(page: Page, live_server, sjostad_admin):
    base = live_server.url
    sign_in(page, base, sjostad_admin.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")
    page.goto(f"{base}/organisationer/sjostad/")
    page.get_by_role("link", name="Gallring", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gallring av personuppgifter")
    assert_accessible(page)

    # A whole case deleted before its contact details: refused, with the typed value kept.
    page.get_by_label("Hela ärenden").fill("30")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Hela ärenden kan inte gallras före kontaktuppgifterna.")).to_be_visible()
    expect(page.get_by_label("Hela ärenden")).to_have_value("30")
    assert_accessible(page)
    page.get_by_label("Hela ärenden").fill("1095")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Gallringsplanen är sparad.")).to_be_visible()
    assert RetentionSchedule.objects.get().case_delete_days == 1095

    page.get_by_role("link", name="Integritetssidan").click()
    expect(page.get_by_text("Hela ärendet raderas 1095 dagar efter att det avslutades.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def test_admin_looks_a_resident_up_and_erases_her_contact_details(page: Page, live_server, sjostad_admin):
    base = live_server.url
    sign_in(page, base, sjostad_admin.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")
    page.goto(f"{base}/organisationer/sjostad/personuppgifter/")
    assert_accessible(page)
    page.get_by_label("Invånarens e-postadress").fill("inte en adress")
    page.get_by_role("button", name="Visa uppgifterna").click()
    expect(page.locator(".has-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Invånarens e-postadress").fill("anna@example.org")
    page.get_by_role("button", name="Visa uppgifterna").click()
    expect(page.get_by_text("När töms papperskorgarna i parken?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ta bort uppgifterna").click()
    expect(page.get_by_text("Kryssa i att du har kontrollerat invånarens identitet.")).to_be_visible()
    page.get_by_label("Jag har kontrollerat invånarens identitet").check()
    page.get_by_role("button", name="Ta bort uppgifterna").click()
    expect(page.get_by_text("Uppgifterna är borttagna")).to_be_visible()
    case = Case.objects.get()
    assert case.reporter_email == "" and case.message == "När töms papperskorgarna i parken?"
