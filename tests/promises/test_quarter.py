"""The steering group's quarterly follow-up: done in the quarter and in total, status and forecast at its end."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lofte.promises.models import Commitment
from lofte.promises.quarter import Quarter, quarter_followup
from lofte.promises.services import activity_log


def _log(commitment, by, day: dt.date, count: int, planned: bool = False):
    return activity_log(
        commitment=commitment,
        by=by,
        occurred_on=day,
        what=f"Besök {day}",
        count=count,
        planned=planned,
        idempotency_key=uuid.uuid4(),
    )


def test_the_steering_group_sees_each_commitments_quarter_total_and_status(published, commitment, police_analyst):
    _log(commitment, police_analyst, dt.date(2021, 2, 10), 4)
    _log(commitment, police_analyst, dt.date(2021, 5, 3), 3)
    _log(commitment, police_analyst, dt.date(2021, 6, 20), 2)
    _log(commitment, police_analyst, dt.date(2021, 6, 28), 5, planned=True)
    _log(commitment, police_analyst, dt.date(2021, 8, 1), 6)
    [(focus, [row])] = quarter_followup(published, Quarter(2021, 2), today=dt.date(2022, 1, 10))
    assert (row.in_quarter, row.total) == (5, 9)  # planned does not count; after the quarter does not either
    assert row.quarter_percent == 12  # 5 of 40
    assert row.progress.percent == 22 and row.progress.track == "behind"  # half the year gone, 22 %
    assert [a.what for a in row.activities] == ["Besök 2021-05-03", "Besök 2021-06-20", "Besök 2021-06-28"]


def test_a_done_yes_no_commitment_shows_done(published, commitment, focus, sjostad_analyst):
    Commitment.objects.filter(pk=commitment.pk).update(target_kind="yes_no", target_value=None, status="done")
    [(_focus, [row])] = quarter_followup(published, Quarter(2021, 3), today=dt.date(2021, 9, 1))
    assert row.progress.track == "done" and row.quarter_percent is None


def test_the_quarter_page_is_printable_and_shows_the_quarters_activities(
    login, published, commitment, police_analyst, reader
):
    _log(commitment, police_analyst, dt.date(2021, 5, 3), 3)
    client = login(reader)
    url = reverse("promises:quarter", args=[published.partnership.slug, published.pk])
    page = client.get(url + "?kvartal=2021-2")
    assert page.status_code == 200
    assert "Uppföljning kvartal 2 2021" in page.text and "Besök 2021-05-03" in page.text
    assert "promise-followup.css" in page.text
    assert client.get(url + "?kvartal=junk").status_code == 200


def test_the_quarter_takes_the_same_number_of_queries_with_more_commitments(
    published, commitment, focus, police_analyst
):
    _log(commitment, police_analyst, dt.date(2021, 5, 3), 3)
    with CaptureQueriesContext(connection) as few:
        quarter_followup(published, Quarter(2021, 2))
    for i in range(5):
        Commitment.objects.create(
            focus_area=focus,
            what_sv=f"Åtagande {i}",
            owner="police",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
            target_kind="count",
            target_value=5,
        )
    with CaptureQueriesContext(connection) as many:
        quarter_followup(published, Quarter(2021, 2))
    assert len(many) == len(few)
