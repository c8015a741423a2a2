"""Rows of an import file as the campaign's answers: column mapping and the validation of every row.

`auto_mapping` guesses which column holds what from the headers people write (any case, with or without
å, ä and ö, abbreviated); `clean_mapping` checks a mapping; `validate_table` checks every row with the same
`validate_answers` and `clean_attributes` as every other way in, and names each error by the row as the
user sees it (the line of the CSV file, the row of the sheet) and the column (its header and letter).
Reads only: the services that store are in `imports.py`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lofte.core.models import Area, Membership, Place, User
from lofte.dialogues.answers import (
    clean_attributes,
    empty_conversation_message,
    is_empty_conversation,
    load_questionnaire,
    validate_answers,
)
from lofte.dialogues.models import AgeBand, Campaign, ColumnMapping, Question
from lofte.lib.tabular import Table, column_letter

IDEMPOTENCY_NAMESPACE = uuid.UUID("5b0f6a52-8d3e-4c1e-9a57-6f1f0c7e2d11")

# Targets a column can map to besides the questions ("q:<key>").
ATTRIBUTE_TARGETS: dict[str, Promise] = {
    "conducted_date": gettext_lazy("Datum för samtalet"),
    "conducted_time": gettext_lazy("Klockslag för samtalet"),
    "place": gettext_lazy("Plats för samtalet"),
    "area": gettext_lazy("Område för samtalet"),
    "age_band": gettext_lazy("Ålder"),
    "gender": gettext_lazy("Kön"),
    "relation": gettext_lazy("Relation till platsen"),
    "home_area": gettext_lazy("Bostadsområde"),
    "target_group": gettext_lazy("Målgrupp"),
    "interviewer": gettext_lazy("Intervjuare"),
}

# Header words municipalities use (compared by normalise_header: any case, å, ä and ö as a and o).
HEADER_SYNONYMS: dict[str, set[str]] = {
    "area": {"område", "stadsdel", "samtalsområde", "områdeförsamtalet", "kommundel", "delområde", "area"},
    "conducted_date": {"datum", "date", "samtalsdatum", "dag", "tidpunkt", "datumochtid", "datumtid"},
    "conducted_time": {"klockslag", "klockan", "kl", "tid", "time", "tidpådygnet"},
    "place": {
        "plats",
        "samtalsplats",
        "platsförsamtalet",
        "platsfördialogen",
        "place",
        "location",
        "var",
        "dialogplats",
        "platsförsamtal",
    },
    "age_band": {"ålder", "åldersgrupp", "ålderskategori", "age", "ageband", "åldersintervall"},
    "gender": {"kön", "gender", "sex", "könsidentitet"},
    "relation": {"relation", "relationtillplatsen", "relationtillområdet", "koppling"},
    "home_area": {
        "bostadsområde",
        "hemområde",
        "borområde",
        "boendeområde",
        "homearea",
        "bostadsort",
        "borivilketområde",
    },
    "target_group": {"målgrupp", "grupp", "targetgroup"},
    "interviewer": {
        "intervjuare",
        "intervjuadav",
        "samtalsledare",
        "interviewer",
        "personal",
        "antecknatav",
        "registreradav",
        "dialogförare",
    },
}

# Headers people write for the national template's questions (see template.py: the keys are stable), used
# only when the campaign has a question with that key.
QUESTION_SYNONYMS: dict[str, set[str]] = {
    "feel_safe": {"trygghet", "trygghet 1-5", "upplevd trygghet", "hur trygg", "trygghetsbetyg"},
    "where_unsafe": {"var otrygg", "var otryggt", "otrygg plats", "otrygga platser"},
    "when_unsafe": {"när", "när otrygg", "när otryggt"},
    "why_unsafe": {"varför", "varför otrygg", "varför otryggt"},
    "what_safer": {"vad skulle göra det tryggare", "vad kan bli bättre", "förslag", "förbättringar"},
    "priorities": {"prioritera", "prioriteringar", "vad ska prioriteras"},
    "contribute": {"bidra", "kan du bidra", "vill bidra"},
}

GENDER_WORDS = {
    "woman": {"k", "kv", "kvinna", "kvinnor", "tjej", "flicka", "f", "female", "woman", "dam"},
    "man": {"m", "man", "män", "kille", "pojke", "male", "herre"},
    "other": {"annat", "annan", "icke-binär", "ickebinär", "other", "x"},
    "undisclosed": {"vill ej uppge", "vill inte uppge", "ej svar", "uppgift saknas", "-", "?", "vet ej"},
}
RELATION_WORDS = {
    "lives": {"bor", "boende", "bor här", "bor i området", "lives"},
    "works": {"arbetar", "jobbar", "arbetar här", "jobbar här", "works"},
    "studies": {"studerar", "pluggar", "elev", "studerar här", "går i skolan", "studies"},
    "visits": {"besöker", "besökare", "besöker platsen", "på besök", "visits"},
    "undisclosed": {"vill ej uppge", "vill inte uppge", "-", "?"},
}
TIME_WORDS = {
    "morning": {"morgon", "morgnar", "morgonen", "förmiddag", "förmiddagar", "tidig morgon", "fm"},
    "day": {"dag", "dagtid", "dagen", "dagar", "eftermiddag", "eftermiddagar", "em", "lunch"},
    "evening": {"kväll", "kvällar", "kvällen", "kvällstid", "på kvällen", "på kvällarna", "sen kväll"},
    "night": {"natt", "nätter", "natten", "nattetid", "på natten", "på nätterna", "sent"},
    "weekday": {"vardag", "vardagar", "veckodag", "veckodagar", "i veckan"},
    "weekend": {"helg", "helger", "helgen", "helgerna", "på helgen", "lördag", "söndag", "fredag"},
}
_WORD_TO_TIME = {word: value for value, words in TIME_WORDS.items() for word in words}
_AGE_BANDS = [
    (0, 15, "0-15"),
    (16, 19, "16-19"),
    (20, 29, "20-29"),
    (30, 44, "30-44"),
    (45, 64, "45-64"),
    (65, 79, "65-79"),
    (80, 200, "80-"),
]
_DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%d/%m/%y", "%d.%m.%y"]
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_RE = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?$")


@dataclass
class RowError:
    row: int
    column: str
    message: str
    where: str = ""  # the row as the user finds it: "rad 7 i bladet", "rad 12 i filen"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "where": self.where, "column": self.column, "message": self.message}


@dataclass
class PreparedRow:
    number: int
    key: uuid.UUID
    answers: dict[str, Any]
    attributes: dict[str, Any]
    conducted_at: dt.datetime
    place: Place | None
    recorded_by: User | None
    area: Area | None = None


@dataclass
class Validation:
    rows: list[PreparedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_rows: int = 0
    notices: list[str] = field(default_factory=list)


def normalise_header(header: str) -> str:
    """ "Åldersgrupp", "aldersgrupp" and "ÅLDERSGRUPP " alike: folded to ASCII letters and digits."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", header.casefold()) if ch.isascii() and ch.isalnum())


