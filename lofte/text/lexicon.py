"""The analysts' lexicon compiled for fast matching, with phrases, compounds and negation.

Term syntax is documented in the taxonomy file: ``ord`` (any inflection, also as a compound part),
``ord*`` (prefix), ``*ord`` (suffix), ``*ord*`` (substring), ``=ord`` (whole word only) and phrases of
several such words. The result of matching one word is cached by its normalised form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from lofte.text.lemma import is_lemma, lemma_of
from lofte.text.morph import Analysis
from lofte.text.normalise import fold_ascii
from lofte.text.taxonomy import Negation, Taxonomy
from lofte.text.tokenise import CLAUSE_END, SENTENCE_END, Token

Entry = tuple[int, float, str]  # (theme index, weight, term)


@dataclass(frozen=True, slots=True)
class Hit:
    theme: int
    weight: float
    term: str
    start: int  # token index
    end: int  # token index, exclusive
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One word of a pattern."""

    kind: str  # exact | whole | prefix | suffix | substr
    text: str
    variants: frozenset[str]

    @classmethod
    def parse(cls, word: str) -> Item:
        if word.startswith("=") and len(word) > 1:
            return cls("whole", word[1:], frozenset({word[1:]}))
        if word.startswith("*") and word.endswith("*") and len(word) > 2:
            return cls("substr", word[1:-1], frozenset())
        if word.startswith("*") and len(word) > 1:
            return cls("suffix", word[1:], frozenset())
        if word.endswith("*") and len(word) > 1:
            return cls("prefix", word[:-1], frozenset())
        return cls("exact", word, frozenset({word, lemma_of(word) or word, fold_ascii(word)}))

    def matches_word(self, a: Analysis) -> bool:
        """Used inside phrases: the word itself in any inflection, no compound parts."""
        if self.kind in ("exact", "whole"):
            return a.norm in self.variants or a.lemma in self.variants
        if self.kind == "prefix":
            return a.norm.startswith(self.text) or a.lemma.startswith(self.text)
        if self.kind == "suffix":
            return a.norm.endswith(self.text)
        return self.text in a.norm


class PatternSet:
    """Single-word patterns with a payload each, matched against an analysis."""

    def __init__(self) -> None:
        self.exact: dict[str, list[Entry]] = defaultdict(list)
        self.whole: dict[str, list[Entry]] = defaultdict(list)
        self.prefix: dict[str, list[Entry]] = defaultdict(list)
        self.suffix: dict[str, list[Entry]] = defaultdict(list)
        self.substr: list[tuple[str, Entry]] = []
        self._length_cache: dict[int, tuple[int, list[int]]] = {}

    def add(self, item: Item, entry: Entry) -> None:
        if item.kind == "exact":
            self.exact[item.text].append(entry)
        elif item.kind == "whole":
            self.whole[item.text].append(entry)
        elif item.kind == "prefix":
            self.prefix[item.text].append(entry)
        elif item.kind == "suffix":
            self.suffix[item.text].append(entry)
        else:
            self.substr.append((item.text, entry))

    def _lengths(self, table: dict[str, list[Entry]]) -> list[int]:
        """The key lengths of ``table`` from 2 up: only those can match (patterns are added before matching)."""
        cached = self._length_cache.get(id(table))
        if cached is None or cached[0] != len(table):
            cached = (len(table), sorted({len(k) for k in table if len(k) >= 2}))
            self._length_cache[id(table)] = cached
        return cached[1]

    def match(self, a: Analysis) -> list[Entry]:
        found: list[Entry] = []
        for key in sorted(a.keys):  # sorted: ties between equal weights must not depend on the hash seed
            hit = self.exact.get(key)
            if hit:
                found.extend(hit)
        for key in (a.norm, a.lemma):
            hit = self.whole.get(key)
            if hit:
                found.extend(hit)
        if self.prefix:
            lengths = self._lengths(self.prefix)
            for source in dict.fromkeys(a.sources()):
                for k in lengths:
                    if k > len(source):
                        break
                    hit = self.prefix.get(source[:k])
                    if hit:
                        found.extend(hit)
        if self.suffix:
            lengths = self._lengths(self.suffix)
            for source in dict.fromkeys((a.norm, a.lemma)):
                for k in lengths:
                    if k >= len(source):
                        break
                    hit = self.suffix.get(source[-k:])
                    if hit:
                        found.extend(hit)
        for text, entry in self.substr:
            if text in a.norm:
                found.append(entry)
        return found

    def vocabulary(self) -> set[str]:
        return set(self.exact) | set(self.whole)


