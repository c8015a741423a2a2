"""API keys: created by the command or by the organisation's administrators, stored only as a hash, revocable."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from lofte.core.access import token_hash
from lofte.core.models import AuditEntry
from lofte.open311.access import api_key_for
from lofte.open311.models import ApiKey


def test_the_command_prints_the_new_key_as_its_last_line_and_stores_only_its_hash(sjostad) -> None:
    out = io.StringIO()
    call_command("open311_key", "create", "--organisation", "sjostad", "--name", "FixaMinGata", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    stored = ApiKey.objects.get(organisation=sjostad, name="FixaMinGata")
    assert stored.key_hash == token_hash(key)
    assert key not in str(ApiKey.objects.filter(pk=stored.pk).values().get())
    assert api_key_for(key) == stored
    assert AuditEntry.objects.filter(action="open311_key.create", target_id=str(stored.pk)).exists()


def test_the_command_refuses_an_unknown_organisation(db) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("open311_key", "create", "--organisation", "nowhere", "--name", "X", stdout=io.StringIO())


def test_an_administrator_creates_a_key_sees_it_once_and_revokes_it(login, sjostad, sjostad_admin) -> None:
    client = login(sjostad_admin)
    url = reverse("open311_staff:key_list", args=["sjostad"])
    response = client.post(url, {"name": "Trygghetsappen", "rate_limit": "30"})
    assert response.status_code == 200
    stored = ApiKey.objects.get(organisation=sjostad, name="Trygghetsappen")
    assert stored.rate_limit == 30 and not stored.may_update and stored.created_by == sjostad_admin
    key = re.search(r"<code>(o311_[^<]{20,})</code>", response.content.decode()).group(1)
    assert api_key_for(key) == stored
    assert key not in client.get(url).content.decode()  # never shown again

    client.post(reverse("open311_staff:key_revoke", args=["sjostad", stored.pk]))
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    assert api_key_for(key) is None
    assert AuditEntry.objects.filter(action="open311_key.revoke", actor=sjostad_admin).exists()


def test_a_key_without_a_name_is_refused_with_the_typed_values_kept(login, sjostad, sjostad_admin) -> None:
    response = login(sjostad_admin).post(
        reverse("open311_staff:key_list", args=["sjostad"]), {"name": "", "rate_limit": "45"}
    )
    assert response.status_code == 400
    assert 'value="45"' in response.content.decode()
    assert not ApiKey.objects.exists()


def test_a_case_handler_may_not_manage_keys(login, sjostad, case_handler) -> None:
    response = login(case_handler).post(reverse("open311_staff:key_list", args=["sjostad"]), {"name": "X"})
    assert response.status_code == 403
    assert not ApiKey.objects.exists()


def test_a_police_area_has_no_api_keys_since_only_a_kommun_is_an_open311_jurisdiction(
    login, client, lpo_sjostad, sjostad, street_lights
) -> None:
    from django.core.management.base import CommandError

    from lofte.core.roles import Role
    from lofte.open311.services import api_key_create
    from tests.conftest import make_user

    staff = login(make_user("polisadmin", lpo_sjostad, Role.ADMIN))
    url = reverse("open311_staff:key_list", args=[lpo_sjostad.slug])
    assert staff.get(url).status_code == 404
    assert staff.post(url, {"name": "Polisappen", "rate_limit": "30"}).status_code == 404
    with pytest.raises(CommandError, match="Bara en kommun"):
        call_command("open311_key", "create", "--organisation", lpo_sjostad.slug, "--name", "X", stdout=io.StringIO())
    assert not ApiKey.objects.exists()

    # A key a police area was given before this rule writes nothing.
    old = ApiKey.objects.create(organisation=lpo_sjostad, name="Gammal", key_hash=token_hash("o311_gammal"))
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": "o311_gammal", "service_code": "gatubelysning", "lat": "58.5", "long": "13.1"},
    )
    assert response.status_code == 403
    assert not old.organisation.cases.exists()
    assert api_key_create(organisation=sjostad, name="Kommunens app", by=None).api_key.organisation == sjostad
