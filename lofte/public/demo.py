"""Demo step: Sjöstad's public site reads like a real municipality's safety pages: its colour and logo, the
contact centre's hours (lunch closed, shorter days before holidays) and news, among them the announcement of
the 2021 promise. Idempotent: keyed on titles and the organisation."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from lofte.core.models import User
from lofte.lib.opening import Exception_, parse_ranges
from lofte.public.models import NewsItem
from lofte.public.services import news_item_create, news_item_publish, opening_hours_set, public_site_update

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext

COLOUR = "#0a5c6b"  # lake blue-green; 7.6:1 against white

WEEK_TEXT = {
    0: "08:00–12:00, 12:45–16:30",
    1: "08:00–12:00, 12:45–16:30",
    2: "08:00–12:00, 12:45–16:30",
    3: "08:00–12:00, 12:45–18:00",  # long Thursday
    4: "08:00–12:00, 12:45–15:00",
}

NEWS = [
    (
        "Medborgarlöfte för 2021 klart",
        dt.date(2020, 12, 10),
        "Under 2020 har över 600 samtal (medborgardialoger) med kommuninvånare förts. Medborgardialogerna handlar "
        "om att lyssna på den som bor och verkar i kommunen utifrån vad den personen upplever som viktigast för att "
        "känna sig trygg och säker.\n\n"
        "Det är femte året i rad som Sjöstad kommun och Polisen ger invånarna ett löfte om hur de tillsammans ska "
        "stärka det trygghetsskapande och brottsförebyggande arbetet under året som kommer.\n\n"
        "Trygghet i Sjöstads tätorter: i dialogerna framkommer att polisen och kommunen bör arbeta för ett tryggare "
        "centrum, särskilt på kvällar och nätter. Bättre belysning och att vuxna, fältsekreterare och polis syns "
        "nämndes av många.\n\n"
        "Förebygga missbruk hos unga: många vill att polisen är synlig på skolor och fritidsgårdar och bygger "
        "relationer där ungdomar finns.\n\n"
        "Läs [alla medborgarlöften](/p/medborgarloften/) och hur det gick tidigare år.",
    ),
    (
        "Trygghetsvandring i Norrvik 14 oktober",
        dt.date(2020, 9, 28),
        "Kommunen, polisen och bostadsbolaget bjuder in till trygghetsvandring i Norrvik onsdag 14 oktober "
        "klockan 18.00. Vi samlas vid Norrviks torg och går tillsammans genom området för att se var det känns "
        "otryggt och vad som kan bli bättre.\n\n"
        "Alla är välkomna. Ta gärna med reflexväst. Frågor: ring kontaktcenter 0999-10 00 00.",
    ),
    (
        "Ny belysning i gångtunneln vid Resecentrum",
        dt.date(2021, 3, 2),
        "Gångtunneln under järnvägen vid Resecentrum har fått ny, ljusare belysning och nymålade väggar. "
        "Tunneln var en av de platser som flest nämnde som otrygg i medborgardialogerna 2020.\n\n"
        "Ser du en trasig lampa? Gör en [felanmälan](/p/sjostad/felanmalan/) så åtgärdar vi den.",
    ),
]


def _logo() -> bytes:
    """A simple mark: white waves on the lake colour."""
    image = Image.new("RGB", (128, 128), COLOUR)
    draw = ImageDraw.Draw(image)
    for offset in (44, 68, 92):
        draw.arc((-16, offset - 24, 72, offset + 12), 200, 340, fill="white", width=7)
        draw.arc((56, offset - 24, 144, offset + 12), 200, 340, fill="white", width=7)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def load(ctx: DemoContext) -> None:
    municipality = ctx.municipality
    if municipality is None:
        return
    admin = User.objects.get(username="admin@sjostad.example")
    public_site_update(organisation=municipality, by=admin, colour=COLOUR, accessibility_contact="")
    if not municipality.logo:
        municipality.logo.save("sjostad-logo.png", ContentFile(_logo()))

    year = timezone.localdate().year
    exceptions = []
    for y in (year, year + 1):
        for day, note in (
            (dt.date(y, 1, 5), "Dag före trettondedag jul"),
            (dt.date(y, 4, 30), "Dag före första maj"),
            (dt.date(y, 12, 23), "Dag före julafton"),
            (dt.date(y, 12, 30), "Dag före nyårsafton"),
        ):
            if day.weekday() < 5:
                exceptions.append(Exception_(day=day, ranges=parse_ranges("08:00–12:00"), note=note))
    opening_hours_set(
        organisation=municipality,
        by=admin,
        week={day: parse_ranges(text) for day, text in WEEK_TEXT.items()},
        exceptions=exceptions,
    )

    for title, date, text in NEWS:
        if NewsItem.objects.filter(organisation=municipality, title=title).exists():
            continue
        item = news_item_create(organisation=municipality, by=admin, title=title, date=date, text=text)
        news_item_publish(item=item, by=admin)
    ctx.log.append(f"Webbplats: {NewsItem.objects.filter(organisation=municipality).count()} nyheter, öppettider")
