"""Progress, status and forecast: pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.promises.progress import Track, forecast_count, progress, progress_percent

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def test_count_progress_is_done_over_target_capped_at_100():
    assert progress_percent(target_kind="count", target_value=40, done_count=10) == 25
    assert progress_percent(target_kind="count", target_value=40, done_count=90) == 100
    assert progress_percent(target_kind="count", target_value=None, done_count=5) is None


def test_yes_no_progress_is_all_or_nothing():
    assert progress_percent(target_kind="yes_no", target_value=None, achieved=False) == 0
    assert progress_percent(target_kind="yes_no", target_value=None, achieved=True) == 100


def test_survey_progress_is_the_share_of_the_way_from_baseline_to_target_on_a_falling_index():
    # Index 3.0 → target 2.0, measured 2.5: half way.
    assert progress_percent(target_kind="survey", target_value=2.0, baseline_value=3.0, measured_value=2.5) == 50
    # Worse than the baseline is no progress, not negative.
    assert progress_percent(target_kind="survey", target_value=2.0, baseline_value=3.0, measured_value=3.4) == 0
    assert progress_percent(target_kind="survey", target_value=2.0, baseline_value=3.0, measured_value=None) is None


def test_unknown_target_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        progress_percent(target_kind="vibes", target_value=1)


def test_half_way_through_the_year_with_half_done_is_on_track_and_forecast_reaches_the_target():
    result = progress(
        target_kind="count", target_value=40, starts_on=START, ends_on=END, today=dt.date(2021, 7, 1), done_count=20
    )
    assert result.percent == 50
    assert result.track == Track.ON_TRACK
    assert result.forecast == pytest.approx(40, abs=1)
    assert result.forecast_done_on is not None and result.forecast_done_on <= END


def test_far_below_the_straight_line_is_behind_and_forecast_falls_short():
    result = progress(
        target_kind="count", target_value=40, starts_on=START, ends_on=END, today=dt.date(2021, 10, 1), done_count=5
    )
    assert result.track == Track.BEHIND
    assert result.forecast is not None and result.forecast < 40
    assert result.forecast_done_on is None


def test_reaching_the_target_is_done_and_before_the_start_is_not_started():
    done = progress(
        target_kind="count", target_value=4, starts_on=START, ends_on=END, today=dt.date(2021, 3, 1), done_count=4
    )
    assert done.track == Track.DONE
    early = progress(target_kind="count", target_value=4, starts_on=START, ends_on=END, today=dt.date(2020, 12, 1))
    assert early.track == Track.NOT_STARTED
    assert early.forecast is None


def test_a_survey_measure_not_yet_measured_is_on_track_until_the_period_ends():
    during = progress(
        target_kind="survey", target_value=2, baseline_value=3, starts_on=START, ends_on=END, today=dt.date(2021, 6, 1)
    )
    assert during.percent is None and during.track == Track.ON_TRACK
    after = progress(
        target_kind="survey", target_value=2, baseline_value=3, starts_on=START, ends_on=END, today=dt.date(2022, 1, 10)
    )
    assert after.track == Track.BEHIND


def test_forecast_with_nothing_done_is_zero_at_the_end():
    assert forecast_count(done_count=0, target_value=10, starts_on=START, ends_on=END, today=dt.date(2021, 5, 1)) == (
        0.0,
        None,
    )
