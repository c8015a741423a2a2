"""Opening hours as staff type them, and whether the contact centre is open at a given moment."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.lib.opening import HoursError, hours_on, is_open, parse_exceptions, parse_ranges

T = dt.time
WEEK = {d: ((T(8), T(16, 30)),) for d in range(4)} | {4: ((T(8), T(12)), (T(13), T(15)))}


def test_ranges_are_parsed_sorted_and_checked():
    assert parse_ranges("13:00-16:30, 8.00–12.00") == ((T(8), T(12)), (T(13), T(16, 30)))
    assert parse_ranges("") == () and parse_ranges("Stängt") == ()
    for bad in ("8-16", "16:00–08:00", "08:00–12:00, 11:00–13:00", "25:00–26:00"):
        with pytest.raises(HoursError):
            parse_ranges(bad)


def test_exceptions_one_a_line_with_a_note():
    exceptions = parse_exceptions("2026-12-23 08:00–12:00 Dag före julafton\n\n2026-12-28 stängt Mellandagar\n")
    assert [(e.day, e.ranges, e.note) for e in exceptions] == [
        (dt.date(2026, 12, 23), ((T(8), T(12)),), "Dag före julafton"),
        (dt.date(2026, 12, 28), (), "Mellandagar"),
    ]
    for bad in (
        "23 december stängt",
        "2026-13-01 stängt",
        "2026-12-23 åtta till tolv",
        "2026-12-23 stängt\n2026-12-23 stängt",
    ):
        with pytest.raises(HoursError):
            parse_exceptions(bad)


def test_open_within_the_hours_and_closed_at_closing_time_lunch_and_weekends():
    assert is_open(dt.datetime(2026, 12, 1, 8, 0), week=WEEK, exceptions={})  # a Tuesday
    assert not is_open(dt.datetime(2026, 12, 1, 16, 30), week=WEEK, exceptions={})
    assert not is_open(dt.datetime(2026, 12, 4, 12, 30), week=WEEK, exceptions={})  # Friday lunch
    assert not is_open(dt.datetime(2026, 12, 5, 10, 0), week=WEEK, exceptions={})  # Saturday


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 6, 19),  # midsommarafton, a Friday
        dt.date(2026, 4, 3),  # långfredagen
        dt.date(2026, 4, 6),  # annandag påsk, a Monday
        dt.date(2026, 5, 14),  # Kristi himmelsfärds dag, a Thursday
        dt.date(2026, 12, 24),  # julafton, a Thursday
        dt.date(2026, 1, 6),  # trettondedag jul, a Tuesday
    ],
)
def test_closed_on_holidays_and_eves_that_fall_on_a_weekday(day):
    assert day.weekday() < 5
    assert not is_open(dt.datetime.combine(day, T(10)), week=WEEK, exceptions={})
    assert hours_on(day, week=WEEK, exceptions={}).note


def test_an_exception_overrides_the_weekday_and_a_holiday():
    (short,) = parse_exceptions("2026-12-23 08:00–12:00 Dag före julafton")
    (open_eve,) = parse_exceptions("2026-12-24 09:00–11:00 Öppet julafton")
    exceptions = {short.day: short, open_eve.day: open_eve}
    assert not is_open(dt.datetime(2026, 12, 23, 13, 0), week=WEEK, exceptions=exceptions)
    assert is_open(dt.datetime(2026, 12, 24, 10, 0), week=WEEK, exceptions=exceptions)
    assert hours_on(dt.date(2026, 12, 23), week=WEEK, exceptions=exceptions).note == "Dag före julafton"
