"""Demo step: Sjöstad's published promises 2017–2020, approved by both parties, with a year of activities each.

The 2021 promise is left to draft from the 2020 lägesbild. Idempotent: a year that already has a promise is
left alone. Random numbers come from the demo's seeded generator, so every machine gets the same demo.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lofte.core.models import User
from lofte.promises.library import suggestion
from lofte.promises.models import Promise
from lofte.promises.services import (
    activity_log,
    commitment_create,
    focus_area_add,
    promise_approve,
    promise_create,
    promise_publish,
)

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext

YEARS = range(2017, 2021)
# (theme, title, why, library suggestions)
FOCUS_AREAS = [
    (
        "synlig_narvaro",
        "Trygghet i Sjöstads tätorter",
        "I dialogerna säger många att de känner sig otrygga i centrum på kvällar och nätter, delvis på grund av "
        "berusade och narkotikapåverkade personer. Många ber om bättre belysning och om vuxna, fältsekreterare "
        "och polis som syns.",
        ["narvaro-centrum-helg", "belysning-plats", "nattvandring"],
    ),
    (
        "narkotika",
        "Förebygga och förhindra missbruk hos ungdomar",
        "Många vill att kommunen och polisen prioriterar arbetet mot ungas missbruk, och att polisen finns på "
        "skolor och fritidsgårdar för att bygga relationer.",
        ["narvaro-skolor", "narkotika-forebyggande", "sspf"],
    ),
]
PLACES = ["Stora torget", "Resecentrum", "Sjöstadsskolan", "Fritidsgården Fyren", "Norrviksskolan", "Storgatan"]
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def load(ctx: DemoContext) -> None:
    if ctx.partnership is None:
        return
    partnership = ctx.partnership
    analyst = User.objects.get(username="analytiker@sjostad.example")
    police = User.objects.get(username="kommunpolis@sjostad.example")
    field = User.objects.get(username="dialog@sjostad.example")
    made = []
    for year in YEARS:
        if Promise.objects.filter(partnership=partnership, start_year=year).exists():
            continue
        promise = promise_create(
            partnership=partnership,
            by=analyst,
            start_year=year,
            title_sv=f"Medborgarlöfte {year}",
            title_en=f"Citizen promise {year}",
        )
        commitments = []
        for theme, title, why, suggestion_ids in FOCUS_AREAS:
            focus = focus_area_add(promise=promise, by=analyst, theme=theme, title_sv=title, why_sv=why)
            for suggestion_id in suggestion_ids:
                item = suggestion(suggestion_id)
                assert item is not None, suggestion_id
                commitments.append(
                    commitment_create(
                        focus_area=focus,
                        by=analyst,
                        what_sv=item.what_sv,
                        what_en=item.what_en,
                        owner=item.owner,
                        partner_name=item.partner_name,
                        starts_on=dt.date(year, 1, 1),
                        ends_on=dt.date(year, 12, 31),
                        target_kind=item.target_kind,
                        target_value=item.target_value,
                    )
                )
        promise_approve(promise=promise, organisation=partnership.municipality, by=analyst)
        promise_approve(promise=promise, organisation=partnership.police_area, by=police)
        promise_publish(promise=promise, by=analyst)
        # Published in December the year before, as the municipalities do.
        Promise.objects.filter(pk=promise.pk).update(published_at=dt.datetime(year - 1, 12, 10, 9, 0, tzinfo=STOCKHOLM))
        activities = 0
        for index, commitment in enumerate(commitments):
            if commitment.target_kind != "count" or not commitment.target_value:
                continue
            share = ctx.rng.uniform(0.6, 1.15)
            sessions = max(1, round(commitment.target_value * share / 2))
            for number in range(sessions):
                activity_log(
                    commitment=commitment,
                    by=field,
                    occurred_on=dt.date(year, 1, 1) + dt.timedelta(days=ctx.rng.randrange(365)),
                    what=commitment.what_sv[:300],
                    where=ctx.rng.choice(PLACES),
                    count=2,
                    idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"lofte-demo/{year}/{index}/{number}"),
                )
                activities += 1
        made.append(f"{year} ({activities} aktiviteter)")
    ctx.log.append(f"Medborgarlöften: {', '.join(made) or 'oförändrade'}")
