"""Staff forms of the public website: its look and hours, and news items."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lofte.lib.images import ImageRejected, clean_photo
from lofte.lib.opening import HoursError, parse_exceptions, parse_ranges
from lofte.public.models import PublicSite

WEEKDAYS = [_("Måndag"), _("Tisdag"), _("Onsdag"), _("Torsdag"), _("Fredag"), _("Lördag"), _("Söndag")]


class SiteForm(forms.ModelForm):
    class Meta:
        model = PublicSite
        fields = ["colour", "accessibility_contact"]
        widgets = {"colour": forms.TextInput(attrs={"placeholder": "#0b4f8a", "autocomplete": "off"})}


class HoursForm(forms.Form):
    """A week of opening hours, one text a day, and the dated exceptions, one a line."""

    exceptions = forms.CharField(
        label=_("Avvikande dagar"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "En dag per rad: datum, tider eller ”stängt”, och anledning. Till exempel: "
            "2026-12-23 08:00–12:00 Dag före julafton. Helgdagar och aftnar är redan stängda."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, label in enumerate(WEEKDAYS):
            self.fields[f"day_{day}"] = forms.CharField(
                label=label,
                required=False,
                max_length=100,
                help_text=_("Till exempel 08:00–16:30, eller 08:00–12:00, 13:00–16:30. Tomt: stängt."),
            )
        self.order_fields([f"day_{day}" for day in range(7)] + ["exceptions"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        week = {}
        for day in range(7):
            try:
                ranges = parse_ranges(data.get(f"day_{day}", "") or "")
            except HoursError as error:
                self.add_error(f"day_{day}", str(error))
                continue
            if ranges:
                week[day] = ranges
        data["week"] = week
        try:
            data["exception_list"] = parse_exceptions(data.get("exceptions", "") or "")
        except HoursError as error:
            self.add_error("exceptions", str(error))
        return data


class NewsForm(forms.Form):
    """A news item's words and image; the image is re-encoded here (lofte.lib.images), the rest saved by the
    service. ``has_image``: whether the item being edited already has one."""

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    date = forms.DateField(
        label=_("Datum"),
        help_text=_("Datumet som visas vid nyheten, till exempel 2020-12-10."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Tom rad mellan stycken. Länk: [ord som syns](https://adress). "
            "En adress som börjar med https:// blir en länk."
        ),
    )
    upload = forms.FileField(
        label=_("Bild"),
        required=False,
        help_text=_("JPEG, PNG eller WebP. Bilden sparas om utan metadata (till exempel kamerans position)."),
    )
    image_alt = forms.CharField(
        label=_("Bildens alternativtext"),
        max_length=300,
        required=False,
        help_text=_("Beskriv vad bilden visar för den som inte ser den. Krävs när nyheten har en bild."),
    )
    remove_image = forms.BooleanField(label=_("Ta bort bilden"), required=False)

    def __init__(self, *args: Any, has_image: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_image = has_image
        if not has_image:
            del self.fields["remove_image"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("upload")
        data["image_bytes"] = None
        if upload is not None:
            try:
                data["image_bytes"] = clean_photo(upload.read())
            except ImageRejected as error:
                self.add_error("upload", str(error))
        keeps_image = self.has_image and not data.get("remove_image")
        if (upload is not None or keeps_image) and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Skriv en alternativtext som beskriver bilden."))
        return data
