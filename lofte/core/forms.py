"""Forms of the staff administration: validation at the edge, typed cleaned_data for the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lofte.core.audit import action_label
from lofte.core.models import (
    Area,
    ContactCentre,
    Membership,
    Organisation,
    Partnership,
    Place,
    RetentionSchedule,
    User,
)
from lofte.core.roles import Role
from lofte.core.selectors import organisation_conflicts
from lofte.core.services import KEEP_GEOMETRY, RESERVED_SLUGS
from lofte.lib.formfields import ModelMultipleChoiceField
from lofte.lib.geo import CRS_AUTO, GeoError, check_point_in_sweden, parse_polygon, sweref_to_wgs84
from lofte.lib.placefile import split_aliases

MAX_GEOJSON_UPLOAD = 5 * 1024 * 1024
MAX_PLACE_FILE = 5 * 1024 * 1024

CRS_CHOICES = [
    (CRS_AUTO, _("Känn igen automatiskt")),
    ("wgs84", _("WGS84 (grader, som i GPS och webbkartor)")),
    ("sweref99tm", _("SWEREF 99 TM (meter, EPSG:3006)")),
]


class CoordinateField(forms.FloatField):
    """A decimal number written with a point or a Swedish decimal comma."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs


class LinesField(forms.CharField):
    """One item a line (aliases): returns a list without blanks and repeats."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        items = split_aliases(text.splitlines())
        if any(len(item) > 200 for item in items):
            raise ValidationError(_("Ett namn får vara högst 200 tecken."))
        return items


def normalise_newlines(text: str) -> str:
    """Browsers send textareas with CRLF: store plain LF so an unchanged text compares equal."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NewlinesMixin:
    """For model forms: every TextField-backed value gets LF line endings in clean()."""

    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        model = self._meta.model  # type: ignore[attr-defined]
        for name, value in data.items():
            if not isinstance(value, str):
                continue
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(model_field, models.TextField):
                data[name] = normalise_newlines(value)
        return data


# --- Organisations and partnerships ------------------------------------------------------------------------


