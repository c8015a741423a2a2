"""Demo step: Sjöstad kommun's category tree, groups, routing and reply templates, and a year of cases.

Idempotent: categories and groups are keyed on their codes and names, cases on idempotency keys derived
from the seed, so loading the demo again adds nothing. Handling (replies, status) is dated after arrival.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from lofte.cases.models import Case, CaseEvent, CaseKind, Category, HandlerGroup, ReplyTemplate, RoutingRule
from lofte.cases.police_report import is_reportable
from lofte.cases.services import (
    Reporter,
    case_assign,
    case_mark_police_report_sent,
    case_merge,
    case_reply,
    case_set_diarienummer,
    case_set_status,
    case_submit,
)
from lofte.core.models import Area, Place, User

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext

# (slug, parent slug, name sv, name en, theme, duplicate distance m, target days, group)
CATEGORIES = [
    ("gata", None, "Gata och väg", "Streets and roads", "", 10, 14, "Gatuenheten"),
    ("gatubelysning", "gata", "Gatubelysning", "Street lighting", "belysning", 30, 5, "Gatuenheten"),
    ("potthal", "gata", "Potthål och skador i vägen", "Potholes and road damage", "trafik", 10, 14, "Gatuenheten"),
    ("trafikskylt", "gata", "Trafikskyltar och signaler", "Traffic signs and signals", "trafik", 20, 7, "Gatuenheten"),
    ("sno", "gata", "Snö och halka", "Snow and ice", "", 50, 2, "Gatuenheten"),
    ("park", None, "Park och lekplats", "Parks and playgrounds", "", 30, 14, "Parkenheten"),
    ("lekplats", "park", "Trasig lekutrustning", "Broken play equipment", "", 20, 5, "Parkenheten"),
    ("trad", "park", "Träd och buskar", "Trees and bushes", "", 30, 21, "Parkenheten"),
    ("klotter", None, "Klotter och skadegörelse", "Graffiti and vandalism", "skadegorelse", 30, 7, "Parkenheten"),
    ("nedskrapning", None, "Nedskräpning", "Litter", "nedskrapning", 100, 5, "Parkenheten"),
]
GROUPS = ["Gatuenheten", "Parkenheten", "Kontaktcenter"]
TEMPLATES = [
    ("Mottaget", "Tack för din anmälan. Vi har skickat den vidare till den som ansvarar och återkommer."),
    ("Åtgärdat", "Felet är nu åtgärdat. Tack för att du hörde av dig!"),
    ("Inte kommunens", "Platsen sköts inte av kommunen. Vi har skickat din anmälan vidare till fastighetsägaren."),
]
# (category, message, place name)
FAULTS = [
    ("gatubelysning", "Lampan vid busshållplatsen är släckt sedan flera kvällar.", "Ekby busshållplats"),
    (
        "gatubelysning",
        "Två gatlyktor är trasiga på gångvägen, det är helt mörkt på kvällen.",
        "Gångtunneln vid Järnvägsgatan",
    ),
    ("gatubelysning", "Belysningen i motionsspåret fungerar inte.", "Motionsspåret i Skogsbacken"),
    ("gatubelysning", "Lampan blinkar hela natten utanför skolan.", "Sjöstadsskolan"),
    ("gatubelysning", "Mörkt på cykelvägen, flera lampor är släckta.", "Cykelvägen längs ån"),
    ("gatubelysning", "Gatlyktorna runt torget är släckta, det känns otryggt på kvällen.", "Stora torget"),
    ("gatubelysning", "Belysningen vid stationen är trasig, kolsvart vid cykelställen.", "Resecentrum"),
    ("gatubelysning", "Lampan på gågatan lyser inte.", "Storgatan"),
    ("potthal", "Stort hål i vägen vid infarten, bilarna svänger ut i mötande körfält.", "Köpcentrum Västra porten"),
    ("potthal", "Trasig asfalt på gågatan, lätt att snubbla.", "Storgatan"),
    ("potthal", "Tjälskott har gett djupa hål på vägen mot hamnen.", "Hamnen"),
    ("trafikskylt", "Stoppskylten är nedkörd.", "Industriområdet Norra"),
    ("trafikskylt", "Övergångsstället saknar skylt sedan bygget.", "Norrviks centrum"),
    ("sno", "Gångbanan är inte plogad och mycket hal.", "Resecentrum"),
    ("sno", "Ingen sandning vid trappan ner mot torget.", "Stora torget"),
    ("sno", "Snövallen vid övergångsstället gör att barnen inte syns.", "Ekbyskolan"),
    ("sno", "Cykelvägen är inte plogad på tre dagar.", "Cykelvägen längs ån"),
    ("sno", "Istappar hänger över entrén.", "Norrviks station"),
    ("lekplats", "Gungan är trasig, kedjan har gått av.", "Ekbyparken"),
    ("lekplats", "Vassa kanter på rutschkanan.", "Stadsparken"),
    ("trad", "En stor gren hänger över gångvägen efter stormen.", "Stadsparken"),
    ("trad", "Buskarna skymmer sikten vid korsningen.", "Strandå centrum"),
    ("klotter", "Nytt klotter på väggen i tunneln.", "Gångtunneln vid Järnvägsgatan"),
    ("klotter", "Sönderslagen glasruta i busskuren.", "Strandå busstation"),
    ("klotter", "Klotter på fritidsgårdens fasad.", "Fritidsgården Fyren"),
    ("klotter", "Bänkarna i parken är sönderslagna.", "Stadsparken"),
    ("klotter", "Taggar på alla elskåp längs gågatan.", "Storgatan"),
    ("nedskrapning", "Mycket skräp och glas vid badplatsen efter helgen.", "Badplatsen Norrstrand"),
    ("nedskrapning", "Papperskorgarna är överfulla på torget.", "Ekby torg"),
    ("nedskrapning", "Skräp längs ån, ser ut som någon tömt en säck.", "Cykelvägen längs ån"),
    ("nedskrapning", "Nedskräpat i hamnen, flaskor och burkar.", "Hamnen"),
    ("nedskrapning", "Engångsgrillar och skräp kvar i parken.", "Stadsparken"),
]
# Relative weight of each category by month (January first): snow in winter, lighting in the dark months,
# litter in summer, potholes when the frost lets go.
SEASON = {
    "gatubelysning": [9, 8, 5, 3, 1, 0.5, 0.5, 1, 3, 6, 9, 10],
    "potthal": [2, 3, 6, 6, 3, 1, 1, 1, 1, 1, 1, 1],
    "trafikskylt": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    "sno": [10, 9, 4, 0.5, 0, 0, 0, 0, 0, 0, 1.5, 7],
    "lekplats": [0.3, 0.3, 0.5, 2, 3, 3, 3, 3, 2, 1, 0.3, 0.3],
    "trad": [1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 2],
    "klotter": [2, 2, 3, 4, 4, 3, 3, 3, 4, 4, 3, 2],
    "nedskrapning": [1, 1, 1, 3, 6, 9, 10, 9, 4, 2, 1, 1],
}
FEEDBACK = [
    ("berom", "Biblioteket", "Tack för den nya belysningen i stadsparken, det känns mycket tryggare nu."),
    ("fraga", "Fritidsgårdar", "När har fritidsgården Norrpolen öppet på lovet?"),
    ("forslag", "Trygghet", "Sätt upp fler lampor längs gångvägen till stationen."),
    ("klagomal", "Gator", "Det tar alldeles för lång tid att få gångbanorna plogade."),
    ("forslag", "Fritid", "Öppna badhuset på söndagskvällar för ungdomar."),
    ("berom", "Parker", "Fin ny lekplats i Ekbyparken!"),
    ("klagomal", "Buller", "Mopeder kör i full fart på gågatan på kvällarna."),
    ("fraga", "Avfall", "Var kan jag lämna grovsopor?"),
]
NAMES = ["Anna", "Lars", "Fatima", "Per", "Emma", "Omar", "Lena", "Jonas"]
CASES_PER_YEAR = 240
# A neighbour reports what someone already reported: merged into the first case, and kept informed by it.
DUPLICATE_SHARE = 0.08
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DONE_TEXT = {
    CaseKind.FAULT: TEMPLATES[1][1],
    CaseKind.FEEDBACK: "Tack för att du hörde av dig. Vi har tagit med det i vårt arbete.",
}


def _key(seed: int, number: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"lofte-demo-case/{seed}/{number}")


def load(ctx: DemoContext) -> None:
    municipality = ctx.municipality
    assert municipality is not None, "lofte.core.demo must run first"
    rng = random.Random(ctx.seed * 7 + 311)  # noqa: S311 - reproducible demo data, its own stream # nosec B311
    groups = {name: HandlerGroup.objects.get_or_create(organisation=municipality, name=name)[0] for name in GROUPS}
    handler = User.objects.get(username="handlaggare@sjostad.example")
    for group in groups.values():
        group.members.add(handler)
    categories: dict[str, Category] = {}
    for position, (slug, parent, name_sv, name_en, theme, distance, days, group) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.update_or_create(
            organisation=municipality,
            slug=slug,
            defaults={
                "parent": categories.get(parent) if parent else None,
                "name_sv": name_sv,
                "name_en": name_en,
                "theme": theme,
                "duplicate_distance_m": distance,
                "target_days": days,
                "group": groups[group],
                "position": position,
            },
        )
    if not RoutingRule.objects.filter(organisation=municipality).exists():
        RoutingRule.objects.create(organisation=municipality, category=None, area=None, group=groups["Kontaktcenter"])
    for name, text in TEMPLATES:
        ReplyTemplate.objects.get_or_create(organisation=municipality, name=name, defaults={"text": text})
    now = timezone.now()
    if ctx.partnership is not None:
        _current_promise(ctx, now)
    # Demo reporters give a phone number, never an e-mail address: loading the demo queues no e-mail.
    places = {p.name: p for p in Place.objects.filter(organisation=municipality)}
    by_category: dict[str, list[tuple[str, str]]] = {}
    for slug, message, place_name in FAULTS:
        by_category.setdefault(slug, []).append((message, place_name))
    ages = sorted(rng.uniform(0, 365) for _ in range(CASES_PER_YEAR))
    created: list[Case] = []
    merged = 0
    for number, days_ago in enumerate(reversed(ages)):  # in order of arrival: reference numbers follow dates
        day = timezone.localtime(now - dt.timedelta(days=days_ago), STOCKHOLM)
        fault = rng.random() < 0.75
        contact = rng.random() < 0.5
        name = rng.choice(NAMES)
        reporter = Reporter(name=name, phone=f"070-{number:03d} 12 34", consent=True) if contact else None
        original = None
        if fault and created and rng.random() < DUPLICATE_SHARE:
            recent = [c for c in created[-15:] if c.kind == CaseKind.FAULT and (day - c.created_at).days < 4]
            original = rng.choice(recent) if recent else None
        if fault:
            if original is not None:
                slug = next(k for k, c in categories.items() if c.pk == original.category_id)
                message, place = "Samma fel som förut, fortfarande inte åtgärdat.", original.place
            else:
                slugs = list(SEASON)
                slug = rng.choices(slugs, weights=[SEASON[k][day.month - 1] for k in slugs])[0]
                message, place_name = rng.choice(by_category[slug])
                place = places[place_name]
            # Street lights are noticed when it is dark; other faults in the day.
            hour = rng.choice([6, 7, 16, 17, 18, 19, 20, 21, 22]) if slug == "gatubelysning" else rng.randint(7, 21)
            received = min(day.replace(hour=hour, minute=rng.randrange(60)), now)
            jitter = (rng.uniform(-0.0002, 0.0002), rng.uniform(-0.0002, 0.0002))
            submitted = case_submit(
                organisation=municipality,
                kind=CaseKind.FAULT,
                category=categories[slug],
                message=message,
                idempotency_key=_key(ctx.seed, number),
                place=place,
                lat=(place.latitude or 0) + jitter[0] if place else None,
                lng=(place.longitude or 0) + jitter[1] if place else None,
                reporter=reporter,
                received_at=received,
            )
        else:
            kind, service, message = rng.choice(FEEDBACK)
            received = min(day.replace(hour=rng.randint(7, 22), minute=rng.randrange(60)), now)
            submitted = case_submit(
                organisation=municipality,
                kind=CaseKind.FEEDBACK,
                feedback_type=kind,
                service=service,
                message=message,
                idempotency_key=_key(ctx.seed, number),
                reporter=reporter,
                received_at=received,
            )
        if not submitted.created:
            continue
        case = submitted.case
        if original is not None and original.is_open:
            _dated(partial(case_merge, case=case, into=original, by=handler), after=received, rng=rng, now=now)
            merged += 1
            continue
        created.append(case)
    # Handled once every duplicate has found its case, so closing a case tells the merged reporters too.
    for case in created:
        _handle(case, handler, rng, now)
    # A case was last changed at its last event, as Open311's updated_datetime and updated_after read it, not
    # when the demo was loaded.
    Case.objects.filter(organisation=municipality).update(
        updated_at=Subquery(CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at").values("at")[:1])
    )
    total = Case.objects.filter(organisation=municipality).count()
    priority = Case.objects.filter(organisation=municipality, priority=True).count()
    overdue = Case.objects.filter(organisation=municipality).overdue(now).count()
    ctx.log.append(
        f"Ärenden: {len(categories)} kategorier, {len(created) + merged} nya ärenden ({total} totalt; "
        f"{merged} sammanslagna, {priority} prioriterade enligt medborgarlöftet, {overdue} försenade)"
    )


def _current_promise(ctx: DemoContext, now: dt.datetime) -> None:
    """The promise in force while the demo's cases arrive (last year and this), with a focus area on lighting in
    Sjöstad's centre in the evening and one on vandalism in Strandå: fault reports there are flagged as
    priorities on arrival. The promises demo's own years (2017–2020) are left to it."""
    from lofte.promises.models import Commitment, Promise
    from lofte.promises.services import (
        activity_log,
        commitment_create,
        focus_area_add,
        promise_approve,
        promise_create,
        promise_publish,
    )

    partnership = ctx.partnership
    assert partnership is not None
    year = timezone.localdate(now).year
    if Promise.objects.filter(partnership=partnership, start_year=year - 1).exists():
        return
    analyst = User.objects.get(username="analytiker@sjostad.example")
    police = User.objects.get(username="kommunpolis@sjostad.example")
    areas = {a.name: a for a in Area.objects.filter(organisation=ctx.municipality)}
    promise = promise_create(
        partnership=partnership,
        by=analyst,
        start_year=year - 1,
        end_year=year,
        title_sv=f"Medborgarlöfte {year - 1}–{year}",
        title_en=f"Citizen promise {year - 1}–{year}",
    )
    commitments = []
    for theme, title, area, times, what, what_en, owner, target, activity in [
        (
            "belysning",
            "Trygghet i centrum",
            "Sjöstad",
            ["kväll", "natt"],
            "Belysningsronder i centrum varje månad, trasiga lampor lagas inom tre dagar",
            "Lighting rounds in the centre every month; broken lights fixed within three days",
            Commitment.Owner.MUNICIPALITY,
            24,
            "Belysningsrond i centrum",
        ),
        (
            "skadegorelse",
            "Mindre skadegörelse i Strandå",
            "Strandå",
            [],
            "Polisen och fältsekreterarna går gemensamma kvällsrundor i Strandå",
            "Police and youth workers walk joint evening rounds in Strandå",
            Commitment.Owner.BOTH,
            40,
            "Kvällsrunda i Strandå",
        ),
    ]:
        focus = focus_area_add(
            promise=promise, by=analyst, theme=theme, title_sv=title, areas=[areas[area]], times=times
        )
        commitment = commitment_create(
            focus_area=focus,
            by=analyst,
            what_sv=what,
            what_en=what_en,
            owner=owner,
            starts_on=dt.date(year - 1, 1, 1),
            ends_on=dt.date(year, 12, 31),
            target_kind=Commitment.TargetKind.COUNT,
            target_value=target,
            areas=[areas[area]],
        )
        commitments.append((commitment, activity, area))
    promise_approve(promise=promise, organisation=partnership.municipality, by=analyst)
    promise_approve(promise=promise, organisation=partnership.police_area, by=police)
    promise_publish(promise=promise, by=analyst)
    Promise.objects.filter(pk=promise.pk).update(published_at=dt.datetime(year - 2, 12, 10, 9, 0, tzinfo=STOCKHOLM))
    # Follow-up so far: about one logged activity a month for each commitment, up to today.
    today = timezone.localdate(now)
    for index, (commitment, what, area) in enumerate(commitments):
        day = dt.date(year - 1, 1, 10 + index * 5)
        while day <= today:
            activity_log(
                commitment=commitment,
                by=police if commitment.owner == Commitment.Owner.BOTH else analyst,
                occurred_on=day,
                what=what,
                where=area,
                idempotency_key=uuid.UUID(int=ctx.rng.getrandbits(128)),
            )
            day += dt.timedelta(days=ctx.rng.randint(18, 30))


