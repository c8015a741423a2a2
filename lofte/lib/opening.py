"""Opening hours: a week of time ranges, dated exceptions and the Swedish holidays, and whether it is open now.

The text form is what staff type: a day is "08:00–16:30" or "08:00–12:00, 13:00–16:30", empty for closed; an
exception is one line "2026-12-23 08:00–12:00 Dag före julafton" or "2026-12-28 stängt".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lofte.lib.holidays import closed_day_name

Ranges = tuple[tuple[dt.time, dt.time], ...]

_RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")
_EXCEPTION = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(.*)$")
_CLOSED_WORDS = {"stängt", "stängd", "closed"}


class HoursError(ValueError):
    """Text that is not opening hours; the message says what is wrong, in Swedish."""


def parse_ranges(text: str) -> Ranges:
    """ "08:00–12:00, 13:00–16:30" as ordered, non-overlapping ranges; "" or "stängt" is closed."""
    text = text.strip()
    if not text or text.lower() in _CLOSED_WORDS:
        return ()
    ranges = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise HoursError(_("”%(part)s” är inte en tid som 08:00–16:30.") % {"part": part.strip()})
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            opens, closes = dt.time(h1, m1), dt.time(h2, m2)
        except ValueError as error:
            raise HoursError(_("”%(part)s” har en tid som inte finns.") % {"part": part.strip()}) from error
        if closes <= opens:
            raise HoursError(_("”%(part)s”: stängningstiden måste vara efter öppningstiden.") % {"part": part.strip()})
        ranges.append((opens, closes))
    ranges.sort()
    for (_o1, c1), (o2, _c2) in zip(ranges, ranges[1:], strict=False):
        if o2 < c1:
            raise HoursError(_("Tiderna överlappar varandra."))
    return tuple(ranges)


def format_ranges(ranges: Ranges) -> str:
    return ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in ranges)


@dataclass(frozen=True)
class Exception_:
    day: dt.date
    ranges: Ranges
    note: str


def parse_exceptions(text: str) -> list[Exception_]:
    """One exception a line: a date, then hours or "stängt", then an optional note."""
    exceptions: dict[dt.date, Exception_] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _EXCEPTION.match(line)
        if not match:
            raise HoursError(_("Rad %(n)s: börja med ett datum som 2026-12-23.") % {"n": number})
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError as error:
            raise HoursError(
                _("Rad %(n)s: %(date)s är inget datum.") % {"n": number, "date": match.group(1)}
            ) from error
        rest = match.group(2).strip()
        word, _space, note = rest.partition(" ")
        if word.lower() in _CLOSED_WORDS:
            ranges: Ranges = ()
        else:
            hours = re.match(r"^([\d:.,\s–—-]+?)(?:\s+([^\d].*))?$", rest)
            if not hours:
                raise HoursError(_("Rad %(n)s: skriv tider som 08:00–12:00 eller ”stängt”.") % {"n": number})
            try:
                ranges = parse_ranges(hours.group(1))
            except HoursError as error:
                raise HoursError(_("Rad %(n)s: %(error)s") % {"n": number, "error": error}) from error
            note = hours.group(2) or ""
        if day in exceptions:
            raise HoursError(_("Rad %(n)s: %(day)s står redan på en annan rad.") % {"n": number, "day": day})
        exceptions[day] = Exception_(day=day, ranges=ranges, note=note.strip())
    return sorted(exceptions.values(), key=lambda e: e.day)


@dataclass(frozen=True)
class Day:
    day: dt.date
    ranges: Ranges
    note: str  # the holiday's or the exception's name, empty on an ordinary day


def hours_on(day: dt.date, *, week: dict[int, Ranges], exceptions: dict[dt.date, Exception_]) -> Day:
    """The hours of ``day``: an exception first, then a holiday (closed), then the weekday's."""
    if day in exceptions:
        return Day(day, exceptions[day].ranges, exceptions[day].note)
    holiday = closed_day_name(day)
    if holiday:
        return Day(day, (), holiday)
    return Day(day, week.get(day.weekday(), ()), "")


def is_open(at: dt.datetime, *, week: dict[int, Ranges], exceptions: dict[dt.date, Exception_]) -> bool:
    """Whether ``at`` (local time) falls in one of the day's ranges (closing time excluded)."""
    hours = hours_on(at.date(), week=week, exceptions=exceptions)
    now = at.time()
    return any(opens <= now < closes for opens, closes in hours.ranges)
