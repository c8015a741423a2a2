"""Every write to an organisation's case settings: the category tree, handler groups, routing rules and reply
templates. Keyword-only, in a transaction, audited with before and after.

What cases still use is never deleted: a category is deactivated instead (residents no longer see it, its
cases keep it), a group is emptied of its cases first. The database's PROTECT decides a race.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lofte.cases.access import may_handle_cases
from lofte.cases.models import Case, CaseKind, Category, HandlerGroup, ReplyTemplate, RoutingRule
from lofte.core.audit import audit_log
from lofte.core.models import Area, Organisation, User

CATEGORY_FIELDS = (
    "name_sv",
    "name_en",
    "kind",
    "parent",
    "theme",
    "duplicate_distance_m",
    "duplicate_days",
    "target_days",
    "group",
)


def _value(value: Any) -> Any:
    """A field's value as the audit entry stores it: a related object by its primary key."""
    return getattr(value, "pk", value)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in fields}


def _check_same_organisation(organisation: Organisation, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation.pk:
            raise ValidationError(_("%(name)s hör inte till organisationen.") % {"name": obj})


def _check_parent(category: Category | None, parent: Category | None) -> None:
    """A category cannot be placed under itself or under one of its own subcategories."""
    node = parent
    while node is not None and category is not None and category.pk is not None:
        if node.pk == category.pk:
            raise ValidationError(_("En kategori kan inte ligga under sig själv eller sina underkategorier."))
        node = node.parent


def _unique_slug(organisation: Organisation, name: str) -> str:
    base = slugify(name)[:50] or "kategori"
    slug, n = base, 1
    while Category.objects.filter(organisation=organisation, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def category_create(
    *,
    organisation: Organisation,
    by: User,
    name_sv: str,
    name_en: str = "",
    kind: str = CaseKind.FAULT,
    parent: Category | None = None,
    theme: str = "",
    duplicate_distance_m: int = 50,
    duplicate_days: int = 30,
    target_days: int = 10,
    group: HandlerGroup | None = None,
) -> Category:
    if not name_sv.strip():
        raise ValidationError(_("Skriv ett namn."))
    if kind not in CaseKind.values:
        raise ValidationError(_("Okänd typ."))
    _check_same_organisation(organisation, parent, group)
    siblings = Category.objects.filter(organisation=organisation, parent=parent)
    category = Category.objects.create(
        organisation=organisation,
        slug=_unique_slug(organisation, name_sv),
        name_sv=name_sv.strip(),
        name_en=name_en.strip(),
        kind=kind,
        parent=parent,
        theme=theme,
        duplicate_distance_m=duplicate_distance_m,
        duplicate_days=duplicate_days,
        target_days=target_days,
        group=group,
        position=(siblings.aggregate(m=Max("position"))["m"] or 0) + 1,
    )
    audit_log(
        actor=by,
        action="case_category.create",
        target=category,
        organisation=organisation,
        changes=_changes({}, _snapshot(category, CATEGORY_FIELDS)),
    )
    return category


@transaction.atomic
def category_update(*, category: Category, by: User, **fields: Any) -> Category:
    """Change any of CATEGORY_FIELDS. A new service-level target applies to cases that arrive from now on;
    cases already received keep the target they were given."""
    unknown = set(fields) - set(CATEGORY_FIELDS)
    if unknown:
        raise TypeError(f"not a category setting: {sorted(unknown)}")
    category = Category.objects.select_for_update().get(pk=category.pk)
    organisation = category.organisation
    if "name_sv" in fields and not str(fields["name_sv"]).strip():
        raise ValidationError(_("Skriv ett namn."))
    if fields.get("kind", category.kind) not in CaseKind.values:
        raise ValidationError(_("Okänd typ."))
    _check_same_organisation(organisation, fields.get("parent"), fields.get("group"))
    if "parent" in fields:
        _check_parent(category, fields["parent"])
    before = _snapshot(category, CATEGORY_FIELDS)
    for name, value in fields.items():
        setattr(category, name, value.strip() if isinstance(value, str) else value)
    if before["parent"] != _value(category.parent):
        siblings = Category.objects.filter(organisation=organisation, parent=category.parent).exclude(pk=category.pk)
        category.position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    category.save()
    changes = _changes(before, _snapshot(category, CATEGORY_FIELDS))
    if changes:
        audit_log(actor=by, action="case_category.update", target=category, organisation=organisation, changes=changes)
    return category


@transaction.atomic
def category_move(*, category: Category, by: User, up: bool) -> Category:
    """Move a category one step up or down among its siblings (the order residents see)."""
    siblings = list(
        Category.objects.select_for_update().filter(organisation_id=category.organisation_id, parent=category.parent_id)
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == category.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return siblings[index]
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    moved = siblings[other]
    audit_log(
        actor=by,
        action="case_category.move",
        target=moved,
        organisation=moved.organisation,
        changes={"position": [index + 1, other + 1]},
    )
    return moved


@transaction.atomic
def category_set_active(*, category: Category, by: User, active: bool) -> Category:
    """A deactivated category is no longer offered to residents or the API; the cases that have it keep it."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    if category.active == active:
        return category
    category.active = active
    category.save(update_fields=["active"])
    audit_log(
        actor=by,
        action="case_category.activate" if active else "case_category.deactivate",
        target=category,
        organisation=category.organisation,
        changes={"active": [not active, active]},
    )
    return category


@transaction.atomic
def category_delete(*, category: Category, by: User) -> None:
    """Only a category no case has and with no subcategories may be deleted; otherwise deactivate it."""
    used = Case.objects.filter(category=category).count()
    if used:
        raise ValidationError(
            ngettext(
                "%(count)d ärende har kategorin, så den kan inte tas bort. Inaktivera den i stället.",
                "%(count)d ärenden har kategorin, så den kan inte tas bort. Inaktivera den i stället.",
                used,
            )
            % {"count": used}
        )
    if category.children.exists():
        raise ValidationError(_("Kategorin har underkategorier. Flytta eller ta bort dem först."))
    organisation, snapshot = category.organisation, _snapshot(category, CATEGORY_FIELDS)
    audit_log(
        actor=by,
        action="case_category.delete",
        target=category,
        organisation=organisation,
        changes=_changes(snapshot, {}) or {k: [v, None] for k, v in snapshot.items()},
    )
    try:
        category.delete()
    except ProtectedError as error:  # a case arrived with it in the meantime
        raise ValidationError(_("Kategorin används av ärenden. Inaktivera den i stället.")) from error


def _check_members(organisation: Organisation, members: list[User]) -> None:
    for member in members:
        if not may_handle_cases(member, organisation.pk):
            raise ValidationError(_("%(name)s får inte handlägga organisationens ärenden.") % {"name": member})


def _group_snapshot(group: HandlerGroup) -> dict[str, Any]:
    return {"name": group.name, "members": sorted(group.members.values_list("pk", flat=True))}


def _check_group_name(organisation: Organisation, name: str, group: HandlerGroup | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("Skriv ett namn."))
    same = HandlerGroup.objects.filter(organisation=organisation, name__iexact=name)
    if group is not None:
        same = same.exclude(pk=group.pk)
    if same.exists():
        raise ValidationError(_("Det finns redan en grupp med det namnet."))
    return name


@transaction.atomic
def group_create(*, organisation: Organisation, by: User, name: str, members: list[User] | None = None) -> HandlerGroup:
    members = list(members or [])
    _check_members(organisation, members)
    group = HandlerGroup.objects.create(organisation=organisation, name=_check_group_name(organisation, name))
    group.members.set(members)
    audit_log(
        actor=by,
        action="case_group.create",
        target=group,
        organisation=organisation,
        changes=_changes({}, _group_snapshot(group)),
    )
    return group


@transaction.atomic
def group_update(*, group: HandlerGroup, by: User, name: str, members: list[User]) -> HandlerGroup:
    group = HandlerGroup.objects.select_for_update().get(pk=group.pk)
    organisation = group.organisation
    _check_members(organisation, members)
    before = _group_snapshot(group)
    group.name = _check_group_name(organisation, name, group)
    group.save(update_fields=["name"])
    group.members.set(members)
    changes = _changes(before, _group_snapshot(group))
    if changes:
        audit_log(actor=by, action="case_group.update", target=group, organisation=organisation, changes=changes)
    return group


@transaction.atomic
def group_delete(*, group: HandlerGroup, by: User) -> None:
    """Open cases in the group would lose their handling team, and rules and categories their target: all must
    be moved first. Closed cases keep the group's name in their audit trail."""
    open_cases = Case.objects.open().filter(group=group).count()
    if open_cases:
        raise ValidationError(
            ngettext(
                "%(count)d ärende ligger i gruppen. Flytta det till en annan grupp först.",
                "%(count)d ärenden ligger i gruppen. Flytta dem till en annan grupp först.",
                open_cases,
            )
            % {"count": open_cases}
        )
    used_by = [str(c) for c in Category.objects.filter(group=group)]
    if used_by:
        raise ValidationError(
            _("Kategorierna %(names)s skickar ärenden till gruppen. Välj en annan grupp för dem först.")
            % {"names": ", ".join(used_by)}
        )
    if RoutingRule.objects.filter(group=group).exists():
        raise ValidationError(_("Fördelningsregler skickar ärenden till gruppen. Ta bort eller ändra dem först."))
    audit_log(
        actor=by,
        action="case_group.delete",
        target=group,
        organisation=group.organisation,
        changes={k: [v, None] for k, v in _group_snapshot(group).items()},
    )
    group.delete()


@transaction.atomic
def routing_rule_create(
    *,
    organisation: Organisation,
    by: User,
    group: HandlerGroup,
    category: Category | None = None,
    area: Area | None = None,
) -> RoutingRule:
    """A rule names a category, an area, both, or neither (everything else). As lofte.cases.services.route
    decides: the most specific matching rule wins (both, then category, then area), then the category's own
    group, then the rule for everything else."""
    _check_same_organisation(organisation, group, category, area)
    if RoutingRule.objects.filter(organisation=organisation, category=category, area=area).exists():
        if category is None and area is None:
            raise ValidationError(_("Det finns redan en regel för alla övriga ärenden."))
        raise ValidationError(_("Det finns redan en regel för den kategorin och det området."))
    rule = RoutingRule.objects.create(organisation=organisation, category=category, area=area, group=group)
    audit_log(
        actor=by,
        action="case_routing_rule.create",
        target=rule,
        organisation=organisation,
        changes={"category": [None, _value(category)], "area": [None, _value(area)], "group": [None, group.pk]},
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, by: User) -> None:
    """Rules only decide where new cases go; cases already routed keep their group."""
    audit_log(
        actor=by,
        action="case_routing_rule.delete",
        target=rule,
        organisation=rule.organisation,
        changes={"category": [rule.category_id, None], "area": [rule.area_id, None], "group": [rule.group_id, None]},
    )
    rule.delete()


@transaction.atomic
def reply_template_create(*, organisation: Organisation, by: User, name: str, text: str) -> ReplyTemplate:
    if not name.strip() or not text.strip():
        raise ValidationError(_("Skriv både namn och text."))
    template = ReplyTemplate.objects.create(organisation=organisation, name=name.strip(), text=text.strip())
    audit_log(
        actor=by,
        action="case_reply_template.create",
        target=template,
        organisation=organisation,
        changes={"name": [None, template.name], "text": [None, template.text]},
    )
    return template


@transaction.atomic
def reply_template_update(*, template: ReplyTemplate, by: User, name: str, text: str) -> ReplyTemplate:
    if not name.strip() or not text.strip():
        raise ValidationError(_("Skriv både namn och text."))
    before = {"name": template.name, "text": template.text}
    template.name, template.text = name.strip(), text.strip()
    template.save(update_fields=["name", "text"])
    changes = _changes(before, {"name": template.name, "text": template.text})
    if changes:
        audit_log(
            actor=by,
            action="case_reply_template.update",
            target=template,
            organisation=template.organisation,
            changes=changes,
        )
    return template


@transaction.atomic
def reply_template_delete(*, template: ReplyTemplate, by: User) -> None:
    """Replies already sent keep their text (it is copied into the case's events)."""
    audit_log(
        actor=by,
        action="case_reply_template.delete",
        target=template,
        organisation=template.organisation,
        changes={"name": [template.name, None], "text": [template.text, None]},
    )
    template.delete()
