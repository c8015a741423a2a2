"""The case handler's pages: organisation-scoped, every action stored with its event and audit entry."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lofte.cases.models import Case, CaseEvent, ReplyTemplate
from lofte.core.models import AuditEntry
from lofte.core.roles import Role
from tests.cases.conftest import submit_fault
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _url(name: str, case: Case) -> str:
    return reverse(f"cases:{name}", args=[case.organisation.slug, case.reference])


def test_a_police_member_gets_404_for_a_kommuns_case_and_leaves_no_trace(login, police_case_handler, dark_light):
    client = login(police_case_handler)
    assert client.get(_url("case_detail", dark_light)).status_code == 404
    response = client.post(_url("case_status", dark_light), {"status": "avslutad", "message": "x"})
    assert response.status_code == 404
    dark_light.refresh_from_db()
    assert dark_light.status == Case.Status.RECEIVED
    assert not AuditEntry.objects.filter(actor=police_case_handler).exists()


def test_a_reader_of_the_kommun_may_not_open_cases(login, reader, dark_light):
    assert login(reader).get(_url("case_detail", dark_light)).status_code == 403


def test_a_handler_assigns_replies_and_closes(login, case_handler, dark_light):
    client = login(case_handler)
    assert client.post(_url("case_assign", dark_light), {"handler": case_handler.pk}).status_code == 302
    assert client.post(_url("case_reply", dark_light), {"text": "Vi byter lampan."}).status_code == 302
    refused = client.post(_url("case_status", dark_light), {"status": "avslutad"})
    assert refused.status_code == 400
    closed = client.post(_url("case_status", dark_light), {"status": "avslutad", "message": "Lampan är bytt."})
    assert closed.status_code == 302
    dark_light.refresh_from_db()
    assert dark_light.assigned_to == case_handler
    assert dark_light.status == Case.Status.CLOSED and dark_light.closed_at
    kinds = list(dark_light.events.values_list("kind", flat=True))
    assert kinds.count(CaseEvent.Kind.REPLY) == 2 and CaseEvent.Kind.ASSIGNED in kinds
    assert AuditEntry.objects.filter(target_id=str(dark_light.pk), actor=case_handler).count() == 4


def test_each_box_on_the_case_page_has_its_own_label_so_a_note_is_never_typed_into_the_reply(
    login, case_handler, dark_light
):
    page = login(case_handler).get(_url("case_detail", dark_light)).text
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for label in re.findall(r'<label for="([^"]+)"', page):
        assert f'id="{label}"' in page, label
    assert re.search(r'<label for="note-text">[^<]*Intern anteckning', page)


def test_a_reply_from_a_template(login, case_handler, dark_light, sjostad):
    template = ReplyTemplate.objects.create(organisation=sjostad, name="Tack", text="Tack för din anmälan!")
    login(case_handler).post(_url("case_reply", dark_light), {"template": template.pk, "text": ""})
    assert dark_light.events.filter(kind=CaseEvent.Kind.REPLY, text="Tack för din anmälan!").exists()


def test_the_inbox_filters_and_marks_overdue_cases(login, case_handler, sjostad, street_lights, dark_light):
    late = submit_fault(sjostad, street_lights, lat=58.6, lng=13.3)
    Case.objects.filter(pk=late.pk).update(due_at=late.created_at.replace(year=2020))
    client = login(case_handler)
    page = client.get(reverse("cases:organisation", args=[sjostad.slug]), {"status": "open", "overdue": "on"})
    assert late.reference in page.text and dark_light.reference not in page.text
    assert "Försenat" in page.text
    assert page.context["counts"]["overdue"] == 1 and page.context["counts"]["open"] == 2


def test_personal_data_shows_only_to_roles_that_may_see_it(login, case_handler, dark_light, sjostad, monkeypatch):
    page = login(case_handler).get(_url("case_detail", dark_light))
    assert "ada@example.org" in page.text
    monkeypatch.setattr(Role, "sees_personal_data", property(lambda self: False))
    assert "ada@example.org" not in login(case_handler).get(_url("case_detail", dark_light)).text


def test_a_handler_of_another_kommun_gets_404(login, grannby, dark_light):
    other = make_user("gun", grannby, Role.CASE_HANDLER)
    assert login(other).get(_url("case_detail", dark_light)).status_code == 404


def test_a_case_is_offered_and_given_only_to_members_who_handle_cases(login, case_handler, reader, dark_light):
    client = login(case_handler)
    page = client.get(_url("case_detail", dark_light)).text
    assert f'<option value="{case_handler.pk}"' in page
    assert f'<option value="{reader.pk}"' not in page  # a reader cannot even open the case
    refused = client.post(_url("case_assign", dark_light), {"handler": reader.pk})
    assert refused.status_code == 400
    dark_light.refresh_from_db()
    assert dark_light.assigned_to is None
    assert not dark_light.events.filter(kind=CaseEvent.Kind.ASSIGNED).exists()


def test_assigning_what_is_already_assigned_writes_nothing_and_the_group_can_be_cleared(
    login, case_handler, dark_light
):
    client = login(case_handler)
    group = dark_light.group
    assert group is not None  # routed on arrival
    client.post(_url("case_assign", dark_light), {"handler": case_handler.pk, "group": group.pk})
    client.post(_url("case_assign", dark_light), {"handler": case_handler.pk, "group": group.pk})
    assert dark_light.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 1
    client.post(_url("case_assign", dark_light), {"handler": case_handler.pk, "group": ""})
    dark_light.refresh_from_db()
    assert dark_light.group is None and dark_light.assigned_to == case_handler
    assert dark_light.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 2


def test_a_message_sent_with_the_status_the_case_already_has_still_reaches_the_resident(
    login, case_handler, dark_light
):
    client = login(case_handler)
    client.post(_url("case_status", dark_light), {"status": "under_behandling", "message": "Vi har beställt en lampa."})
    client.post(_url("case_status", dark_light), {"status": "under_behandling", "message": "Lampan kommer på måndag."})
    replies = dark_light.events.filter(kind=CaseEvent.Kind.REPLY, public=True).values_list("text", flat=True)
    assert sorted(replies) == ["Lampan kommer på måndag.", "Vi har beställt en lampa."]
    assert dark_light.events.filter(kind=CaseEvent.Kind.STATUS).count() == 1


def test_a_handler_reading_in_english_sees_the_english_category_names(login, case_handler, sjostad, dark_light):
    client = login(case_handler)
    client.cookies["django_language"] = "en"
    for page in (
        client.get(reverse("cases:organisation", args=[sjostad.slug])),
        client.get(_url("case_detail", dark_light)),
        client.get(reverse("cases:statistics", args=[sjostad.slug])),
    ):
        text = page.content.decode()
        assert "Street lighting" in text and "Gatubelysning" not in text


def test_a_case_is_converted_only_to_a_category_residents_can_choose_and_feedback_words_stay_private(
    login, case_handler, sjostad, street_lights
):
    from lofte.cases.models import CaseKind, Category
    from lofte.cases.services import case_submit

    roads = Category.objects.create(organisation=sjostad, slug="gata", name_sv="Gata och väg")
    Category.objects.create(organisation=sjostad, slug="potthal", name_sv="Potthål", parent=roads)
    import uuid

    feedback = case_submit(
        organisation=sjostad,
        kind=CaseKind.FEEDBACK,
        feedback_type=Case.FeedbackType.COMPLAINT,
        message="Lampan utanför mitt hus på Storgatan 3 är trasig, ring mig på 070-123 45 67.",
        idempotency_key=uuid.uuid4(),
    ).case
    client = login(case_handler)
    page = client.get(_url("case_detail", feedback)).content.decode()
    assert f'<option value="{roads.pk}"' not in page
    refused = client.post(_url("case_convert", feedback), {"kind": "felanmalan", "category": roads.pk})
    assert refused.status_code == 400
    feedback.refresh_from_db()
    assert feedback.kind == CaseKind.FEEDBACK

    client.post(_url("case_convert", feedback), {"kind": "felanmalan", "category": street_lights.pk})
    feedback.refresh_from_db()
    assert feedback.kind == CaseKind.FAULT and feedback.category == street_lights
    assert feedback.public_text == "Gatubelysning"  # not the resident's words, which a fault's API answer shows
    api = client.get(f"/open311/v2/requests/{feedback.reference}.json").json()
    assert "070-123" not in api[0].get("description", "")


def test_the_history_says_whom_a_case_was_given_to_and_what_was_changed(login, case_handler, sjostad, dark_light):
    client = login(case_handler)
    client.post(_url("case_assign", dark_light), {"handler": case_handler.pk, "group": dark_light.group_id})
    client.post(_url("case_diarienummer", dark_light), {"diarienummer": "KS 2026/0042"})
    page = client.get(_url("case_detail", dark_light)).content.decode()
    name = case_handler.get_full_name() or case_handler.username
    assert f"Tilldelat</strong>: Handläggare: {name} · Grupp: Gatuenheten" in page
    assert "Uppgifter ändrade</strong>: Diarienummer: KS 2026/0042" in page
    assert "Fördelat</strong>: Grupp: Gatuenheten" in page