def _dated(act, *, after: dt.datetime, rng: random.Random, now: dt.datetime) -> None:  # noqa: ANN001
    """Run ``act`` (service calls) and date the events it made after ``after``, spread over the following
    days: the demo's history, not the moment it was loaded. Also the events it made on merged cases."""
    watermark = CaseEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    act()
    step = dt.timedelta(hours=rng.uniform(4, 60))
    events = list(CaseEvent.objects.filter(pk__gt=watermark).select_related("case").order_by("pk"))
    by_case: dict[int, list[CaseEvent]] = {}
    for i, event in enumerate(events):
        # A duplicate that arrived after the handling began gets the rest of it from its own arrival on.
        event.at = min(max(after + step * (i + 1), event.case.created_at), now)
        by_case.setdefault(event.case_id, []).append(event)
    CaseEvent.objects.bulk_update(events, ["at"])
    for case_id, made in by_case.items():
        updates: dict = {}
        replies = [e.at for e in made if e.kind == CaseEvent.Kind.REPLY]
        if replies:
            updates["first_reply_at"] = min(replies)
        if any(e.after.get("status") == Case.Status.CLOSED for e in made):
            updates["closed_at"] = made[-1].at
        if updates:
            Case.objects.filter(pk=case_id).update(**updates)


def _handle(case: Case, handler: User, rng: random.Random, now: dt.datetime) -> None:
    """Older cases are further along; a few are left late so the inbox shows overdue ones."""
    age = (now - case.created_at).days
    if age < 2 and rng.random() < 0.7:
        return
    stalled = rng.random() < (0.06 if age > 30 else 0.3)  # waiting for a contractor, forgotten: overdue

    def act() -> None:
        case_assign(case=case, by=handler, handler=handler, group=case.group)
        if rng.random() < 0.3:
            case_set_diarienummer(case=case, by=handler, diarienummer=f"KS {case.year}/{case.number:04d}")
        if stalled or (age < 10 and rng.random() < 0.5):
            case_set_status(case=case, by=handler, status=Case.Status.IN_PROGRESS)
            return
        if is_reportable(case) and rng.random() < 0.7:
            case_mark_police_report_sent(
                case=case, by=handler, police_reference=f"5000-K{case.pk:06d}-{case.year % 100}"
            )
        case_set_status(case=case, by=handler, status=Case.Status.IN_PROGRESS)
        if age > 20:  # closing sends the resident what was done, as a reply
            case_set_status(case=case, by=handler, status=Case.Status.CLOSED, message=DONE_TEXT[CaseKind(case.kind)])
            return
        case_reply(case=case, by=handler, text=DONE_TEXT[CaseKind(case.kind)])
        done = Case.Status.FIXED if case.kind == CaseKind.FAULT else Case.Status.ANSWERED
        case_set_status(case=case, by=handler, status=done)

    _dated(act, after=case.created_at, rng=rng, now=now)
