"""Drafting, approval, publication, versions and activities through the services."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lofte.core.models import AuditEntry
from lofte.promises.models import Activity, Commitment, Promise, PromiseApproval
from lofte.promises.selectors import lagesbild_for_promise, promise_outline
from lofte.promises.services import (
    activity_complete,
    activity_log,
    commitment_create,
    commitment_move,
    commitment_update,
    focus_area_add_from_candidate,
    promise_approve,
    promise_create,
    promise_new_version,
    promise_publish,
    promise_update,
)
from lofte.situation.models import Report

DATASET = {
    "schema": "lofte.lagesbild/1",
    "matrix": [
        {
            "theme": "alkohol_berusning",
            "area": None,
            "dialogues": {"count": 80, "share": 0.13},
            "events": {"count": 12},
        },
        {"theme": "alkohol_berusning", "area": 1, "dialogues": {"count": 30, "share": 0.2}, "survey": {"index": 2.4}},
        {"theme": "belysning", "area": 1, "dialogues": {"count": 9, "share": 0.05}},
    ],
    "candidates": [
        {
            "rank": 1,
            "theme": "alkohol_berusning",
            "areas": [1],
            "times": ["kväll", "natt"],
            "score": 0.82,
            "evidence": [{"source": "dialogues", "text": "Berusade vid resecentrum på kvällen", "ref": "dialogue:7"}],
        }
    ],
}


def test_create_refuses_a_second_promise_for_the_same_year(partnership, sjostad_analyst, draft):
    with pytest.raises(ValidationError):
        promise_create(partnership=partnership, by=sjostad_analyst, start_year=2021, title_sv="Igen")
    assert Promise.objects.count() == 1
    assert AuditEntry.objects.filter(action="promise.create", target_id=str(draft.pk)).exists()


def test_focus_area_from_a_candidate_keeps_the_numbers_and_quotes_as_evidence(
    partnership, sjostad_analyst, draft, centrum
):
    dataset = dict(DATASET, candidates=[dict(DATASET["candidates"][0], areas=[centrum.pk])])
    dataset["matrix"] = [dict(row, area=centrum.pk) if row["area"] == 1 else row for row in DATASET["matrix"]]
    Report.objects.create(partnership=partnership, year=2020, dataset=dataset)
    report = lagesbild_for_promise(partnership=partnership, start_year=2021)
    assert report is not None and report.year == 2020

    focus = focus_area_add_from_candidate(
        promise=draft, by=sjostad_analyst, report=report, candidate=report.candidates[0], title_sv="Tryggare kvällar"
    )
    assert list(focus.areas.all()) == [centrum]
    assert focus.times == ["kväll", "natt"]
    assert focus.evidence["report_year"] == 2020
    assert focus.evidence["quotes"] == [
        {"text": "Berusade vid resecentrum på kvällen", "ref": "dialogue:7", "source": "dialogues"}
    ]
    assert focus.evidence["numbers"] == [
        {
            "area": centrum.pk,
            "dialogues": 30,
            "dialogue_share": 0.2,
            "events": None,
            "survey_index": 2.4,
            "ref": f"cell:alkohol_berusning:{centrum.pk}",
        }
    ]


def test_a_missing_or_empty_lagesbild_is_no_error(partnership):
    assert lagesbild_for_promise(partnership=partnership, start_year=2021) is None
    Report.objects.create(partnership=partnership, year=2020, dataset={})
    Report.objects.create(partnership=partnership, year=2019, dataset={"candidates": "broken"})
    assert lagesbild_for_promise(partnership=partnership, start_year=2021) is None


def test_the_same_years_lagesbild_does_not_feed_its_promise(partnership):
    Report.objects.create(partnership=partnership, year=2021, dataset=DATASET)
    assert lagesbild_for_promise(partnership=partnership, start_year=2021) is None


def test_a_member_approves_only_for_their_own_organisation(draft, sjostad_analyst, lpo_sjostad):
    with pytest.raises(PermissionDenied):
        promise_approve(promise=draft, organisation=lpo_sjostad, by=sjostad_analyst)
    assert not PromiseApproval.objects.exists()


def test_a_platform_admin_cannot_sign_for_a_party(draft, platform_admin, sjostad):
    with pytest.raises(PermissionDenied):
        promise_approve(promise=draft, organisation=sjostad, by=platform_admin)


def test_a_reader_cannot_approve(draft, reader, sjostad):
    with pytest.raises(PermissionDenied):
        promise_approve(promise=draft, organisation=sjostad, by=reader)


def test_publishing_is_refused_until_every_party_approved(draft, signatories, sjostad, lpo_sjostad):
    municipal, police = signatories
    approval = promise_approve(promise=draft, organisation=sjostad, by=municipal)
    assert (approval.signatory_name, approval.signatory_title) == ("Sara Svensson", "Trygghetssamordnare")
    with pytest.raises(ValidationError, match="LPO Sjöstad"):
        promise_publish(promise=draft, by=municipal)
    draft.refresh_from_db()
    assert draft.status == Promise.Status.DRAFT and draft.published_at is None

    promise_approve(promise=draft, organisation=lpo_sjostad, by=police)
    draft.refresh_from_db()
    assert draft.status == Promise.Status.AGREED
    promise_publish(promise=draft, by=municipal)
    draft.refresh_from_db()
    assert draft.status == Promise.Status.PUBLISHED and draft.published_by == municipal
    assert Promise.objects.published().get() == draft


def test_a_change_after_approval_withdraws_the_approvals(draft, signatories, sjostad, lpo_sjostad, commitment):
    municipal, police = signatories
    promise_approve(promise=draft, organisation=sjostad, by=municipal)
    promise_approve(promise=draft, organisation=lpo_sjostad, by=police)
    commitment_update(commitment=commitment, by=municipal, target_value=50)
    draft.refresh_from_db()
    assert draft.status == Promise.Status.DRAFT
    assert not draft.approvals.exists()
    assert AuditEntry.objects.filter(action="promise.approvals_withdrawn").exists()
    with pytest.raises(ValidationError):
        promise_publish(promise=draft, by=municipal)


def test_a_published_promise_is_not_changed_in_place(published, sjostad_analyst, commitment):
    with pytest.raises(ValidationError):
        commitment_update(commitment=commitment, by=sjostad_analyst, what_sv="Något annat")
    commitment.refresh_from_db()
    assert commitment.what_sv == "Polisen är synlig vid skolor och fritidsgårdar"


def test_a_new_version_copies_the_published_one_as_a_draft_and_keeps_activities(published, sjostad_analyst, commitment):
    activity_log(
        commitment=commitment,
        by=sjostad_analyst,
        occurred_on=dt.date(2021, 2, 1),
        what="Besök",
        count=3,
        idempotency_key=uuid.uuid4(),
    )
    child = None
    draft = promise_new_version(promise=published, by=sjostad_analyst)
    assert (draft.version, draft.status, draft.previous) == (2, Promise.Status.DRAFT, published)
    copy = Commitment.objects.get(focus_area__promise=draft)
    assert copy.lineage == commitment.lineage and copy.pk != commitment.pk
    outline = promise_outline(draft, today=dt.date(2021, 3, 1))
    assert outline[0][1][0].done_count == 3
    assert child is None
    with pytest.raises(ValidationError):
        promise_new_version(promise=published, by=sjostad_analyst)


def test_a_new_version_keeps_parent_and_child(
    draft, sjostad_analyst, focus, commitment, signatories, sjostad, lpo_sjostad
):
    commitment_create(
        focus_area=focus,
        by=sjostad_analyst,
        what_sv="Skolbesök i Norr",
        owner=Commitment.Owner.PARTNER,
        partner_name="Fältsekreterarna",
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 6, 30),
        target_kind=Commitment.TargetKind.YES_NO,
        parent=commitment,
    )
    municipal, police = signatories
    promise_approve(promise=draft, organisation=sjostad, by=municipal)
    promise_approve(promise=draft, organisation=lpo_sjostad, by=police)
    promise_publish(promise=draft, by=municipal)
    new = promise_new_version(promise=draft, by=municipal)
    child = Commitment.objects.get(focus_area__promise=new, parent__isnull=False)
    assert child.parent.focus_area.promise == new
    assert child.partner_name == "Fältsekreterarna"


def test_commitment_validation_names_the_field(focus, sjostad_analyst):
    with pytest.raises(ValidationError) as error:
        commitment_create(
            focus_area=focus,
            by=sjostad_analyst,
            what_sv="x",
            owner=Commitment.Owner.PARTNER,
            starts_on=dt.date(2021, 5, 1),
            ends_on=dt.date(2021, 1, 1),
            target_kind=Commitment.TargetKind.COUNT,
        )
    assert set(error.value.message_dict) == {"ends_on", "partner_name", "target_value"}


def test_commitment_move_swaps_with_its_neighbour(focus, sjostad_analyst, commitment):
    second = commitment_create(
        focus_area=focus,
        by=sjostad_analyst,
        what_sv="Belysning vid gångtunneln",
        owner=Commitment.Owner.MUNICIPALITY,
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 10, 31),
        target_kind=Commitment.TargetKind.YES_NO,
    )
    commitment_move(commitment=second, by=sjostad_analyst, direction=-1)
    assert list(focus.commitments.order_by("position").values_list("pk", flat=True)) == [second.pk, commitment.pk]


def test_activity_log_is_idempotent_per_key(published, commitment, dialogue_staff):
    key = uuid.uuid4()
    first = activity_log(
        commitment=commitment, by=dialogue_staff, occurred_on=dt.date(2021, 3, 1), what="Besök", idempotency_key=key
    )
    again = activity_log(
        commitment=commitment, by=dialogue_staff, occurred_on=dt.date(2021, 3, 1), what="Besök", idempotency_key=key
    )
    assert first.pk == again.pk
    assert Activity.objects.count() == 1
    assert AuditEntry.objects.filter(action="activity.log").count() == 1


def test_activities_are_logged_only_against_a_published_promise(draft, commitment, sjostad_analyst):
    with pytest.raises(ValidationError):
        activity_log(
            commitment=commitment,
            by=sjostad_analyst,
            occurred_on=dt.date(2021, 3, 1),
            what="x",
            idempotency_key=uuid.uuid4(),
        )
    assert not Activity.objects.exists()


def test_planned_activities_do_not_count_as_progress(published, commitment, sjostad_analyst):
    activity_log(
        commitment=commitment,
        by=sjostad_analyst,
        occurred_on=dt.date(2021, 3, 1),
        what="Besök",
        count=10,
        idempotency_key=uuid.uuid4(),
    )
    activity_log(
        commitment=commitment,
        by=sjostad_analyst,
        occurred_on=dt.date(2021, 9, 1),
        what="Besök",
        count=10,
        planned=True,
        idempotency_key=uuid.uuid4(),
    )
    row = promise_outline(published, today=dt.date(2021, 4, 1))[0][1][0]
    assert row.done_count == 10
    assert row.progress.percent == 25


def _add(focus, by, what: str, **fields) -> Commitment:
    values = {
        "owner": Commitment.Owner.POLICE,
        "starts_on": dt.date(2021, 1, 1),
        "ends_on": dt.date(2021, 12, 31),
        "target_kind": Commitment.TargetKind.COUNT,
        "target_value": 10,
    }
    return commitment_create(focus_area=focus, by=by, what_sv=what, **(values | fields))


def test_a_commitment_with_sub_commitments_cannot_become_a_sub_commitment(focus, sjostad_analyst):
    first, second, third = (_add(focus, sjostad_analyst, what) for what in ("33", "34", "35"))
    commitment_update(commitment=second, by=sjostad_analyst, parent=first)
    with pytest.raises(ValidationError) as refused:
        commitment_update(commitment=Commitment.objects.get(pk=first.pk), by=sjostad_analyst, parent=third)
    assert "Delåtaganden kan inte ha egna delåtaganden." in refused.value.message_dict["parent"][0]
    assert Commitment.objects.get(pk=first.pk).parent_id is None
    assert Commitment.objects.get(pk=second.pk).parent_id == first.pk
    with pytest.raises(ValidationError):
        commitment_update(commitment=Commitment.objects.get(pk=third.pk), by=sjostad_analyst, parent=third)
    assert Commitment.objects.get(pk=third.pk).parent_id is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"starts_on": dt.date(1900, 1, 1)},
            "starts_on",
            "Datumet ska ligga inom löftets period, 2021-01-01–2021-12-31.",
        ),
        (
            {"ends_on": dt.date(3000, 12, 31)},
            "ends_on",
            "Datumet ska ligga inom löftets period, 2021-01-01–2021-12-31.",
        ),
        ({"target_value": 2.5}, "target_value", "Ett antal är ett heltal, till exempel 20."),
        ({"target_value": 1e300}, "target_value", "Ett antal kan vara högst 100 000."),
        ({"baseline_value": -10}, "baseline_value", "Utgångsvärdet kan inte vara negativt."),
        (
            {"target_kind": Commitment.TargetKind.SURVEY, "target_value": 2, "survey_item": "x", "baseline_value": 9},
            "baseline_value",
            "Utgångsvärdet är ett index mellan 0 och 6.",
        ),
    ],
)
def test_a_commitment_outside_the_promises_years_or_with_a_nonsense_target_is_refused(
    focus, sjostad_analyst, fields, field, message
):
    with pytest.raises(ValidationError) as refused:
        _add(focus, sjostad_analyst, "Nytt", **fields)
    assert refused.value.message_dict[field] == [message]
    assert not Commitment.objects.filter(what_sv="Nytt").exists()
    existing = focus.commitments.get()
    with pytest.raises(ValidationError):
        commitment_update(commitment=existing, by=sjostad_analyst, **fields)
    existing.refresh_from_db()
    assert (existing.starts_on, existing.ends_on, existing.target_value, existing.baseline_value) == (
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
        40,
        None,
    )


def test_a_promise_whose_years_overlap_another_promise_is_refused(partnership, sjostad_analyst, draft):
    two_years = promise_create(
        partnership=partnership, by=sjostad_analyst, start_year=2022, end_year=2023, title_sv="2022–2023"
    )
    for start, end in ((2023, 2024), (2020, 2021), (2020, 2025)):
        with pytest.raises(ValidationError) as refused:
            promise_create(partnership=partnership, by=sjostad_analyst, start_year=start, end_year=end, title_sv="x")
        assert "gäller redan en del av de här åren" in refused.value.messages[0]
    assert Promise.objects.filter(title_sv="x").count() == 0
    with pytest.raises(ValidationError):
        promise_update(promise=draft, by=sjostad_analyst, end_year=2022)
    draft.refresh_from_db()
    assert draft.end_year == 2021
    assert promise_create(partnership=partnership, by=sjostad_analyst, start_year=2024, title_sv="2024").pk
    # A longer new version of the same promise is the same promise.
    assert promise_update(promise=two_years, by=sjostad_analyst, end_year=2023).end_year == 2023


@pytest.mark.parametrize(
    ("day", "planned", "message"),
    [
        (dt.date(1900, 1, 1), False, "Datumet kan inte vara före löftets period, som börjar 2021-01-01."),
        (dt.date(3000, 1, 1), False, "En gjord aktivitet kan inte ha ett datum efter i dag. Planera den i stället."),
        (dt.date(2021, 6, 16), False, "En gjord aktivitet kan inte ha ett datum efter i dag. Planera den i stället."),
        (dt.date(1900, 1, 1), True, "Datumet kan inte vara före löftets period, som börjar 2021-01-01."),
        (dt.date(2022, 1, 1), True, "En planerad aktivitet ligger inom löftets period, som slutar 2021-12-31."),
    ],
)
def test_an_activity_done_in_the_future_or_outside_the_promise_is_refused(
    monkeypatch, published, commitment, sjostad_analyst, day, planned, message
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2021, 6, 15))
    with pytest.raises(ValidationError) as refused:
        activity_log(
            commitment=commitment,
            by=sjostad_analyst,
            occurred_on=day,
            what="Besök",
            planned=planned,
            idempotency_key=uuid.uuid4(),
        )
    assert refused.value.message_dict == {"occurred_on": [message]}
    assert not Activity.objects.exists()
    planned_later = activity_log(
        commitment=commitment,
        by=sjostad_analyst,
        occurred_on=dt.date(2021, 9, 1),
        what="Besök",
        planned=True,
        idempotency_key=uuid.uuid4(),
    )
    with pytest.raises(ValidationError):  # done, it must have happened
        activity_complete(activity=planned_later, by=sjostad_analyst, occurred_on=dt.date(2021, 9, 1), what="Besök")
    planned_later.refresh_from_db()
    assert planned_later.planned


def test_progress_counts_only_activities_within_the_commitments_period(published, commitment, sjostad_analyst):
    for day in (dt.date(1900, 1, 1), dt.date(2021, 3, 1), dt.date(3000, 1, 1)):  # stored before the rule
        Activity.objects.create(commitment=commitment, occurred_on=day, what="x", count=5, idempotency_key=uuid.uuid4())
    row = promise_outline(published)[0][1][0]
    assert row.done_count == 5
    assert row.progress.percent == 12


def test_a_commitment_whose_sub_commitment_has_activities_is_kept_with_a_reason_not_a_server_error(
    sjostad_analyst, draft, focus, commitment
):
    from lofte.promises.services import commitment_remove, focus_area_remove

    child = commitment_create(
        focus_area=focus,
        by=sjostad_analyst,
        what_sv="Besök på Norrskolan",
        owner="police",
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        target_kind="yes_no",
        parent=commitment,
    )
    # Activities belong to published promises; one stored under a draft (an old import, a fix in the shell) is
    # protected by the database, and the services say so rather than fail.
    Activity.objects.create(
        commitment=child,
        occurred_on=dt.date(2021, 2, 1),
        what="Besök",
        by=sjostad_analyst,
        idempotency_key=uuid.uuid4(),
    )
    with pytest.raises(ValidationError, match="loggade aktiviteter"):
        commitment_remove(commitment=commitment, by=sjostad_analyst)
    with pytest.raises(ValidationError, match="loggade aktiviteter"):
        focus_area_remove(focus_area=focus, by=sjostad_analyst)
    assert Commitment.objects.filter(pk__in=[commitment.pk, child.pk]).count() == 2
    assert not AuditEntry.objects.filter(action__in=["commitment.remove", "focus_area.remove"]).exists()
