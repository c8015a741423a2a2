"""Local calendar days as ranges of aware datetimes, safe at the ends of the calendar.

A date filter of 0001-01-01 starts before the first instant a datetime can hold in UTC, and one of 9999-12-31
ends after the last: converting either is an OverflowError. Such a bound excludes nothing, so it is dropped.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_midnight(day: dt.date) -> dt.datetime | None:
    """The start of ``day`` in the current time zone, or None when that instant cannot be held in UTC."""
    try:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        moment.astimezone(dt.UTC)  # what the database adapter does; overflows at the calendar's ends
    except OverflowError:
        return None
    return moment


def day_range(first: dt.date | None, last: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``[start, end)`` covering the local days ``first`` to ``last`` inclusive; a bound that is missing or
    beyond what a datetime holds is None (no limit on that side)."""
    start = local_midnight(first) if first else None
    end = None
    if last:
        try:
            end = local_midnight(last + dt.timedelta(days=1))
        except OverflowError:  # the day after 9999-12-31
            end = None
    return start, end
