"""Promise follow-up in a browser at phone width: logging activities online and offline-then-online (each
stored once), and planning on the calendar then logging the plan as done; axe on every page."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import Page, Route, expect

from lofte.core.roles import Role
from lofte.promises.models import Activity
from lofte.promises.services import activity_log
from tests.browser.conftest import assert_accessible, sign_in

# The sjostad fixture (a partnership, an area, the coordinator and the police) comes from test_promises.py.
from tests.browser.test_promises import _published, _sign_in_with_code, sjostad  # noqa: F401
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def _form_url(base: str, promise, commitment) -> str:
    return f"{base}/medborgarloften/{promise.partnership.slug}/{promise.pk}/ataganden/{commitment.pk}/logga/"


def test_a_police_officer_logs_activities_offline_and_they_arrive_once_when_the_network_returns(
    phone_page: Page,
    live_server,
    sjostad,  # noqa: F811
):
    partnership, _centrum, analyst, police = sjostad
    promise, commitment = _published(partnership, analyst, police)
    staff = make_user("mira", partnership.police_area, Role.DIALOGUE_STAFF)
    base = live_server.url
    sign_in(phone_page, base, staff.username, PASSWORD)
    phone_page.wait_for_url(f"{base}/start/")
    phone_page.goto(_form_url(base, promise, commitment))
    status = phone_page.locator("#activity-queue-status")
    phone_page.get_by_label("Var?").fill("Norrskolan")
    phone_page.get_by_role("button", name="Spara aktiviteten").click()
    expect(status).to_have_text(re.compile("Aktiviteten är sparad"))
    assert Activity.objects.get().where == "Norrskolan"

    phone_page.context.set_offline(True)
    phone_page.get_by_label("Var?").fill("Fritidsgården Ankaret")
    phone_page.get_by_label("Hur många?").fill("2")
    phone_page.get_by_role("button", name="Spara aktiviteten").click()
    expect(status).to_have_text(re.compile("1 aktivitet väntar på att skickas"))
    phone_page.get_by_label("Var?").fill("Resecentrum")
    phone_page.get_by_role("button", name="Spara aktiviteten").click()
    expect(status).to_have_text(re.compile("2 aktiviteter väntar på att skickas"))
    assert_accessible(phone_page)
    assert Activity.objects.count() == 1

    phone_page.context.set_offline(False)
    expect(status).to_have_attribute("data-waiting", "0", timeout=25_000)
    assert sorted(Activity.objects.values_list("where", "count")) == [
        ("Fritidsgården Ankaret", 2),
        ("Norrskolan", 1),
        ("Resecentrum", 2),
    ]
    assert all(a.by == staff for a in Activity.objects.all())


def test_a_send_whose_answer_is_lost_is_sent_again_and_stored_once(
    phone_page: Page,
    live_server,
    sjostad,  # noqa: F811
):
    partnership, _centrum, analyst, police = sjostad
    promise, commitment = _published(partnership, analyst, police)
    staff = make_user("mira", partnership.municipality, Role.DIALOGUE_STAFF)
    base = live_server.url
    sign_in(phone_page, base, staff.username, PASSWORD)
    phone_page.wait_for_url(f"{base}/start/")
    phone_page.goto(_form_url(base, promise, commitment))
    lost = {"count": 0}

    def lose_first_answer(route: Route) -> None:
        if route.request.method == "POST" and lost["count"] == 0:
            lost["count"] += 1
            route.fetch()  # the server stores it...
            route.abort("connectionreset")  # ...and the phone never hears back
        else:
            route.continue_()

    phone_page.route(re.compile(r".*/logga/.*"), lose_first_answer)
    phone_page.get_by_label("Var?").fill("Torget")
    with phone_page.expect_event("requestfailed"):  # the handler above has run once the send has failed
        phone_page.get_by_role("button", name="Spara aktiviteten").click()
    assert lost["count"] == 1
    phone_page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone_page.locator("#activity-queue-status")).to_have_attribute("data-waiting", "0", timeout=25_000)
    assert Activity.objects.filter(where="Torget").count() == 1


def test_a_municipality_coordinator_plans_on_the_calendar_at_320_px_and_logs_the_plan_as_done(
    phone_page: Page,
    live_server,
    sjostad,  # noqa: F811
):
    partnership, _centrum, analyst, police = sjostad
    promise, commitment = _published(partnership, analyst, police)
    activity_log(
        commitment=commitment,
        by=police,
        occurred_on=dt.date(2021, 3, 2),
        what="Trafikkontroll vid Centrumskolan",
        idempotency_key=uuid.uuid4(),
    )
    base = live_server.url
    phone_page.set_viewport_size({"width": 320, "height": 640})
    _sign_in_with_code(phone_page, base, analyst.username)
    phone_page.goto(f"{base}/medborgarloften/{partnership.slug}/{promise.pk}/kalender/?manad=2021-03")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Kalender: mars 2021")
    expect(phone_page.get_by_text("Trafikkontroll vid Centrumskolan")).to_be_visible()
    # No sideways scrolling at 320 px: the month is a list of its days.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(phone_page)

    phone_page.get_by_label("Datum").fill("")
    phone_page.get_by_label("Vad ska göras?").fill("")
    phone_page.get_by_role("button", name="Planera").click()
    expect(phone_page.locator(".has-error").first).to_be_visible()
    assert not Activity.objects.filter(planned=True).exists()
    assert_accessible(phone_page)

    phone_page.get_by_label("Datum").fill("2021-03-18")
    phone_page.get_by_label("Vad ska göras?").fill("Besök på Solskolan")
    phone_page.get_by_role("button", name="Planera").click()
    expect(phone_page.get_by_text("Aktiviteten är planerad")).to_be_visible()
    plan = Activity.objects.get(planned=True)
    assert plan.occurred_on == dt.date(2021, 3, 18)

    phone_page.get_by_role("link", name="Visa som lista").click()
    expect(phone_page.get_by_role("heading", name="torsdag 18 mars")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name=re.compile("Logga som gjord")).click()
    phone_page.wait_for_url(re.compile(r"/logga/"))  # loaded: the form sends through the queue, not a plain post
    expect(phone_page.get_by_label("Vad gjordes?")).to_have_value("Besök på Solskolan")
    phone_page.get_by_role("button", name="Spara aktiviteten").click()
    expect(phone_page.locator("#activity-queue-status")).to_have_text(re.compile("Aktiviteten är sparad"))
    plan.refresh_from_db()
    assert plan.planned is False and Activity.objects.count() == 2

    # The steering group's quarter shows the traffic check done in March, and passes axe.
    phone_page.goto(f"{base}/medborgarloften/{partnership.slug}/{promise.pk}/styrgrupp/?kvartal=2021-1")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Uppföljning kvartal 1 2021")
    expect(phone_page.get_by_text("Trafikkontroll vid Centrumskolan")).to_be_visible()
    assert_accessible(phone_page)


def test_the_activity_form_opens_without_network_once_it_has_been_opened(
    phone_page: Page,
    live_server,
    sjostad,  # noqa: F811
):
    partnership, _centrum, analyst, police = sjostad
    promise, commitment = _published(partnership, analyst, police)
    staff = make_user("mira", partnership.municipality, Role.DIALOGUE_STAFF)
    base = live_server.url
    sign_in(phone_page, base, staff.username, PASSWORD)
    phone_page.wait_for_url(f"{base}/start/")
    phone_page.goto(_form_url(base, promise, commitment))
    expect(phone_page.locator("#activity-form")).to_have_attribute("data-offline-ready", "true", timeout=15_000)
    first_key = phone_page.locator("input[name=key]").input_value()

    phone_page.context.set_offline(True)
    phone_page.reload()
    expect(phone_page.get_by_role("button", name="Spara aktiviteten")).to_be_visible()
    assert phone_page.locator("input[name=key]").input_value() != first_key
    phone_page.get_by_label("Var?").fill("Hamnen")
    phone_page.get_by_role("button", name="Spara aktiviteten").click()
    status = phone_page.locator("#activity-queue-status")
    expect(status).to_have_text(re.compile("1 aktivitet väntar på att skickas"))
    assert not Activity.objects.exists()

    phone_page.context.set_offline(False)
    expect(status).to_have_attribute("data-waiting", "0", timeout=25_000)
    assert Activity.objects.get().where == "Hamnen"
