"""Accounts across organisations: an account that belongs elsewhere joins only by accepting an invitation, the
add form tells nobody which addresses have accounts, and unlocking needs the right to manage the account."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.access import may_manage_account
from lofte.core.models import AuditEntry, Invitation, Membership, User
from lofte.core.roles import Role
from lofte.core.services import membership_add, user_unlock
from tests.conftest import PASSWORD, make_user

NEW_PASSWORD = "ljus-i-gangtunneln-2026"


@pytest.fixture
def send_now(settings, django_capture_on_commit_callbacks, mailoutbox):
    """Run the e-mail task at once, as the worker would, and hand back the mails."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    def _run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result

    return _run


def _invite(client, organisation, email: str, role: str = "analyst"):
    return client.post(reverse("core:member_add", args=[organisation.slug]), {"email": email, "role": role})


def _token(mail) -> str:
    return re.search(r"/inbjudan/([^/\s]+)/", mail.body).group(1)


def _lock_out(user: User) -> None:
    AccessAttempt.objects.create(
        username=user.username,
        ip_address="10.0.0.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/konto/logga-in/",
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )


# --- The attack of the issue -------------------------------------------------------------------------------


def test_grannbys_admin_adding_sjostads_analyst_sends_an_invitation_and_attaches_nothing(
    login, outsider, grannby, sjostad, sjostad_admin, sjostad_analyst
):
    response = _invite(login(outsider), grannby, sjostad_analyst.email)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=sjostad_analyst, organisation=grannby).exists()
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role) == (grannby, sjostad_analyst.email, "analyst")
    assert invitation.is_pending and invitation.invited_by == outsider
    # The account stays Sjöstad's to manage, and Grannby's admin has no say over it.
    assert may_manage_account(user=sjostad_analyst, by=sjostad_admin)
    assert not may_manage_account(user=sjostad_analyst, by=outsider)
    entry = AuditEntry.objects.get(action="invitation.create")
    assert entry.organisation == grannby and entry.actor == outsider
    assert entry.changes["expires_at"] == str(timezone.localdate(invitation.expires_at))  # a day, not a timestamp
    assert not AuditEntry.objects.filter(organisation=sjostad).exists()


def test_the_service_refuses_to_attach_an_account_its_caller_does_not_manage(outsider, grannby, sjostad_analyst):
    with pytest.raises(PermissionDenied):
        membership_add(organisation=grannby, email=sjostad_analyst.email.upper(), role=Role.ADMIN, by=outsider)
    assert not Membership.objects.filter(user=sjostad_analyst, organisation=grannby).exists()


def test_an_account_with_no_organisation_is_not_attached_by_an_organisations_admin(outsider, grannby):
    orphan = make_user("ensam")
    with pytest.raises(PermissionDenied):
        membership_add(organisation=grannby, email=orphan.email, role=Role.READER, by=outsider)


def test_an_admin_cannot_unlock_or_reset_an_account_shared_with_another_organisation(
    login, outsider, grannby, sjostad_analyst
):
    # The state the old add form left behind: Sjöstad's analyst attached to Grannby without her consent.
    membership = Membership.objects.create(user=sjostad_analyst, organisation=grannby, role=Role.READER)
    _lock_out(sjostad_analyst)
    client = login(outsider)
    args = [grannby.slug, membership.pk]
    assert client.post(reverse("core:member_unlock", args=args)).status_code == 403
    assert AccessAttempt.objects.filter(username=sjostad_analyst.username).exists()
    assert client.post(reverse("core:member_password", args=args)).status_code == 403
    assert client.post(reverse("core:member_reset_two_factor", args=args)).status_code == 403
    assert client.post(reverse("core:member_active", args=args), {"active": "0"}).status_code == 403
    sjostad_analyst.refresh_from_db()
    assert sjostad_analyst.check_password(PASSWORD) and sjostad_analyst.is_active
    assert not AuditEntry.objects.filter(action__startswith="user.").exists()
    # The list offers no unlock for it either.
    listing = client.get(reverse("core:member_list", args=[grannby.slug])).content.decode()
    assert "Låst" in listing and reverse("core:member_unlock", args=args) not in listing


def test_the_unlock_service_needs_the_right_to_manage_the_account(outsider, grannby, sjostad_analyst):
    Membership.objects.create(user=sjostad_analyst, organisation=grannby, role=Role.READER)
    _lock_out(sjostad_analyst)
    with pytest.raises(PermissionDenied):
        user_unlock(user=sjostad_analyst, organisation=grannby, by=outsider)
    assert AccessAttempt.objects.filter(username=sjostad_analyst.username).exists()


