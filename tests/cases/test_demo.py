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


def test_the_demo_year_follows_the_seasons_and_shows_every_part_of_the_handling(db, settings):
    from collections import Counter

    from lofte.core.models import AuditEntry

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ctx = core_demo.DemoContext(seed=2020, rng=core_demo.random.Random(2020))
    core_demo.load(ctx)
    cases_demo.load(ctx)
    faults = Case.objects.filter(kind="felanmalan").select_related("category")
    season = Counter((timezone.localtime(c.created_at).month, c.category.slug) for c in faults)
    winter, summer = (12, 1, 2), (6, 7, 8)
    assert sum(season[m, "sno"] for m in summer) == 0 < sum(season[m, "sno"] for m in winter)
    assert sum(season[m, "gatubelysning"] for m in winter) > sum(season[m, "gatubelysning"] for m in summer)
    assert sum(season[m, "nedskrapning"] for m in summer) > sum(season[m, "nedskrapning"] for m in winter)
    merged = Case.objects.filter(merged_into__isnull=False)
    assert merged.exists()
    for duplicate in merged.select_related("merged_into"):
        if duplicate.merged_into.status == Case.Status.CLOSED:  # the merged reporter was told at the close
            assert duplicate.status == Case.Status.CLOSED and duplicate.events.filter(kind="reply").exists()
    flagged = Case.objects.filter(priority=True)
    assert flagged.exists()
    assert all(c.priority_reason.startswith("Medborgarlöfte") for c in flagged)
    assert AuditEntry.objects.filter(action="case.priority").count() == flagged.count()
    assert Case.objects.overdue().exists()
    assert Case.objects.filter(first_reply_at__isnull=False).exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.POLICE_REPORT).exists()
    assert not CaseEvent.objects.filter(at__gt=timezone.now()).exists()
    for case in Case.objects.filter(status=Case.Status.CLOSED, merged_into__isnull=True)[:50]:
        assert case.updated_at == case.events.latest("at").at >= case.closed_at  # Open311's updated_datetime
