"""The fictional demo: Sjöstad kommun and lokalpolisområde Sjöstad, with staff for every role.

`manage.py load_demo` runs every step in DEMO_STEPS in order. Each step is idempotent (keyed on natural
keys, never duplicating) and draws any random data from the shared, seeded random generator, so the demo
is the same on every machine. Later parts of Löfte add a step here.
"""

from __future__ import annotations

import hashlib
import importlib
import random
from dataclasses import dataclass, field

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.models import (
    Area,
    ContactCentre,
    Membership,
    OnCallNumber,
    Organisation,
    Partnership,
    Place,
    User,
)
from lofte.core.roles import Role

# Cases before the lägesbild (fault reports are one of its sources), the lägesbild before the promises.
DEMO_STEPS = [
    "lofte.core.demo",
    "lofte.dialogues.demo",
    "lofte.analysis.demo",
    "lofte.cases.demo",
    "lofte.situation.demo",
    "lofte.promises.demo",
    "lofte.public.demo",
]
DEMO_PASSWORD = "sjostad-demo-lofte"  # noqa: S105 - the fictional demo's published password # nosec B105
DEMO_DOMAIN = "sjostad.example"


@dataclass
class DemoContext:
    seed: int
    rng: random.Random
    log: list[str] = field(default_factory=list)
    municipality: Organisation | None = None
    police_area: Organisation | None = None
    partnership: Partnership | None = None


def run(*, seed: int = 2020) -> DemoContext:
    ctx = DemoContext(seed=seed, rng=random.Random(seed))  # noqa: S311 - reproducible demo data, not secrets # nosec B311
    for module_name in DEMO_STEPS:
        module = importlib.import_module(module_name)
        with transaction.atomic():
            module.load(ctx)
    return ctx


# (name, kind, latitude, longitude); the four tätorter of the fictional Sjöstad lie around 58.5 N, 13.2 E.
TATORTER = [
    ("Sjöstad", 58.5035, 13.1577),
    ("Norrvik", 58.5561, 13.2102),
    ("Ekby", 58.4512, 13.0921),
    ("Strandå", 58.4789, 13.2894),
]

