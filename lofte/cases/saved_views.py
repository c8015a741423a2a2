"""Saved inbox views: a handler's named filter set, kept as the inbox's own GET parameters so a view, a
bookmark and a shared link are the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from lofte.cases.forms import InboxFilterForm
from lofte.cases.models import SavedView
from lofte.cases.selectors import InboxFilters, inbox_counts, inbox_q
from lofte.core.audit import audit_log
from lofte.core.models import Organisation, User

DEFAULT = {"status": "open"}
MAX_VIEWS = 50


@dataclass(frozen=True)
class InboxQuery:
    form: InboxFilterForm
    filters: InboxFilters
    query: str  # the canonical GET parameters of these filters, without the page number


def inbox_query(organisation: Organisation, params: QueryDict | dict[str, str]) -> InboxQuery:
    """Read the inbox's GET parameters. With none, the open cases; unknown or invalid values fall back to the
    default rather than an error, because they come from old bookmarks as often as from people."""
    given = {k: str(v) for k, v in params.items() if k != "sida"}
    form = InboxFilterForm(given or DEFAULT, organisation=organisation)
    data = form.cleaned_data if form.is_valid() else DEFAULT
    filters = InboxFilters(
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        category=int(data["category"]) if data.get("category") else None,
        area=int(data["area"]) if data.get("area") else None,
        overdue=bool(data.get("overdue")),
        mine=bool(data.get("mine")),
        priority=bool(data.get("priority")),
    )
    pairs = [("status", filters.status)]
    pairs += [(k, str(getattr(filters, k))) for k in ("kind", "category", "area") if getattr(filters, k)]
    pairs += [(k, "on") for k in ("overdue", "mine", "priority") if getattr(filters, k)]
    return InboxQuery(form, filters, urlencode(pairs))


def visible_views(organisation: Organisation, user: User) -> list[SavedView]:
    return list(
        SavedView.objects.filter(Q(owner=user) | Q(shared=True), organisation=organisation).select_related("owner")
    )


def views_with_counts(organisation: Organisation, user: User) -> tuple[list[tuple[SavedView, int]], dict[str, int]]:
    """Each view the user sees with how many cases it holds now ("mine" counts the viewer's own cases), and
    the inbox's own counts, from one query."""
    views = visible_views(organisation, user)
    conditions = {
        f"view_{view.pk}": inbox_q(
            organisation, inbox_query(organisation, dict(parse_qsl(view.query))).filters, user_id=user.pk
        )
        for view in views
    }
    counts = inbox_counts(organisation, conditions)
    return [(view, counts[f"view_{view.pk}"]) for view in views], counts


@transaction.atomic
def saved_view_create(
    *, organisation: Organisation, owner: User, name: str, query: str, shared: bool = False
) -> SavedView:
    """Save (or replace, by the same name) the owner's view of the inbox. The query is stored in its
    canonical form, so junk parameters never end up in a view."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Ge vyn ett namn."))
    canonical = inbox_query(organisation, dict(parse_qsl(query))).query
    existing = SavedView.objects.filter(organisation=organisation, owner=owner, name=name).first()
    if existing is None and SavedView.objects.filter(organisation=organisation, owner=owner).count() >= MAX_VIEWS:
        raise ValidationError(_("Du har redan %(max)d sparade vyer. Ta bort någon först.") % {"max": MAX_VIEWS})
    before = {"query": existing.query, "shared": existing.shared} if existing else {}
    try:
        view, _created = SavedView.objects.update_or_create(
            organisation=organisation, owner=owner, name=name, defaults={"query": canonical, "shared": shared}
        )
    except IntegrityError as error:  # the same name saved twice at once
        raise ValidationError(_("Det finns redan en vy med det namnet.")) from error
    audit_log(
        actor=owner,
        action="case_saved_view.save",
        target=view,
        organisation=organisation,
        changes={"query": [before.get("query"), canonical], "shared": [before.get("shared"), shared]},
    )
    return view


@transaction.atomic
def saved_view_delete(*, view: SavedView, by: User) -> None:
    audit_log(
        actor=by,
        action="case_saved_view.delete",
        target=view,
        organisation=view.organisation,
        changes={"query": [view.query, None], "shared": [view.shared, None]},
    )
    view.delete()
