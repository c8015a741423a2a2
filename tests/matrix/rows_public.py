from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from PIL import Image

from lofte.public.models import NewsItem
from tests.matrix.base import ADMIN, EVERYONE, OUTSIDER, PLATFORM_ADMIN, POLICE_MEMBERS, Row


def build(world: SimpleNamespace) -> None:
    """A published news item with an image, a draft, and Sjöstad's logo, for the public site's URLs."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 60, 120)).save(out, format="PNG")
    world.sjostad.logo.save("matrix-logo.png", ContentFile(out.getvalue()))
    world.news = NewsItem.objects.create(
        organisation=world.sjostad,
        title="Medborgarlöfte för 2021 klart",
        date=dt.date(2020, 12, 10),
        text="Under 2020 har över 600 samtal förts.",
        image_alt="Torget i Sjöstad",
        published_at=dt.datetime(2020, 12, 10, 9, tzinfo=dt.UTC),
    )
    world.news.image.save("matrix.jpg", ContentFile(out.getvalue()))
    world.draft_news = NewsItem.objects.create(
        organisation=world.sjostad, title="Utkast", date=dt.date(2026, 1, 1), text="Inte klart."
    )


def _org(w: SimpleNamespace) -> dict[str, str]:
    return {"slug": w.sjostad.slug}


def _news(w: SimpleNamespace) -> dict[str, object]:
    return {"slug": w.sjostad.slug, "pk": w.news.pk}


def _draft(w: SimpleNamespace) -> dict[str, object]:
    return {"slug": w.sjostad.slug, "pk": w.draft_news.pk}


PUBLIC = {"allowed": EVERYONE, "public": True}
# Sjöstad's administrators (and the platform's) run its public site; police members and Grannby's admin get 404.
SITE_ADMIN = {"allowed": frozenset({PLATFORM_ADMIN, ADMIN}), "hidden": POLICE_MEMBERS | {OUTSIDER}}
NEWS_DATA = {"title": "Ny nyhet", "date": "2026-12-01", "text": "Text med [länk](https://example.org)."}

ROWS = [
    Row("public:index", **PUBLIC),  # two municipalities in the world: the list, not a redirect
    Row("public:start", _org, **PUBLIC),
    Row("public:contact", _org, **PUBLIC),
    Row("public:news_list", _org, **PUBLIC),
    Row("public:news_feed", _org, **PUBLIC),
    Row("public:news_item", _news, **PUBLIC),
    Row("public:news_image", _news, **PUBLIC),
    # A draft does not exist for the public, signed in or not.
    Row("public:news_item", _draft, allowed=frozenset(), hidden=EVERYONE, public=True),
    Row("public:archive", _org, **PUBLIC),
    Row("public:accessibility", _org, **PUBLIC),
    Row("public:theme", _org, **PUBLIC),
    Row("public:logo", _org, **PUBLIC),
    Row("website:site", _org, **SITE_ADMIN),
    Row("website:site", _org, method="post", ok=302, data=lambda w: {"colour": "#0b4f8a"}, **SITE_ADMIN),
    Row("website:hours", _org, **SITE_ADMIN),
    Row("website:hours", _org, method="post", ok=302, data=lambda w: {"day_0": "08:00–16:30"}, **SITE_ADMIN),
    Row("website:news_create", _org, **SITE_ADMIN),
    Row("website:news_create", _org, method="post", ok=302, data=lambda w: NEWS_DATA, **SITE_ADMIN),
    Row("website:news_edit", _draft, **SITE_ADMIN),
    Row("website:news_edit", _draft, method="post", ok=302, data=lambda w: NEWS_DATA, **SITE_ADMIN),
    Row("website:news_publish", _draft, method="post", ok=302, **SITE_ADMIN),
    Row("website:news_unpublish", _news, method="post", ok=302, **SITE_ADMIN),
]
