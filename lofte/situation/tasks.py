"""Background work of the lägesbild: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task

from lofte.situation.models import PoliceEventImport
from lofte.situation.services import police_events_import_queued


@task()
def run_police_events_import(*, import_id: int) -> int:
    """A large upload of police events, imported while the page polls the import's status."""
    record = PoliceEventImport.objects.filter(pk=import_id).first()
    if record is None:
        return 0
    result = police_events_import_queued(record=record)
    return result.new + result.updated if result else 0
