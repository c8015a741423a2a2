"""Atom feeds of promise and progress news, for a partnership and for the installation (Django's syndication
framework): a promise published, a new version of it, an evaluation published, and a commitment whose target
was reached (dated by the activity that reached it). Only published promises and evaluations are read, and only
what their public pages already show: an activity's own text and note never leave the staff pages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from lofte.core.language import language_query
from lofte.core.models import Partnership
from lofte.promises.models import Activity, Commitment, Evaluation, Promise
from lofte.promises.selectors import in_their_periods, published_promises
from lofte.public.templatetags.public_tags import in_language

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LIMIT = 50


@dataclass(frozen=True)
class NewsItem:
    key: str  # stable: the entry's id in the feed
    title: str
    text: str
    link: str
    at: dt.datetime


def _promise_news(promises: list[Promise]) -> list[NewsItem]:
    items = []
    for promise in promises:
        if promise.version == 1:
            title = _("%(title)s är publicerat") % {"title": in_language(promise, "title")}
            text = _("%(name)s har publicerat sitt medborgarlöfte för %(period)s.") % {
                "name": promise.partnership.name,
                "period": promise.period,
            }
        else:
            title = _("%(title)s: version %(version)s") % {
                "title": in_language(promise, "title"),
                "version": promise.version,
            }
            text = _("Parterna har godkänt och publicerat en ny version av löftet.")
        items.append(NewsItem(f"promise:{promise.pk}", title, text, promise.public_url(), promise.published_at))  # type: ignore[arg-type]
    return items


def _evaluation_news(partnership_ids: set[int]) -> list[NewsItem]:
    from lofte.promises.evaluation import public_version

    items = []
    for record in (
        Evaluation.objects.filter(published_at__isnull=False, promise__partnership_id__in=partnership_ids)
        .select_related("promise__partnership__municipality", "promise__partnership__police_area")
        .prefetch_related("versions__agreements")
    ):
        version = public_version(record)
        summary = (version.figures.get("summary") if version else None) or {}
        items.append(
            NewsItem(
                f"evaluation:{record.pk}",
                _("Utvärderingen av %(title)s") % {"title": in_language(record.promise, "title")},
                _("%(reached)s av %(total)s åtaganden nådde sitt mål.")
                % {"reached": summary.get("reached", 0), "total": summary.get("commitments", 0)},
                record.promise.public_url() + "#evaluation",
                record.published_at,  # type: ignore[arg-type]
            )
        )
    return items


def _target_news(promises: list[Promise]) -> list[NewsItem]:
    """A count commitment's target reached: the done activity that took the sum over the target. Activities of
    every version count (by lineage), as on the public page."""
    commitments = {
        c.lineage: c
        for c in Commitment.objects.filter(
            focus_area__promise__in=promises, target_kind=Commitment.TargetKind.COUNT, target_value__gt=0
        ).select_related("focus_area__promise__partnership")
    }
    done: dict[object, int] = defaultdict(int)
    items = []
    rows = (
        Activity.objects.done()
        .filter(in_their_periods(commitments.values()))
        .order_by("occurred_on", "pk")
        .values_list("commitment__lineage", "occurred_on", "count")
    )
    for lineage, occurred_on, count in rows:
        commitment = commitments[lineage]
        before = done[lineage]
        done[lineage] += count
        if before < commitment.target_value <= done[lineage]:  # type: ignore[operator]
            promise = commitment.focus_area.promise
            items.append(
                NewsItem(
                    f"target:{lineage}",
                    _("Målet nått: %(what)s") % {"what": in_language(commitment, "what")[:120]},
                    _("%(title)s: %(target)s av %(target)s genomfört.")
                    % {"title": in_language(promise, "title"), "target": int(commitment.target_value or 0)},
                    promise.public_url(),
                    dt.datetime.combine(occurred_on, dt.time(12), tzinfo=STOCKHOLM),
                )
            )
    return items


def news(*, partnership: Partnership | None = None) -> list[NewsItem]:
    """The newest news first, at most LIMIT items."""
    newest = published_promises(partnership=partnership)
    versions = list(
        Promise.objects.published()
        .filter(partnership__in={p.partnership_id for p in newest})
        .select_related("partnership")
    )
    items = _promise_news(versions) + _evaluation_news({p.partnership_id for p in newest}) + _target_news(newest)
    return sorted(items, key=lambda i: i.at, reverse=True)[:LIMIT]


@dataclass(frozen=True)
class Scope:
    partnership: Partnership | None
    origin: str  # scheme and host: an entry's id is its full address, which no other installation shares


class PromiseNewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str | None = None) -> Scope:  # type: ignore[override]
        partnership = get_object_or_404(Partnership, slug=slug) if slug else None
        return Scope(partnership, request.build_absolute_uri("/").rstrip("/"))

    def title(self, obj: Scope) -> str:
        if obj.partnership is None:
            return _("Medborgarlöften")
        return _("Medborgarlöften: %(name)s") % {"name": obj.partnership.name}

    def subtitle(self, obj: Scope) -> str:
        return _("Nya löften, nya versioner, utvärderingar och mål som nåtts.")

    def link(self, obj: Scope) -> str:
        return self._in_reader_language(reverse("promises_public:list"))

    def feed_url(self, obj: Scope) -> str:
        if obj.partnership is None:
            return reverse("promises_public:feed")
        return reverse("promises_public:partnership_feed", args=[obj.partnership.slug])

    def items(self, obj: Scope) -> list[NewsItem]:
        return [NewsItem(i.key, i.title, i.text, obj.origin + i.link, i.at) for i in news(partnership=obj.partnership)]

    def _in_reader_language(self, link: str) -> str:
        """An English feed links to the English pages (the language is in the address, lofte.core.language)."""
        address, hash_, fragment = link.partition("#")
        return f"{address}{language_query()}{hash_}{fragment}"

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.text

    def item_link(self, item: NewsItem) -> str:
        return self._in_reader_language(item.link)

    def item_guid(self, item: NewsItem) -> str:
        # The same entry in either language: the id is the address without its language.
        return f"{item.link.split('#')[0]}#{item.key.replace(':', '-')}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem) -> dt.datetime:
        return item.at

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return item.at
