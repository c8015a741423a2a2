"""The demo is what an outside checker is pointed at: Sjöstad's categories are its services, its cases its requests."""

from __future__ import annotations

import io

from django.core.management import call_command

from lofte.cases import demo as cases_demo
from lofte.core import demo as core_demo
from lofte.core.models import Organisation
from tests.open311.conftest import Api, parse


def test_the_demo_serves_sjostads_categories_and_takes_a_checkers_report(db, client, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = core_demo.DemoContext(seed=2020, rng=core_demo.random.Random(2020))
    core_demo.load(ctx)
    cases_demo.load(ctx)
    kommunkod = Organisation.objects.get(slug="sjostad").kommunkod
    services = parse(Api(client, "xml").get("services", jurisdiction_id=kommunkod))
    leaves = {
        slug for slug, parent, *_ in cases_demo.CATEGORIES if slug not in {p for _, p, *_ in cases_demo.CATEGORIES}
    }
    assert {s["service_code"] for s in services} == leaves | {"tyck_till"}
    assert parse(Api(client).get("requests", jurisdiction_id=kommunkod))
    out = io.StringIO()
    call_command("open311_key", "create", "--organisation", "sjostad", "--name", "checker", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    answer = Api(client, "json", key).post(
        "requests", {"jurisdiction_id": kommunkod, "service_code": "gatubelysning", "lat": "58.5", "long": "13.15"}
    )
    assert answer.status_code == 200
