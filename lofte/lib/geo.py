"""Coordinates for Swedish municipalities: GeoJSON polygons and points in WGS84 or SWEREF 99 TM.

Pure helpers: no models. Everything is stored in WGS84 (GeoJSON order: longitude, latitude). Input may be
in SWEREF 99 TM (EPSG:3006, the national grid most municipal GIS exports use) and is converted with pyproj.
Errors are `GeoError` with a Swedish message a form can show as it is.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import shapely
from django.utils.translation import gettext as _
from pyproj import Transformer

from lofte.lib.untrusted import MAX_JSON_DEPTH, JSONTooDeep, UnstorableText, json_loads

Crs = Literal["wgs84", "sweref99tm"]
CRS_AUTO = "auto"

# Sweden with a margin for the sea and border areas (the mainland spans about 10.9–24.2 E, 55.3–69.1 N).
SWEDEN_LNG = (10.0, 24.5)
SWEDEN_LAT = (55.0, 69.5)
# The same area in SWEREF 99 TM (easting, northing), with room for islands and the coast.
SWEREF_E = (180_000.0, 1_000_000.0)
SWEREF_N = (6_050_000.0, 7_750_000.0)

MAX_VERTICES = 50_000
MAX_GEOJSON_CHARS = 5 * 1024 * 1024
COORDINATE_DECIMALS = 6  # about 0.1 m: more is noise


class GeoError(ValueError):
    """Input that is not a usable geometry; the message is Swedish and meant for the user."""


@cache
def _sweref_to_wgs84() -> Transformer:
    return Transformer.from_crs(3006, 4326, always_xy=True)


def sweref_to_wgs84(*, north: float, east: float) -> tuple[float, float]:
    """SWEREF 99 TM northing/easting to WGS84 (latitude, longitude)."""
    lng, lat = _sweref_to_wgs84().transform(east, north)
    return round(lat, COORDINATE_DECIMALS), round(lng, COORDINATE_DECIMALS)


def in_sweden(*, lat: float, lng: float) -> bool:
    return SWEDEN_LAT[0] <= lat <= SWEDEN_LAT[1] and SWEDEN_LNG[0] <= lng <= SWEDEN_LNG[1]


def check_point_in_sweden(*, lat: float, lng: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lng)):
        raise GeoError(_("Koordinaten är inte ett tal."))
    if in_sweden(lat=lat, lng=lng):
        return
    if in_sweden(lat=lng, lng=lat):
        raise GeoError(
            _("Punkten %(lat)s, %(lng)s ligger utanför Sverige. Har latitud och longitud bytt plats?")
            % {"lat": lat, "lng": lng}
        )
    raise GeoError(_("Punkten %(lat)s, %(lng)s ligger utanför Sverige.") % {"lat": lat, "lng": lng})


def detect_crs(positions: Iterable[Sequence[float]]) -> Crs:
    """WGS84 if every position looks like degrees, SWEREF 99 TM if every one looks like metres in Sweden."""
    positions = list(positions)
    if not positions:
        raise GeoError(_("Geometrin saknar koordinater."))
    if all(abs(x) <= 180 and abs(y) <= 90 for x, y in positions):
        return "wgs84"
    if all(SWEREF_E[0] <= x <= SWEREF_E[1] and SWEREF_N[0] <= y <= SWEREF_N[1] for x, y in positions):
        return "sweref99tm"
    raise GeoError(
        _(
            "Koordinaterna ser varken ut som WGS84 (grader) eller SWEREF 99 TM (meter i Sverige). "
            "Kontrollera filen eller välj koordinatsystem."
        )
    )


def to_wgs84(x: float, y: float, crs: Crs) -> tuple[float, float]:
    """One GeoJSON position (x, y) in `crs` as a WGS84 position (lng, lat), checked to lie in Sweden."""
    if crs == "sweref99tm":
        lat, lng = sweref_to_wgs84(north=y, east=x)
    else:
        lat, lng = round(y, COORDINATE_DECIMALS), round(x, COORDINATE_DECIMALS)
    check_point_in_sweden(lat=lat, lng=lng)
    return lng, lat


def parse_position(value: Any) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise GeoError(_("En koordinat ska vara ett par tal, till exempel [13.16, 58.50]."))
    x, y = value[0], value[1]
    if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, int | float) or not isinstance(y, int | float):
        raise GeoError(_("En koordinat ska vara ett par tal, till exempel [13.16, 58.50]."))
    if not (math.isfinite(x) and math.isfinite(y)):
        raise GeoError(_("Koordinaten är inte ett tal."))
    return float(x), float(y)


def crs_from_geojson(data: dict[str, Any]) -> Crs | None:
    """The legacy `crs` member (GeoJSON 2008) that many Swedish GIS exports still write."""
    crs = data.get("crs")
    if not isinstance(crs, dict):
        return None
    name = str((crs.get("properties") or {}).get("name", "")).upper()
    if name.endswith(("3006", "3006/")):
        return "sweref99tm"
    if name.endswith(("4326", "CRS84")):
        return "wgs84"
    return None


def load_json(text: str) -> Any:
    if len(text) > MAX_GEOJSON_CHARS:
        raise GeoError(_("GeoJSON-texten är för stor (högst %(mb)s MB).") % {"mb": MAX_GEOJSON_CHARS // (1024 * 1024)})
    try:
        return json_loads(text)
    except json.JSONDecodeError as error:
        raise GeoError(
            _("Texten är inte giltig JSON (rad %(line)s, kolumn %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        ) from error
    except JSONTooDeep as error:
        raise GeoError(
            _("JSON-texten är för djupt nästlad (högst %(max)s nivåer): det är ingen GeoJSON.")
            % {"max": MAX_JSON_DEPTH}
        ) from error
    except UnstorableText as error:
        raise GeoError(_("Texten innehåller otillåtna tecken (NUL eller trasiga Unicode-tecken).")) from error


def parse_polygon(text: str, *, crs: Crs | str = CRS_AUTO) -> tuple[dict[str, Any], Crs]:
    """A Polygon or MultiPolygon, bare or in a Feature (or a FeatureCollection of one feature), as WGS84.

    Returns the geometry and the coordinate system it was read in.
    """
    data = load_json(text)
    if not isinstance(data, dict):
        raise GeoError(_("GeoJSON ska vara ett objekt med typen Polygon, MultiPolygon eller Feature."))
    declared = crs_from_geojson(data)
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise GeoError(
                _("Samlingen innehåller %(count)s objekt; ett område ska ha exakt ett.") % {"count": len(features)}
            )
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        declared = declared or crs_from_geojson(data)
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
        found = data.get("type") if isinstance(data, dict) else None
        raise GeoError(
            _("Geometrin ska vara en Polygon eller MultiPolygon, inte %(type)s.") % {"type": found or _("ingenting")}
        )
    polygons_raw = [data.get("coordinates")] if data["type"] == "Polygon" else data.get("coordinates")
    if not isinstance(polygons_raw, list) or not polygons_raw:
        raise GeoError(_("Geometrin saknar koordinater."))
    polygons = [_parse_polygon_rings(polygon, number) for number, polygon in enumerate(polygons_raw, start=1)]
    positions = [position for polygon in polygons for ring in polygon for position in ring]
    if len(positions) > MAX_VERTICES:
        raise GeoError(
            _("Geometrin har %(count)s hörn; högst %(max)s går att spara. Förenkla den i ert GIS-verktyg först.")
            % {"count": len(positions), "max": MAX_VERTICES}
        )
    for number, rings in enumerate(polygons, start=1):
        _check_valid(rings, number)
    chosen: Crs = (declared or detect_crs(positions)) if crs == CRS_AUTO else crs  # type: ignore[assignment]
    converted = [[[list(to_wgs84(x, y, chosen)) for x, y in ring] for ring in polygon] for polygon in polygons]
    if data["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": converted[0]}, chosen
    return {"type": "MultiPolygon", "coordinates": converted}, chosen


def _parse_polygon_rings(polygon: Any, number: int) -> list[list[tuple[float, float]]]:
    if not isinstance(polygon, list) or not polygon:
        raise GeoError(_("Polygon %(number)s saknar ringar.") % {"number": number})
    rings = []
    for ring_number, ring in enumerate(polygon, start=1):
        if not isinstance(ring, list):
            raise GeoError(
                _("Ring %(ring)s i polygon %(number)s är inte en lista av koordinater.")
                % {"ring": ring_number, "number": number}
            )
        positions = [parse_position(position) for position in ring]
        if len(positions) < 4:
            raise GeoError(
                _("Ring %(ring)s i polygon %(number)s har %(count)s punkter; en ring behöver minst fyra.")
                % {"ring": ring_number, "number": number, "count": len(positions)}
            )
        if positions[0] != positions[-1]:
            raise GeoError(
                _("Ring %(ring)s i polygon %(number)s är inte sluten: första och sista punkten ska vara samma.")
                % {"ring": ring_number, "number": number}
            )
        rings.append(positions)
    return rings


def _check_valid(rings: list[list[tuple[float, float]]], number: int) -> None:
    """A polygon whose edges cross (a "bow tie"), or whose holes lie outside it, has no inside that a point can
    be in: refused, with the place of a crossing where there is one."""
    polygon = shapely.Polygon(rings[0], rings[1:])
    if polygon.is_valid:
        return
    reason = shapely.is_valid_reason(polygon)
    crossing = re.search(r"Self-intersection\[(\S+) (\S+)\]", reason)
    if crossing:
        raise GeoError(
            _("Polygon %(number)s korsar sig själv vid %(x)s, %(y)s. Rita om gränsen så att kanterna inte möts.")
            % {"number": number, "x": _short(crossing.group(1)), "y": _short(crossing.group(2))}
        )
    raise GeoError(
        _("Polygon %(number)s är ingen giltig yta: ett hål ligger utanför den eller ringarna korsar varandra.")
        % {"number": number}
    )


def _short(number: str) -> str:
    return f"{float(number):.6f}".rstrip("0").rstrip(".")


def _ring_contains(ring: Sequence[Sequence[float]], x: float, y: float) -> bool:
    """Ray casting: count crossings of a ray to the right of (x, y)."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def geometry_contains(geometry: dict[str, Any] | None, *, lat: float, lng: float) -> bool:
    """Whether a WGS84 Polygon/MultiPolygon contains the point (holes excluded)."""
    if not geometry:
        return False
    if geometry.get("type") == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    else:
        return False
    for polygon in polygons:
        if (
            polygon
            and _ring_contains(polygon[0], lng, lat)
            and not any(_ring_contains(hole, lng, lat) for hole in polygon[1:])
        ):
            return True
    return False


