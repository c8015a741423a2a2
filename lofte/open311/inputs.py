"""A POST requests call turned into a RequestInput, or an Invalid naming what is wrong.

Clients send form-encoded bodies, multipart bodies with files, or everything in the query string; attribute
answers come as `attribute[CODE]=v` and, for lists, `attribute[CODE][]=v1&attribute[CODE][]=v2`.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.http import QueryDict
from django.utils.translation import gettext as _

from lofte.cases.models import Case, CaseKind, Category
from lofte.cases.services import Reporter
from lofte.core.models import Organisation, Place
from lofte.lib.formfields import check_phone
from lofte.lib.geo import GeoError, check_point_in_sweden
from lofte.lib.images import ImageRejected, clean_photo
from lofte.open311.protocol import Invalid, without_nul
from lofte.open311.selectors import feedback_attributes
from lofte.open311.services import RequestInput

MAX_DESCRIPTION = 4000
MAX_FIELD = 200
MAX_MEDIA_URLS = 10
PHOTO_FIELDS = ("media", "media[]", "photo", "photo1", "photo2", "photo3")
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,60})\](\[\])?$")


def merged_params(request_get: QueryDict, request_post: QueryDict) -> QueryDict:
    """Query-string parameters with the body's on top: the body wins where both have one."""
    params = request_get.copy()
    for key in request_post:
        params.setlist(key, request_post.getlist(key))
    return params


def value(params: QueryDict, name: str, *, limit: int = MAX_FIELD) -> str:
    text = without_nul(params.get(name) or "").strip()
    if len(text) > limit:
        raise Invalid(_("%(name)s är för lång (högst %(max)s tecken).") % {"name": name, "max": limit})
    return text


def coordinate(params: QueryDict, name: str, low: float, high: float) -> float | None:
    text = value(params, name, limit=40)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise Invalid(_("%(name)s ska vara ett decimaltal.") % {"name": name}) from None
    if not low <= number <= high:
        raise Invalid(_("%(name)s ligger utanför det tillåtna intervallet.") % {"name": name})
    return number


def attributes(params: QueryDict) -> dict[str, str | list[str]]:
    found: dict[str, str | list[str]] = {}
    for key in params:
        match = _ATTRIBUTE.match(key)
        if not match:
            continue
        code, is_list = without_nul(match.group(1)), bool(match.group(2))
        values = [without_nul(v).strip()[:MAX_FIELD] for v in params.getlist(key) if without_nul(v).strip()]
        if values:
            found[code] = values if is_list else values[-1]
    return found


def photo(files: Any) -> bytes | None:
    """The first uploaded file, made safe by the cases' photo cleaning; a case keeps one photo."""
    for name in PHOTO_FIELDS:
        upload: UploadedFile | None = files.get(name)
        if upload is not None:
            try:
                return clean_photo(upload.read())
            except ImageRejected as error:
                raise Invalid(str(error)) from None
    return None


def media_urls(params: QueryDict) -> list[str]:
    urls = [without_nul(u).strip() for u in params.getlist("media_url") + params.getlist("media_url[]")]
    urls = [u for u in urls if u]
    check = URLValidator(schemes=["http", "https"])
    for url in urls:
        if len(url) > 500:
            raise Invalid(_("media_url är för lång."))
        try:
            check(url)
        except ValidationError:
            raise Invalid(_("media_url är inte en webbadress (http eller https).")) from None
    return urls[:MAX_MEDIA_URLS]


def reporter(params: QueryDict) -> Reporter:
    """The resident's contact details. The client application asked for them, and for the resident's consent,
    before sending them; they are never shown in a GET."""
    name = " ".join(part for part in (value(params, "first_name"), value(params, "last_name")) if part)
    if len(name) > MAX_FIELD:
        raise Invalid(
            _("first_name och last_name är tillsammans för långa (högst %(max)s tecken).") % {"max": MAX_FIELD}
        )
    email = value(params, "email")
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            raise Invalid(_("email är inte en e-postadress.")) from None
    try:
        phone = check_phone(value(params, "phone", limit=40))
    except ValidationError:
        raise Invalid(_("phone är inte ett telefonnummer.")) from None
    return Reporter(name=name, email=email, phone=phone, consent=bool(name or email or phone))


def request_input(
    *, organisation: Organisation, params: QueryDict, files: Any, category: Category | None, language: str
) -> RequestInput:
    """`category` is None for Tyck till (service code tyck_till)."""
    lat = coordinate(params, "lat", -90, 90)
    lng = coordinate(params, "long", -180, 180)
    if (lat is None) != (lng is None):
        raise Invalid(_("Ange både lat och long."))
    if lat is not None and lng is not None:
        try:
            check_point_in_sweden(lat=lat, lng=lng)  # the same rule, and words, as Felanmälan's form
        except GeoError as error:
            raise Invalid(str(error)) from None
    address = value(params, "address_string", limit=300)
    place = None
    address_id = value(params, "address_id", limit=40)
    if address_id:
        numeric = re.fullmatch(r"[0-9]{1,9}", address_id)
        place = Place.objects.filter(organisation=organisation, pk=address_id).first() if numeric else None
        if place is None:
            raise Invalid(_("address_id finns inte i kommunens platslista."))
    description = value(params, "description", limit=MAX_DESCRIPTION)
    answers = attributes(params)
    common: dict[str, Any] = {
        "description": description,
        "lat": lat,
        "lng": lng,
        "address": address,
        "place": place,
        "photo": photo(files),
        "media_urls": media_urls(params),
        "attributes": answers,
        "reporter": reporter(params),
        "device_id": value(params, "device_id", limit=100) or value(params, "deviceid", limit=100),
        "account_id": value(params, "account_id", limit=100),
        "language": language,
    }
    if category is not None:
        if lat is None and not address and place is None:
            raise Invalid(_("Ange platsen: lat och long, address_string eller address_id."))
        return RequestInput(kind=CaseKind.FAULT, category=category, **common)
    if not description:
        raise Invalid(_("Skriv ditt meddelande i description."))
    kinds = {key for key, _label in Case.FeedbackType.choices}
    feedback_type = answers.get("typ", "")
    if not isinstance(feedback_type, str) or feedback_type not in kinds:
        required = next(a for a in feedback_attributes("") if a["code"] == "typ")
        raise Invalid(
            _("attribute[typ] krävs, ett av: %(values)s") % {"values": ", ".join(v["key"] for v in required["values"])}
        )
    service = answers.get("verksamhet", "")
    service = service if isinstance(service, str) else ", ".join(service)
    if len(service) > MAX_FIELD:
        raise Invalid(_("attribute[verksamhet] är för lång (högst %(max)s tecken).") % {"max": MAX_FIELD})
    return RequestInput(
        kind=CaseKind.FEEDBACK,
        feedback_type=feedback_type,
        service=service,
        **common,
    )
