"""An organisation admin signs in with a second factor and administers Sjöstad through Löfte's own pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.core.access import token_hash
from lofte.core.models import (
    Area,
    ContactCentre,
    EmailChange,
    Invitation,
    Membership,
    OnCallNumber,
    Organisation,
    Partnership,
    Place,
    User,
)
from lofte.core.roles import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

KEY = "3132333435363738393031323334353637383930"  # the RFC 6238 test key, hex
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[13.14, 58.49], [13.18, 58.49], [13.18, 58.52], [13.14, 58.52], [13.14, 58.49]]],
}


@pytest.fixture
def sjostad_with_admin(transactional_db):
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    Partnership.objects.create(name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo)
    area = Area.objects.create(organisation=sjostad, name="Sjöstad", kind="tatort", geometry=SQUARE)
    Place.objects.create(
        organisation=sjostad,
        name="Resecentrum",
        kind="station",
        area=area,
        aliases=["stationen"],
        latitude=58.5045,
        longitude=13.1617,
    )
    centre = ContactCentre.objects.create(organisation=sjostad, phone="0999-10 00 00")
    OnCallNumber.objects.create(contact_centre=centre, service="Socialjouren", phone="0999-10 01 30")
    admin = make_user("alva", sjostad, Role.ADMIN)
    make_user("erik", sjostad, Role.READER)
    TOTPDevice.objects.create(user=admin, name="telefon", key=KEY, confirmed=True)
    return admin


def _code() -> str:
    return str(totp(bytes.fromhex(KEY))).zfill(6)


def _go(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def test_admin_walks_places_and_contact_centre_and_every_page_is_accessible(page, live_server, sjostad_with_admin):
    base = live_server.url
    _go(page, f"{base}/konto/logga-in/")
    sign_in(page, base, sjostad_with_admin.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    assert_accessible(page)
    page.get_by_label("Engångskod").fill(_code())
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")
    assert_accessible(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Administration").click()
    page.wait_for_url(f"{base}/organisationer/")
    assert_accessible(page)
    page.get_by_role("link", name="Sjöstad kommun").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjöstad kommun")
    assert_accessible(page)

    # Places: the list, live search, then a new place given in SWEREF 99 TM.
    page.get_by_role("link", name="Platser", exact=True).click()
    expect(page.locator(".breadcrumbs")).to_contain_text("Sjöstad kommun")
    assert_accessible(page)
    page.get_by_label("Sök plats eller annat namn").fill("stationen")
    expect(page.locator("#place-results")).to_contain_text("Resecentrum")
    page.get_by_role("link", name="Ny plats").click()
    page.wait_for_url(re.compile(r"/platser/ny/$"))
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Namn")).fill("Mätpunkten")
    page.get_by_label("Andra namn").fill("punkten\nmätstationen")
    page.get_by_label("Norrkoordinat (N)").fill("6491000")
    page.get_by_label("Östkoordinat (E)").fill("378000")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Mätpunkten")
    assert_accessible(page)
    place = Place.objects.get(name="Mätpunkten")
    assert place.latitude == pytest.approx(58.5424, abs=1e-3) and place.aliases == ["punkten", "mätstationen"]

    # A form with errors is accessible too.
    page.get_by_role("link", name="Ny plats").click()
    page.get_by_label(re.compile(r"^Namn")).fill("Fel")
    page.get_by_label("Latitud (N)").fill("48.85")
    page.get_by_label("Longitud (E)").fill("2.35")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".errorlist")).to_contain_text("utanför Sverige")
    assert_accessible(page)

    # Import: preview, then import.
    _go(page, f"{base}/organisationer/sjostad/platser/importera/")
    page.get_by_label("Fil med platser").set_input_files(
        files=[
            {
                "name": "platser.csv",
                "mimeType": "text/csv",
                "buffer": b"name;lat;lon;aliases\nTorget;58,5035;13,1577;stortorget\n",
            }
        ]
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Förhandsgranskning")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Importera").click()
    expect(page.locator(".messages")).to_contain_text("1 nya platser")
    assert Place.objects.get(name="Torget").area.name == "Sjöstad"

    # Contact centre: add a journummer row with htmx, fill it, save.
    _go(page, f"{base}/organisationer/sjostad/kontaktcenter/")
    page.get_by_role("button", name="Lägg till rad").click()
    expect(page.get_by_label("Verksamhet, rad 3")).to_be_visible()
    page.get_by_label("Verksamhet, rad 2").fill("Vatten och avlopp")
    page.get_by_label("Telefon, rad 2").fill("0999-10 01 10")
    page.get_by_label("Ordning, rad 2").fill("0")
    assert_accessible(page)
    # Enter in a field saves (the form's default button), it does not add yet another row.
    page.get_by_label("Ordning, rad 2").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjöstad kommun")
    assert [n.service for n in OnCallNumber.objects.all()] == ["Vatten och avlopp", "Socialjouren"]

    # The remaining administration pages.
    for path in [
        "andra/",
        "omraden/",
        "omraden/nytt/",
        f"omraden/{Area.objects.get().pk}/",
        f"omraden/{Area.objects.get().pk}/ta-bort/",
        f"platser/{place.pk}/",
        f"platser/{place.pk}/ta-bort/",
        "medlemmar/",
        "medlemmar/ny/",
        "logg/",
    ]:
        _go(page, f"{base}/organisationer/sjostad/{path}")
    membership = sjostad_with_admin.memberships.get()
    for path in [
        f"medlemmar/{membership.pk}/",
        f"medlemmar/{membership.pk}/ta-bort/",
        f"medlemmar/{membership.pk}/tvafaktor/",
    ]:
        _go(page, f"{base}/organisationer/sjostad/{path}")
    reader_membership = Membership.objects.get(user__username="erik")
    for path in [f"medlemmar/{reader_membership.pk}/", f"medlemmar/{reader_membership.pk}/losenord/"]:
        _go(page, f"{base}/organisationer/sjostad/{path}")
    page.get_by_role("button", name="Skapa nytt lösenord").click()
    expect(page.get_by_role("heading", name="Nytt lösenord")).to_be_visible()
    assert_accessible(page)
    for path in ["/samverkan/", "/samverkan/sjostad/", "/samverkan/sjostad/andra/", "/profil/losenord/", "/arenden/"]:
        _go(page, f"{base}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ärenden")

    # A new member: an invitation, which waits in the list until it is answered.
    _go(page, f"{base}/organisationer/sjostad/medlemmar/ny/")
    page.get_by_label("E-post").fill("nora@sjostad.example")
    page.get_by_label("Analytiker").check()
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.locator(".messages")).to_contain_text("En inbjudan är skickad till nora@sjostad.example")
    expect(page.get_by_role("heading", name="Inbjudningar som väntar på svar")).to_be_visible()
    assert_accessible(page)
    assert Invitation.objects.get().email == "nora@sjostad.example"


def test_platform_admin_pages_and_the_enrolment_page_are_accessible(page, live_server, transactional_db):
    base = live_server.url
    root = make_user("root", is_superuser=True, is_staff=True)
    sign_in(page, base, root.username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    expect(page.get_by_role("img", name="QR")).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=root)
    page.get_by_label("Engångskod").fill(str(totp(device.bin_key)).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")
    for path in ["/organisationer/", "/organisationer/ny/", "/samverkan/ny/"]:
        _go(page, f"{base}{path}")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page)


def _invitation(organisation: Organisation, email: str, token: str) -> Invitation:
    return Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=Role.READER,
        expires_at=timezone.now() + dt.timedelta(days=14),
        token_hash=token_hash(token),
    )


def test_an_invitation_is_answered_on_accessible_pages_on_desktop_and_phone(
    page, phone_page, live_server, transactional_db
):
    base = live_server.url
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    grannby = Organisation.objects.create(name="Grannby kommun", slug="grannby", kind="municipality", kommunkod="9902")
    _invitation(sjostad, "nora@example.org", "nora-token-0123456789abcdefghijklmnopqrstuv")

    # A new address: the link's page makes the account; its errors are accessible too.
    for current in (page, phone_page):
        _go(current, f"{base}/inbjudan/nora-token-0123456789abcdefghijklmnopqrstuv/")
        expect(current.get_by_role("heading", level=1)).to_have_text("Inbjudan till Sjöstad kommun")
    phone_page.get_by_label("Förnamn").fill("Nora")
    phone_page.get_by_label("Efternamn").fill("Ny")
    phone_page.get_by_label(re.compile(r"^Lösenord:?$")).fill("ljus-i-gangtunneln-2026")
    phone_page.get_by_label("Lösenordet igen").fill("ljus-i-gangtunneln-2027")
    phone_page.get_by_role("button", name="Skapa konto och tacka ja").click()
    expect(phone_page.locator(".errorlist")).to_contain_text("Lösenorden är inte lika")
    assert_accessible(phone_page)
    phone_page.get_by_label(re.compile(r"^Lösenord:?$")).fill("ljus-i-gangtunneln-2026")
    phone_page.get_by_label("Lösenordet igen").fill("ljus-i-gangtunneln-2026")
    phone_page.get_by_role("button", name="Skapa konto och tacka ja").click()
    expect(phone_page.locator(".messages")).to_contain_text("Kontot är skapat")
    assert_accessible(phone_page)
    assert Membership.objects.get(user__email="nora@example.org").organisation == sjostad
    # The spent link says so, on both sizes.
    for current in (page, phone_page):
        _go(current, f"{base}/inbjudan/nora-token-0123456789abcdefghijklmnopqrstuv/")
        expect(current.get_by_role("heading", level=1)).to_have_text("Inbjudan gäller inte längre")

    # An account that exists: signed in, it sees the invitation on the start page and answers in the list.
    erik = make_user("erik", sjostad, Role.READER)
    _invitation(grannby, erik.email, "erik-token-0123456789abcdefghijklmnopqrstuv")
    for current in (page, phone_page):
        current.context.clear_cookies()
        sign_in(current, base, erik.username, PASSWORD)
        expect(current.get_by_text("Du har en inbjudan som väntar på svar.")).to_be_visible()
        assert_accessible(current)
        current.get_by_role("link", name="Du har en inbjudan som väntar på svar.").click()
        expect(current.get_by_role("heading", name="Grannby kommun")).to_be_visible()
        assert_accessible(current)
    phone_page.get_by_role("button", name="Tacka ja").click()
    expect(phone_page.locator(".messages")).to_contain_text("Du är nu med i Grannby kommun")
    assert_accessible(phone_page)
    assert User.objects.get(username="erik").memberships.count() == 2


def test_confirming_a_new_email_address_is_accessible_on_desktop_and_phone(
    page, phone_page, live_server, transactional_db
):
    base = live_server.url
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    erik = make_user("erik", sjostad, Role.READER)
    EmailChange.objects.create(
        user=erik,
        email="erik.ek@sjostad.example",
        expires_at=timezone.now() + dt.timedelta(days=3),
        token_hash=token_hash("change-token-0123456789abcdefghijklmnopqrstuv"),
    )
    url = f"{base}/ny-e-post/change-token-0123456789abcdefghijklmnopqrstuv/"
    _go(page, url)
    _go(phone_page, url)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Bekräfta ny e-postadress")
    phone_page.get_by_role("button", name="Bekräfta").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("E-postadressen är bytt")
    assert_accessible(phone_page)
    _go(page, url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken gäller inte längre")
    assert User.objects.get(pk=erik.pk).email == "erik.ek@sjostad.example"