def vertex_count(geometry: dict[str, Any] | None) -> int:
    if not geometry:
        return 0
    polygons = [geometry["coordinates"]] if geometry.get("type") == "Polygon" else geometry.get("coordinates", [])
    return sum(len(ring) for polygon in polygons for ring in polygon)


def bounds(geometry: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """(min lng, min lat, max lng, max lat) of a WGS84 polygon, for showing its extent."""
    if not geometry:
        return None
    polygons = [geometry["coordinates"]] if geometry.get("type") == "Polygon" else geometry.get("coordinates", [])
    xs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    ys = [p[1] for polygon in polygons for ring in polygon for p in ring]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class OutlineMap:
    """A small map drawn from the organisation's own areas and places (no map tiles: nothing leaves the
    machine). Coordinates are an equirectangular projection scaled by cos(latitude) in a viewBox of
    ``width`` × ``height``; ``west``/``north``/``east``/``south`` let a script turn a tap back into a point."""

    width: int
    height: int
    west: float
    south: float
    east: float
    north: float
    areas: list[tuple[str, str]]  # (name, SVG path data)
    places: list[tuple[str, float, float]]  # (name, x, y)


def outline_map(
    *,
    areas: Sequence[tuple[str, dict[str, Any] | None]],
    places: Sequence[tuple[str, float | None, float | None]],
    width: int = 320,
) -> OutlineMap | None:
    """The map of ``areas`` (name, WGS84 Polygon/MultiPolygon) and ``places`` (name, lat, lng); None when
    there is nothing with coordinates to draw."""
    rings: list[tuple[str, list[list[Sequence[float]]]]] = []
    for name, geometry in areas:
        if geometry and geometry.get("type") in ("Polygon", "MultiPolygon"):
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            rings.append((name, [ring for polygon in polygons for ring in polygon]))
    points = [(name, lat, lng) for name, lat, lng in places if lat is not None and lng is not None]
    lngs = [p[0] for _n, rs in rings for ring in rs for p in ring] + [lng for _n, _lat, lng in points]
    lats = [p[1] for _n, rs in rings for ring in rs for p in ring] + [lat for _n, lat, _lng in points]
    if not lngs:
        return None
    # A margin around what is drawn, and at least ~1 km across so a single place still gets a map.
    pad_lat = max((max(lats) - min(lats)) * 0.08, 0.005)
    pad_lng = max((max(lngs) - min(lngs)) * 0.08, 0.005 / max(math.cos(math.radians(max(lats))), 0.1))
    west, east, south, north = min(lngs) - pad_lng, max(lngs) + pad_lng, min(lats) - pad_lat, max(lats) + pad_lat
    aspect = (east - west) * math.cos(math.radians((north + south) / 2)) / (north - south)
    height = max(120, min(round(width / aspect), 2 * width))

    def xy(lng: float, lat: float) -> tuple[float, float]:
        return (
            round((lng - west) / (east - west) * width, 1),
            round((north - lat) / (north - south) * height, 1),
        )

    paths = [
        (name, " ".join("M" + " L".join("{},{}".format(*xy(p[0], p[1])) for p in ring) + " Z" for ring in rs))
        for name, rs in rings
    ]
    dots = [(name, *xy(lng, lat)) for name, lat, lng in points]
    return OutlineMap(width, height, west, south, east, north, paths, dots)
