"""Validation of answers against a campaign's questionnaire: the one place that decides what an answer is.

Used by every way in: the field form and its offline queue, the public web form, the import (per row) and
corrections. ``validate_answers(campaign, raw)`` takes loose input (strings from a form or a spreadsheet
cell, lists, or an already cleaned value) and returns the cleaned answers, or raises a ValidationError
whose message dict is keyed by question key, in Swedish. Cleaning a cleaned answer set changes nothing,
so a caller may validate first and record later.

Cleaned values by question kind:
  text      "free text" (not yet redacted: ``dialogue_record`` redacts before storing)
  single    "value"
  multiple  ["value", ...]          time  ["evening", "weekend", ...]
  scale     1..5
  place     {"place_id": 3, "name": "Resecentrum"} | {"area_id": 2, "name": "Centrum"}
            | {"lat": 58.5, "lng": 13.1} | {"text": "vid kiosken"}  (a known place or area may be combined
            with a point and a text)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lofte.core.models import Area, Place
from lofte.dialogues.models import AgeBand, Campaign, Gender, Question, Relation
from lofte.dialogues.template import TARGET_GROUPS, TIME_CHOICES
from lofte.lib.geo import GeoError, check_point_in_sweden
from lofte.lib.untrusted import has_unstorable

MAX_TEXT = 4000
_SPLIT = re.compile(r"\s*[;,|\n]\s*")


@dataclass
class RuleSpec:
    """An AnswerRule as validation reads it: at least one of ``keys`` (questionnaire order) answered."""

    keys: list[str]
    message_sv: str = ""
    message_en: str = ""


@dataclass
class QuestionnaireSpec:
    """A campaign's questions and the places and areas an answer may name, loaded once (imports reuse it)."""

    campaign: Campaign
    questions: list[Question]
    places: dict[int, Place] = field(default_factory=dict)
    areas: dict[int, Area] = field(default_factory=dict)
    place_names: dict[str, Place] = field(default_factory=dict)
    area_names: dict[str, Area] = field(default_factory=dict)
    rules: list[RuleSpec] = field(default_factory=list)

    @property
    def by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.questions}

    def protected_words(self) -> list[str]:
        """Place and area names: redaction must not mask them as personal names or addresses."""
        return sorted({word for name in [*self.place_names, *self.area_names] for word in name.split()})


def load_questionnaire(campaign: Campaign) -> QuestionnaireSpec:
    organisation_ids = campaign.partnership.organisation_ids()
    places = list(Place.objects.filter(organisation_id__in=organisation_ids).select_related("area"))
    areas = list(Area.objects.filter(organisation_id__in=organisation_ids))
    spec = QuestionnaireSpec(
        campaign=campaign,
        questions=list(campaign.questions.all()),
        places={p.pk: p for p in places},
        areas={a.pk: a for a in areas},
    )
    order = {q.pk: n for n, q in enumerate(spec.questions)}
    for rule in campaign.answer_rules.prefetch_related("questions"):
        keys = [q.key for q in sorted(rule.questions.all(), key=lambda q: order.get(q.pk, len(order)))]
        spec.rules.append(RuleSpec(keys=keys, message_sv=rule.message_sv, message_en=rule.message_en))
    for place in places:
        for name in place.all_names():
            spec.place_names.setdefault(name.strip().lower(), place)
    for area in areas:
        spec.area_names.setdefault(area.name.strip().lower(), area)
    return spec


def choices_of(question: Question) -> list[dict[str, str]]:
    if question.kind == Question.Kind.TIME and not question.choices:
        return TIME_CHOICES
    return question.choices or []


