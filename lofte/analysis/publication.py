"""'Vad ni sagt': a campaign's analysis published for residents, behind a review-then-publish gate.

The review makes a snapshot of the latest finished run's stored counts (``AnalysisRun.report``): the figures,
the themes, the themes by area and by time, and the run's redacted quotes the analyst approved, nothing else.
Publishing shows that very snapshot; a later run or review changes nothing public until it is published again.
Unpublishing takes it down at once. Every step records who and when and is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lofte.analysis.models import AnalysisRun, Publication
from lofte.analysis.report import NONE, TIME_LABELS, _decode, report_is_current
from lofte.analysis.selectors import latest_run, theme_labels
from lofte.core import kept
from lofte.core.audit import audit_log
from lofte.core.models import Area, Organisation, User
from lofte.dialogues.models import Campaign
from lofte.text.redact import redact

CONTENT_VERSION = 1
TOP_AREAS = 8


@dataclass(frozen=True, slots=True)
class QuoteChoice:
    """One of the run's redacted quotes the analyst may approve: ``key`` is what the form posts."""

    key: str
    theme: str
    text: str


def quote_choices(run: AnalysisRun) -> list[QuoteChoice]:
    quotes = run.quotes if isinstance(run.quotes, dict) else {}
    return [
        QuoteChoice(f"{theme}:{i}", theme, str(text))
        for theme, texts in sorted(quotes.items())
        for i, text in enumerate(texts if isinstance(texts, list) else [])
        if str(text).strip()
    ]


def findings_content(run: AnalysisRun, *, quote_keys: list[str]) -> dict[str, Any]:
    """The snapshot residents will read: counts only (no answer, no person), labels in both languages."""
    if not report_is_current(run.report):
        raise ValidationError(_("Analysen saknar en sammanställning. Kör analysen igen och granska sedan."))
    campaign = run.campaign
    counts: dict[str, int] = run.report["counts"]  # type: ignore[index]
    total = int(counts.get("", 0))
    themes: dict[str, int] = {}
    by_area: dict[str, dict[str, int]] = {}
    by_time: dict[str, dict[str, int]] = {}
    for encoded, count in counts.items():
        pairs = dict(_decode(encoded))
        if set(pairs) == {"theme"}:
            themes[pairs["theme"]] = int(count)
        elif set(pairs) == {"theme", "area"} and pairs["area"] != NONE:
            by_area.setdefault(pairs["area"], {})[pairs["theme"]] = int(count)
        elif set(pairs) == {"theme", "time"}:
            by_time.setdefault(pairs["time"], {})[pairs["theme"]] = int(count)
    labels_sv = theme_labels(campaign.partnership, "sv")
    labels_en = theme_labels(campaign.partnership, "en")
    ordered = sorted(themes, key=lambda t: (-themes[t], t))
    area_ids = [int(a) for a in by_area if a.isdigit()]
    area_names = dict(Area.objects.filter(pk__in=area_ids).values_list("pk", "name"))
    areas = sorted(
        (a for a in by_area if a.isdigit() and int(a) in area_names),
        key=lambda a: (-sum(by_area[a].values()), area_names[int(a)]),
    )[:TOP_AREAS]
    choices = {c.key: c for c in quote_choices(run)}
    unknown = [key for key in quote_keys if key not in choices]
    if unknown:
        raise ValidationError(_("Ett citat finns inte längre i analysen. Ladda om sidan och granska igen."))
    return {
        "version": CONTENT_VERSION,
        "campaign": {
            "name": campaign.name,
            "slug": campaign.slug,
            "year": campaign.year,
            "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(),
        },
        "dialogues": total,
        "with_theme": int(run.coded_count),
        "themes": [
            {"id": t, "sv": labels_sv.get(t, t), "en": labels_en.get(t, t), "count": themes[t]} for t in ordered
        ],
        "areas": [{"name": area_names[int(a)], "counts": {t: by_area[a].get(t, 0) for t in ordered}} for a in areas],
        "times": [
            {"id": time, "counts": {t: by_time[time].get(t, 0) for t in ordered}}
            for time in TIME_LABELS
            if time in by_time
        ],
        # Redacted when the run made them; redacted again here, so a quote from before a better redaction
        # does not reach the public as it was.
        "quotes": [
            {"theme": choices[key].theme, "text": redact(choices[key].text)} for key in dict.fromkeys(quote_keys)
        ],
    }


