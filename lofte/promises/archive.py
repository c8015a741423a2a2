"""Every year's promise with its outcome ("det femte året i rad"), for the public list: reads only published
promises and published evaluations."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lofte.core.models import Partnership
from lofte.promises import evaluation as ev
from lofte.promises.models import Evaluation, Promise
from lofte.promises.selectors import published_promises


def ordinal(n: int) -> str:
    """Swedish ordinals as a resident reads them: första, andra … tionde, then 11:e."""
    words = {
        1: pgettext("ordinal", "första"),
        2: pgettext("ordinal", "andra"),
        3: pgettext("ordinal", "tredje"),
        4: pgettext("ordinal", "fjärde"),
        5: pgettext("ordinal", "femte"),
        6: pgettext("ordinal", "sjätte"),
        7: pgettext("ordinal", "sjunde"),
        8: pgettext("ordinal", "åttonde"),
        9: pgettext("ordinal", "nionde"),
        10: pgettext("ordinal", "tionde"),
    }
    return words.get(n) or pgettext("ordinal", "%(n)s:e") % {"n": n}


@dataclass
class ArchiveYear:
    promise: Promise
    year_in_row: int  # the promise's first year counted in the unbroken run of years with a promise
    in_row_text: str
    outcome: dict[str, Any] | None  # the published evaluation's summary: {"commitments", "reached"}


@dataclass
class ArchivePartnership:
    partnership: Partnership
    years: list[ArchiveYear]  # newest first


def archive(*, partnership: Partnership | None = None) -> list[ArchivePartnership]:
    """Each partnership's published promises, newest first, with the year in a row each began and the outcome
    of its published evaluation (None while it has none)."""
    # Grouped by partnership (two partnerships may share a name), each newest year first.
    promises = sorted(published_promises(partnership=partnership), key=lambda p: (p.partnership.name, p.partnership_id))
    outcomes: dict[tuple[int, int], dict[str, Any]] = {}
    evaluations = Evaluation.objects.filter(
        published_at__isnull=False, promise__partnership__in={p.partnership_id for p in promises}
    ).select_related("promise__partnership__municipality", "promise__partnership__police_area")
    for record in evaluations.prefetch_related("versions__agreements"):
        version = ev.public_version(record)
        if version is not None:
            outcomes[(record.promise.partnership_id, record.promise.start_year)] = version.figures.get("summary") or {}
    result = []
    for _id, group in groupby(promises, key=lambda p: p.partnership_id):
        items = sorted(group, key=lambda p: p.start_year)
        years: list[ArchiveYear] = []
        run_start = None
        previous_end = None
        for promise in items:
            if previous_end is None or promise.start_year != previous_end + 1:
                run_start = promise.start_year
            previous_end = promise.end_year
            n = promise.start_year - (run_start or promise.start_year) + 1
            years.append(
                ArchiveYear(
                    promise=promise,
                    year_in_row=n,
                    in_row_text=_("det första året")
                    if n == 1
                    else _("det %(ordinal)s året i rad") % {"ordinal": ordinal(n)},
                    outcome=outcomes.get((promise.partnership_id, promise.start_year)),
                )
            )
        result.append(ArchivePartnership(partnership=items[0].partnership, years=list(reversed(years))))
    return result
