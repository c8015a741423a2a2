"""Every write of the lägesbild: its sources, their mappings, and (on other branches) the report."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lofte.analysis.selectors import theme_labels
from lofte.core.audit import audit_log, diff, snapshot
from lofte.core.models import Area, Partnership, Place, User
from lofte.lib.images import clean_photo
from lofte.lib.tabular import Table, TableError, read_table
from lofte.situation.models import (
    CategoryTheme,
    CrimeStatistic,
    Incident,
    SafetyWalk,
    SourceImport,
    SurveyItem,
    SurveyResult,
    WalkObservation,
)
from lofte.situation.source_files import parse_crime, parse_incidents, parse_survey
from lofte.situation.survey import DEFAULT_ITEMS, default_scale
from lofte.situation.tabledata import ImportRejected
from lofte.situation.themes import category_key
from lofte.text.redact import redact

# --- Partnership sources: geocoded incidents, reported crime, trygghetsmätning (files) ---------------------
# All or nothing: a file with any invalid row raises ImportRejected listing every row and stores nothing.
# Idempotent: rows are matched on their keys (see source_files.py), so the same or an overlapping file again
# adds nothing and changes only what the file changed. Every file that is stored gets a SourceImport.

CHUNK = 2_000


def _read(data: bytes, filename: str) -> Table:
    try:
        return read_table(data, filename)
    except TableError as error:
        raise ImportRejected([str(error.message)]) from error


def _record_import(*, partnership: Partnership, kind: str, data: bytes, filename: str, by: User | None) -> SourceImport:
    return SourceImport.objects.create(
        partnership=partnership,
        kind=kind,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        imported_by=by if by is not None and by.is_authenticated else None,
    )


def _finish_import(source_import: SourceImport, *, new: int, updated: int, unchanged: int, by: User | None) -> None:
    source_import.rows_new, source_import.rows_updated, source_import.rows_unchanged = new, updated, unchanged
    source_import.save(update_fields=["rows_new", "rows_updated", "rows_unchanged"])
    audit_log(
        actor=by,
        action=f"situation.{source_import.kind}_import",
        target=source_import,
        organisation=source_import.partnership.municipality,
        changes={"filename": source_import.filename, "new": new, "updated": updated, "unchanged": unchanged},
    )


@transaction.atomic
def incidents_import(*, partnership: Partnership, data: bytes, filename: str, by: User | None) -> SourceImport:
    """Store a file of geocoded incidents (see source_files.parse_incidents for the columns)."""
    records = parse_incidents(_read(data, filename), partnership)
    source_import = _record_import(
        partnership=partnership, kind=SourceImport.Kind.INCIDENTS, data=data, filename=filename, by=by
    )
    fields = ["occurred_at", "category", "theme", "area_id", "lat", "lng", "count"]
    # Plain tuples, not model instances: a re-import of 20,000 unchanged rows builds no objects at all.
    existing: dict[str, tuple[Any, ...]] = {}
    keys = [record.row_key for record in records]
    for start in range(0, len(keys), CHUNK):
        rows = Incident.objects.filter(partnership=partnership, row_key__in=keys[start : start + CHUNK])
        existing.update((row[0], row[1:]) for row in rows.values_list("row_key", "pk", *fields))
    new: list[Incident] = []
    changed: list[Incident] = []
    for record in records:
        values = {name: getattr(record, name) for name in fields}
        stored = existing.get(record.row_key)
        if stored is None:
            new.append(Incident(partnership=partnership, source_import=source_import, row_key=record.row_key, **values))
        elif tuple(values.values()) != stored[1:]:
            changed.append(
                Incident(
                    pk=stored[0], partnership=partnership, source_import=source_import, row_key=record.row_key, **values
                )
            )
    try:
        with transaction.atomic():
            Incident.objects.bulk_create(new, batch_size=CHUNK)
    except IntegrityError as error:
        # Another upload of overlapping rows committed first; the unique row key kept them single.
        raise ImportRejected([_("En annan inläsning av samma rader pågick samtidigt. Läs in filen igen.")]) from error
    Incident.objects.bulk_update(changed, [*fields, "source_import"], batch_size=CHUNK)
    _finish_import(
        source_import, new=len(new), updated=len(changed), unchanged=len(records) - len(new) - len(changed), by=by
    )
    return source_import


@transaction.atomic
def crime_statistics_import(*, partnership: Partnership, data: bytes, filename: str, by: User | None) -> SourceImport:
    """Store a file of Brå's reported crime per kommun, year and category."""
    records = parse_crime(_read(data, filename), partnership)
    source_import = _record_import(
        partnership=partnership, kind=SourceImport.Kind.CRIME, data=data, filename=filename, by=by
    )
    existing = {
        (row.kommunkod, row.year, category_key(row.category)): row
        for row in CrimeStatistic.objects.filter(partnership=partnership)
    }
    new = updated = unchanged = 0
    for record in records:
        row = existing.get((record.kommunkod, record.year, category_key(record.category)))
        values = {"theme": record.theme, "count": record.count, "per_100k": record.per_100k}
        if row is None:
            CrimeStatistic.objects.create(
                partnership=partnership,
                source_import=source_import,
                kommunkod=record.kommunkod,
                year=record.year,
                category=record.category,
                **values,
            )
            new += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.source_import = source_import
            row.save(update_fields=[*values, "source_import"])
            updated += 1
        else:
            unchanged += 1
    _finish_import(source_import, new=new, updated=updated, unchanged=unchanged, by=by)
    return source_import


