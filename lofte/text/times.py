"""Time extraction: time of day, weekday or weekend, season, darkness and holidays."""

from __future__ import annotations

from lofte.text.morph import Analysis
from lofte.text.tokenise import Token

ORDER = (
    "morning",
    "daytime",
    "afternoon",
    "evening",
    "night",
    "weekday",
    "weekend",
    "spring",
    "summer",
    "autumn",
    "winter",
    "darkness",
    "holiday",
    "always",
)

# Lemmas and compound parts.
LEMMAS: dict[str, tuple[str, ...]] = {
    "morgon": ("morning",),
    "förmiddag": ("morning",),
    "gryning": ("morning",),
    "frukost": ("morning",),
    "dagtid": ("daytime",),
    "lunch": ("daytime",),
    "eftermiddag": ("afternoon",),
    "kväll": ("evening",),
    "kvällstid": ("evening",),
    "ikväll": ("evening",),
    "afton": ("evening",),
    "skymning": ("evening", "darkness"),
    "natt": ("night",),
    "nattetid": ("night",),
    "inatt": ("night",),
    "midnatt": ("night",),
    "småtimme": ("night",),
    "nattliv": ("night",),
    "helg": ("weekend",),
    "fredag": ("weekend",),
    "lördag": ("weekend",),
    "söndag": ("weekend",),
    "veckoslut": ("weekend",),
    "helgkväll": ("weekend", "evening"),
    "vardag": ("weekday",),
    "måndag": ("weekday",),
    "tisdag": ("weekday",),
    "onsdag": ("weekday",),
    "torsdag": ("weekday",),
    "veckodag": ("weekday",),
    "sommar": ("summer",),
    "sommartid": ("summer",),
    "midsommar": ("summer", "holiday"),
    "höst": ("autumn",),
    "hösttid": ("autumn",),
    "vinter": ("winter",),
    "vintertid": ("winter",),
    "vinterhalvår": ("winter", "darkness"),
    "mörker": ("darkness",),
    "mörk": ("darkness",),
    "mörkret": ("darkness",),
    "beckmörk": ("darkness",),
    "kolsvart": ("darkness",),
    "lov": ("holiday",),
    "sommarlov": ("summer", "holiday"),
    "jullov": ("winter", "holiday"),
    "sportlov": ("holiday",),
    "höstlov": ("autumn", "holiday"),
    "påsklov": ("holiday",),
    "helgdag": ("holiday",),
    "storhelg": ("holiday",),
    "nyårsafton": ("holiday", "night"),
    "valborg": ("holiday",),
    "valborgsmässoafton": ("holiday",),
    "jul": ("holiday",),
    "nyår": ("holiday",),
    "skolavslutning": ("holiday",),
    "halloween": ("holiday",),
    "dygn": ("always",),
}
# Word forms where the lemma would mislead ("vår" is also "our"; "sent" is also "sent").
FORMS: dict[str, tuple[str, ...]] = {
    "våren": ("spring",),
    "vårtid": ("spring",),
    "vårarna": ("spring",),
    "våras": ("spring",),
    "vårkvällar": ("spring", "evening"),
    "sent": ("night",),
    "sena": ("evening",),
    "tidigt": ("morning",),
    "dagtid": ("daytime",),
    "somras": ("summer",),
    "vintras": ("winter",),
    "alltid": ("always",),
    "jämt": ("always",),
    "ständigt": ("always",),
    "morse": ("morning",),
    "kvällarna": ("evening",),
    "nätterna": ("night",),
    "helgerna": ("weekend",),
}
# Phrases of word forms.
PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("efter", "skolan"): ("afternoon",),
    ("efter", "skoltid"): ("afternoon",),
    ("mitt", "på", "dagen"): ("daytime",),
    ("dygnet", "runt"): ("always",),
    ("hela", "tiden"): ("always",),
    ("när", "det", "är", "mörkt"): ("darkness",),
    ("när", "det", "blir", "mörkt"): ("darkness",),
    ("efter", "mörkrets", "inbrott"): ("darkness",),
    ("när", "det", "mörknar"): ("darkness",),
    ("när", "mörkret", "faller"): ("darkness",),
    ("sent", "på", "kvällen"): ("evening", "night"),
    ("sena", "kvällar"): ("evening",),
    ("på", "dagen"): ("daytime",),
    ("på", "dagarna"): ("daytime",),
    ("under", "dagen"): ("daytime",),
    ("på", "våren"): ("spring",),
}
PHRASE_INDEX: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _phrase, _labels in PHRASES.items():
    PHRASE_INDEX.setdefault(_phrase[0], []).append((_phrase, _labels))


_WORD_CACHE: dict[str, tuple[tuple[str, ...], bool]] = {}


# Words that name a group or an activity, not a time, although a part of them is one: the night walkers
# ("nattvandrare", "Nattvandringen") walk at night, but the text speaks of them, not of the night.
NOT_TIMES = ("nattvandr", "nattvandra")


def _word_times(a: Analysis) -> tuple[tuple[str, ...], bool]:
    """(time labels of the word itself, whether a time phrase may start with it), cached by form."""
    hit = FORMS.get(a.norm) or LEMMAS.get(a.lemma)
    labels: tuple[str, ...] = tuple(hit) if hit else ()
    if a.norm.startswith(NOT_TIMES) or a.lemma.startswith(NOT_TIMES):
        labels = ()
    elif not hit and a.parts:
        labels = tuple(label for part in a.parts for label in LEMMAS.get(part, ()))
    result = (labels, a.norm in PHRASE_INDEX)
    if len(_WORD_CACHE) > 100_000:
        _WORD_CACHE.clear()
    _WORD_CACHE[a.norm] = result
    return result


def find_times(tokens: list[Token], analyses: list[Analysis | None], covered: set[int] | None = None) -> list[str]:
    """Time labels in ``ORDER``; ``covered`` (if given) receives the token indices of time phrases
    ("efter skolan" is a time of day: its words are no place)."""
    found: set[str] = set()
    norms: list[str] | None = None
    cache = _WORD_CACHE
    for i, a in enumerate(analyses):
        if a is None:
            continue
        entry = cache.get(a.norm)
        if entry is None:
            entry = _word_times(a)
        labels, starts_phrase = entry
        if labels:
            found.update(labels)
        if starts_phrase:
            if norms is None:
                norms = [b.norm if b is not None else "" for b in analyses]
            for phrase, phrase_labels in PHRASE_INDEX[a.norm]:
                if tuple(norms[i : i + len(phrase)]) == phrase:
                    found.update(phrase_labels)
                    if covered is not None:
                        covered.update(range(i, i + len(phrase)))
    if not found:
        return []
    return [t for t in ORDER if t in found]
