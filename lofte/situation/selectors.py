"""Reads that span the lägesbild's models."""

from __future__ import annotations

from dataclasses import dataclass

from lofte.core.models import Organisation, Partnership, User
from lofte.core.roles import Action
from lofte.situation.models import Report, ReportAgreement, ReportVersion

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
