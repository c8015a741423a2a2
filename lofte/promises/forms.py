"""Forms of the promises app: they turn bad input into a re-rendered form; the services decide the rules."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lofte.core.models import Area, Organisation, Partnership, User
from lofte.promises.models import Commitment, FocusArea

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NumberField(forms.FloatField):
    """A number as Swedes write it too: "2,5" is 2.5 (a decimal comma), in either interface language."""

    default_error_messages = {"invalid": gettext_lazy("Skriv ett tal, till exempel 20 eller 2,5.")}

    def __init__(self, **kwargs: Any) -> None:
        # A text field: a number field of some browsers refuses the decimal comma before it is even sent.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
        return value

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?[0-9]+,[0-9]+\s*", value):
            value = value.replace(",", ".")
        return super().to_python(value)


def _areas(partnership: Partnership) -> Any:
    return Area.objects.filter(organisation_id__in=partnership.organisation_ids()).order_by("name")


class PromiseForm(forms.Form):
    start_year = forms.IntegerField(label=gettext_lazy("År"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(
        label=gettext_lazy("Till och med år"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("Lämna tomt om löftet gäller ett år."),
    )
    title_sv = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Rubrik på engelska"), max_length=200, required=False)


class FocusAreaTextForm(forms.Form):
    """A focus area's own words: what the drafting page changes once it is added (its theme and evidence stay)."""

    title_sv = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Rubrik på engelska"), max_length=200, required=False)
    why_sv = forms.CharField(
        label=gettext_lazy("Varför"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Vad invånarna sa, med egna ord. Siffrorna och citaten från lägesbilden följer med."),
    )
    why_en = forms.CharField(
        label=gettext_lazy("Varför, på engelska"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FocusAreaForm(FocusAreaTextForm):
    """A focus area chosen from one of the lägesbild's candidates, or written by hand with a theme."""

    candidate = forms.ChoiceField(label=gettext_lazy("Från lägesbilden"), required=False)
    theme = forms.ChoiceField(label=gettext_lazy("Tema"), required=False)

    field_order = ["candidate", "theme"]

    def __init__(
        self, *args: Any, candidates: list[tuple[str, str]], themes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", _("Inget – välj tema själv")), *candidates]
        self.fields["theme"].choices = [("", _("Välj tema")), *themes]
        if not candidates:
            del self.fields["candidate"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("candidate") and not data.get("theme"):
            self.add_error("theme", _("Välj ett förslag från lägesbilden eller ett tema."))
        return data


class CommitmentForm(forms.Form):
    what_sv = forms.CharField(label=gettext_lazy("Vad görs?"), widget=forms.Textarea(attrs={"rows": 3}))
    what_en = forms.CharField(
        label=gettext_lazy("Vad görs? (engelska)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ChoiceField(label=gettext_lazy("Vem ansvarar?"), choices=Commitment.Owner.choices)
    partner_name = forms.CharField(
        label=gettext_lazy("Annan part"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Till exempel fältsekreterarna, skolorna eller fastighetsägarna."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Var?"), queryset=Area.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=pgettext_lazy("datum", "Start"), widget=DATE)
    ends_on = forms.DateField(label=pgettext_lazy("datum", "Slut"), widget=DATE)
    target_kind = forms.ChoiceField(label=pgettext_lazy("åtagande", "Mål"), choices=Commitment.TargetKind.choices)
    target_value = NumberField(
        label=gettext_lazy("Målvärde"),
        required=False,
        help_text=gettext_lazy("Antal, eller indexet (0–6) som trygghetsmätningen ska nå."),
    )
    survey_item = forms.CharField(label=gettext_lazy("Mått i trygghetsmätningen"), max_length=60, required=False)
    baseline_value = NumberField(label=gettext_lazy("Utgångsvärde"), required=False)
    contact = forms.ModelChoiceField(
        label=gettext_lazy("Kontaktperson"),
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Får påminnelser när inget loggats på länge. Utan kontaktperson får den ansvariga partens "
            "administratörer och analytiker dem."
        ),
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Del av åtagande"),
        queryset=Commitment.objects.none(),
        required=False,
        empty_label=gettext_lazy("Inget – ett eget åtagande"),
    )

    def __init__(self, *args: Any, focus_area: FocusArea, exclude_pk: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = _areas(focus_area.promise.partnership)  # type: ignore[attr-defined]
        parents = Commitment.objects.filter(focus_area=focus_area, parent__isnull=True)
        if exclude_pk:
            parents = parents.exclude(pk=exclude_pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["contact"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                is_active=True, memberships__organisation_id__in=focus_area.promise.partnership.organisation_ids()
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class CommitmentEditForm(CommitmentForm):
    """The commitment as it was when the page was opened: ``based_on`` is its revision then."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ActivityForm(forms.Form):
    """The phone form: few fields, today by default, a key per send so a retry stores once."""

    occurred_on = forms.DateField(label=gettext_lazy("Datum"), widget=DATE)
    what = forms.CharField(label=gettext_lazy("Vad gjordes?"), max_length=300)
    where = forms.CharField(label=gettext_lazy("Var?"), max_length=200, required=False)
    count = forms.IntegerField(label=gettext_lazy("Hur många?"), min_value=0, max_value=100000, initial=1)
    note = forms.CharField(label=gettext_lazy("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    planned = forms.TypedChoiceField(
        label=gettext_lazy("Gjort eller planerat?"),
        choices=[("0", gettext_lazy("Gjort")), ("1", gettext_lazy("Planerat"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    key = forms.UUIDField(widget=forms.HiddenInput)
    # A planned activity this send logs as done (from the calendar's "Logga som gjord").
    plan = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Commitment.Status.choices)
    measured_value = NumberField(
        label=gettext_lazy("Senast uppmätt värde"),
        required=False,
        help_text=gettext_lazy("För mål i trygghetsmätningen: indexet i den senaste mätningen."),
    )


class ApproveForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=partnership.organisation_ids()
        )
