"""Every write of the lägesbild."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.audit import audit_log
from lofte.core.models import Organisation, User
from lofte.situation import draft
from lofte.situation.models import Report, ReportAgreement, ReportVersion
from lofte.situation.selectors import all_agreed, organisations_user_may_agree_for, report_parties

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
    edited: if someone saved in between, the edit is refused rather than silently overwriting theirs."""
    Report.objects.select_for_update().get(pk=report.pk)
    current = report.versions.order_by("-number").first()
    if current is None or current.number != based_on:
        raise ValidationError(
            _("Någon har sparat en nyare version (%(number)s) medan du skrev. Öppna avsnittet igen.")
            % {"number": current.number if current else 0}
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Avsnittet kan inte vara tomt.")]})
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
