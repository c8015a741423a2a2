"""A Sjöstad 2020 lägesbild with a stored dataset (tests/situation/report_fixtures.py), and the media files the
PDF cache writes kept in a temporary directory."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lofte.situation.models import Report
from tests.situation.report_fixtures import build_dataset


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(partnership) -> Report:
    return Report.objects.create(
        partnership=partnership,
        year=2020,
        dataset=build_dataset(),
        dataset_computed_at=timezone.now() - dt.timedelta(hours=1),
    )
