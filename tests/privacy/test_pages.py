"""The administrator's gallring page and the residents' privacy page."""

from __future__ import annotations

from django.urls import reverse

from lofte.core.models import AuditEntry, ContactCentre, RetentionSchedule
from lofte.core.retention import retention_schedule_update


def test_the_admin_sets_a_deletion_period_and_the_privacy_page_states_it(client, login, sjostad, sjostad_admin):
    staff = login(sjostad_admin)
    url = reverse("core:retention_edit", args=[sjostad.slug])
    page = staff.get(url).content.decode()
    assert 'name="case_delete_days"' in page and 'value="730"' in page
    response = staff.post(
        url,
        {
            "contact_request_days": "60",
            "import_file_days": "7",
            "case_anonymise_days": "365",
            "case_delete_days": "1095",
        },
    )
    assert response.status_code == 302
    schedule = RetentionSchedule.objects.get(organisation=sjostad)
    assert (schedule.contact_request_days, schedule.case_delete_days, schedule.case_photo_days) == (60, 1095, None)
    assert AuditEntry.objects.filter(action="retention.update", actor=sjostad_admin).exists()

    staff.logout()
    public = client.get(reverse("core_public:privacy", args=[sjostad.slug]))
    text = public.content.decode()
    assert "raderas efter 60 dagar" in text
    assert "Hela ärendet raderas 1095 dagar efter att det avslutades" in text
    assert "tas bort 365 dagar efter" in text
    assert "Foton raderas" not in text  # no photo period: none is promised


def test_a_deletion_period_shorter_than_the_contact_details_is_refused_with_the_typed_values_kept(
    login, sjostad, sjostad_admin
):
    staff = login(sjostad_admin)
    response = staff.post(
        reverse("core:retention_edit", args=[sjostad.slug]),
        {"contact_request_days": "90", "import_file_days": "7", "case_anonymise_days": "730", "case_delete_days": "30"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hela ärenden kan inte gallras före kontaktuppgifterna." in text and 'value="30"' in text
    assert not RetentionSchedule.objects.exists()


def test_junk_in_a_period_is_a_400_with_a_message(login, sjostad, sjostad_admin):
    staff = login(sjostad_admin)
    url = reverse("core:retention_edit", args=[sjostad.slug])
    for junk in ("-5", "0", "abc", "9" * 30):
        response = staff.post(url, {"contact_request_days": junk, "import_file_days": "7"})
        assert response.status_code == 400, junk
    assert not RetentionSchedule.objects.exists()


def test_the_privacy_page_sets_no_cookie_and_needs_no_script(client, sjostad):
    ContactCentre.objects.create(organisation=sjostad, phone="0999-10 00 00", email="kontakt@sjostad.example")
    response = client.get(reverse("core_public:privacy", args=[sjostad.slug]))
    assert response.status_code == 200
    assert not response.cookies
    text = response.content.decode()
    assert "<script" not in text and "csrf" not in text.lower()
    assert "kontakt@sjostad.example" in text
    # Defaults: what the forms tell residents.
    assert "raderas efter 90 dagar" in text and "tas bort 730 dagar efter" in text
    assert "allmän handling" in text


def test_the_privacy_page_in_english_by_link(client, sjostad):
    response = client.get(reverse("core_public:privacy", args=[sjostad.slug]), {"lang": "en"})
    assert response.status_code == 200 and not response.cookies
    assert '<html lang="en">' in response.content.decode()


def test_a_police_area_has_no_privacy_page_of_its_own(client, lpo_sjostad):
    assert client.get(reverse("core_public:privacy", args=[lpo_sjostad.slug])).status_code == 404


def test_the_consent_text_of_the_case_form_reads_the_schedule(client, sjostad, sjostad_admin):
    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"case_anonymise_days": 400})
    text = client.get(reverse("cases_public:feedback", args=[sjostad.slug])).content.decode()
    assert "raderas 400 dagar efter att ärendet avslutats" in text
    assert reverse("core_public:privacy", args=[sjostad.slug]) in text
