"""Forms of the analysis: themes and their word lists, reviews, bulk actions and the answer filters."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lofte.analysis.report import BANDS, NONE, TIME_LABELS
from lofte.dialogues.models import AgeBand, Gender
from lofte.lib.formfields import parse_id

DEFAULT_WEIGHT = 2.0
_TERM_LINE = re.compile(r"^(?P<term>[^:=]+?|=[^:]+?)\s*(?::\s*(?P<weight>-?\d+(?:[.,]\d+)?))?\s*$")
theme_id_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{1,59}$",
    gettext_lazy("Id får bara innehålla små bokstäver a–z, siffror och understreck, och börja med en bokstav."),
)


def terms_to_text(terms: dict[str, float]) -> str:
    return "\n".join(f"{term}: {weight:g}" for term, weight in terms.items())


def parse_terms(text: str) -> dict[str, float]:
    """One word or phrase a line, optionally ``: weight`` (2 = enough alone, 3 = strong, negative = against)."""
    terms: dict[str, float] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _TERM_LINE.match(line)
        if match is None:
            errors.append(
                _("Rad %(n)d: skriv ett ord eller en fras, eventuellt följt av kolon och vikt.") % {"n": number}
            )
            continue
        weight = float((match["weight"] or str(DEFAULT_WEIGHT)).replace(",", "."))
        if not -5 <= weight <= 5 or weight == 0:
            errors.append(_("Rad %(n)d: vikten ska vara mellan -5 och 5 och inte 0.") % {"n": number})
            continue
        terms[" ".join(match["term"].lower().split())] = weight
    if errors:
        raise forms.ValidationError(errors)
    return terms


class ThemeForm(forms.Form):
    label_sv = forms.CharField(label=gettext_lazy("Namn på svenska"), max_length=120)
    label_en = forms.CharField(label=gettext_lazy("Namn på engelska"), max_length=120, required=False)
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    terms = forms.CharField(
        label=gettext_lazy("Ordlista"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Ett ord eller en fras per rad, med vikt efter kolon: 3 = starkt, 2 = räcker ensamt, 1 = bara "
            "tillsammans med andra ord, minus = talar emot temat. Ett ord träffar alla böjningar och "
            "sammansättningar (belysning träffar gatubelysningen); ord* träffar början, =ord bara hela ordet."
        ),
    )

    def clean_terms(self) -> dict[str, float]:
        return parse_terms(self.cleaned_data["terms"])


class ThemeCreateForm(ThemeForm):
    theme_id = forms.CharField(
        label=gettext_lazy("Id"),
        max_length=60,
        required=False,
        validators=[theme_id_validator],
        help_text=gettext_lazy("Lämna tomt så skapas det av namnet."),
    )

    field_order = ["label_sv", "theme_id", "label_en", "description", "terms"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("label_sv") and not data.get("theme_id"):
            data["theme_id"] = theme_id_from_label(data["label_sv"])
        return data


def theme_id_from_label(label: str) -> str:
    slug = slugify(label.replace("å", "a").replace("ä", "a").replace("ö", "o")).replace("-", "_")
    return (slug if slug[:1].isalpha() else f"tema_{slug}")[:60] or "tema"


class TopicPromoteForm(forms.Form):
    label_sv = forms.CharField(label=gettext_lazy("Namn på det nya temat"), max_length=120)


class ReviewForm(forms.Form):
    ACTIONS = (("accept", gettext_lazy("Godkänn")), ("save", gettext_lazy("Spara")))
    action = forms.ChoiceField(choices=ACTIONS)
    themes = forms.MultipleChoiceField(label=gettext_lazy("Teman"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, theme_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "save" and not data.get("themes"):
            raise forms.ValidationError(_("Välj minst ett tema, eller temat Annat."))
        return data


class BulkForm(forms.Form):
    ACTIONS = (
        ("", gettext_lazy("Välj åtgärd")),
        ("accept", gettext_lazy("Godkänn alla visade")),
        ("add", gettext_lazy("Lägg till tema på markerade")),
        ("remove", gettext_lazy("Ta bort tema från markerade")),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("Åtgärd"),
        choices=ACTIONS,
        error_messages={"required": gettext_lazy("Välj vilken åtgärd som ska utföras.")},
    )
    theme = forms.ChoiceField(label=gettext_lazy("Tema"), required=False)
    confirm = forms.BooleanField(
        label=gettext_lazy("Ja, jag har läst de visade svaren och vill godkänna alla som de är kodade"),
        required=False,
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)
    selected = forms.MultipleChoiceField(required=False)

    def __init__(self, *args: Any, theme_choices: list[tuple[str, str]], coding_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Välj tema")), *theme_choices]
        self.fields["selected"].choices = [(str(pk), str(pk)) for pk in coding_ids]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action in ("add", "remove"):
            if not data.get("theme"):
                self.add_error("theme", _("Välj vilket tema som ska läggas till eller tas bort."))
            if not data.get("selected"):
                raise forms.ValidationError(_("Markera minst ett svar först."))
        if action == "accept":
            if not data.get("confirm"):
                self.add_error("confirm", _("Bekräfta att alla visade svar ska godkännas."))
            ids = [parse_id(s) for s in (data.get("shown") or "").split(",") if s.strip()]
            if not ids or None in ids:
                raise forms.ValidationError(_("Det finns inga visade svar att godkänna."))
            data["shown_ids"] = ids
        return data


class AnswerFilterForm(forms.Form):
    """The answer list's filters; every value is one the analysis page's numbers link with."""

    theme = forms.ChoiceField(label=gettext_lazy("Tema"), required=False)
    band = forms.ChoiceField(label=gettext_lazy("Säkerhet"), required=False)
    place = forms.ChoiceField(label=gettext_lazy("Plats"), required=False)
    time = forms.ChoiceField(label=gettext_lazy("Tid"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Område"), required=False)
    age = forms.ChoiceField(label=gettext_lazy("Ålder"), required=False)
    gender = forms.ChoiceField(label=gettext_lazy("Kön"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Målgrupp"), required=False)
    reviewed = forms.ChoiceField(label=gettext_lazy("Granskning"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("Ämneskandidat"), required=False)

    def __init__(
        self,
        *args: Any,
        themes: list[tuple[str, str]],
        places: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        groups: list[tuple[str, str]],
        topics: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        unset = [(NONE, _("Ej angivet"))]
        self.fields["theme"].choices = everything + themes
        self.fields["band"].choices = everything + [(k, str(v)) for k, v in BANDS.items()]
        self.fields["place"].choices = everything + places
        self.fields["time"].choices = everything + [(k, str(v)) for k, v in TIME_LABELS.items()]
        self.fields["area"].choices = everything + areas + unset
        self.fields["age"].choices = everything + [(v, str(label)) for v, label in AgeBand.choices] + unset
        self.fields["gender"].choices = everything + [(v, str(label)) for v, label in Gender.choices] + unset
        self.fields["group"].choices = everything + groups + unset
        self.fields["reviewed"].choices = everything + [("no", _("Ogranskade")), ("yes", _("Granskade"))]
        self.fields["topic"].choices = everything + topics
