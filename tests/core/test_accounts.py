"""Administrators manage members' accounts: name and e-mail, a new password, closing and reopening."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from lofte.core.models import AuditEntry, Membership, Organisation
from lofte.core.roles import Role
from lofte.core.services import user_update
from tests.conftest import PASSWORD


def _signs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("core:login"), {"username": username, "password": password})
    return response.status_code == 302


def _edit_url(organisation: Organisation, user) -> str:
    membership = Membership.objects.get(user=user, organisation=organisation)
    return reverse("core:member_edit", args=[organisation.slug, membership.pk])


@pytest.fixture
def send_now(settings, django_capture_on_commit_callbacks, mailoutbox):
    """Run the e-mail task at once, as the worker would."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    def _run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return _run


def _link(to: str) -> str:
    sent = next(m for m in mail.outbox if m.to == [to])
    return re.search(r"https?://[^/]+(/ny-e-post/[^/\s]+/)", sent.body).group(1)


def test_admin_corrects_a_members_name_and_email_and_they_sign_in_with_the_new_address(
    client, login, send_now, sjostad_admin, sjostad, reader
):
    reader.username = reader.email
    reader.save()
    admin = login(sjostad_admin)
    data = {"first_name": "Erik", "last_name": "Ek", "email": "Erik.Ek@Sjostad.example", "role": "reader", "title": ""}
    response = send_now(lambda: admin.post(_edit_url(sjostad, reader), data))
    assert response.status_code == 302
    # The name changes at once; the address when its owner confirms it.
    reader.refresh_from_db()
    assert (reader.first_name, reader.last_name, reader.email) == ("Erik", "Ek", "erik@example.org")
    assert "väntar på bekräftelse: erik.ek@sjostad.example" in admin.get(_edit_url(sjostad, reader)).content.decode()
    url = _link("erik.ek@sjostad.example")
    admin.logout()
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200 and "E-postadressen är bytt" in response.content.decode()
    reader.refresh_from_db()
    assert (reader.email, reader.username) == ("erik.ek@sjostad.example", "erik.ek@sjostad.example")
    entry = AuditEntry.objects.get(action="user.update", changes__has_key="email")
    assert entry.organisation == sjostad and entry.actor == sjostad_admin
    assert entry.changes["email"] == ["erik@example.org", "erik.ek@sjostad.example"]
    assert AuditEntry.objects.get(action="user.email_change_request").changes == {"email": "erik.ek@sjostad.example"}
    assert _signs_in("erik.ek@sjostad.example", PASSWORD)
    assert client.post(url).status_code == 404  # spent


def test_the_edit_form_answers_the_same_whether_or_not_another_account_has_the_address(
    client, login, send_now, sjostad_admin, sjostad, reader, sjostad_analyst
):
    admin = login(sjostad_admin)
    answers = []
    for email in ("ledig@example.org", sjostad_analyst.email):
        response = send_now(
            lambda email=email: admin.post(_edit_url(sjostad, reader), {"email": email, "role": "reader"})
        )
        shown = [m.message.replace(email, "ADDRESS") for m in admin.get(response["Location"]).context["messages"]]
        answers.append((response.status_code, response["Location"], shown))
    assert answers[0] == answers[1]
    # The owner of the taken address learns it from the link (the later request replaced the first), and nothing
    # changes.
    admin.logout()
    response = client.post(_link(sjostad_analyst.email))
    assert response.status_code == 400
    assert "Ett annat konto har redan den här e-postadressen" in response.content.decode()
    reader.refresh_from_db()
    assert reader.email == "erik@example.org"


