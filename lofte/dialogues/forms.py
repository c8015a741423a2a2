"""Forms of the dialogues app. The questionnaire's answers are not a Django form: their fields follow the
campaign's questions, so ``answer_fields`` renders them and ``raw_answers`` reads them back, and
``validate_answers`` (answers.py) decides what is valid, the same for every way in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lofte.core.models import Area, Partnership, Place, User
from lofte.dialogues.answers import QuestionnaireSpec, choices_of
from lofte.dialogues.models import AgeBand, Campaign, Dialogue, Gender, Question, Relation, validate_choice_code
from lofte.dialogues.template import TARGET_GROUPS
from lofte.lib.formfields import ModelMultipleChoiceField, PhoneField
from lofte.lib.geo import OutlineMap, outline_map

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST_CONVERSATION = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def partnership_places(partnership: Partnership) -> Any:
    return Place.objects.filter(organisation_id__in=partnership.organisation_ids()).order_by("name")


def partnership_areas(partnership: Partnership) -> Any:
    return Area.objects.filter(organisation_id__in=partnership.organisation_ids()).order_by("name")


def _model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def target_group_choices(codes: list[str] | None = None) -> list[tuple[str, str]]:
    english = (get_language() or "sv").startswith("en")
    known = [(value, en if english else sv) for value, sv, en in TARGET_GROUPS]
    if codes is None:
        return known
    labels = dict(known)
    return [(code, labels.get(code, code)) for code in codes]


# Campaigns and questionnaires ------------------------------------------------------------------------


# How many years ahead a round may be planned.
CAMPAIGN_YEARS_AHEAD = 5


class CampaignForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Målgrupper"), required=False, widget=forms.CheckboxSelectMultiple, choices=target_group_choices
    )

    class Meta:
        model = Campaign
        fields = ["name", "slug", "year", "starts_on", "ends_on", "target_places", "target_groups", "public_form_open"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "target_places": forms.CheckboxSelectMultiple}
        field_classes = {"target_places": ModelMultipleChoiceField}
        help_texts = {
            "slug": _("Används i adressen, även webbenkätens: små bokstäver, siffror och bindestreck."),
            "target_places": _("Platserna visas först i fältformuläret."),
            "public_form_open": _("Invånare kan svara utan inloggning på webbenkätens adress."),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "target_places").queryset = partnership_places(partnership)
        # Phones queue conversations under the slug and post them to an address with it in it.
        if self.instance.pk and self.instance.dialogues.exists():
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Adressen kan inte ändras när omgången har dialoger.")

    def clean_name(self) -> str:
        # Spacing normalised, so "Medborgardialog  2026" is the same name as "Medborgardialog 2026".
        return " ".join(self.cleaned_data["name"].split())

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        latest = timezone.localdate().year + CAMPAIGN_YEARS_AHEAD
        if not EARLIEST_CONVERSATION.year <= year <= latest:
            raise ValidationError(
                _("Ange ett år mellan %(first)s och %(last)s.") % {"first": EARLIEST_CONVERSATION.year, "last": latest}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean() returns cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatum kan inte vara före startdatum."))
        # The year is what lists, the lägesbild and next year's comparison group the round by: it must be
        # the year the round starts in, not a typo of it.
        year = data.get("year")
        if year and starts_on and starts_on.year != year:
            self.add_error(
                "year",
                _("Året ska vara året då omgången börjar: startdatumet är %(date)s.") % {"date": starts_on.isoformat()},
            )
        return data


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Ett alternativ per rad: kod | svenska | engelska, till exempel ”kvall | Kväll | Evening”. "
            "Behövs för ett val och flera val; tid på dygnet har fasta alternativ."
        ),
    )

    class Meta:
        model = Question
        fields = ["kind", "key", "text_sv", "text_en", "help_sv", "help_en", "required"]
        help_texts = {"key": _("Kort kod som importer och export använder, till exempel ”why_unsafe”.")}

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        key_locked: bool = False,
        codes_in_use: set[str] | frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(
                " | ".join([c["value"], c.get("sv", ""), c.get("en", "")]) for c in self.instance.choices or []
            )
        # Django's own empty choice reads "- Select an option -", untranslated into Swedish.
        _choice_field(self, "kind").choices = [("", _("Välj frågetyp")), *Question.Kind.choices]
        if key_locked:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("Nyckeln kan inte ändras när det finns svar på frågan.")
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Frågetypen kan inte ändras när det finns svar på frågan.")
        if codes_in_use:
            # Django renders help text as HTML: stored codes are data (older ones may predate the code
            # pattern), so they are escaped here.
            self.fields["choices_text"].help_text = format_html(
                str(
                    _(
                        "Ett alternativ per rad: kod | svenska | engelska. Alternativ som finns i svar kan inte tas "
                        "bort: {codes}."
                    )
                ),
                codes=", ".join(sorted(codes_in_use)),
            )

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        taken = self.campaign.questions.filter(key=key).exclude(pk=self.instance.pk).exists()
        if taken:
            raise ValidationError(_("Det finns redan en fråga med nyckeln ”%(key)s”.") % {"key": key})
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean() returns cleaned_data
        choices = []
        for number, line in enumerate((data.get("choices_text") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            value, sv, en = (parts + ["", "", ""])[:3]
            if not value:
                self.add_error("choices_text", _("Rad %(n)s saknar kod.") % {"n": number})
                continue
            try:
                validate_choice_code(value)
            except ValidationError:
                self.add_error(
                    "choices_text",
                    _(
                        "Rad %(n)s: koden får bara innehålla bokstäverna a–z utan å, ä och ö, siffror, "
                        "bindestreck och understreck, högst 40 tecken."
                    )
                    % {"n": number},
                )
                continue
            choices.append({"value": value, "sv": sv or value, "en": en or sv or value})
        if len({c["value"] for c in choices}) != len(choices):
            self.add_error("choices_text", _("Två alternativ har samma kod."))
        kind = data.get("kind")
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
            self.add_error("choices_text", _("Ange minst två svarsalternativ."))
        if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            choices = []
        data["choices"] = choices
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in ["kind", "text_sv", "text_en", "help_sv", "help_en", "required"]}
        fields["choices"] = data["choices"]
        if not self.fields["key"].disabled:
            fields["key"] = data["key"]
        return fields


class AnswerRuleForm(forms.Form):
    """A rule across the questionnaire: at least one of the chosen questions must be answered."""

    questions = ModelMultipleChoiceField(
        label=_("Minst en av de här frågorna ska besvaras"),
        queryset=Question.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst två frågor.")},
    )
    message_sv = forms.CharField(
        label=_("Felmeddelande (svenska)"),
        required=False,
        max_length=300,
        help_text=_("Visas vid regelns första fråga. Utan eget meddelande räknas frågorna upp."),
    )
    message_en = forms.CharField(label=_("Felmeddelande (engelska)"), required=False, max_length=300)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "questions").queryset = campaign.questions.all()

    def clean_questions(self) -> Any:
        questions = self.cleaned_data["questions"]
        if len(questions) < 2:
            raise ValidationError(_("Välj minst två frågor."))
        return questions


# Respondent attributes and contact -------------------------------------------------------------------


def _with_blank(choices: Any) -> list[tuple[str, str]]:
    return [("", _("Inget svar")), *list(choices)]


class RespondentForm(forms.Form):
    """Who answered, all optional and with "Vill ej uppge": never a name, phone or e-mail."""

    age_band = forms.ChoiceField(
        label=_("Ålder"), required=False, choices=_with_blank(AgeBand.choices), widget=forms.RadioSelect
    )
    gender = forms.ChoiceField(
        label=_("Kön"), required=False, choices=_with_blank(Gender.choices), widget=forms.RadioSelect
    )
    relation = forms.ChoiceField(
        label=_("Relation till platsen"),
        required=False,
        choices=_with_blank(Relation.choices),
        widget=forms.RadioSelect,
    )
    home_area = forms.ModelChoiceField(
        label=_("Bostadsområde"), required=False, queryset=Area.objects.none(), empty_label=_("Inget svar")
    )
    target_group = forms.ChoiceField(label=_("Målgrupp"), required=False)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "home_area").queryset = partnership_areas(campaign.partnership)
        groups = target_group_choices(campaign.target_groups or [])
        if groups:
            _choice_field(self, "target_group").choices = _with_blank(groups)
        else:
            del self.fields["target_group"]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "age_band": data.get("age_band") or "",
            "gender": data.get("gender") or "",
            "relation": data.get("relation") or "",
            "home_area": data.get("home_area"),
            "target_group": data.get("target_group") or "",
        }


class ContactForm(forms.Form):
    """A separate, optional request to be contacted: kept apart from the anonymous answers."""

    contact_name = forms.CharField(
        label=_("Namn"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_phone = PhoneField(label=_("Telefon"), required=False)
    contact_email = forms.EmailField(
        label=_("E-post"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_message = forms.CharField(
        label=_("Vad gäller det?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def wanted(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean() returns cleaned_data
        if any(data.get(name) for name in self.fields):
            if not (data.get("contact_name") or "").strip():
                self.add_error("contact_name", _("Ange ett namn så att vi vet vem vi ska kontakta."))
            # An e-mail address that was given but is wrong has its own error; asking for one would mislead.
            given_email = data.get("contact_email") or "contact_email" in self.errors
            if not (data.get("contact_phone") or "").strip() and not given_email:
                self.add_error("contact_phone", _("Ange telefon eller e-post."))
        return data

    def service_fields(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "name": data["contact_name"],
            "phone": data["contact_phone"],
            "email": data["contact_email"] or "",
            "message": data["contact_message"],
        }


class PointForm(forms.Form):
    """Where the conversation took place: a known place and the device's position (filled by capture.js)."""

    place = forms.ModelChoiceField(
        label=_("Plats för samtalet"),
        required=False,
        queryset=Place.objects.none(),
        widget=forms.RadioSelect,
        empty_label=_("Ingen av dessa"),
    )
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    conducted_at = forms.DateTimeField(label=_("Tidpunkt"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, campaign: Campaign, visible_time: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = list(campaign.target_places.order_by("name"))
        _model_choice_field(self, "place").queryset = (
            campaign.target_places.order_by("name") if targets else partnership_places(campaign.partnership)
        )
        if visible_time:
            self.fields["conducted_at"].widget = forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
            _model_choice_field(self, "place").queryset = partnership_places(campaign.partnership)
            self.fields["latitude"].widget = forms.NumberInput(attrs={"step": "any"})
            self.fields["longitude"].widget = forms.NumberInput(attrs={"step": "any"})
            self.fields["latitude"].label = _("Latitud")
            self.fields["longitude"].label = _("Longitud")

    def clean_conducted_at(self) -> dt.datetime | None:
        # A phone's clock may be off by hours, not years; year 1 would not even convert to UTC for storing.
        moment = self.cleaned_data.get("conducted_at")
        if moment is not None and not EARLIEST_CONVERSATION <= moment <= timezone.now() + dt.timedelta(days=1):
            raise ValidationError(_("Tidpunkten ska ligga mellan år 2000 och i dag."))
        return moment

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean() returns cleaned_data
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Ange både latitud och longitud."))
        return data


# Answers ----------------------------------------------------------------------------------------------


def answer_name(question: Question, part: str = "") -> str:
    return f"q-{question.key}{'-' + part if part else ''}"


def raw_answers(spec: QuestionnaireSpec, data: QueryDict) -> dict[str, Any]:
    """The answers as posted by the field, public and correction forms, ready for validate_answers."""
    raw: dict[str, Any] = {}
    for question in spec.questions:
        name = answer_name(question)
        if question.kind in (Question.Kind.MULTIPLE, Question.Kind.TIME):
            raw[question.key] = data.getlist(name)
        elif question.kind == Question.Kind.PLACE:
            known = data.get(answer_name(question, "known"), "")
            kind, _sep, pk = known.partition(":")
            raw[question.key] = {
                "place_id": pk if kind == "place" else "",
                "area_id": pk if kind == "area" else "",
                "lat": data.get(answer_name(question, "lat"), ""),
                "lng": data.get(answer_name(question, "lng"), ""),
                "text": data.get(answer_name(question, "text"), ""),
            }
        else:
            raw[question.key] = data.get(name, "")
    return raw


@dataclass
class AnswerField:
    """One question as a template renders it: wording in the active language, the typed value, errors."""

    question: Question
    label: str
    help: str
    name: str
    errors: list[str]
    value: Any = None
    options: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    map: OutlineMap | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    def part(self, suffix: str) -> str:
        return f"{self.name}-{suffix}"


def answer_fields(
    spec: QuestionnaireSpec,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    language: str | None = None,
    show_places: bool = True,
) -> list[AnswerField]:
    """``values`` are raw posted answers (after an error) or stored answers (when correcting)."""
    english = (language or get_language() or "sv").startswith("en")
    values = values or {}
    errors = errors or {}
    result = []
    known_places = [
        {"value": f"place:{p.pk}", "label": p.name} for p in sorted(spec.places.values(), key=lambda p: p.name)
    ]
    known_areas = [
        {"value": f"area:{a.pk}", "label": a.name} for a in sorted(spec.areas.values(), key=lambda a: a.name)
    ]
    point_map = (
        outline_map(
            areas=[(a.name, a.geometry) for a in spec.areas.values()],
            places=[(p.name, p.latitude, p.longitude) for p in spec.places.values()],
        )
        if show_places
        else None
    )
    for question in spec.questions:
        label = question.text_en if english and question.text_en else question.text_sv
        help_text = question.help_en if english and question.help_en else question.help_sv
        value = values.get(question.key)
        item = AnswerField(
            question=question,
            label=label,
            help=help_text,
            name=answer_name(question),
            errors=list(errors.get(question.key, [])),
        )
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TIME):
            chosen = {str(v) for v in (value if isinstance(value, list) else [value] if value else [])}
            item.options = [
                {
                    "value": c["value"],
                    "label": (c.get("en") if english else c.get("sv")) or c["value"],
                    "checked": c["value"] in chosen,
                }
                for c in choices_of(question)
            ]
        elif question.kind == Question.Kind.SCALE:
            steps: list[int | float] = [1, 2, 3, 4, 5]
            if isinstance(value, float) and not value.is_integer():
                # An imported answer between two steps ("3,5") is offered as it is: saving keeps it.
                steps = sorted([*steps, value])
            item.options = [
                {"value": str(n), "label": number_format(n), "checked": str(value) == str(n)} for n in steps
            ]
        elif question.kind == Question.Kind.PLACE:
            value = value if isinstance(value, dict) else {"text": value} if value else {}
            selected = (
                f"place:{value['place_id']}"
                if value.get("place_id") not in (None, "")
                else f"area:{value['area_id']}"
                if value.get("area_id") not in (None, "")
                else ""
            )
            item.value = {
                "known": selected,
                "lat": value.get("lat", ""),
                "lng": value.get("lng", ""),
                "text": value.get("text", ""),
            }
            item.map = point_map
            if show_places:
                item.places = [
                    {"group": _("Platser"), "items": [dict(p, selected=p["value"] == selected) for p in known_places]},
                    {"group": _("Områden"), "items": [dict(a, selected=a["value"] == selected) for a in known_areas]},
                ]
            result.append(item)
            continue
        item.value = value if value is not None else ""
        result.append(item)
    return result


# The dialogue list filter -------------------------------------------------------------------------------


class DialogueFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Omgång"),
        required=False,
        queryset=Campaign.objects.none(),
        to_field_name="slug",
        empty_label=_("Alla omgångar"),
    )
    area = forms.ModelChoiceField(
        label=_("Område"), required=False, queryset=Area.objects.none(), empty_label=_("Alla områden")
    )
    place = forms.ModelChoiceField(
        label=_("Plats"), required=False, queryset=Place.objects.none(), empty_label=_("Alla platser")
    )
    target_group = forms.ChoiceField(label=_("Målgrupp"), required=False)
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=DATE)
    interviewer = forms.ModelChoiceField(
        label=_("Intervjuare"), required=False, queryset=User.objects.none(), empty_label=_("Alla intervjuare")
    )
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Alla kanaler")), *Dialogue.Channel.choices]
    )
    q = forms.CharField(
        label=_("Sök i fritext"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )

    def __init__(self, *args: Any, partnership: Partnership | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "target_group").choices = [("", _("Alla målgrupper"))]
        if partnership is None:
            return
        _model_choice_field(self, "campaign").queryset = Campaign.objects.filter(partnership=partnership)
        _model_choice_field(self, "area").queryset = partnership_areas(partnership)
        _model_choice_field(self, "place").queryset = partnership_places(partnership)
        _model_choice_field(self, "interviewer").queryset = User.objects.filter(
            recorded_dialogues__campaign__partnership=partnership
        ).distinct()
        groups = sorted({g for c in Campaign.objects.filter(partnership=partnership) for g in c.target_groups or []})
        _choice_field(self, "target_group").choices = [("", _("Alla målgrupper")), *target_group_choices(groups)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean() returns cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("Slutdatum kan inte vara före startdatum."))
        return data
