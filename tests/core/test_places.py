from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.core.models import Area, AuditEntry, Place
from lofte.core.roles import Role
from tests.conftest import make_user

SJOSTAD_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[13.14, 58.49], [13.18, 58.49], [13.18, 58.52], [13.14, 58.52], [13.14, 58.49]]],
}


def test_admin_adds_a_place_with_aliases_one_per_line(login, sjostad_admin, sjostad):
    response = login(sjostad_admin).post(
        reverse("core:place_create", args=[sjostad.slug]),
        {
            "name": "Stadsparken",
            "kind": "park",
            "aliases": "parken\n\n Parken \nstadsparken\ngröna lungan",
            "latitude": "58,5065",
            "longitude": "13.1557",
        },
    )
    assert response.status_code == 302
    place = Place.objects.get(organisation=sjostad, name="Stadsparken")
    # Blank lines, repeats and the name itself are left out.
    assert place.aliases == ["parken", "gröna lungan"]
    assert (place.latitude, place.longitude) == (58.5065, 13.1557)
    entry = AuditEntry.objects.get(action="place.create")
    assert entry.actor == sjostad_admin and entry.organisation == sjostad


def test_area_is_chosen_by_the_point_when_left_empty(login, sjostad_admin, sjostad):
    area = Area.objects.create(organisation=sjostad, name="Sjöstad", geometry=SJOSTAD_SQUARE)
    Area.objects.create(organisation=sjostad, name="Norrvik")
    login(sjostad_admin).post(
        reverse("core:place_create", args=[sjostad.slug]),
        {"name": "Torget", "kind": "square", "latitude": "58.50", "longitude": "13.16"},
    )
    assert Place.objects.get(name="Torget").area == area


def test_sweref_input_is_stored_as_the_right_wgs84_point(login, sjostad_admin, sjostad):
    response = login(sjostad_admin).post(
        reverse("core:place_create", args=[sjostad.slug]),
        {"name": "Mätpunkten", "kind": "other", "sweref_n": "6491000", "sweref_e": "378 000"},
    )
    assert response.status_code == 302
    place = Place.objects.get(name="Mätpunkten")
    assert place.latitude == pytest.approx(58.5424, abs=1e-3)
    assert place.longitude == pytest.approx(12.9040, abs=1e-3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"latitude": "58.5"}, "både latitud och longitud"),
        ({"latitude": "13.16", "longitude": "58.50"}, "bytt plats"),
        ({"latitude": "48.85", "longitude": "2.35"}, "utanför Sverige"),
        ({"latitude": "58.5", "longitude": "13.1", "sweref_n": "6491000", "sweref_e": "378000"}, "inte båda"),
        ({"sweref_n": "6491000"}, "både norr- och östkoordinat"),
    ],
)
def test_bad_points_are_refused_with_a_reason(login, sjostad_admin, sjostad, data, message):
    response = login(sjostad_admin).post(
        reverse("core:place_create", args=[sjostad.slug]), {"name": "Fel", "kind": "other", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Place.objects.filter(name="Fel").exists()


def test_admin_edits_a_place_and_the_diff_is_audited(login, sjostad_admin, sjostad, resecentrum):
    response = login(sjostad_admin).post(
        reverse("core:place_edit", args=[sjostad.slug, resecentrum.pk]),
        {
            "name": "Resecentrum",
            "kind": "station",
            "aliases": "stationen\nbusstationen",
            "latitude": "58.5",
            "longitude": "13.16",
        },
    )
    assert response.status_code == 302
    resecentrum.refresh_from_db()
    assert resecentrum.aliases == ["stationen", "busstationen"]
    entry = AuditEntry.objects.get(action="place.update")
    assert entry.changes == {"aliases": [["stationen"], ["stationen", "busstationen"]]}


def test_duplicate_place_name_is_refused(login, sjostad_admin, sjostad, resecentrum):
    response = login(sjostad_admin).post(
        reverse("core:place_create", args=[sjostad.slug]), {"name": "resecentrum", "kind": "station"}
    )
    assert response.status_code == 400
    assert Place.objects.filter(organisation=sjostad).count() == 1


def test_admin_deletes_a_place(login, sjostad_admin, sjostad, resecentrum):
    response = login(sjostad_admin).post(reverse("core:place_delete", args=[sjostad.slug, resecentrum.pk]))
    assert response.status_code == 302
    assert not Place.objects.filter(pk=resecentrum.pk).exists()
    assert AuditEntry.objects.get(action="place.delete").changes["name"] == "Resecentrum"


def test_police_admin_cannot_edit_sjostads_places(login, lpo_sjostad, sjostad, partnership, resecentrum):
    police_admin = make_user("polischef", lpo_sjostad, Role.ADMIN)
    client = login(police_admin)
    url = reverse("core:place_edit", args=[sjostad.slug, resecentrum.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Polisens", "kind": "other"}).status_code == 404
    # Its own slug does not reach Sjöstad's place either.
    assert (
        client.post(
            reverse("core:place_edit", args=[lpo_sjostad.slug, resecentrum.pk]), {"name": "Polisens", "kind": "other"}
        ).status_code
        == 404
    )
    resecentrum.refresh_from_db()
    assert resecentrum.name == "Resecentrum"


def test_dialogue_staff_sees_places_but_cannot_add(login, dialogue_staff, sjostad, resecentrum):
    client = login(dialogue_staff)
    page = client.get(reverse("core:place_list", args=[sjostad.slug])).content.decode()
    assert "Resecentrum" in page and "stationen" in page
    assert client.post(reverse("core:place_create", args=[sjostad.slug]), {"name": "X"}).status_code == 403
    assert not Place.objects.filter(name="X").exists()


def test_live_search_returns_only_the_results_fragment(login, reader, sjostad, resecentrum):
    Place.objects.create(organisation=sjostad, name="Stadsparken", aliases=["parken"])
    client = login(reader)
    response = client.get(
        reverse("core:place_list", args=[sjostad.slug]),
        {"q": "station"},
        headers={"HX-Request": "true", "HX-Target": "place-results"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Resecentrum" in body and "Stadsparken" not in body
    assert "<html" not in body
    full = client.get(reverse("core:place_list", args=[sjostad.slug]), {"q": "park"}).content.decode()
    assert "<html" in full and "Stadsparken" in full and "Resecentrum" not in full
