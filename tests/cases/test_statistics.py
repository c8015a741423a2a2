"""Statistics per organisation: volumes, times and the share over target; the CSV holds the page's numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from lofte.cases.models import Case
from lofte.cases.services import case_merge, case_reply, case_set_status
from lofte.cases.stats import case_statistics, percentile
from lofte.core.models import Area
from tests.cases.conftest import submit_fault

pytestmark = pytest.mark.django_db


def _year(sjostad, street_lights, case_handler) -> list[Case]:  # noqa: ANN001
    """Four lights: answered after 1, 2, 3 and 10 days; two closed (one late); one merged duplicate."""
    area = Area.objects.create(organisation=sjostad, name="Centrum")
    start = timezone.now() - dt.timedelta(days=60)
    cases = []
    for i, days in enumerate([1, 2, 3, 10]):
        case = submit_fault(sjostad, street_lights, lat=58.5 + i / 100)
        Case.objects.filter(pk=case.pk).update(
            created_at=start + dt.timedelta(days=7 * i), due_at=start + dt.timedelta(days=7 * i + 5), area=area
        )
        case.refresh_from_db()
        case_reply(case=case, by=case_handler, text="Vi tittar på det.")
        Case.objects.filter(pk=case.pk).update(first_reply_at=case.created_at + dt.timedelta(days=days))
        cases.append(case)
    for case, days in [(cases[0], 4), (cases[1], 9)]:
        case_set_status(case=case, by=case_handler, status=Case.Status.CLOSED, message="Lampan är bytt.")
        Case.objects.filter(pk=case.pk).update(closed_at=case.created_at + dt.timedelta(days=days))
    duplicate = submit_fault(sjostad, street_lights, lat=58.5)
    case_merge(case=duplicate, into=cases[3], by=case_handler)
    return cases


def test_the_statistics_count_volumes_times_and_share_over_target(sjostad, street_lights, case_handler):
    _year(sjostad, street_lights, case_handler)
    today = timezone.localdate()
    stats = case_statistics(sjostad, first=today - dt.timedelta(days=364), last=today)
    assert (stats.total, stats.merged) == (4, 1)
    assert stats.by_category == [("Gatubelysning", 4)] and stats.by_area == [("Centrum", 4)]
    assert sum(n for _w, n in stats.by_week) == 4
    assert (stats.first_answer.count, stats.first_answer.median_days, stats.first_answer.p90_days) == (4, 2.5, 10.0)
    assert (stats.closing.count, stats.closing.median_days, stats.closing.p90_days) == (2, 6.5, 9.0)
    # Closed after 4 days (target 5): in time. Closed after 9: late. Two open, long past their targets: late.
    assert (stats.with_target, stats.over_target, stats.share_over_target) == (4, 3, 75.0)


def test_the_period_filter_leaves_out_cases_outside_it(sjostad, street_lights, case_handler):
    _year(sjostad, street_lights, case_handler)
    today = timezone.localdate()
    assert case_statistics(sjostad, first=today - dt.timedelta(days=10), last=today).total == 0


def test_nearest_rank_percentile_is_a_value_that_occurred():
    assert percentile([1, 2, 3, 10], 90) == 10
    assert percentile([5], 90) == 5
    assert percentile(list(range(1, 11)), 90) == 9


def _page_numbers(html: str) -> list[tuple[str, str, str]]:
    rows = []
    for table in re.findall(r"<table class=\"stats-table\">(.*?)</table>", html, re.S):
        section = unescape(re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S).group(1).strip())
        for name, value in re.findall(r"<th scope=\"row\">(.*?)</th><td data-stat>(.*?)</td>", table, re.S):
            rows.append(
                (section, unescape(name), unescape(value).replace(",", ".").replace("\xa0", "").replace("–", ""))
            )
    return rows


def test_the_csv_export_holds_exactly_the_numbers_of_the_page(login, case_handler, sjostad, street_lights):
    _year(sjostad, street_lights, case_handler)
    client = login(case_handler)
    today = timezone.localdate()
    query = {"fran": (today - dt.timedelta(days=364)).isoformat(), "till": today.isoformat()}
    page = client.get(reverse("cases:statistics", args=[sjostad.slug]), query)
    assert page.status_code == 200
    export = client.get(reverse("cases:statistics_csv", args=[sjostad.slug]), query)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["avsnitt", "namn", "värde"]
    on_page = _page_numbers(page.content.decode())
    assert len(on_page) > 20
    assert [tuple(line) for line in lines[1:]] == on_page
    assert ("Tider (dagar)", "Tid till första svar, median", "2.5") in on_page
    assert ("Totalt", "Andel över målet (%)", "75.0") in on_page


def test_a_period_that_ends_before_it_starts_is_refused(login, case_handler, sjostad):
    client = login(case_handler)
    url = reverse("cases:statistics", args=[sjostad.slug])
    assert client.get(url, {"fran": "2026-05-01", "till": "2026-01-01"}).status_code == 400
    export = client.get(
        reverse("cases:statistics_csv", args=[sjostad.slug]), {"fran": "2026-05-01", "till": "2026-01-01"}
    )
    assert export.status_code == 400


def test_a_police_member_sees_no_statistics_of_a_kommuns_cases(login, police_case_handler, sjostad):
    client = login(police_case_handler)
    assert client.get(reverse("cases:statistics", args=[sjostad.slug])).status_code == 404
    assert client.get(reverse("cases:statistics_csv", args=[sjostad.slug])).status_code == 404


def test_a_case_in_the_first_minutes_of_a_monday_in_stockholm_counts_in_that_week(sjostad, street_lights):
    case = submit_fault(sjostad, street_lights)
    sunday_night_utc = dt.datetime(2026, 3, 8, 23, 30, tzinfo=dt.UTC)  # Monday 00:30 in Stockholm (CET)
    Case.objects.filter(pk=case.pk).update(created_at=sunday_night_utc)
    stats = case_statistics(sjostad, first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 15))
    assert stats.by_week == [("2026-V09", 0), ("2026-V10", 0), ("2026-V11", 1)]
    assert stats.total == 1
