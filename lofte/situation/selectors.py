"""Reads for the sources page: what each partnership source holds per year, its last files, what is unmapped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from lofte.core.models import Organisation, Partnership, User
from lofte.core.roles import Action
from lofte.situation.models import (
    CategoryTheme,
    CrimeStatistic,
    Incident,
    Report,
    ReportAgreement,
    ReportVersion,
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
    done = SourceImport.objects.filter(partnership=partnership, kind=kind, status=SourceImport.Status.DONE)
    return list(done.select_related("imported_by")[:LAST_IMPORTS])


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


# --- The report (h/report) ---------------------------------------------------------------------------------


def report_parties(partnership: Partnership) -> list[Organisation]:
    """Every organisation that must agree: the kommun, the police area, then any other partner by name."""
    others = list(partnership.other_partners.order_by("name"))
    return [partnership.municipality, partnership.police_area, *others]


def current_version(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


@dataclass(frozen=True)
class PartyAgreement:
    organisation: Organisation
    agreement: ReportAgreement | None


def agreement_state(report: Report, version: ReportVersion | None) -> list[PartyAgreement]:
    """Each party and its agreement to `version` (None where it has not agreed)."""
    given = (
        {a.organisation_id: a for a in version.agreements.select_related("agreed_by")} if version is not None else {}
    )
    return [PartyAgreement(org, given.get(org.pk)) for org in report_parties(report.partnership)]


def all_agreed(report: Report, version: ReportVersion | None) -> bool:
    return version is not None and all(p.agreement is not None for p in agreement_state(report, version))


def public_version(report: Report) -> ReportVersion | None:
    """What the public sees: the newest version every party agreed to, and only while the report is published.
    A version edited after publication stays internal until it is agreed in turn; and since the page reads the
    stored dataset, an agreed version counts only while the dataset is the one it was saved against (a
    recomputed dataset's numbers are not public until a version saved against them is agreed)."""
    if report.published_at is None:
        return None
    parties = {org.pk for org in report_parties(report.partnership)}
    for version in report.versions.order_by("-number").prefetch_related("agreements"):
        if parties <= {a.organisation_id for a in version.agreements.all()}:
            return version if is_current_dataset(report, version) else None
    return None


def is_current_dataset(report: Report, version: ReportVersion) -> bool:
    return version.dataset_computed_at == str(report.dataset.get("computed_at") or "")


def organisations_user_may_agree_for(user: User, report: Report) -> list[Organisation]:
    """The parties `user` is an admin or analyst of. Platform administrators are no party: they agree for none."""
    if not user.is_authenticated:
        return []
    return [
        org
        for org in report_parties(report.partnership)
        if (role := user.role_in(org.pk)) is not None and role.may(Action.AGREE_SITUATION)
    ]
