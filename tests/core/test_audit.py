from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lofte.core.models import Area, AuditEntry, Membership
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


def _raw(organisation, action, target, changes):
    return AuditEntry.objects.create(
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target),
        changes=changes,
    )


def _log_page(login, admin, organisation) -> str:
    return login(admin).get(reverse("core:audit_list", args=[organisation.slug])).content.decode()


def test_plain_values_are_shown_as_values_not_as_before_and_after(login, sjostad_admin, sjostad, resecentrum):
    # Other apps log a snapshot on create and counts or channels as plain values.
    _raw(sjostad, "campaign.create", resecentrum, {"name": "Medborgardialog", "target_groups": ["youth", "elderly"]})
    _raw(sjostad, "population.update", resecentrum, {"count": 5})
    body = _log_page(login, sjostad_admin, sjostad)
    assert "Medborgardialog" in body and "youth, elderly" in body and "antal</strong>: 5" in body
    assert "M →" not in body and "youth →" not in body


def test_changes_show_swedish_field_names_choice_labels_and_related_names(
    login, sjostad_admin, sjostad, reader, resecentrum
):
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    _raw(sjostad, "membership.change", membership, {"role": ["reader", "analyst"]})
    old_area = Area.objects.create(organisation=sjostad, name="Gamla stan")
    centrum = Area.objects.create(organisation=sjostad, name="Centrum")
    _raw(sjostad, "place.update", resecentrum, {"area": [old_area.pk, centrum.pk], "kind": ["other", "station"]})
    body = _log_page(login, sjostad_admin, sjostad)
    assert "<strong>roll</strong>: Läsare → Analytiker" in body
    assert "<strong>område</strong>: Gamla stan → Centrum" in body
    assert "<strong>typ</strong>: Annan plats → Station eller hållplats" in body
    assert "Roll ändrad" in body and "Plats ändrad" in body


def test_core_creates_and_deletes_are_stored_and_shown_as_values(login, sjostad_admin, sjostad, resecentrum):
    client = login(sjostad_admin)
    client.post(reverse("core:place_create", args=[sjostad.slug]), {"name": "Ekby torg", "kind": "square"})
    client.post(reverse("core:place_delete", args=[sjostad.slug, resecentrum.pk]))
    created = AuditEntry.objects.get(action="place.create")
    assert created.changes["name"] == "Ekby torg" and created.changes["kind"] == "square"
    assert AuditEntry.objects.get(action="place.delete").changes["name"] == "Resecentrum"
    body = client.get(reverse("core:audit_list", args=[sjostad.slug])).content.decode()
    assert "<strong>namn</strong>: Ekby torg<" in body and "<strong>typ</strong>: Torg<" in body
    assert "<strong>namn</strong>: Resecentrum<" in body


def test_entries_written_before_the_change_type_rule_still_read_well(login, sjostad_admin, sjostad, resecentrum):
    _raw(sjostad, "place.create", resecentrum, {"name": [None, "Resecentrum"]})
    _raw(sjostad, "area.delete", resecentrum, {"name": ["Gamla stan", None]})
    _raw(sjostad, "user.two_factor_reset", resecentrum, {"devices_removed": [2, 0]})
    body = _log_page(login, sjostad_admin, sjostad)
    assert "<strong>namn</strong>: Resecentrum<" in body and "<strong>namn</strong>: Gamla stan<" in body
    assert "None" not in body
    assert "borttagna autentiseringsappar</strong>: 2 → 0" in body


def test_unknown_event_codes_are_readable_in_the_column_and_the_filter(login, sjostad_admin, sjostad, resecentrum):
    _raw(sjostad, "analysis.theme_merge", resecentrum, {})
    _raw(sjostad, "dialogue.correct", resecentrum, {})
    body = _log_page(login, sjostad_admin, sjostad)
    assert "Analysis: theme merge" in body
    assert '<option value="dialogue.correct">Dialog rättad</option>' in body
    assert '<option value="analysis.theme_merge">Analysis: theme merge</option>' in body
    assert "<code>" not in body


def test_organisation_page_shows_the_recent_entries_readably(login, sjostad_admin, sjostad, reader):
    membership = Membership.objects.get(user=reader, organisation=sjostad)
    _raw(sjostad, "membership.change", membership, {"role": ["reader", "analyst"]})
    body = login(sjostad_admin).get(sjostad.get_absolute_url()).content.decode()
    assert "Roll ändrad" in body and "Läsare → Analytiker" in body


def _action_codes_written() -> set[str]:
    """Every event code the product writes: the literal `action=` codes of its audit calls, and the codes made
    from a model's choices."""
    import ast
    import re
    from pathlib import Path

    from lofte.analysis.models import CodingCorrection
    from lofte.cases.models import CaseEvent
    from lofte.situation.models import SourceImport

    code = re.compile(r"[a-z_]+\.[a-z_]*[a-z]")
    found: set[str] = set()
    for path in Path("lofte").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "action":
                found |= {
                    c.value
                    for c in ast.walk(node.value)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str) and code.fullmatch(c.value)
                }
    found |= {f"case.{kind}" for kind in CaseEvent.Kind.values}
    found |= {f"situation.{kind}_import" for kind in SourceImport.Kind.values}
    found |= {f"analysis.coding_{kind}" for kind in CodingCorrection.Kind.values}
    return found


def test_every_event_the_log_can_hold_is_named_in_swedish_and_in_english():
    from django.utils import translation

    from lofte.core.audit import ACTION_LABELS, action_label

    codes = _action_codes_written()
    assert len(codes) > 100
    assert sorted(codes - set(ACTION_LABELS)) == []
    with translation.override("sv"):
        swedish = {c: action_label(c) for c in codes}
    with translation.override("en"):
        assert sorted(c for c in codes if action_label(c) == swedish[c]) == []