@dataclass(frozen=True, slots=True)
class Phrase:
    items: tuple[Item, ...]
    entry: Entry


class Lexicon:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.theme_ids = [t.id for t in taxonomy.active if not t.residual]
        self.words = PatternSet()
        self.phrases: dict[str, list[Phrase]] = defaultdict(list)
        self.loose_phrases: list[Phrase] = []
        for index, theme in enumerate(t for t in taxonomy.active if not t.residual):
            for term, weight in theme.terms.items():
                term = term.strip().lower()
                if not term or weight == 0:
                    continue
                entry: Entry = (index, float(weight), term)
                words = term.split()
                if len(words) == 1:
                    self.words.add(Item.parse(term), entry)
                    continue
                phrase = Phrase(tuple(Item.parse(w) for w in words), entry)
                first = phrase.items[0]
                if first.kind in ("exact", "whole"):
                    for v in first.variants:
                        self.phrases[v].append(phrase)
                else:
                    self.loose_phrases.append(phrase)
        self._loose_substr: list[tuple[int, str, Phrase]] = []
        self._loose_suffix: list[tuple[int, str, Phrase]] = []
        self._loose_prefix: dict[str, list[tuple[int, Phrase]]] = defaultdict(list)
        for i, p in enumerate(self.loose_phrases):
            first = p.items[0]
            if first.kind == "prefix":
                self._loose_prefix[first.text].append((i, p))
            elif first.kind == "suffix":
                self._loose_suffix.append((i, first.text, p))
            else:
                self._loose_substr.append((i, first.text, p))
        self._loose_prefix_lengths = sorted({len(text) for text in self._loose_prefix})
        self.negation = NegationRules(taxonomy.negation)
        self._cache: dict[str, tuple[Entry, ...]] = {}
        self._phrase_cache: dict[str, list[Phrase]] = {}

    def vocabulary(self) -> set[str]:
        """Words worth correcting misspellings towards."""
        vocab = self.words.vocabulary()
        vocab.update(stem for stem in self.words.prefix if is_lemma(stem))  # "mörk*" -> "mörk", "mörkt", ...
        for phrases in self.phrases.values():
            for p in phrases:
                vocab.update(i.text for i in p.items if i.kind in ("exact", "whole"))
        return vocab

    def word_entries(self, a: Analysis) -> tuple[Entry, ...]:
        cached = self._cache.get(a.norm)
        if cached is not None:
            return cached
        best_pos: dict[int, Entry] = {}
        best_neg: dict[int, Entry] = {}
        for entry in self.words.match(a):
            theme, weight, _ = entry
            table = best_pos if weight > 0 else best_neg
            old = table.get(theme)
            if old is None or abs(weight) > abs(old[1]):
                table[theme] = entry
        result = tuple(best_pos.values()) + tuple(best_neg.values())
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[a.norm] = result
        return result

    def _phrase_candidates(self, a: Analysis) -> list[Phrase]:
        cached = self._phrase_cache.get(a.norm)
        if cached is not None:
            return cached
        candidates = list(self.phrases.get(a.norm, ()))
        if a.lemma != a.norm:
            candidates += self.phrases.get(a.lemma, ())
        # The loose phrases' first words (Item.matches_word's rules): every new word passes here once, so
        # prefixes are looked up by length instead of testing each phrase; kept in the phrases' own order.
        norm, lemma = a.norm, a.lemma
        found = [(i, p) for i, text, p in self._loose_substr if text in norm]
        found += [(i, p) for i, text, p in self._loose_suffix if norm.endswith(text)]
        for length in self._loose_prefix_lengths:
            keys = {norm[:length], lemma[:length]}
            for key in keys:
                found += self._loose_prefix.get(key, ())
        if found:
            candidates += [p for _i, p in sorted(dict(found).items())]
        # Longest first: "slog oss ner" (sat down) must be tried before "slog oss" (hit us) hides its words.
        candidates.sort(key=lambda p: -len(p.items))
        if len(self._phrase_cache) > 200_000:
            self._phrase_cache.clear()
        self._phrase_cache[a.norm] = candidates
        return candidates

    def hits(self, tokens: list[Token], analyses: list[Analysis | None]) -> list[Hit]:
        """Lexicon hits in a tokenised text, negation applied (negated hits are kept, marked)."""
        found: list[Hit] = []
        consumed: set[tuple[int, int]] = set()  # (token index, theme): a phrase hides its words' own hits
        n = len(tokens)
        phrase_cache = self._phrase_cache
        for i, a in enumerate(analyses):
            if a is None:
                continue
            candidates = phrase_cache.get(a.norm)
            if candidates is None:
                candidates = self._phrase_candidates(a)
            if not candidates:
                continue
            for phrase in candidates:
                items = phrase.items
                if i + len(items) > n:
                    continue
                end = _phrase_end(items, analyses, i)
                if end:
                    theme = phrase.entry[0]
                    if (i, theme) in consumed and any(h.theme == theme and h.start <= i < h.end for h in found):
                        continue  # the same words already matched a phrase of this theme ("kommun och polis")
                    found.append(Hit(theme, phrase.entry[1], phrase.entry[2], i, end))
                    consumed.update((j, theme) for j in range(i, end))
        word_cache = self._cache
        for i, a in enumerate(analyses):
            if a is None:
                continue
            entries = word_cache.get(a.norm)
            if entries is None:
                entries = self.word_entries(a)
            for theme, weight, term in entries:
                if not consumed or (i, theme) not in consumed:
                    found.append(Hit(theme, weight, term, i, i + 1))
        if found:
            found = self.negation.apply(tokens, analyses, found)
        return found