def validate_answers(
    campaign: Campaign, raw: Mapping[str, Any], *, spec: QuestionnaireSpec | None = None
) -> dict[str, Any]:
    """Cleaned answers {question key: value}; empty answers are left out. Raises ValidationError by key."""
    spec = spec or load_questionnaire(campaign)
    questions = spec.by_key
    errors: dict[str, list[str]] = {}
    for key in raw:
        if key not in questions:
            errors[key] = [_("Frågan ”%(key)s” finns inte i enkäten.") % {"key": key}]
    cleaned: dict[str, Any] = {}
    for question in spec.questions:
        value = raw.get(question.key)
        try:
            result = _clean(question, value, spec)
        except ValidationError as error:
            errors[question.key] = list(error.messages)
            continue
        if result in (None, "", [], {}):
            if question.required:
                errors[question.key] = [_("Frågan måste besvaras.")]
            continue
        cleaned[question.key] = result
    for rule in spec.rules:
        keys = [key for key in rule.keys if key in questions]
        # A question of the rule that is answered, or wrongly answered, already says what to do.
        if keys and not any(key in cleaned or key in errors for key in keys):
            errors[keys[0]] = [rule_message(rule, spec)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def rule_message(rule: RuleSpec, spec: QuestionnaireSpec) -> str:
    """The rule's own message in the active language, else one that names its questions."""
    english = (get_language() or "sv").startswith("en")
    own = rule.message_en if english else rule.message_sv
    if own:
        return own
    questions = spec.by_key
    names = [
        (questions[key].text_en if english and questions[key].text_en else questions[key].text_sv)
        for key in rule.keys
        if key in questions
    ]
    return _("Besvara minst en av frågorna %(questions)s.") % {"questions": ", ".join(f"”{n}”" for n in names)}


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | dict):
        return not any(not _is_empty(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _clean(question: Question, value: Any, spec: QuestionnaireSpec) -> Any:
    if has_unstorable(value):
        # Answers are stored as JSON, past the NUL check of Django's form fields; PostgreSQL refuses a NUL.
        raise ValidationError(_("Svaret innehåller ett otillåtet tecken (NUL eller ett trasigt Unicode-tecken)."))
    if _is_empty(value):
        return None
    kind = question.kind
    if kind == Question.Kind.TEXT:
        if not isinstance(value, str | int | float):
            raise ValidationError(_("Svaret ska vara en text."))
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Svaret får vara högst %(max)s tecken.") % {"max": MAX_TEXT})
        return text
    if kind == Question.Kind.SINGLE:
        values = _as_list(value)
        if len(values) != 1:
            raise ValidationError(_("Välj ett av svarsalternativen."))
        return _match_choice(question, values[0])
    if kind in (Question.Kind.MULTIPLE, Question.Kind.TIME):
        matched = [_match_choice(question, v) for v in _as_list(value)]
        order = [c["value"] for c in choices_of(question)]
        return sorted(set(matched), key=order.index)
    if kind == Question.Kind.SCALE:
        return _clean_scale(value)
    if kind == Question.Kind.PLACE:
        return _clean_place(value, spec)
    raise ValidationError(_("Okänd frågetyp."))


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in _SPLIT.split(value.strip()) if v]
    if isinstance(value, list | tuple | set):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value).strip()]


def _match_choice(question: Question, value: str) -> str:
    wanted = value.strip().lower()
    for choice in choices_of(question):
        if wanted in {str(choice.get(k, "")).strip().lower() for k in ("value", "sv", "en")}:
            return choice["value"]
    allowed = ", ".join(c.get("sv") or c["value"] for c in choices_of(question))
    raise ValidationError(
        _("”%(value)s” är inget av svarsalternativen (%(allowed)s).") % {"value": value, "allowed": allowed}
    )


def _clean_scale(value: Any) -> int | float:
    """1 to 5; a value between steps ("3,5" or 3.5: a summary's mean, a respondent between two) is kept as
    given. Only a value outside the scale, or not a number, is wrong."""
    message = _("Ange en siffra från 1 till 5.")
    if isinstance(value, bool):
        raise ValidationError(message)
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u2212", "-"))
    except InvalidOperation:
        raise ValidationError(message) from None
    if not number.is_finite() or not 1 <= number <= 5:
        raise ValidationError(message)
    if number == number.to_integral_value():
        return int(number)
    return float(number)  # JSON holds the shortest float that reads back as the decimal given


def _clean_place(value: Any, spec: QuestionnaireSpec) -> dict[str, Any]:
    if isinstance(value, str | int):
        return _place_from_text(str(value).strip(), spec)
    if not isinstance(value, Mapping):
        raise ValidationError(_("Ange en plats."))
    result: dict[str, Any] = {}
    place_id, area_id = value.get("place_id"), value.get("area_id")
    if not _is_empty(place_id):
        place = spec.places.get(_int_or_none(place_id) or -1)
        if place is None:
            raise ValidationError(_("Platsen finns inte bland kommunens platser."))
        result.update(place_id=place.pk, name=place.name)
    elif not _is_empty(area_id):
        area = spec.areas.get(_int_or_none(area_id) or -1)
        if area is None:
            raise ValidationError(_("Området finns inte bland kommunens områden."))
        result.update(area_id=area.pk, name=area.name)
    lat, lng = value.get("lat"), value.get("lng")
    if not _is_empty(lat) or not _is_empty(lng):
        result.update(_clean_point(lat, lng))
    text = value.get("text")
    if not _is_empty(text):
        text = str(text).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Svaret får vara högst %(max)s tecken.") % {"max": MAX_TEXT})
        if not result:
            return _place_from_text(text, spec)
        result["text"] = text
    return result


