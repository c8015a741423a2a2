"""Every write of the public website: its look, the contact centre's hours and the news."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core import kept
from lofte.core.audit import audit_log, diff, snapshot
from lofte.core.models import ContactCentre, Organisation, User
from lofte.lib.opening import Exception_, Ranges, format_ranges
from lofte.public.models import NewsItem, OpeningException, OpeningHours, PublicSite

SITE_FIELDS = ["colour", "accessibility_contact"]
NEWS_FIELDS = ["title", "date", "text", "image_alt"]


def _require_municipality(organisation: Organisation) -> None:
    if not organisation.is_municipality:
        raise ValidationError(_("Bara kommuner har en publik webbplats."))


@transaction.atomic
def public_site_update(*, organisation: Organisation, by: User, colour: str, accessibility_contact: str) -> PublicSite:
    _require_municipality(organisation)
    site, created = PublicSite.objects.select_for_update().get_or_create(organisation=organisation)
    before = {} if created else snapshot(site, SITE_FIELDS)
    site.colour = colour.strip().lower()
    site.accessibility_contact = accessibility_contact.strip()
    site.full_clean()
    site.save()
    changes = diff(before, snapshot(site, SITE_FIELDS))
    if changes:
        audit_log(actor=by, action="public_site.update", target=site, organisation=organisation, changes=changes)
        kept.forget_changed()
    return site


def _hours_snapshot(centre: ContactCentre) -> dict[str, str]:
    week: dict[int, list[str]] = {}
    for row in centre.weekly_hours.all():
        week.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}–{row.closes:%H:%M}")
    snap = {f"weekday_{day}": ", ".join(ranges) for day, ranges in sorted(week.items())}
    for exception in centre.opening_exceptions.all():
        snap[str(exception.day)] = " ".join(
            [", ".join(f"{o}–{c}" for o, c in exception.ranges) or "stängt", exception.note]
        ).strip()
    return snap


@transaction.atomic
def opening_hours_set(
    *, organisation: Organisation, by: User, week: dict[int, Ranges], exceptions: Sequence[Exception_]
) -> ContactCentre:
    """Replace the contact centre's weekly hours and its dated exceptions."""
    _require_municipality(organisation)
    if any(day not in range(7) for day in week):
        raise ValidationError(_("Veckodagarna är 0 (måndag) till 6 (söndag)."))
    centre, _created = ContactCentre.objects.select_for_update().get_or_create(organisation=organisation)
    before = _hours_snapshot(centre)
    centre.weekly_hours.all().delete()
    centre.opening_exceptions.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(contact_centre=centre, weekday=day, opens=opens, closes=closes)
        for day, ranges in sorted(week.items())
        for opens, closes in ranges
    )
    OpeningException.objects.bulk_create(
        OpeningException(
            contact_centre=centre,
            day=e.day,
            ranges=[[f"{o:%H:%M}", f"{c:%H:%M}"] for o, c in e.ranges],
            note=e.note[:200],
        )
        for e in exceptions
    )
    changes = diff(before, _hours_snapshot(centre))
    if changes:
        audit_log(actor=by, action="opening_hours.update", target=centre, organisation=organisation, changes=changes)
    return centre


def week_text(centre: ContactCentre | None) -> dict[int, str]:
    """The weekly hours as the staff form shows them."""
    week: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for row in centre.weekly_hours.all() if centre and centre.pk else []:
        week.setdefault(row.weekday, []).append((row.opens, row.closes))
    return {day: format_ranges(tuple(week.get(day, []))) for day in range(7)}


def exceptions_text(centre: ContactCentre | None) -> str:
    lines = []
    for e in centre.opening_exceptions.all() if centre and centre.pk else []:
        hours = ", ".join(f"{o}–{c}" for o, c in e.ranges) or "stängt"
        lines.append(f"{e.day} {hours} {e.note}".rstrip())
    return "\n".join(lines)


def _store_image(item: NewsItem, image: bytes) -> None:
    # Already re-encoded by lofte.lib.images.clean_photo: a plain JPEG without metadata.
    item.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(image), save=False)


@transaction.atomic
def news_item_create(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    date: dt.date,
    text: str,
    image: bytes | None = None,
    image_alt: str = "",
) -> NewsItem:
    """A draft news item; nobody outside sees it until news_item_publish."""
    _require_municipality(organisation)
    item = NewsItem(
        organisation=organisation,
        title=title.strip(),
        date=date,
        text=text.strip(),
        image_alt=image_alt.strip(),
        created_by=by,
    )
    if image is not None:
        _store_image(item, image)
    item.full_clean()
    if item.image and not item.image_alt:
        raise ValidationError({"image_alt": _("Skriv en alternativtext som beskriver bilden.")})
    item.save()
    audit_log(actor=by, action="news_item.create", target=item, organisation=organisation)
    return item


@transaction.atomic
def news_item_update(
    *,
    item: NewsItem,
    by: User,
    title: str,
    date: dt.date,
    text: str,
    image_alt: str,
    image: bytes | None = None,
    remove_image: bool = False,
) -> NewsItem:
    """Change a news item; a published item stays published with the new words."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, NEWS_FIELDS) | {"image": item.image.name}
    item.title, item.date, item.text, item.image_alt = title.strip(), date, text.strip(), image_alt.strip()
    old_image = item.image.name if item.image else ""
    if remove_image:
        item.image = ""  # type: ignore[assignment]
    if image is not None:
        _store_image(item, image)
    if item.image and not item.image_alt:
        raise ValidationError({"image_alt": _("Skriv en alternativtext som beskriver bilden.")})
    item.full_clean()
    item.save()
    if old_image and old_image != (item.image.name if item.image else ""):
        storage = item.image.storage
        transaction.on_commit(lambda: storage.delete(old_image))
    changes = diff(before, snapshot(item, NEWS_FIELDS) | {"image": item.image.name})
    if changes:
        audit_log(actor=by, action="news_item.update", target=item, organisation=item.organisation, changes=changes)
    if item.published_at is not None:
        kept.forget_changed()
    return item


@transaction.atomic
def news_item_publish(*, item: NewsItem, by: User) -> NewsItem:
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.published_at is None:
        item.published_at = timezone.now()
        item.published_by = by
        item.save(update_fields=["published_at", "published_by", "updated_at"])
        audit_log(actor=by, action="news_item.publish", target=item, organisation=item.organisation)
        kept.forget_changed()
    return item


@transaction.atomic
def news_item_unpublish(*, item: NewsItem, by: User) -> NewsItem:
    """Takes the item off the public pages and the feed at once; it stays as a draft."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.published_at is not None:
        item.published_at = None
        item.published_by = None
        item.save(update_fields=["published_at", "published_by", "updated_at"])
        audit_log(actor=by, action="news_item.unpublish", target=item, organisation=item.organisation)
        kept.forget_changed()
    return item
