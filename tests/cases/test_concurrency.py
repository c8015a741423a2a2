"""Reference numbers under real concurrency: many residents at once, each case its own number, retries once.

Threads need a database that takes concurrent writers: run on PostgreSQL
(DATABASE_URL=postgres://… pytest tests/cases/test_concurrency.py); skipped on SQLite.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from lofte.cases.models import Case, CaseKind
from lofte.cases.services import case_submit

pytestmark = pytest.mark.django_db(transaction=True)
RESIDENTS = 16


def test_simultaneous_submissions_get_unique_numbers_and_a_retry_stores_once(sjostad, street_lights):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    keys = [uuid.uuid4() for _ in range(RESIDENTS)]
    start = threading.Barrier(RESIDENTS * 2)
    errors: list[BaseException] = []

    def submit(key: uuid.UUID) -> None:
        try:
            start.wait()
            case_submit(
                organisation=sjostad,
                kind=CaseKind.FAULT,
                category=street_lights,
                message="Mörkt",
                idempotency_key=key,
                address="Storgatan",
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    # Every resident sends twice at the same moment (a double press on a slow connection).
    threads = [threading.Thread(target=submit, args=(key,)) for key in keys for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Case.objects.count() == RESIDENTS
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == list(range(1, RESIDENTS + 1))
