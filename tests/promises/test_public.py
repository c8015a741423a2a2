"""The public pages and JSON: only published versions, the newest of each year, with their JSON named in the head."""

from __future__ import annotations

import json

from django.urls import reverse

from lofte.promises.exports import SCHEMA
from lofte.promises.services import promise_new_version
from tests.conftest import links_without_language


def test_a_draft_never_shows_publicly(client, partnership, draft):
    assert client.get(reverse("promises_public:promise", args=[partnership.slug, 2021])).status_code == 404
    assert client.get(reverse("promises_public:promise_json", args=[partnership.slug, 2021])).status_code == 404
    assert "Medborgarlöfte 2021" not in client.get(reverse("promises_public:list")).text
    assert json.loads(client.get(reverse("promises_public:list_json")).content)["promises"] == []


def test_the_public_page_names_its_json_and_shows_signatories_and_progress(client, partnership, published):
    page = client.get("/p/medborgarloften/sjostad/2021/")
    assert page.status_code == 200
    assert '<link rel="alternate" type="application/json" href="/p/medborgarloften/sjostad/2021.json">' in page.text
    assert "Sara Svensson</strong>, Trygghetssamordnare" in page.text
    assert "Polisen är synlig vid skolor och fritidsgårdar" in page.text
    assert "0 av 40" in page.text


def test_a_new_draft_version_leaves_the_published_one_on_the_public_page(
    client, partnership, published, sjostad_analyst
):
    draft = promise_new_version(promise=published, by=sjostad_analyst)
    draft.title_sv = "Hemligt utkast"
    draft.save()
    page = client.get("/p/medborgarloften/sjostad/2021/")
    assert "Hemligt utkast" not in page.text
    assert "Medborgarlöfte 2021" in page.text


def test_the_json_follows_the_documented_schema(client, partnership, published):
    document = json.loads(client.get("/p/medborgarloften/sjostad/2021.json").content)
    assert document["schema"] == SCHEMA == "lofte.medborgarlofte/1"
    assert document["url"] == "http://testserver/p/medborgarloften/sjostad/2021/"
    assert document["kommunkod"] == "9901"
    assert document["period"] == {"start_year": 2021, "end_year": 2021}
    assert [p["signatory"]["title"] for p in document["parties"]] == ["Trygghetssamordnare", "Kommunpolis"]
    commitment = document["focus_areas"][0]["commitments"][0]
    assert commitment["target"] == {"kind": "count", "value": 40.0, "survey_item": None, "baseline": None}
    assert commitment["progress"]["done_count"] == 0
    assert document["evaluation"] is None
    listing = json.loads(client.get("/p/medborgarloften.json").content)
    assert listing["schema"] == SCHEMA
    assert [p["url"] for p in listing["promises"]] == [document["url"]]


