"""Reads that span models: the filtered dialogue list (the list page and the exports share it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet

from lofte.core.models import Partnership
from lofte.dialogues.forms import DialogueFilterForm
from lofte.dialogues.models import Campaign, Dialogue
from lofte.lib.dates import day_range


def filter_dialogues(
    qs: QuerySet[Dialogue], params: Mapping[str, Any], *, partnership: Partnership | None = None
) -> tuple[QuerySet[Dialogue], DialogueFilterForm]:
    """``qs`` narrowed by the GET parameters campaign (slug), area, place (ids), target_group, date_from,
    date_to (Europe/Stockholm dates of the conversation), interviewer (user id), channel and q (free-text
    search). Invalid parameters are reported on the returned form and ignored; the valid ones still apply.
    ``qs`` must already be limited to what the user may see (``Dialogue.objects.for_user``); pass
    ``partnership`` to limit it to one partnership and to offer that partnership's choices."""
    if partnership is None:
        first = qs.select_related("campaign__partnership").first()
        partnership = first.campaign.partnership if first else None
    if partnership is None:
        return qs.none(), DialogueFilterForm(params or None, partnership=None)
    qs = qs.filter(campaign__partnership=partnership)
    form = DialogueFilterForm(params or None, partnership=partnership)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if data.get("campaign"):
        qs = qs.filter(campaign=data["campaign"])
    if data.get("area"):
        qs = qs.filter(area=data["area"])
    if data.get("place"):
        qs = qs.filter(place=data["place"])
    if data.get("target_group"):
        qs = qs.filter(target_group=data["target_group"])
    start, end = day_range(data.get("date_from"), data.get("date_to"))
    if start:
        qs = qs.filter(conducted_at__gte=start)
    if end:
        qs = qs.filter(conducted_at__lt=end)
    if data.get("interviewer"):
        qs = qs.filter(recorded_by=data["interviewer"])
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    if data.get("q"):
        qs = qs.filter(free_text__icontains=data["q"].strip())
    return qs.select_related("campaign", "place", "area", "recorded_by"), form


def campaigns_with_counts(partnership: Partnership) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(partnership=partnership)
        .annotate(
            dialogue_count=Count("dialogues", distinct=True),
            field_count=Count("dialogues", filter=Q(dialogues__channel=Dialogue.Channel.FIELD), distinct=True),
            web_count=Count("dialogues", filter=Q(dialogues__channel=Dialogue.Channel.WEB), distinct=True),
        )
        .order_by("-year", "name")
    )
