"""Sjöstad's public site: a published promise (from the promises tests), a contact centre with hours, news."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.core.models import ContactCentre, OnCallNumber
from lofte.lib.opening import parse_exceptions
from lofte.public.models import NewsItem
from lofte.public.services import news_item_create, news_item_publish, opening_hours_set
from tests.promises.conftest import centrum, draft, focus, published, signatories  # noqa: F401

T = dt.time


@pytest.fixture
def contact(sjostad, sjostad_admin) -> ContactCentre:
    centre = ContactCentre.objects.create(
        organisation=sjostad,
        phone="0999-77 00 00",
        fax="0999-77 03 40",
        email="kommun@sjostad.example",
        visiting_address="Storgatan 8\n999 88 Sjöstad",
    )
    OnCallNumber.objects.create(contact_centre=centre, service="Socialjouren", phone="0999-77 01 30")
    week = {d: ((T(8), T(16, 30)),) for d in range(4)} | {4: ((T(8), T(15)),)}
    return opening_hours_set(
        organisation=sjostad,
        by=sjostad_admin,
        week=week,
        exceptions=parse_exceptions("2026-12-23 08:00–12:00 Dag före julafton"),
    )


@pytest.fixture
def news(sjostad, sjostad_admin) -> NewsItem:
    item = news_item_create(
        organisation=sjostad,
        by=sjostad_admin,
        title="Medborgarlöfte för 2021 klart",
        date=dt.date(2020, 12, 10),
        text="Under 2020 har över 600 samtal förts.\n\nLäs [löftet](/p/medborgarloften/) eller https://polisen.se.",
    )
    return news_item_publish(item=item, by=sjostad_admin)


@pytest.fixture
def draft_news(sjostad, sjostad_admin) -> NewsItem:
    return news_item_create(
        organisation=sjostad, by=sjostad_admin, title="Hemligt utkast", date=dt.date(2026, 1, 1), text="Inte klart."
    )


@pytest.fixture
def png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 140)).save(out, format="PNG")
    return out.getvalue()
