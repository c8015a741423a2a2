"""The demo's promises: Sjöstad 2017–2021, published with both parties' signatures and activities, 2017–2020
evaluated and 2021 in follow-up, once."""

from __future__ import annotations

import random

from lofte.core import demo as core_demo
from lofte.promises import demo
from lofte.promises.models import Activity, Evaluation, EvaluationVersion, Promise
from lofte.promises.selectors import promise_outline
from lofte.situation import demo as situation_demo
from lofte.situation.services import report_compute


def test_the_demo_publishes_five_years_evaluates_four_and_twice_adds_nothing(db, settings):
    ctx = core_demo.DemoContext(seed=2020, rng=random.Random(2020))
    core_demo.load(ctx)
    situation_demo.load(ctx)
    # Without the dialogue campaigns the lägesbild has no years of its own: compute the ones the evaluations read.
    for year in range(2016, 2021):
        report_compute(partnership=ctx.partnership, year=year, by=None)
    demo.load(ctx)
    promises = Promise.objects.filter(partnership__slug="sjostad").order_by("start_year")
    assert [p.start_year for p in promises] == [2017, 2018, 2019, 2020, 2021]
    assert [p.status for p in promises] == ["evaluated"] * 4 + ["published"]
    evaluations = Evaluation.objects.filter(published_at__isnull=False).order_by("promise__start_year")
    assert [e.promise.start_year for e in evaluations] == [2017, 2018, 2019, 2020]
    for evaluation in evaluations:
        version = evaluation.versions.get()
        assert version.agreements.count() == 2
        assert version.figures["comparison"]["available"]  # the lägesbild of the year before and of the year
        assert all(f["areas"] for f in version.figures["focus_areas"])
        assert any(m["rest"] for f in version.figures["focus_areas"] for m in f["measures"])
    assert any(
        v.figures["summary"]["reached"] < v.figures["summary"]["commitments"] for v in EvaluationVersion.objects.all()
    )
    assert all(p.is_public and p.approvals.count() == 2 for p in promises)
    assert all(p.published_at.year == p.start_year - 1 for p in promises)
    activities = Activity.objects.count()
    assert activities > 100
    rows = [row for _fa, rows in promise_outline(promises[0]) for row in rows]
    assert any(row.progress.percent and row.progress.percent >= 60 for row in rows)

    demo.load(ctx)
    assert Promise.objects.count() == 5 and Activity.objects.count() == activities
    assert EvaluationVersion.objects.count() == 4