def test_only_the_platforms_administrators_set_another_address_directly(
    login, sjostad_admin, platform_admin, sjostad, reader, sjostad_analyst
):
    with pytest.raises(PermissionDenied):
        user_update(user=reader, by=sjostad_admin, first_name="", last_name="", email="annan@example.org")
    response = login(platform_admin).post(
        _edit_url(sjostad, reader), {"email": sjostad_analyst.email, "role": "reader", "title": ""}
    )
    assert response.status_code == 400
    assert "Ett annat konto har redan e-postadressen" in response.content.decode()
    response = login(platform_admin).post(
        _edit_url(sjostad, reader), {"email": "Ny@Example.org", "role": "reader", "title": ""}
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.email == "ny@example.org"
    assert not AuditEntry.objects.filter(action="user.email_change_request").exists()


def test_admin_gives_a_forgotten_password_a_new_one_shown_once(login, sjostad_admin, sjostad, reader):
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    response = login(sjostad_admin).post(reverse("core:member_password", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = re.search(r'class="secret">([^<]+)<', response.content.decode()).group(1)
    reader.refresh_from_db()
    assert reader.check_password(password) and not reader.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_reset")
    assert entry.organisation == sjostad and password not in str(entry.changes)


def test_a_closed_account_cannot_sign_in_and_its_open_session_ends(login, sjostad_admin, sjostad, reader):
    reader_client = Client()
    reader_client.force_login(reader)
    assert reader_client.get(reverse("core:home")).status_code == 200
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    url = reverse("core:member_active", args=[sjostad.slug, membership.pk])
    assert login(sjostad_admin).post(url, {"active": "0"}).status_code == 302
    reader.refresh_from_db()
    assert not reader.is_active
    assert AuditEntry.objects.get(action="user.deactivate").changes == {"is_active": [True, False]}
    assert reader_client.get(reverse("core:home")).status_code == 302  # signed out
    assert not _signs_in(reader.username, PASSWORD)
    listing = login(sjostad_admin).get(reverse("core:member_list", args=[sjostad.slug])).content.decode()
    assert "Avstängt" in listing
    # Reopened, the same role applies again.
    assert login(sjostad_admin).post(url, {"active": "1"}).status_code == 302
    reader.refresh_from_db()
    assert reader.is_active and reader.role_in(sjostad.pk) == Role.READER
    assert _signs_in(reader.username, PASSWORD)


def test_the_only_administrator_cannot_close_their_own_account(login, sjostad_admin, sjostad):
    membership = Membership.objects.get(user=sjostad_admin, organisation=sjostad)
    client = login(sjostad_admin)
    response = client.post(
        reverse("core:member_active", args=[sjostad.slug, membership.pk]), {"active": "0"}, follow=True
    )
    assert "Du kan inte stänga av ditt eget konto" in response.content.decode()
    sjostad_admin.refresh_from_db()
    assert sjostad_admin.is_active
    assert not AuditEntry.objects.filter(action="user.deactivate").exists()


def test_an_account_shared_with_another_organisation_is_left_to_its_other_administrators(
    login, sjostad_admin, sjostad, police_analyst
):
    membership = Membership.objects.create(user=police_analyst, organisation=sjostad, role=Role.READER)
    client = login(sjostad_admin)
    page = client.get(reverse("core:member_edit", args=[sjostad.slug, membership.pk])).content.decode()
    assert 'name="email"' not in page and "Skapa nytt lösenord" not in page
    assert client.post(reverse("core:member_password", args=[sjostad.slug, membership.pk])).status_code == 403
    assert (
        client.post(reverse("core:member_active", args=[sjostad.slug, membership.pk]), {"active": "0"}).status_code
        == 403
    )
    police_analyst.refresh_from_db()
    assert police_analyst.is_active and police_analyst.check_password(PASSWORD)
    # The role here is still the Sjöstad admin's to change.
    response = client.post(
        reverse("core:member_edit", args=[sjostad.slug, membership.pk]), {"role": "analyst", "title": ""}
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == Role.ANALYST


def test_own_password_change_is_in_the_log_of_each_of_the_users_organisations(
    login, sjostad_analyst, lpo_sjostad, sjostad
):
    Membership.objects.create(user=sjostad_analyst, organisation=lpo_sjostad, role=Role.READER)
    login(sjostad_analyst).post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "nytt-starkt-losen-77", "new_password2": "nytt-starkt-losen-77"},
    )
    organisations = set(AuditEntry.objects.filter(action="user.password_change").values_list("organisation", flat=True))
    assert organisations == {sjostad.pk, lpo_sjostad.pk}
