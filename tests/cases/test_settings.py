"""An organisation's administrators edit the category tree, handler groups, routing rules and reply templates;
every change is audited, and what cases still use is deactivated, never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lofte.cases.models import Case, Category, HandlerGroup, ReplyTemplate, RoutingRule
from lofte.cases.services import route
from lofte.core.models import Area, AuditEntry
from tests.cases.conftest import submit_fault

pytestmark = pytest.mark.django_db


def _url(name: str, organisation, *args) -> str:  # noqa: ANN001
    return reverse(f"cases:{name}", args=[organisation.slug, *args])


def _category(**extra) -> dict:  # noqa: ANN003
    return {
        "name_sv": "Potthål",
        "name_en": "Pothole",
        "kind": "felanmalan",
        "theme": "",
        "duplicate_distance_m": 10,
        "duplicate_days": 14,
        "target_days": 7,
        **extra,
    }


def test_an_admin_adds_a_subcategory_with_theme_distance_target_and_group(login, sjostad_admin, sjostad, street_lights):
    street = Category.objects.create(organisation=sjostad, slug="gata", name_sv="Gata och väg")
    client = login(sjostad_admin)
    data = _category(parent=street.pk, theme="belysning", group=street_lights.group_id)
    response = client.post(_url("categories", sjostad), data)
    assert response.status_code == 302
    pothole = Category.objects.get(name_sv="Potthål")
    assert (pothole.parent, pothole.name_en, pothole.theme) == (street, "Pothole", "belysning")
    assert (pothole.duplicate_distance_m, pothole.duplicate_days, pothole.target_days) == (10, 14, 7)
    assert pothole.group_id == street_lights.group_id and pothole.slug == "potthal"
    entry = AuditEntry.objects.get(action="case_category.create", actor=sjostad_admin)
    assert entry.changes["duplicate_distance_m"] == [None, 10] and entry.organisation == sjostad


def test_an_admin_edits_a_category_and_the_audit_keeps_before_and_after(login, sjostad_admin, sjostad, street_lights):
    client = login(sjostad_admin)
    response = client.post(
        _url("category_edit", sjostad, street_lights.pk), _category(name_sv="Gatljus", duplicate_distance_m=40)
    )
    assert response.status_code == 302
    street_lights.refresh_from_db()
    assert (street_lights.name_sv, street_lights.duplicate_distance_m, street_lights.group) == ("Gatljus", 40, None)
    changes = AuditEntry.objects.get(action="case_category.update").changes
    assert changes["name_sv"] == ["Gatubelysning", "Gatljus"] and changes["duplicate_distance_m"] == [30, 40]


def test_a_category_cannot_be_put_under_its_own_subcategory(login, sjostad_admin, sjostad, street_lights):
    child = Category.objects.create(organisation=sjostad, slug="lykta", name_sv="Lykta", parent=street_lights)
    response = login(sjostad_admin).post(
        _url("category_edit", sjostad, street_lights.pk), _category(name_sv="Gatubelysning", parent=child.pk)
    )
    assert response.status_code == 400
    street_lights.refresh_from_db()
    assert street_lights.parent is None
    assert not AuditEntry.objects.filter(action="case_category.update").exists()


def test_a_category_cases_use_is_deactivated_not_deleted_with_a_clear_message(
    login, sjostad_admin, sjostad, street_lights, dark_light
):
    client = login(sjostad_admin)
    fault_form = reverse("cases_public:fault", args=[sjostad.slug])
    assert ">Gatubelysning</option>" in client.get(fault_form).content.decode()
    refused = client.post(_url("category_delete", sjostad, street_lights.pk))
    assert refused.status_code == 400
    assert "1 ärende har kategorin, så den kan inte tas bort. Inaktivera den i stället." in refused.content.decode()
    assert Category.objects.filter(pk=street_lights.pk).exists()
    assert client.post(_url("category_active", sjostad, street_lights.pk), {"active": "0"}).status_code == 302
    street_lights.refresh_from_db()
    dark_light.refresh_from_db()
    assert not street_lights.active and dark_light.category == street_lights
    assert AuditEntry.objects.filter(action="case_category.deactivate", actor=sjostad_admin).exists()
    # Residents no longer see it.
    form = client.get(fault_form).content.decode()
    assert ">Gatubelysning</option>" not in form


def test_an_unused_category_is_deleted_and_the_deletion_audited(login, sjostad_admin, sjostad):
    spare = Category.objects.create(organisation=sjostad, slug="snow", name_sv="Snö och halka")
    assert login(sjostad_admin).post(_url("category_delete", sjostad, spare.pk)).status_code == 302
    assert not Category.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.get(action="case_category.delete").target_repr == "Snö och halka"


def test_moving_a_category_up_changes_the_order_residents_see(login, sjostad_admin, sjostad):
    first = Category.objects.create(organisation=sjostad, slug="a", name_sv="Gata", position=1)
    second = Category.objects.create(organisation=sjostad, slug="b", name_sv="Park", position=2)
    login(sjostad_admin).post(_url("category_move", sjostad, second.pk), {"direction": "up"})
    assert list(Category.objects.filter(organisation=sjostad).values_list("pk", flat=True)) == [second.pk, first.pk]
    assert AuditEntry.objects.filter(action="case_category.move").exists()


def test_a_case_handler_may_not_edit_the_category_tree(login, case_handler, sjostad, street_lights):
    client = login(case_handler)
    assert client.get(_url("categories", sjostad)).status_code == 403
    response = client.post(_url("category_edit", sjostad, street_lights.pk), _category(name_sv="Hackat"))
    assert response.status_code == 403
    street_lights.refresh_from_db()
    assert street_lights.name_sv == "Gatubelysning"


def test_a_police_member_never_sees_a_kommuns_categories_or_groups(login, police_analyst, sjostad, street_lights):
    client = login(police_analyst)
    assert client.get(_url("categories", sjostad)).status_code == 404
    assert client.post(_url("category_delete", sjostad, street_lights.pk)).status_code == 404
    assert client.get(_url("group_edit", sjostad, street_lights.group_id)).status_code == 404
    assert Category.objects.filter(pk=street_lights.pk).exists()
    assert not AuditEntry.objects.filter(actor=police_analyst).exists()


def test_an_admin_makes_a_group_of_members_and_may_not_add_an_outsider_or_a_reader(
    login, sjostad_admin, case_handler, outsider, reader, sjostad
):
    client = login(sjostad_admin)
    assert f'value="{reader.pk}"' not in client.get(_url("groups", sjostad)).text
    for someone in (outsider, reader):
        refused = client.post(_url("groups", sjostad), {"name": "Parkenheten", "members": [someone.pk]})
        assert refused.status_code == 400
    assert not HandlerGroup.objects.filter(name="Parkenheten").exists()
    assert (
        client.post(_url("groups", sjostad), {"name": "Parkenheten", "members": [case_handler.pk]}).status_code == 302
    )
    group = HandlerGroup.objects.get(name="Parkenheten")
    assert list(group.members.all()) == [case_handler]
    assert AuditEntry.objects.get(action="case_group.create").changes["members"] == [None, [case_handler.pk]]


def test_a_group_with_open_cases_cannot_be_deleted(login, sjostad_admin, sjostad, street_lights, dark_light):
    group = street_lights.group
    response = login(sjostad_admin).post(_url("group_delete", sjostad, group.pk))
    assert response.status_code == 400
    assert "1 ärende ligger i gruppen" in response.content.decode()
    assert HandlerGroup.objects.filter(pk=group.pk).exists()


def test_routing_rules_show_their_order_and_the_most_specific_wins(login, sjostad_admin, sjostad, street_lights):
    park = HandlerGroup.objects.create(organisation=sjostad, name="Parkenheten")
    centre = HandlerGroup.objects.create(organisation=sjostad, name="Centrum")
    area = Area.objects.create(organisation=sjostad, name="Centrum")
    client = login(sjostad_admin)
    assert client.post(_url("rules", sjostad), {"area": area.pk, "group": park.pk}).status_code == 302
    both = {"category": street_lights.pk, "area": area.pk, "group": centre.pk}
    assert client.post(_url("rules", sjostad), both).status_code == 302
    assert client.post(_url("rules", sjostad), both).status_code == 400  # the same rule twice
    assert RoutingRule.objects.count() == 2
    page = client.get(_url("rules", sjostad)).content.decode()
    assert page.index("1. kategori och område") < page.index("3. område")
    assert "Passar ingen av dem går ärendet till kategorins egen grupp" in page
    assert route(organisation=sjostad, category=street_lights, area=area) == centre
    assert route(organisation=sjostad, category=street_lights, area=None) == street_lights.group
    assert AuditEntry.objects.filter(action="case_routing_rule.create").count() == 2


def test_a_new_case_is_routed_by_a_rule_made_in_the_settings(login, sjostad_admin, sjostad, street_lights):
    park = HandlerGroup.objects.create(organisation=sjostad, name="Parkenheten")
    login(sjostad_admin).post(_url("rules", sjostad), {"category": street_lights.pk, "group": park.pk})
    assert submit_fault(sjostad, street_lights).group == park


def test_reply_templates_are_created_edited_and_deleted_through_audited_services(login, case_handler, sjostad):
    client = login(case_handler)
    client.post(_url("reply_templates", sjostad), {"name": "Tack", "text": "Tack för din anmälan!"})
    template = ReplyTemplate.objects.get()
    client.post(_url("reply_template_edit", sjostad, template.pk), {"name": "Tack", "text": "Tack!"})
    template.refresh_from_db()
    assert template.text == "Tack!"
    client.post(_url("reply_template_delete", sjostad, template.pk))
    assert not ReplyTemplate.objects.exists()
    actions = list(AuditEntry.objects.filter(actor=case_handler).order_by("pk").values_list("action", flat=True))
    assert actions == ["case_reply_template.create", "case_reply_template.update", "case_reply_template.delete"]


def test_a_changed_target_applies_to_new_cases_only(login, sjostad_admin, sjostad, street_lights, dark_light):
    login(sjostad_admin).post(_url("category_edit", sjostad, street_lights.pk), _category(target_days=20))
    before = dark_light.due_at
    dark_light.refresh_from_db()
    assert dark_light.due_at == before
    later = submit_fault(sjostad, Category.objects.get(pk=street_lights.pk))
    assert (later.due_at - later.created_at).days == 20
    assert Case.objects.count() == 2


def test_the_rule_for_everything_else_takes_feedback_and_categories_without_a_group(
    login, sjostad_admin, sjostad, street_lights
):
    """The demo's Kontaktcenter rule (no category, no area) was never applied: the most specific rule had to
    match something."""
    centre = HandlerGroup.objects.create(organisation=sjostad, name="Kontaktcenter")
    snow = Category.objects.create(organisation=sjostad, slug="sno", name_sv="Snö och halka")
    client = login(sjostad_admin)
    assert client.post(_url("rules", sjostad), {"group": centre.pk}).status_code == 302
    assert client.post(_url("rules", sjostad), {"group": centre.pk}).status_code == 400  # only one
    assert route(organisation=sjostad, category=None, area=None) == centre
    assert route(organisation=sjostad, category=snow, area=None) == centre
    assert route(organisation=sjostad, category=street_lights, area=None) == street_lights.group
    assert "4. alla övriga" in client.get(_url("rules", sjostad)).content.decode()