def test_the_public_page_makes_the_same_number_of_queries_for_1_or_20_commitments(
    client, partnership, published, focus, commitment, sjostad_analyst
):
    import datetime as dt
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lofte.promises.models import Commitment
    from lofte.promises.services import activity_log

    with CaptureQueriesContext(connection) as one:
        client.get("/p/medborgarloften/sjostad/2021/")
    for number in range(19):
        copy = Commitment.objects.create(
            focus_area=focus,
            what_sv=f"Åtagande {number}",
            owner="police",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
            target_kind="count",
            target_value=10,
            position=number + 2,
        )
        for _ in range(3):
            activity_log(
                commitment=copy,
                by=sjostad_analyst,
                occurred_on=dt.date(2021, 2, 1),
                what="x",
                idempotency_key=uuid.uuid4(),
            )
    with CaptureQueriesContext(connection) as twenty:
        page = client.get("/p/medborgarloften/sjostad/2021/")
    assert page.text.count('class="commitment"') == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_the_public_promise_page_takes_the_same_queries_with_more_commitments_and_activities(
    client, published, focus, commitment, police_analyst
):
    import datetime as dt
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lofte.promises.models import Activity, Commitment

    url = published.public_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    more = [
        Commitment.objects.create(
            focus_area=focus,
            what_sv=f"Åtagande {i}",
            owner="police",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
            target_kind="count",
            target_value=10,
            parent=commitment if i % 2 else None,
        )
        for i in range(6)
    ]
    Activity.objects.bulk_create(
        Activity(commitment=more[i % 6], occurred_on=dt.date(2021, 3, 1), what="x", idempotency_key=uuid.uuid4())
        for i in range(60)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and "Åtagande 5" in response.text
    assert len(many) == len(few)


def test_a_reader_who_chose_english_stays_in_english_between_promises(client, partnership, published):
    page = client.get("/p/medborgarloften/sjostad/2021/?lang=en")
    assert '<html lang="en">' in page.text
    assert links_without_language(page.text) == []
    assert 'href="/p/medborgarloften/?lang=en"' in page.text
    listing = client.get("/p/medborgarloften/?lang=en")
    assert links_without_language(listing.text) == []
    assert 'href="/p/medborgarloften/sjostad/2021/?lang=en"' in listing.text
    assert not client.cookies


def _in_english(published, focus, commitment) -> None:
    from lofte.promises.models import Commitment, FocusArea, Promise

    Promise.objects.filter(pk=published.pk).update(title_en="Citizen promise 2021", intro_en="Together for safety.")
    FocusArea.objects.filter(pk=focus.pk).update(title_en="Safety in the centre")
    Commitment.objects.filter(pk=commitment.pk).update(what_en="The police are visible at schools and youth centres")


def test_the_english_public_page_shows_the_english_texts_and_swedish_where_none_was_written(
    client, partnership, published, focus, commitment
):
    _in_english(published, focus, commitment)
    page = client.get("/p/medborgarloften/sjostad/2021/?lang=en").text
    assert "<h1>Citizen promise 2021</h1>" in page
    assert "Together for safety." in page
    assert "Safety in the centre" in page
    assert "The police are visible at schools and youth centres" in page
    assert "Polisen är synlig vid skolor och fritidsgårdar" not in page
    assert "Många känner sig otrygga i centrum på kvällarna." in page  # no English "why": the Swedish one
    swedish = client.get("/p/medborgarloften/sjostad/2021/").text
    assert "<h1>Medborgarlöfte 2021</h1>" in swedish and "Citizen promise 2021" not in swedish
    listing = client.get("/p/medborgarloften/?lang=en").text
    assert "Citizen promise 2021" in listing


def test_the_english_promise_pdf_shows_the_english_texts(partnership, published, focus, commitment):
    from django.template.loader import render_to_string
    from django.utils import translation

    from lofte.promises.pdf import promise_context

    _in_english(published, focus, commitment)
    published.refresh_from_db()
    with translation.override("en"):
        html = render_to_string(
            "promises/promise_pdf.html",
            {**promise_context(published, evaluation_version=None), "public": True, "page_url": ""},
        )
    assert "<h1>Citizen promise 2021</h1>" in html
    assert "<h2>Safety in the centre</h2>" in html
    assert "The police are visible at schools and youth centres" in html
    assert "Polisen är synlig" not in html


def test_the_english_atom_feed_names_the_promise_in_english_and_links_to_english_pages(
    client, partnership, published, focus, commitment
):
    _in_english(published, focus, commitment)
    english = client.get("/p/medborgarloften/sjostad.atom?lang=en").content.decode()
    assert "Citizen promise 2021" in english
    assert 'href="http://testserver/p/medborgarloften/sjostad/2021/?lang=en"' in english
    swedish = client.get("/p/medborgarloften/sjostad.atom").content.decode()
    assert "Medborgarlöfte 2021" in swedish
    # The entry is the same entry in either language.
    assert english.split("<id>")[2].split("</id>")[0] == swedish.split("<id>")[2].split("</id>")[0]


def test_the_english_public_page_links_its_json_pdf_and_feed_in_english(client, partnership, published):
    page = client.get("/p/medborgarloften/sjostad/2021/?lang=en").text
    assert '<link rel="alternate" type="application/json" href="/p/medborgarloften/sjostad/2021.json?lang=en">' in page
    assert 'type="application/pdf" href="/p/medborgarloften/sjostad/2021.pdf?lang=en"' in page
    assert 'href="/p/medborgarloften/sjostad.atom?lang=en"' in page
    assert '<a href="/p/medborgarloften/sjostad/2021.json?lang=en">' in page
