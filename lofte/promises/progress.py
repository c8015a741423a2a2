"""Progress toward a commitment's target, its status and a forecast from the pace so far: pure functions.

No Django import: the follow-up view, the public page and the JSON export all compute with these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

COUNT = "count"
YES_NO = "yes_no"
SURVEY = "survey"

# How far behind the straight line from start to end a commitment may be before it counts as behind.
BEHIND_MARGIN = 10


class Track(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Progress:
    percent: int | None  # None when the target cannot be measured yet (no target, no survey measurement)
    track: Track
    forecast: float | None  # the count at the end at the pace so far (count targets only)
    forecast_done_on: dt.date | None  # the day the target is reached at that pace, if it is before the end


def progress_percent(
    *,
    target_kind: str,
    target_value: float | None,
    done_count: int = 0,
    achieved: bool = False,
    baseline_value: float | None = None,
    measured_value: float | None = None,
) -> int | None:
    """0–100. A count: done over target. Yes/no: 0 or 100. A survey measure: the share of the way from the
    baseline to the target that the latest measurement has come (either direction; the 0–6 index falls)."""
    if target_kind == YES_NO:
        return 100 if achieved else 0
    if target_kind == COUNT:
        if not target_value or target_value <= 0:
            return None
        return _clamp(done_count / target_value * 100)
    if target_kind == SURVEY:
        if target_value is None or baseline_value is None or measured_value is None:
            return None
        distance = baseline_value - target_value
        if distance == 0:
            return 100
        return _clamp((baseline_value - measured_value) / distance * 100)
    raise ValueError(f"unknown target kind {target_kind!r}")


def expected_percent(*, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> int:
    """Where a steady pace would be today: the share of the period gone."""
    if today < starts_on:
        return 0
    if today >= ends_on:
        return 100
    total = (ends_on - starts_on).days + 1
    return _clamp(((today - starts_on).days + 1) / total * 100)


def track(*, percent: int | None, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> Track:
    if percent is not None and percent >= 100:
        return Track.DONE
    if today < starts_on:
        return Track.NOT_STARTED
    expected = expected_percent(starts_on=starts_on, ends_on=ends_on, today=today)
    if percent is None:
        # Nothing to measure yet (a survey measure before its next round): behind only once the period is over.
        return Track.BEHIND if today > ends_on else Track.ON_TRACK
    return Track.BEHIND if percent < expected - BEHIND_MARGIN else Track.ON_TRACK


def forecast_count(
    *, done_count: int, target_value: float | None, starts_on: dt.date, ends_on: dt.date, today: dt.date
) -> tuple[float | None, dt.date | None]:
    """The count at the end of the period at the pace so far, and the day the target is reached at that pace
    (None when it is not reached by the end, or already reached)."""
    if today < starts_on or done_count <= 0:
        return (None if today < starts_on else 0.0), None
    elapsed = (min(today, ends_on) - starts_on).days + 1
    total = (ends_on - starts_on).days + 1
    per_day = done_count / elapsed
    at_end = round(per_day * total, 1)
    reached_on = None
    if target_value and done_count < target_value:
        days_needed = int(-(-target_value // per_day))  # ceiling
        day = starts_on + dt.timedelta(days=days_needed - 1)
        if day <= ends_on:
            reached_on = day
    return at_end, reached_on


def progress(
    *,
    target_kind: str,
    target_value: float | None,
    starts_on: dt.date,
    ends_on: dt.date,
    today: dt.date,
    done_count: int = 0,
    achieved: bool = False,
    baseline_value: float | None = None,
    measured_value: float | None = None,
) -> Progress:
    percent = progress_percent(
        target_kind=target_kind,
        target_value=target_value,
        done_count=done_count,
        achieved=achieved,
        baseline_value=baseline_value,
        measured_value=measured_value,
    )
    at_end, reached_on = (None, None)
    if target_kind == COUNT:
        at_end, reached_on = forecast_count(
            done_count=done_count, target_value=target_value, starts_on=starts_on, ends_on=ends_on, today=today
        )
    return Progress(
        percent=percent,
        track=track(percent=percent, starts_on=starts_on, ends_on=ends_on, today=today),
        forecast=at_end,
        forecast_done_on=reached_on,
    )


def _clamp(value: float) -> int:
    return max(0, min(100, int(value)))
