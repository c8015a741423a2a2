# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.dialogues.models import ContactRequest
from lofte.dialogues.services import contact_request_create
from tests.dialogues.campaign_fixtures import campaign, centrum, record, torget  # noqa: F401


def make_request(campaign, by):
    dialogue = record(campaign, by)
    return contact_request_create(
        campaign=campaign,
        dialogue=dialogue,
        by=by,
        name="Anna Andersson",
        phone="070-111 22 33",
        message="Lampan vid torget",
    )


def test_analyst_sees_and_marks_a_contact_request_handled(login, campaign, dialogue_staff, sjostad_analyst):
    request = make_request(campaign, dialogue_staff)
    client = login(sjostad_analyst)
    url = reverse("dialogues:contact_requests", args=[campaign.partnership.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Anna Andersson" in page.content.decode()
    assert AuditEntry.objects.filter(action="contact_request.view_list", actor=sjostad_analyst).exists()
    response = client.post(reverse("dialogues:contact_request_handled", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handled_at is not None
    assert AuditEntry.objects.filter(action="contact_request.handled", target_id=str(request.pk)).exists()
    assert "Anna Andersson" not in client.get(url).content.decode()
    assert "Anna Andersson" in client.get(url, {"visa": "alla"}).content.decode()


def test_police_dialogue_staff_cannot_see_contact_requests(login, campaign, police_dialogue_staff, dialogue_staff):
    request = make_request(campaign, dialogue_staff)
    for user in (police_dialogue_staff, dialogue_staff):
        client = login(user)
        assert client.get(reverse("dialogues:contact_requests", args=[campaign.partnership.slug])).status_code == 403
        assert client.post(reverse("dialogues:contact_request_handled", args=[request.pk])).status_code == 403
    request.refresh_from_db()
    assert request.handled_at is None


def test_outsider_gets_404_for_contact_requests(login, campaign, outsider, dialogue_staff):
    request = make_request(campaign, dialogue_staff)
    client = login(outsider)
    assert client.get(reverse("dialogues:contact_requests", args=[campaign.partnership.slug])).status_code == 404
    assert client.post(reverse("dialogues:contact_request_handled", args=[request.pk])).status_code == 404


def test_the_audit_log_never_holds_the_residents_name(campaign, dialogue_staff):
    request = make_request(campaign, dialogue_staff)
    entry = AuditEntry.objects.get(action="contact_request.create", target_id=str(request.pk))
    assert "Anna" not in entry.target_repr and "Anna" not in str(entry.changes)


def test_a_retried_dialogue_does_not_ask_twice(campaign, dialogue_staff):
    request = make_request(campaign, dialogue_staff)
    again = contact_request_create(
        campaign=campaign, dialogue=request.dialogue, by=dialogue_staff, name="Anna", phone="070"
    )
    assert again.pk == request.pk and ContactRequest.objects.count() == 1


def test_contact_requests_are_culled_after_their_retention_date(campaign, dialogue_staff):
    kept = make_request(campaign, dialogue_staff)
    expired = contact_request_create(
        campaign=campaign, dialogue=None, by=dialogue_staff, name="Ulla Svensson", phone="070-111 22 33", retain_days=-1
    )
    out = StringIO()
    call_command("cull_personal_data", stdout=out)
    assert "1 kontaktönskemål och 0 importfiler gallrade" in out.getvalue()
    assert ContactRequest.objects.filter(pk=kept.pk).exists()
    assert not ContactRequest.objects.filter(pk=expired.pk).exists()
    entry = AuditEntry.objects.get(action="contact_request.cull")
    assert entry.target_id == str(expired.pk)
    assert "Ulla" not in str(entry.changes) and "Ulla" not in entry.target_repr


def test_the_readme_tells_operators_to_run_the_cull_daily():
    # Löfte schedules nothing itself: without this line in the operator's instructions nothing is culled.
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "manage.py cull_personal_data" in readme
    assert "once a day" in readme
