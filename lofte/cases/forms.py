"""Forms of the cases app: the residents' two forms and the handler's actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lofte.cases.models import Case, CaseKind, Category, HandlerGroup, ReplyTemplate
from lofte.cases.selectors import case_handlers
from lofte.core.models import Organisation, Place, User
from lofte.lib.formfields import PhoneField
from lofte.lib.geo import GeoError, check_point_in_sweden
from lofte.lib.images import MAX_UPLOAD_BYTES

# Translated when shown: "%" on a lazy text at import would fix it in the language active then (Swedish).
PHOTO_HELP = lazy(
    lambda: (
        _("JPEG, PNG eller WebP, högst %(mb)s MB. Platsuppgifter i bilden tas bort.")
        % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
    ),
    str,
)()

MAX_MESSAGE = 4000


def _decimal(value: str) -> float | None:
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError as error:
        raise ValidationError(_("Skriv ett tal, till exempel 58.5035.")) from error


class ContactFields(forms.Form):
    """Optional contact details; stored with the case only with the resident's consent."""

    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-post"), required=False, help_text=_("Då får du bekräftelse och svar per e-post.")
    )
    phone = PhoneField(label=_("Telefon"), required=False)
    consent = forms.BooleanField(
        label=_("Jag godkänner att mina kontaktuppgifter sparas med ärendet."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = any(data.get(k) for k in ("name", "email", "phone"))
        if given and not data.get("consent"):
            self.add_error("consent", _("Kryssa i rutan, eller töm kontaktfälten för att vara anonym."))
        return data


class FeedbackForm(ContactFields):
    field_order = ["feedback_type", "service", "message", "name", "email", "phone", "consent"]
    feedback_type = forms.ChoiceField(
        label=_("Vad vill du lämna?"), choices=Case.FeedbackType.choices, widget=forms.RadioSelect
    )
    service = forms.CharField(
        label=_("Vilken verksamhet gäller det?"),
        max_length=200,
        required=False,
        help_text=_("Till exempel skolan, biblioteket, hemtjänsten eller en gata."),
    )
    message = forms.CharField(
        label=_("Ditt meddelande"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 6})
    )


class FaultForm(ContactFields):
    field_order = [
        "category",
        "place",
        "address",
        "lat",
        "lng",
        "message",
        "photo",
        "name",
        "email",
        "phone",
        "consent",
    ]
    category = forms.ChoiceField(label=_("Vad gäller felet?"))
    place = forms.ChoiceField(label=_("Välj en plats i listan"), required=False)
    address = forms.CharField(
        label=_("…eller skriv adressen eller platsen"),
        max_length=300,
        required=False,
        help_text=_("Till exempel Storgatan 12 eller gångtunneln vid stationen."),
    )
    lat = forms.CharField(label=_("Latitud"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    lng = forms.CharField(label=_("Longitud"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    message = forms.CharField(
        label=_("Beskriv felet"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = forms.FileField(
        label=_("Foto (frivilligt)"),
        required=False,
        help_text=PHOTO_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        language = get_language() or "sv"
        categories = list(Category.objects.active().filter(organisation=organisation, kind=CaseKind.FAULT))
        parents = {c.parent_id for c in categories if c.parent_id}
        self.categories = {str(c.pk): c for c in categories if c.pk not in parents}
        groups: dict[str, list[tuple[str, str]]] = {}
        by_id = {c.pk: c for c in categories}
        for category in self.categories.values():
            parent = by_id.get(category.parent_id) if category.parent_id else None
            groups.setdefault(parent.name(language) if parent else "", []).append(
                (str(category.pk), category.name(language))
            )
        choices: list[Any] = [("", _("Välj …"))]
        for group, options in groups.items():
            if group:
                choices.append((group, options))
            else:
                choices += options
        self.fields["category"].choices = choices
        self.places = {str(p.pk): p for p in Place.objects.filter(organisation=organisation).order_by("name")}
        self.fields["place"].choices = [("", _("Ingen vald"))] + [(k, p.name) for k, p in self.places.items()]

    def clean_category(self) -> Category:
        category = self.categories.get(self.cleaned_data.get("category") or "")
        if category is None:
            raise ValidationError(_("Välj vad felet gäller."))
        return category

    def clean_place(self) -> Place | None:
        return self.places.get(self.cleaned_data.get("place") or "")

    def clean_lat(self) -> float | None:
        return _decimal(self.cleaned_data.get("lat", ""))

    def clean_lng(self) -> float | None:
        return _decimal(self.cleaned_data.get("lng", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None) and "lat" not in self.errors and "lng" not in self.errors:
            self.add_error("lat" if lat is None else "lng", _("Fyll i både latitud och longitud, eller ingen av dem."))
        elif lat is not None and lng is not None:
            try:
                check_point_in_sweden(lat=lat, lng=lng)
            except GeoError as error:
                self.add_error("lat", str(error))
        located = data.get("place") or data.get("address", "").strip() or (lat is not None and lng is not None)
        if not located and not self.errors.get("lat") and not self.errors.get("lng"):
            self.add_error("address", _("Ange var felet är: välj en plats, skriv en adress eller tryck på kartan."))
        return data


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handläggare"), queryset=User.objects.none(), required=False)
    group = forms.ModelChoiceField(label=_("Grupp"), queryset=HandlerGroup.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = case_handlers(organisation)
        self.fields["group"].queryset = HandlerGroup.objects.filter(organisation=organisation)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Case.Status.choices)
    message = forms.CharField(
        label=_("Besked till invånaren"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när ärendet avslutas: skriv vad som har gjorts."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Intern anteckning"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Mall"), queryset=ReplyTemplate.objects.none(), required=False)
    text = forms.CharField(
        label=_("Svar till invånaren"), max_length=MAX_MESSAGE, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReplyTemplate.objects.filter(organisation=organisation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip():
            template = data.get("template")
            if template is None:
                self.add_error("text", _("Skriv ett svar eller välj en mall."))
            else:
                data["text"] = template.text
        return data


class PublicTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text för publicering"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DiarienummerForm(forms.Form):
    diarienummer = forms.CharField(label=_("Diarienummer"), max_length=60, required=False)


class PoliceReportSentForm(forms.Form):
    police_reference = forms.CharField(
        label=_("Polisens diarienummer (om du fått det)"),
        max_length=60,
        required=False,
        help_text=_("Till exempel 5000-K123456-26."),
    )


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Slå ihop med ärende (referensnummer)"), max_length=20)


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("open", _("Öppna")), ("", _("Alla"))] + list(Case.Status.choices)
    )
    kind = forms.ChoiceField(label=_("Typ"), required=False, choices=[("", _("Alla"))] + list(CaseKind.choices))
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    area = forms.ChoiceField(label=_("Område"), required=False)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    mine = forms.BooleanField(label=_("Bara mina"), required=False)
    priority = forms.BooleanField(label=_("Bara prioriterade enligt medborgarlöftet"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Alla"))] + [
            (str(c.pk), str(c)) for c in Category.objects.filter(organisation=organisation)
        ]
        self.fields["area"].choices = [("", _("Alla"))] + [(str(a.pk), a.name) for a in organisation.areas.all()]


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=CaseKind.choices)
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.none(), required=False)
    feedback_type = forms.ChoiceField(
        label=_("Slag"), choices=[("", "–")] + list(Case.FeedbackType.choices), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.choosable().filter(organisation=organisation)
        self.fields["category"].label_from_instance = lambda category: category.name(get_language())


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=120)
    text = forms.CharField(label=_("Text"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 6}))
