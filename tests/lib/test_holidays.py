"""Swedish public holidays and the eves offices close on, year by year."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.lib.holidays import closed_day_name, closed_days, easter_sunday

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2019, D(2019, 4, 21)),
        (2020, D(2020, 4, 12)),
        (2021, D(2021, 4, 4)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday_by_the_gregorian_computus(year, easter):
    assert easter_sunday(year) == easter


def test_every_closed_day_of_2021_with_its_name():
    assert closed_days(2021) == {
        D(2021, 1, 1): "Nyårsdagen",
        D(2021, 1, 6): "Trettondedag jul",
        D(2021, 4, 2): "Långfredagen",
        D(2021, 4, 3): "Påskafton",
        D(2021, 4, 4): "Påskdagen",
        D(2021, 4, 5): "Annandag påsk",
        D(2021, 5, 1): "Första maj",
        D(2021, 5, 13): "Kristi himmelsfärds dag",
        D(2021, 5, 23): "Pingstdagen",
        D(2021, 6, 6): "Sveriges nationaldag",
        D(2021, 6, 25): "Midsommarafton",
        D(2021, 6, 26): "Midsommardagen",
        D(2021, 11, 6): "Alla helgons dag",
        D(2021, 12, 24): "Julafton",
        D(2021, 12, 25): "Juldagen",
        D(2021, 12, 26): "Annandag jul",
        D(2021, 12, 31): "Nyårsafton",
    }


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2024, 6, 21), "Midsommarafton"),  # the Friday of 19–25 June
        (D(2024, 6, 22), "Midsommardagen"),
        (D(2026, 6, 19), "Midsommarafton"),
        (D(2027, 6, 25), "Midsommarafton"),
        (D(2024, 11, 2), "Alla helgons dag"),  # the Saturday of 31 October–6 November
        (D(2026, 10, 31), "Alla helgons dag"),
        (D(2025, 11, 1), "Alla helgons dag"),
        (D(2024, 5, 9), "Kristi himmelsfärds dag"),  # Easter + 39, always a Thursday
        (D(2026, 5, 14), "Kristi himmelsfärds dag"),
        (D(2025, 4, 18), "Långfredagen"),
        (D(2025, 4, 19), "Påskafton"),
        (D(2025, 4, 21), "Annandag påsk"),
        (D(2026, 5, 24), "Pingstdagen"),
    ],
)
def test_moving_holidays_fall_on_their_day(day, name):
    assert closed_day_name(day) == name


def test_ordinary_days_are_not_holidays():
    assert closed_day_name(D(2026, 12, 23)) is None
    assert closed_day_name(D(2026, 6, 18)) is None
    assert closed_day_name(D(2026, 11, 1)) is None  # the Sunday after alla helgons dag is an ordinary Sunday


def test_the_moving_days_have_the_right_weekday_for_decades():
    for year in range(2000, 2060):
        days = {name: day for day, name in closed_days(year).items()}
        assert days["Midsommarafton"].weekday() == 4 and D(year, 6, 19) <= days["Midsommarafton"] <= D(year, 6, 25)
        assert days["Alla helgons dag"].weekday() == 5
        assert D(year, 10, 31) <= days["Alla helgons dag"] <= D(year, 11, 6)
        assert days["Kristi himmelsfärds dag"].weekday() == 3
        assert days["Långfredagen"].weekday() == 4 and days["Påskdagen"].weekday() == 6
