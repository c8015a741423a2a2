"""An analyst imports an Excel file through the wizard; every step's page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from lofte.core.models import Area, Organisation, Partnership, Place
from lofte.core.roles import Role
from lofte.dialogues.models import Dialogue, PopulationFigure
from lofte.dialogues.services import campaign_create
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user
from tests.dialogues.data_fixtures import rows, xlsx_file
from tests.dialogues.messy_files import summary_workbook

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_analyst_walks_the_import_wizard_and_each_step_is_accessible(live_server, page: Page, settings, tmp_path):
    settings.LOFTE_REQUIRE_2FA = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo
    )
    centrum = Area.objects.create(organisation=sjostad, name="Centrum")
    Place.objects.create(organisation=sjostad, area=centrum, name="Resecentrum", kind="station", aliases=["stationen"])
    Place.objects.create(organisation=sjostad, area=centrum, name="Stora torget", kind="square", aliases=["torget"])
    analyst = make_user("sara", sjostad, Role.ANALYST)
    make_user("mira", sjostad, Role.DIALOGUE_STAFF)
    campaign = campaign_create(
        partnership=partnership,
        by=analyst,
        name="Medborgardialog 2020",
        slug="dialog-2020",
        year=2020,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
    )
    for band in ("16-19", "20-29", "30-44", "45-64", "65-79"):
        for gender in ("woman", "man"):
            PopulationFigure.objects.create(organisation=sjostad, year=2020, age_band=band, gender=gender, count=1000)
    file = tmp_path / "dialoger.xlsx"
    file.write_bytes(xlsx_file(rows(40)))
    base = live_server.url
    sign_in(page, base, analyst.username, PASSWORD)

    # 1. Upload.
    page.goto(f"{base}/dialoger/omgang/{campaign.slug}/import/")
    assert_accessible(page)
    page.get_by_label("Fil med dialoger").set_input_files(str(file))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()

    # 2. Preview and map: the columns named like the questions are already mapped; two are left.
    expect(page.get_by_role("heading", name="De första raderna")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kolumn F: När?").select_option(label="Fråga: När känner du dig otrygg där?")
    page.get_by_label("Kolumn I: Trygghet 1-5").select_option(label="Fråga: Hur trygg känner du dig i ditt område?")
    page.get_by_role("button", name="Kontrollera alla rader").click()

    # 3. Review.
    expect(page.get_by_role("heading", name="Kontroll av filen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Importera alla 40 rader").click()

    # 4. Done.
    expect(page.get_by_text("40 dialoger importerades.")).to_be_visible()
    assert_accessible(page)
    assert Dialogue.objects.filter(campaign=campaign, channel="import").count() == 40

    # The overview and the population page.
    page.get_by_role("link", name="Översikt för omgången").click()
    expect(page.get_by_role("heading", name="Vilka har svarat jämfört med befolkningen")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/dialoger/{partnership.slug}/befolkning/")
    assert_accessible(page)

    # A hostile file gets a Swedish error on the upload page, accessible too.
    bad = tmp_path / "inte-excel.xlsx"
    bad.write_bytes(b"%PDF-1.7 this is no spreadsheet")
    page.goto(f"{base}/dialoger/omgang/{campaign.slug}/import/")
    page.get_by_label("Fil med dialoger").set_input_files(str(bad))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    expect(page.get_by_text("Filen är inte ett kalkylark")).to_be_visible()
    assert_accessible(page)


def _summary_world(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.LOFTE_REQUIRE_2FA = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    sjostad = Organisation.objects.create(name="Sjöstad kommun", slug="sjostad", kind="municipality", kommunkod="9901")
    lpo = Organisation.objects.create(name="LPO Sjöstad", slug="lpo-sjostad", kind="police_area")
    partnership = Partnership.objects.create(
        name="Trygg i Sjöstad", slug="sjostad", municipality=sjostad, police_area=lpo
    )
    centrum = Area.objects.create(organisation=sjostad, name="Centrum")
    Area.objects.create(organisation=sjostad, name="Lillbyn")
    Place.objects.create(organisation=sjostad, area=centrum, name="Resecentrum", kind="station")
    Place.objects.create(organisation=sjostad, area=centrum, name="Stora torget", kind="square")
    analyst = make_user("sara", sjostad, Role.ANALYST)
    make_user("mira", sjostad, Role.DIALOGUE_STAFF)
    campaign = campaign_create(
        partnership=partnership,
        by=analyst,
        name="Medborgardialog 2020",
        slug="dialog-2020",
        year=2020,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
    )
    file = tmp_path / "sammanstallning.xlsx"
    file.write_bytes(summary_workbook())
    return analyst, campaign, file


def _upload_summary(page: Page, base: str, campaign, file) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/dialoger/omgang/{campaign.slug}/import/")
    page.get_by_label("Fil med dialoger").set_input_files(str(file))
    page.get_by_role("button", name="Ladda upp och förhandsgranska").click()
    expect(page.get_by_text("Kolumnernas namn läses från rad 4 i bladet")).to_be_visible()


def _map_summary(page: Page) -> None:
    page.get_by_label("Kolumn F: Trygghet (1-5)").select_option(label="Fråga: Hur trygg känner du dig i ditt område?")
    page.get_by_label("Kolumn G: Varför otryggt?").select_option(label="Fråga: Varför känner du dig otrygg där?")
    page.get_by_label("Kolumn H: Vad skulle göra det tryggare?").select_option(label="– importeras inte –")
    page.get_by_label("Fyll tomma celler i kolumn I med värdet ovanför").check()
    page.get_by_role("button", name="Kontrollera alla rader").click()
    expect(page.get_by_role("heading", name="Kontroll av filen")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_summary_workbook_through_the_wizard_sheet_header_row_fill_down_and_unused_columns(
    live_server, page: Page, settings, tmp_path
):
    analyst, campaign, file = _summary_world(settings, tmp_path)
    base = live_server.url
    sign_in(page, base, analyst.username, PASSWORD)
    _upload_summary(page, base, campaign, file)
    assert_accessible(page)
    # The visible sheets are offered, the active one chosen; the hidden list sheet is not.
    sheet = page.get_by_label("Blad")
    expect(sheet).to_have_value("Sammanställning")
    assert sheet.locator("option").all_inner_texts() == ["Sammanställning", "Anteckningar"]
    # The analyst tries another header row and goes back to the one found.
    page.get_by_label("Rubrikrad").fill("2")
    page.get_by_role("button", name="Läs filen igen").click()
    expect(page.get_by_text("Kolumnernas namn läses från rad 2 i bladet")).to_be_visible()
    page.get_by_label("Rubrikrad").fill("")
    page.get_by_role("button", name="Läs filen igen").click()
    expect(page.get_by_text("Kolumnernas namn läses från rad 4 i bladet")).to_be_visible()
    _map_summary(page)
    assert_accessible(page)
    expect(page.get_by_text("rad 8 i bladet")).to_be_visible()
    expect(page.get_by_text("Okänt område ”Lillby”. Menar du ”Lillbyn”?")).to_be_visible()
    # The column left out is named, and the import waits for the analyst to confirm it.
    expect(page.get_by_text("”Vad skulle göra det tryggare?”")).to_be_visible()
    page.get_by_role("button", name="Importera bara de 4 giltiga raderna").click()
    expect(page.get_by_text("Bekräfta att kolumnen som inte importeras ska lämnas utanför.")).to_be_visible()
    assert_accessible(page)
    assert not Dialogue.objects.exists()
    page.get_by_label("Jag har sett kolumnerna som inte importeras, och de ska lämnas utanför").check()
    page.get_by_role("button", name="Importera bara de 4 giltiga raderna").click()
    expect(page.get_by_text("4 dialoger importerades.")).to_be_visible()
    assert_accessible(page)
    assert Dialogue.objects.filter(recorded_by__username="mira").count() == 4
    # A second chance: the import is undone.
    page.get_by_role("button", name="Ångra importen").click()
    expect(page.get_by_text("Importen ångrades: 4 dialoger togs bort.")).to_be_visible()
    assert_accessible(page)
    assert not Dialogue.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_new_import_steps_are_accessible_at_phone_width(live_server, phone_page: Page, settings, tmp_path):
    analyst, campaign, file = _summary_world(settings, tmp_path)
    base = live_server.url
    sign_in(phone_page, base, analyst.username, PASSWORD)
    _upload_summary(phone_page, base, campaign, file)
    assert_accessible(phone_page)
    _map_summary(phone_page)
    assert_accessible(phone_page)
    phone_page.get_by_label("Jag har sett kolumnerna som inte importeras, och de ska lämnas utanför").check()
    phone_page.get_by_role("button", name="Importera bara de 4 giltiga raderna").click()
    expect(phone_page.get_by_text("4 dialoger importerades.")).to_be_visible()
    assert_accessible(phone_page)
