"""Every write of the lägesbild: keyword-only, typed, named <entity>_<verb>."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lofte.core.audit import audit_log
from lofte.core.models import Partnership, User
from lofte.situation import dataset as situation_dataset
from lofte.situation.models import Report


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