@transaction.atomic
def survey_import(*, partnership: Partnership, data: bytes, filename: str, by: User | None) -> SourceImport:
    """Store a trygghetsmätning file: aggregated answer counts, or one row per respondent (counted here).

    A result is keyed by item, year and area: a file replaces the counts it gives for those, so a file must
    hold all of an item's answers for a year and area (as the police deliver them), never a part."""
    items = survey_items_ensure_defaults(partnership=partnership, by=by)
    records = parse_survey(_read(data, filename), partnership, items)
    source_import = _record_import(
        partnership=partnership, kind=SourceImport.Kind.SURVEY, data=data, filename=filename, by=by
    )
    new = updated = unchanged = 0
    for record in records:
        area = Q(area__isnull=True) if record.area_id is None else Q(area_id=record.area_id)
        result = SurveyResult.objects.filter(area, item=record.item, year=record.year).first()
        if result is None:
            SurveyResult.objects.create(
                item=record.item,
                year=record.year,
                area_id=record.area_id,
                counts=record.counts,
                source_import=source_import,
            )
            new += 1
        elif result.counts != record.counts:
            result.counts, result.source_import = record.counts, source_import
            result.save(update_fields=["counts", "source_import"])
            updated += 1
        else:
            unchanged += 1
    _finish_import(source_import, new=new, updated=updated, unchanged=unchanged, by=by)
    return source_import


# --- Category → theme mappings of the sources ---------------------------------------------------------------


@transaction.atomic
def category_theme_set(*, partnership: Partnership, source: str, category: str, theme: str, by: User) -> CategoryTheme:
    """Map a source's category to a theme for the partnership: the rows stored so far and every later import."""
    if theme and theme not in theme_labels(partnership):
        raise ValidationError(_("Temat ”%(theme)s” finns inte.") % {"theme": theme})
    key = category_key(category)
    mapping, _created = CategoryTheme.objects.get_or_create(
        partnership=partnership, source=source, category=key, defaults={"theme": theme}
    )
    before = mapping.theme if not _created else ""
    if mapping.theme != theme:
        mapping.theme = theme
        mapping.save(update_fields=["theme"])
    model = {CategoryTheme.Source.INCIDENTS: Incident, CategoryTheme.Source.CRIME: CrimeStatistic}.get(
        CategoryTheme.Source(source)
    )
    if model is not None:
        rows = model.objects.filter(partnership=partnership)  # type: ignore[attr-defined]
        spellings = [c for c in rows.values_list("category", flat=True).distinct() if category_key(c) == key]
        rows.filter(category__in=spellings).update(theme=theme)
    audit_log(
        actor=by,
        action="situation.category_theme_update",
        target=mapping,
        organisation=partnership.municipality,
        changes={"theme": [before, theme]},
    )
    return mapping


# --- Trygghetsmätning: items, scales and weights -----------------------------------------------------------


@transaction.atomic
def survey_items_ensure_defaults(*, partnership: Partnership, by: User | None) -> list[SurveyItem]:
    """The partnership's survey items; the standard problem items with the default 0–6 scale the first time."""
    items = list(SurveyItem.objects.filter(partnership=partnership))
    if items:
        return items
    items = SurveyItem.objects.bulk_create(
        SurveyItem(partnership=partnership, code=code, label=label, theme=theme, scale=default_scale(), position=i)
        for i, (code, label, theme) in enumerate(DEFAULT_ITEMS)
    )
    audit_log(
        actor=by,
        action="situation.survey_items_seed",
        target=partnership,
        organisation=partnership.municipality,
        changes={"count": len(items)},
    )
    return list(SurveyItem.objects.filter(partnership=partnership))


