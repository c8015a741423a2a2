"""Is a fault report inside a current promise's focus area? The read behind the promise-priority flag.

A case is a priority when a published promise of a partnership its organisation belongs to is in period on
the day the case arrived, and one of that promise's focus areas has the case category's theme, covers the
case's area (a focus area that names no area covers the whole kommun) and, where it names times, covers the
hour the case arrived ("kväll" is 18–22, as the lägesbild counts it). The decision is stored on the case by
``services.case_assess_priority``; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from lofte.core.models import Partnership
from lofte.promises.models import FocusArea, Promise
from lofte.situation.dataset import DARK_HOURS, PERIOD_DAYS, PERIOD_HOURS, PERIOD_LABELS
from lofte.text.taxonomy import load_taxonomy

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The focus area's times are the lägesbild's Swedish period labels ("kväll", "helg"); their keys here.
PERIOD_BY_LABEL = {label: key for key, label in PERIOD_LABELS.items()}
SEASON_MONTHS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "winter": (12, 1, 2)}


@dataclass(frozen=True, slots=True)
class PriorityMatch:
    focus_area: FocusArea
    reason: str


def time_matches(label: str, at: datetime) -> bool:
    """Whether a focus area's time (a period label) covers the local time ``at``. A label this code does not
    know is not held against the case: the theme and area still decide."""
    local = at.astimezone(STOCKHOLM)
    key = PERIOD_BY_LABEL.get(label.strip().casefold(), "")
    if key in PERIOD_HOURS:
        return local.hour in PERIOD_HOURS[key]
    if key in PERIOD_DAYS:
        return local.weekday() in PERIOD_DAYS[key]
    if key in SEASON_MONTHS:
        return local.month in SEASON_MONTHS[key]
    if key == "darkness":
        return local.hour in DARK_HOURS
    return True


def times_match(times: list[str], at: datetime) -> bool:
    """A focus area that names times covers a case at any one of them; one that names none, at every hour."""
    labels = [str(t) for t in times if str(t).strip()]
    return not labels or any(time_matches(label, at) for label in labels)


def current_promises(*, organisation_id: int, at: datetime) -> list[Promise]:
    """The latest published version of each promise in period on the local date of ``at``, of every
    partnership the organisation is a party to."""
    year = at.astimezone(STOCKHOLM).year
    partnerships = Partnership.objects.filter(
        Q(municipality_id=organisation_id) | Q(police_area_id=organisation_id) | Q(other_partners=organisation_id)
    ).values("pk")
    promises = (
        Promise.objects.published()
        .filter(partnership__in=partnerships, start_year__lte=year, end_year__gte=year)
        .order_by("partnership_id", "start_year", "-version")
    )
    latest: dict[tuple[int, int], Promise] = {}
    for promise in promises:
        latest.setdefault((promise.partnership_id, promise.start_year), promise)
    return list(latest.values())


def promise_priority(*, organisation_id: int, theme: str, area_id: int | None, at: datetime) -> PriorityMatch | None:
    """The first focus area (in the promise's order) a case of ``theme`` in ``area_id`` arriving at ``at``
    falls inside, with the reason as the handler reads it; None when there is none."""
    if not theme:
        return None
    promises = current_promises(organisation_id=organisation_id, at=at)
    if not promises:
        return None
    focus_areas = (
        FocusArea.objects.filter(promise__in=promises, theme=theme)
        .select_related("promise")
        .prefetch_related("areas")
        .order_by("promise__start_year", "position", "pk")
    )
    for focus_area in focus_areas:
        areas = list(focus_area.areas.all())
        if areas and area_id not in {a.pk for a in areas}:
            continue
        if not times_match(focus_area.times, at):
            continue
        return PriorityMatch(focus_area, reason_for(focus_area, areas))
    return None


def reason_for(focus_area: FocusArea, areas: list) -> str:  # noqa: ANN001 - list of Area
    """ "Medborgarlöfte 2020, fokusområde Trygghet i centrum: belysning i Sjöstad centrum, kväll". Stored in
    Swedish whatever the language of the request that decided it: it is the case's record."""
    theme = next((t.label_in("sv") for t in load_taxonomy().themes if t.id == focus_area.theme), focus_area.theme)
    with translation.override("sv"):
        where = _("i %(areas)s") % {"areas": ", ".join(a.name for a in areas)} if areas else _("i hela kommunen")
        times = ", ".join(str(t) for t in focus_area.times if str(t).strip())
        what = f"{theme.lower()} {where}" + (f", {times}" if times else "")
        return _("%(promise)s, fokusområde %(focus)s: %(what)s") % {
            "promise": focus_area.promise.title_sv
            or _("Medborgarlöfte %(period)s") % {"period": focus_area.promise.period},
            "focus": focus_area.title_sv,
            "what": what,
        }