def test_an_admin_cannot_change_the_name_or_address_of_a_shared_account(login, outsider, grannby, sjostad_analyst):
    membership = Membership.objects.create(user=sjostad_analyst, organisation=grannby, role=Role.READER)
    response = login(outsider).post(
        reverse("core:member_edit", args=[grannby.slug, membership.pk]),
        {"role": "reader", "title": "", "first_name": "Ny", "email": "gunnar-egen@grannby.example"},
    )
    assert response.status_code == 302
    sjostad_analyst.refresh_from_db()
    assert (sjostad_analyst.first_name, sjostad_analyst.email) == ("Sara", "sara@example.org")
    assert not AuditEntry.objects.filter(action="user.update").exists()


# --- The same answer for every address ---------------------------------------------------------------------


def test_the_add_form_answers_the_same_for_a_new_a_foreign_and_an_orphan_address(
    login, send_now, outsider, grannby, sjostad_analyst
):
    orphan = make_user("ensam")
    client = login(outsider)
    addresses = {"new": "ingen@example.org", "foreign": sjostad_analyst.email, "orphan": orphan.email}
    answers = {}
    for kind, email in addresses.items():
        response = send_now(lambda email=email: _invite(client, grannby, email))
        follow = client.get(response["Location"])
        message = next(iter(follow.context["messages"])).message
        answers[kind] = (response.status_code, response["Location"], message.replace(email, "ADDRESS"))
    assert answers["new"] == answers["foreign"] == answers["orphan"]
    assert answers["new"][2].startswith("En inbjudan är skickad till ADDRESS.")
    # Nothing is created or attached for any of them, and each gets the same mail.
    assert not User.objects.filter(email="ingen@example.org").exists()
    assert Membership.objects.filter(organisation=grannby).count() == 1
    bodies = {mail.to[0]: re.sub(r"/inbjudan/[^/\s]+/", "/inbjudan/T/", mail.body) for mail in mail.outbox}
    assert set(bodies) == set(addresses.values()) and len(set(bodies.values())) == 1
    # The list shows three pending invitations alike.
    listing = client.get(reverse("core:member_list", args=[grannby.slug])).content.decode()
    rows = [
        re.sub(r"\d+/aterkalla", "N/aterkalla", row) for row in re.findall(r"<tr>\s*<td>[^<]*@.*?</tr>", listing, re.S)
    ]
    normalised = {row.replace(email, "ADDRESS") for row in rows for email in addresses.values() if email in row}
    assert len(rows) == 3 and len(normalised) == 1


def test_the_add_form_refuses_only_the_organisations_own_members(login, sjostad_admin, sjostad, reader):
    response = _invite(login(sjostad_admin), sjostad, reader.email.upper())
    assert response.status_code == 400
    assert "är redan medlem här" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_link_is_mailed_and_only_its_hash_is_stored(login, send_now, sjostad_admin, sjostad):
    send_now(lambda: _invite(login(sjostad_admin), sjostad, "Nora@Example.org"))
    (sent,) = mail.outbox
    token = _token(sent)
    assert sent.to == ["nora@example.org"] and "Sjöstad kommun" in sent.subject and len(token) >= 40
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_inviting_an_address_again_renews_its_invitation_and_the_old_link_stops_working(
    client, login, send_now, sjostad_admin, sjostad
):
    admin = login(sjostad_admin)
    send_now(lambda: _invite(admin, sjostad, "nora@example.org", role="reader"))
    send_now(lambda: _invite(admin, sjostad, "nora@example.org", role="analyst"))
    old, new = (_token(mail) for mail in mail.outbox)
    invitation = Invitation.objects.get()
    assert invitation.role == "analyst"
    admin.logout()
    assert client.get(reverse("core:invitation_open", args=[old])).status_code == 404
    assert client.get(reverse("core:invitation_open", args=[new])).status_code == 200


# --- Answering -----------------------------------------------------------------------------------------------


