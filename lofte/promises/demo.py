"""Demo step: Sjöstad's promises 2017–2021, approved by both parties and published, with activities; 2017–2020
evaluated (drafted by Löfte, agreed by both parties, published), 2021 in follow-up (activities until September).

Everything goes through the services. Idempotent: a year that already has a promise is left alone, and an
evaluation is added only where a finished year has none. Random numbers come from the demo's seeded generator,
so every machine gets the same demo.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lofte.core.models import Area, Partnership, User
from lofte.promises import evaluation as ev
from lofte.promises.library import suggestion
from lofte.promises.models import Commitment, Evaluation, Promise
from lofte.promises.services import (
    activity_log,
    commitment_create,
    commitment_follow_up,
    focus_area_add,
    promise_approve,
    promise_create,
    promise_publish,
)

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext

YEARS = range(2017, 2022)
EVALUATED = range(2017, 2021)
# The year in follow-up: activities are logged until this day of it.
FOLLOW_UP_UNTIL = (9, 30)
# (theme, title, why, library suggestions, the tätorter it targets)
FOCUS_AREAS = [
    (
        "synlig_narvaro",
        "Trygghet i Sjöstads tätorter",
        "I dialogerna säger många att de känner sig otrygga i centrum på kvällar och nätter, delvis på grund av "
        "berusade och narkotikapåverkade personer. Många ber om bättre belysning och om vuxna, fältsekreterare "
        "och polis som syns.",
        ["narvaro-centrum-helg", "belysning-plats", "nattvandring"],
        ["Sjöstad", "Norrvik"],
    ),
    (
        "narkotika",
        "Förebygga och förhindra missbruk hos ungdomar",
        "Många vill att kommunen och polisen prioriterar arbetet mot ungas missbruk, och att polisen finns på "
        "skolor och fritidsgårdar för att bygga relationer.",
        ["narvaro-skolor", "narkotika-forebyggande", "sspf"],
        ["Sjöstad"],
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
    areas = {a.name: a for a in Area.objects.filter(organisation=partnership.municipality)}
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
        for theme, title, why, suggestion_ids, targeted in FOCUS_AREAS:
            focus = focus_area_add(
                promise=promise,
                by=analyst,
                theme=theme,
                title_sv=title,
                why_sv=why,
                areas=[areas[name] for name in targeted if name in areas],
            )
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
        # The year in follow-up has run until September; the finished years ran all year.
        days = (dt.date(year, *FOLLOW_UP_UNTIL) - dt.date(year, 1, 1)).days if year not in EVALUATED else 365
        activities = 0
        for index, commitment in enumerate(commitments):
            if commitment.target_kind == Commitment.TargetKind.YES_NO:
                # Most years the lamps were up by the end date; one year they were not.
                if year in EVALUATED and ctx.rng.random() < 0.75:
                    commitment_follow_up(commitment=commitment, by=analyst, status=Commitment.Status.DONE)
                continue
            if commitment.target_kind != "count" or not commitment.target_value:
                continue
            share = ctx.rng.uniform(0.6, 1.15) * days / 365
            sessions = max(1, round(commitment.target_value * share / 2))
            for number in range(sessions):
                activity_log(
                    commitment=commitment,
                    by=field,
                    occurred_on=dt.date(year, 1, 1) + dt.timedelta(days=ctx.rng.randrange(days)),
                    what=commitment.what_sv[:300],
                    where=ctx.rng.choice(PLACES),
                    count=2,
                    idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"lofte-demo/{year}/{index}/{number}"),
                )
                activities += 1
        made.append(f"{year} ({activities} aktiviteter)")
    evaluated = _evaluate(partnership=partnership, analyst=analyst, police=police)
    ctx.log.append(
        f"Medborgarlöften: {', '.join(made) or 'oförändrade'}; utvärderade: {', '.join(evaluated) or 'oförändrade'}"
    )


def _evaluate(*, partnership: Partnership, analyst: User, police: User) -> list[str]:
    """Each finished year's evaluation as the parties would make it in January: Löfte's draft, agreed by both,
    published. A year that already has an evaluation is left alone."""
    done = []
    for year in EVALUATED:
        promise = (
            Promise.objects.published().filter(partnership=partnership, start_year=year).order_by("-version").first()
        )
        if (
            promise is None
            or Evaluation.objects.filter(promise__partnership=partnership, promise__start_year=year).exists()
        ):
            continue
        version = ev.evaluation_draft(promise=promise, by=analyst, today=dt.date(year + 1, 1, 20))
        evaluation = version.evaluation
        ev.evaluation_agree(evaluation=evaluation, version=version, organisation=partnership.municipality, by=analyst)
        ev.evaluation_agree(evaluation=evaluation, version=version, organisation=partnership.police_area, by=police)
        ev.evaluation_publish(evaluation=evaluation, by=analyst)
        Evaluation.objects.filter(pk=evaluation.pk).update(
            published_at=dt.datetime(year + 1, 2, 15, 10, 0, tzinfo=STOCKHOLM)
        )
        summary = version.figures["summary"]
        done.append(f"{year} ({summary['reached']} av {summary['commitments']} nådda)")
    return done
