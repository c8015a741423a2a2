"""Features for the statistical model and for topic discovery, from an analysed text."""

from __future__ import annotations

from lofte.text.morph import Analysis

STOPWORDS = frozenset(
    # fmt: off
    [
        "och",
        "i",
        "att",
        "det",
        "som",
        "en",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "han",
        "men",
        "var",
        "jag",
        "sig",
        "från",
        "vi",
        "så",
        "kan",
        "man",
        "när",
        "år",
        "säger",
        "hon",
        "under",
        "också",
        "efter",
        "eller",
        "nu",
        "sin",
        "där",
        "vid",
        "mot",
        "ska",
        "skulle",
        "kommer",
        "ut",
        "får",
        "finns",
        "vara",
        "hade",
        "alla",
        "andra",
        "mycket",
        "än",
        "här",
        "då",
        "sedan",
        "över",
        "bara",
        "in",
        "blir",
        "upp",
        "även",
        "vad",
        "få",
        "två",
        "vill",
        "ha",
        "många",
        "hur",
        "mer",
        "går",
        "sina",
        "själv",
        "denna",
        "detta",
        "dessa",
        "något",
        "någon",
        "några",
        "sitt",
        "deras",
        "vår",
        "våra",
        "mitt",
        "min",
        "mina",
        "din",
        "dina",
        "ni",
        "dig",
        "mig",
        "oss",
        "honom",
        "henne",
        "dem",
        "hans",
        "hennes",
        "blev",
        "bli",
        "varit",
        "gör",
        "göra",
        "gjorde",
        "kunde",
        "måste",
        "ju",
        "väl",
        "nog",
        "typ",
        "liksom",
        "alltså",
        "ganska",
        "lite",
        "jätte",
        "väldigt",
        "sån",
        "sådan",
        "sådana",
        "sånt",
        "the",
        "och/eller",
        "samt",
        "både",
        "redan",
        "aldrig",
        "alltid",
        "ofta",
        "ibland",
        "bra",
        "dåligt",
        "tycker",
        "tror",
        "känner",
        "känna",
        "tycka",
        "tro",
        "vet",
        "veta",
        "säga",
        "se",
        "sa",
        "kanske",
        "ja",
        "nej",
        "också",
        "bör",
        "borde",
        "behöver",
        "behövs",
        "skall",
        "hela",
        "helt",
        "fler",
        "flera",
        "mest",
        "mindre",
        "enligt",
        "genom",
        "utan",
        "inom",
        "mellan",
        "kring",
        "runt",
        "ifrån",
        "igen",
        "inget",
        "ingen",
        "inga",
        "ej",
        "icke",
        "annat",
        "annan",
        "annars",
        "dock",
        "därför",
        "eftersom",
        "fast",
        "fortfarande",
        "vilket",
        "vilken",
        "vilka",
        "varför",
        "vart",
        "var",
        "vem",
        "hos",
        "åt",
        "the",
    ]
    # fmt: on
)


def text_features(analyses: list[Analysis | None], hits: list[tuple[str, bool]], places: list[str]) -> list[str]:
    """Binary feature names: lemmas, compound parts, lemma bigrams, lexicon hits and place kinds.

    ``hits`` are (theme id, negated) pairs from the lexicon; ``places`` the kinds of places found.
    """
    feats: set[str] = set()
    prev: str | None = None
    for a in analyses:
        if a is None:
            prev = None
            continue
        lemma = a.lemma
        if lemma in STOPWORDS or len(lemma) < 2 or lemma.isdigit():
            if a.norm in ("inte", "ingen", "inga", "inget", "aldrig"):
                feats.add("w:NEG")
            prev = lemma if lemma in ("inte", "ingen", "inga", "aldrig", "mer", "fler", "mycket") else None
            continue
        feats.add("w:" + lemma)
        for part in a.parts:
            feats.add("p:" + part)
        if prev is not None:
            feats.add("b:" + prev + "_" + lemma)
        prev = lemma
    for theme, negated in hits:
        feats.add(("x:" if negated else "h:") + theme)
    for kind in places:
        feats.add("k:" + kind)
    return sorted(feats)


def topic_terms(analyses: list[Analysis | None]) -> list[str]:
    """Content words for topic discovery: lemmas (and compound heads) that are not stopwords."""
    out: list[str] = []
    for a in analyses:
        if a is None:
            continue
        lemma = a.lemma
        if lemma in STOPWORDS or len(lemma) < 3 or not lemma.isalpha():
            continue
        out.append(lemma)
        if a.parts and a.parts[-1] != lemma and len(a.parts[-1]) >= 4:
            out.append(a.parts[-1])
    return out
