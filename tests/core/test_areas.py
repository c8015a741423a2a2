from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyproj import Transformer

from lofte.core.models import Area, AuditEntry, Place
from lofte.lib.geo import GeoError, geometry_contains, parse_polygon, sweref_to_wgs84

SQUARE = [[13.14, 58.49], [13.18, 58.49], [13.18, 58.52], [13.14, 58.52], [13.14, 58.49]]


def _sweref_square() -> list[list[float]]:
    to_sweref = Transformer.from_crs(4326, 3006, always_xy=True)
    return [list(to_sweref.transform(lng, lat)) for lng, lat in SQUARE]


# --- lofte.lib.geo ----------------------------------------------------------------------------------------


def test_sweref_point_lands_at_the_right_wgs84_point():
    # Checked once with pyproj: SWEREF 99 TM N 6491000 E 378000 is 58.5424 N, 12.9040 E.
    lat, lng = sweref_to_wgs84(north=6491000, east=378000)
    assert lat == pytest.approx(58.5424, abs=1e-3)
    assert lng == pytest.approx(12.9040, abs=1e-3)


def test_polygon_in_a_feature_is_read_as_wgs84():
    text = json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}})
    geometry, crs = parse_polygon(text)
    assert crs == "wgs84"
    assert geometry == {"type": "Polygon", "coordinates": [SQUARE]}


def test_sweref_polygon_is_detected_and_converted():
    geometry, crs = parse_polygon(json.dumps({"type": "Polygon", "coordinates": [_sweref_square()]}))
    assert crs == "sweref99tm"
    for (lng, lat), (expected_lng, expected_lat) in zip(geometry["coordinates"][0], SQUARE, strict=True):
        assert lng == pytest.approx(expected_lng, abs=1e-5) and lat == pytest.approx(expected_lat, abs=1e-5)


def test_multipolygon_with_hole_contains_points_by_ray_casting():
    hole = [[13.15, 58.50], [13.16, 58.50], [13.16, 58.51], [13.15, 58.51], [13.15, 58.50]]
    geometry, _ = parse_polygon(json.dumps({"type": "MultiPolygon", "coordinates": [[SQUARE, hole]]}))
    assert geometry_contains(geometry, lat=58.495, lng=13.17)
    assert not geometry_contains(geometry, lat=58.505, lng=13.155)  # in the hole
    assert not geometry_contains(geometry, lat=58.60, lng=13.17)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Polygon", "coordinates": [SQUARE[:-1] + [[13.15, 58.5]]]}, "inte sluten"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "minst fyra"),
        ({"type": "Point", "coordinates": [13.1, 58.5]}, "Polygon eller MultiPolygon"),
        ({"type": "Polygon", "coordinates": [[[lat, lng] for lng, lat in SQUARE]]}, "bytt plats"),
        (
            {"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]},
            "utanför Sverige",
        ),
        ({"type": "Polygon", "coordinates": [[["a", 1], [2, 3], [4, 5], ["a", 1]]]}, "par tal"),
        (  # a bow tie: its edges cross in the middle
            {
                "type": "Polygon",
                "coordinates": [[[13.5, 59.3], [13.6, 59.4], [13.6, 59.3], [13.5, 59.4], [13.5, 59.3]]],
            },
            "Polygon 1 korsar sig själv vid 13.55, 59.35",
        ),
        (  # a hole outside the area it is a hole in
            {
                "type": "Polygon",
                "coordinates": [SQUARE, [[14.0, 59.0], [14.1, 59.0], [14.1, 59.1], [14.0, 59.0]]],
            },
            "ingen giltig yta",
        ),
    ],
)
def test_bad_polygons_get_a_swedish_reason(geometry, message):
    with pytest.raises(GeoError, match=message):
        parse_polygon(json.dumps(geometry))


def test_not_json_names_line_and_column():
    with pytest.raises(GeoError, match="rad 1"):
        parse_polygon("{type: Polygon")


# --- views ------------------------------------------------------------------------------------------------


def test_admin_creates_an_area_with_pasted_sweref_geojson(login, sjostad_admin, sjostad):
    text = json.dumps({"type": "Polygon", "coordinates": [_sweref_square()]})
    response = login(sjostad_admin).post(
        reverse("core:area_create", args=[sjostad.slug]),
        {"name": "Sjöstad", "kind": "tatort", "code": "", "geometry_text": text, "crs": "auto"},
    )
    assert response.status_code == 302
    area = Area.objects.get(organisation=sjostad, name="Sjöstad")
    assert area.geometry["type"] == "Polygon"
    assert area.geometry["coordinates"][0][0] == pytest.approx([13.14, 58.49], abs=1e-5)
    entry = AuditEntry.objects.get(action="area.create")
    assert entry.changes["geometry"] == "5 hörn"


def test_admin_uploads_a_geojson_file(login, sjostad_admin, sjostad):
    upload = SimpleUploadedFile(
        "ekby.geojson",
        json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).encode(),
        content_type="application/geo+json",
    )
    response = login(sjostad_admin).post(
        reverse("core:area_create", args=[sjostad.slug]),
        {"name": "Ekby", "kind": "stadsdel", "geometry_file": upload, "crs": "wgs84"},
    )
    assert response.status_code == 302
    assert Area.objects.get(name="Ekby").geometry["coordinates"] == [SQUARE]


