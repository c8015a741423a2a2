"""The lägesbild's sources page (uploads with row errors, unmapped categories) and recording a safety walk
observation on a phone: both pass axe-core, on a desktop and at 390 px."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lofte.core.models import Area, Organisation, Partnership, Place
from lofte.core.roles import Role
from lofte.situation.models import Incident, SafetyWalk, SourceImport, WalkObservation
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user
from tests.situation.conftest import square

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
    centrum = Area.objects.create(organisation=municipality, name="Centrum", geometry=square(13.1, 58.4, 13.2, 58.5))
    Area.objects.create(organisation=municipality, name="Norr", geometry=square(13.1, 58.5, 13.2, 58.6))
    Place.objects.create(organisation=municipality, name="Resecentrum", latitude=58.45, longitude=13.16)
    analyst = make_user("sara", municipality, Role.ANALYST)
    TOTPDevice.objects.create(user=analyst, name="telefon", key=KEY, confirmed=True)
    return partnership, centrum, analyst


def _sign_in(page: Page, base: str, username: str) -> None:
    sign_in(page, base, username, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/tvafaktor/"))
    page.get_by_label("Engångskod").fill(str(totp(bytes.fromhex(KEY))).zfill(6))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{base}/start/")


def _upload(page: Page, label: str, name: str, data: bytes) -> None:
    page.get_by_label(label).set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})


def test_analyst_uploads_incidents_sees_row_errors_and_maps_a_category(page: Page, live_server, sjostad):
    partnership, _centrum, analyst = sjostad
    base = live_server.url
    _sign_in(page, base, analyst.username)
    page.goto(f"{base}/lagesbild/{partnership.slug}/kallor/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Källor")
    assert_accessible(page)

    incidents = page.locator("section", has=page.get_by_role("heading", name="Geokodade händelser"))
    bad = "Tidpunkt;Kategori;Område\nigår;Misshandel;Centrum\n2020-03-14 22:15;Rån;Söder\n".encode("cp1252")
    incidents.get_by_label("Läs in en fil (CSV eller Excel)").set_input_files(
        {"name": "rar.csv", "mimeType": "text/csv", "buffer": bad}
    )
    incidents.get_by_role("button", name="Läs in", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Ingenting sparades")
    expect(incidents).to_contain_text("Rad 2 i filen")
    expect(incidents).to_contain_text("Rad 3 i filen")
    assert not Incident.objects.exists()
    assert_accessible(page)

    good = "Tidpunkt;Kategori;Latitud;Longitud;Antal\n2020-03-14 22:15;Snatteri;58,45;13,15;2\n".encode("cp1252")
    incidents = page.locator("section", has=page.get_by_role("heading", name="Geokodade händelser"))
    incidents.get_by_label("Läs in en fil (CSV eller Excel)").set_input_files(
        {"name": "rar.csv", "mimeType": "text/csv", "buffer": good}
    )
    incidents.get_by_role("button", name="Läs in", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 nya rader")
    page.get_by_label("Tema för Snatteri").select_option(label="Inbrott och stöld")
    page.get_by_role("button", name="Spara Snatteri").click()
    expect(page.get_by_role("status")).to_contain_text("har fått ett tema")
    assert Incident.objects.get().theme == "inbrott_stold"
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/lagesbild/{partnership.slug}/kallor/")
    assert_accessible(page)
    page.goto(f"{base}/lagesbild/{partnership.slug}/kallor/trygghetsmatning/")
    assert_accessible(page)
    page.get_by_role("button", name="Lägg in standardpåståendena").click()
    page.locator("table a").first.click()
    page.get_by_label("Vikt 1", exact=True).fill("60")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("inte ett tal från 0 till 6")
    assert_accessible(page)


def test_walk_observation_recorded_on_a_phone_with_a_tap_on_the_map(phone_page: Page, live_server, sjostad):
    partnership, centrum, analyst = sjostad
    page = phone_page
    base = live_server.url
    walk = SafetyWalk.objects.create(partnership=partnership, walked_on="2020-10-01", area=centrum, title="Kväll")
    _sign_in(page, base, analyst.username)
    page.goto(f"{base}/lagesbild/{partnership.slug}/vandringar/")
    assert_accessible(page)
    page.goto(f"{base}/lagesbild/{partnership.slug}/vandringar/{walk.pk}/registrera/")
    assert_accessible(page)

    page.get_by_label("Tema").select_option(label="Belysning")
    page.get_by_label("Vad ser ni?").fill("Trasig lampa vid gångtunneln")
    page.locator(".point-map svg").tap(position={"x": 60, "y": 60})
    expect(page.get_by_label("Latitud")).not_to_have_value("")
    page.get_by_role("button", name="Spara iakttagelsen").click()
    expect(page.get_by_role("status")).to_contain_text("Lägg till nästa")
    observation = WalkObservation.objects.get()
    assert observation.theme == "belysning" and 58.3 < observation.lat < 58.7 and 13.0 < observation.lng < 13.3

    page.get_by_label("Tema").select_option(label="Nedskräpning")
    page.get_by_label("Vad ser ni?").fill("Fulla papperskorgar")
    page.get_by_role("button", name="Använd min position").click()
    expect(page.get_by_label("Latitud")).to_have_value("58.503500")
    page.get_by_role("button", name="Spara iakttagelsen").click()
    expect(page.get_by_role("status")).to_contain_text("Lägg till nästa")
    assert WalkObservation.objects.count() == 2
    assert_accessible(page)

    page.goto(f"{base}/lagesbild/{partnership.slug}/vandringar/{walk.pk}/")
    expect(page.get_by_role("table")).to_contain_text("Fulla papperskorgar")
    assert_accessible(page)


def test_a_queued_upload_page_polls_and_a_rejected_one_lists_every_row_error(page: Page, live_server, sjostad):
    partnership, _centrum, analyst = sjostad
    base = live_server.url
    queued = SourceImport.objects.create(
        partnership=partnership, kind="incidents", filename="stor.csv", sha256="0" * 64, status="queued"
    )
    failed = SourceImport.objects.create(
        partnership=partnership,
        kind="crime",
        filename="bra.csv",
        sha256="1" * 64,
        status="failed",
        errors=["Rad 2 i filen: året ”x” är inte ett årtal", "Rad 3 i filen: brottskategori saknas"],
    )
    _sign_in(page, base, analyst.username)
    page.goto(f"{base}/lagesbild/{partnership.slug}/kallor/importer/{queued.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Sidan uppdateras av sig själv")
    assert_accessible(page)
    SourceImport.objects.filter(pk=queued.pk).update(status="done", rows_new=20000)
    expect(page.get_by_role("status")).to_contain_text("20000 nya rader", timeout=10_000)
    page.goto(f"{base}/lagesbild/{partnership.slug}/kallor/importer/{failed.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Rad 3 i filen")
    assert_accessible(page)
