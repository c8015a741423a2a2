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