# (name, kind, tätort, aliases, d_lat, d_lng from the tätort's midpoint)
PLACES = [
    ("Resecentrum", Place.Kind.STATION, "Sjöstad", ["stationen", "busstationen", "järnvägsstationen"], 0.001, 0.004),
    ("Stora torget", Place.Kind.SQUARE, "Sjöstad", ["torget", "stortorget"], 0.000, 0.000),
    ("Stadsparken", Place.Kind.PARK, "Sjöstad", ["parken"], 0.003, -0.002),
    ("Sjöstad centrum", Place.Kind.CENTRE, "Sjöstad", ["centrum", "stan", "city"], 0.001, 0.001),
    ("Hamnen", Place.Kind.OTHER, "Sjöstad", ["hamnplan", "gästhamnen"], 0.005, -0.006),
    ("Storgatan", Place.Kind.STREET, "Sjöstad", ["gågatan"], 0.000, 0.002),
    ("Gångtunneln vid Järnvägsgatan", Place.Kind.TUNNEL, "Sjöstad", ["tunneln", "gångtunneln"], -0.002, 0.005),
    ("Sjöstadsskolan", Place.Kind.SCHOOL, "Sjöstad", ["sjöstadsskolan"], -0.004, 0.001),
    ("Vänergymnasiet", Place.Kind.SCHOOL, "Sjöstad", ["gymnasiet", "gympat"], 0.006, 0.007),
    ("Fritidsgården Fyren", Place.Kind.YOUTH_CENTRE, "Sjöstad", ["fyren", "fritidsgården"], -0.003, -0.004),
    ("Badhuset", Place.Kind.SPORTS, "Sjöstad", ["simhallen"], 0.002, -0.008),
    ("Motionsspåret i Skogsbacken", Place.Kind.SPORTS, "Sjöstad", ["motionsspåret", "elljusspåret"], -0.009, -0.010),
    ("Köpcentrum Västra porten", Place.Kind.SHOP, "Sjöstad", ["västra porten", "köpcentret"], -0.001, -0.020),
    ("Norrviks centrum", Place.Kind.CENTRE, "Norrvik", ["norrvik centrum"], 0.000, 0.000),
    ("Norrviks station", Place.Kind.STATION, "Norrvik", ["pendelstationen"], 0.002, 0.003),
    ("Norrviksskolan", Place.Kind.SCHOOL, "Norrvik", [], -0.002, 0.001),
    ("Fritidsgården Norrpolen", Place.Kind.YOUTH_CENTRE, "Norrvik", ["norrpolen"], 0.001, -0.003),
    ("Badplatsen Norrstrand", Place.Kind.PARK, "Norrvik", ["norrstrand", "badplatsen"], 0.006, 0.002),
    ("Ekby torg", Place.Kind.SQUARE, "Ekby", ["torget i ekby"], 0.000, 0.000),
    ("Ekby busshållplats", Place.Kind.STATION, "Ekby", ["busshållplatsen"], 0.001, 0.002),
    ("Ekbyskolan", Place.Kind.SCHOOL, "Ekby", [], -0.002, -0.001),
    ("Ekbyparken", Place.Kind.PARK, "Ekby", [], 0.002, -0.003),
    ("Idrottsplatsen Ekvallen", Place.Kind.SPORTS, "Ekby", ["ekvallen"], -0.004, 0.004),
    ("Strandå centrum", Place.Kind.CENTRE, "Strandå", ["strandå centrum"], 0.000, 0.000),
    ("Strandå hamn", Place.Kind.OTHER, "Strandå", ["båthamnen"], 0.003, 0.005),
    ("Strandåskolan", Place.Kind.SCHOOL, "Strandå", [], -0.001, 0.002),
    ("Fritidsgården Ankaret", Place.Kind.YOUTH_CENTRE, "Strandå", ["ankaret"], 0.002, -0.002),
    ("Cykelvägen längs ån", Place.Kind.STREET, "Strandå", ["gång- och cykelvägen", "ån"], -0.003, -0.004),
    ("Strandå busstation", Place.Kind.STATION, "Strandå", ["busstationen i strandå"], 0.001, 0.001),
    ("Industriområdet Norra", Place.Kind.OTHER, "Norrvik", ["industriområdet"], -0.005, 0.009),
]

# The installation's administrator: creates organisations and partnerships for every municipality.
PLATFORM_ADMIN = ("plattform", "Tove", "Plattform")

# (username, first name, last name, organisation ("kommun" or "polis"), role, title)
STAFF = [
    ("admin", "Alva", "Administratör", "kommun", Role.ADMIN, "Systemförvaltare"),
    ("polisadmin", "Nils", "Vik", "polis", Role.ADMIN, "Administratör i lokalpolisområdet"),
    ("analytiker", "Sara", "Lind", "kommun", Role.ANALYST, "Trygghetssamordnare"),
    ("kommunpolis", "Johan", "Ek", "polis", Role.ANALYST, "Kommunpolis"),
    ("dialog", "Mira", "Holm", "kommun", Role.DIALOGUE_STAFF, "Fältsekreterare"),
    ("polisdialog", "Ali", "Berg", "polis", Role.DIALOGUE_STAFF, "Områdespolis"),
    ("handlaggare", "Karin", "Sjö", "kommun", Role.CASE_HANDLER, "Handläggare kontaktcenter"),
    ("lasare", "Erik", "Strand", "kommun", Role.READER, "Ledamot i trygghetsrådet"),
]


def demo_totp_key(username: str, seed: int) -> str:
    """A fixed authenticator key per demo user, so the demo's second factor can be shown and tested."""
    return hashlib.sha256(f"lofte-demo-{seed}-{username}".encode()).hexdigest()[:40]


