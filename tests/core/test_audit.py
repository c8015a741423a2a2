from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lofte.core.models import AuditEntry
from lofte.core.roles import Role
from tests.conftest import make_user


def _entry(organisation, actor, action, days_ago=0, repr_="X"):
    entry = AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        action=action,
        target_type="core.place",
        target_id="1",
        target_repr=repr_,
    )
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))
    return entry


def test_admin_filters_the_log_by_action_actor_and_date(login, sjostad_admin, sjostad, sjostad_analyst):
    _entry(sjostad, sjostad_admin, "place.create", repr_="Nyss skapad")
    _entry(sjostad, sjostad_analyst, "place.update", repr_="Analytikerns")
    _entry(sjostad, sjostad_admin, "place.update", days_ago=40, repr_="Gammal")
    client = login(sjostad_admin)
    url = reverse("core:audit_list", args=[sjostad.slug])
    body = client.get(url, {"action": "place.update"}).content.decode()
    assert "Analytikerns" in body and "Gammal" in body and "Nyss skapad" not in body
    body = client.get(url, {"actor": sjostad_analyst.pk}).content.decode()
    assert "Analytikerns" in body and "Gammal" not in body
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    body = client.get(url, {"date_from": since}).content.decode()
    assert "Gammal" not in body and "Nyss skapad" in body


def test_log_is_paginated(login, sjostad_admin, sjostad):
    for number in range(55):
        _entry(sjostad, sjostad_admin, "place.create", repr_=f"Plats {number:02d}")
    client = login(sjostad_admin)
    url = reverse("core:audit_list", args=[sjostad.slug])
    first = client.get(url).content.decode()
    assert "55 loggposter" in first and "Sida 1 av 2" in first and "Plats 54" in first
    second = client.get(url, {"sida": 2}).content.decode()
    assert "Plats 00" in second and "Plats 54" not in second


def test_inverted_dates_are_a_form_error(login, sjostad_admin, sjostad):
    response = login(sjostad_admin).get(
        reverse("core:audit_list", args=[sjostad.slug]), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert response.status_code == 400
    assert "Slutdatumet ligger före startdatumet" in response.content.decode()


def test_only_the_organisations_own_entries_are_shown(login, sjostad_admin, sjostad, grannby, outsider):
    _entry(grannby, outsider, "place.create", repr_="Grannbys hemlighet")
    body = login(sjostad_admin).get(reverse("core:audit_list", args=[sjostad.slug])).content.decode()
    assert "Grannbys hemlighet" not in body


def test_analyst_and_police_admin_cannot_read_the_log(login, sjostad_analyst, sjostad, lpo_sjostad, partnership):
    assert login(sjostad_analyst).get(reverse("core:audit_list", args=[sjostad.slug])).status_code == 403
    police_admin = make_user("polischef", lpo_sjostad, Role.ADMIN)
    assert login(police_admin).get(reverse("core:audit_list", args=[sjostad.slug])).status_code == 404


def test_every_admin_write_is_in_the_log_with_its_organisation(login, sjostad_admin, sjostad):
    client = login(sjostad_admin)
    client.post(reverse("core:area_create", args=[sjostad.slug]), {"name": "Ekby", "kind": "tatort", "crs": "auto"})
    client.post(reverse("core:place_create", args=[sjostad.slug]), {"name": "Ekby torg", "kind": "square"})
    actions = list(
        AuditEntry.objects.filter(organisation=sjostad, actor=sjostad_admin).values_list("action", flat=True)
    )
    assert sorted(actions) == ["area.create", "place.create"]