def test_the_invited_account_accepts_after_sign_in_and_gets_the_role(
    client, login, send_now, outsider, grannby, sjostad, sjostad_analyst
):
    send_now(lambda: _invite(login(outsider), grannby, sjostad_analyst.email, role="reader"))
    token = _token(mail.outbox[0])
    client.logout()
    # The link sends an account holder to sign in, then to the list of invitations.
    response = client.get(reverse("core:invitation_open", args=[token]))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    analyst = login(sjostad_analyst)
    assert analyst.get(reverse("core:invitation_open", args=[token]))["Location"] == reverse("core:invitation_list")
    home = analyst.get(reverse("core:home")).content.decode()
    assert "Du har en inbjudan som väntar på svar." in home
    listing = analyst.get(reverse("core:invitation_list")).content.decode()
    assert "Grannby kommun" in listing and "delas ditt konto" in listing
    invitation = Invitation.objects.get()
    response = analyst.post(reverse("core:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(user=sjostad_analyst, organisation=grannby).role == "reader"
    invitation.refresh_from_db()
    assert invitation.accepted_by == sjostad_analyst and not invitation.is_open and invitation.token_hash == ""
    # Both organisations' logs say so, and the account is now for the platform's administrators to manage.
    accepted = AuditEntry.objects.filter(action="invitation.accept")
    assert {e.organisation for e in accepted} == {grannby, sjostad}
    assert all(e.actor == sjostad_analyst for e in accepted)
    assert AuditEntry.objects.get(action="membership.add").organisation == grannby
    assert client.get(reverse("core:invitation_open", args=[token])).status_code == 404  # the link is spent
    assert (
        analyst.post(reverse("core:invitation_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    )


def test_a_new_address_makes_its_account_through_the_link_and_can_sign_in(
    client, login, send_now, sjostad_admin, sjostad
):
    send_now(lambda: _invite(login(sjostad_admin), sjostad, "nora@example.org", role="analyst"))
    url = reverse("core:invitation_open", args=[_token(mail.outbox[0])])
    client.logout()
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert "Skapa konto och tacka ja" in page.content.decode()
    weak = client.post(
        url, {"answer": "accept", "first_name": "Nora", "last_name": "Ny", "password1": "kort", "password2": "kort"}
    )
    assert weak.status_code == 400 and not User.objects.filter(email="nora@example.org").exists()
    data = {"first_name": "Nora", "last_name": "Ny", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(url, {"answer": "accept", **data})
    assert response.status_code == 302 and response["Location"] == reverse("core:login")
    user = User.objects.get(email="nora@example.org")
    assert (user.username, user.get_full_name()) == ("nora@example.org", "Nora Ny") and user.check_password(
        NEW_PASSWORD
    )
    assert Membership.objects.get(user=user, organisation=sjostad).role == "analyst"
    assert {e.action for e in AuditEntry.objects.filter(actor=user)} == {
        "user.create",
        "membership.add",
        "invitation.accept",
    }
    # The link is spent.
    assert client.post(url, {"answer": "accept", **data}).status_code == 404
    response = client.post(reverse("core:login"), {"username": "nora@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_the_link_declines_and_nothing_is_made(client, login, send_now, sjostad_admin, sjostad):
    send_now(lambda: _invite(login(sjostad_admin), sjostad, "nora@example.org"))
    url = reverse("core:invitation_open", args=[_token(mail.outbox[0])])
    client.logout()
    response = client.post(url, {"answer": "decline"})
    assert response.status_code == 200 and "Du har tackat nej" in response.content.decode()
    assert not User.objects.filter(email="nora@example.org").exists()
    assert Invitation.objects.get().declined_at is not None
    entry = AuditEntry.objects.get(action="invitation.decline")
    assert entry.organisation == sjostad and entry.actor is None


def test_a_no_from_an_account_looks_in_the_log_like_a_no_from_the_link(
    client, login, send_now, outsider, grannby, sjostad_analyst
):
    admin = login(outsider)
    send_now(lambda: _invite(admin, grannby, sjostad_analyst.email))
    send_now(lambda: _invite(admin, grannby, "ingen@example.org"))
    by_account = Invitation.objects.get(email=sjostad_analyst.email)
    response = login(sjostad_analyst).post(
        reverse("core:invitation_answer", args=[by_account.pk]), {"answer": "decline"}
    )
    assert response.status_code == 302
    client.logout()
    link = next(m for m in mail.outbox if m.to == ["ingen@example.org"])
    assert client.post(reverse("core:invitation_open", args=[_token(link)]), {"answer": "decline"}).status_code == 200
    assert not Membership.objects.filter(user=sjostad_analyst, organisation=grannby).exists()
    entries = AuditEntry.objects.filter(action="invitation.decline")
    assert [(e.organisation, e.actor) for e in entries] == [(grannby, None), (grannby, None)]


def test_an_expired_invitation_can_no_longer_be_answered(client, login, send_now, outsider, grannby, sjostad_analyst):
    send_now(lambda: _invite(login(outsider), grannby, sjostad_analyst.email))
    token = _token(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    invitation = Invitation.objects.get()
    analyst = login(sjostad_analyst)
    assert "Grannby kommun" not in analyst.get(reverse("core:invitation_list")).content.decode()
    response = analyst.post(reverse("core:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 404
    analyst.logout()
    response = client.get(reverse("core:invitation_open", args=[token]))
    assert response.status_code == 404 and "gäller inte längre" in response.content.decode()
    assert not Membership.objects.filter(user=sjostad_analyst, organisation=grannby).exists()
    # The inviting admin sees it as expired and may renew or revoke it.
    listing = login(outsider).get(reverse("core:member_list", args=[grannby.slug])).content.decode()
    assert "Utgången" in listing


def test_another_account_cannot_use_the_invitation(client, login, send_now, outsider, grannby, sjostad_analyst, reader):
    send_now(lambda: _invite(login(outsider), grannby, sjostad_analyst.email, role="admin"))
    token = _token(mail.outbox[0])
    invitation = Invitation.objects.get()
    other = login(reader)
    response = other.get(reverse("core:invitation_open", args=[token]))
    assert response.status_code == 403 and "annat konto" in response.content.decode()
    assert other.post(reverse("core:invitation_open", args=[token]), {"answer": "accept"}).status_code == 403
    assert other.post(reverse("core:invitation_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    assert "Grannby" not in other.get(reverse("core:invitation_list")).content.decode()
    # The inviting admin cannot answer for the invited account either.
    admin = login(outsider)
    assert admin.post(reverse("core:invitation_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    # Nor can someone with the link make a second account for an address that has one.
    client.logout()
    data = {"first_name": "X", "last_name": "Y", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(reverse("core:invitation_open", args=[token]), {"answer": "accept", **data})
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert User.objects.filter(email=sjostad_analyst.email).count() == 1
    assert Membership.objects.filter(organisation=grannby).count() == 1
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert not AuditEntry.objects.exclude(action="invitation.create").exists()


def test_a_made_up_token_finds_nothing(client, login, send_now, sjostad_admin, sjostad):
    send_now(lambda: _invite(login(sjostad_admin), sjostad, "nora@example.org"))
    client.logout()
    real = _token(mail.outbox[0])
    for token in ["x", "A" * 43, real[:-1] + ("Q" if real[-1] != "Q" else "R"), "z" * 500]:
        assert client.get(reverse("core:invitation_open", args=[token])).status_code == 404


# --- Revoking -------------------------------------------------------------------------------------------------


def test_admin_revokes_an_invitation_and_its_link_stops_working(client, login, send_now, sjostad_admin, sjostad):
    admin = login(sjostad_admin)
    send_now(lambda: _invite(admin, sjostad, "nora@example.org"))
    invitation = Invitation.objects.get()
    response = admin.post(reverse("core:member_invitation_revoke", args=[sjostad.slug, invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.get(action="invitation.revoke").organisation == sjostad
    log = admin.get(reverse("core:audit_list", args=[sjostad.slug])).content.decode()
    assert "Inbjudan skickad" in log and "Inbjudan återkallad" in log
    admin.logout()
    assert client.get(reverse("core:invitation_open", args=[_token(mail.outbox[0])])).status_code == 404


def test_another_organisations_admin_cannot_revoke(login, sjostad_admin, sjostad, outsider):
    invitation = Invitation.objects.create(
        organisation=sjostad, email="nora@example.org", role="reader", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    response = login(outsider).post(reverse("core:member_invitation_revoke", args=[sjostad.slug, invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open


def test_platform_admin_still_attaches_an_account_of_another_organisation_directly(
    login, platform_admin, grannby, sjostad_analyst
):
    response = login(platform_admin).post(
        reverse("core:member_add", args=[grannby.slug]), {"email": sjostad_analyst.email, "role": "reader"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=sjostad_analyst, organisation=grannby).exists()
    assert not Invitation.objects.exists()


def test_the_admin_of_every_organisation_of_a_shared_account_may_unlock_it(
    login, sjostad_admin, sjostad, grannby, reader
):
    Membership.objects.create(user=sjostad_admin, organisation=grannby, role=Role.ADMIN)
    Membership.objects.create(user=reader, organisation=grannby, role=Role.READER)
    TOTPDevice.objects.create(user=reader, name="telefon", confirmed=True)
    _lock_out(reader)
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    response = login(sjostad_admin).post(reverse("core:member_unlock", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=reader.username).exists()