def test_open_ring_is_refused_and_nothing_is_stored(login, sjostad_admin, sjostad):
    text = json.dumps({"type": "Polygon", "coordinates": [SQUARE[:-1] + [[13.15, 58.5]]]})
    response = login(sjostad_admin).post(
        reverse("core:area_create", args=[sjostad.slug]),
        {"name": "Trasig", "kind": "tatort", "geometry_text": text, "crs": "auto"},
    )
    assert response.status_code == 400
    assert "inte sluten" in response.content.decode()
    assert not Area.objects.filter(name="Trasig").exists()


def test_a_boundary_that_crosses_itself_is_refused_and_nothing_is_stored(login, sjostad_admin, sjostad):
    bow_tie = [[13.5, 59.3], [13.6, 59.4], [13.6, 59.3], [13.5, 59.4], [13.5, 59.3]]
    response = login(sjostad_admin).post(
        reverse("core:area_create", args=[sjostad.slug]),
        {"name": "Fluga", "kind": "tatort", "geometry_text": json.dumps({"type": "Polygon", "coordinates": [bow_tie]})},
    )
    assert response.status_code == 400
    assert "korsar sig själv" in response.content.decode()
    assert not Area.objects.filter(name="Fluga").exists()


def test_editing_without_new_geojson_keeps_the_polygon_and_clearing_removes_it(login, sjostad_admin, sjostad):
    area = Area.objects.create(
        organisation=sjostad, name="Sjöstad", geometry={"type": "Polygon", "coordinates": [SQUARE]}
    )
    client = login(sjostad_admin)
    url = reverse("core:area_edit", args=[sjostad.slug, area.pk])
    assert client.post(url, {"name": "Sjöstad C", "kind": "tatort", "crs": "auto"}).status_code == 302
    area.refresh_from_db()
    assert area.name == "Sjöstad C" and area.geometry["coordinates"] == [SQUARE]
    assert (
        client.post(url, {"name": "Sjöstad C", "kind": "tatort", "crs": "auto", "clear_geometry": "on"}).status_code
        == 302
    )
    area.refresh_from_db()
    assert area.geometry is None


def test_duplicate_area_name_is_refused(login, sjostad_admin, sjostad):
    Area.objects.create(organisation=sjostad, name="Norrvik")
    response = login(sjostad_admin).post(
        reverse("core:area_create", args=[sjostad.slug]), {"name": "norrvik", "kind": "tatort", "crs": "auto"}
    )
    assert response.status_code == 400
    assert Area.objects.filter(organisation=sjostad).count() == 1


def test_deleting_an_area_keeps_its_places(login, sjostad_admin, sjostad, resecentrum):
    area = Area.objects.create(organisation=sjostad, name="Sjöstad")
    resecentrum.area = area
    resecentrum.save()
    response = login(sjostad_admin).post(reverse("core:area_delete", args=[sjostad.slug, area.pk]))
    assert response.status_code == 302
    assert not Area.objects.filter(pk=area.pk).exists()
    assert Place.objects.get(pk=resecentrum.pk).area is None
    assert AuditEntry.objects.get(action="area.delete").changes["name"] == "Sjöstad"


def test_reader_sees_areas_but_cannot_change_them(login, reader, sjostad):
    area = Area.objects.create(organisation=sjostad, name="Sjöstad")
    client = login(reader)
    assert client.get(reverse("core:area_list", args=[sjostad.slug])).status_code == 200
    assert client.post(reverse("core:area_delete", args=[sjostad.slug, area.pk])).status_code == 403
    assert Area.objects.filter(pk=area.pk).exists()


def test_outsider_cannot_reach_another_municipalitys_area(login, outsider, sjostad, grannby):
    area = Area.objects.create(organisation=sjostad, name="Sjöstad")
    client = login(outsider)
    assert client.get(reverse("core:area_edit", args=[sjostad.slug, area.pk])).status_code == 404
    # Not through its own slug either.
    assert client.get(reverse("core:area_edit", args=[grannby.slug, area.pk])).status_code == 404


def test_declared_epsg_3006_wins_over_detection():
    text = json.dumps(
        {
            "type": "Feature",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
            "geometry": {"type": "Polygon", "coordinates": [_sweref_square()]},
        }
    )
    geometry, crs = parse_polygon(text)
    assert crs == "sweref99tm"
    assert geometry["coordinates"][0][0] == pytest.approx([13.14, 58.49], abs=1e-5)


def test_chosen_wgs84_for_sweref_numbers_is_refused_as_outside_sweden():
    with pytest.raises(GeoError, match="utanför Sverige"):
        parse_polygon(json.dumps({"type": "Polygon", "coordinates": [_sweref_square()]}), crs="wgs84")


def test_too_many_vertices_are_refused(monkeypatch):
    monkeypatch.setattr("lofte.lib.geo.MAX_VERTICES", 4)
    with pytest.raises(GeoError, match="Förenkla"):
        parse_polygon(json.dumps({"type": "Polygon", "coordinates": [SQUARE]}))
