from __future__ import annotations

import datetime as dt
import re

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.models import AuditEntry, Membership, User
from lofte.core.roles import Role
from tests.conftest import PASSWORD, make_user


def test_platform_admin_adds_a_new_user_with_a_generated_password_shown_once(client, login, platform_admin, sjostad):
    response = login(platform_admin).post(
        reverse("core:member_add", args=[sjostad.slug]),
        {
            "email": "Nora@Sjostad.example",
            "first_name": "Nora",
            "last_name": "Ny",
            "role": "analyst",
            "title": "Trygghetssamordnare",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = re.search(r'class="secret">([^<]+)<', response.content.decode()).group(1)
    user = User.objects.get(email="nora@sjostad.example")
    assert user.username == "nora@sjostad.example"
    assert user.check_password(password) and len(password) >= 20
    membership = Membership.objects.get(user=user, organisation=sjostad)
    assert (membership.role, membership.title) == ("analyst", "Trygghetssamordnare")
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"user.create", "membership.add"}
    # The password is nowhere in the log.
    assert password not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_a_chosen_password_must_pass_the_validators(login, platform_admin, sjostad):
    response = login(platform_admin).post(
        reverse("core:member_add", args=[sjostad.slug]),
        {"email": "nora@sjostad.example", "role": "reader", "password": "kort"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="nora@sjostad.example").exists()
    response = login(platform_admin).post(
        reverse("core:member_add", args=[sjostad.slug]),
        {"email": "nora@sjostad.example", "role": "reader", "password": "ljus-i-tunneln-2026"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="nora@sjostad.example").check_password("ljus-i-tunneln-2026")


def test_platform_admin_gives_an_existing_account_a_role_without_a_new_password(
    login, platform_admin, sjostad, police_analyst
):
    response = login(platform_admin).post(
        reverse("core:member_add", args=[sjostad.slug]), {"email": police_analyst.email, "role": "reader"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=police_analyst, organisation=sjostad).role == "reader"
    police_analyst.refresh_from_db()
    assert police_analyst.check_password(PASSWORD)


def test_admin_changes_role_and_title(login, sjostad_admin, sjostad, reader):
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    response = login(sjostad_admin).post(
        reverse("core:member_edit", args=[sjostad.slug, membership.pk]),
        {"role": "dialogue_staff", "title": "Fältsekreterare", "email": reader.email},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.title) == ("dialogue_staff", "Fältsekreterare")
    assert AuditEntry.objects.get(action="membership.change").changes["role"] == ["reader", "dialogue_staff"]


def test_the_last_admin_can_neither_be_removed_nor_demoted(login, sjostad_admin, sjostad):
    membership = Membership.objects.get(user=sjostad_admin, organisation=sjostad)
    client = login(sjostad_admin)
    response = client.post(reverse("core:member_remove", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 400
    assert "enda administratören" in response.content.decode()
    response = client.post(
        reverse("core:member_edit", args=[sjostad.slug, membership.pk]),
        {"role": "reader", "email": sjostad_admin.email},
    )
    assert response.status_code == 400
    assert "enda administratören" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert not AuditEntry.objects.exists()


def test_an_admin_can_be_removed_when_another_remains(login, sjostad_admin, sjostad):
    second = make_user("bo", sjostad, Role.ADMIN)
    membership = Membership.objects.get(user=second, organisation=sjostad)
    response = login(sjostad_admin).post(reverse("core:member_remove", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=second.pk).exists()
    assert AuditEntry.objects.get(action="membership.remove").changes["role"] == "admin"


def test_reset_two_factor_deletes_the_devices_and_is_audited(login, sjostad_admin, sjostad, sjostad_analyst):
    TOTPDevice.objects.create(user=sjostad_analyst, name="telefon", confirmed=True)
    membership = Membership.objects.get(user=sjostad_analyst, organisation=sjostad)
    response = login(sjostad_admin).post(reverse("core:member_reset_two_factor", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=sjostad_analyst).exists()
    entry = AuditEntry.objects.get(action="user.two_factor_reset")
    assert entry.actor == sjostad_admin and entry.target_id == str(sjostad_analyst.pk)


def test_outsider_cannot_manage_sjostads_members(login, outsider, sjostad, reader):
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    client = login(outsider)
    assert client.get(reverse("core:member_list", args=[sjostad.slug])).status_code == 404
    assert client.post(reverse("core:member_remove", args=[sjostad.slug, membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_analyst_cannot_add_members(login, sjostad_analyst, sjostad):
    response = login(sjostad_analyst).post(
        reverse("core:member_add", args=[sjostad.slug]), {"email": "x@example.org", "role": "admin"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_platform_admin_manages_any_organisation(login, platform_admin, grannby):
    response = login(platform_admin).post(
        reverse("core:member_add", args=[grannby.slug]),
        {"email": "chef@grannby.example", "role": "admin", "password": "grannby-chef-lösen-1"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__email="chef@grannby.example").organisation == grannby


def test_own_password_change_needs_the_second_factor(client, sjostad_analyst):
    client.force_login(sjostad_analyst)
    response = client.get(reverse("core:password_change"))
    assert response.status_code == 302 and "/konto/tvafaktor/" in response["Location"]


def test_user_changes_own_password(login, sjostad_analyst):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "nytt-starkt-losen-77", "new_password2": "nytt-starkt-losen-77"},
    )
    assert response.status_code == 302
    sjostad_analyst.refresh_from_db()
    assert sjostad_analyst.check_password("nytt-starkt-losen-77")
    assert AuditEntry.objects.filter(action="user.password_change", actor=sjostad_analyst).exists()
    # Still signed in, second factor included.
    assert client.get(reverse("core:home")).status_code == 200


def test_weak_new_password_is_refused(login, reader):
    client = login(reader)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_admin_cannot_reset_the_second_factor_of_an_account_shared_with_another_organisation(
    login, sjostad_admin, sjostad, police_analyst, lpo_sjostad
):
    # Sjöstad's admin added the police analyst by typing her e-mail: the account is also LPO Sjöstad's.
    Membership.objects.create(user=police_analyst, organisation=sjostad, role=Role.READER)
    TOTPDevice.objects.create(user=police_analyst, name="telefon", confirmed=True)
    membership = Membership.objects.get(user=police_analyst, organisation=sjostad)
    client = login(sjostad_admin)
    url = reverse("core:member_reset_two_factor", args=[sjostad.slug, membership.pk])
    response = client.post(url)
    assert response.status_code == 403
    assert "också med i en organisation som du inte administrerar" in response.content.decode()
    assert client.get(url).status_code == 403
    assert TOTPDevice.objects.filter(user=police_analyst).exists()
    assert not AuditEntry.objects.filter(action="user.two_factor_reset").exists()
    # The member list offers no reset for that account.
    listing = client.get(reverse("core:member_list", args=[sjostad.slug])).content.decode()
    assert url not in listing


def test_admin_of_every_organisation_of_the_account_may_reset_it(login, sjostad_admin, sjostad, grannby, reader):
    Membership.objects.create(user=sjostad_admin, organisation=grannby, role=Role.ADMIN)
    Membership.objects.create(user=reader, organisation=grannby, role=Role.READER)
    TOTPDevice.objects.create(user=reader, name="telefon", confirmed=True)
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    response = login(sjostad_admin).post(reverse("core:member_reset_two_factor", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reader).exists()
    assert AuditEntry.objects.get(action="user.two_factor_reset").changes == {"devices_removed": 1}


def test_platform_admin_may_reset_an_account_of_several_organisations(login, platform_admin, sjostad, police_analyst):
    membership = Membership.objects.create(user=police_analyst, organisation=sjostad, role=Role.READER)
    TOTPDevice.objects.create(user=police_analyst, name="telefon", confirmed=True)
    response = login(platform_admin).post(reverse("core:member_reset_two_factor", args=[sjostad.slug, membership.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=police_analyst).exists()


def _lock_out(user: User) -> None:
    AccessAttempt.objects.create(
        username=user.username,
        ip_address="10.0.0.7",
        user_agent="test",
        http_accept="*/*",
        path_info="/logga-in/",
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )


def test_admin_sees_a_locked_out_member_and_unlocks_the_account(client, login, sjostad_admin, sjostad, reader):
    _lock_out(reader)
    admin = login(sjostad_admin)
    listing = admin.get(reverse("core:member_list", args=[sjostad.slug])).content.decode()
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    unlock_url = reverse("core:member_unlock", args=[sjostad.slug, membership.pk])
    assert "Låst" in listing and unlock_url in listing and "Lås upp" in listing
    response = admin.post(unlock_url)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=reader.username).exists()
    entry = AuditEntry.objects.get(action="user.unlock")
    assert entry.actor == sjostad_admin and entry.target_id == str(reader.pk) and entry.organisation == sjostad
    listing = admin.get(reverse("core:member_list", args=[sjostad.slug])).content.decode()
    assert unlock_url not in listing
    # The log names the event in Swedish.
    assert "Konto upplåst" in admin.get(reverse("core:audit_list", args=[sjostad.slug])).content.decode()


def test_an_old_lockout_past_the_cool_off_is_not_shown_as_locked(login, sjostad_admin, sjostad, reader):
    _lock_out(reader)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(hours=2))
    listing = login(sjostad_admin).get(reverse("core:member_list", args=[sjostad.slug])).content.decode()
    assert "Lås upp" not in listing


def test_unlock_needs_post_and_an_admin(login, sjostad_admin, sjostad_analyst, sjostad, reader):
    _lock_out(reader)
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    url = reverse("core:member_unlock", args=[sjostad.slug, membership.pk])
    assert login(sjostad_admin).get(url).status_code == 405
    assert login(sjostad_analyst).post(url).status_code == 403
    assert AccessAttempt.objects.filter(username=reader.username).exists()
