"""News: staff write a draft, publish it, the public and the feed see it; unpublishing takes it down at once."""

from __future__ import annotations

import io

from django.urls import reverse
from PIL import Image

from lofte.core.models import AuditEntry
from lofte.public.models import NewsItem


def _admin(login, sjostad_admin):
    return login(sjostad_admin)


def test_admin_writes_a_draft_that_nobody_outside_sees(client, login, sjostad_admin, sjostad):
    staff = login(sjostad_admin)
    response = staff.post(
        reverse("website:news_create", args=["sjostad"]),
        {
            "title": "Medborgarlöfte för 2021 klart",
            "date": "2020-12-10",
            "text": "Under 2020 har över 600 samtal förts.",
        },
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302 and item.published_at is None and item.created_by == sjostad_admin
    assert client.get(reverse("public:news_item", args=["sjostad", item.pk])).status_code == 404
    assert "Medborgarlöfte för 2021" not in client.get(reverse("public:news_list", args=["sjostad"])).text
    assert "Medborgarlöfte för 2021" not in client.get(reverse("public:news_feed", args=["sjostad"])).text
    assert AuditEntry.objects.filter(action="news_item.create", target_id=str(item.pk)).exists()


def test_publish_shows_it_everywhere_and_unpublish_takes_it_down_at_once(client, login, sjostad_admin, draft_news):
    staff = login(sjostad_admin)
    list_url = reverse("public:news_list", args=["sjostad"])
    assert draft_news.title not in client.get(list_url).text  # the list is now kept for a few seconds
    staff.post(reverse("website:news_publish", args=["sjostad", draft_news.pk]))
    draft_news.refresh_from_db()
    assert draft_news.published_at is not None and draft_news.published_by == sjostad_admin
    assert draft_news.title in client.get(list_url).text
    feed = client.get(reverse("public:news_feed", args=["sjostad"]))
    assert feed["Content-Type"].startswith("application/atom+xml") and draft_news.title in feed.text
    assert client.get(draft_news.get_absolute_url()).status_code == 200

    staff.post(reverse("website:news_unpublish", args=["sjostad", draft_news.pk]))
    draft_news.refresh_from_db()
    assert draft_news.published_at is None
    assert client.get(draft_news.get_absolute_url()).status_code == 404
    assert draft_news.title not in client.get(list_url).text
    assert draft_news.title not in client.get(reverse("public:news_feed", args=["sjostad"])).text
    actions = set(AuditEntry.objects.filter(target_id=str(draft_news.pk)).values_list("action", flat=True))
    assert {"news_item.publish", "news_item.unpublish"} <= actions


def test_typed_html_is_shown_as_text_and_only_safe_links_become_links(client, login, sjostad_admin, sjostad):
    staff = login(sjostad_admin)
    staff.post(
        reverse("website:news_create", args=["sjostad"]),
        {
            "title": "<b>Rubrik</b>",
            "date": "2026-12-01",
            "text": '<script>alert(1)</script> [Polisen](https://polisen.se/?a=1&b="2") '
            "[klicka](javascript:alert(1)) <img src=x onerror=alert(1)>\n\nhttps://sjostad.example/trygg",
        },
    )
    item = NewsItem.objects.get()
    staff.post(reverse("website:news_publish", args=["sjostad", item.pk]))
    page = client.get(item.get_absolute_url()).text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Rubrik" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://polisen.se/?a=1&amp;b=">Polisen</a>' not in page  # the quote ends no attribute
    assert 'href="javascript:' not in page
    assert '<a href="https://sjostad.example/trygg" rel="nofollow">' in page
    assert page.count("<p>") >= 2


def test_an_image_is_re_encoded_without_metadata_and_needs_alt_text(client, login, sjostad_admin, sjostad):
    staff = login(sjostad_admin)
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Telefonmärke"  # Make
    Image.new("RGB", (3000, 1000), (200, 30, 30)).save(photo, format="JPEG", exif=exif)
    data = {"title": "Trygghetsvandring", "date": "2026-10-01", "text": "Vi gick genom centrum."}

    def upload():
        return io.BytesIO(photo.getvalue())

    missing_alt = staff.post(reverse("website:news_create", args=["sjostad"]), {**data, "upload": upload()})
    assert missing_alt.status_code == 400 and not NewsItem.objects.exists()
    assert 'href="#id_image_alt"' in missing_alt.text  # the summary links to the field

    staff.post(
        reverse("website:news_create", args=["sjostad"]),
        {**data, "upload": upload(), "image_alt": "Tio personer med reflexvästar på torget"},
    )
    item = NewsItem.objects.get()
    stored = Image.open(item.image.open("rb"))
    assert stored.format == "JPEG" and max(stored.size) == 2048 and not stored.getexif()
    staff.post(reverse("website:news_publish", args=["sjostad", item.pk]))
    page = client.get(item.get_absolute_url()).text
    assert 'alt="Tio personer med reflexvästar på torget"' in page
    image = client.get(reverse("public:news_image", args=["sjostad", item.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_an_image_is_refused_with_a_message(login, sjostad_admin, sjostad):
    staff = login(sjostad_admin)
    response = staff.post(
        reverse("website:news_create", args=["sjostad"]),
        {
            "title": "X",
            "date": "2026-10-01",
            "text": "Y",
            "image_alt": "Z",
            "upload": io.BytesIO(b"<svg onload=alert(1)>"),
        },
    )
    assert response.status_code == 400 and "går inte att läsa som en bild" in response.text
    assert not NewsItem.objects.exists()


def test_a_form_with_errors_is_summarised_and_keeps_what_was_typed(login, sjostad_admin, sjostad):
    response = login(sjostad_admin).post(
        reverse("website:news_create", args=["sjostad"]), {"title": "", "date": "i morgon", "text": "Min text"}
    )
    assert response.status_code == 400
    assert 'href="#id_title"' in response.text and 'href="#id_date"' in response.text and "Min text" in response.text


def test_hours_form_saves_the_week_and_refuses_nonsense(login, sjostad_admin, sjostad):
    staff = login(sjostad_admin)
    bad = staff.post(reverse("website:hours", args=["sjostad"]), {"day_0": "åtta till fem", "exceptions": "jul"})
    assert bad.status_code == 400 and 'href="#id_day_0"' in bad.text and 'href="#id_exceptions"' in bad.text
    ok = staff.post(
        reverse("website:hours", args=["sjostad"]),
        {"day_0": "08:00–12:00, 13:00–16:30", "day_4": "08:00–15:00", "exceptions": "2026-12-23 08:00–12:00 Dag före"},
    )
    assert ok.status_code == 302
    centre = sjostad.contact_centre
    assert [(h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in centre.weekly_hours.all()] == [
        (0, "08:00", "12:00"),
        (0, "13:00", "16:30"),
        (4, "08:00", "15:00"),
    ]
    assert list(centre.opening_exceptions.values_list("ranges", "note")) == [([["08:00", "12:00"]], "Dag före")]
    form = staff.get(reverse("website:hours", args=["sjostad"])).text
    assert 'value="08:00–12:00, 13:00–16:30"' in form


def test_a_reader_of_the_municipality_may_not_write_news(login, reader, sjostad):
    response = login(reader).post(
        reverse("website:news_create", args=["sjostad"]), {"title": "X", "date": "2026-01-01", "text": "Y"}
    )
    assert response.status_code == 403 and not NewsItem.objects.exists()


def test_colour_form_refuses_a_light_colour_with_the_reason(login, sjostad_admin, sjostad):
    response = login(sjostad_admin).post(reverse("website:site", args=["sjostad"]), {"colour": "#7fb3e0"})
    assert response.status_code == 400 and "4,5:1" in response.text and 'href="#id_colour"' in response.text


def test_an_english_reader_follows_the_feed_in_english_and_each_entry_keeps_one_id(client, news):
    import re

    page = client.get(reverse("public:start", args=["sjostad"]), {"lang": "en"}).text
    assert 'type="application/atom+xml" title="News from Sjöstad kommun" href="/p/sjostad/nyheter.atom?lang=en"' in page
    english = client.get(reverse("public:news_feed", args=["sjostad"]), {"lang": "en"}).text
    swedish = client.get(reverse("public:news_feed", args=["sjostad"])).text
    assert f'href="http://testserver{news.get_absolute_url()}?lang=en"' in english
    assert f'href="http://testserver{news.get_absolute_url()}"' in swedish
    entry_ids = [re.findall(r"<entry>.*?<id>(.*?)</id>", feed, re.S) for feed in (english, swedish)]
    assert entry_ids[0] == entry_ids[1] == [f"http://testserver{news.get_absolute_url()}"]


def test_the_news_list_shows_a_links_words_not_its_syntax(client, login, sjostad_admin, news):
    news.text = "Gör en [felanmälan](/p/sjostad/felanmalan/) om lampan är trasig."
    news.save()
    page = client.get(reverse("public:news_list", args=["sjostad"])).text
    assert "Gör en felanmälan om lampan är trasig." in page
    assert "](/p/sjostad" not in page
