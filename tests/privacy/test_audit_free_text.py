"""The audit log holds no free text: after the whole demo and every main flow, no entry contains what a
resident wrote or who they are (messages, answers, names, e-mail addresses, phone numbers), nor what staff
wrote to or about them in a case."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid

from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lofte.cases.models import Case, CaseEvent, CaseKind
from lofte.cases.services import (
    Reporter,
    case_edit_public_text,
    case_merge,
    case_note,
    case_reply,
    case_set_status,
    case_submit,
)
from lofte.core.models import AuditEntry, Organisation, Partnership, User
from lofte.core.retention import retention_run, retention_schedule_update
from lofte.dialogues.models import ContactRequest, Dialogue
from lofte.dialogues.services import campaign_create, dialogue_correct

# A resident's name, address or phone number is distinctive wherever it appears. A short answer ("Belysningen",
# "bättre belysning") also occurs in the staff's own promise texts, so answers are checked from four words.
MIN_WORDS = 4


def _resident_texts() -> set[str]:
    identities: set[str] = set()
    words: set[str] = set()
    for case in Case.objects.all():
        identities |= {case.reporter_name, case.reporter_email, case.reporter_phone}
        words |= {case.message, case.public_text}
    # The texts staff and residents write on a case; not the ones Löfte writes itself (a merge, the promise
    # priority's reason, which names the promise's own focus area).
    generated = [CaseEvent.Kind.MERGED, CaseEvent.Kind.PRIORITY]
    words |= set(CaseEvent.objects.exclude(text="").exclude(kind__in=generated).values_list("text", flat=True))
    for request in ContactRequest.objects.all():
        identities |= {request.name, request.email, request.phone}
        words.add(request.message)
    for dialogue in Dialogue.objects.all():
        words |= set(dialogue.free_text.splitlines())
        words |= {
            v["text"] for v in dialogue.answers.values() if isinstance(v, dict) and isinstance(v.get("text"), str)
        }
    return {t.strip() for t in identities if len(t.strip()) >= 5} | {
        t.strip() for t in words if len(t.split()) >= MIN_WORDS
    }


def _web_answers(**extra):
    return {
        "idempotency_key": str(uuid.uuid4()),
        "q-feel_safe": "2",
        "q-when_unsafe": ["evening"],
        "q-where_unsafe-text": "Gångtunneln vid Björkskolan bakom Ica",
        "q-why_unsafe": "Det är mörkt och Olle Pettersson säljer hasch där",
        "gender": "undisclosed",
        "website": "",
        **extra,
    }


def test_no_audit_entry_holds_a_residents_words_after_the_demo_and_every_main_flow(db, client, login):
    call_command("load_demo", stdout=io.StringIO())
    sjostad = Organisation.objects.get(slug="sjostad")
    admin = User.objects.get(username="admin@sjostad.example")
    handler = User.objects.get(username="handlaggare@sjostad.example")
    analyst = User.objects.get(username="analytiker@sjostad.example")
    cache.clear()

    # A resident gives feedback on the public form, with contact details.
    response = client.post(
        reverse("cases_public:feedback", args=[sjostad.slug]),
        {
            "idempotency_key": str(uuid.uuid4()),
            "feedback_type": "klagomal",
            "service": "Parkförvaltningen",
            "message": "Grannen Lisa Holmberg på Ekvägen 12 eldar sopor varje kväll",
            "name": "Greta Johansson",
            "email": "greta.johansson@example.org",
            "phone": "070-765 43 21",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    greta = Case.objects.get(reporter_email="greta.johansson@example.org")
    # A second resident's report, merged into it; the handler works both.
    other = case_submit(
        organisation=sjostad,
        kind=CaseKind.FEEDBACK,
        feedback_type="klagomal",
        message="Det luktar bränt plast från Ekvägen om kvällarna",
        idempotency_key=uuid.uuid4(),
        reporter=Reporter(name="Sven Olofsson", email="sven.olofsson@example.org", consent=True),
    ).case
    case_note(case=greta, by=handler, text="Miljöförvaltningen har fått samma klagomål tidigare")
    case_reply(case=greta, by=handler, text="Hej Greta, vi skickar en miljöinspektör till Ekvägen")
    case_edit_public_text(case=greta, by=handler, text="Klagomål på eldning av sopor i ett bostadsområde")
    case_merge(case=other, into=greta, by=handler)
    case_set_status(case=greta, by=handler, status=Case.Status.CLOSED, message="Inspektören har pratat med grannen")

    # A resident answers the web survey and asks to be contacted.
    partnership = Partnership.objects.get(municipality=sjostad, slug="sjostad")
    today = timezone.localdate()
    campaign = campaign_create(
        partnership=partnership,
        by=analyst,
        name="Webbenkät i år",
        slug="webbenkat-i-ar",
        year=today.year,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
        public_form_open=True,
    )
    response = client.post(
        reverse("dialogues_public:form", args=[campaign.slug]),
        _web_answers(
            contact_name="Harald Lundqvist",
            contact_email="harald.lundqvist@example.org",
            contact_message="Jag vill berätta mer om gångtunneln",
        ),
    )
    assert response.status_code == 302
    assert ContactRequest.objects.filter(email="harald.lundqvist@example.org").exists()
    # An interviewer corrects a dialogue's free text.
    dialogue = Dialogue.objects.filter(campaign=campaign).get()
    dialogue_correct(
        dialogue=dialogue,
        by=analyst,
        answers={**dialogue.answers, "why_unsafe": "Det är mörkt och någon säljer hasch i tunneln"},
    )

    texts = _resident_texts()
    assert "Grannen Lisa Holmberg på Ekvägen 12 eldar sopor varje kväll" in texts
    assert "harald.lundqvist@example.org" in texts

    # The administrator looks Greta up, exports, erases; the nightly gallring runs with a short schedule.
    staff = login(admin)
    for action in ("lookup", "export"):
        assert (
            staff.post(
                reverse("core:data_request", args=[sjostad.slug]),
                {"email": "greta.johansson@example.org", "action": action},
            ).status_code
            == 200
        )
    erase = {"email": "greta.johansson@example.org", "action": "erase", "confirm": "on"}
    assert staff.post(reverse("core:data_request", args=[sjostad.slug]), erase).status_code == 302
    retention_schedule_update(
        organisation=sjostad,
        by=admin,
        values={"contact_request_days": 1, "case_anonymise_days": 1, "case_photo_days": 1},
    )
    retention_run(now=timezone.now() + dt.timedelta(days=3))

    entries = list(AuditEntry.objects.values_list("action", "target_repr", "changes"))
    assert len(entries) > 500  # the demo's year of cases and dialogues, and the flows above
    log = "\n".join(
        f"{action} {target} {json.dumps(changes, ensure_ascii=False)}" for action, target, changes in entries
    )
    found = sorted(text for text in texts if text in log)
    where = sorted({line.split(" ", 1)[0] for line in log.splitlines() for text in found if text in line})
    assert not found, f"resident free text in the audit log: {found[:10]} in {where}"
