"""Redaction of personal data in free text, before it is stored (GDPR: minimise what we keep).

Masks personnummer and samordningsnummer (any whose date part is a possible birth date: a mistyped
check digit still identifies the person), phone numbers, e-mail addresses, street addresses (also a known
place followed by a house number) and personal names. Names that are also ordinary words ("Per", "Bo",
"Rosa", "Ek", "Berg") are masked only in a name-like context: capitalised mid-sentence, after "heter" or
"min granne", next to another name, or at a sentence start before a verb or a place ("Kalle på Storgatan").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from lofte.text.features import STOPWORDS
from lofte.text.lemma import is_form, lemma_of
from lofte.text.tokenise import SENTENCE_END, Token, tokenise

NAMES_PATH = Path(__file__).with_name("data") / "names.json"

MASK_PNR = "[personnummer]"
MASK_PHONE = "[telefon]"
MASK_EMAIL = "[e-post]"
MASK_ADDRESS = "[adress]"
MASK_NAME = "[namn]"

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Obfuscated addresses: "kalle(at)gmail.com", "kalle [at] gmail punkt com", "kalle snabel-a gmail dot se".
_OBF_AT = r"(?:\s*[(\[{<]\s*(?:at|snabel-?a|@)\s*[)\]}>]\s*|\s+(?:snabel-?a)\s+)"
_OBF_DOT = r"(?:\s*[(\[{<]\s*(?:dot|punkt)\s*[)\]}>]\s*|\s+(?:dot|punkt)\s+|\.)"
OBF_EMAIL_RE = re.compile(
    (r"(?<![\w.+-])[\w.+-]*\w" + _OBF_AT + r"\w[\w-]*(?:" + _OBF_DOT + r"\w[\w-]*)+").replace(
        r"\s", r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
    ),
    re.IGNORECASE,
)
_OBF_HINT = re.compile(r"[(\[{<]\s*at\s*[)\]}>]|snabel", re.IGNORECASE)
# Spaces inside a number or an address never include a line break: answers are joined with "\n".
_SP = r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
# YYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD+NNNN (over 100 years old), a dash with spaces around it or a space instead.
PNR_RE = re.compile(
    r"(?<![\w-])(?:(19|20)(?=\d{6}))?(\d{2})(\d{2})(\d{2})((?:SP?[-+–]SP?|SP)?)(\d{4})(?![\w-])".replace("SP", _SP)
)
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+46[\s-]?(?:\(0\))?[\s-]?|0046[\s-]?|0)[1-9](?:[\s-]?\d){5,9}(?![\w])".replace(
        r"[\s-]", r"(?:" + _SP + r"|-)"
    )
)
_STREET_SUFFIXES = ["gatan", "gata", "vägen", "väg", "gränd", "gränden", "stigen", "stig", "allén", "allé", "backe"]
_STREET_SUFFIXES += ["backen", "leden", "plan", "platsen", "torget", "torg", "stråket", "esplanaden", "kajen"]
_STREET_SUFFIXES += ["gången", "slingan"]
STREET_SUFFIX = "(?:" + "|".join(_STREET_SUFFIXES) + ")"
# Street names ending like these only when capitalised: "Strandpromenaden 3", "Björkhagen 4".
_STREET_SUFFIXES_PROPER = ["promenaden", "hagen", "ängen", "liden", "höjden", "kroken", "svängen", "ringen", "bågen"]
_STREET_SUFFIXES_PROPER += ["udden", "dalen"]
# A whole word (taken at once: no backtracking through it) that ends with one of these after at least one letter.
# Fixed-width look-behinds, one per ending, are much faster than a word pattern that tries every ending.
_ENDS_STREET = "(?i:" + "|".join(rf"(?<=\w{suf})" for suf in _STREET_SUFFIXES) + ")"
_ENDS_STREET_PROPER = "(?:" + "|".join(rf"(?<=\w{suf})" for suf in _STREET_SUFFIXES_PROPER) + ")"
# Words that begin a street's name of two words: "Stora torget 3", "Gamla vägen 5", "Södra Vägen 12". (A name in
# the genitive before the street is the other two-word kind: "Olof Palmes gata 3", "Drottning Kristinas väg 12".)
_STREET_FIRST = ["Stora", "Lilla", "Gamla", "Nya", "Norra", "Södra", "Östra", "Västra", "Övre", "Nedre"]
_STREET_FIRST += ["Yttre", "Inre"]
STREET_FIRST = "(?:" + "|".join(_STREET_FIRST + [w.upper() for w in _STREET_FIRST]) + ")"
# A house number: "12", "12B", "12 b", "5-7", "12–14", "5 A-C", "nr 12", with a flat ("lgh 1102"). Atomic, so
# that a count after it ("5-7 minuter") rules out the whole and not just its end. A year (1900-2099) is no
# house number ("Sjöstad 2030"), nor a number followed by a unit or a count ("Storgatan 3 gånger").
_LETTER = r"\s?[A-Ha-h](?![\w])"
HOUSE_NUMBER = (
    r"(?>(?:(?:nr\.?|nummer)\s?)?(?!(?:19|20)\d\d(?!\d))\d{1,4}(?!\d)(?:" + _LETTER + r")?"
    r"(?:\s?[-–]\s?\d{1,4}(?!\d)(?:" + _LETTER + r")?|\s?[-–]" + _LETTER + r")?"
    r"(?:\s*,?\s*(?:lgh|lägenhet)\s*\d+)?)"
    r"(?!\s*(?:gånger|ggr|gång|minuter|min|timmar|tim|sekunder|sek|dagar|dygn|veckor|månader|år|km|meter|m|mil"
    r"|kr|kronor|procent|%|st|stycken|personer|pers|bilar|ungdomar|killar|tjejer|barn|vuxna)(?![\w]))"
)
_CAP_WORD = r"[A-ZÅÄÖ]\w++\s"  # "Östra Hamngatan", "Sankt Eriksgatan", "Olof Palmes gata"
ADDRESS_RE = re.compile(
    (
        # Only where a number follows within three words: most positions fail here at once.
        r"(?<![\w])(?=(?:[^\W\d_]++\s++){1,3}(?:(?:nr\.?|nummer)\s?)?\d)(?:"
        rf"(?:{_CAP_WORD})?(?:\w++{_ENDS_STREET}|[A-ZÅÄÖ]\w*+{_ENDS_STREET_PROPER}"
        rf"|[A-ZÅÄÖ]\w*+(?<=s)\s(?:gata|väg|gränd|plats|torg|allé|backe|stig)(?![\w]))"
        rf"|{STREET_FIRST}\s(?i:{STREET_SUFFIX})(?![\w])"
        r")\s+" + HOUSE_NUMBER + r"|(?<![\w])\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+(?:\s[A-ZÅÄÖ][a-zåäö]+)?"
        r"|(?<![\w])[Bb]ox\s+\d{1,6}"
    ).replace(r"\s", _SP)
)
# Roads and pitches named by a number, not addresses: "Riksväg 40", "Fotbollsplan 3".
NUMBERED_NOT_ADDRESS = frozenset(
    ["riksväg", "länsväg", "europaväg", "motorväg", "landsväg", "fotbollsplan", "bollplan", "gräsplan", "grusplan"]
    + ["konstgräsplan", "våningsplan", "parkeringsplan", "detaljplan", "handlingsplan", "åtgärdsplan"]
)
# After a known place (one word of the organisation's place names), a house number makes an address.
PLACE_HOUSE_RE = re.compile((r"\s+" + HOUSE_NUMBER).replace(r"\s", _SP))
_SPACES = re.compile(_SP + "+")

# Words after which a capitalised or known name is surely a name.
NAME_CUES = frozenset(
    # fmt: off
    [
        "heter",
        "hette",
        "kallas",
        "kallad",
        "kallade",
        "namnet",
        "granne",
        "grannen",
        "grannar",
        "grannarna",
        "kompis",
        "kompisen",
        "vän",
        "vännen",
        "väninna",
        "väninnan",
        "son",
        "sonen",
        "dotter",
        "dottern",
        "bror",
        "brodern",
        "brorsan",
        "syster",
        "systern",
        "syrran",
        "pojkvän",
        "pojkvännen",
        "flickvän",
        "flickvännen",
        "man",
        "mannen",
        "fru",
        "frun",
        "sambo",
        "sambon",
        "kollega",
        "kollegan",
        "pappa",
        "mamma",
        "farbror",
        "morbror",
        "moster",
        "faster",
        "farmor",
        "mormor",
        "farfar",
        "morfar",
        "kusin",
        "kusinen",
        "killen",
        "tjejen",
        "snubben",
        "typen",
        "herr",
        "fröken",
        "chef",
        "chefen",
        "rektor",
        "rektorn",
        "lärare",
        "läraren",
        "polisen",
        "polis",
        "tränaren",
        "och",
    ]
    # fmt: on
)
STRONG_CUES = NAME_CUES - {"och", "polisen", "polis"}


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """First names, surnames, names that are words, and of those the ones read as words at a sentence start."""
    data = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    first = frozenset(n.lower() for n in data["first_names"])
    last = frozenset(n.lower() for n in data["last_names"])
    return first, last, frozenset(data["common_words"]), frozenset(data["word_first"])


def _double_name_kind(text: str, first: frozenset[str], last: frozenset[str]) -> str:
    """The kind of a hyphenated word: "f" for a double first name ("Anna-Karin", "Lars-Erik"), "l" for a double
    surname ("Svensson-Lind"), "" for anything else ("Boss-butiken", "Anna-gänget")."""
    low = text.lower().split("-")  # in any case: "jag heter anna-karin" (a cue decides for lower case)
    if len(low) < 2:
        return ""
    if all(p in first for p in low):
        return "f"
    if all(p in first or p in last for p in low) and low[-1] in last:
        return "l"
    return ""


def luhn_ok(digits: str) -> bool:
    """The Luhn check over a personnummer's ten digits (YYMMDDNNNC)."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def is_personnummer(text: str) -> bool:
    m = PNR_RE.fullmatch(text.strip())
    return m is not None and _pnr_match(m)


