"""Staff upload a capture of the police's events list and read their kommun's events; axe on desktop and phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lofte.core.models import Organisation, Partnership
from lofte.core.roles import Role
from lofte.situation.models import PoliceEvent
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "situation" / "data"


@pytest.fixture
def harryda(settings, tmp_path):
    settings.LOFTE_REQUIRE_2FA = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    kommun = Organisation.objects.create(name="Härryda kommun", slug="harryda", kind="municipality", kommunkod="1401")
    lpo = Organisation.objects.create(name="LPO Härryda", slug="lpo-harryda", kind="police_area")
    Partnership.objects.create(name="Trygg i Härryda", slug="harryda", municipality=kommun, police_area=lpo)
    return make_user("sara", kommun, Role.ANALYST)


def _upload_and_read(page: Page, base: str) -> None:
    sign_in(page, base, "sara", PASSWORD)
    page.goto(f"{base}/lagesbild/harryda/")
    page.get_by_role("link", name="Polisens händelser").click()
    expect(page.get_by_role("heading", name="Händelserna är placerade per kommun, inte där de hände")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Sparad händelselista (JSON)").set_input_files(str(DATA / "truncated.json"))
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_text("inte giltig JSON")).to_be_visible()
    assert_accessible(page)
    assert not PoliceEvent.objects.exists()

    page.get_by_label("Sparad händelselista (JSON)").set_input_files(str(DATA / "events-2020-03-29T0900Z.json"))
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_text("11 nya, 0 ändrade, 0 oförändrade och 1 avvisade händelser.")).to_be_visible()
    expect(page.get_by_role("cell", name="datetime saknas eller kan inte läsas: 'igår kväll'")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Visa händelserna").click()
    expect(page.get_by_text("3 händelser")).to_be_visible()
    page.get_by_label("Händelsetyp").select_option("Rattfylleri")
    expect(page.get_by_text("1 händelse", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Trafik", exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_analyst_uploads_a_capture_and_filters_the_kommuns_events(live_server, page: Page, harryda):
    _upload_and_read(page, live_server.url)


@pytest.mark.django_db(transaction=True)
def test_the_events_pages_work_on_a_phone(live_server, phone_page: Page, harryda):
    _upload_and_read(phone_page, live_server.url)