def header_signature(headers: Iterable[str]) -> str:
    """The same set of column names in any order gives the same signature. (Only case and punctuation are
    ignored, not accents: saved mappings keep their signatures.)"""
    return hashlib.sha256("\x1f".join(sorted(_plain_key(h) for h in headers)).encode()).hexdigest()


def _plain_key(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def mapping_targets(campaign: Campaign) -> list[tuple[str, str]]:
    """(target, label) choices for a column: every question of the campaign, then the respondent attributes."""
    targets = [(f"q:{q.key}", _("Fråga: %(text)s") % {"text": q.text_sv}) for q in campaign.questions.all()]
    targets += [(key, str(label)) for key, label in ATTRIBUTE_TARGETS.items()]
    return targets


def missing_required_questions(campaign: Campaign, mapping: Mapping[str, str]) -> list[Question]:
    """The campaign's required questions that no column of the file is mapped to: every row will lack them."""
    mapped = {target[2:] for target in mapping.values() if target and target.startswith("q:")}
    return [q for q in campaign.questions.all() if q.required and q.key not in mapped]


def missing_required_notice(questions: list[Question]) -> str:
    names = ", ".join(f"”{q.text_sv}”" for q in questions)
    return ngettext(
        "Den obligatoriska frågan %(questions)s har ingen kolumn i filen, så varje rad saknar svar på den. "
        "Koppla en kolumn till frågan, eller gör frågan frivillig i enkäten.",
        "De obligatoriska frågorna %(questions)s har ingen kolumn i filen, så varje rad saknar svar på dem. "
        "Koppla en kolumn till varje fråga, eller gör frågorna frivilliga i enkäten.",
        len(questions),
    ) % {"questions": names}


def auto_mapping(campaign: Campaign, headers: list[str]) -> dict[str, str]:
    """A first guess from the column names: question keys and wording, and the usual attribute names."""
    known: dict[str, str] = {}
    for question in campaign.questions.all():
        for name in (question.key, question.text_sv, question.text_en):
            if name:
                known.setdefault(normalise_header(name), f"q:{question.key}")
    keys = {question.key for question in campaign.questions.all()}
    for key, words in QUESTION_SYNONYMS.items():
        for word in words if key in keys else ():
            known.setdefault(normalise_header(word), f"q:{key}")
    for target, words in HEADER_SYNONYMS.items():
        for word in words:
            known.setdefault(normalise_header(word), target)
    for target, label in ATTRIBUTE_TARGETS.items():
        known.setdefault(normalise_header(str(label)), target)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        target = _guess(known, header)
        if target and target not in used:
            mapping[header] = target
            used.add(target)
        else:
            mapping[header] = ""
    return mapping


def _guess(known: dict[str, str], header: str) -> str:
    """The target a header names: as written, without what stands in brackets or after a slash ("Kön (M/K)",
    "Ålder/år"), or abbreviated ("Åldersgr.": the one known name it begins)."""
    names = [header, re.split(r"[(\[]", header, maxsplit=1)[0], header.split("/", 1)[0]]
    for name in names:
        if target := known.get(normalise_header(name), ""):
            return target
    short = normalise_header(names[1])
    if len(short) >= 4 and header.rstrip().endswith("."):
        targets = {target for word, target in known.items() if word.startswith(short)}
        if len(targets) == 1:
            return targets.pop()
    return ""


def clean_mapping(campaign: Campaign, headers: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping for these headers, checked: known targets, each at most once, at least one question.
    ValidationError keyed by header (or __all__)."""
    valid = {target for target, _label in mapping_targets(campaign)}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    seen: dict[str, str] = {}
    for header in headers:
        target = (mapping.get(header) or "").strip()
        if target and target not in valid:
            errors[header] = [_("Okänt val för kolumnen ”%(column)s”.") % {"column": header}]
            continue
        if target and target in seen:
            errors[header] = [
                _("Kolumnerna ”%(first)s” och ”%(second)s” är kopplade till samma sak. Välj bara en.")
                % {"first": seen[target], "second": header}
            ]
            continue
        if target:
            seen[target] = header
        cleaned[header] = target
    if not errors and not any(t.startswith("q:") for t in cleaned.values()):
        errors["__all__"] = [_("Koppla minst en kolumn till en fråga i enkäten.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def unused_columns(mapping: Mapping[str, str]) -> list[str]:
    """The columns that will not be imported: listed, and confirmed, before an import."""
    return [header for header, target in mapping.items() if not target]


def unknown_name_message(kind: str, value: str, names: Iterable[str]) -> str:
    """ "Okänt område ”Lillby”. Menar du ”Lilla by”?": the closest known names, for a typo or a variant."""
    by_folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(value.strip().casefold(), list(by_folded), n=3, cutoff=0.6)
    message = (_("Okänt område ”%(value)s”.") if kind == "area" else _("Okänd plats ”%(value)s”.")) % {"value": value}
    if close:
        names_text = _or_list([f"”{by_folded[c]}”" for c in close])
        return message + " " + _("Menar du %(names)s?") % {"names": names_text}
    if kind == "area":
        return message + " " + _("Området ska vara ett av samverkans områden (Administration → Områden).")
    return message + " " + _("Lägg till den under Administration eller skriv platsens namn som det står där.")


def _or_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " " + _("eller") + " " + items[-1]


def saved_mapping(campaign: Campaign, headers: list[str]) -> dict[str, str] | None:
    saved = ColumnMapping.objects.filter(
        partnership_id=campaign.partnership_id, signature=header_signature(headers)
    ).first()
    if saved is None:
        return None
    valid = {target for target, _label in mapping_targets(campaign)}
    by_norm = {normalise_header(h): t for h, t in saved.mapping.items()}
    return {h: (t if (t := by_norm.get(normalise_header(h), "")) in valid else "") for h in headers}


# Row validation --------------------------------------------------------------------------------------


def validate_table(*, campaign: Campaign, table: Table, mapping: Mapping[str, str]) -> Validation:
    """Every row checked against the campaign's questionnaire: prepared rows and errors by row and column."""
    spec = load_questionnaire(campaign)
    validation = Validation()
    column_of: dict[str, int] = {}
    header_of: dict[str, str] = {}
    for index, header in enumerate(table.headers):
        target = mapping.get(header, "")
        if target:
            column_of[target] = index
            header_of[target] = header
    questions = spec.by_key

    def unmapped_column(target: str) -> str:
        question = questions.get(target[2:]) if target.startswith("q:") else None
        if question is not None:
            return _("ingen kolumn för frågan ”%(question)s”") % {"question": question.text_sv}
        label = ATTRIBUTE_TARGETS.get(target)
        return _("ingen kolumn för %(what)s") % {"what": label} if label is not None else ""

    interviewers = _interviewer_index(campaign) if "interviewer" in column_of else {}
    default_time = None
    if "conducted_date" not in column_of:
        default_time = timezone.make_aware(dt.datetime.combine(campaign.starts_on, dt.time(12, 0)))
        validation.notices.append(
            _("Filen har ingen kolumn för datum: samtalen får omgångens startdatum %(date)s.")
            % {"date": campaign.starts_on.isoformat()}
        )
    occurrences: Counter[str] = Counter()
    # The digest keeps the normalisation it had when the first files were imported: keys must not move.
    normalised_headers = [_plain_key(h) for h in table.headers]

    def unknown_name(kind: str, value: str) -> str:
        names = [p.name for p in spec.places.values()] if kind == "place" else [a.name for a in spec.areas.values()]
        return unknown_name_message(kind, value, names)

    unknown_interviewers = 0
    attribute_results: dict[tuple[str, ...], dict[str, Any] | ValidationError] = {}
    for row in table.rows:
        here = table.where(row.number)
        errors: list[RowError] = [RowError(row.number, "", str(p), here) for p in row.problems]

        def cell(target: str, values: list[str] = row.values) -> str:
            index = column_of.get(target)
            return values[index] if index is not None else ""

        def column(target: str) -> str:
            index = column_of.get(target)
            if index is None:
                return unmapped_column(target)
            return f"{header_of[target]} ({column_letter(index)})"

        raw_answers: dict[str, Any] = {}
        for target in column_of:
            if target.startswith("q:"):
                key = target[2:]
                value = cell(target)
                question = questions.get(key)
                if question is not None and question.kind == Question.Kind.TIME:
                    value = _normalise_time_answer(value)
                raw_answers[key] = value
        answers: dict[str, Any] = {}
        try:
            answers = validate_answers(campaign, raw_answers, spec=spec)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors += [RowError(row.number, column(f"q:{key}"), m, here) for m in messages]
        raw_attributes = {
            "age_band": _normalise_age(cell("age_band")),
            "gender": _normalise_word(cell("gender"), GENDER_WORDS),
            "relation": _normalise_word(cell("relation"), RELATION_WORDS),
            "home_area": "",
            "target_group": cell("target_group"),
        }
        # Attribute values repeat from row to row (a handful of ages, genders, areas): check each once.
        attributes_key = tuple(raw_attributes.values())
        if attributes_key not in attribute_results:
            try:
                attribute_results[attributes_key] = clean_attributes(campaign, raw_attributes, spec=spec)
            except ValidationError as error:
                attribute_results[attributes_key] = error
        attributes: dict[str, Any] = {}
        result = attribute_results[attributes_key]
        if isinstance(result, ValidationError):
            for name, messages in result.message_dict.items():
                errors += [RowError(row.number, column(name), m, here) for m in messages]
        else:
            attributes = dict(result)
        conducted_at = default_time
        if default_time is None:
            try:
                conducted_at = _parse_when(cell("conducted_date"), cell("conducted_time"))
            except ValueError as error:
                target = "conducted_time" if str(error) == "time" else "conducted_date"
                errors.append(RowError(row.number, column(target), _message_for_when(str(error)), here))
        # A column of places or areas names one of the partnership's, or the row is wrong: an unknown name is
        # a typo or another spelling, never free text.
        place = None
        if cell("place"):
            place = spec.place_names.get(cell("place").strip().lower())
            if place is None:
                errors.append(RowError(row.number, column("place"), unknown_name("place", cell("place")), here))
        areas: dict[str, Area | None] = {}
        for target in ("area", "home_area"):
            if cell(target):
                areas[target] = spec.area_names.get(cell(target).strip().lower())
                if areas[target] is None:
                    errors.append(RowError(row.number, column(target), unknown_name("area", cell(target)), here))
        if areas.get("home_area") is not None:
            attributes["home_area"] = areas["home_area"]
        if not errors and is_empty_conversation(answers, attributes):
            # A row with only a date (or a place, or an interviewer) is a blank line of a form, not a
            # conversation: refused as the field form refuses it.
            errors.append(RowError(row.number, "", empty_conversation_message(), here))
        recorded_by = None
        if cell("interviewer"):
            recorded_by = interviewers.get(cell("interviewer").strip().casefold())
            if recorded_by is None:
                unknown_interviewers += 1
        if errors:
            validation.error_rows += 1
            validation.errors += errors
            continue
        digest = _row_digest(normalised_headers, row.values)
        occurrences[digest] += 1
        row_key = uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{campaign.pk}:{digest}:{occurrences[digest]}")
        validation.rows.append(
            PreparedRow(
                number=row.number,
                key=row_key,
                answers=answers,
                attributes=attributes,
                conducted_at=conducted_at,  # type: ignore[arg-type]
                place=place,
                recorded_by=recorded_by,
                area=areas.get("area"),
            )
        )
    if unknown_interviewers:
        validation.notices.append(
            _("%(count)s rader har en intervjuare som inte är personal i samverkan. Namnen sparas inte.")
            % {"count": unknown_interviewers}
        )
    return validation


def _row_digest(normalised_headers: list[str], values: list[str]) -> str:
    """The row's content, independent of column order, case and spacing: the base of its idempotency key."""
    content = "\x1e".join(
        sorted(
            f"{header}\x1f{' '.join(value.casefold().split())}"
            for header, value in zip(normalised_headers, values, strict=True)
        )
    )
    return hashlib.sha256(content.encode()).hexdigest()


def _interviewer_index(campaign: Campaign) -> dict[str, User]:
    """Staff of the partnership by full name, first name (summaries write "Mira"), user name and e-mail; a
    name two people share matches no one."""
    index: dict[str, User | None] = {}
    memberships = Membership.objects.filter(organisation_id__in=campaign.partnership.organisation_ids()).select_related(
        "user"
    )
    for membership in memberships:
        user = membership.user
        names = {user.get_full_name(), user.first_name, user.username, user.email, user.email.split("@")[0]}
        for name in {n.strip().casefold() for n in names if n and n.strip()}:
            if name in index and index[name] is not None and index[name] != user:
                index[name] = None
            else:
                index.setdefault(name, user)
    return {name: user for name, user in index.items() if user is not None}


def _normalise_word(value: str, words: dict[str, set[str]]) -> str:
    wanted = " ".join(value.strip().casefold().split())
    for code, options in words.items():
        if wanted in options:
            return code
    return value


def _normalise_age(value: str) -> str:
    text = value.strip().casefold().replace("år", "").replace("–", "-").replace("—", "-").strip()
    if not text:
        return ""
    if text.isdecimal():
        age = int(text)
        for low, high, code in _AGE_BANDS:
            if low <= age <= high:
                return code
        return value
    match = re.fullmatch(r"(\d{1,3})\s*-\s*(\d{1,3})", text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        for band_low, band_high, code in _AGE_BANDS:
            if band_low <= low and high <= band_high:
                return code
        return value
    if re.fullmatch(r"(80\s*\+|80\s*-|över 80|80 eller äldre)", text):
        return AgeBand.AGE_80.value
    if re.fullmatch(r"(under 16|-15|0-15|yngre än 16)", text):
        return AgeBand.UNDER_16.value
    return _normalise_word(value, {"undisclosed": GENDER_WORDS["undisclosed"]})


def _normalise_time_answer(value: str) -> str:
    """ "Kvällar och helger" → "evening;weekend": the ways people write times of day, as the question's codes."""
    if not value.strip():
        return value
    parts = [p for p in re.split(r"\s*(?:[;,|/\n+&]|\boch\b)\s*", value.strip().casefold()) if p]
    codes = []
    for part in parts:
        code = _WORD_TO_TIME.get(" ".join(part.split()))
        if code is None:
            return value  # let validate_answers explain what is not an option
        codes.append(code)
    return ";".join(codes)


def _parse_when(date_text: str, time_text: str) -> dt.datetime:
    date_text, time_text = date_text.strip(), time_text.strip()
    if not date_text:
        raise ValueError("missing")
    day: dt.date | None = None
    clock: dt.time | None = None
    if re.fullmatch(r"\d{5}(\.\d+)?", date_text) and 20000 <= float(date_text) <= 80000:
        # An Excel serial day number, as a CSV saved from Excel sometimes holds.
        moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(date_text))  # noqa: DTZ001 - made aware below
        day, clock = moment.date(), (moment.time() if moment.time() != dt.time(0) else None)
    else:
        date_part, _sep, rest = date_text.replace("T", " ").partition(" ")
        iso = _ISO_DATE_RE.fullmatch(date_part)
        if iso:
            try:
                day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                raise ValueError("date") from None
        for fmt in _DATE_FORMATS if day is None else ():
            try:
                day = dt.datetime.strptime(date_part, fmt).date()  # noqa: DTZ007 - a date only, made aware below
                break
            except ValueError:
                continue
        if day is None:
            raise ValueError("date")
        if rest.strip():
            clock = _parse_clock(rest.strip())
    if time_text:
        clock = _parse_clock(time_text)
    moment = dt.datetime.combine(day, clock or dt.time(12, 0))
    return timezone.make_aware(moment)


def _parse_clock(text: str) -> dt.time:
    text = text.strip().casefold()
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}:{text[2:]}"
    match = _TIME_RE.fullmatch(text)
    if not match:
        raise ValueError("time")
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("time")
    return dt.time(hour, minute, second)


def _message_for_when(problem: str) -> str:
    if problem == "missing":
        return _("Datum saknas.")
    if problem == "time":
        return _("Klockslaget går inte att läsa. Skriv till exempel 18:30.")
    return _("Datumet går inte att läsa. Skriv till exempel 2020-05-14.")