def validate_scale(scale: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A scale as the index needs it: unique codes, labels, weights between 0 and 6 or none."""
    cleaned: list[dict[str, Any]] = []
    codes: set[str] = set()
    for answer in scale:
        code, label, weight = (
            str(answer.get("code", "")).strip(),
            str(answer.get("label", "")).strip(),
            answer.get("weight"),
        )
        if not code or not label:
            raise ValidationError(_("Varje svarsalternativ behöver en kod och en text."))
        if code in codes:
            raise ValidationError(_("Svarskoden ”%(code)s” finns två gånger.") % {"code": code})
        if weight is not None and not (isinstance(weight, int | float) and 0 <= weight <= 6):
            raise ValidationError(
                _("Vikten för ”%(label)s” ska vara ett tal mellan 0 och 6, eller tom.") % {"label": label}
            )
        codes.add(code)
        cleaned.append({"code": code, "label": label, "weight": weight})
    if not any(answer["weight"] is not None for answer in cleaned):
        raise ValidationError(_("Minst ett svarsalternativ behöver en vikt."))
    return cleaned


@transaction.atomic
def survey_item_update(
    *, item: SurveyItem, label: str, theme: str, scale: Sequence[dict[str, Any]], by: User
) -> SurveyItem:
    if theme and theme not in theme_labels(item.partnership):
        raise ValidationError(_("Temat ”%(theme)s” finns inte.") % {"theme": theme})
    fields = ["label", "theme", "scale"]
    before = snapshot(item, fields)
    item.label, item.theme, item.scale = label, theme, validate_scale(scale)
    item.save(update_fields=fields)
    audit_log(
        actor=by,
        action="situation.survey_item_update",
        target=item,
        organisation=item.partnership.municipality,
        changes=diff(before, snapshot(item, fields)),
    )
    return item


# --- Trygghetsvandringar -----------------------------------------------------------------------------------
# Walks record no names: notes and the participant line are redacted like dialogue answers before storing.


def _place_words(partnership: Partnership) -> list[str]:
    """Words of the partnership's place and area names, which redaction must not mask as names."""
    organisation_ids = partnership.organisation_ids()
    names = [
        *Place.objects.filter(organisation_id__in=organisation_ids).values_list("name", flat=True),
        *Area.objects.filter(organisation_id__in=organisation_ids).values_list("name", flat=True),
    ]
    return sorted({word.casefold() for name in names for word in name.split()})


@transaction.atomic
def walk_create(
    *,
    partnership: Partnership,
    walked_on: dt.date,
    area: Area | None,
    title: str,
    participants: str,
    participant_count: int,
    by: User,
) -> SafetyWalk:
    if area is not None and area.organisation_id not in partnership.organisation_ids():
        raise ValidationError(_("Området hör inte till kommunen."))
    walk = SafetyWalk.objects.create(
        partnership=partnership,
        walked_on=walked_on,
        area=area,
        title=title,
        participants=redact(participants, _place_words(partnership)),
        participant_count=participant_count,
        created_by=by,
    )
    audit_log(
        actor=by,
        action="situation.walk_create",
        target=walk,
        organisation=partnership.municipality,
        changes=snapshot(walk, ["walked_on", "area", "title", "participant_count"]),
    )
    return walk


def walk_observation_add(
    *,
    walk: SafetyWalk,
    theme: str,
    note: str,
    lat: float | None,
    lng: float | None,
    photo: bytes | None,
    idempotency_key: UUID | None,
    by: User,
) -> WalkObservation:
    """Note one thing seen on a walk. A repeated key returns the first observation (phones retry sends).

    The photo is re-encoded (lofte.lib.images.clean_photo: metadata and the phone's position stripped) before
    anything is stored; ImageRejected if it is not a usable photo."""
    if idempotency_key is not None:
        existing = WalkObservation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    cleaned = clean_photo(photo) if photo else None
    try:
        with transaction.atomic():
            observation = WalkObservation(
                walk=walk,
                theme=theme,
                note=redact(note, _place_words(walk.partnership)),
                lat=lat,
                lng=lng,
                idempotency_key=idempotency_key,
            )
            if cleaned is not None:
                observation.photo.save(f"walk-{walk.pk}.jpg", ContentFile(cleaned), save=False)
            observation.save()
            audit_log(
                actor=by,
                action="situation.walk_observation_add",
                target=observation,
                organisation=walk.partnership.municipality,
                changes={"theme": theme},
            )
    except IntegrityError:
        # Two sends of the same key raced: the database's unique key decided, the first one stands.
        return WalkObservation.objects.get(idempotency_key=idempotency_key)
    return observation
