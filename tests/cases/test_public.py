"""The residents' forms under /p/: stored state, never a second case, nothing lost on an error."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from lofte.cases.models import Case, CaseEvent, CaseKind
from tests.conftest import links_without_language

pytestmark = pytest.mark.django_db


def _fault_data(category, **extra) -> dict:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "category": str(category.pk),
        "lat": "58.5035",
        "lng": "13.1577",
        "message": "Lampan vid busshållplatsen är släckt.",
        **extra,
    }


def _send_feedback(client, organisation, **fields):
    return client.post(
        reverse("cases_public:feedback", args=[organisation.slug]), {"idempotency_key": str(uuid.uuid4()), **fields}
    )


def test_a_dark_street_light_is_reported_and_followed_by_its_link(client, sjostad, street_lights):
    response = client.post(reverse("cases_public:fault", args=[sjostad.slug]), _fault_data(street_lights))
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.category, case.status) == (CaseKind.FAULT, street_lights, Case.Status.RECEIVED)
    receipt = client.get(response["Location"])
    assert case.reference in receipt.text
    link = re.search(r'href="(/p/arende/[^"]+/)"', receipt.text).group(1)
    tracking = client.get(link)
    assert tracking.status_code == 200
    assert case.reference in tracking.text and "Mottagen" in tracking.text


def test_pressing_send_twice_on_the_form_stores_one_case(client, sjostad, street_lights):
    data = _fault_data(street_lights)
    first = client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    second = client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    # Both presses land on the same case's receipt; only the first carries the private tracking link.
    assert first["Location"].split("?")[0] == second["Location"]
    assert Case.objects.count() == 1
    assert Case.objects.get().reference in client.get(second["Location"]).text


def test_an_error_keeps_every_typed_text(client, sjostad, street_lights):
    data = _fault_data(street_lights, lat="", lng="", name="Ada Lund", email="inte-en-adress")
    response = client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    assert response.status_code == 400
    assert not Case.objects.exists()
    for text in ("Lampan vid busshållplatsen är släckt.", "Ada Lund", "inte-en-adress", data["idempotency_key"]):
        assert text in response.text


def test_a_place_from_the_organisations_list_needs_no_map(client, sjostad, street_lights, resecentrum):
    data = _fault_data(street_lights, lat="", lng="", place=str(resecentrum.pk))
    client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    case = Case.objects.get()
    assert case.place == resecentrum
    assert case.latitude == resecentrum.latitude


def test_a_typed_address_is_enough(client, sjostad, street_lights):
    data = _fault_data(street_lights, lat="", lng="", address="Storgatan 12")
    assert client.post(reverse("cases_public:fault", args=[sjostad.slug]), data).status_code == 302
    assert Case.objects.get().address == "Storgatan 12"


def test_open_reports_nearby_are_shown_and_the_resident_can_follow_one(client, sjostad, street_lights, dark_light):
    data = _fault_data(street_lights, lat="58.50355", lng="13.1577")
    response = client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    assert response.status_code == 200
    assert dark_light.reference in response.text
    assert Case.objects.count() == 1
    followed = client.post(reverse("cases_public:fault", args=[sjostad.slug]), {**data, "follow": dark_light.reference})
    assert followed.status_code == 302
    mine = Case.objects.exclude(pk=dark_light.pk).get()
    assert mine.merged_into == dark_light
    assert mine.events.filter(kind=CaseEvent.Kind.MERGED, public=True).exists()


def test_a_photo_is_stored_reencoded_without_its_metadata(client, sjostad, street_lights):
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Telefonmärke"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "lampa.jpg"
    client.post(reverse("cases_public:fault", args=[sjostad.slug]), {**_fault_data(street_lights), "photo": buffer})
    case = Case.objects.get()
    with case.photo.open("rb") as stored:
        data = stored.read()
    assert b"Telefonm" not in data
    assert Image.open(io.BytesIO(data)).getexif() == {}


def test_tyck_till_stores_type_service_and_consented_contact(client, sjostad):
    response = _send_feedback(
        client,
        sjostad,
        feedback_type="forslag",
        service="Biblioteket",
        message="Öppna på söndagar.",
        email="ada@example.org",
        consent="on",
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.feedback_type, case.service) == (CaseKind.FEEDBACK, "forslag", "Biblioteket")
    assert case.reporter_email == "ada@example.org" and case.consent_at is not None


def test_contact_details_without_consent_are_refused_and_kept(client, sjostad):
    response = _send_feedback(client, sjostad, feedback_type="fraga", message="Hej", email="a@example.org")
    assert response.status_code == 400
    assert "a@example.org" in response.text
    assert not Case.objects.exists()


def test_the_honeypot_stores_nothing(client, sjostad):
    response = _send_feedback(client, sjostad, feedback_type="fraga", message="spam", website="x")
    assert response.status_code == 302
    assert not Case.objects.exists()


def test_the_rate_limit_answers_429_and_keeps_the_text(client, sjostad, settings):
    settings.LOFTE_PUBLIC_FORM_RATE_LIMIT = 1
    assert _send_feedback(client, sjostad, feedback_type="fraga", message="Första").status_code == 302
    limited = _send_feedback(client, sjostad, feedback_type="fraga", message="Andra")
    assert limited.status_code == 429
    assert "Andra" in limited.text
    assert Case.objects.count() == 1


def test_a_wrong_tracking_token_is_404(client, sjostad, street_lights, dark_light):
    assert client.get(reverse("cases_public:track", args=["x" * 43])).status_code == 404


def test_the_tracking_page_shows_replies_but_never_internal_notes(client, sjostad, street_lights, case_handler):
    from lofte.cases.services import case_note, case_reply, case_submit

    submitted = case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=street_lights,
        message="Mörkt",
        idempotency_key=uuid.uuid4(),
        address="Storgatan",
    )
    case_note(case=submitted.case, by=case_handler, text="Hemlig anteckning")
    case_reply(case=submitted.case, by=case_handler, text="Vi lagar lampan i morgon.")
    page = client.get(reverse("cases_public:track", args=[submitted.token])).text
    assert "Vi lagar lampan i morgon." in page
    assert "Hemlig anteckning" not in page


def test_police_areas_take_no_resident_cases(client, lpo_sjostad):
    assert client.get(reverse("cases_public:feedback", args=[lpo_sjostad.slug])).status_code == 404


def test_forms_render_in_english(client, sjostad, street_lights):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("cases_public:fault", args=[sjostad.slug]))
    assert page.status_code == 200
    assert "Street lighting" in page.text
    # The help text follows the reader's language too, whichever language the form's module was imported in.
    assert "JPEG, PNG or WebP, at most 15 MB" in page.text and "högst" not in page.text
    del client.cookies["django_language"]
    assert "JPEG, PNG eller WebP, högst 15 MB" in client.get(reverse("cases_public:fault", args=[sjostad.slug])).text


def test_a_resident_who_chose_english_stays_in_english_from_the_form_to_the_tracking_page(
    client, sjostad, street_lights
):
    feedback = client.get(reverse("cases_public:feedback", args=[sjostad.slug]) + "?lang=en")
    assert links_without_language(feedback.text) == []
    assert f'href="{reverse("cases_public:fault", args=[sjostad.slug])}?lang=en"' in feedback.text
    sent = client.post(reverse("cases_public:fault", args=[sjostad.slug]) + "?lang=en", _fault_data(street_lights))
    receipt = client.get(sent["Location"])
    assert links_without_language(receipt.text) == []
    tracking = re.search(r'href="(/p/arende/[^"]+)"', receipt.text).group(1)
    page = client.get(tracking)
    assert '<html lang="en">' in page.text and "Received" in page.text
    assert "django_language" not in client.cookies  # the address carried it, no cookie


def test_the_receipt_sets_no_cookie_and_shows_the_tracking_link_only_to_the_sender(client, sjostad, street_lights):
    sent = client.post(reverse("cases_public:fault", args=[sjostad.slug]), _fault_data(street_lights))
    assert "sessionid" not in sent.cookies  # nothing written after the case's commit
    receipt = client.get(sent["Location"])
    assert "/p/arende/" in receipt.text
    # Someone who only knows the receipt's address (no signed part, or a forged one) sees the reference only.
    bare = client.get(sent["Location"].split("?")[0])
    forged = client.get(sent["Location"].split("?")[0] + "?k=WyIyMDI2LTAwMDAwMSIsIngiXQ:1x:bad")
    for page in (bare, forged):
        assert Case.objects.get().reference in page.text and "/p/arende/" not in page.text


def test_a_phone_number_staff_cannot_call_is_refused_and_the_message_kept(client, sjostad):
    response = _send_feedback(
        client, sjostad, feedback_type="fraga", message="Ring mig om parken.", phone="abc 🙂", consent="on"
    )
    assert response.status_code == 400
    assert "Skriv ett telefonnummer med siffror" in response.text and "Ring mig om parken." in response.text
    assert not Case.objects.exists()
