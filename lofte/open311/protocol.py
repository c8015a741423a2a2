"""The wire format of Open311 GeoReport v2: datetimes in and out, JSON and XML documents, errors.

No Django models here. JSON follows the spec's "Spark convention" (a container of one repeated element is an
array), XML the spec's normative element names with no namespace. Empty optional fields are left out of both
formats: the official swagger refuses `null` and the rest-validator refuses it for most fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from xml.sax.saxutils import escape  # nosec B406 - escapes what we write; no XML is parsed here
from zoneinfo import ZoneInfo

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Containers whose children are one repeated element: the XML child's name (JSON has an array instead).
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "locales": "locale",
    "media_urls": "media_url",
}

# Characters XML 1.0 cannot carry at all, not even escaped (a resident's pasted text can hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Invalid(ValueError):
    """A parameter that cannot be understood: the message goes to the client in a 400 error."""


def format_datetime(value: datetime | None) -> str | None:
    """W3C-DTF in UTC at whole seconds with `Z`: the one form every validator found accepts."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_SPACE_FOR_PLUS = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d(?::?\d\d)?)$")


def parse_datetime(value: str, *, end_of_day: bool = False) -> datetime:
    """A W3C datetime as clients send it: `Z`, `±HH:MM`, `±HHMM`, fractions of a second, a date alone (the
    start of that day in Sweden, or of the next day for an `end`), and a space where a `+` was not encoded
    in the URL. A time with no zone is Swedish time."""
    text = _SPACE_FOR_PLUS.sub(r"\1+\2", value.strip())
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        day = date.fromisoformat(text) + timedelta(days=1 if end_of_day else 0)
        return datetime.combine(day, time(0), tzinfo=STOCKHOLM)
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(value) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=STOCKHOLM)
    try:
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which W3C-DTF allows; year 1 at +18:00 has no UTC time.
        return parsed.astimezone(UTC)
    except OverflowError:
        raise Invalid(value) from None


def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_NOT_XML.sub("", str(value)))


def _xml(tag: str, value: Any, out: list[str]) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        out.append(f"<{tag}>")
        for key, item in value.items():
            _xml(key, item, out)
        out.append(f"</{tag}>")
    elif isinstance(value, Sequence) and not isinstance(value, str):
        child = XML_ITEMS.get(tag, "item")
        out.append(f"<{tag}>")
        for item in value:
            _xml(child, item, out)
        out.append(f"</{tag}>")
    else:
        out.append(f"<{tag}>{_xml_text(value)}</{tag}>")


def to_xml(root: str, document: Any) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _xml(root, document, out)
    return "".join(out)


def respond(fmt: str, root: str, document: Any, *, status: int = 200) -> HttpResponse:
    """`root` names the XML root; JSON is the document itself (an array for lists, an object for a record)."""
    body = to_xml(root, document) if fmt == "xml" else json.dumps(document, ensure_ascii=False)
    response = HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"]))
    # Answers differ per key and per filter; nobody between should keep them.
    response["Cache-Control"] = "no-store"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", [{"code": status, "description": str(description)}], status=status)


def split_list(value: str) -> list[str]:
    """A comma-separated parameter; empty items are ignored (an empty parameter is as no parameter)."""
    return [item.strip() for item in value.split(",") if item.strip()]


def without_nul(text: str) -> str:
    """A parameter without NUL characters, which PostgreSQL text can neither hold nor be compared with."""
    return text.replace("\x00", "")
