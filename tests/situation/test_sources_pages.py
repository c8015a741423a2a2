from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lofte.core.models import AuditEntry
from lofte.situation.models import CategoryTheme, Incident, SafetyWalk, SourceImport, SurveyItem, WalkObservation
from lofte.situation.services import survey_items_ensure_defaults
from lofte.situation.tasks import run_source_import
from tests.situation.conftest import cp1252_csv


def _csv(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_sources_page_lists_counts_per_year_and_unmapped_categories(login, sjostad_analyst, partnership, centrum):
    client = login(sjostad_analyst)
    data = cp1252_csv(
        [
            "Tidpunkt;Kategori;Område;Antal",
            "2020-01-01 10:00;Snatteri;Centrum;2",
            "2021-01-01 10:00;Misshandel;Centrum;1",
        ]
    )
    url = reverse("situation:source_upload", args=[partnership.slug, "incidents"])
    response = client.post(url, {"file": _csv("rar.csv", data)})
    assert response.status_code == 302
    assert Incident.objects.count() == 2
    page = client.get(reverse("situation:sources", args=[partnership.slug]))
    content = page.content.decode()
    assert "rar.csv" in content and "Snatteri" in content and "2021" in content


def test_an_upload_with_bad_rows_shows_every_row_and_stores_nothing(login, sjostad_analyst, partnership, centrum):
    client = login(sjostad_analyst)
    data = "Tidpunkt;Kategori;Område\nx;Misshandel;Centrum\n2020-01-01 10:00;Rån;Söder\n".encode()
    response = client.post(
        reverse("situation:source_upload", args=[partnership.slug, "incidents"]), {"file": _csv("rar.csv", data)}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Rad 2 i filen" in content and "Rad 3 i filen" in content
    assert not Incident.objects.exists()


def test_a_reader_may_see_sources_but_not_upload(login, reader, partnership, centrum):
    client = login(reader)
    assert client.get(reverse("situation:sources", args=[partnership.slug])).status_code == 200
    response = client.post(
        reverse("situation:source_upload", args=[partnership.slug, "incidents"]),
        {"file": _csv("rar.csv", b"Tidpunkt;Kategori;Omrade\n2020-01-01 10:00;Misshandel;Centrum\n")},
    )
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_mapping_a_category_from_the_sources_page(login, sjostad_analyst, partnership, centrum):
    client = login(sjostad_analyst)
    client.post(
        reverse("situation:source_upload", args=[partnership.slug, "incidents"]),
        {"file": _csv("rar.csv", b"Tidpunkt;Kategori;Omrade\n2020-01-01 10:00;Snatteri;Centrum\n")},
    )
    response = client.post(
        reverse("situation:category_map", args=[partnership.slug]),
        {"source": "incidents", "category": "Snatteri", "theme": "inbrott_stold"},
    )
    assert response.status_code == 302
    assert Incident.objects.get().theme == "inbrott_stold"
    assert CategoryTheme.objects.get(partnership=partnership).theme == "inbrott_stold"
    assert AuditEntry.objects.filter(action="situation.category_theme_update", actor=sjostad_analyst).exists()


def test_editing_an_items_scale_and_weights(login, sjostad_analyst, partnership):
    item = survey_items_ensure_defaults(partnership=partnership, by=None)[0]
    client = login(sjostad_analyst)
    url = reverse("situation:survey_item_edit", args=[partnership.slug, item.pk])
    assert client.get(url).status_code == 200
    post = {"label": "Skräp", "theme": "nedskrapning", "rows": "6"}
    for i, (code, label, weight) in enumerate(
        [
            ("mycket", "Mycket stort problem", "6"),
            ("lite", "Lite problem", "1,5"),
            ("inget", "Inget problem", "0"),
            ("vet_inte", "Vet inte", ""),
            ("", "", ""),
            ("", "", ""),
        ]
    ):
        post |= {f"code-{i}": code, f"label-{i}": label, f"weight-{i}": weight}
    assert client.post(url, post).status_code == 302
    item.refresh_from_db()
    assert item.label == "Skräp"
    assert item.scale == [
        {"code": "mycket", "label": "Mycket stort problem", "weight": 6},
        {"code": "lite", "label": "Lite problem", "weight": 1.5},
        {"code": "inget", "label": "Inget problem", "weight": 0},
        {"code": "vet_inte", "label": "Vet inte", "weight": None},
    ]
    post["weight-1"] = "12"
    assert client.post(url, post).status_code == 400
    assert SurveyItem.objects.get(pk=item.pk).scale[1]["weight"] == 1.5


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[2] = (58.0, 30.0, 0.0)
    gps[1] = "N"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def walk(partnership, centrum, sjostad_analyst) -> SafetyWalk:
    return SafetyWalk.objects.create(
        partnership=partnership, walked_on="2020-10-01", area=centrum, title="Centrum i mörker", participant_count=9
    )


def test_creating_a_walk_goes_to_recording(login, sjostad_analyst, partnership, centrum):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("situation:walks", args=[partnership.slug]),
        {
            "walked_on": "2020-10-01",
            "title": "Kvällsvandring",
            "area": centrum.pk,
            "participant_count": 7,
            "participants": "boende 5, polis 2",
        },
    )
    walk = SafetyWalk.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/vandringar/{walk.pk}/registrera/")
    assert (walk.area, walk.participant_count, walk.created_by) == (centrum, 7, sjostad_analyst)


def test_an_observation_with_typed_coordinates_and_a_photo_stored_once_without_metadata(
    login, sjostad_analyst, partnership, walk
):
    client = login(sjostad_analyst)
    url = reverse("situation:walk_record", args=[partnership.slug, walk.pk])
    assert client.get(url).status_code == 200
    key = str(uuid.uuid4())
    for _attempt in range(2):  # the phone retries the same send
        response = client.post(
            url,
            {
                "theme": "belysning",
                "note": "Trasig lampa i gångtunneln",
                "lat": "58,45",
                "lng": "13,15",
                "key": key,
                "photo": SimpleUploadedFile("IMG_1.jpg", _photo_with_gps(), content_type="image/jpeg"),
            },
        )
        assert response.status_code == 302
    observation = WalkObservation.objects.get()
    assert (observation.theme, observation.lat, observation.lng) == ("belysning", 58.45, 13.15)
    photo = client.get(reverse("situation:walk_photo", args=[partnership.slug, walk.pk, observation.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(photo.streaming_content))) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_an_observation_with_a_file_that_is_no_image_is_refused(login, sjostad_analyst, partnership, walk):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("situation:walk_record", args=[partnership.slug, walk.pk]),
        {
            "theme": "belysning",
            "note": "Mörkt",
            "key": str(uuid.uuid4()),
            "photo": SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 400
    assert not WalkObservation.objects.exists()


def test_a_decompression_bomb_is_refused(login, sjostad_analyst, partnership, walk):
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")
    client = login(sjostad_analyst)
    response = client.post(
        reverse("situation:walk_record", args=[partnership.slug, walk.pk]),
        {
            "theme": "belysning",
            "note": "Mörkt",
            "key": str(uuid.uuid4()),
            "photo": SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png"),
        },
    )
    assert response.status_code == 400 and len(out.getvalue()) < 1_000_000
    assert not WalkObservation.objects.exists()


def test_walk_detail_shows_observations_as_a_table(login, reader, partnership, walk):
    WalkObservation.objects.create(walk=walk, theme="belysning", note="Mörk gångväg", lat=58.45, lng=13.15)
    response = login(reader).get(reverse("situation:walk_detail", args=[partnership.slug, walk.pk]))
    assert response.status_code == 200
    assert "Mörk gångväg" in response.content.decode()
    assert login(reader).get(reverse("situation:walk_record", args=[partnership.slug, walk.pk])).status_code == 403


def test_walk_notes_and_participants_are_stored_without_names(
    login, sjostad_analyst, partnership, centrum, resecentrum
):
    client = login(sjostad_analyst)
    client.post(
        reverse("situation:walks", args=[partnership.slug]),
        {
            "walked_on": "2020-10-01",
            "title": "Kväll",
            "participant_count": 3,
            "participants": "boende 2, Anna Svensson",
        },
    )
    walk = SafetyWalk.objects.get()
    assert "Anna" not in walk.participants and "boende 2" in walk.participants
    client.post(
        reverse("situation:walk_record", args=[partnership.slug, walk.pk]),
        {"theme": "narkotika", "note": "Kalle Andersson säljer vid Resecentrum", "key": str(uuid.uuid4())},
    )
    note = WalkObservation.objects.get().note
    assert "Kalle" not in note and "Resecentrum" in note


def test_a_large_upload_is_queued_and_the_task_imports_it_all(
    login, sjostad_analyst, partnership, centrum, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr("lofte.situation.views.sources.SOURCE_BACKGROUND_BYTES", 50)
    client = login(sjostad_analyst)
    lines = ["Tidpunkt;Kategori;Område;Antal"] + [
        f"2020-01-{day:02d} 22:00;Misshandel;Centrum;1" for day in range(1, 11)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("situation:source_upload", args=[partnership.slug, "incidents"]),
            {"file": _csv("stor.csv", cp1252_csv(lines))},
        )
    record = SourceImport.objects.get()
    assert response["Location"] == reverse("situation:source_import", args=[partnership.slug, record.pk])
    assert (record.status, record.rows_new, record.errors) == (SourceImport.Status.DONE, 10, [])
    assert Incident.objects.filter(source_import=record).count() == 10
    assert not record.file  # the worker deletes the kept file
    content = client.get(response["Location"]).content.decode()
    assert "10 nya rader" in content and "hx-trigger" not in content


def test_a_queued_upload_with_bad_rows_polls_then_shows_every_row_error_and_stores_nothing(
    login, sjostad_analyst, partnership, centrum, monkeypatch
):
    monkeypatch.setattr("lofte.situation.views.sources.SOURCE_BACKGROUND_BYTES", 50)
    client = login(sjostad_analyst)
    data = "Tidpunkt;Kategori;Område\n2020-01-01 10:00;Misshandel;Centrum\nx;Misshandel;Centrum\n2020-01-01 10:00;Rån;Söder\n"
    response = client.post(
        reverse("situation:source_upload", args=[partnership.slug, "incidents"]),
        {"file": _csv("stor.csv", data.encode())},
    )
    record = SourceImport.objects.get()
    assert record.status == SourceImport.Status.QUEUED and record.file
    assert 'hx-trigger="every 2s"' in client.get(response["Location"]).content.decode()
    assert run_source_import.call(import_id=record.pk) == 0
    record.refresh_from_db()
    assert record.status == SourceImport.Status.FAILED and not record.file
    assert not Incident.objects.exists()
    content = client.get(response["Location"]).content.decode()
    assert "Rad 3 i filen" in content and "Rad 4 i filen" in content and "hx-trigger" not in content
    # A failed or queued upload is not listed among the source's imports.
    assert "stor.csv" not in client.get(reverse("situation:sources", args=[partnership.slug])).content.decode()


def test_a_small_upload_is_still_imported_in_the_request(login, sjostad_analyst, partnership, centrum):
    data = "Tidpunkt;Kategori;Område\n2020-01-01 10:00;Misshandel;Centrum\n".encode()
    response = login(sjostad_analyst).post(
        reverse("situation:source_upload", args=[partnership.slug, "incidents"]), {"file": _csv("liten.csv", data)}
    )
    assert response["Location"] == reverse("situation:sources", args=[partnership.slug])
    assert SourceImport.objects.get().status == SourceImport.Status.DONE and Incident.objects.count() == 1