@transaction.atomic
def publication_review(*, campaign: Campaign, by: User, quote_keys: list[str]) -> Publication:
    """The analyst has read the campaign's latest finished analysis and chosen the quotes that may be shown.
    What is public does not change until it is published."""
    run = latest_run(campaign, done=True)
    if run is None:
        raise ValidationError(_("Omgången har ingen färdig analys att granska."))
    content = findings_content(run, quote_keys=quote_keys)
    publication, _created = Publication.objects.select_for_update().get_or_create(campaign=campaign)
    publication.run = run
    publication.reviewed_content = content
    publication.reviewed_by = by
    publication.reviewed_at = timezone.now()
    publication.save(update_fields=["run", "reviewed_content", "reviewed_by", "reviewed_at"])
    audit_log(
        actor=by,
        action="analysis_publication.review",
        target=publication,
        changes={"run": [None, run.pk], "quotes": [None, len(content["quotes"])]},
    )
    return publication


@transaction.atomic
def publication_publish(*, publication: Publication, by: User) -> Publication:
    """Show the reviewed snapshot on the public page. Refused for what nobody has reviewed."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.reviewed_at is None or not publication.reviewed_content:
        raise ValidationError(_("Granska analysen innan den publiceras."))
    before = publication.published_at
    publication.content = publication.reviewed_content
    publication.published_by = by
    publication.published_at = timezone.now()
    publication.save(update_fields=["content", "published_by", "published_at"])
    kept.forget_changed()
    audit_log(
        actor=by,
        action="analysis_publication.publish",
        target=publication,
        changes={"published_at": [before.isoformat() if before else None, publication.published_at.isoformat()]},
    )
    return publication


@transaction.atomic
def publication_unpublish(*, publication: Publication, by: User) -> Publication:
    """Take the page down at once: the public page answers 404 from the next request."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.published_at is None:
        return publication
    before = publication.published_at
    publication.published_at = None
    publication.published_by = None
    publication.content = {}
    publication.save(update_fields=["published_at", "published_by", "content"])
    kept.forget_changed()
    audit_log(
        actor=by,
        action="analysis_publication.unpublish",
        target=publication,
        changes={"published_at": [before.isoformat(), None]},
    )
    return publication


# -- reads for the public site --------------------------------------------------------------------------------


def _of_organisation(organisation: Organisation) -> Q:
    return Q(campaign__partnership__municipality=organisation) | Q(campaign__partnership__police_area=organisation)


def published_publication(*, organisation: Organisation, campaign: str | None = None) -> Publication | None:
    """The organisation's published analysis of ``campaign`` (its slug or id), or the latest published one."""
    publications = Publication.objects.published().filter(_of_organisation(organisation)).select_related("campaign")
    if campaign is None:
        return publications.order_by("-campaign__ends_on", "-published_at").first()
    match = Q(campaign__slug=campaign) | (Q(campaign__pk=int(campaign)) if campaign.isdecimal() else Q(pk__in=[]))
    return publications.filter(match).first()


def has_published_findings(*, organisation: Organisation) -> bool:
    return Publication.objects.published().filter(_of_organisation(organisation)).exists()


def findings_url(*, organisation: Organisation, publication: Publication) -> str:
    return reverse("analysis_public:findings_campaign", args=[organisation.slug, publication.campaign.slug])


def localised(content: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    """The snapshot with theme and time labels in the reader's language, ready for the template."""
    english = (language or get_language() or "sv").startswith("en")
    themes = content.get("themes", [])
    label = {t["id"]: (t["en"] if english else t["sv"]) or t["id"] for t in themes}
    order = [t["id"] for t in themes]
    return {
        **content,
        "theme_rows": [
            {"label": label[t["id"]], "count": t["count"], "share": _share(t["count"], content)} for t in themes
        ],
        "column_labels": [label[t] for t in order],
        "area_rows": [
            {"name": a["name"], "cells": [a["counts"].get(t, 0) for t in order]} for a in content.get("areas", [])
        ],
        "time_rows": [
            {"label": str(TIME_LABELS.get(r["id"], r["id"])), "cells": [r["counts"].get(t, 0) for t in order]}
            for r in content.get("times", [])
        ],
        "quote_rows": [
            {"theme": label.get(q["theme"], q["theme"]), "text": q["text"]} for q in content.get("quotes", [])
        ],
    }


def _share(count: int, content: dict[str, Any]) -> int:
    total = content.get("dialogues") or 0
    return round(100 * count / total) if total else 0


def published_findings(*, organisation: Organisation) -> dict[str, Any] | None:
    """What a start page shows of the latest published analysis: the campaign's name and dates, when it was
    published, the number of dialogues, the top themes (label, count, share), one or two quotes and the URL
    of the full page. None when nothing is published."""
    publication = published_publication(organisation=organisation)
    if publication is None:
        return None
    content = localised(publication.content)
    return {
        "campaign": content["campaign"]["name"],
        "starts_on": content["campaign"]["starts_on"],
        "ends_on": content["campaign"]["ends_on"],
        "published_at": publication.published_at,
        "dialogues": content["dialogues"],
        "top_themes": content["theme_rows"][:3],
        "quotes": content["quote_rows"][:2],
        "url": findings_url(organisation=organisation, publication=publication),
    }
