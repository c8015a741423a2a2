"""A resident asks what the municipality stores about them, and asks for it to be erased."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse

from lofte.cases.models import Case, CaseKind
from lofte.cases.services import Reporter, case_note, case_reply, case_set_status, case_submit
from lofte.core.models import AuditEntry
from lofte.dialogues.models import ContactRequest
from lofte.dialogues.services import contact_request_create
from tests.dialogues.campaign_fixtures import record

EMAIL = "Anna.Berg@example.org"


@pytest.fixture
def annas_data(sjostad, street_lights, campaign, dialogue_staff, case_handler):
    """Anna reported a dark street light, asked a question in Tyck till, and asked to be called after a dialogue.
    Bertil reported the same street light."""
    fault = case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=street_lights,
        message="Lampan vid Storgatan 4 är släckt.",
        idempotency_key=uuid.uuid4(),
        reporter=Reporter(name="Anna Berg", email=EMAIL, phone="070-123 45 67", consent=True),
    ).case
    case_note(case=fault, by=case_handler, text="Intern: kolla med elbolaget.")
    case_reply(case=fault, by=case_handler, text="Tack, vi byter lampan i veckan.")
    case_set_status(case=fault, by=case_handler, status=Case.Status.CLOSED, message="Lampan är bytt.")
    question = case_submit(
        organisation=sjostad,
        kind=CaseKind.FEEDBACK,
        feedback_type="fraga",
        message="När töms papperskorgarna i parken?",
        idempotency_key=uuid.uuid4(),
        reporter=Reporter(name="Anna Berg", email=EMAIL.lower(), consent=True),
    ).case
    bertil = case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=street_lights,
        message="Mörkt på Storgatan.",
        idempotency_key=uuid.uuid4(),
        reporter=Reporter(name="Bertil", email="bertil@example.org", consent=True),
    ).case
    request = contact_request_create(
        campaign=campaign,
        dialogue=record(campaign, dialogue_staff),
        by=dialogue_staff,
        name="Anna Berg",
        email=EMAIL,
        message="Vill prata om belysningen",
    )
    return {"fault": fault, "question": question, "bertil": bertil, "request": request}


def _post(client, sjostad, **data):
    return client.post(reverse("core:data_request", args=[sjostad.slug]), data)


def test_the_admin_exports_everything_stored_with_annas_address_as_json(login, sjostad, sjostad_admin, annas_data):
    client = login(sjostad_admin)
    response = _post(client, sjostad, email="anna.berg@EXAMPLE.org", action="export")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    assert [c["reference"] for c in bundle["cases"]] == [
        annas_data["fault"].reference,
        annas_data["question"].reference,
    ]
    fault = bundle["cases"][0]
    assert fault["name"] == "Anna Berg" and fault["phone"] == "070-123 45 67"
    texts = [event["text"] for event in fault["events"]]
    assert "Tack, vi byter lampan i veckan." in texts and "Lampan är bytt." in texts
    assert "Intern: kolla med elbolaget." not in json.dumps(bundle)  # internal notes are not shown to her
    assert "Bertil" not in json.dumps(bundle)
    assert bundle["contact_requests"][0]["message"] == "Vill prata om belysningen"
    assert {mail["case"] for mail in bundle["emails_sent"]} == {
        annas_data["fault"].reference,
        annas_data["question"].reference,
    }
    entry = AuditEntry.objects.get(action="privacy.export")
    assert entry.actor == sjostad_admin and entry.changes == {"cases": 2, "contact_requests": 1}
    assert "anna" not in json.dumps(entry.changes).lower() and "anna" not in entry.target_repr.lower()


def test_the_admin_reads_the_same_data_on_the_page_and_as_a_readable_download(
    login, sjostad, sjostad_admin, annas_data
):
    client = login(sjostad_admin)
    page = _post(client, sjostad, email=EMAIL, action="lookup").content.decode()
    assert "Lampan vid Storgatan 4 är släckt." in page and "Vill prata om belysningen" in page
    download = _post(client, sjostad, email=EMAIL, action="export_html")
    assert "attachment" in download["Content-Disposition"]
    html = download.content.decode()
    assert "Tack, vi byter lampan i veckan." in html and "<script" not in html
    assert AuditEntry.objects.filter(action="privacy.lookup").count() == 1
    assert AuditEntry.objects.filter(action="privacy.export").count() == 1


def test_erasure_removes_annas_contact_details_and_keeps_the_public_record(login, sjostad, sjostad_admin, annas_data):
    client = login(sjostad_admin)
    response = _post(client, sjostad, email=EMAIL, action="erase", confirm="on")
    assert response.status_code == 302
    fault = Case.objects.get(pk=annas_data["fault"].pk)
    assert (fault.reporter_name, fault.reporter_email, fault.reporter_phone, fault.consent_at) == ("", "", "", None)
    assert fault.message == "Lampan vid Storgatan 4 är släckt."  # allmän handling: kept
    assert fault.events.filter(text="Lampan är bytt.").exists()
    assert not Case.objects.filter(reporter_email__iexact=EMAIL).exists()
    assert not ContactRequest.objects.filter(pk=annas_data["request"].pk).exists()
    assert Case.objects.get(pk=annas_data["bertil"].pk).reporter_email == "bertil@example.org"
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.changes == {"cases": 2, "contact_requests": 1} and entry.actor == sjostad_admin
    assert AuditEntry.objects.filter(action="privacy.case_erase").count() == 2
    # Afterwards nothing is found with her address.
    bundle = json.loads(_post(client, sjostad, email=EMAIL, action="export").content)
    assert bundle["cases"] == [] and bundle["contact_requests"] == []


def test_erasure_without_the_identity_check_changes_nothing(login, sjostad, sjostad_admin, annas_data):
    client = login(sjostad_admin)
    response = _post(client, sjostad, email=EMAIL, action="erase")
    assert response.status_code == 400
    assert "Kryssa i att du har kontrollerat invånarens identitet." in response.content.decode()
    assert Case.objects.filter(reporter_email__iexact=EMAIL).count() == 2
    assert not AuditEntry.objects.filter(action__in=["privacy.erase", "privacy.case_erase"]).exists()


def test_a_case_handler_may_not_look_a_resident_up(login, sjostad, case_handler, annas_data):
    client = login(case_handler)
    assert _post(client, sjostad, email=EMAIL, action="export").status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_another_municipalitys_admin_does_not_find_annas_cases(login, grannby, outsider, sjostad, annas_data):
    client = login(outsider)
    assert _post(client, sjostad, email=EMAIL, action="export").status_code == 404
    bundle = json.loads(_post(client, grannby, email=EMAIL, action="export").content)
    assert bundle["cases"] == [] and bundle["contact_requests"] == []


def test_junk_instead_of_an_address_is_a_400(login, sjostad, sjostad_admin):
    client = login(sjostad_admin)
    for data in ({"email": "inte en adress", "action": "lookup"}, {"email": EMAIL, "action": "drop"}, {}):
        assert _post(client, sjostad, **data).status_code == 400
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()
