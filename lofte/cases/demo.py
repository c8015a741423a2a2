"""Demo step: Sjöstad kommun's category tree, groups, routing and reply templates, and a year of cases.

Idempotent: categories and groups are keyed on their codes and names, cases on idempotency keys derived
from the seed, so loading the demo again adds nothing. Handling (replies, status) is dated after arrival.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import TYPE_CHECKING

from django.utils import timezone

from lofte.cases.models import Case, CaseEvent, CaseKind, Category, HandlerGroup, ReplyTemplate, RoutingRule
from lofte.cases.services import Reporter, case_assign, case_reply, case_set_status, case_submit
from lofte.core.models import Place, User

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
    ("potthal", "Stort hål i vägen vid infarten, bilarna svänger ut i mötande körfält.", "Köpcentrum Västra porten"),
    ("potthal", "Trasig asfalt på gågatan, lätt att snubbla.", "Storgatan"),
    ("trafikskylt", "Stoppskylten är nedkörd.", "Industriområdet Norra"),
    ("sno", "Gångbanan är inte plogad och mycket hal.", "Resecentrum"),
    ("sno", "Ingen sandning vid trappan ner mot torget.", "Stora torget"),
    ("lekplats", "Gungan är trasig, kedjan har gått av.", "Ekbyparken"),
    ("lekplats", "Vassa kanter på rutschkanan.", "Stadsparken"),
    ("trad", "En stor gren hänger över gångvägen efter stormen.", "Stadsparken"),
    ("klotter", "Nytt klotter på väggen i tunneln.", "Gångtunneln vid Järnvägsgatan"),
    ("klotter", "Sönderslagen glasruta i busskuren.", "Strandå busstation"),
    ("klotter", "Klotter på fritidsgårdens fasad.", "Fritidsgården Fyren"),
    ("nedskrapning", "Mycket skräp och glas vid badplatsen efter helgen.", "Badplatsen Norrstrand"),
    ("nedskrapning", "Papperskorgarna är överfulla på torget.", "Ekby torg"),
    ("nedskrapning", "Skräp längs ån, ser ut som någon tömt en säck.", "Cykelvägen längs ån"),
    ("nedskrapning", "Nedskräpat i hamnen, flaskor och burkar.", "Hamnen"),
]
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
CASES_PER_YEAR = 60


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
    # Demo reporters give a phone number, never an e-mail address: loading the demo queues no e-mail.
    places = {p.name: p for p in Place.objects.filter(organisation=municipality)}
    now = timezone.now()
    created = 0
    # In order of arrival, so reference numbers follow the dates.
    arrivals = sorted(
        now - dt.timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 12)) for _ in range(CASES_PER_YEAR)
    )
    for number, received in enumerate(arrivals):
        fault = rng.random() < 0.7
        contact = rng.random() < 0.5
        name = rng.choice(NAMES)
        reporter = Reporter(name=name, phone=f"070-{number:03d} 12 34", consent=True) if contact else None
        if fault:
            slug, message, place_name = rng.choice(FAULTS)
            place = places[place_name]
            jitter = (rng.uniform(-0.0003, 0.0003), rng.uniform(-0.0003, 0.0003))
            submitted = case_submit(
                organisation=municipality,
                kind=CaseKind.FAULT,
                category=categories[slug],
                message=message,
                idempotency_key=_key(ctx.seed, number),
                place=place,
                lat=(place.latitude or 0) + jitter[0],
                lng=(place.longitude or 0) + jitter[1],
                reporter=reporter,
                received_at=received,
            )
        else:
            kind, service, message = rng.choice(FEEDBACK)
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
        age = (now - received).days
        if not submitted.created:
            continue
        created += 1
        _handle(submitted.case, handler, age, rng, received)
    total = Case.objects.filter(organisation=municipality).count()
    ctx.log.append(f"Ärenden: {len(categories)} kategorier, {created} nya ärenden ({total} totalt)")


def _handle(case: Case, handler: User, age_days: int, rng: random.Random, received: dt.datetime) -> None:
    """Older cases are further along; a few stay late so the inbox shows overdue ones."""
    first = case.events.count()
    if age_days < 2 and rng.random() < 0.7:
        return
    case_assign(case=case, by=handler, handler=handler)
    if age_days < 10 and rng.random() < 0.5:
        case_set_status(case=case, by=handler, status=Case.Status.IN_PROGRESS)
    else:
        done = Case.Status.FIXED if case.kind == CaseKind.FAULT else Case.Status.ANSWERED
        case_set_status(case=case, by=handler, status=Case.Status.IN_PROGRESS)
        case_reply(
            case=case,
            by=handler,
            text=str(
                TEMPLATES[1][1]
                if case.kind == CaseKind.FAULT
                else "Tack för att du hörde av dig. Vi har tagit med det i vårt arbete."
            ),
        )
        case_set_status(case=case, by=handler, status=done)
        if age_days > 20:
            case_set_status(case=case, by=handler, status=Case.Status.CLOSED, message="Ärendet är avslutat.")
    # The handling happened after arrival, spread over the following days (the demo's history, not now).
    step = dt.timedelta(hours=rng.uniform(4, 60))
    for i, event in enumerate(case.events.order_by("pk")[first:]):
        CaseEvent.objects.filter(pk=event.pk).update(at=min(received + step * (i + 1), timezone.now()))
    last = case.events.order_by("-pk").first()
    updates: dict = {}
    if case.events.filter(kind=CaseEvent.Kind.REPLY).exists():
        updates["first_reply_at"] = case.events.filter(kind=CaseEvent.Kind.REPLY).order_by("pk").first().at  # type: ignore[union-attr]
    if Case.objects.filter(pk=case.pk, closed_at__isnull=False).exists() and last is not None:
        updates["closed_at"] = last.at
    if updates:
        Case.objects.filter(pk=case.pk).update(**updates)