# Words of degree that may stand inside a phrase without changing what it says: "det körs väldigt fort" is
# "körs fort", "kör ju alldeles för fort" is "kör för fort". Never a negation.
DEGREE_WORDS = frozenset(
    [
        "väldigt",
        "alldeles",
        "jätte",
        "så",
        "ganska",
        "rätt",
        "helt",
        "riktigt",
        "otroligt",
        "extremt",
        "sjukt",
        "mycket",
        "alltför",
        "ju",
        "nog",
        "väl",
        "också",
        "även",
        "fortfarande",
        "ofta",
        "alltid",
        "verkligen",
        "vansinnigt",
        "hemskt",
        "förskräckligt",
        "onödigt",
        "lite",
        "jävligt",
    ]
)
MAX_SKIPPED = 2


def _phrase_end(items: tuple[Item, ...], analyses: list[Analysis | None], i: int) -> int:
    """The token index after a phrase that starts at ``i`` (its first word already matched), or 0.

    Up to two words of degree may stand between the phrase's words."""
    n = len(analyses)
    pos = i + 1
    skipped = 0
    for item in items[1:]:
        while True:
            if pos >= n:
                return 0
            b = analyses[pos]
            if b is None:
                return 0
            if item.matches_word(b):
                break
            if skipped < MAX_SKIPPED and b.norm in DEGREE_WORDS:
                skipped += 1
                pos += 1
                continue
            return 0
        pos += 1
    return pos


