"""The one permission gate of the website's staff pages: a municipality's administrators edit its site."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from lofte.core.access import get_municipality_for_user
from lofte.core.models import Organisation, User
from lofte.public.models import NewsItem


def get_site_for_user(user: User, slug: str) -> Organisation:
    """The municipality whose public site ``user`` manages; 404 to those outside it, 403 to its non-admins."""
    return get_municipality_for_user(user, slug, write=True)


def get_news_item_for_user(user: User, slug: str, pk: int) -> NewsItem:
    organisation = get_site_for_user(user, slug)
    return get_object_or_404(NewsItem.objects.select_related("organisation"), organisation=organisation, pk=pk)
