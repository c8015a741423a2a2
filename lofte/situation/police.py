"""The police's public events list: parsing a capture, and mapping event types to themes.

Pure functions, no database: `parse_police_feed` turns the bytes of one capture into events and rejections,
`police_event_theme` maps a type to a theme id. The import service (`services.police_events_import`) stores.

The feed is messier than its documentation (`/shared/domain.md`, "Police events feed"): a UTF-8 byte-order
mark; hours not zero-padded ("2018-04-13 9:58:49 +02:00") with winter and summer offsets in one file;
`location.name` a county ("Västra Götalands län") with the kommun only as the last part of `name`, spelt in
another case; relative URLs; summaries cut mid-word (kept as they are); events in no particular order.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from lofte.situation.kommuner import Kommun, resolve_county, resolve_kommun

POLICE_SITE = "https://polisen.se"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
THEMES_DATA = Path(__file__).with_name("data") / "police_event_themes.csv"

# Model field lengths (situation.PoliceEvent): longer texts are cut, as the feed cuts its own summaries.
NAME_MAX, KIND_MAX, LOCATION_MAX, URL_MAX = 300, 120, 120, 500

_DATETIME = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)\s*$"
)
_NAME_TIME = re.compile(r"^\s*(\d{1,2})\s+([a-zåäö]+)\s+(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}


class PoliceFeedError(Exception):
    """A file that is not a capture of the events list at all: nothing of it may be stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    police_id: int
    published_at: dt.datetime
    occurred_at: dt.datetime | None
    name: str
    kind: str
    kommun: str | None
    kommunkod: str | None
    county: str
    location_name: str
    summary: str
    url: str
    lat: float | None
    lng: float | None

    def fields(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copies cost seconds on 50,000 events.
        return {name: getattr(self, name) for name in self.__slots__}

    @property
    def content_hash(self) -> str:
        """What the police published, so an identical capture is recognised; derived fields are left out."""
        published = [
            self.published_at.astimezone(dt.UTC).isoformat(),
            self.name,
            self.kind,
            self.location_name,
            self.summary,
            self.url,
            self.lat,
            self.lng,
        ]
        return hashlib.sha256(json.dumps(published, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Rejection:
    position: int  # 1-based position of the event in its file
    police_id: int | None
    reason: str
    filename: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _Bad(Exception):
    pass


def parse_police_feed(data: bytes, *, filename: str = "") -> tuple[list[ParsedEvent], list[Rejection]]:
    """Every usable event of one capture, in file order, and the reason for each unusable one.

    Raises PoliceFeedError when the file is not the list's format at all (not UTF-8 JSON, not an array, no
    element that looks like an event).
    """
    label = filename or _("filen")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PoliceFeedError(
            _("%(file)s är inte UTF-8-kodad text (fel vid byte %(at)s) och är inte polisens händelselista.")
            % {"file": label, "at": error.start}
        ) from error
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise PoliceFeedError(
            _("%(file)s är inte giltig JSON (rad %(line)s, kolumn %(column)s: %(error)s). Inget sparades.")
            % {"file": label, "line": error.lineno, "column": error.colno, "error": error.msg}
        ) from error
    if not isinstance(payload, list):
        raise PoliceFeedError(
            _("%(file)s ska vara en lista av händelser (en JSON-array) som polisens händelselista. Inget sparades.")
            % {"file": label}
        )
    if payload and not any(isinstance(item, dict) and "id" in item and "datetime" in item for item in payload):
        raise PoliceFeedError(
            _("Ingen post i %(file)s har polisens fält id och datetime: filen är inte polisens händelselista.")
            % {"file": label}
        )
    events: list[ParsedEvent] = []
    rejections: list[Rejection] = []
    for position, item in enumerate(payload, start=1):
        police_id = item.get("id") if isinstance(item, dict) else None
        try:
            events.append(parse_police_event(item))
        except _Bad as error:
            rejections.append(
                Rejection(
                    position=position,
                    police_id=police_id if isinstance(police_id, int) and not isinstance(police_id, bool) else None,
                    reason=str(error),
                    filename=filename,
                )
            )
    return events, rejections


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(_("fältet %(field)s är inte text") % {"field": key})
    return value.strip()


def parse_police_event(item: Any) -> ParsedEvent:
    if not isinstance(item, dict):
        raise _Bad(_("posten är inte ett objekt"))
    police_id = item.get("id")
    if isinstance(police_id, str) and police_id.strip().isdecimal():
        police_id = int(police_id)
    if not isinstance(police_id, int) or isinstance(police_id, bool) or police_id <= 0:
        raise _Bad(_("id saknas eller är inte ett positivt heltal"))
    raw_time = item.get("datetime")
    published_at = parse_feed_datetime(raw_time) if isinstance(raw_time, str) else None
    if published_at is None:
        raise _Bad(_("datetime saknas eller kan inte läsas: %(value)r") % {"value": raw_time})
    name = _text(item, "name")
    kind = _text(item, "type")
    if not name:
        raise _Bad(_("name saknas"))
    if not kind:
        raise _Bad(_("type saknas"))
    location = item.get("location") or {}
    if not isinstance(location, dict):
        raise _Bad(_("location är inte ett objekt"))
    location_name = _text(location, "name")
    kommun, county = place_of(location_name=location_name, name=name)
    lat, lng = parse_gps(location.get("gps"))
    return ParsedEvent(
        police_id=police_id,
        published_at=published_at,
        occurred_at=occurred_from_name(name, published_at=published_at),
        name=name[:NAME_MAX],
        kind=kind[:KIND_MAX],
        kommun=kommun.name if kommun else None,
        kommunkod=kommun.code if kommun else None,
        county=county,
        location_name=location_name[:LOCATION_MAX],
        summary=_text(item, "summary"),
        url=absolute_url(_text(item, "url")),
        lat=lat,
        lng=lng,
    )


def parse_feed_datetime(value: str) -> dt.datetime | None:
    """'2018-04-13 9:58:49 +02:00' (hour not zero-padded) → an aware datetime; None if it is not one."""
    match = _DATETIME.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    if offset == "Z":
        tz = dt.UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14 or minutes > 59:
            return None
        tz = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:
        return None


def occurred_from_name(name: str, *, published_at: dt.datetime) -> dt.datetime | None:
    """'13 april 09.58, Trafikolycka, Härryda' → 13 April 09:58 Swedish time, in the year of publication,
    or the year before when that would lie after the publication (an event published 1 January that names
    31 December). None when the name gives no day and time."""
    match = _NAME_TIME.match(name)
    if not match:
        return None
    day, month_name, hour, minute = match.groups()
    month = MONTHS.get(month_name.casefold())
    if month is None:
        return None
    published_local = published_at.astimezone(STOCKHOLM)
    for year in (published_local.year, published_local.year - 1):
        try:
            candidate = dt.datetime(year, month, int(day), int(hour), int(minute), tzinfo=STOCKHOLM)
        except ValueError:
            return None
        # A day's slack: the police's clock and the name's are not always the same minute.
        if candidate <= published_local + dt.timedelta(days=1):
            return candidate
    return None


def place_of(*, location_name: str, name: str) -> tuple[Kommun | None, str]:
    """(kommun or None, county name) for an event. When the feed's location is a county, the kommun is the
    last part of the event's name ("…, Härryda"); an event that names only the county has no kommun."""
    county = resolve_county(location_name)
    if county is None:
        kommun = resolve_kommun(location_name)
        if kommun is not None:
            return kommun, kommun.county
    last = name.rsplit(",", 1)[-1].strip() if "," in name else ""
    kommun = resolve_kommun(last) if last and resolve_county(last) is None else None
    if kommun is not None and (county is None or kommun.county == county):
        return kommun, kommun.county
    return None, county or ""


def parse_gps(value: Any) -> tuple[float | None, float | None]:
    """'57.691744,12.294416' → (57.691744, 12.294416); anything else → (None, None)."""
    if not isinstance(value, str) or value.count(",") != 1:
        return None, None
    try:
        lat, lng = (float(part) for part in value.split(","))
    except ValueError:
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None
    return lat, lng


def absolute_url(value: str) -> str:
    """Relative paths of the feed ('/aktuellt/handelser/…') on polisen.se; only http(s) addresses are kept."""
    if not value:
        return ""
    if value.startswith("/") and not value.startswith("//"):
        url = POLICE_SITE + value  # the common case, without urljoin's cost on 50,000 events
    elif value.startswith(("https://", "http://")):
        url = value
    else:
        url = urljoin(POLICE_SITE + "/", value)
        if urlsplit(url).scheme not in ("http", "https"):
            return ""
    return url if len(url) <= URL_MAX else ""


# --- Types → themes -----------------------------------------------------------------------------------------


def _kind_key(kind: str) -> str:
    return " ".join(kind.casefold().replace(",", " ").split())


@cache
def police_event_themes() -> dict[str, str | None]:
    """{normalised type: theme id or None}, from the shipped `data/police_event_themes.csv`."""
    with THEMES_DATA.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {_kind_key(row["typ"]): (row["tema"].strip() or None) for row in csv.DictReader(lines)}


def police_event_theme(kind: str) -> str | None:
    """The theme id of a police event type ('Misshandel' → 'vald_hot'), or None when it has none."""
    return police_event_themes().get(_kind_key(kind))
