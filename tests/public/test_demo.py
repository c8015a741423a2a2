"""The public site's demo step: Sjöstad's colour, logo, hours and news, loaded once."""

from __future__ import annotations

from django.urls import reverse

from lofte.core import demo as core_demo
from lofte.public import demo as public_demo
from lofte.public.models import NewsItem, OpeningHours


def test_the_demo_gives_sjostad_a_public_site_once(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = core_demo.DemoContext(seed=2020, rng=core_demo.random.Random(2020))
    core_demo.load(ctx)
    public_demo.load(ctx)
    public_demo.load(ctx)
    assert NewsItem.objects.published().count() == len(public_demo.NEWS)
    assert OpeningHours.objects.filter(weekday=0).count() == 2  # closed for lunch
    page = client.get(reverse("public:start", args=[ctx.municipality.slug])).text
    assert "Medborgarlöfte för 2021 klart" in page and "0999-10 00 00" in page
    assert client.get(reverse("public:logo", args=[ctx.municipality.slug]))["Content-Type"] == "image/png"
    assert "--brand: #0a5c6b" in client.get(reverse("public:theme", args=[ctx.municipality.slug])).text
