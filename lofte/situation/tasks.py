"""Background work of the lägesbild: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task

from lofte.core.models import Partnership, User
from lofte.situation.models import PoliceEventImport, SourceImport
from lofte.situation.services import police_events_import_queued, source_import_run_queued


@task()
def run_police_events_import(*, import_id: int) -> int:
    """A large upload of police events, imported while the page polls the import's status."""
    record = PoliceEventImport.objects.filter(pk=import_id).first()
    if record is None:
        return 0
    result = police_events_import_queued(record=record)
    return result.new + result.updated if result else 0


@task()
def run_source_import(*, import_id: int) -> int:
    """A large upload of incidents, crime statistics or survey results, imported while the page polls."""
    record = SourceImport.objects.select_related("partnership__municipality").filter(pk=import_id).first()
    if record is None:
        return 0
    result = source_import_run_queued(record=record)
    return result.rows_new + result.rows_updated if result else 0


@task()
def compute_report(*, partnership_id: int, year: int, user_id: int | None) -> int:
    """Recompute one year's dataset (the page's "Beräkna på nytt"); returns the report's id."""
    from lofte.situation.services import report_compute

    partnership = Partnership.objects.select_related("municipality", "police_area").get(pk=partnership_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    return report_compute(partnership=partnership, year=year, by=user).pk
