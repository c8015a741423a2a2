"""The public website's pages (no login, no cookie): the list of municipalities, a municipality's start page,
contact, archive and accessibility statement, its colours and logo."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lofte.analysis.publication import has_published_findings, published_findings
from lofte.core.language import language_query
from lofte.core.models import Organisation
from lofte.public import selectors
from lofte.public.forms import WEEKDAYS
from lofte.public.pages import public_page

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def base_context(organisation: Organisation) -> dict[str, Any]:
    return {
        "organisation": organisation,
        "has_findings": has_published_findings(organisation=organisation),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The installation's front door: its municipalities (straight to the one there is, or the one the host
    name is configured for). Staff sign in by a link."""
    organisation = selectors.municipality_for_host(request)
    municipalities = selectors.public_municipalities() if organisation is None else [organisation]
    if len(municipalities) == 1:
        return redirect(reverse("public:start", args=[municipalities[0].slug]) + language_query())
    return public_page(request, "public/index.html", lambda: ({"municipalities": municipalities}, None))


@require_GET
def start(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[dict[str, Any], dt.datetime | None]:
        organisation = selectors.public_municipality(slug)
        centre = selectors.contact_centre(organisation)
        hours = selectors.hours_of(centre)
        now = timezone.localtime()
        context = {
            **base_context(organisation),
            "current": selectors.current_promise(organisation),
            "surveys": selectors.open_surveys(organisation),
            "centre": centre,
            "hours": hours,
            "open_now": hours.open_at(now) if hours.known else None,
            "today": hours.day(now.date()),
            "news": selectors.latest_news(organisation, limit=3),
            "findings": published_findings(organisation=organisation),
            "nav_page": "start",
        }
        return context, selectors.last_changed(organisation)

    return public_page(request, "public/start.html", build)


@require_GET
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[dict[str, Any], dt.datetime | None]:
        organisation = selectors.public_municipality(slug)
        centre = selectors.contact_centre(organisation)
        hours = selectors.hours_of(centre)
        now = timezone.localtime()
        week = [(WEEKDAYS[day], SCHEMA_DAYS[day], hours.week.get(day, ())) for day in range(7)]
        context = {
            **base_context(organisation),
            "centre": centre,
            "hours": hours,
            "week": week,
            "open_now": hours.open_at(now) if hours.known else None,
            "now": now,
            "today": hours.day(now.date()),
            "coming": hours.next_days(now.date(), 21),
            "nav_page": "contact",
        }
        return context, None

    return public_page(request, "public/contact.html", build)


@require_GET
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[dict[str, Any], dt.datetime | None]:
        organisation = selectors.public_municipality(slug)
        context = {
            **base_context(organisation),
            "promises": selectors.earlier_promises(organisation),
            "nav_page": "archive",
        }
        return context, selectors.last_changed(organisation)

    return public_page(request, "public/archive.html", build)


@require_GET
def accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[dict[str, Any], dt.datetime | None]:
        organisation = selectors.public_municipality(slug)
        site = getattr(organisation, "public_site", None)
        centre = selectors.contact_centre(organisation)
        context = {
            **base_context(organisation),
            "checks": selectors.accessibility_checks(),
            "feedback_email": (site.accessibility_contact if site else "") or (centre.email if centre else ""),
            "colour": selectors.site_colour(organisation),
            "third_party": bool(settings.LOFTE_MAP_TILE_URL),
            "nav_page": "accessibility",
        }
        return context, None

    return public_page(request, "public/accessibility.html", build)


@require_GET
def theme(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's colour as a stylesheet: the CSP forbids inline styles, and it is cached with the CSS."""

    def build() -> tuple[dict[str, Any], dt.datetime | None]:
        colour = selectors.site_colour(selectors.public_municipality(slug))
        dark = "#" + "".join(f"{int(int(colour[i : i + 2], 16) * 0.75):02x}" for i in (1, 3, 5))
        return {"colour": colour, "dark": dark}, None

    return public_page(request, "public/theme.css", build, content_type="text/css; charset=utf-8")


@require_GET
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.public_municipality(slug)
    if not organisation.logo:
        raise Http404
    content_type = mimetypes.guess_type(organisation.logo.name)[0] or ""
    if content_type not in ("image/png", "image/jpeg", "image/webp", "image/gif"):
        raise Http404  # an SVG could carry script; only raster logos are served
    response = FileResponse(organisation.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={settings.LOFTE_PUBLIC_MAX_AGE}"
    return response
