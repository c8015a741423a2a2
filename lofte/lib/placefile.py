"""Read a gazetteer file (GeoJSON points or CSV) into plain rows; the domain checks come later.

CSV: columns `name;lat;lon` (WGS84) or `name;n;e` (SWEREF 99 TM), optional `aliases` (separated by "|"),
`kind` and `area`; Swedish column names work too. The delimiter (";" or ",") and the encoding (UTF-8 or
the cp1252 Excel writes on Swedish Windows) are detected. GeoJSON: a FeatureCollection of Points with
the properties name, aliases (a list or "|"-separated), kind and area.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lofte.lib.geo import (
    CRS_AUTO,
    Crs,
    GeoError,
    check_point_in_sweden,
    detect_crs,
    load_json,
    parse_position,
    to_wgs84,
)

MAX_ROWS = 5_000

COLUMN_NAMES = {
    "name": {"name", "namn", "plats"},
    "lat": {"lat", "latitude", "latitud"},
    "lon": {"lon", "lng", "long", "longitude", "longitud"},
    "n": {"n", "north", "northing", "nord", "y"},
    "e": {"e", "east", "easting", "ost", "öst", "x"},
    "aliases": {"aliases", "alias", "alias_namn", "andra namn", "andra_namn", "smeknamn"},
    "kind": {"kind", "typ", "type"},
    "area": {"area", "område", "omrade", "tätort", "tatort"},
}


@dataclass
class PlaceRow:
    """One row of the file: `label` names it for the user ("Rad 3", "Objekt 2")."""

    label: str
    name: str = ""
    aliases: list[str] | None = None  # None: the file says nothing about aliases
    kind: str = ""
    area: str = ""
    latitude: float | None = None
    longitude: float | None = None
    errors: list[str] = field(default_factory=list)


class PlaceFileError(ValueError):
    """The file as a whole cannot be read; the message is Swedish."""


def decode(data: bytes) -> str:
    if b"\x00" in data:
        # UTF-16 or a binary file; a NUL would also be refused by PostgreSQL in a place's name.
        raise PlaceFileError(_("Filen innehåller NUL-tecken. Spara den som CSV (UTF-8) eller GeoJSON och försök igen."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def split_aliases(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split("|")
    seen: list[str] = []
    for item in items:
        text = str(item).strip()
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen.append(text)
    return seen


def read_place_file(data: bytes, *, filename: str = "", crs: Crs | str = CRS_AUTO) -> tuple[str, list[PlaceRow]]:
    """The file's format ("geojson" or "csv") and its rows."""
    text = decode(data)
    stripped = text.lstrip()
    if filename.lower().endswith((".geojson", ".json")) or stripped.startswith("{"):
        return "geojson", read_geojson(text, crs=crs)
    return "csv", read_csv(text)


def read_geojson(text: str, *, crs: Crs | str = CRS_AUTO) -> list[PlaceRow]:
    try:
        data = load_json(text)
    except GeoError as error:
        raise PlaceFileError(str(error)) from error
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise PlaceFileError(_("GeoJSON-filen ska vara en FeatureCollection med punkter."))
    features = data["features"]
    if len(features) > MAX_ROWS:
        raise PlaceFileError(
            _("Filen har %(count)s objekt; högst %(max)s går att läsa in åt gången.")
            % {"count": len(features), "max": MAX_ROWS}
        )
    rows: list[PlaceRow] = []
    positions: list[tuple[float, float] | None] = []
    for number, feature in enumerate(features, start=1):
        row = PlaceRow(label=_("Objekt %(number)s") % {"number": number})
        rows.append(row)
        positions.append(None)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            row.errors.append(_("är inte ett GeoJSON-objekt (Feature)."))
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        props = {str(k).strip().lower(): v for k, v in props.items()}
        row.name = _text(_first(props, "name"))
        alias_value = _first(props, "aliases")
        row.aliases = split_aliases(alias_value) if alias_value is not None else None
        row.kind = _text(_first(props, "kind"))
        row.area = _text(_first(props, "area"))
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            row.errors.append(_("geometrin ska vara en punkt (Point)."))
            continue
        try:
            positions[-1] = parse_position(geometry.get("coordinates"))
        except GeoError as error:
            row.errors.append(str(error))
    if crs == CRS_AUTO:
        try:
            chosen: Crs = detect_crs([p for p in positions if p is not None]) if any(positions) else "wgs84"
        except GeoError as error:
            raise PlaceFileError(str(error)) from error
    else:
        chosen = crs  # type: ignore[assignment]
    for row, position in zip(rows, positions, strict=True):
        if position is None:
            continue
        try:
            row.longitude, row.latitude = to_wgs84(position[0], position[1], chosen)
        except GeoError as error:
            row.errors.append(str(error))
    return rows


def read_csv(text: str) -> list[PlaceRow]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise PlaceFileError(_("Filen är tom."))
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        for key, names in COLUMN_NAMES.items():
            if title in names and key not in columns:
                columns[key] = index
    if "name" not in columns:
        raise PlaceFileError(_("Filen saknar kolumnen name (eller namn) i första raden."))
    has_wgs84 = "lat" in columns and "lon" in columns
    has_sweref = "n" in columns and "e" in columns
    if not (has_wgs84 or has_sweref) and any(k in columns for k in ("lat", "lon", "n", "e")):
        raise PlaceFileError(_("Koordinaterna ska stå i kolumnerna lat och lon (WGS84) eller n och e (SWEREF 99 TM)."))
    rows: list[PlaceRow] = []
    for line_number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_ROWS:
            raise PlaceFileError(_("Filen har fler än %(max)s rader; dela upp den.") % {"max": MAX_ROWS})

        def cell(key: str, record: list[str] = record) -> str:
            index = columns.get(key)
            return record[index].strip() if index is not None and index < len(record) else ""

        row = PlaceRow(label=_("Rad %(number)s") % {"number": line_number})
        row.name = cell("name")
        row.aliases = split_aliases(cell("aliases")) if "aliases" in columns else None
        row.kind = cell("kind")
        row.area = cell("area")
        try:
            if has_wgs84 and (cell("lat") or cell("lon")):
                lat, lng = _number(cell("lat")), _number(cell("lon"))
                check_point_in_sweden(lat=lat, lng=lng)
                row.latitude, row.longitude = round(lat, 6), round(lng, 6)
            elif has_sweref and (cell("n") or cell("e")):
                row.longitude, row.latitude = to_wgs84(_number(cell("e")), _number(cell("n")), "sweref99tm")
        except GeoError as error:
            row.errors.append(str(error))
        rows.append(row)
    return rows


def _number(value: str) -> float:
    """A coordinate as written in a Swedish spreadsheet: decimal comma or point, spaces as thousand separators."""
    cleaned = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        raise GeoError(_("Koordinaten saknas eller är ofullständig."))
    try:
        number = float(cleaned)
    except ValueError as error:
        raise GeoError(_("”%(value)s” är inte ett tal.") % {"value": value}) from error
    if not math.isfinite(number):
        raise GeoError(_("”%(value)s” är inte ett tal.") % {"value": value})
    return number


def _first(props: dict[str, Any], key: str) -> Any:
    for name in COLUMN_NAMES[key]:
        if name in props:
            return props[name]
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
