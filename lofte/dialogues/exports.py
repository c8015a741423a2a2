"""The columns and rows of a dialogue export: one row per conversation, one column per question.

Answers are stored redacted and anonymous, so an export holds nothing a reader of the list may not see.
The spreadsheet-safe writing (formula escaping, BOM) is in lofte.lib.spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.dialogues.answers import choices_of
from lofte.dialogues.models import Dialogue, Question
from lofte.dialogues.template import TARGET_GROUPS


def export_rows(dialogues: QuerySet[Dialogue]) -> tuple[list[str], Iterator[list[Any]]]:
    campaign_ids = list(dialogues.order_by().values_list("campaign_id", flat=True).distinct())
    questions: dict[str, Question] = {}
    for question in Question.objects.filter(campaign_id__in=campaign_ids).order_by("campaign__year", "position"):
        questions.setdefault(question.key, question)
    labels = {key: {c["value"]: c.get("sv") or c["value"] for c in choices_of(q)} for key, q in questions.items()}
    groups = {code: sv for code, sv, _en in TARGET_GROUPS}
    headers = [
        _("Id"),
        _("Omgång"),
        _("Datum"),
        _("Klockslag"),
        _("Kanal"),
        _("Plats"),
        _("Område"),
        _("Intervjuare"),
        _("Ålder"),
        _("Kön"),
        _("Relation till platsen"),
        _("Bostadsområde"),
        _("Målgrupp"),
        *[q.text_sv for q in questions.values()],
    ]

    def rows() -> Iterator[list[Any]]:
        queryset = dialogues.select_related("campaign", "place", "area", "recorded_by", "home_area").order_by(
            "conducted_at", "pk"
        )
        for d in queryset.iterator(chunk_size=1000):
            local = timezone.localtime(d.conducted_at)
            yield [
                d.pk,
                d.campaign.name,
                local.date().isoformat(),
                local.strftime("%H:%M"),
                d.get_channel_display(),
                d.place.name if d.place else "",
                d.area.name if d.area else "",
                str(d.recorded_by) if d.recorded_by else "",
                d.get_age_band_display() if d.age_band else "",
                d.get_gender_display() if d.gender else "",
                d.get_relation_display() if d.relation else "",
                d.home_area.name if d.home_area else "",
                groups.get(d.target_group, d.target_group),
                *[_answer_text(q, labels[key], d.answers.get(key)) for key, q in questions.items()],
            ]

    return headers, rows()


def _answer_text(question: Question, labels: dict[str, str], value: Any) -> Any:
    if value in (None, "", [], {}):
        return ""
    if question.kind == Question.Kind.SCALE:
        return value
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    if isinstance(value, dict):
        parts = [value.get("name", ""), value.get("text", "")]
        if "lat" in value:
            parts.append(f"{value['lat']}, {value['lng']}")
        return " · ".join(p for p in parts if p)
    if question.kind == Question.Kind.SINGLE:
        return labels.get(value, value)
    return str(value)
