"""The organisation administrators' case settings under /arenden/<organisation>/installningar/: the category
tree, handler groups and routing rules. Every write goes through lofte.cases.settings_services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.cases import settings_services as services
from lofte.cases.access import (
    get_case_settings_for_user,
    get_category_for_user,
    get_group_for_user,
    get_routing_rule_for_user,
)
from lofte.cases.models import Category, HandlerGroup, RoutingRule
from lofte.cases.settings_forms import (
    ActiveForm,
    CategoryForm,
    GroupForm,
    MoveForm,
    RoutingRuleForm,
    category_label,
    theme_choices,
)
from lofte.core.models import Organisation


@dataclass(frozen=True)
class Node:
    category: Category
    depth: int
    cases: int
    first: bool
    last: bool
    theme_label: str


def category_tree(organisation: Organisation) -> list[Node]:
    """The tree in the order residents see it, depth first, with how many cases each category has."""
    categories = list(
        Category.objects.filter(organisation=organisation)
        .select_related("group", "parent")
        .annotate(case_count=Count("cases"))
    )
    themes = dict(theme_choices(organisation))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    nodes: list[Node] = []

    def walk(parent_id: int | None, depth: int) -> None:
        siblings = children.get(parent_id, [])
        for i, category in enumerate(siblings):
            count = category.case_count  # type: ignore[attr-defined]
            label = str(themes.get(category.theme, category.theme)) if category.theme else ""
            nodes.append(Node(category, depth, count, i == 0, i == len(siblings) - 1, label))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return nodes


def _categories_page(request: HttpRequest, organisation: Organisation, form: Form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "cases/settings_categories.html",
        {
            "organisation": organisation,
            "nodes": category_tree(organisation),
            "form": form,
            "nav_section": "cases",
            "settings_tab": "categories",
        },
        status=status,
    )


def _category_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.CATEGORY_FIELDS}


@login_required
def categories(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_case_settings_for_user(request.user, slug)
    form = CategoryForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            try:
                category = services.category_create(
                    organisation=organisation, by=request.user, **_category_fields(form.cleaned_data)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Kategorin %(name)s är skapad.") % {"name": category})
                return redirect("cases:categories", slug)
        return _categories_page(request, organisation, form, status=400)
    return _categories_page(request, organisation, form)


@login_required
def category_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, slug, pk)
    organisation = category.organisation
    initial = {name: getattr(category, name) for name in services.CATEGORY_FIELDS}
    form = CategoryForm(request.POST or None, organisation=organisation, category=category, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(category=category, by=request.user, **_category_fields(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kategorin %(name)s är sparad.") % {"name": category})
            return redirect("cases:categories", slug)
    return render(
        request,
        "cases/settings_category_form.html",
        {
            "organisation": organisation,
            "category": category,
            "cases": category.cases.count(),
            "form": form,
            "nav_section": "cases",
            "settings_tab": "categories",
        },
        status=400 if form.errors else 200,
    )


def _with_error(request: HttpRequest, organisation: Organisation, message: str) -> HttpResponse:
    return render(
        request,
        "cases/settings_categories.html",
        {
            "organisation": organisation,
            "nodes": category_tree(organisation),
            "form": CategoryForm(organisation=organisation),
            "error": message,
            "nav_section": "cases",
            "settings_tab": "categories",
        },
        status=400,
    )


@login_required
@require_POST
def category_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, slug, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _with_error(request, category.organisation, _("Välj upp eller ned."))
    services.category_move(category=category, by=request.user, up=form.cleaned_data["direction"] == "up")
    return redirect("cases:categories", slug)


@login_required
@require_POST
def category_active(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, slug, pk)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return _with_error(request, category.organisation, _("Välj aktiv eller inaktiv."))
    services.category_set_active(category=category, by=request.user, active=form.cleaned_data["active"])
    if form.cleaned_data["active"]:
        messages.success(request, _("Kategorin %(name)s är aktiv igen.") % {"name": category})
    else:
        messages.success(
            request,
            _("Kategorin %(name)s är inaktiv: invånarna ser den inte längre, ärendena behåller den.")
            % {"name": category},
        )
    return redirect("cases:categories", slug)


@login_required
@require_POST
def category_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, slug, pk)
    name = str(category)
    try:
        services.category_delete(category=category, by=request.user)
    except ValidationError as error:
        return _with_error(request, category.organisation, " ".join(error.messages))
    messages.success(request, _("Kategorin %(name)s är borttagen.") % {"name": name})
    return redirect("cases:categories", slug)


def _groups_page(request: HttpRequest, organisation: Organisation, form: Form, error: str = "") -> HttpResponse:
    groups = (
        HandlerGroup.objects.filter(organisation=organisation)
        .prefetch_related("members")
        .annotate(open_cases=Count("cases", filter=Q(cases__closed_at__isnull=True, cases__merged_into__isnull=True)))
    )
    return render(
        request,
        "cases/settings_groups.html",
        {
            "organisation": organisation,
            "groups": groups,
            "form": form,
            "error": error,
            "nav_section": "cases",
            "settings_tab": "groups",
        },
        status=400 if form.errors or error else 200,
    )


@login_required
def groups(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_case_settings_for_user(request.user, slug)
    form = GroupForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                organisation=organisation,
                by=request.user,
                name=form.cleaned_data["name"],
                members=list(form.cleaned_data["members"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Gruppen %(name)s är skapad.") % {"name": group})
            return redirect("cases:groups", slug)
    return _groups_page(request, organisation, form)


@login_required
def group_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, slug, pk)
    organisation = group.organisation
    form = GroupForm(
        request.POST or None,
        organisation=organisation,
        initial={"name": group.name, "members": list(group.members.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(
                group=group, by=request.user, name=form.cleaned_data["name"], members=list(form.cleaned_data["members"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Gruppen %(name)s är sparad.") % {"name": group})
            return redirect("cases:groups", slug)
    return render(
        request,
        "cases/settings_group_form.html",
        {"organisation": organisation, "group": group, "form": form, "nav_section": "cases", "settings_tab": "groups"},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def group_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, slug, pk)
    name = str(group)
    try:
        services.group_delete(group=group, by=request.user)
    except ValidationError as error:
        return _groups_page(
            request, group.organisation, GroupForm(organisation=group.organisation), " ".join(error.messages)
        )
    messages.success(request, _("Gruppen %(name)s är borttagen.") % {"name": name})
    return redirect("cases:groups", slug)


def specificity(rule: RoutingRule) -> int:
    """As lofte.cases.services.route decides: category and area (3) before category (2) before area (1);
    the rule for everything else (0) only after the category's own group."""
    return (rule.category_id is not None) * 2 + (rule.area_id is not None)


@login_required
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_case_settings_for_user(request.user, slug)
    form = RoutingRuleForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.routing_rule_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Regeln är sparad."))
            return redirect("cases:rules", slug)
    all_rules = sorted(
        RoutingRule.objects.filter(organisation=organisation).select_related("category__parent", "area", "group"),
        key=lambda r: (-specificity(r), category_label(r.category) if r.category else "", str(r.area or "")),
    )
    fallback = Category.objects.filter(organisation=organisation).select_related("group", "parent")
    return render(
        request,
        "cases/settings_rules.html",
        {
            "organisation": organisation,
            "rules": [(rule, specificity(rule)) for rule in all_rules],
            "fallback": fallback,
            "form": form,
            "nav_section": "cases",
            "settings_tab": "rules",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rule_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    rule = get_routing_rule_for_user(request.user, slug, pk)
    services.routing_rule_delete(rule=rule, by=request.user)
    messages.success(request, _("Regeln är borttagen."))
    return redirect("cases:rules", slug)
