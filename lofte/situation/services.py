"""Every write of the lägesbild: its sources, their mappings and the report.

Keyword-only, typed, named <entity>_<verb>.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.analysis.selectors import theme_labels
from lofte.core.audit import audit_log, diff, snapshot
from lofte.core.models import Area, Organisation, Partnership, Place, User
from lofte.lib.images import clean_photo
from lofte.lib.tabular import Table, TableError, read_table
from lofte.situation import dataset as situation_dataset
from lofte.situation import draft
from lofte.situation.models import (
    CategoryTheme,
    CrimeStatistic,
    Incident,
    PoliceEvent,
    PoliceEventImport,
    PoliceEventVersion,
    Report,
    ReportAgreement,
    ReportVersion,
    SafetyWalk,
    SourceImport,
    SurveyItem,
    SurveyResult,
    WalkObservation,
)
from lofte.situation.police import ParsedEvent, PoliceFeedError, Rejection, parse_police_feed
from lofte.situation.selectors import all_agreed, organisations_user_may_agree_for, report_parties
from lofte.situation.source_files import parse_crime, parse_incidents, parse_survey
from lofte.situation.survey import DEFAULT_ITEMS, default_scale
from lofte.situation.tabledata import ImportRejected
from lofte.situation.themes import category_key
from lofte.text.redact import redact

# === Police events (the police's public events list) =========================================================
# Stored once per installation; imported from captures (files, uploads, the scheduled fetch), all through
# police_events_import. A file that is not the list's format stores nothing; a well-formed file stores its
# usable events and reports each unusable one with its reason (a capture of 500 events must not be lost to
# one event with a broken date). Importing the same captures again changes nothing.

# Uploads larger than this are imported by the task worker while the page polls.
POLICE_BACKGROUND_BYTES = 1_000_000
POLICE_BATCH_SIZE = 2_000
MAX_STORED_REJECTIONS = 200
# The feed's rules: at least 10 seconds between calls, 429 when a client calls too often.
POLICE_FETCH_MIN_INTERVAL = 10.0
POLICE_FETCH_TIMEOUT = 30
EVENT_FIELDS = [
    "published_at",
    "occurred_at",
    "name",
    "kind",
    "kommun",
    "kommunkod",
    "county",
    "location_name",
    "summary",
    "url",
    "lat",
    "lng",
]


@dataclass
class PoliceImportResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    record: PoliceEventImport | None = None

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary_line(self) -> str:
        # The command's last line, read by scripts: fixed English words, not translated.
        return (
            f"police events: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected"
        )


def _event_snapshot(event: PoliceEvent | ParsedEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"police_id": event.police_id, "content_hash": event.content_hash}
    for name in EVENT_FIELDS:
        value = getattr(event, name)
        data[name] = value.isoformat() if isinstance(value, dt.datetime) else value
    return data


def police_events_import(
    *,
    files: Sequence[tuple[str, bytes]] | None = None,
    data: bytes | None = None,
    by: User | None = None,
    via: str = PoliceEventImport.Via.COMMAND,
    record: PoliceEventImport | None = None,
) -> PoliceImportResult:
    """Import captures of the events list, in the order given (a later capture's edit wins).

    Every file is parsed before anything is stored: if one is not the list's format, PoliceFeedError is raised
    and nothing is stored. Events are matched on the police's id: a new id is created, a changed event is
    updated with its previous version kept as a PoliceEventVersion, an identical one is left alone, and so is
    an event that matches one of its own earlier versions (an older capture imported after a newer one never
    reverts an edit, so importing the same captures again, in any order, changes nothing).
    """
    captures = list(files or [])
    if data is not None:
        captures.append(("", data))
    parsed: list[ParsedEvent] = []
    rejections: list[Rejection] = []
    for filename, content in captures:
        events, rejected = parse_police_feed(content, filename=filename)
        parsed.extend(events)
        rejections.extend(rejected)
    for attempt in (1, 2):
        result = PoliceImportResult(rejections=rejections)
        try:
            with transaction.atomic():
                _store_police_events(parsed, result)
                result.record = _record_police_import(captures=captures, result=result, by=by, via=via, record=record)
                if by is not None:
                    audit_log(
                        actor=by,
                        action="situation.police_events_import",
                        target=result.record,
                        changes={"new": result.new, "updated": result.updated, "rejected": result.rejected},
                    )
        except IntegrityError:
            # Another import (the scheduled fetch beside an upload) stored one of these ids first: the unique
            # police_id decided; once more, against what is now stored.
            if attempt == 2:
                raise
            continue
        return result
    raise AssertionError("unreachable")


def _store_police_events(parsed: list[ParsedEvent], result: PoliceImportResult) -> None:
    if not parsed:
        return
    ids = {event.police_id for event in parsed}
    # One query for what is there: a range scan avoids a parameter per id (SQLite caps them).
    known: dict[int, str] = dict(
        PoliceEvent.objects.filter(police_id__gte=min(ids), police_id__lte=max(ids)).values_list(
            "police_id", "content_hash"
        )
    )
    current: dict[int, tuple[str, ParsedEvent | None]] = {pid: (known[pid], None) for pid in ids if pid in known}
    # Hashes of the earlier versions of events that differ from what is stored: an older capture imported
    # after a newer one (a replay, or archives in any order) is recognised and never reverts an edit.
    hashed = [(event, event.content_hash) for event in parsed]
    earlier = _earlier_hashes(
        {e.police_id for e, digest in hashed if e.police_id in known and digest != known[e.police_id]}
    )
    created: dict[int, ParsedEvent] = {}
    changed: dict[int, ParsedEvent] = {}
    # Earlier versions seen in this very batch (an event edited between two captures imported together).
    batch_versions: list[tuple[int, dict[str, Any]]] = []
    digests: dict[int, str] = {}
    for event, digest in hashed:
        seen = current.get(event.police_id)
        if seen is None:
            created[event.police_id] = event
            result.new += 1
        elif seen[0] == digest or digest in earlier.get(event.police_id, ()):
            result.unchanged += 1
            continue
        else:
            result.updated += 1
            earlier.setdefault(event.police_id, set()).add(seen[0])
            previous = seen[1]
            if previous is not None:
                batch_versions.append((event.police_id, _event_snapshot(previous)))
            if event.police_id in created:
                created[event.police_id] = event
            else:
                changed[event.police_id] = event
        current[event.police_id] = (digest, event)
        digests[event.police_id] = digest
    if created:
        _insert_events([PoliceEvent(**_model_fields(event, digests[pid])) for pid, event in created.items()])
    versions: list[PoliceEventVersion] = []
    if changed:
        stored = _events_by_police_id(list(changed))
        for police_id, event in changed.items():
            row = stored[police_id]
            versions.append(PoliceEventVersion(event=row, data=_event_snapshot(row)))
            for name, value in _model_fields(event, digests[police_id]).items():
                setattr(row, name, value)
            row.updated_at = timezone.now()
        PoliceEvent.objects.bulk_update(
            list(stored.values()), [*EVENT_FIELDS, "content_hash", "updated_at"], batch_size=POLICE_BATCH_SIZE
        )
    if batch_versions:
        rows = _events_by_police_id([police_id for police_id, _ in batch_versions])
        versions.extend(PoliceEventVersion(event=rows[pid], data=data) for pid, data in batch_versions)
    if versions:
        PoliceEventVersion.objects.bulk_create(versions, batch_size=POLICE_BATCH_SIZE)


def _insert_events(events: list[PoliceEvent]) -> None:
    """Insert new events with one executemany. bulk_create's SQL compiler costs more than the inserts at
    50,000 rows (the issue's import must take under 10 s); values are prepared by each field exactly as
    Django's own insert prepares them (pre_save for auto_now_add, get_db_prep_save)."""
    connection = connections[router.db_for_write(PoliceEvent)]
    fields = [f for f in PoliceEvent._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Only the model's own table and column names go into the text; every value is a parameter.
    table, columns = quote(PoliceEvent._meta.db_table), ", ".join(quote(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 # nosec B608
    with connection.cursor() as cursor:
        for start in range(0, len(events), POLICE_BATCH_SIZE):
            rows = [
                [field.get_db_prep_save(field.pre_save(event, add=True), connection) for field in fields]
                for event in events[start : start + POLICE_BATCH_SIZE]
            ]
            cursor.executemany(sql, rows)


def _earlier_hashes(police_ids: set[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    ordered = sorted(police_ids)
    for start in range(0, len(ordered), 500):
        rows = PoliceEventVersion.objects.filter(event__police_id__in=ordered[start : start + 500]).values_list(
            "event__police_id", "data__content_hash"
        )
        for police_id, digest in rows:
            found.setdefault(police_id, set()).add(digest)
    return found


def _events_by_police_id(police_ids: list[int]) -> dict[int, PoliceEvent]:
    found: dict[int, PoliceEvent] = {}
    for start in range(0, len(police_ids), 500):
        chunk = police_ids[start : start + 500]
        found.update({e.police_id: e for e in PoliceEvent.objects.filter(police_id__in=chunk)})
    return found


def _model_fields(event: ParsedEvent, digest: str) -> dict[str, Any]:
    fields = event.fields()
    fields["content_hash"] = digest
    return fields


def _record_police_import(
    *,
    captures: list[tuple[str, bytes]],
    result: PoliceImportResult,
    by: User | None,
    via: str,
    record: PoliceEventImport | None,
) -> PoliceEventImport:
    digest = hashlib.sha256()
    for _name, content in captures:
        digest.update(content)
    if record is None:
        names = ", ".join(name or _("uppladdad fil") for name, _content in captures) or "–"
        record = PoliceEventImport(filename=names[:255], sha256=digest.hexdigest(), via=via, imported_by=by)
    record.status = PoliceEventImport.Status.DONE
    record.error = ""
    record.events_new = result.new
    record.events_updated = result.updated
    record.events_unchanged = result.unchanged
    record.events_rejected = result.rejected
    record.rejections = [r.to_json() for r in result.rejections[:MAX_STORED_REJECTIONS]]
    record.finished_at = timezone.now()
    record.save()
    return record


@transaction.atomic
def police_events_queue(*, filename: str, data: bytes, by: User) -> PoliceEventImport:
    """Keep a large upload for the task worker, after checking it is the list's format at all."""
    from lofte.situation.tasks import run_police_events_import  # the tasks module imports this one

    parse_police_feed(data, filename=filename)
    record = PoliceEventImport(
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        via=PoliceEventImport.Via.UPLOAD,
        status=PoliceEventImport.Status.QUEUED,
        imported_by=by,
    )
    record.file.save(f"{record.sha256[:16]}.json", ContentFile(data), save=False)
    record.save()
    transaction.on_commit(lambda: run_police_events_import.enqueue(import_id=record.pk))
    return record


def police_events_import_queued(*, record: PoliceEventImport) -> PoliceImportResult | None:
    """Run a queued upload (the worker's side of police_events_queue); the file is deleted afterwards."""
    # RUNNING too: a run a killed worker left (lofte/core/recovery.py); its transaction stored nothing.
    claimed = PoliceEventImport.objects.filter(
        pk=record.pk, status__in=[PoliceEventImport.Status.QUEUED, PoliceEventImport.Status.RUNNING]
    ).update(status=PoliceEventImport.Status.RUNNING)
    if not claimed:
        return None
    record.refresh_from_db()
    try:
        with record.file.open("rb") as handle:
            content = handle.read()
        return police_events_import(
            files=[(record.filename, content)], by=record.imported_by, via=record.via, record=record
        )
    except PoliceFeedError as error:
        _fail_police_import(record, error.message)
        return None
    except Exception:
        _fail_police_import(record, _("Importen avbröts av ett oväntat fel. Inget sparades."))
        raise
    finally:
        if record.file:
            record.file.delete(save=False)
            PoliceEventImport.objects.filter(pk=record.pk).update(file="")


def _fail_police_import(record: PoliceEventImport, message: str) -> None:
    PoliceEventImport.objects.filter(pk=record.pk).update(
        status=PoliceEventImport.Status.FAILED, error=message, finished_at=timezone.now()
    )


class PoliceFetchRefused(Exception):
    """The feed said no (429) or must not be called yet; nothing was fetched or stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def police_events_user_agent() -> str:
    return f"Lofte/1 (Löfte, medborgarlöften; +{settings.SITE_URL})"


def _fetch_state_path() -> Path:
    return Path(settings.VAR_DIR) / "police_events" / "fetch_state.json"


def police_events_fetch(
    *,
    url: str,
    opener: Callable[..., Any] = urllib.request.urlopen,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> PoliceImportResult:
    """Fetch the list once, keep the raw capture under LOFTE_VAR_DIR/police_events/, then import it.

    Follows the feed's rules across runs: a named User-Agent, at least 10 seconds since the previous call
    (waits if needed), and after a 429 no call until its Retry-After has passed (an hour if none is given).
    """
    state_path = _fetch_state_path()
    state_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        state = {}
    now = clock()
    if now < float(state.get("blocked_until", 0)):
        raise PoliceFetchRefused(
            _("Polisen har bett Löfte vänta (429) till %(until)s; ingen hämtning gjordes.")
            % {"until": dt.datetime.fromtimestamp(state["blocked_until"], tz=dt.UTC).isoformat(timespec="seconds")}
        )
    wait = float(state.get("last_call", 0)) + POLICE_FETCH_MIN_INTERVAL - now
    if wait > 0:
        sleep(wait)
    request = urllib.request.Request(url, headers={"User-Agent": police_events_user_agent()})  # noqa: S310
    state["last_call"] = clock()
    try:
        with opener(request, timeout=POLICE_FETCH_TIMEOUT) as response:
            # The list is a few hundred kilobytes; anything far larger is not it and must not fill memory.
            content = response.read(settings.LOFTE_MAX_UPLOAD_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code == 429:
            retry_after = error.headers.get("Retry-After", "") if error.headers else ""
            delay = int(retry_after) if retry_after.strip().isdecimal() else 3600
            state["blocked_until"] = clock() + delay
            state_path.write_text(json.dumps(state), encoding="utf-8")
            raise PoliceFetchRefused(
                _("Polisen svarade 429 (för många anrop); nästa hämtning tidigast om %(seconds)s sekunder.")
                % {"seconds": delay}
            ) from error
        state_path.write_text(json.dumps(state), encoding="utf-8")
        raise PoliceFetchRefused(_("Polisen svarade %(code)s; inget hämtades.") % {"code": error.code}) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        state_path.write_text(json.dumps(state), encoding="utf-8")
        raise PoliceFetchRefused(_("Händelselistan kunde inte hämtas: %(error)s") % {"error": error}) from error
    state_path.write_text(json.dumps(state), encoding="utf-8")
    if len(content) > settings.LOFTE_MAX_UPLOAD_BYTES:
        raise PoliceFetchRefused(
            _("Svaret är större än LOFTE_MAX_UPLOAD_BYTES och är inte händelselistan; inget sparades.")
        )
    stamp = dt.datetime.fromtimestamp(clock(), tz=dt.UTC)
    capture = state_path.parent / f"{stamp:%Y}" / f"{stamp:%m}" / f"events-{stamp:%Y%m%dT%H%M%SZ}.json"
    capture.parent.mkdir(parents=True, exist_ok=True)
    capture.write_bytes(content)
    return police_events_import(files=[(capture.name, content)], via=PoliceEventImport.Via.FETCH)


# === End of police events ======================================================================================


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


def _record_import(
    *, partnership: Partnership, kind: str, data: bytes, filename: str, by: User | None, queued: SourceImport | None
) -> SourceImport:
    if queued is not None:  # a queued upload: its status row becomes the import's record
        return queued
    return SourceImport.objects.create(
        partnership=partnership,
        kind=kind,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        imported_by=by if by is not None and by.is_authenticated else None,
    )


def _finish_import(source_import: SourceImport, *, new: int, updated: int, unchanged: int, by: User | None) -> None:
    source_import.rows_new, source_import.rows_updated, source_import.rows_unchanged = new, updated, unchanged
    source_import.status = SourceImport.Status.DONE
    source_import.save(update_fields=["rows_new", "rows_updated", "rows_unchanged", "status"])
    audit_log(
        actor=by,
        action=f"situation.{source_import.kind}_import",
        target=source_import,
        organisation=source_import.partnership.municipality,
        changes={"filename": source_import.filename, "new": new, "updated": updated, "unchanged": unchanged},
    )


@transaction.atomic
def incidents_import(
    *, partnership: Partnership, data: bytes, filename: str, by: User | None, queued: SourceImport | None = None
) -> SourceImport:
    """Store a file of geocoded incidents (see source_files.parse_incidents for the columns)."""
    records = parse_incidents(_read(data, filename), partnership)
    source_import = _record_import(
        partnership=partnership, kind=SourceImport.Kind.INCIDENTS, data=data, filename=filename, by=by, queued=queued
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
def crime_statistics_import(
    *, partnership: Partnership, data: bytes, filename: str, by: User | None, queued: SourceImport | None = None
) -> SourceImport:
    """Store a file of Brå's reported crime per kommun, year and category."""
    records = parse_crime(_read(data, filename), partnership)
    source_import = _record_import(
        partnership=partnership, kind=SourceImport.Kind.CRIME, data=data, filename=filename, by=by, queued=queued
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
def survey_import(
    *, partnership: Partnership, data: bytes, filename: str, by: User | None, queued: SourceImport | None = None
) -> SourceImport:
    """Store a trygghetsmätning file: aggregated answer counts, or one row per respondent (counted here).

    A result is keyed by item, year and area: a file replaces the counts it gives for those, so a file must
    hold all of an item's answers for a year and area (as the police deliver them), never a part."""
    items = survey_items_ensure_defaults(partnership=partnership, by=by)
    records = parse_survey(_read(data, filename), partnership, items)
    source_import = _record_import(
        partnership=partnership, kind=SourceImport.Kind.SURVEY, data=data, filename=filename, by=by, queued=queued
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


SOURCE_IMPORTERS: dict[str, Callable[..., SourceImport]] = {
    SourceImport.Kind.INCIDENTS: incidents_import,
    SourceImport.Kind.CRIME: crime_statistics_import,
    SourceImport.Kind.SURVEY: survey_import,
}
# A larger upload is imported by the task worker (20,000 incidents take seconds), like the police events.
SOURCE_BACKGROUND_BYTES = 1_000_000


@transaction.atomic
def source_import_queue(*, partnership: Partnership, kind: str, filename: str, data: bytes, by: User) -> SourceImport:
    """Keep a large upload of a partnership source for the task worker; the page polls the returned row."""
    from lofte.situation.tasks import run_source_import  # the tasks module imports this one

    record = SourceImport(
        partnership=partnership,
        kind=kind,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        status=SourceImport.Status.QUEUED,
        imported_by=by,
    )
    record.file.save(f"{record.sha256[:16]}{Path(filename).suffix[:10]}", ContentFile(data), save=False)
    record.save()
    transaction.on_commit(lambda: run_source_import.enqueue(import_id=record.pk))
    return record


def source_import_run_queued(*, record: SourceImport) -> SourceImport | None:
    """Run a queued upload (the worker's side of source_import_queue), all or nothing; the file is deleted after."""
    # RUNNING too: a run a killed worker left (lofte/core/recovery.py); its transaction stored nothing.
    claimed = SourceImport.objects.filter(
        pk=record.pk, status__in=[SourceImport.Status.QUEUED, SourceImport.Status.RUNNING]
    ).update(status=SourceImport.Status.RUNNING)
    if not claimed:
        return None
    record.refresh_from_db()
    try:
        with record.file.open("rb") as handle:
            content = handle.read()
        return SOURCE_IMPORTERS[record.kind](
            partnership=record.partnership, data=content, filename=record.filename, by=record.imported_by, queued=record
        )
    except ImportRejected as rejected:
        SourceImport.objects.filter(pk=record.pk).update(
            status=SourceImport.Status.FAILED, errors=[str(error) for error in rejected.errors]
        )
        return None
    except Exception:
        errors = [_("Inläsningen avbröts av ett oväntat fel. Inget sparades.")]
        SourceImport.objects.filter(pk=record.pk).update(status=SourceImport.Status.FAILED, errors=errors)
        raise
    finally:
        if record.file:
            record.file.delete(save=False)
            SourceImport.objects.filter(pk=record.pk).update(file="")


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


# --- The report (h/report): versions of the text, agreement by every party, publication ------------------------


def _next_version(*, report: Report, sections: list[dict], drafted: bool, by: User) -> ReportVersion:
    # The report row is locked so two saves at once get consecutive numbers; the unique constraint on
    # (report, number) is the last word if a database ignores the lock.
    locked = Report.objects.select_for_update().get(pk=report.pk)
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        sections=sections,
        drafted=drafted,
        created_by=by,
        dataset_computed_at=str(locked.dataset.get("computed_at") or ""),
    )


@transaction.atomic
def report_version_draft(*, report: Report, by: User, language: str = "sv") -> ReportVersion:
    """A new version drafted by Löfte from the stored dataset. Like every new version it needs every party's
    agreement again."""
    if not report.dataset:
        raise ValidationError(_("Lägesbilden har inget beräknat dataunderlag ännu."))
    version = _next_version(
        report=report, sections=draft.draft_sections(report.dataset, language=language), drafted=True, by=by
    )
    audit_log(
        actor=by,
        action="report.draft",
        target=version,
        organisation=report.partnership.municipality,
        changes={"number": version.number},
    )
    return version


@transaction.atomic
def report_section_save(*, report: Report, key: str, text: str, based_on: int, by: User) -> ReportVersion:
    """Save an analyst's edit of one section as a new version. `based_on` is the version number the analyst
    edited: if someone saved in between, the edit is refused rather than silently overwriting theirs. A text
    too long, with ref markup that is not a marker, or with refs the dataset has no rows for is refused too
    (draft.text_errors): its links would lead nowhere."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    current = report.versions.order_by("-number").first()
    if current is None or current.number != based_on:
        raise ValidationError(
            _("Någon har sparat en nyare version (%(number)s) medan du skrev. Öppna avsnittet igen.")
            % {"number": current.number if current else 0}
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Avsnittet kan inte vara tomt.")]})
    errors = draft.text_errors(locked.dataset, text)
    if errors:
        raise ValidationError({"text": errors})
    sections = [dict(s) for s in current.sections]
    target = next((s for s in sections if s["key"] == key), None)
    if target is None:
        raise ValidationError(_("Avsnittet finns inte i den här versionen."))
    if target["text"] == text:
        return current
    before = target["text"]
    target.update(draft.section(key, target["heading"], text))
    version = _next_version(report=report, sections=sections, drafted=False, by=by)
    audit_log(
        actor=by,
        action="report.section_edit",
        target=version,
        organisation=report.partnership.municipality,
        changes={"section": key, "text": [before, text]},
    )
    return version


@transaction.atomic
def report_agree(*, report: Report, version: ReportVersion, organisation: Organisation, by: User) -> ReportAgreement:
    """Mark `version` agreed on behalf of `organisation`. Only the current version can be agreed, only for a party
    of the partnership, and only by that party's own admins and analysts. Agreeing twice changes nothing."""
    Report.objects.select_for_update().get(pk=report.pk)
    if version.report_id != report.pk:
        raise ValidationError(_("Versionen hör inte till den här lägesbilden."))
    if organisation.pk not in {o.pk for o in report_parties(report.partnership)}:
        raise ValidationError(_("%(org)s är inte part i samverkan.") % {"org": organisation})
    if organisation.pk not in {o.pk for o in organisations_user_may_agree_for(by, report)}:
        raise PermissionDenied(_("Du kan bara godkänna för din egen organisation."))
    current = report.versions.order_by("-number").first()
    if current is None or current.pk != version.pk:
        raise ValidationError(_("Det finns en nyare version. Läs den och godkänn den i stället."))
    agreement, created = ReportAgreement.objects.get_or_create(
        version=version, organisation=organisation, defaults={"agreed_by": by}
    )
    if created:
        audit_log(
            actor=by,
            action="report.agree",
            target=version,
            organisation=organisation,
            changes={"organisation": organisation.name, "number": version.number},
        )
    return agreement


@transaction.atomic
def report_publish(*, report: Report, by: User) -> Report:
    """Publish the report: refused until every party has agreed to the current version."""
    report = Report.objects.select_for_update().select_related("partnership").get(pk=report.pk)
    current = report.versions.order_by("-number").first()
    if not all_agreed(report, current):
        raise ValidationError(_("Alla parter måste godkänna den senaste versionen innan lägesbilden publiceras."))
    if report.published_at is None:
        report.published_at = timezone.now()
        report.published_by = by
        report.save(update_fields=["published_at", "published_by"])
    audit_log(
        actor=by,
        action="report.publish",
        target=report,
        organisation=report.partnership.municipality,
        changes={"number": current.number if current else None},
    )
    return report


@transaction.atomic
def report_unpublish(*, report: Report, by: User) -> Report:
    report = Report.objects.select_for_update().select_related("partnership").get(pk=report.pk)
    if report.published_at is not None:
        report.published_at = None
        report.published_by = None
        report.save(update_fields=["published_at", "published_by"])
        audit_log(actor=by, action="report.unpublish", target=report, organisation=report.partnership.municipality)
    return report


# -- the computed picture (h/picture) ------------------------------------------------------------------------
@transaction.atomic
def report_compute(*, partnership: Partnership, year: int, by: User | None) -> Report:
    """Compute the year's dataset from every source and store it on the report (created when missing).

    The page, the PDF and the JSON read only this stored copy, so none of them can show a different number.
    """
    data = situation_dataset.compute(partnership=partnership, year=year)
    report, created = Report.objects.select_for_update().get_or_create(partnership=partnership, year=year)
    report.dataset = data
    report.dataset_computed_at = timezone.now()
    report.save(update_fields=["dataset", "dataset_computed_at"])
    audit_log(
        actor=by,
        action="situation.report_compute",
        target=report,
        organisation=partnership.municipality,
        changes={
            "created": created,
            "dialogues": data["sources"]["dialogues"]["count"],
            "police_events": data["sources"]["police_events"]["count"],
            "incidents": data["sources"]["incidents"]["count"],
        },
    )
    return report


# -- end of the computed picture -----------------------------------------------------------------------------