def _pnr_match(m: re.Match[str]) -> bool:
    """Whether a number shaped like a personnummer is one: its date part is a possible birth date (or
    samordningsnummer: the day plus 60). The check digit does not decide: a mistyped personnummer is still
    personal data. Ten bare digits from "0" that fail the check and read as a phone number are a phone number
    ("0701234567")."""
    century, yy, mm, dd, sep, serial = m.groups()
    day = int(dd)
    if day > 60:
        day -= 60
    if century:
        year = int(century + yy)
        if year > datetime.now(UTC).year:
            return False
    else:
        year = 2000 + int(yy)  # 29 February: leap years repeat every four years in either century
    try:
        date(year, int(mm), day)
    except ValueError:
        return False
    if not century and not sep and yy[0] == "0" and not luhn_ok(yy + mm + dd + serial):
        return PHONE_RE.fullmatch(m.group()) is None
    return True


def _is_common_word(norm: str) -> bool:
    return norm in _names()[2] or is_form(norm)


def _compound(text: str) -> bool:
    """A hyphenated compound word, not a name: "Boss-butiken", "Ica-butiken" (a part in lower case)."""
    return "-" in text and not all(p[:1].isupper() for p in text.split("-"))


def _proper(token: Token) -> bool:
    """Capitalised like a name (not an all-capital shout)."""
    return token.text[:1].isupper() and not (len(token.text) > 1 and token.text.isupper())


