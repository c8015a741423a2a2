"""Swedish public holidays (helgdagar, lag 1989:253) and the eves offices close on, for "open now".

Pure date arithmetic: Easter by the Gregorian computus, the moving Saturdays (midsommardagen, alla helgons dag)
by their windows. The eves (julafton, nyårsafton, midsommarafton, påskafton) are not holidays by law, but
public offices close on them as if they were, so a contact centre's "open now" treats them alike.
"""

from __future__ import annotations

import datetime as dt
from functools import cache


def easter_sunday(year: int) -> dt.date:
    """Påskdagen (Anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _saturday_between(start: dt.date) -> dt.date:
    """The Saturday in the seven days from ``start``."""
    return start + dt.timedelta(days=(5 - start.weekday()) % 7)


@cache
def closed_days(year: int) -> dict[dt.date, str]:
    """Every helgdag and closing eve of ``year``, with its Swedish name."""
    easter = easter_sunday(year)
    midsommardagen = _saturday_between(dt.date(year, 6, 20))
    days = {
        dt.date(year, 1, 1): "Nyårsdagen",
        dt.date(year, 1, 6): "Trettondedag jul",
        easter - dt.timedelta(days=2): "Långfredagen",
        easter - dt.timedelta(days=1): "Påskafton",
        easter: "Påskdagen",
        easter + dt.timedelta(days=1): "Annandag påsk",
        dt.date(year, 5, 1): "Första maj",
        easter + dt.timedelta(days=39): "Kristi himmelsfärds dag",
        easter + dt.timedelta(days=49): "Pingstdagen",
        dt.date(year, 6, 6): "Sveriges nationaldag",
        midsommardagen - dt.timedelta(days=1): "Midsommarafton",
        midsommardagen: "Midsommardagen",
        _saturday_between(dt.date(year, 10, 31)): "Alla helgons dag",
        dt.date(year, 12, 24): "Julafton",
        dt.date(year, 12, 25): "Juldagen",
        dt.date(year, 12, 26): "Annandag jul",
        dt.date(year, 12, 31): "Nyårsafton",
    }
    return days


def closed_day_name(day: dt.date) -> str | None:
    """The holiday or eve ``day`` is, or None for an ordinary day."""
    return closed_days(day.year).get(day)
