"""Published news of a municipality: the list, one item, its image and the Atom feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lofte.core.language import language_query
from lofte.core.models import Organisation
from lofte.lib.linktext import plain_excerpt, render_linktext
from lofte.public import selectors
from lofte.public.models import NewsItem
from lofte.public.pages import conditional, public_page
from lofte.public.views.site import base_context


def _published(organisation: Organisation, pk: int) -> NewsItem:
    return get_object_or_404(
        NewsItem.objects.published().select_related("organisation"), organisation=organisation, pk=pk
    )


@require_GET
def news_list(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[dict[str, Any], dt.datetime | None]:
        organisation = selectors.public_municipality(slug)
        context = {**base_context(organisation), "news": selectors.latest_news(organisation), "nav_page": "news"}
        return context, selectors.last_changed(organisation)

    return public_page(request, "public/news_list.html", build)


@require_GET
def news_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.public_municipality(slug)
    # Looked up on every request, not only when rendered: an unpublished item is gone at once in every process.
    item = _published(organisation, pk)
    context = {**base_context(organisation), "item": item, "body": render_linktext(item.text), "nav_page": "news"}
    return public_page(request, "public/news_item.html", lambda: (context, item.updated_at))


@require_GET
def news_image(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _published(selectors.public_municipality(slug), pk)
    if not item.image:
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = f"public, max-age={settings.LOFTE_PUBLIC_MAX_AGE}"
    return response


class NewsFeed(Feed):
    """The municipality's published news as Atom (RFC 4287), newest first."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        organisation = getattr(self, "_organisation", None)
        stamp = selectors.last_changed(organisation) if organisation else None
        return conditional(request, response, int(stamp.timestamp()) if stamp else None)

    def get_object(self, request: HttpRequest, slug: str) -> Organisation:  # type: ignore[override]
        self._request = request
        self._organisation = selectors.public_municipality(slug)
        return self._organisation

    def title(self, obj: Organisation) -> str:
        return _("Nyheter från %(name)s") % {"name": obj.name}

    def link(self, obj: Organisation) -> str:
        return reverse("public:news_list", args=[obj.slug]) + language_query()

    def subtitle(self, obj: Organisation) -> str:
        return _("Trygghet och medborgarlöften i %(name)s") % {"name": obj.name}

    def items(self, obj: Organisation) -> list[NewsItem]:
        return selectors.latest_news(obj, limit=30)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return str(render_linktext(item.text))

    def item_link(self, item: NewsItem) -> str:
        return item.get_absolute_url() + language_query()  # a reader of the English feed gets English pages

    def item_guid(self, item: NewsItem) -> str:
        # The page's address without the language, as before: one id in both languages and across this change.
        return self._request.build_absolute_uri(item.get_absolute_url())

    def item_pubdate(self, item: NewsItem) -> dt.datetime:
        return item.published_at or timezone.now()

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return item.organisation.name

    def item_extra_kwargs(self, item: NewsItem) -> dict[str, str]:
        return {"summary": plain_excerpt(item.text)}


news_feed = require_GET(NewsFeed())