_KIND_CACHE: dict[str, str] = {}  # token text -> "f" (first name), "l" (surname) or "" (neither)


def _noun_after(token: Token) -> bool:
    """A lower-case common noun ("huset", "bilar", "hus"): a word-name before it is an adjective ("Rosa huset")."""
    text = token.text
    if not text.islower() or len(text) < 3:
        return False
    norm = token.norm
    if norm in STOPWORDS or norm in _NOT_NOUNS:
        return False
    lemma = lemma_of(norm)
    if lemma is None or lemma in STOPWORDS:
        return False
    if lemma == norm:
        return not norm.endswith("a")  # an infinitive after a name is a verb ("Rosa springa" is rare); nouns stay
    # "huset", "bilar", "gatan" (not "målat": after a verb's "-a" a "-t" is a supine)
    return any(norm == lemma + suffix and not (suffix == "t" and lemma.endswith("a")) for suffix in _NOUN_ENDINGS)


# Inflection endings of nouns (definite and plural forms): "hus" -> "huset", "bil" -> "bilar", "gata" -> "gatan".
_NOUN_ENDINGS = ("en", "et", "n", "t", "na", "ar", "arna", "er", "erna", "or", "orna", "ns", "ens", "ets")
# Lemmas that are no nouns although they end like them: adverbs of place and time.
_NOT_NOUNS = frozenset(
    ["ute", "inne", "hemma", "borta", "där", "här", "nu", "idag", "igår", "imorgon", "sedan", "ofta"]
)
# Role words after which a capitalised name, also one that is an ordinary word, is a person: "Ordningsvakt Berg".
ROLE_CUES = frozenset(
    # fmt: off
    [
        "ordningsvakt",
        "ordningsvakten",
        "ordningsvakterna",
        "vakt",
        "vakten",
        "väktare",
        "väktaren",
        "polis",
        "polisen",
        "poliser",
        "polisinspektör",
        "polisinspektören",
        "inspektör",
        "inspektören",
        "konstapel",
        "konstapeln",
        "kommissarie",
        "kommissarien",
        "kommunpolis",
        "kommunpolisen",
        "rektor",
        "rektorn",
        "lärare",
        "läraren",
        "lärarinnan",
        "fritidsledare",
        "fritidsledaren",
        "fältsekreterare",
        "fältsekreteraren",
        "fältare",
        "fältaren",
        "tränare",
        "tränaren",
        "kurator",
        "kuratorn",
        "socialsekreterare",
        "socialsekreteraren",
        "handläggare",
        "handläggaren",
        "chef",
        "chefen",
        "vaktmästare",
        "vaktmästaren",
        "trygghetsvärd",
        "trygghetsvärden",
        "busschauffören",
        "chauffören",
    ]
    # fmt: on
)