def load(ctx: DemoContext) -> None:
    municipality, _ = Organisation.objects.update_or_create(
        slug="sjostad",
        defaults={
            "name": "Sjöstad kommun",
            "kind": Organisation.Kind.MUNICIPALITY,
            "kommunkod": "9901",
            "website": "https://www.sjostad.example",
        },
    )
    police_area, _ = Organisation.objects.update_or_create(
        slug="lpo-sjostad",
        defaults={"name": "Lokalpolisområde Sjöstad", "kind": Organisation.Kind.POLICE_AREA},
    )
    partnership, _ = Partnership.objects.update_or_create(
        slug="sjostad",
        defaults={"name": "Trygg i Sjöstad", "municipality": municipality, "police_area": police_area},
    )
    ctx.municipality, ctx.police_area, ctx.partnership = municipality, police_area, partnership

    areas = {}
    for name, lat, lng in TATORTER:
        d = 0.02
        ring = [[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]
        areas[name], _ = Area.objects.update_or_create(
            organisation=municipality,
            name=name,
            defaults={"kind": Area.Kind.TATORT, "geometry": {"type": "Polygon", "coordinates": [ring]}},
        )
    midpoints = {name: (lat, lng) for name, lat, lng in TATORTER}
    for name, kind, tatort, aliases, d_lat, d_lng in PLACES:
        lat, lng = midpoints[tatort]
        Place.objects.update_or_create(
            organisation=municipality,
            name=name,
            defaults={
                "kind": kind,
                "area": areas[tatort],
                "aliases": aliases,
                "latitude": round(lat + d_lat, 6),
                "longitude": round(lng + d_lng, 6),
            },
        )

    centre, _ = ContactCentre.objects.update_or_create(
        organisation=municipality,
        defaults={
            "phone": "0999-10 00 00",
            "fax": "0999-10 03 40",
            "email": "kommun@sjostad.example",
            "visiting_address": "Rådhusgatan 1\nSjöstad",
            "postal_address": "Sjöstad kommun\n999 88 Sjöstad",
            "opening_hours": "Måndag–torsdag 8–16.30, fredag 8–15. Lunchstängt 12–12.45.",
        },
    )
    on_call = [
        ("Vatten och avlopp", "0999-10 01 10", "Vardagar efter 16.30 och helger"),
        ("Gatubelysning och vägar", "0999-10 01 20", "Dygnet runt"),
        ("Socialjouren", "0999-10 01 30", "Kvällar, nätter och helger"),
        ("Fastighetsjour", "0999-10 01 40", "Efter kontorstid"),
    ]
    for position, (service, phone, note) in enumerate(on_call):
        OnCallNumber.objects.update_or_create(
            contact_centre=centre, service=service, defaults={"phone": phone, "note": note, "position": position}
        )

    organisations = {"kommun": municipality, "polis": police_area}
    for username, first, last, org_key, role, title in STAFF:
        email = f"{username}@{DEMO_DOMAIN}"
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user, organisation=organisations[org_key], defaults={"role": role, "title": title}
        )
        if role.sees_personal_data:
            TOTPDevice.objects.update_or_create(
                user=user, name="demo", defaults={"key": demo_totp_key(username, ctx.seed), "confirmed": True}
            )
    username, first, last = PLATFORM_ADMIN
    email = f"{username}@{DEMO_DOMAIN}"
    platform_admin, created = User.objects.get_or_create(
        username=email,
        defaults={"email": email, "first_name": first, "last_name": last, "is_superuser": True, "is_staff": True},
    )
    if created:
        platform_admin.set_password(DEMO_PASSWORD)
        platform_admin.save(update_fields=["password"])
    TOTPDevice.objects.update_or_create(
        user=platform_admin, name="demo", defaults={"key": demo_totp_key(username, ctx.seed), "confirmed": True}
    )
    ctx.log.append(
        f"Sjöstad: {len(TATORTER)} tätorter, {len(PLACES)} platser, {len(STAFF)} personal och en "
        f"plattformsadministratör, kontaktcenter med {len(on_call)} journummer"
    )
