"""Police events on the lägesbild's pages: a partnership's kommun only, never as points, staff upload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.situation.models import PoliceEvent, PoliceEventImport
from lofte.situation.services import police_events_import, police_events_import_queued

DATA = Path(__file__).with_name("data")
MORNING = DATA / "events-2020-03-29T0900Z.json"
EVENING = DATA / "events-2020-03-29T2100Z.json"


@pytest.fixture
def harryda_partnership(partnership):
    """Sjöstad's partnership placed in Härryda (1401), whose events the captures carry."""
    partnership.municipality.kommunkod = "1401"
    partnership.municipality.save(update_fields=["kommunkod"])
    return partnership


@pytest.fixture
def captured(db):
    police_events_import(files=[(p.name, p.read_bytes()) for p in (MORNING, EVENING)])


def _list(client, partnership, query: str = ""):
    return client.get(reverse("situation:police_events", args=[partnership.slug]) + query)


@pytest.mark.django_db
def test_a_partnership_sees_only_the_events_of_its_kommunkod(login, sjostad_analyst, harryda_partnership, captured):
    response = _list(login(sjostad_analyst), harryda_partnership)
    assert response.status_code == 200
    shown = {event.police_id for event, _theme in response.context["rows"]}
    expected = set(PoliceEvent.objects.filter(kommunkod="1401").values_list("police_id", flat=True))
    assert shown == expected == {7099, 7102, 7110, 7113, 7114}
    html = response.content.decode()
    assert "Göteborg" not in html.split("<tbody>")[1]  # Göteborg's events and the county-only summary stay out
    assert "Sammanfattning kväll och natt" not in html


@pytest.mark.django_db
def test_the_page_says_events_sit_at_the_kommuns_centre_and_shows_no_coordinates(
    login, sjostad_analyst, harryda_partnership, captured
):
    html = _list(login(sjostad_analyst), harryda_partnership).content.decode()
    assert "inte där de hände" in html
    assert "mittpunkt" in html
    assert "57.691744" not in html and "12.294416" not in html
    assert "57,691744" not in html


@pytest.mark.django_db
def test_events_filter_by_type_and_month(login, sjostad_analyst, harryda_partnership, captured):
    client = login(sjostad_analyst)
    by_type = _list(client, harryda_partnership, "?kind=Misshandel")
    assert {e.police_id for e, _ in by_type.context["rows"]} == {7114}
    assert by_type.context["rows"][0][1] == "Våld och hot"
    by_month = _list(client, harryda_partnership, "?month=2020-04")
    assert by_month.context["rows"] == []
    march = _list(client, harryda_partnership, "?month=2020-03&kind=Rattfylleri")
    assert {e.police_id for e, _ in march.context["rows"]} == {7110}
    bad = _list(client, harryda_partnership, "?month=mars")
    assert bad.status_code == 200
    assert "2020-03" in bad.content.decode()  # the form explains the format


@pytest.mark.django_db
def test_the_list_is_paginated(login, sjostad_analyst, harryda_partnership):
    events = [
        {
            "id": 100 + i,
            "datetime": f"2020-05-{1 + i % 28:02d} 9:00:00 +02:00",
            "name": f"{1 + i % 28} maj 08.00, Stöld, Härryda",
            "summary": "Stöld.",
            "url": f"/h/{i}/",
            "type": "Stöld",
            "location": {"name": "Härryda", "gps": "57.69,12.29"},
        }
        for i in range(60)
    ]
    police_events_import(data=json.dumps(events).encode())
    client = login(sjostad_analyst)
    first = _list(client, harryda_partnership)
    assert len(first.context["rows"]) == 50
    second = _list(client, harryda_partnership, "?sida=2")
    assert len(second.context["rows"]) == 10


@pytest.mark.django_db
def test_a_kommun_without_a_real_kommunkod_sees_no_events_and_is_told_why(
    login, sjostad_analyst, partnership, captured
):
    response = _list(login(sjostad_analyst), partnership)  # Sjöstad's 9901 is no real kommun
    assert response.context["rows"] == []
    assert "9901" in response.content.decode()