class NegationRules:
    """Which hits a negation cancels; see the taxonomy file's "about" for the rules in words."""

    WINDOW = 3
    LONG_WINDOW = 7
    PERCEPTION = frozenset(
        # fmt: off
        [
            "se",
            "sett",
            "såg",
            "märka",
            "märkt",
            "märker",
            "höra",
            "hört",
            "uppleva",
            "upplevt",
            "upplever",
            "notera",
            "noterat",
            "stöta",
            "stött",
            "råka",
            "råkat",
            "varit",
            "vara",
        ]
        # fmt: on
    )

    # "Jag känner mig trygg i centrum": what follows is not a worry.
    SAFE = frozenset(["trygg", "tryggt", "trygga", "säker", "säkert", "lugnt", "lugn"])
    # "Belysningen är okej": what came just before is not a worry.
    FINE = frozenset(["okej", "ok", "fin", "fint", "snäll", "snälla", "trevlig", "trevliga", "lugna", "lugnt"])
    GOOD = frozenset({"bra", "jättebra", "toppen"})  # "väktarna är bra": a worry no more, but still wanted
    FILLERS = frozenset(
        ["eller", "och", "några", "någon", "något", "så", "särskilt", "speciellt", "direkt", "alls", "heller"]
    )
    COPULA = frozenset(["är", "var", "känns", "verkar", "funkar", "fungerar"])
    # Cues that say a thing is absent ("ingen polis", "aldrig sett någon polis"); "inte" only next to EXIST.
    ABSENCE = frozenset(["ingen", "inga", "inget", "aldrig", "sällan", "ingenstans", "varken"])
    EXIST = frozenset(["finns", "fanns", "funnits", "syns", "synts", "sågs", "ser", "såg", "sett", "märks", "märktes"])
    # A keep word whose absence is the complaint counts more, up to "enough alone": "ingen polis", "aldrig sett
    # någon polis" and "polisen är aldrig här" are wishes for presence, like "polisen syns aldrig".
    ABSENT_WEIGHT = 2.5
    ABSENT_BOOST = 1.0
    BE = frozenset(["är", "var", "finns", "fanns", "syns", "synts", "märks"])
    # "Polisen går aldrig runt här", "vakterna rör sig sällan i centrum", "polisen kommer hit för sällan": a keep
    # word, a verb of being about, then an absence cue a few words on. "Kommer" only with "hit/förbi/runt": police
    # who never come when called are a complaint about response, not about presence.
    ABOUT = BE | frozenset(
        ["går", "gick", "åker", "åkte", "kör", "körde", "rör", "rörde", "patrullerar", "patrullerade"]
        + ["vistas", "visar"]
    )
    COME = frozenset(["kommer", "kom"])
    # "Jag vill inte bli rånad", "vi vill inte ha knarkare här", "jag vågar inte gå i parken": not wanting or not
    # daring names the worry, it does not deny it.
    # "Inte ovanligt med slagsmål", "inte sällan bråk": a double negative.
    UNCOMMON = frozenset(["ovanligt", "ovanlig", "ovanliga", "sällan", "sällsynt"])
    # "Vill inte" only before a verb of undergoing: "vi vill inte ringa polisen" is a choice, not a worry.
    DARE = frozenset(["vågar", "vågade", "törs", "tordes"])
    WANT_NOT = frozenset(["vill", "ville"])
    UNDERGO = frozenset(["bli", "ha", "se", "känna", "möta", "höra", "behöva", "råka"])
    # "Lamporna lyser inte", "papperskorgarna töms inte": a plain denial right after a keep verb.
    DENY = frozenset(["inte", "ej"])
    HITHER = frozenset(["hit", "förbi", "runt"])
    ABOUT_REACH = 4  # words from the verb to the cue
    # "Det saknas vuxna ute", "vi saknar poliser", "brist på belysning": a keep word after one of these is
    # lacking, which is itself the complaint (they are no negation cues, so nothing is cancelled).
    # "Knappt någon polis i sikte", "tomt på vuxna", "allt färre poliser", "glest med vakter" say the same.
    LACK = frozenset(
        ["saknar", "saknas", "saknade", "saknades", "saknat", "brist", "bristen", "knappt", "tomt", "färre", "glest"]
    )
    LACK_REACH = 3
    # "Det finns ingenting för barnen att göra": a cue whose object is "att göra" says there is nothing to do;
    # the words between name who lacks it, which is the complaint, so they are not negated.
    NOTHING = frozenset(["inget", "ingenting", "inte", "inga"])
    TO_DO = ("att", "göra")
    TO_DO_REACH = 5
    # "Ingen (av de tillfrågade) nämnde trafik": a subject cue before a reporting verb negates what was reported.
    SUBJECTS = frozenset(["ingen", "inga", "inget", "ingenting"])
    REPORT = frozenset(
        # fmt: off
        [
            "nämna",
            "nämner",
            "nämnde",
            "nämnt",
            "nämnts",
            "nämns",
            "nämndes",
            "uppge",
            "uppger",
            "uppgav",
            "uppgett",
            "uppgivit",
            "uppgavs",
            "uppges",
            "ange",
            "anger",
            "angav",
            "angett",
            "angivit",
            "angavs",
            "anges",
            "uppleva",
            "upplever",
            "upplevde",
            "upplevt",
            "upplevs",
            "upplevdes",
            "påtala",
            "påtalar",
            "påtalade",
            "påtalat",
            "påtalades",
            "rapportera",
            "rapporterar",
            "rapporterade",
            "rapporterat",
            "rapporterades",
            "lyfte",
            "lyft",
            "lyftes",
            "tyckte",
            "tycker",
            "tyckt",
            "ansåg",
            "anser",
            "ansett",
            "sa",
            "sade",
            "sagt",
            "säger",
        ]
        # fmt: on
    )
    REPORT_REACH = 6  # words from the subject cue to its verb
    CONTRAST = frozenset(["men", "utan", "däremot", "dock", "fast", "medan"])
    # Words that end a negation's or a "trygg"'s reach: a contrast, an exception or a reason starts a new claim
    # ("inte orolig för inbrott men för rattfyllerister", "trygg överallt utom vid stationen").
    STOP = CONTRAST | frozenset(["utom", "förutom", "eftersom", "därför", "trots", "fast", "bortsett"])
    # "Vi behöver inte mer poliser": with a wish verb, "inte mer/fler X" says X is not wanted.
    WISH = frozenset(["behöva", "behöver", "behövs", "vilja", "vill", "önska", "önskar", "önskas", "bör", "ska"])
    MORE = frozenset(["mer", "fler", "mera", "flera"])
    # "Det är bra belysning i parken", "parken är väl upplyst": a positive word right before a hit, after a
    # copula, with no negation before it and no wish in the sentence, is praise, not a worry.
    PRAISE = frozenset(
        [
            "bra",
            "jättebra",
            "fin",
            "fint",
            "fina",
            "god",
            "gott",
            "goda",
            "utmärkt",
            "väl",
            "tillräcklig",
            "tillräckligt",
        ]
    )
    PRAISE_VERBS = frozenset(["är", "var", "finns", "fanns", "har", "hade", "blivit", "känns", "verkar"])
    WANT = WISH | MORE | frozenset(["saknas", "saknar", "borde", "kräver", "krävs", "bättre", "hoppas", "önskemål"])
    INTENSIFIERS = frozenset(["så", "särskilt", "speciellt", "riktigt", "helt", "direkt", "alls", "alltid", "jätte"])

    def __init__(self, negation: Negation) -> None:
        self.cues = frozenset(w for w in negation.cues if " " not in w)
        self.concern = frozenset(negation.concern)
        self.breakers = frozenset(w for w in negation.breakers if " " not in w)
        self.keep = PatternSet()
        for word in negation.keep:
            self.keep.add(Item.parse(word.lower()), (0, 1.0, word))
        self._keep_cache: dict[str, bool] = {}

    def is_keep(self, a: Analysis) -> bool:
        hit = self._keep_cache.get(a.norm)
        if hit is None:
            hit = bool(self.keep.match(a))
            self._keep_cache[a.norm] = hit
        return hit

    def _is(self, a: Analysis | None, words: Iterable[str] | frozenset[str]) -> bool:
        return a is not None and (a.norm in words or a.lemma in words)

    def apply(self, tokens: list[Token], analyses: list[Analysis | None], hits: list[Hit]) -> list[Hit]:
        n = len(tokens)
        cue_at = [i for i, a in enumerate(analyses) if a is not None and a.norm in self.cues]
        negated_all: set[int] = set()  # token positions where every hit is negated
        negated_plain: set[int] = set()  # token positions where non-keep hits are negated
        for i, a in enumerate(analyses):
            if a is None or not (a.norm in self.SAFE or a.norm in self.FINE or a.norm in self.GOOD):
                continue
            if any(b is not None and b.norm in self.cues for b in analyses[max(0, i - 3) : i]):
                continue  # "inte tryggt", "inte bra"
            if a.norm in self.SAFE:
                for j in range(i + 1, min(n, i + 1 + self.LONG_WINDOW)):
                    if (
                        tokens[j].text in CLAUSE_END
                        or self._is(analyses[j], self.breakers)
                        or self._is(analyses[j], self.STOP)
                    ):
                        break
                    negated_plain.add(j)
            elif i >= 2 and (prev := analyses[i - 1]) is not None and prev.norm in self.COPULA:
                target = negated_all if a.norm in self.FINE else negated_plain
                for j in range(i - 2, max(-1, i - 5), -1):
                    if tokens[j].text in CLAUSE_END:
                        break
                    target.add(j)
        for i, a in enumerate(analyses):
            if a is not None and a.norm in self.PRAISE and i + 1 < n and self._praises(tokens, analyses, i):
                negated_all.add(i + 1)
        lacking: set[int] = set()  # positions of keep words whose absence is the complaint
        for i, a in enumerate(analyses):
            if a is not None and a.norm in self.LACK:
                for j in range(i + 1, min(n, i + 1 + self.LACK_REACH)):
                    if tokens[j].text in CLAUSE_END:
                        break
                    b = analyses[j]
                    if b is not None and self.is_keep(b):
                        lacking.add(j)
                        break
        for i in cue_at:
            if self._nothing_to_do(tokens, analyses, i):
                continue
            if self._is(analyses[i], self.SUBJECTS) and self._reported(tokens, analyses, i, negated_all, negated_plain):
                continue
            about = self._absent_about(tokens, analyses, i)
            if about >= 0:
                lacking.add(about)  # "polisen är aldrig här", "väktarna går sällan runt"
            if self._negates_safety(tokens, analyses, i):
                continue  # "inte tryggt i parken", "trygg i centrum men inte vid stationen": the place is the worry
            # A negation's clause ends at punctuation and at a contrast ("men", "utan", "utom", ...).
            clause_start = i
            while (
                clause_start > 0
                and tokens[clause_start - 1].text not in CLAUSE_END
                and not self._is(analyses[clause_start - 1], self.STOP)
            ):
                clause_start -= 1
            clause_end = i + 1
            while (
                clause_end < n
                and tokens[clause_end].text not in CLAUSE_END
                and not self._is(analyses[clause_end], self.STOP)
            ):
                clause_end += 1
            concern = any(self._is(analyses[j], self.concern) for j in range(i + 1, min(clause_end, i + 4)))
            if concern:
                negated_all.update(range(i + 1, min(clause_end, i + 1 + self.LONG_WINDOW)))
                negated_all.update(range(max(clause_start, i - self.LONG_WINDOW), i))
                continue
            if (
                i >= 1
                and self._is(analyses[i - 1], self.WISH)
                and i + 1 < clause_end
                and self._is(analyses[i + 1], self.MORE)
            ):
                negated_all.update(range(i + 1, min(clause_end, i + 1 + self.WINDOW + 1)))
                continue  # "vi behöver inte mer poliser": not wanted
            if about >= 0:
                continue  # "vakterna syns aldrig i centrum": the lack is the complaint, the place its site
            if self._dreaded(tokens, analyses, i):
                continue  # "jag vill inte bli rånad", "vågar inte gå i parken": what follows is the worry
            if i + 1 < clause_end and self._is(analyses[i + 1], self.UNCOMMON):
                continue  # "inte ovanligt med slagsmål": a double negative
            b = analyses[i - 1] if i >= 1 else None
            if (
                b is not None
                and self._is(analyses[i], self.DENY)  # "polisen aldrig kommer" is about response, not presence
                and tokens[i - 1].text not in CLAUSE_END
                and b.norm not in self.EXIST  # "det syns inte på stan" is "it does not show", no absent presence
                and self.is_keep(b)
            ):
                lacking.add(i - 1)
                continue  # "lamporna lyser inte i tunneln": the cue denies the keep word before it, not the place
            window = self.WINDOW
            if any(self._is(analyses[j], self.PERCEPTION) for j in range(i + 1, min(clause_end, i + 3))):
                window = self.LONG_WINDOW
            counted = 0
            for j in range(i + 1, clause_end):
                if self._is(analyses[j], self.breakers):
                    break
                b = analyses[j]
                if b is not None and self.is_keep(b):
                    if self._absence(tokens, analyses, i):
                        lacking.add(j)
                    break  # "ingen belysning i gångtunneln": the lack is the complaint, the place its site
                negated_plain.add(j)
                if b is not None and b.norm not in self.FILLERS:
                    counted += 1
                if counted >= window:
                    break
        if not negated_all and not negated_plain and not lacking:
            return hits
        out: list[Hit] = []
        for h in hits:
            neg = h.start in negated_all
            if not neg and h.start in negated_plain:
                a = analyses[h.start]
                neg = a is not None and not self.is_keep(a)
            if neg:
                out.append(Hit(h.theme, h.weight, h.term, h.start, h.end, True))
            elif h.start in lacking and 0 < h.weight < self.ABSENT_WEIGHT:
                weight = min(self.ABSENT_WEIGHT, h.weight + self.ABSENT_BOOST)
                out.append(Hit(h.theme, weight, h.term, h.start, h.end))
            else:
                out.append(h)
        return out

    def _nothing_to_do(self, tokens: list[Token], analyses: list[Analysis | None], i: int) -> bool:
        """Whether the cue at ``i`` governs "att göra" in its clause: "inget (för unga) att göra"."""
        a = analyses[i]
        if a is None or a.norm not in self.NOTHING:
            return False
        end = min(len(tokens) - 1, i + 1 + self.TO_DO_REACH)
        for j in range(i + 1, end):
            if tokens[j].text in CLAUSE_END:
                return False
            b, c = analyses[j], analyses[j + 1]
            if self._is(b, self.concern):
                return False  # "inga problem för unga att göra något": the ordinary rules apply
            if b is not None and c is not None and (b.norm, c.norm) == self.TO_DO:
                return True
        return False

    def _praises(self, tokens: list[Token], analyses: list[Analysis | None], i: int) -> bool:
        """Whether the positive word at ``i`` praises the word after it ("det är bra belysning")."""
        if tokens[i + 1].text in CLAUSE_END or analyses[i + 1] is None:
            return False
        verb = False
        for k in range(i - 1, max(-1, i - 4), -1):
            if tokens[k].text in CLAUSE_END:
                break
            b = analyses[k]
            if b is None:
                continue
            if b.norm in self.cues:
                return False
            if b.norm in self.PRAISE_VERBS:
                verb = True
        if not verb:
            return False
        start, end = i, i
        while start > 0 and tokens[start - 1].text not in SENTENCE_END:
            start -= 1
        while end < len(tokens) and tokens[end].text not in SENTENCE_END:
            end += 1
        return not any(self._is(analyses[k], self.WANT) or self._is(analyses[k], self.cues) for k in range(start, end))

    def _negates_safety(self, tokens: list[Token], analyses: list[Analysis | None], i: int) -> bool:
        """Whether the cue at ``i`` denies safety rather than a worry: "inte tryggt i parken" (a "trygg" word
        right after it), or "trygg i centrum men inte vid stationen" / "utom inte" (a contrast right before it
        with a "trygg" word earlier in the sentence)."""
        n = len(tokens)
        j = i + 1
        while j < n and j <= i + 3 and self._is(analyses[j], self.INTENSIFIERS):
            j += 1
        if j < n and self._is(analyses[j], self.SAFE):
            return True
        if i >= 1 and self._is(analyses[i - 1], self.STOP):
            for k in range(i - 2, -1, -1):
                if tokens[k].text in SENTENCE_END:
                    break
                b = analyses[k]
                if b is not None and b.norm in self.SAFE:
                    cued = any(c is not None and c.norm in self.cues for c in analyses[max(0, k - 3) : k])
                    return not cued
        return False

    def _dreaded(self, tokens: list[Token], analyses: list[Analysis | None], i: int) -> bool:
        """Whether the cue at ``i`` follows "vågar" ("vågar inte gå i parken") or "vill" before a verb of undergoing
        ("vill inte bli rånad", "vill inte ha knarkare här"): then what follows is feared, not denied."""
        if i < 1 or tokens[i - 1].text in CLAUSE_END:
            return False
        if self._is(analyses[i - 1], self.DARE):
            return True
        if not self._is(analyses[i - 1], self.WANT_NOT):
            return False
        return i + 1 < len(tokens) and self._is(analyses[i + 1], self.UNDERGO)

    def _absent_about(self, tokens: list[Token], analyses: list[Analysis | None], i: int) -> int:
        """The position of a keep word that the absence cue at ``i`` says is not about, or -1: "polisen är
        aldrig här", "vakterna rör sig sällan i centrum", "polisen kommer hit alldeles för sällan" (a keep word
        right before a verb of being about, the cue at most ABOUT_REACH words after the verb, one clause)."""
        if not self._absence(tokens, analyses, i):
            return -1
        n = len(tokens)
        for j in range(i - 1, max(0, i - 1 - self.ABOUT_REACH), -1):
            if tokens[j].text in CLAUSE_END or tokens[j - 1].text in CLAUSE_END:
                return -1
            verb = analyses[j]
            if verb is None:
                continue
            if verb.norm in self.COME:
                near = range(j + 1, min(n, i + 3))
                if not any(self._is(analyses[k], self.HITHER) for k in near if tokens[k].text not in CLAUSE_END):
                    continue
            elif verb.norm not in self.ABOUT:
                continue
            b = analyses[j - 1]
            return j - 1 if b is not None and self.is_keep(b) else -1
        return -1

    def _absence(self, tokens: list[Token], analyses: list[Analysis | None], i: int) -> bool:
        """Whether the cue at ``i`` says something is absent: "ingen", "aldrig", or "inte" next to "finns"."""
        a = analyses[i]
        if a is None:
            return False
        if a.norm in self.ABSENCE:
            return True
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(tokens):
                if tokens[j].text in SENTENCE_END:
                    continue
                b = analyses[j]
                if b is not None and b.norm in self.EXIST:
                    return True
        return False

    def _reported(
        self,
        tokens: list[Token],
        analyses: list[Analysis | None],
        i: int,
        negated_all: set[int],
        negated_plain: set[int],
    ) -> bool:
        """ "Ingen av de tillfrågade nämnde trafik", "Ingen har uppgett att de känt sig trakasserade": the cue
        is the subject of a reporting verb, so nothing after the verb up to the sentence's end (or "men") was
        reported. Returns False when the cue governs no reporting verb (the ordinary rules then apply), True
        when it does (then with a "trygg"/"okej" after the verb nothing is negated: a double negative)."""
        n = len(tokens)
        verb = -1
        counted = 0
        for j in range(i + 1, n):
            if tokens[j].text in CLAUSE_END:
                break
            b = analyses[j]
            if b is None:
                continue
            if b.norm == "som":
                return False  # "ingen vuxen som säger ifrån": a relative clause about what is absent, not a report
            if b.norm in self.REPORT:
                verb = j
                break
            counted += 1
            if counted >= self.REPORT_REACH:
                break
        if verb < 0:
            return False
        end = verb + 1
        while end < n and tokens[end].text not in SENTENCE_END and not self._is(analyses[end], self.CONTRAST):
            end += 1
        scope = range(verb + 1, end)
        if any(self._is(analyses[j], self.SAFE) or self._is(analyses[j], self.FINE) for j in scope):
            return True  # "ingen upplever sig trygg i parken": a double negative, the place is the complaint
        concern = any(self._is(analyses[j], self.concern) for j in scope)
        (negated_all if concern else negated_plain).update(range(i + 1, end))
        return True
