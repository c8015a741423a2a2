"""The public website: the front door, a municipality's pages, and how they are served (no cookie, cacheable)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from lofte.core.models import Organisation
from lofte.dialogues.models import Campaign
from lofte.lib.images import clean_photo
from lofte.public import urls as public_urls
from lofte.public.models import PublicSite
from lofte.public.services import news_item_update


def test_one_municipality_the_front_door_goes_to_its_start_page(client, sjostad, lpo_sjostad):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("public:start", args=["sjostad"])


def test_several_municipalities_the_front_door_lists_them_and_links_to_sign_in(client, sjostad, grannby):
    page = client.get("/").text
    assert reverse("public:start", args=["sjostad"]) in page and reverse("public:start", args=["grannby"]) in page
    assert reverse("core:login") in page


def test_a_configured_host_name_shows_its_municipality(client, settings, sjostad, grannby):
    settings.ALLOWED_HOSTS = ["trygg.grannby.example", "testserver"]
    settings.LOFTE_PUBLIC_HOSTS = {"trygg.grannby.example": "grannby"}
    response = client.get("/", HTTP_HOST="trygg.grannby.example")
    assert response["Location"] == reverse("public:start", args=["grannby"])


def test_the_staff_start_page_moved_and_still_asks_for_sign_in(client, reader, login):
    assert reverse("core:home") == "/start/"
    assert client.get("/start/")["Location"].startswith(reverse("core:login"))
    assert login(reader).get("/start/").status_code == 200


def test_police_areas_have_no_public_site(client, lpo_sjostad):
    assert client.get(reverse("public:start", args=[lpo_sjostad.slug])).status_code == 404


def test_start_page_shows_the_published_promise_and_its_progress(client, published, sjostad):
    page = client.get(reverse("public:start", args=["sjostad"])).text
    assert "Medborgarlöfte 2021" in page and "Trygghet i centrum" in page
    assert "Polisen är synlig vid skolor" in page and "<progress" in page or "Inte påbörjat" in page
    assert published.public_url() in page


def test_a_draft_promise_never_shows(client, draft, sjostad):
    page = client.get(reverse("public:start", args=["sjostad"])).text
    assert "Medborgarlöfte 2021" not in page and "inte publicerat än" in page
    assert "Medborgarlöfte 2021" not in client.get(reverse("public:archive", args=["sjostad"])).text


def test_start_page_links_the_open_web_survey_only_while_it_is_open(client, partnership, sjostad):
    today = dt.date.today()
    campaign = Campaign.objects.create(
        partnership=partnership,
        year=today.year,
        name="Trygghetsenkät",
        slug="enkat",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=10),
        public_form_open=True,
    )
    url = reverse("public:start", args=["sjostad"])
    assert reverse("dialogues_public:form", args=["enkat"]) in client.get(url).text
    Campaign.objects.filter(pk=campaign.pk).update(public_form_open=False)
    from lofte.core import kept

    kept.forget_all()
    assert reverse("dialogues_public:form", args=["enkat"]) not in client.get(url).text


def test_start_page_has_the_ways_in_and_the_latest_news(client, sjostad, contact, news):
    page = client.get(reverse("public:start", args=["sjostad"])).text
    for url in (
        reverse("cases_public:feedback", args=["sjostad"]),
        reverse("cases_public:fault", args=["sjostad"]),
        reverse("public:contact", args=["sjostad"]),
        news.get_absolute_url(),
    ):
        assert url in page
    assert "0999-77 00 00" in page


def _public_urls(sjostad, news) -> list[str]:
    urls = []
    for pattern in public_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        keys = set(pattern.pattern.converters)
        kwargs = {k: v for k, v in {"slug": sjostad.slug, "pk": news.pk}.items() if k in keys}
        urls.append(reverse(f"public:{pattern.name}", kwargs=kwargs))
    return urls


def test_no_public_page_sets_a_cookie_or_is_private(client, sjostad, grannby, published, contact, news, png):
    news_item_update(
        item=news,
        by=None,
        title=news.title,
        date=news.date,
        text=news.text,
        image_alt="Ett torg",
        image=clean_photo(png),
    )
    sjostad.logo.save("sjostad.png", ContentFile(png))
    for url in _public_urls(sjostad, news):
        for query in ("", "?lang=en"):
            response = client.get(url + query)
            assert response.status_code == 200, url
            assert not response.cookies, (url, response.cookies)
            assert "Set-Cookie" not in response.headers, url
            assert "public" in response["Cache-Control"] and "private" not in response["Cache-Control"], url
            assert response.has_header("ETag") or response.streaming, url
            if not response.streaming:
                assert "csrfmiddlewaretoken" not in response.text and "sessionid" not in response.text
    assert not client.cookies


def test_every_public_url_is_listed_here(sjostad, news):
    assert len(_public_urls(sjostad, news)) == len(public_urls.urlpatterns)


def test_a_signed_in_reader_gets_the_same_cached_page_as_everyone(client, reader, login, sjostad, news):
    url = reverse("public:start", args=["sjostad"])
    anonymous = client.get(url)
    staff = login(reader).get(url)
    assert staff.text == anonymous.text and reader.username not in staff.text
    assert "Cookie" in staff["Vary"]


def test_etag_and_last_modified_answer_304(client, sjostad, news):
    url = reverse("public:news_list", args=["sjostad"])
    first = client.get(url)
    assert first.has_header("Last-Modified")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_language_switch_stays_on_the_page_without_a_cookie(client, sjostad, news):
    url = reverse("public:contact", args=["sjostad"])
    swedish = client.get(url).text
    assert '<html lang="sv">' in swedish and f'href="{url}?lang=en"' in swedish
    english = client.get(f"{url}?lang=en")
    assert '<html lang="en">' in english.text and f'href="{url}?lang=sv"' in english.text
    assert reverse("public:news_list", args=["sjostad"]) + "?lang=en" in english.text  # links keep the language
    assert english["Content-Language"] == "en" and not english.cookies and not client.cookies


def test_page_structure_skip_link_landmarks_and_one_h1(client, sjostad, published, contact, news):
    for url in _public_urls(sjostad, news):
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = response.text
        assert page.count("<h1") == 1, url
        assert 'href="#main"' in page and '<main id="main"' in page and "<header" in page and "<footer" in page
        assert "<script" not in page and "style=" not in page, url  # nothing inline, nothing third-party
        assert "https://" not in page.split("<body", 1)[0].replace("https://schema.org", ""), url


def test_colour_with_too_little_contrast_is_refused(sjostad, sjostad_admin):
    from django.core.exceptions import ValidationError

    from lofte.public.services import public_site_update

    with pytest.raises(ValidationError) as error:
        public_site_update(organisation=sjostad, by=sjostad_admin, colour="#ffbf47", accessibility_contact="")
    assert "4,5:1" in str(error.value)
    assert not PublicSite.objects.exists()
    site = public_site_update(organisation=sjostad, by=sjostad_admin, colour="#1D5B2E", accessibility_contact="")
    assert site.colour == "#1d5b2e"


def test_the_theme_stylesheet_carries_the_colour(client, sjostad, sjostad_admin):
    from lofte.public.services import public_site_update

    public_site_update(organisation=sjostad, by=sjostad_admin, colour="#1d5b2e", accessibility_contact="")
    css = client.get(reverse("public:theme", args=["sjostad"]))
    assert css["Content-Type"].startswith("text/css") and "--brand: #1d5b2e" in css.text


def test_contact_page_shows_hours_journummer_and_schema_org(client, sjostad, contact):
    page = client.get(reverse("public:contact", args=["sjostad"])).text
    assert 'itemtype="https://schema.org/GovernmentOffice"' in page
    assert 'itemprop="telephone"' in page and 'itemprop="faxNumber"' in page and "kommun@sjostad.example" in page
    assert page.count('itemtype="https://schema.org/OpeningHoursSpecification"') == 5
    assert 'href="https://schema.org/Monday"' in page and "08.00" in page and "16.30" in page
    assert "Socialjouren" in page and "0999-77 01 30" in page
    assert ("Öppet nu" in page) or ("Stängt nu" in page)


def test_open_now_follows_hours_and_holidays(sjostad, contact):
    from django.utils import timezone

    from lofte.public.selectors import contact_centre, hours_of

    hours = hours_of(contact_centre(sjostad))
    stockholm = timezone.get_current_timezone()
    assert hours.open_at(dt.datetime(2026, 12, 1, 9, 0, tzinfo=stockholm))
    assert not hours.open_at(dt.datetime(2026, 12, 24, 9, 0, tzinfo=stockholm))  # julafton
    assert not hours.open_at(dt.datetime(2026, 12, 23, 13, 0, tzinfo=stockholm))  # the exception: until 12
    assert not hours.open_at(dt.datetime(2026, 6, 19, 9, 0, tzinfo=stockholm))  # midsommarafton


def test_archive_lists_published_promises_with_their_pages(client, published, sjostad):
    page = client.get(reverse("public:archive", args=["sjostad"])).text
    assert published.public_url() in page and "2021" in page


def test_accessibility_statement_shows_the_latest_check(client, settings, tmp_path, sjostad, contact):
    results = tmp_path / "axe.json"
    results.write_text(
        json.dumps(
            {
                "checked_at": "2026-12-01T10:00:00+01:00",
                "axe_version": "4.12.1",
                "pages": [{"url": "/p/sjostad/", "violations": 0}, {"url": "/p/sjostad/kontakt/", "violations": 0}],
            }
        )
    )
    settings.LOFTE_ACCESSIBILITY_RESULTS = results
    page = client.get(reverse("public:accessibility", args=["sjostad"])).text
    assert "1 december 2026" in page and "2 kontroller" in page and "hittade 0 fel" in page
    assert "kommun@sjostad.example" in page and "Digg" in page
    assert "axe-core 4.12.1 med reglerna för WCAG 2.1 A och AA" in page
    english = client.get(reverse("public:accessibility", args=["sjostad"]) + "?lang=en").text
    assert "axe-core 4.12.1 with the rules of WCAG 2.1 A and AA and of best practice" in english


def test_accessibility_statement_without_recorded_checks_says_so(client, settings, tmp_path, sjostad):
    settings.LOFTE_ACCESSIBILITY_RESULTS = tmp_path / "missing.json"
    assert "Ingen automatisk kontroll" in client.get(reverse("public:accessibility", args=["sjostad"])).text


def test_unknown_municipality_is_404(client, db):
    assert not Organisation.objects.exists()
    assert client.get(reverse("public:start", args=["nowhere"])).status_code == 404
