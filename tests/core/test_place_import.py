from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.core.models import Area, AuditEntry, Place
from lofte.lib.placefile import read_csv

SJOSTAD_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[13.14, 58.49], [13.18, 58.49], [13.18, 58.52], [13.14, 58.52], [13.14, 58.49]]],
}


def _feature(name, lng, lat, **props):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lng, lat]},
        "properties": {"name": name, **props},
    }


def _geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _upload(client, organisation, data: bytes, name: str, **extra):
    return client.post(
        reverse("core:place_import", args=[organisation.slug]),
        {"file": SimpleUploadedFile(name, data), "crs": "auto", **extra},
    )


def _confirm(client, organisation, response):
    """Press "Importera" on the preview, sending back exactly what the preview carries."""
    form = response.context["confirm_form"]
    return client.post(
        reverse("core:place_import", args=[organisation.slug]),
        {
            "content": form.initial["content"],
            "filename": form.initial["filename"],
            "crs": form.initial["crs"],
            "import": "1",
        },
    )


def test_geojson_preview_stores_nothing_then_import_creates_places(login, sjostad_admin, sjostad):
    area = Area.objects.create(organisation=sjostad, name="Sjöstad", geometry=SJOSTAD_SQUARE)
    client = login(sjostad_admin)
    data = _geojson(
        _feature("Resecentrum", 13.1617, 58.5045, aliases=["stationen", "busstationen"], kind="station"),
        _feature("Stadsparken", 13.1557, 58.5065, aliases="parken|gröna lungan", kind="Park", area="Sjöstad"),
    )
    preview = _upload(client, sjostad, data, "platser.geojson")
    assert preview.status_code == 200
    assert "2 nya, 0 ändrade och 0 oförändrade platser" in preview.content.decode()
    assert not Place.objects.exists()

    response = _confirm(client, sjostad, preview)
    assert response.status_code == 302
    resecentrum = Place.objects.get(name="Resecentrum")
    assert resecentrum.aliases == ["stationen", "busstationen"]
    assert (resecentrum.kind, resecentrum.area) == ("station", area)  # area by the point
    park = Place.objects.get(name="Stadsparken")
    assert (park.kind, park.aliases, park.area) == ("park", ["parken", "gröna lungan"], area)
    assert AuditEntry.objects.filter(action="place.import_create", organisation=sjostad).count() == 2


def test_one_bad_row_imports_nothing_and_names_the_row(login, sjostad_admin, sjostad):
    client = login(sjostad_admin)
    data = _geojson(
        _feature("Resecentrum", 13.1617, 58.5045),
        _feature("Paris", 2.35, 48.85),
        _feature("Torget", 13.1577, 58.5035),
    )
    preview = _upload(client, sjostad, data, "platser.geojson")
    assert preview.status_code == 400
    body = preview.content.decode()
    assert "Objekt 2" in body and "utanför Sverige" in body
    assert "confirm_form" not in preview.context or 'name="import"' not in body
    # Even a forged confirm (the file's text posted with "import") writes nothing.
    forged = client.post(
        reverse("core:place_import", args=[sjostad.slug]),
        {"content": data.decode(), "filename": "platser.geojson", "crs": "auto", "import": "1"},
    )
    assert forged.status_code == 400
    assert not Place.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="place.").exists()


def test_reimport_updates_by_name_instead_of_duplicating(login, sjostad_admin, sjostad, resecentrum):
    client = login(sjostad_admin)
    csv_text = "name;lat;lon;aliases;kind\nRESECENTRUM;58,5050;13,1620;stationen|resan;station\nTorget;58.5035;13.1577;;square\n"
    preview = _upload(client, sjostad, csv_text.encode(), "platser.csv")
    assert "1 nya, 1 ändrade och 0 oförändrade platser" in preview.content.decode()
    assert _confirm(client, sjostad, preview).status_code == 302
    assert Place.objects.filter(organisation=sjostad).count() == 2
    resecentrum.refresh_from_db()
    assert (resecentrum.latitude, resecentrum.longitude) == (58.505, 13.162)
    assert resecentrum.aliases == ["stationen", "resan"]
    update = AuditEntry.objects.get(action="place.import_update")
    assert update.changes["latitude"] == [58.5, 58.505]

    # The same file again changes nothing.
    again = _upload(client, sjostad, csv_text.encode(), "platser.csv")
    assert "0 nya, 0 ändrade och 2 oförändrade platser" in again.content.decode()
    _confirm(client, sjostad, again)
    assert Place.objects.filter(organisation=sjostad).count() == 2
    assert AuditEntry.objects.filter(action__startswith="place.import").count() == 2


def test_csv_in_sweref_with_commas_and_cp1252(login, sjostad_admin, sjostad):
    client = login(sjostad_admin)
    data = "namn,n,e,typ\nMätpunkten,6491000,378000,Annan plats\nÅkervägen,6491100,378100,gata\n".encode("cp1252")
    preview = _upload(client, sjostad, data, "punkter.csv")
    assert preview.status_code == 200
    _confirm(client, sjostad, preview)
    point = Place.objects.get(name="Mätpunkten")
    assert point.latitude == pytest.approx(58.5424, abs=1e-3) and point.longitude == pytest.approx(12.9040, abs=1e-3)
    assert Place.objects.get(name="Åkervägen").kind == "street"


def test_unknown_area_and_kind_and_repeated_names_are_row_errors(db, sjostad):
    from lofte.core.selectors import place_import_plan

    rows = read_csv("name;lat;lon;kind;area\nA;58.5;13.1;slott;\nB;58.5;13.1;;Atlantis\nA;58.5;13.1;;\n;58.5;13.1;;\n")
    plan = place_import_plan(organisation=sjostad, rows=rows)
    assert plan.errors == [
        "Rad 2: typen ”slott” finns inte.",
        "Rad 3: området ”Atlantis” finns inte i Sjöstad kommun.",
        "Rad 4: namnet A finns redan på Rad 2.",
        "Rad 5: namn saknas.",
    ]


def test_file_without_name_column_is_refused(login, sjostad_admin, sjostad):
    response = _upload(login(sjostad_admin), sjostad, b"plats_x;lat;lon\nA;58.5;13.1\n", "fel.csv")
    assert response.status_code == 400
    assert "saknar kolumnen name" in response.content.decode()


def test_reader_cannot_import(login, reader, sjostad):
    response = _upload(login(reader), sjostad, b"name;lat;lon\nA;58.5;13.1\n", "a.csv")
    assert response.status_code == 403
    assert not Place.objects.exists()
