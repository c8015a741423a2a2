"""Forms of the case settings pages: the category tree, handler groups, routing rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lofte.analysis.selectors import theme_labels
from lofte.cases.models import CaseKind, Category, HandlerGroup
from lofte.cases.selectors import case_handlers
from lofte.core.models import Area, Organisation, Partnership, User
from lofte.lib.formfields import ModelMultipleChoiceField
from lofte.text import load_taxonomy


def theme_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The themes of the lägesbild the organisation takes part in (its partnership's taxonomy, the shipped one
    when it has none), so a category's cases land on the right theme."""
    partnership = Partnership.objects.filter(Q(municipality=organisation) | Q(police_area=organisation)).first()
    if partnership is not None:
        labels = theme_labels(partnership)
    else:
        labels = {t.id: t.label_in("sv") for t in load_taxonomy().themes if not t.retired}
    return [("", _("Inget tema")), *sorted(labels.items(), key=lambda item: str(item[1]).casefold())]


def category_label(category: Category) -> str:
    return f"{category.parent} › {category}" if category.parent_id else str(category)


class CategoryForm(forms.Form):
    name_sv = forms.CharField(label=_("Namn"), max_length=120)
    name_en = forms.CharField(label=_("Namn på engelska"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Typ"), choices=CaseKind.choices, initial=CaseKind.FAULT)
    parent = forms.ModelChoiceField(
        label=_("Ligger under"), queryset=Category.objects.none(), required=False, empty_label=_("Översta nivån")
    )
    theme = forms.ChoiceField(
        label=_("Tema i lägesbilden"), required=False, help_text=_("Ärendena räknas under temat i lägesbilden.")
    )
    duplicate_distance_m = forms.IntegerField(
        label=_("Avstånd för dubbletter (meter)"),
        min_value=1,
        max_value=5000,
        initial=50,
        help_text=_("Till exempel 30 m för gatubelysning, 10 m för potthål, 100 m för nedskräpning."),
    )
    duplicate_days = forms.IntegerField(
        label=_("Tidsfönster för dubbletter (dagar)"),
        min_value=1,
        max_value=365,
        initial=30,
        help_text=_("Bara öppna ärenden som kommit in inom så många dagar föreslås som dubbletter."),
    )
    target_days = forms.IntegerField(
        label=_("Mål för åtgärd (dagar)"),
        min_value=0,
        max_value=365,
        initial=10,
        help_text=_("0 betyder inget mål. Ett ändrat mål gäller ärenden som kommer in från och med nu."),
    )
    group = forms.ModelChoiceField(
        label=_("Grupp som tar emot ärendena"),
        queryset=HandlerGroup.objects.none(),
        required=False,
        empty_label=_("Ingen (inkorgen)"),
        help_text=_("Gäller när ingen fördelningsregel passar."),
    )

    def __init__(self, *args: Any, organisation: Organisation, category: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Category.objects.filter(organisation=organisation).select_related("parent")
        if category is not None:
            parents = parents.exclude(pk__in=_subtree_ids(category))
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = category_label
        self.fields["theme"].choices = theme_choices(organisation)
        self.fields["group"].queryset = HandlerGroup.objects.filter(organisation=organisation)


def _subtree_ids(category: Category) -> set[int]:
    ids, frontier = {category.pk}, [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    return ids


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Upp")), ("down", _("Ned"))])


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", _("Aktiv")), ("0", _("Inaktiv"))], coerce=lambda v: v == "1")


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=120)
    members = ModelMultipleChoiceField(
        label=_("Medlemmar"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = case_handlers(organisation)
        self.fields["members"].label_from_instance = lambda u: u.get_full_name() or u.username


class RoutingRuleForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), required=False, empty_label=_("Alla kategorier")
    )
    area = forms.ModelChoiceField(
        label=_("Område"), queryset=Area.objects.none(), required=False, empty_label=_("Alla områden")
    )
    group = forms.ModelChoiceField(
        label=_("Till grupp"),
        queryset=HandlerGroup.objects.none(),
        help_text=_("Utan kategori och område blir regeln den för alla övriga ärenden."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(organisation=organisation).select_related("parent")
        self.fields["category"].label_from_instance = category_label
        self.fields["area"].queryset = Area.objects.filter(organisation=organisation)
        self.fields["group"].queryset = HandlerGroup.objects.filter(organisation=organisation)
