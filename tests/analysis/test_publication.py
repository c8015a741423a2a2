"""'Vad ni sagt': an analyst reviews, then publishes a campaign's analysis; residents read only the reviewed
snapshot and only the quotes the analyst approved; unpublishing takes the page down at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lofte.analysis.models import Publication
from lofte.analysis.publication import published_findings, quote_choices
from lofte.core.models import AuditEntry
from tests.analysis.test_runs import run_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(campaign):
    return run_now(campaign)


def _staff(name: str, campaign) -> str:  # noqa: ANN001
    return reverse(f"analysis:{name}", args=[campaign.slug])


def _public(sjostad, campaign=None) -> str:  # noqa: ANN001
    if campaign is None:
        return reverse("analysis_public:findings", args=[sjostad.slug])
    return reverse("analysis_public:findings_campaign", args=[sjostad.slug, campaign.slug])


def test_nothing_is_public_until_an_analyst_has_reviewed_and_published(
    client, login, sjostad_analyst, sjostad, campaign, run
):
    assert client.get(_public(sjostad)).status_code == 404
    staff = login(sjostad_analyst)
    refused = staff.post(_staff("publication_publish", campaign))
    assert refused.status_code == 400 and not Publication.objects.exists()
    chosen = quote_choices(run)[0]
    assert staff.post(_staff("publication", campaign), {"quotes": [chosen.key]}).status_code == 400  # no confirm
    assert staff.post(_staff("publication", campaign), {"quotes": [chosen.key], "confirm": "on"}).status_code == 302
    publication = Publication.objects.get(campaign=campaign)
    assert publication.reviewed_by == sjostad_analyst and publication.reviewed_at
    assert publication.published_at is None
    assert client.get(_public(sjostad)).status_code == 404
    assert staff.post(_staff("publication_publish", campaign)).status_code == 302
    publication.refresh_from_db()
    assert publication.published_by == sjostad_analyst and publication.published_at
    assert publication.content["dialogues"] == 10
    actions = list(
        AuditEntry.objects.filter(action__startswith="analysis_publication.")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("analysis_publication.review", sjostad_analyst.pk),
        ("analysis_publication.publish", sjostad_analyst.pk),
    ]


def test_residents_read_figures_themes_by_area_and_time_and_only_the_approved_quotes(
    client, login, sjostad_analyst, sjostad, campaign, run
):
    choices = quote_choices(run)
    approved, left_out = choices[0], choices[1]
    staff = login(sjostad_analyst)
    staff.post(_staff("publication", campaign), {"quotes": [approved.key], "confirm": "on"})
    staff.post(_staff("publication_publish", campaign))
    page = client.get(_public(sjostad))
    assert page.status_code == 200
    assert page.text == client.get(_public(sjostad, campaign)).text
    assert '<html lang="sv">' in page.text
    assert "Trygghetsdialog 2020" in page.text and "<strong>10</strong>" in page.text
    assert "Belysning" in page.text and "Norrvik" in page.text and "Kväll" in page.text
    assert approved.text in page.text and left_out.text not in page.text
    assert not page.cookies
    assert "<script" not in page.text
    english = client.get(_public(sjostad), HTTP_COOKIE="django_language=en")
    assert '<html lang="en">' in english.text and "Lighting" in english.text


def test_a_later_review_changes_nothing_public_until_published_again(
    client, login, sjostad_analyst, sjostad, campaign, run
):
    first, second = quote_choices(run)[:2]
    staff = login(sjostad_analyst)
    staff.post(_staff("publication", campaign), {"quotes": [first.key], "confirm": "on"})
    staff.post(_staff("publication_publish", campaign))
    staff.post(_staff("publication", campaign), {"quotes": [second.key], "confirm": "on"})
    page = client.get(_public(sjostad)).text
    assert first.text in page and second.text not in page
    staff.post(_staff("publication_publish", campaign))
    page = client.get(_public(sjostad)).text
    assert second.text in page and first.text not in page


def test_unpublishing_takes_the_page_down_at_once(client, login, sjostad_analyst, sjostad, campaign, run):
    staff = login(sjostad_analyst)
    staff.post(_staff("publication", campaign), {"confirm": "on"})
    staff.post(_staff("publication_publish", campaign))
    assert client.get(_public(sjostad, campaign)).status_code == 200
    assert published_findings(organisation=sjostad)["dialogues"] == 10
    assert staff.post(_staff("publication_unpublish", campaign)).status_code == 302
    assert client.get(_public(sjostad, campaign)).status_code == 404
    assert client.get(_public(sjostad)).status_code == 404
    assert published_findings(organisation=sjostad) is None
    publication = Publication.objects.get()
    assert publication.published_at is None and publication.content == {}
    assert AuditEntry.objects.filter(action="analysis_publication.unpublish", actor=sjostad_analyst).count() == 1


def test_the_start_page_selector_gives_the_latest_published_campaign(login, sjostad_analyst, sjostad, campaign, run):
    staff = login(sjostad_analyst)
    chosen = quote_choices(run)[:2]
    staff.post(_staff("publication", campaign), {"quotes": [c.key for c in chosen], "confirm": "on"})
    staff.post(_staff("publication_publish", campaign))
    found = published_findings(organisation=sjostad)
    assert found["campaign"] == "Trygghetsdialog 2020"
    assert found["dialogues"] == 10 and len(found["top_themes"]) == 3
    assert found["top_themes"][0]["count"] >= found["top_themes"][1]["count"]
    assert [q["text"] for q in found["quotes"]] == [c.text for c in chosen]
    assert found["url"] == _public(sjostad, campaign)


def test_a_reader_may_not_review_and_another_kommun_never_shows_it(
    client, login, reader, sjostad_analyst, grannby, sjostad, campaign, run
):
    assert login(reader).post(_staff("publication", campaign), {"confirm": "on"}).status_code == 403
    staff = login(sjostad_analyst)
    staff.post(_staff("publication", campaign), {"confirm": "on"})
    staff.post(_staff("publication_publish", campaign))
    assert client.get(_public(grannby)).status_code == 404
    assert client.get(_public(grannby, campaign)).status_code == 404
    assert client.get(reverse("analysis_public:findings_campaign", args=[sjostad.slug, "x" * 200])).status_code == 404


def test_the_municipalitys_start_page_sums_up_what_residents_said_once_published_and_not_after(
    client, login, sjostad_analyst, sjostad, campaign, run
):
    start = reverse("public:start", args=[sjostad.slug])
    assert "Vad ni har sagt" not in client.get(start).text  # nothing published: no section, no menu link
    approved = quote_choices(run)[0]
    staff = login(sjostad_analyst)
    staff.post(_staff("publication", campaign), {"quotes": [approved.key], "confirm": "on"})
    staff.post(_staff("publication_publish", campaign))
    page = Client().get(start).text
    assert "Trygghetsdialog 2020" in page and "10 invånare" in page and "Belysning" in page
    assert approved.text in page and _public(sjostad, campaign) in page and _public(sjostad) in page
    staff.post(_staff("publication_unpublish", campaign))
    assert "Vad ni har sagt" not in Client().get(start).text