@pytest.mark.django_db
def test_upload_imports_a_capture_and_shows_what_it_did(login, sjostad_analyst, harryda_partnership):
    client = login(sjostad_analyst)
    upload = SimpleUploadedFile(MORNING.name, MORNING.read_bytes(), "application/json")
    response = client.post(reverse("situation:police_events_upload", args=[harryda_partnership.slug]), {"file": upload})
    record = PoliceEventImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("situation:police_import", args=[harryda_partnership.slug, record.pk])
    assert (record.events_new, record.events_rejected, record.via) == (11, 1, "upload")
    assert record.imported_by == sjostad_analyst
    assert PoliceEvent.objects.count() == 11
    assert AuditEntry.objects.filter(action="situation.police_events_import", actor=sjostad_analyst).exists()
    page = client.get(response["Location"]).content.decode()
    assert "11 nya" in page
    assert "igår kväll" in page  # the rejected event's reason


@pytest.mark.django_db
def test_uploading_a_file_not_in_the_feeds_format_stores_nothing_and_says_why(login, sjostad_analyst, partnership):
    client = login(sjostad_analyst)
    upload = SimpleUploadedFile("truncated.json", (DATA / "truncated.json").read_bytes(), "application/json")
    response = client.post(reverse("situation:police_events_upload", args=[partnership.slug]), {"file": upload})
    assert response.status_code == 400
    assert "inte giltig JSON" in response.content.decode()
    assert not PoliceEvent.objects.exists()
    assert not PoliceEventImport.objects.exists()


@pytest.mark.django_db
def test_a_reader_may_not_upload(login, reader, partnership):
    upload = SimpleUploadedFile(MORNING.name, MORNING.read_bytes(), "application/json")
    response = login(reader).post(reverse("situation:police_events_upload", args=[partnership.slug]), {"file": upload})
    assert response.status_code == 403
    assert not PoliceEvent.objects.exists()


@pytest.mark.django_db
def test_a_large_upload_goes_through_the_task_queue(
    login, sjostad_analyst, harryda_partnership, settings, monkeypatch, django_capture_on_commit_callbacks, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    monkeypatch.setattr("lofte.situation.views.police.POLICE_BACKGROUND_BYTES", 100)
    client = login(sjostad_analyst)
    upload = SimpleUploadedFile(EVENING.name, EVENING.read_bytes(), "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("situation:police_events_upload", args=[harryda_partnership.slug]), {"file": upload}
        )
    assert response.status_code == 302
    record = PoliceEventImport.objects.get()
    assert record.status == PoliceEventImport.Status.DONE
    assert (record.events_new, record.events_rejected) == (10, 1)
    assert not record.file  # the worker deletes the kept file
    assert not list(tmp_path.rglob("*.json"))
    assert PoliceEvent.objects.count() == 10


@pytest.mark.django_db
def test_a_queued_import_page_polls_until_done(login, sjostad_analyst, partnership):
    record = PoliceEventImport.objects.create(filename="stor.json", sha256="0" * 64, status="queued")
    html = login(sjostad_analyst).get(reverse("situation:police_import", args=[partnership.slug, record.pk])).content
    assert b'hx-trigger="every 2s"' in html


@pytest.mark.django_db
def test_a_queued_file_that_fails_is_marked_failed_and_stores_nothing(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    record = PoliceEventImport(filename="kaputt.json", sha256="0" * 64, status="queued")
    record.file.save("kaputt.json", ContentFile(b"[{"), save=False)
    record.save()
    assert police_events_import_queued(record=record) is None
    record.refresh_from_db()
    assert record.status == PoliceEventImport.Status.FAILED
    assert "JSON" in record.error
    assert not PoliceEvent.objects.exists()
    assert not list(tmp_path.rglob("*.json"))


@pytest.mark.django_db
def test_the_lagesbild_page_links_editors_to_the_police_events(login, sjostad_analyst, reader, partnership, client):
    url = reverse("situation:partnership", args=[partnership.slug])
    target = reverse("situation:police_events", args=[partnership.slug])
    assert target in login(sjostad_analyst).get(url).content.decode()
    client.logout()
    assert target not in login(reader).get(url).content.decode()
