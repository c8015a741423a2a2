"""A Sjöstad promise in each state, the parties' signatories and a lägesbild with candidates."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.core.models import Area, Membership, User
from lofte.promises.models import Commitment, FocusArea, Promise
from lofte.promises.services import (
    commitment_create,
    focus_area_add,
    promise_approve,
    promise_create,
    promise_publish,
)


@pytest.fixture
def centrum(sjostad) -> Area:
    return Area.objects.create(organisation=sjostad, name="Centrum", code="9901C1010")


@pytest.fixture
def signatories(sjostad_analyst, police_analyst) -> tuple[User, User]:
    """The municipality's trygghetssamordnare and the kommunpolis, with their titles."""
    Membership.objects.filter(user=sjostad_analyst).update(title="Trygghetssamordnare")
    Membership.objects.filter(user=police_analyst).update(title="Kommunpolis")
    sjostad_analyst.last_name = "Svensson"
    sjostad_analyst.save()
    return sjostad_analyst, police_analyst


@pytest.fixture
def draft(partnership, sjostad_analyst) -> Promise:
    promise = promise_create(
        partnership=partnership, by=sjostad_analyst, start_year=2021, title_sv="Medborgarlöfte 2021"
    )
    focus = focus_area_add(
        promise=promise,
        by=sjostad_analyst,
        theme="synlig_narvaro",
        title_sv="Trygghet i centrum",
        why_sv="Många känner sig otrygga i centrum på kvällarna.",
    )
    commitment_create(
        focus_area=focus,
        by=sjostad_analyst,
        what_sv="Polisen är synlig vid skolor och fritidsgårdar",
        owner=Commitment.Owner.POLICE,
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        target_kind=Commitment.TargetKind.COUNT,
        target_value=40,
    )
    return promise


@pytest.fixture
def focus(draft) -> FocusArea:
    return draft.focus_areas.get()


@pytest.fixture
def commitment(focus) -> Commitment:
    return focus.commitments.get()


@pytest.fixture
def published(draft, signatories, sjostad, lpo_sjostad) -> Promise:
    municipal, police = signatories
    promise_approve(promise=draft, organisation=sjostad, by=municipal)
    promise_approve(promise=draft, organisation=lpo_sjostad, by=police)
    return promise_publish(promise=draft, by=municipal)
