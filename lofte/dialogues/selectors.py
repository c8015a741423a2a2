"""Reads that span models: the filtered dialogue list (the list page and the exports share it), the campaign
list's counts and which dialogues were corrected after they were stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from lofte.core.models import AuditEntry, Partnership
from lofte.dialogues.forms import DialogueFilterForm
from lofte.dialogues.models import Campaign, Dialogue, ImportBatch
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
    """The partnership's rounds with their dialogues counted in all and by channel: the channels add up."""
    return (
        Campaign.objects.filter(partnership=partnership)
        .annotate(
            dialogue_count=Count("dialogues", distinct=True),
            field_count=Count("dialogues", filter=Q(dialogues__channel=Dialogue.Channel.FIELD), distinct=True),
            web_count=Count("dialogues", filter=Q(dialogues__channel=Dialogue.Channel.WEB), distinct=True),
            import_count=Count("dialogues", filter=Q(dialogues__channel=Dialogue.Channel.IMPORT), distinct=True),
        )
        .order_by("-year", "name")
    )


def _was_corrected() -> Exists:
    # dialogue_correct logs every correction that changed something as "dialogue.correct": the log is the
    # record of it (the dialogue has no flag of its own, and updated_at also moves for other reasons).
    return Exists(
        AuditEntry.objects.filter(
            action="dialogue.correct",
            target_type=Dialogue._meta.label_lower,
            target_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


def corrected_dialogues(dialogues: QuerySet[Dialogue]) -> QuerySet[Dialogue]:
    """Those of ``dialogues`` that someone corrected after they were stored."""
    return dialogues.filter(_was_corrected())


def uncorrected_dialogues(dialogues: QuerySet[Dialogue]) -> QuerySet[Dialogue]:
    """Those of ``dialogues`` that no one has corrected since they were stored."""
    return dialogues.exclude(_was_corrected())


def corrected_import_count(batch: ImportBatch) -> int:
    """How many dialogues of the import were corrected after it: kept when the import is undone (and so,
    once it is undone, the dialogues still linked to it)."""
    return corrected_dialogues(Dialogue.objects.filter(import_batch=batch)).count()