def _place_from_text(text: str, spec: QuestionnaireSpec) -> dict[str, Any]:
    """A spreadsheet cell or a typed answer: a known place or area by name, else kept as free text."""
    wanted = text.lower()
    if wanted.startswith("place:") or wanted.startswith("area:"):
        kind, _sep, pk = wanted.partition(":")
        return _clean_place({f"{kind}_id": pk}, spec)
    if wanted in spec.place_names:
        place = spec.place_names[wanted]
        return {"place_id": place.pk, "name": place.name}
    if wanted in spec.area_names:
        area = spec.area_names[wanted]
        return {"area_id": area.pk, "name": area.name}
    if len(text) > MAX_TEXT:
        raise ValidationError(_("Svaret får vara högst %(max)s tecken.") % {"max": MAX_TEXT})
    return {"text": text}


def _clean_point(lat: Any, lng: Any) -> dict[str, float]:
    try:
        point = {"lat": float(str(lat).replace(",", ".")), "lng": float(str(lng).replace(",", "."))}
    except ValueError:
        raise ValidationError(_("Ange punkten som latitud och longitud i decimalgrader.")) from None
    if not (-90 <= point["lat"] <= 90 and -180 <= point["lng"] <= 180):
        raise ValidationError(_("Punkten ligger utanför jordklotet: kontrollera latitud och longitud."))
    try:  # the same rule as a fault report's and a place's point
        check_point_in_sweden(lat=point["lat"], lng=point["lng"])
    except GeoError as error:
        raise ValidationError(str(error)) from None
    return {"lat": round(point["lat"], 6), "lng": round(point["lng"], 6)}


def wrong_point_part(lat: Any, lng: Any) -> str | None:
    """Which half of a place answer's point is wrong, "lat" or "lng", so an error can lead to that very
    field; None when no point is given or it is a valid one."""
    if _is_empty(lat) and _is_empty(lng):
        return None
    for part, value, limit in (("lat", lat, 90), ("lng", lng, 180)):
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            return part
        if not -limit <= number <= limit:
            return part
    try:
        _clean_point(lat, lng)
    except ValidationError:  # a point outside Sweden: the latitude comes first
        return "lat"
    return None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


ATTRIBUTE_FIELDS = ("age_band", "gender", "relation", "home_area", "target_group")


def is_empty_conversation(answers: Mapping[str, Any], attributes: Mapping[str, Any]) -> bool:
    """No answer and nothing about the respondent: the rule every way in applies (field form, web survey,
    corrections, imports). Where and when the conversation took place alone is not a conversation."""
    return not answers and all(_is_empty(value) for value in attributes.values())


def empty_conversation_message() -> str:
    return _("Inga svar är ifyllda: ett tomt samtal sparas inte.")


def clean_attributes(
    campaign: Campaign, raw: Mapping[str, Any], *, spec: QuestionnaireSpec | None = None
) -> dict[str, Any]:
    """Respondent attributes, all optional: age_band, gender, relation (codes or Swedish labels), home_area
    (an Area, its id or its name) and target_group (one of the campaign's). Raises ValidationError by field."""
    spec = spec or load_questionnaire(campaign)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {"age_band": "", "gender": "", "relation": "", "home_area": None, "target_group": ""}
    for name, choices in (("age_band", AgeBand), ("gender", Gender), ("relation", Relation)):
        value = raw.get(name)
        if _is_empty(value):
            continue
        code = _match_enum(choices, str(value))
        if code is None:
            errors[name] = [_("”%(value)s” är inget giltigt svar.") % {"value": value}]
        else:
            cleaned[name] = code
    home = raw.get("home_area")
    if isinstance(home, Area):
        home = home.pk
    if not _is_empty(home):
        area = spec.areas.get(_int_or_none(home) or -1) or spec.area_names.get(str(home).strip().lower())
        if area is None:
            errors["home_area"] = [_("Området ”%(value)s” finns inte.") % {"value": home}]
        cleaned["home_area"] = area
    group = raw.get("target_group")
    if not _is_empty(group):
        code = _match_group(campaign, str(group))
        if code is None:
            errors["target_group"] = [_("”%(value)s” är ingen av omgångens målgrupper.") % {"value": group}]
        cleaned["target_group"] = code or ""
    if errors:
        raise ValidationError(errors)
    return cleaned


def _match_enum(choices: Iterable[Any], value: str) -> str | None:
    wanted = value.strip().lower()
    for choice in choices:  # type: ignore[attr-defined]
        if wanted in {str(choice.value).lower(), str(choice.label).lower()}:
            return str(choice.value)
    return None


def target_group_label(code: str) -> str:
    for value, sv, _en in TARGET_GROUPS:
        if value == code:
            return sv
    return code


def _match_group(campaign: Campaign, value: str) -> str | None:
    wanted = value.strip().lower()
    for code in campaign.target_groups or []:
        if wanted in {code.lower(), target_group_label(code).lower()}:
            return code
    return None