def _unreserved(slug: str) -> str:
    """``slug``, or a form error when it is a word that addresses use for pages of their own."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("”%(slug)s” är reserverat; välj ett annat kortnamn.") % {"slug": slug})
    return slug


class OrganisationCreateForm(NewlinesMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "kommunkod", "slug", "website"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "slug": _("Används i adresser. Lämna tomt så skapas det av namnet."),
            "kommunkod": _("Fyra siffror, bara för kommuner."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["kind"].choices = Organisation.Kind.choices  # radios need no "---------"

    def clean_slug(self) -> str:
        return _unreserved(self.cleaned_data.get("slug", ""))

    def validate_unique(self) -> None:
        # After the model's own rules (Organisation.clean), so a kommunkod that is taken is told once, as taken.
        super().validate_unique()
        data = self.cleaned_data
        errors = organisation_conflicts(
            name=data.get("name", ""), kind=data.get("kind", ""), kommunkod=data.get("kommunkod", ""), instance=None
        )
        for field, error in errors.items():
            self.add_error(field, error)


class ServedFileInput(forms.ClearableFileInput):
    """A file field whose "current file" links to where the file is really served (uploads are not served from
    MEDIA_URL), or is not a link at all where it is served nowhere (``url=""``)."""

    template_name = "core/widgets/served_file_input.html"

    def __init__(self, *, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["file_name"] = str(value.name).rsplit("/", 1)[-1]
            context["widget"]["served_url"] = self.url
        return context


class OrganisationUpdateForm(NewlinesMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kommunkod", "website", "logo"]
        help_texts = {
            "kommunkod": _("Fyra siffror, till exempel 1494."),
            "logo": _("PNG eller JPEG. Visas på lägesbildens PDF."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_municipality:
            del self.fields["kommunkod"]
        else:
            self.fields["kommunkod"].required = True
        # The public site serves a municipality's logo; another organisation's is only used in PDFs.
        served = reverse("public:logo", args=[self.instance.slug]) if self.instance.is_municipality else ""
        self.fields["logo"].widget = ServedFileInput(url=served)

    def validate_unique(self) -> None:
        super().validate_unique()  # as OrganisationCreateForm's: after the model's own rules
        data = self.cleaned_data
        errors = organisation_conflicts(
            name=data.get("name", ""),
            kind=self.instance.kind,
            kommunkod=data.get("kommunkod", ""),
            instance=self.instance,
        )
        for field, error in errors.items():
            self.add_error(field, error)


class PartnershipCreateForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "slug", "municipality", "police_area", "other_partners"]
        widgets = {"other_partners": forms.CheckboxSelectMultiple}
        field_classes = {"other_partners": ModelMultipleChoiceField}
        help_texts = {"slug": _("Används i adresser. Lämna tomt så skapas det av namnet.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["municipality"].queryset = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        self.fields["police_area"].queryset = Organisation.objects.filter(kind=Organisation.Kind.POLICE_AREA)
        self.fields["other_partners"].queryset = Organisation.objects.all()

    def clean_slug(self) -> str:
        return _unreserved(self.cleaned_data.get("slug", ""))


class PartnershipUpdateForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "other_partners"]
        widgets = {"other_partners": forms.CheckboxSelectMultiple}
        field_classes = {"other_partners": ModelMultipleChoiceField}

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = Organisation.objects.exclude(pk__in=[self.instance.municipality_id, self.instance.police_area_id])
        if not by.is_superuser:
            # See partnership_update: a municipality's administrators add other partners, not kommuner or LPOs.
            candidates = candidates.filter(Q(kind=Organisation.Kind.OTHER) | Q(partner_partnerships=self.instance))
        self.fields["other_partners"].queryset = candidates.distinct()


# --- Areas -----------------------------------------------------------------------------------------------


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=Area.Kind.choices)
    code = forms.CharField(label=_("Kod"), max_length=20, required=False, help_text=_("Till exempel en DeSO-kod."))
    geometry_text = forms.CharField(
        label=_("Gräns som GeoJSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("Klistra in en Polygon eller MultiPolygon, som geometri eller Feature."),
    )
    geometry_file = forms.FileField(
        label=_("eller ladda upp en GeoJSON-fil"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )
    crs = forms.ChoiceField(label=_("Koordinatsystem"), choices=CRS_CHOICES, initial=CRS_AUTO, widget=forms.RadioSelect)
    clear_geometry = forms.BooleanField(label=_("Ta bort den sparade gränsen"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, area: Area | None = None, **kwargs: Any) -> None:
        if area is not None:
            kwargs.setdefault("initial", {"name": area.name, "kind": area.kind, "code": area.code})
        super().__init__(*args, **kwargs)
        self.organisation, self.area = organisation, area
        if area is None or not area.geometry:
            del self.fields["clear_geometry"]
        self.detected_crs = ""

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Area.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.area is not None:
            others = others.exclude(pk=self.area.pk)
        if others.exists():
            raise ValidationError(_("Det finns redan ett område som heter %(name)s.") % {"name": name})
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text = (data.get("geometry_text") or "").strip()
        upload = data.get("geometry_file")
        if upload:
            if upload.size > MAX_GEOJSON_UPLOAD:
                self.add_error("geometry_file", _("Filen är för stor (högst 5 MB)."))
                return data
            if text:
                self.add_error("geometry_text", _("Klistra in GeoJSON eller ladda upp en fil, inte båda."))
                return data
            raw = upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("geometry_file", _("Filen är inte en textfil i UTF-8."))
                return data
        field = "geometry_file" if upload else "geometry_text"
        if data.get("clear_geometry"):
            if text:
                self.add_error("clear_geometry", _("Välj antingen en ny gräns eller att ta bort den gamla."))
            data["geometry"] = None
        elif text:
            try:
                data["geometry"], self.detected_crs = parse_polygon(text, crs=data.get("crs") or CRS_AUTO)
            except GeoError as error:
                self.add_error(field, str(error))
        else:
            data["geometry"] = KEEP_GEOMETRY if self.area is not None else None
        return data


# --- Places ----------------------------------------------------------------------------------------------


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=Place.Kind.choices, initial=Place.Kind.OTHER)
    aliases = LinesField(
        label=_("Andra namn"),
        help_text=_("Ett namn per rad, så som folk säger, till exempel ”stationen”. Textmotorn känner igen dem."),
    )
    area = forms.ModelChoiceField(
        label=_("Område"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Välj automatiskt utifrån punkten"),
    )
    latitude = CoordinateField(label=_("Latitud (N)"), help_text=_("WGS84 i grader, till exempel 58,5035."))
    longitude = CoordinateField(label=_("Longitud (E)"), help_text=_("WGS84 i grader, till exempel 13,1577."))
    sweref_n = CoordinateField(label=_("Norrkoordinat (N)"), help_text=_("SWEREF 99 TM i meter, till exempel 6491000."))
    sweref_e = CoordinateField(label=_("Östkoordinat (E)"), help_text=_("SWEREF 99 TM i meter, till exempel 378000."))

    def __init__(self, *args: Any, organisation: Organisation, place: Place | None = None, **kwargs: Any) -> None:
        if place is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": place.name,
                    "kind": place.kind,
                    "aliases": place.aliases,
                    "area": place.area_id,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                },
            )
        super().__init__(*args, **kwargs)
        self.organisation, self.place = organisation, place
        self.fields["area"].queryset = Area.objects.filter(organisation=organisation)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Place.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.place is not None:
            others = others.exclude(pk=self.place.pk)
        if others.exists():
            raise ValidationError(_("Det finns redan en plats som heter %(name)s.") % {"name": name})
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        north, east = data.get("sweref_n"), data.get("sweref_e")
        if self.errors:
            return data
        wgs = lat is not None or lng is not None
        sweref = north is not None or east is not None
        if wgs and sweref:
            self.add_error("sweref_n", _("Ange punkten antingen i WGS84 eller i SWEREF 99 TM, inte båda."))
            return data
        if wgs and (lat is None or lng is None):
            self.add_error("latitude" if lat is None else "longitude", _("Ange både latitud och longitud."))
            return data
        if sweref and (north is None or east is None):
            self.add_error("sweref_n" if north is None else "sweref_e", _("Ange både norr- och östkoordinat."))
            return data
        if sweref:
            lat, lng = sweref_to_wgs84(north=north, east=east)
        try:
            if lat is not None and lng is not None:
                check_point_in_sweden(lat=lat, lng=lng)
        except GeoError as error:
            self.add_error("sweref_n" if sweref else "latitude", str(error))
            return data
        data["point"] = (round(lat, 6), round(lng, 6)) if lat is not None and lng is not None else (None, None)
        return data


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med platser"),
        required=False,
        help_text=_("GeoJSON (FeatureCollection med punkter) eller CSV med kolumnerna name;lat;lon eller name;n;e."),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,.csv,.txt,text/csv,application/geo+json"}),
    )
    crs = forms.ChoiceField(
        label=_("Koordinatsystem i GeoJSON-filen"), choices=CRS_CHOICES, initial=CRS_AUTO, widget=forms.RadioSelect
    )
    # The preview carries the file's text to the confirming POST, so nothing is stored before "Importera".
    content = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_PLACE_FILE)
    filename = forms.CharField(required=False, widget=forms.HiddenInput, max_length=255)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_PLACE_FILE:
                self.add_error("file", _("Filen är för stor (högst 5 MB)."))
                return data
            data["data"] = upload.read()
            data["filename"] = upload.name
        elif data.get("content"):
            data["data"] = data["content"].encode("utf-8")
        else:
            self.add_error("file", _("Välj en fil att läsa in."))
        return data


# --- Contact centre --------------------------------------------------------------------------------------


class ContactCentreForm(NewlinesMixin, forms.ModelForm):
    class Meta:
        model = ContactCentre
        fields = ["phone", "fax", "email", "visiting_address", "postal_address", "opening_hours"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "fax": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "visiting_address": forms.Textarea(attrs={"rows": 3}),
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
        }


class OnCallForm(forms.Form):
    service = forms.CharField(label=_("Verksamhet"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Telefon"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    note = forms.CharField(
        label=_("När"), max_length=200, required=False, help_text=_("Till exempel ”Kvällar och helger”.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("DELETE"):
            return data
        if data.get("service") and not data.get("phone"):
            self.add_error("phone", _("Ange ett telefonnummer för %(service)s.") % {"service": data["service"]})
        if data.get("phone") and not data.get("service"):
            self.add_error("service", _("Ange vilken verksamhet numret gäller."))
        return data


class BaseOnCallFormSet(forms.BaseFormSet):
    def entries(self) -> list[dict[str, str]]:
        """The filled-in rows in their chosen order, deleted and empty rows left out."""
        rows = [f for f in self.ordered_forms if f.cleaned_data.get("service")] if self.can_order else []
        return [{k: f.cleaned_data.get(k, "") for k in ("service", "phone", "note")} for f in rows]


OnCallFormSet = forms.formset_factory(
    OnCallForm,
    formset=BaseOnCallFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,  # a posted TOTAL_FORMS builds no more forms than that (Django's default is 1,050)
)


# --- Members ---------------------------------------------------------------------------------------------


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-post"), help_text=_("Blir användarnamnet."))
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, initial=Role.READER, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Titel"),
        max_length=120,
        required=False,
        help_text=_("Till exempel kommunpolis eller trygghetssamordnare."),
    )
    password = forms.CharField(
        label=_("Startlösenord"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Lämna tomt så skapas ett starkt lösenord som visas en gång. Gäller bara nya konton."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.existing_user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        email = (data.get("email") or "").strip().lower()
        if not email:
            return data
        self.existing_user = User.objects.filter(email__iexact=email).first()
        if self.existing_user is not None:
            if Membership.objects.filter(user=self.existing_user, organisation=self.organisation).exists():
                self.add_error("email", _("%(email)s är redan medlem här.") % {"email": email})
            elif data.get("password"):
                self.add_error("password", _("Kontot finns redan; dess lösenord ändras inte här. Lämna fältet tomt."))
        elif data.get("password"):
            candidate = User(
                username=email, email=email, first_name=data.get("first_name", ""), last_name=data.get("last_name", "")
            )
            try:
                validate_password(data["password"], candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class MemberInviteForm(forms.Form):
    """What an organisation's administrator gives: the answer is the same whether the address has an account,
    here or elsewhere, or none (see invitation_create)."""

    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, initial=Role.READER, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Titel"),
        max_length=120,
        required=False,
        help_text=_("Till exempel kommunpolis eller trygghetssamordnare."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()
        # Only the organisation's own members, whom the administrator sees in the list anyway.
        if Membership.objects.filter(organisation=self.organisation, user__email__iexact=email).exists():
            raise ValidationError(_("%(email)s är redan medlem här."), params={"email": email})
        return email


class InvitationAccountForm(forms.Form):
    """A new account made from an invitation's link: the invited person chooses their own password."""

    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    password1 = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minst tolv tecken. En mening av några ord är lätt att minnas och svår att gissa."),
    )
    password2 = forms.CharField(
        label=_("Lösenordet igen"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password = data.get("password1")
        if password and data.get("password2") and password != data["password2"]:
            self.add_error("password2", _("Lösenorden är inte lika."))
        elif password:
            candidate = User(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class MembershipForm(forms.ModelForm):
    """Role and title here; name and e-mail too where the administrator may manage the whole account."""

    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-post"), help_text=_("Är också användarnamnet vid inloggning."))

    class Meta:
        model = Membership
        fields = ["first_name", "last_name", "email", "role", "title"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args: Any, manage_account: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices  # radios need no "---------"
        if manage_account:
            user = self.instance.user
            self.initial.update(first_name=user.first_name, last_name=user.last_name, email=user.email)
        else:
            for name in ("first_name", "last_name", "email"):
                del self.fields[name]


# --- Audit log -------------------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Händelse"), required=False)
    actor = forms.ModelChoiceField(label=_("Vem"), queryset=User.objects.none(), required=False, empty_label=_("Alla"))
    date_from = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, actions: list[str], actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labelled = sorted(((a, action_label(a)) for a in actions), key=lambda choice: choice[1].casefold())
        self.fields["action"].choices = [("", _("Alla")), *labelled]
        self.fields["actor"].queryset = actors

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Slutdatumet ligger före startdatumet."))
        return data


# --- Privacy: gallring and residents' data requests -------------------------------------------------------


class RetentionScheduleForm(forms.ModelForm):
    class Meta:
        model = RetentionSchedule
        fields = [
            "contact_request_days",
            "import_file_days",
            "dialogue_free_text_days",
            "case_close_days",
            "case_photo_days",
            "case_anonymise_days",
            "case_delete_days",
        ]
        widgets = {name: forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.required:
                field.help_text = f"{field.help_text} {_('Lämna tomt för att inte gallra.')}"


class ResidentLookupForm(forms.Form):
    email = forms.EmailField(label=_("Invånarens e-postadress"), max_length=254)


class ResidentEraseForm(ResidentLookupForm):
    """Posted from the lookup's result, the address carried along as the lookup found it."""

    email = forms.EmailField(max_length=254, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Jag har kontrollerat invånarens identitet och att uppgifterna får tas bort."),
        required=True,
        error_messages={"required": _("Kryssa i att du har kontrollerat invånarens identitet.")},
    )
