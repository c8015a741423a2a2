"""Reads for the sources page: what each partnership source holds per year, its last files, what is unmapped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from lofte.core.models import Partnership
from lofte.situation.models import (
    CategoryTheme,
    CrimeStatistic,
    Incident,
    SafetyWalk,
    SourceImport,
    SurveyResult,
    WalkObservation,
)
from lofte.situation.sources import STOCKHOLM

LAST_IMPORTS = 5


@dataclass
class SourceSummary:
    key: str
    years: list[dict[str, Any]]  # [{"year": 2020, "rows": 12, "count": 40}], newest first
    imports: list[SourceImport] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)  # [{"category": "Snatteri", "rows": 3}]


def _imports(partnership: Partnership, kind: str) -> list[SourceImport]:
    return list(
        SourceImport.objects.filter(partnership=partnership, kind=kind).select_related("imported_by")[:LAST_IMPORTS]
    )


def _dicts(rows: Iterable[Mapping[str, object]]) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def _unmapped(rows: Any) -> list[dict[str, Any]]:
    return list(rows.filter(theme="").values("category").annotate(rows=Count("pk")).order_by("-rows", "category"))


def sources_overview(partnership: Partnership) -> dict[str, SourceSummary]:
    incidents = Incident.objects.filter(partnership=partnership)
    crime = CrimeStatistic.objects.filter(partnership=partnership, kommunkod=partnership.municipality.kommunkod)
    survey = SurveyResult.objects.filter(item__partnership=partnership)
    walks = SafetyWalk.objects.filter(partnership=partnership)
    observations = WalkObservation.objects.filter(walk__partnership=partnership)
    walk_years: dict[int, dict[str, Any]] = {
        row["year"]: dict(row)
        for row in walks.annotate(year=ExtractYear("walked_on")).values("year").annotate(rows=Count("pk"))
    }
    for row in observations.annotate(year=ExtractYear("walk__walked_on")).values("year").annotate(count=Count("pk")):
        walk_years.setdefault(row["year"], {"year": row["year"], "rows": 0})["count"] = row["count"]
    return {
        CategoryTheme.Source.INCIDENTS: SourceSummary(
            key="incidents",
            years=_dicts(
                incidents.annotate(year=ExtractYear("occurred_at", tzinfo=STOCKHOLM))
                .values("year")
                .annotate(rows=Count("pk"), count=Sum("count"))
                .order_by("-year")
            ),
            imports=_imports(partnership, SourceImport.Kind.INCIDENTS),
            unmapped=_unmapped(Incident.objects.filter(partnership=partnership)),
        ),
        CategoryTheme.Source.CRIME: SourceSummary(
            key="crime",
            years=_dicts(crime.values("year").annotate(rows=Count("pk"), count=Sum("count")).order_by("-year")),
            imports=_imports(partnership, SourceImport.Kind.CRIME),
            unmapped=_unmapped(CrimeStatistic.objects.filter(partnership=partnership)),
        ),
        "survey": SourceSummary(
            key="survey",
            years=_dicts(survey.values("year").annotate(rows=Count("pk")).order_by("-year")),
            imports=_imports(partnership, SourceImport.Kind.SURVEY),
        ),
        "walks": SourceSummary(
            key="walks", years=sorted(walk_years.values(), key=lambda row: row["year"], reverse=True)
        ),
    }
