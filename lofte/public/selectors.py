"""Reads for the public website: which municipality, its current promise, open survey, hours and news.

Only what is published is ever read here (promises through promises.selectors, news through .published())."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpRequest
from django.utils import timezone

from lofte.core.models import ContactCentre, Organisation, Partnership
from lofte.lib.opening import Day, Exception_, Ranges, hours_on, is_open
from lofte.public.models import DEFAULT_COLOUR, NewsItem, PublicSite


def public_municipalities() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name"))


def public_municipality(slug: str) -> Organisation:
    """The municipality whose public pages these are; 404 for police areas, other partners and unknown slugs."""
    organisation = (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, slug=slug)
        .select_related("public_site")
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def municipality_for_host(request: HttpRequest) -> Organisation | None:
    """The municipality a host name is configured for (LOFTE_PUBLIC_HOSTS: host=slug,…), if any."""
    slug = settings.LOFTE_PUBLIC_HOSTS.get(request.get_host().split(":")[0].lower())
    if not slug:
        return None
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, slug=slug).first()


def site_colour(organisation: Organisation) -> str:
    site = PublicSite.objects.filter(organisation=organisation).first()
    return site.colour if site else DEFAULT_COLOUR


def partnerships_of(organisation: Organisation) -> list[Partnership]:
    return list(Partnership.objects.filter(municipality=organisation).order_by("name"))


@dataclass
class CurrentPromise:
    promise: Any
    outline: list[tuple[Any, list[Any]]]


def current_promise(organisation: Organisation, *, today: dt.date | None = None) -> CurrentPromise | None:
    """The published promise whose period holds this year, else the newest published one, of the municipality's
    partnerships; with its focus areas and commitments' progress."""
    from lofte.promises.selectors import promise_outline, published_promises

    today = today or timezone.localdate()
    promises = [p for partnership in partnerships_of(organisation) for p in published_promises(partnership=partnership)]
    if not promises:
        return None
    running = [p for p in promises if p.start_year <= today.year <= p.end_year]
    promise = max(running or promises, key=lambda p: (p.start_year, p.published_at))
    return CurrentPromise(promise=promise, outline=promise_outline(promise, today=today))


def earlier_promises(organisation: Organisation, *, today: dt.date | None = None) -> list[Any]:
    """Every published promise of the municipality's partnerships, newest period first (the archive)."""
    from lofte.promises.selectors import published_promises

    promises = [p for partnership in partnerships_of(organisation) for p in published_promises(partnership=partnership)]
    return sorted(promises, key=lambda p: (-p.start_year, p.partnership.name))


def open_surveys(organisation: Organisation, *, today: dt.date | None = None) -> list[Any]:
    """The web surveys residents can answer today."""
    from lofte.dialogues.models import Campaign

    today = today or timezone.localdate()
    return list(
        Campaign.objects.filter(
            partnership__municipality=organisation, public_form_open=True, starts_on__lte=today, ends_on__gte=today
        ).order_by("ends_on")
    )


def latest_news(organisation: Organisation, *, limit: int | None = None) -> list[NewsItem]:
    items = NewsItem.objects.published().filter(organisation=organisation).select_related("organisation")
    return list(items[:limit] if limit else items)


def contact_centre(organisation: Organisation) -> ContactCentre | None:
    return (
        ContactCentre.objects.filter(organisation=organisation)
        .prefetch_related("on_call_numbers", "weekly_hours", "opening_exceptions")
        .first()
    )


@dataclass
class Hours:
    week: dict[int, Ranges]
    exceptions: dict[dt.date, Exception_]

    @property
    def known(self) -> bool:
        return bool(self.week)

    def open_at(self, at: dt.datetime) -> bool:
        return is_open(timezone.localtime(at), week=self.week, exceptions=self.exceptions)

    def day(self, day: dt.date) -> Day:
        return hours_on(day, week=self.week, exceptions=self.exceptions)

    def next_days(self, today: dt.date, count: int = 14) -> list[Day]:
        """The coming days that differ from their weekday's hours (holidays, exceptions)."""
        days = [self.day(today + dt.timedelta(days=n)) for n in range(count)]
        return [d for d in days if d.note]


def hours_of(centre: ContactCentre | None) -> Hours:
    week: dict[int, Ranges] = {}
    exceptions: dict[dt.date, Exception_] = {}
    if centre is not None:
        for row in centre.weekly_hours.all():
            week[row.weekday] = (*week.get(row.weekday, ()), (row.opens, row.closes))
        for e in centre.opening_exceptions.all():
            ranges = tuple((dt.time.fromisoformat(o), dt.time.fromisoformat(c)) for o, c in e.ranges)
            exceptions[e.day] = Exception_(day=e.day, ranges=ranges, note=e.note)
    return Hours(week=week, exceptions=exceptions)


def last_changed(organisation: Organisation) -> dt.datetime | None:
    """When anything the municipality's public pages show last changed, for Last-Modified."""
    from lofte.analysis.models import Publication
    from lofte.promises.models import Promise

    stamps = [
        NewsItem.objects.filter(organisation=organisation).aggregate(m=Max("updated_at"))["m"],
        Promise.objects.published()
        .filter(partnership__municipality=organisation)
        .aggregate(m=Max("published_at"))["m"],
        PublicSite.objects.filter(organisation=organisation).aggregate(m=Max("updated_at"))["m"],
        Publication.objects.filter(campaign__partnership__municipality=organisation).aggregate(m=Max("published_at"))[
            "m"
        ],
    ]
    known = [s for s in stamps if s is not None]
    return max(known) if known else None


def accessibility_checks() -> dict[str, Any] | None:
    """The latest automated accessibility check (axe-core in the browser tests), as recorded in
    LOFTE_ACCESSIBILITY_RESULTS by `LOFTE_RECORD_ACCESSIBILITY=1 pytest tests/browser`; None if never recorded."""
    path = Path(settings.LOFTE_ACCESSIBILITY_RESULTS)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        return None
    try:
        data["checked_at"] = dt.datetime.fromisoformat(str(data.get("checked_at")))
    except ValueError:
        return None
    data["page_count"] = len(data["pages"])
    data["violation_count"] = sum(int(p.get("violations", 0)) for p in data["pages"] if isinstance(p, dict))
    return data
