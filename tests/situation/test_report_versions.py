"""Versions of the report's text, agreement by every party, and publication."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.situation.models import ReportAgreement, ReportVersion
from lofte.situation.selectors import all_agreed, public_version
from lofte.situation.services import (
    report_agree,
    report_publish,
    report_section_save,
    report_unpublish,
    report_version_draft,
)


@pytest.fixture
def drafted(report, sjostad_analyst) -> ReportVersion:
    return report_version_draft(report=report, by=sjostad_analyst)


def _agree_all(report, version, sjostad_analyst, police_analyst) -> None:
    report_agree(report=report, version=version, organisation=report.partnership.municipality, by=sjostad_analyst)
    report_agree(report=report, version=version, organisation=report.partnership.police_area, by=police_analyst)


def test_every_save_is_a_new_version_and_none_is_changed(report, drafted, sjostad_analyst) -> None:
    original = list(drafted.sections)
    text = "Fler än hälften, 320 av 612 dialoger, nämner kvällen. [[time:dialogues]]"
    v2 = report_section_save(report=report, key="dialoger", text=text, based_on=1, by=sjostad_analyst)
    assert v2.number == 2 and not v2.drafted
    drafted.refresh_from_db()
    assert drafted.sections == original
    section = next(s for s in v2.sections if s["key"] == "dialoger")
    assert section["text"] == text and section["refs"] == ["time:dialogues"]
    assert AuditEntry.objects.filter(action="report.section_edit", target_id=str(v2.pk)).exists()


def test_a_save_based_on_an_older_version_is_refused(report, drafted, sjostad_analyst, police_analyst) -> None:
    report_section_save(report=report, key="dialoger", text="Ny text med 5 dialoger.", based_on=1, by=police_analyst)
    with pytest.raises(ValidationError):
        report_section_save(report=report, key="dialoger", text="Min text, 7 dialoger.", based_on=1, by=sjostad_analyst)
    assert report.versions.count() == 2


def test_a_police_member_cannot_agree_for_the_kommun(report, drafted, police_analyst) -> None:
    with pytest.raises(PermissionDenied):
        report_agree(report=report, version=drafted, organisation=report.partnership.municipality, by=police_analyst)
    assert not ReportAgreement.objects.exists()


def test_readers_and_platform_admins_cannot_agree(report, drafted, reader, platform_admin) -> None:
    for user in (reader, platform_admin):
        with pytest.raises(PermissionDenied):
            report_agree(report=report, version=drafted, organisation=report.partnership.municipality, by=user)


def test_a_new_version_resets_agreement(report, drafted, sjostad_analyst, police_analyst) -> None:
    _agree_all(report, drafted, sjostad_analyst, police_analyst)
    assert all_agreed(report, drafted)
    v2 = report_section_save(
        report=report, key="polisen", text="Polisen såg 12 händelser.", based_on=1, by=sjostad_analyst
    )
    assert not all_agreed(report, v2)
    with pytest.raises(ValidationError):
        report_agree(report=report, version=drafted, organisation=report.partnership.police_area, by=police_analyst)


def test_publish_is_refused_until_every_party_agreed(report, drafted, sjostad_analyst, police_analyst) -> None:
    report_agree(report=report, version=drafted, organisation=report.partnership.municipality, by=sjostad_analyst)
    with pytest.raises(ValidationError):
        report_publish(report=report, by=sjostad_analyst)
    report.refresh_from_db()
    assert report.published_at is None
    report_agree(report=report, version=drafted, organisation=report.partnership.police_area, by=police_analyst)
    report_publish(report=report, by=sjostad_analyst)
    report.refresh_from_db()
    assert report.published_at is not None and report.published_by == sjostad_analyst
    assert public_version(report) == drafted
    report_unpublish(report=report, by=sjostad_analyst)
    report.refresh_from_db()
    assert report.published_at is None and public_version(report) is None
    assert list(
        AuditEntry.objects.filter(action__startswith="report.").order_by("pk").values_list("action", flat=True)
    ) == [
        "report.draft",
        "report.agree",
        "report.agree",
        "report.publish",
        "report.unpublish",
    ]


def test_an_edit_after_publication_stays_internal_until_agreed(
    report, drafted, sjostad_analyst, police_analyst
) -> None:
    _agree_all(report, drafted, sjostad_analyst, police_analyst)
    report_publish(report=report, by=sjostad_analyst)
    v2 = report_section_save(
        report=report, key="polisen", text="Utkast med 99 händelser.", based_on=1, by=sjostad_analyst
    )
    report.refresh_from_db()
    assert public_version(report) == drafted
    _agree_all(report, v2, sjostad_analyst, police_analyst)
    assert public_version(report) == v2


def test_every_other_partner_must_agree_too(
    report, drafted, sjostad_analyst, police_analyst, grannby, outsider
) -> None:
    report.partnership.other_partners.add(grannby)
    _agree_all(report, drafted, sjostad_analyst, police_analyst)
    assert not all_agreed(report, drafted)
    report_agree(report=report, version=drafted, organisation=grannby, by=outsider)
    assert all_agreed(report, drafted)


def test_agree_over_http_records_who_and_when(login, report, drafted, police_analyst) -> None:
    client = login(police_analyst)
    url = reverse("situation:report_agree", args=["sjostad", 2020])
    response = client.post(url, {"organisation": report.partnership.police_area_id, "version": 1})
    assert response.status_code == 302
    agreement = ReportAgreement.objects.get()
    assert agreement.agreed_by == police_analyst and agreement.organisation == report.partnership.police_area
    response = client.post(url, {"organisation": report.partnership.municipality_id, "version": 1})
    assert response.status_code == 403
    assert ReportAgreement.objects.count() == 1


def test_edit_a_section_over_http_and_compare_versions(login, report, drafted, sjostad_analyst) -> None:
    client = login(sjostad_analyst)
    url = reverse("situation:report_section", args=["sjostad", 2020, "polisen"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Polisen såg 42 händelser i centrum. [[cell:narkotika:3]]", "based_on": 1})
    assert response.status_code == 302
    assert report.versions.count() == 2
    diff = client.get(reverse("situation:report_diff", args=["sjostad", 2020]), {"a": 1, "b": 2})
    body = diff.content.decode()
    assert "<ins>" in body and "42 händelser" in body and "<del>" in body
    versions = client.get(reverse("situation:report_versions", args=["sjostad", 2020])).content.decode()
    assert "Sara" in versions or str(sjostad_analyst) in versions


def test_a_recomputed_dataset_is_not_public_until_a_version_saved_against_it_is_agreed(
    report, drafted, sjostad_analyst, police_analyst
) -> None:
    _agree_all(report, drafted, sjostad_analyst, police_analyst)
    report_publish(report=report, by=sjostad_analyst)
    report.refresh_from_db()
    assert public_version(report) == drafted
    # The picture is computed again (report_compute writes a new dataset): its numbers were never agreed.
    report.dataset = {**report.dataset, "computed_at": "2021-02-01T09:00:00+01:00"}
    report.save(update_fields=["dataset"])
    assert public_version(report) is None
    v2 = report_version_draft(report=report, by=sjostad_analyst)
    _agree_all(report, v2, sjostad_analyst, police_analyst)
    assert public_version(report) == v2


def test_a_section_saved_from_a_page_opened_before_another_save_is_refused_and_kept_out(
    login, report, drafted, sjostad_analyst
) -> None:
    client = login(sjostad_analyst)
    url = reverse("situation:report_section", args=["sjostad", 2020, "polisen"])
    assert client.post(url, {"text": "Första ändringen. [[cell:narkotika:3]]", "based_on": 1}).status_code == 302
    response = client.post(url, {"text": "Andra ändringen, från en gammal sida.", "based_on": 1})
    assert response.status_code == 400
    assert "Någon har sparat en nyare version (2) medan du skrev" in response.content.decode()
    assert report.versions.count() == 2
    assert "Andra ändringen" not in str(report.versions.order_by("-number").first().sections)
