"""The cases demo step: Sjöstad's categories and a year of cases, idempotent, sending no e-mail."""

from __future__ import annotations

from django.utils import timezone

from lofte.cases import demo as cases_demo
from lofte.cases.models import Case, CaseEvent, Category
from lofte.core import demo as core_demo


def test_the_cases_demo_loads_a_year_of_cases_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = core_demo.DemoContext(seed=2020, rng=core_demo.random.Random(2020))
    core_demo.load(ctx)
    cases_demo.load(ctx)
    assert Category.objects.get(slug="gatubelysning").theme == "belysning"
    assert Category.objects.get(slug="klotter").theme == "skadegorelse"
    assert Case.objects.count() == cases_demo.CASES_PER_YEAR
    oldest = Case.objects.order_by("created_at").first()
    assert (timezone.now() - oldest.created_at).days > 200
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    assert Case.objects.filter(closed_at__isnull=True).exists()
    assert not Case.objects.exclude(reporter_email="").exists()
    assert all(e.at >= e.case.created_at for e in CaseEvent.objects.select_related("case"))
    events = CaseEvent.objects.count()
    cases_demo.load(ctx)
    assert Case.objects.count() == cases_demo.CASES_PER_YEAR
    assert CaseEvent.objects.count() == events
