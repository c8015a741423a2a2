from __future__ import annotations

import uuid

import pytest

from lofte.cases.models import Case, CaseKind, Category, HandlerGroup
from lofte.cases.services import Reporter, case_submit
from lofte.core.models import Organisation
from lofte.core.roles import Role
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _photos_in_a_temporary_folder(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture
def street_lights(sjostad) -> Category:
    group = HandlerGroup.objects.create(organisation=sjostad, name="Gatuenheten")
    return Category.objects.create(
        organisation=sjostad,
        slug="gatubelysning",
        name_sv="Gatubelysning",
        name_en="Street lighting",
        theme="belysning",
        duplicate_distance_m=30,
        target_days=5,
        group=group,
    )


@pytest.fixture
def police_case_handler(lpo_sjostad):
    return make_user("vera", lpo_sjostad, Role.CASE_HANDLER)


def submit_fault(
    organisation: Organisation,
    category: Category,
    *,
    lat: float = 58.5035,
    lng: float = 13.1577,
    email: str = "",
    key: uuid.UUID | None = None,
) -> Case:
    return case_submit(
        organisation=organisation,
        kind=CaseKind.FAULT,
        category=category,
        message="Lampan är trasig.",
        idempotency_key=key or uuid.uuid4(),
        lat=lat,
        lng=lng,
        reporter=Reporter(name="Ada", email=email, consent=bool(email)),
    ).case


@pytest.fixture
def dark_light(sjostad, street_lights) -> Case:
    return submit_fault(sjostad, street_lights, email="ada@example.org")
