"""The picture page, its recompute button and the rows view, over HTTP."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from lofte.situation.models import Report
from lofte.situation.services import report_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(partnership, world):
    return report_compute(partnership=partnership, year=2020, by=None)


def test_picture_page_shows_the_stored_numbers_and_says_agreement_in_words(login, reader, partnership, computed):
    response = login(reader).get(reverse("situation:picture", args=[partnership.slug, 2020]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dialogerna och polisens geokodade händelser pekar båda ut Centrum för alkohol och berusning." in html
    assert "Överens:" in html and "Oense:" in html
    assert '<title id="heat-dialogues-title">' in html and "Som tabell:" in html
    assert "Polisens händelselista visas inte på kartan" in html
    assert "Torget" in html  # the hotspot
    assert '<option value="dialogues">' in html  # the map's measures
    data = json.loads(re.search(r'id="picture-map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert {p["kind"] for p in data["points"]} <= {"incident", "place", "walk"}
    # No inline script or style: a Content-Security-Policy without unsafe-inline must hold.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert " style=" not in html


def test_picture_page_reads_only_the_stored_dataset(
    login, reader, partnership, computed, django_assert_max_num_queries
):
    client = login(reader)
    Report.objects.filter(pk=computed.pk).update(
        dataset={**computed.dataset, "sources": {**computed.dataset["sources"], "incidents": {"count": 4242}}}
    )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("situation:picture", args=[partnership.slug, 2020]))
    assert "4242 geokodade händelser" in response.content.decode()


def test_numbers_link_to_their_rows(login, reader, partnership, world, computed):
    client = login(reader)
    html = client.get(reverse("situation:picture", args=[partnership.slug, 2020])).content.decode()
    link = f"?ref=cell%3Aalkohol_berusning%3A{world.centrum.pk}"
    assert link in html
    response = client.get(reverse("situation:rows", args=[partnership.slug, 2020]) + link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "5 dialoger" in page and "11 geokodade händelser" in page
    kommun = client.get(reverse("situation:rows", args=[partnership.slug, 2020]) + "?ref=cell:alkohol_berusning:kommun")
    assert "6 händelser i polisens händelselista" in kommun.content.decode()
    assert "kommunens mitt" in kommun.content.decode()


def test_an_unknown_ref_is_not_found(login, reader, partnership, computed):
    response = login(reader).get(reverse("situation:rows", args=[partnership.slug, 2020]) + "?ref=nonsense:1")
    assert response.status_code == 404


def test_an_analyst_recomputes_and_a_reader_may_not(login, sjostad_analyst, reader, partnership, world):
    url = reverse("situation:picture_compute", args=[partnership.slug, 2020])
    assert login(reader).post(url).status_code == 403
    assert not Report.objects.filter(partnership=partnership, year=2020).exists()
    response = login(sjostad_analyst).post(url)
    assert response.status_code == 302
    assert Report.objects.get(partnership=partnership, year=2020).dataset["sources"]["dialogues"]["count"] == 11


def test_a_year_not_computed_shows_an_empty_state(login, reader, partnership, world):
    response = login(reader).get(reverse("situation:picture", args=[partnership.slug, 2020]))
    assert "Lägesbilden är inte beräknad än" in response.content.decode()


def test_partnership_page_lists_every_year(login, reader, partnership, world, computed):
    html = login(reader).get(reverse("situation:partnership", args=[partnership.slug])).content.decode()
    assert reverse("situation:picture", args=[partnership.slug, 2020]) in html
    assert reverse("situation:picture", args=[partnership.slug, 2019]) in html
    assert "inte beräknad än" in html


def test_another_partnerships_picture_is_not_found(login, outsider, partnership, computed):
    client = login(outsider)
    assert client.get(reverse("situation:picture", args=[partnership.slug, 2020])).status_code == 404
    rows = reverse("situation:rows", args=[partnership.slug, 2020]) + "?ref=cell:belysning:kommun"
    assert client.get(rows).status_code == 404
