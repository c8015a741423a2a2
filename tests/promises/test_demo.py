"""The demo's promises: Sjöstad 2017–2020, published with both parties' signatures and activities, once."""

from __future__ import annotations

import random

from lofte.core import demo as core_demo
from lofte.promises import demo
from lofte.promises.models import Activity, Promise
from lofte.promises.selectors import promise_outline


def test_the_demo_publishes_four_years_with_activities_and_twice_adds_nothing(db, settings):
    ctx = core_demo.DemoContext(seed=2020, rng=random.Random(2020))
    core_demo.load(ctx)
    demo.load(ctx)
    promises = Promise.objects.filter(partnership__slug="sjostad").order_by("start_year")
    assert [p.start_year for p in promises] == [2017, 2018, 2019, 2020]
    assert all(p.is_public and p.approvals.count() == 2 for p in promises)
    assert all(p.published_at.year == p.start_year - 1 for p in promises)
    activities = Activity.objects.count()
    assert activities > 100
    rows = [row for _fa, rows in promise_outline(promises[0]) for row in rows]
    assert any(row.progress.percent and row.progress.percent >= 60 for row in rows)

    demo.load(ctx)
    assert Promise.objects.count() == 4 and Activity.objects.count() == activities