# After a first name that is also a word, at a sentence start, these make it a person unless the name is one of
# names.json's word_first ("Bo i centrum", "Sten på vägen"): a place ("Kalle på Storgatan", "Lisa vid
# stationen") or an auxiliary ("Kalle har en moped", "Lisa är fältare"). "Hans cykel", "Klara besked": a noun
# follows the word, which stays.
NAME_BEFORE = frozenset(
    # fmt: off
    [
        "på",
        "vid",
        "i",
        "från",
        "hos",
        "utanför",
        "bakom",
        "framför",
        "bredvid",
        "nära",
        "mittemot",
        "nedanför",
        "ovanför",
        "innanför",
        "längs",
        "runt",
        "med",
        "borta",
        "nere",
        "uppe",
        "inne",
        "ute",
        "är",
        "var",
        "har",
        "hade",
        "ska",
        "skulle",
        "kan",
        "kunde",
        "måste",
        "vill",
        "får",
        "fick",
        "blev",
    ]
    # fmt: on
)


# Verbs that follow a person, not a thing: after a first name that is also a word ("Per", "Björn", "Rosa")
# they make it a name. "är", "var" and "har" are left out: "Björn är ett djur", "Per person har…".
PERSON_VERBS = frozenset(
    # fmt: off
    [
        "sa",
        "sade",
        "säger",
        "berättade",
        "berättar",
        "tyckte",
        "tycker",
        "sprang",
        "springer",
        "ringde",
        "ringer",
        "skrek",
        "skriker",
        "slog",
        "hotade",
        "hotar",
        "bor",
        "bodde",
        "jobbar",
        "jobbade",
        "pratade",
        "pratar",
        "frågade",
        "frågar",
        "svarade",
        "svarar",
        "hälsade",
        "gick",
        "kom",
        "såg",
        "hörde",
        "brukar",
    ]
    # fmt: on
)


# Personal pronouns after "och": "Kalle och jag", "Lisa och hennes kompisar" is no such case (a possessive).
PRONOUNS = frozenset(["jag", "du", "han", "hon", "hen", "vi", "ni", "de", "dom"])


def _comma_ends(tokens: list[Token]) -> frozenset[int]:
    """End offsets of the tokens a comma follows."""
    return frozenset(tokens[k - 1].end for k in range(1, len(tokens)) if tokens[k].text == ",")


def _breaks(tokens: list[Token]) -> list[bool]:
    """For each word token: whether a sentence end or line break lies between it and the word before."""
    out: list[bool] = []
    gap = True
    for t in tokens:
        if t.is_word:
            out.append(gap)
            gap = False
        elif t.text in SENTENCE_END:
            gap = True
    return out


