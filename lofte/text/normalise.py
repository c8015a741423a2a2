"""Normalisation of Swedish free text: Unicode, case, elongations and informal spellings.

Text-level normalisation keeps every character's position (offsets of places and names refer to the
original text); token-level normalisation may change a word completely ("mkt" -> "mycket").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Informal and abbreviated forms seen in residents' answers, mapped to the standard word.
INFORMAL: dict[str, str] = {
    "mkt": "mycket",
    "myke": "mycket",
    "mycke": "mycket",
    "ngn": "någon",
    "nån": "någon",
    "nåon": "någon",
    "ngt": "något",
    "nåt": "något",
    "nånting": "något",
    "nåra": "några",
    "ngra": "några",
    "nå": "någon",
    "e": "är",
    "ä": "är",
    "va": "vara",
    "o": "och",
    "å": "och",
    "int": "inte",
    "inte": "inte",
    "ente": "inte",
    "inge": "ingen",
    "aldri": "aldrig",
    "allri": "aldrig",
    "sen": "sedan",
    "dom": "de",
    "dem": "de",
    "ba": "bara",
    "bättr": "bättre",
    "ju": "ju",
    "pga": "på grund av",
    "bl": "bland",
    "kl": "klockan",
    "ev": "eventuellt",
    "t": "till",
    "tex": "till exempel",
    "dvs": "det vill säga",
    "iaf": "i alla fall",
    "iofs": "i och för sig",
    "typ": "typ",
    "snutar": "snutar",
    "gäris": "gäng",
    "knarkarna": "knarkarna",
    "mörkret": "mörkret",
    "kvällarn": "kvällarna",
    "helgerna": "helgerna",
    "behövs": "behövs",
    "behöver": "behöver",
    "ungar": "ungar",
    "gatlampor": "gatlampor",
    "ljuset": "ljuset",
    "ljusare": "ljusare",
    "sånt": "sådant",
    "sån": "sådan",
    "såna": "sådana",
    "mej": "mig",
    "dej": "dig",
    "sej": "sig",
    "me": "med",
    "ve": "vet",
    "de": "de",
    "kolla": "kolla",
    "juh": "ju",
    "asså": "alltså",
    "aså": "alltså",
    "alltså": "alltså",
}

_SPECIAL = re.compile("[\u2019\u2018\u201c\u201d\u00a0\u2013\u2014\u00ad]")
_REPEAT = re.compile(r"(.)\1{2,}")
_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u00ad": "\u200b",
    }
)


def normalise_text(text: str) -> str:
    """NFC, unified quotes and dashes; the result has the same length as NFC(text)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _SPECIAL.search(text):
            text = text.translate(_QUOTES)
    return text


@lru_cache(maxsize=200_000)
def normalise_token(token: str) -> str:
    """Lower-case, squeeze elongations ("mörkkkt" -> "mörkt"), expand common informal spellings."""
    word = token.lower().replace("\u200b", "")
    if len(word) > 3 and _REPEAT.search(word):
        from lofte.text.lemma import lemma_of

        double = _REPEAT.sub(r"\1\1", word)
        single = _REPEAT.sub(r"\1", word)
        word = single if lemma_of(double) is None and lemma_of(single) is not None else double
    word = word.replace("é", "e").replace("è", "e").replace("ü", "y") if not word.isascii() else word
    return INFORMAL.get(word, word)


def fold_ascii(word: str) -> str:
    """Fold Swedish letters to the ASCII a residents' keyboard may have used: "mörkt" -> "morkt"."""
    return word.replace("å", "a").replace("ä", "a").replace("ö", "o")
