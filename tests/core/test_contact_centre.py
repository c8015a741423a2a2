from __future__ import annotations

from django.urls import reverse

from lofte.core.models import AuditEntry, ContactCentre, OnCallNumber

PROFILE = {
    "phone": "0999-10 00 00",
    "fax": "",
    "email": "kommun@sjostad.example",
    "visiting_address": "Rådhusgatan 1\nSjöstad",
    "postal_address": "999 88 Sjöstad",
    "opening_hours": "Vardagar 8–16.30",
}


def _rows(*rows: tuple[str, str, str, str, bool], initial: int = 0) -> dict[str, str]:
    data = {"oncall-TOTAL_FORMS": str(len(rows)), "oncall-INITIAL_FORMS": str(initial)}
    for i, (service, phone, note, order, delete) in enumerate(rows):
        data |= {
            f"oncall-{i}-service": service,
            f"oncall-{i}-phone": phone,
            f"oncall-{i}-note": note,
            f"oncall-{i}-ORDER": order,
        }
        if delete:
            data[f"oncall-{i}-DELETE"] = "on"
    return data


def _numbers(organisation) -> list[tuple[str, str]]:
    return [(n.service, n.phone) for n in OnCallNumber.objects.filter(contact_centre__organisation=organisation)]


def test_admin_saves_profile_and_journummer_in_the_chosen_order(login, sjostad_admin, sjostad):
    data = PROFILE | _rows(
        ("Socialjouren", "0999-10 01 30", "Kvällar", "2", False),
        ("Vatten och avlopp", "0999-10 01 10", "", "1", False),
        ("", "", "", "", False),
    )
    response = login(sjostad_admin).post(reverse("core:contact_centre_edit", args=[sjostad.slug]), data)
    assert response.status_code == 302
    centre = ContactCentre.objects.get(organisation=sjostad)
    assert (centre.phone, centre.visiting_address) == ("0999-10 00 00", "Rådhusgatan 1\nSjöstad")
    assert _numbers(sjostad) == [("Vatten och avlopp", "0999-10 01 10"), ("Socialjouren", "0999-10 01 30")]
    entry = AuditEntry.objects.get(action="contact_centre.update")
    assert entry.changes["on_call"][1] == ["Vatten och avlopp: 0999-10 01 10", "Socialjouren: 0999-10 01 30 (Kvällar)"]


def test_reorder_edit_and_remove_journummer(login, sjostad_admin, sjostad):
    centre = ContactCentre.objects.create(organisation=sjostad, phone="1")
    for position, service in enumerate(["A", "B", "C"]):
        OnCallNumber.objects.create(contact_centre=centre, service=service, phone=f"0{position}", position=position)
    data = PROFILE | _rows(
        ("A", "00", "", "3", False), ("B", "01", "", "2", True), ("C", "09", "", "1", False), initial=3
    )
    response = login(sjostad_admin).post(reverse("core:contact_centre_edit", args=[sjostad.slug]), data)
    assert response.status_code == 302
    assert _numbers(sjostad) == [("C", "09"), ("A", "00")]


def test_a_number_without_phone_is_refused_and_nothing_changes(login, sjostad_admin, sjostad):
    centre = ContactCentre.objects.create(organisation=sjostad, phone="0999-1")
    OnCallNumber.objects.create(contact_centre=centre, service="Socialjouren", phone="0999-2")
    data = PROFILE | _rows(("Socialjouren", "", "", "1", False))
    response = login(sjostad_admin).post(reverse("core:contact_centre_edit", args=[sjostad.slug]), data)
    assert response.status_code == 400
    assert "Ange ett telefonnummer för Socialjouren" in response.content.decode()
    centre.refresh_from_db()
    assert centre.phone == "0999-1" and _numbers(sjostad) == [("Socialjouren", "0999-2")]


def test_add_row_without_javascript_keeps_what_was_typed(login, sjostad_admin, sjostad):
    data = PROFILE | _rows(("Socialjouren", "0999-10 01 30", "", "1", False)) | {"add_row": "1"}
    response = login(sjostad_admin).post(reverse("core:contact_centre_edit", args=[sjostad.slug]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="oncall-TOTAL_FORMS" value="2"' in body and "oncall-1-service" in body
    assert 'value="Socialjouren"' in body and 'value="0999-10 00 00"' in body
    assert not ContactCentre.objects.exists()


def test_add_row_with_htmx_returns_the_journummer_fragment(login, sjostad_admin, sjostad):
    data = PROFILE | _rows(("Socialjouren", "0999-10 01 30", "", "1", False)) | {"add_row": "1"}
    response = login(sjostad_admin).post(
        reverse("core:contact_centre_edit", args=[sjostad.slug]), data, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and "oncall-1-phone" in body


def test_police_area_has_no_contact_centre(login, platform_admin, lpo_sjostad):
    assert login(platform_admin).get(reverse("core:contact_centre_edit", args=[lpo_sjostad.slug])).status_code == 404


def test_analyst_cannot_edit_the_contact_centre(login, sjostad_analyst, sjostad):
    response = login(sjostad_analyst).post(reverse("core:contact_centre_edit", args=[sjostad.slug]), PROFILE | _rows())
    assert response.status_code == 403
    assert not ContactCentre.objects.exists()


def test_textareas_are_stored_with_plain_newlines_and_an_unchanged_resave_logs_nothing(login, sjostad_admin, sjostad):
    client = login(sjostad_admin)
    url = reverse("core:contact_centre_edit", args=[sjostad.slug])
    # Browsers send textareas with CRLF (and old Macs with CR).
    typed = PROFILE | {"visiting_address": "Rådhusgatan 1\r\nSjöstad", "opening_hours": "Mån–fre 8–16\rLör 10–14"}
    assert client.post(url, typed | _rows(("Socialjouren", "0999-10 01 30", "", "1", False))).status_code == 302
    centre = ContactCentre.objects.get(organisation=sjostad)
    assert centre.visiting_address == "Rådhusgatan 1\nSjöstad"
    assert centre.opening_hours == "Mån–fre 8–16\nLör 10–14"
    entries = AuditEntry.objects.filter(action="contact_centre.update").count()
    # Saving the same form again (as the browser re-sends it, CRLF) changes nothing and logs nothing.
    assert client.post(url, typed | _rows(("Socialjouren", "0999-10 01 30", "", "1", False))).status_code == 302
    assert AuditEntry.objects.filter(action="contact_centre.update").count() == entries