def name_spans(tokens: list[Token], protect: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Character spans of personal names among ``tokens``."""
    first, last, _, word_first = _names()
    protected = protect if isinstance(protect, (set, frozenset)) else set(protect)
    words = [t for t in tokens if t.is_word]
    n = len(words)
    is_name = [False] * n
    kinds: list[str] = []
    cache = _KIND_CACHE
    for t in words:
        kind = cache.get(t.text)
        if kind is None:
            low = t.text.lower()
            if low in first or low in last:
                kind = "f" if low in first else "l"
            elif len(low) > 5 and low.endswith("sson") and _proper(t) and not is_form(low):
                kind = "l"
            elif "-" in low:
                kind = _double_name_kind(t.text, first, last)
            else:
                kind = ""
            if len(cache) > 100_000:
                cache.clear()
            cache[t.text] = kind
        if kind and t.text.lower() in protected:
            kind = ""
        kinds.append(kind)
    if not any(kinds):
        return []  # no word can be a name: nothing below would mark one
    # A sentence end or a line break (answers are joined with "\n") separates words: no rule reaches across.
    gap = _breaks(tokens) + [True]
    for i, t in enumerate(words):
        if not kinds[i]:
            continue
        low = t.text.lower()
        joined_prev = i > 0 and not gap[i]
        joined_next = i + 1 < n and not gap[i + 1]
        prev = words[i - 1].text.lower() if joined_prev else ""
        strong_cue = prev in STRONG_CUES
        nxt_surname = (
            joined_next
            and _proper(words[i + 1])
            and (
                kinds[i + 1] == "l"
                or (words[i + 1].text.lower() not in protected and not _is_common_word(words[i + 1].norm))
            )
        )
        ambiguous = _is_common_word(low)
        if not ambiguous:
            is_name[i] = _proper(t) or strong_cue
        elif not strong_cue and joined_next and not nxt_surname and _noun_after(words[i + 1]):
            is_name[i] = False  # "vid Rosa huset": a colour or other word before a noun, no name
        else:
            mid_sentence = _proper(t) and not t.sentence_start
            is_name[i] = (
                strong_cue
                or (mid_sentence and kinds[i] == "f")
                or (_proper(t) and nxt_surname and kinds[i] == "f")
                or (mid_sentence and joined_prev and is_name[i - 1])
            )
        if (
            not is_name[i]
            and ambiguous
            and kinds[i] == "f"
            and _proper(t)
            and joined_next
            and (
                words[i + 1].text.lower() in PERSON_VERBS
                or (
                    words[i + 1].text.lower() == "och"
                    and i + 2 < n
                    and not gap[i + 2]
                    and kinds[i + 2] == "f"
                    and _proper(words[i + 2])
                )
            )
        ):
            # "Per sa att…", "Björn sprang över vägen", "Per och Lisa…": a first name that is also a word, at
            # a sentence start, is a person when a verb only people do (or another first name) follows.
            is_name[i] = True
        if not is_name[i] and ambiguous and kinds[i] == "f" and _proper(t) and low not in word_first:
            nxt = words[i + 1].text if joined_next else ""
            if (
                nxt in NAME_BEFORE
                or (nxt == "och" and i + 2 < n and not gap[i + 2] and words[i + 2].text.lower() in PRONOUNS)
                or (nxt and t.end in _comma_ends(tokens))
            ):
                # "Kalle på Storgatan", "Lisa vid stationen", "Kalle har en moped", "Kalle och jag…", "Kalle,
                # han som…": no ordinary reading of these words stands there.
                is_name[i] = True
        if not is_name[i] and _proper(t) and prev in ROLE_CUES:
            is_name[i] = True  # "Ordningsvakt Berg", "polisen Ek": a title before a capitalised name
    # A lower-case first name and surname, both in the lists, are a full name: "erik johansson", "anna-karin
    # svensson".
    for i in range(n - 1):
        if gap[i + 1] or words[i].text[:1].isupper() or words[i + 1].text[:1].isupper():
            continue
        a, b = words[i].text.lower(), words[i + 1].text.lower()
        if (
            (a in first or ("-" in a and kinds[i] == "f"))
            and (b in last or ("-" in b and kinds[i + 1] == "l"))
            and a not in protected
            and b not in protected
            and not (_is_common_word(a) and _is_common_word(b))  # "per berg", "bo ek": words, not a name
        ):
            is_name[i] = is_name[i + 1] = True
    # A capitalised unknown word right after a first name is its surname: "Johan Rexhag".
    for i in range(1, n):
        if gap[i]:
            continue
        if is_name[i - 1] and not is_name[i] and kinds[i - 1] == "f" and _proper(words[i]):
            low = words[i].text.lower()
            if low not in protected and not _is_common_word(words[i].norm) and not _compound(words[i].text):
                is_name[i] = True
    return [(words[i].start, words[i].end) for i in range(n) if is_name[i]]


_DIGIT = re.compile(r"\d")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _address_start(text: str, m: re.Match[str]) -> int | None:
    """Where an address match really starts (a sentence's first word is no part of a street's name: "Vid
    Storgatan 12"), or None for a road or pitch named by a number ("Riksväg 40")."""
    start = m.start()
    first = _FIRST_WORD.match(text, start)
    if first is None:
        return start  # a postcode
    word = first.group().lower()
    if word in NUMBERED_NOT_ADDRESS:
        return None
    if first.end() < m.end() and text[first.end()].isspace() and word in STOPWORDS:
        start = first.end() + 1
        nxt = _FIRST_WORD.match(text, start)
        if nxt is not None and nxt.group().lower() in NUMBERED_NOT_ADDRESS:
            return None
    return start


def _place_address_spans(text: str, tokens: list[Token], protected: frozenset[str]) -> list[tuple[int, int]]:
    """A known place followed by a house number is an address: "Norrby 12", "Esplanaden 5", "Stora torget 3".
    The place's name must start with a capital; its words are words of the organisation's place names."""
    out: list[tuple[int, int]] = []
    for i in range(1, len(tokens)):
        if not tokens[i].text[0].isdigit():
            continue
        j = i - 1  # the word before the number, or before "nr"
        if tokens[j].norm in ("nr", "nummer") and j > 0:
            j -= 1
        if not tokens[j].is_word or tokens[j].text.lower() not in protected:
            continue
        house = PLACE_HOUSE_RE.match(text, tokens[j].end)
        if house is None:
            continue
        first = j  # "Stora torget 3": earlier words of the name, separated by spaces only
        while (
            first > 0
            and tokens[first - 1].is_word
            and tokens[first - 1].text.lower() in protected
            and _SPACES.fullmatch(text, tokens[first - 1].end, tokens[first].start)
        ):
            first -= 1
        while first < j and not tokens[first].text[:1].isupper():
            first += 1
        if tokens[first].text[:1].isupper():
            out.append((tokens[first].start, house.end()))
    return out


def find_spans(text: str, protect: Iterable[str] = (), tokens: list[Token] | None = None) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, mask) spans of personal data in ``text`` (``tokens``: its tokens, if known)."""
    spans: list[tuple[int, int, str]] = []
    starts: list[int] = []  # of the spans taken, sorted; as they never overlap, their ends are sorted too
    ends: list[int] = []

    def take(start: int, end: int, mask: str) -> None:
        """Take the span unless it overlaps one taken before (a neighbour in start order: no scan of all, which
        made a long text with thousands of masks quadratic)."""
        k = bisect_right(starts, start)
        if (k and ends[k - 1] > start) or (k < len(starts) and starts[k] < end):
            return
        starts.insert(k, start)
        ends.insert(k, end)
        spans.append((start, end, mask))

    if "@" in text:
        for m in EMAIL_RE.finditer(text):
            take(m.start(), m.end(), MASK_EMAIL)
    if _OBF_HINT.search(text):
        for m in OBF_EMAIL_RE.finditer(text):
            take(m.start(), m.end(), MASK_EMAIL)
    has_digit = _DIGIT.search(text) is not None
    if has_digit:
        for m in PNR_RE.finditer(text):
            if _pnr_match(m):
                take(m.start(), m.end(), MASK_PNR)
        for m in PHONE_RE.finditer(text):
            take(m.start(), m.end(), MASK_PHONE)
        for m in ADDRESS_RE.finditer(text):
            start = _address_start(text, m)
            if start is not None:
                take(start, m.end(), MASK_ADDRESS)
    if tokens is None:
        tokens = tokenise(text)
    protected = protect if isinstance(protect, frozenset) else frozenset(protect)
    if protected and has_digit:
        for start, end in _place_address_spans(text, tokens, protected):
            take(start, end, MASK_ADDRESS)
    for start, end in name_spans(tokens, protected):
        take(start, end, MASK_NAME)
    spans.sort()
    return spans


def apply_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    pos = 0
    for start, end, mask in spans:
        if start < pos:
            continue
        between = text[pos:start]
        if mask == MASK_NAME and out and out[-1] == MASK_NAME and between.strip(" \t") == "":
            pos = end  # "Johan Rexhag" -> one mask
            continue
        out.append(between)
        out.append(mask)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str, protect: Iterable[str] = ()) -> str:
    """``text`` with personal data masked; ``protect`` lists lower-case words never to mask (place names)."""
    if not text:
        return text
    return apply_spans(text, find_spans(text, protect))
