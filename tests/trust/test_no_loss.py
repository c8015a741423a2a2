"""No loss, no duplicates, no 5xx: the web survey under concurrent residents behind gunicorn on SQLite.

A small-scale run of bench/load.py: 2 sync workers, 20 residents at once each sending 8 answers, with retries
under the same idempotency key after forced client timeouts, double clicks, and a graceful restart (HUP) in the
middle. Every acknowledged answer must be stored exactly once and no request may get a 5xx.
"""

from __future__ import annotations

import contextlib

from bench.load import run_survey_load, serve, stored_keys
from tests.trust.postgres import POSTGRES, postgres_databases


def test_every_acknowledged_answer_is_stored_once_and_none_fails_under_concurrency_and_a_reload():
    """On SQLite, or on a fresh PostgreSQL database when the tests run on PostgreSQL."""
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(postgres_databases("load"))[0] if POSTGRES.startswith("postgres") else None
        server = stack.enter_context(serve(workers=2, static=False, task_worker=False, database_url=database_url))
        results, _ = run_survey_load(
            server, residents=20, answers=8, open_form=False, double_click=0.15, client_timeout=0.05, reload_after=1.0
        )
        stored = stored_keys(server)
    assert results.server_errors == 0, results.errors[:5]
    assert results.errors == [] and results.given_up == 0
    assert len(results.acknowledged) == results.answers == 160
    assert results.sent > results.answers  # retries and double clicks happened
    assert set(stored) == results.acknowledged  # nothing lost, nothing stored that was not acknowledged
    assert all(count == 1 for count in stored.values())  # nothing duplicated


def test_residents_on_every_channel_and_staff_at_work_lose_nothing_and_see_no_5xx():
    """bench/mixed_load.py at a small scale: the web survey, Tyck till, Felanmälan, the field form's queue and
    staff notes at once, with the inbox and cases read between them."""
    from bench.mixed_load import MIXED_SEED, run_mixed, stored_check

    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(postgres_databases("mixed"))[0] if POSTGRES.startswith("postgres") else None
        seed = MIXED_SEED.replace("{staff}", "4")
        server = stack.enter_context(serve(workers=2, task_worker=False, database_url=database_url, seed=seed))
        tally, _ = run_mixed(server, residents=12, staff=4, seconds=8)
        stored = stored_check(server, tally, seed_cases=20)
    statuses = {name: dict(channel.status) for name, channel in tally.channels.items()}
    assert all(status and status < 500 for channel in statuses.values() for status in channel), statuses
    for name, (acknowledged, stored_count, lost, duplicated) in stored.items():
        assert acknowledged > 0, f"{name}: nothing sent"
        assert (lost, duplicated) == (0, 0), f"{name}: {lost} lost, {duplicated} duplicated"
        assert stored_count == acknowledged, name
        assert tally.channels[name].given_up == 0, name
