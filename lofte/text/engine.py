"""The coder: lexicon + optional model -> themes with confidences, triggers, places, times, redacted text."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lofte.text.features import STOPWORDS, text_features
from lofte.text.lemma import is_form, lemma_of, simple_lemma
from lofte.text.lexicon import Hit, Lexicon
from lofte.text.model import Model
from lofte.text.morph import Analysis, analyse
from lofte.text.normalise import normalise_text
from lofte.text.place_kinds import _generic
from lofte.text.place_names import PlaceCandidate
from lofte.text.places import Gazetteer, PlaceMatch
from lofte.text.redact import apply_spans, find_spans
from lofte.text.spelling import Corrector
from lofte.text.taxonomy import Taxonomy, load_taxonomy
from lofte.text.times import FORMS, LEMMAS, find_times
from lofte.text.tokenise import Token, tokenise

# Lexicon score -> logit: one "enough alone" word (weight 2) gives p = 0.62, a strong one (3) 0.88.
BIAS = -2.5
SCALE = 1.5
CAP = 5.0
NO_HIT = -4.0
THRESHOLD = 0.5
PUBLIC_PLACE_THEME = "offentliga_platser"
PUBLIC_PLACE_WEIGHT = 2.5


_SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")
_DEFOLD = {"a": ("a", "å", "ä"), "o": ("o", "ö")}


def _defoldings(word: str, limit: int = 64) -> list[str]:
    """Spellings of ``word`` with a/o read as å/ä/ö, the word itself excluded, fewest changes first."""
    slots = [i for i, ch in enumerate(word) if ch in _DEFOLD]
    if not slots or len(slots) > 6:
        return []
    out = [""]
    for ch in word:
        options = _DEFOLD.get(ch, (ch,))
        out = [o + x for o in out for x in options][: limit * 3]
    out = [w for w in out if w != word]
    out.sort(key=lambda w: sum(a != b for a, b in zip(w, word, strict=True)))
    return out[:limit]


def _is_word(word: str) -> bool:
    """A known Swedish word form, inflections included ("mörkt", "behövs"), without guessing compounds."""
    return is_form(word) or simple_lemma(word) is not None


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


_NO_HIT_SCORE = round(_sigmoid(NO_HIT), 4)


@dataclass
class Coding:
    themes: list[str]
    theme_scores: dict[str, float]
    triggers: dict[str, list[str]]
    places: list[PlaceMatch]
    times: list[str]
    redacted: str
    uncertainty: float
    negated: dict[str, list[str]] = field(default_factory=dict)
    # Place-like names the gazetteer does not hold: for the analyst to add, not places the coding counts.
    candidates: list[PlaceCandidate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "themes": self.themes,
            "theme_scores": self.theme_scores,
            "triggers": self.triggers,
            "places": [p.to_json() for p in self.places],
            "candidates": [c.to_json() for c in self.candidates],
            "times": self.times,
            "redacted": self.redacted,
            "uncertainty": self.uncertainty,
        }


@dataclass
class Prepared:
    """Everything the engine derives from one text before deciding."""

    text: str
    tokens: list[Token]
    analyses: list[Analysis | None]
    hits: list[Hit]
    places: list[PlaceMatch]
    times: list[str]
    lex_logits: dict[str, float]
    features: list[str]
    candidates: list[PlaceCandidate] = field(default_factory=list)


class Engine:
    def __init__(
        self, taxonomy: Taxonomy | None = None, gazetteer: Gazetteer | None = None, model: Model | None = None
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy()
        self.gazetteer = gazetteer or Gazetteer()
        self.model = model
        self.lexicon = Lexicon(self.taxonomy)
        self.theme_ids = self.lexicon.theme_ids
        self.residual = self.taxonomy.residual_id
        self._corrector: Corrector | None = None
        self._protect = self.gazetteer.words
        self._defold_cache: dict[str, Analysis] = {}
        self._token_cache: dict[str, Analysis] = {}
        self._folded_cache: dict[str, bool] = {}  # norm -> analysis after spelling correction

    # -- word analysis with spelling correction --------------------------------------------------------
    @property
    def corrector(self) -> Corrector:
        if self._corrector is None:
            vocab = set(self.lexicon.vocabulary()) | set(LEMMAS) | set(FORMS) | set(_generic()[0])
            vocab |= self.gazetteer.words
            forms: set[str] = set()
            for word in vocab:
                if " " in word or not word.isalpha():
                    continue
                forms.add(word)
                for suffix in ("en", "et", "n", "t", "er", "ar", "or", "na", "erna", "arna", "orna", "a", "e"):
                    form = word + suffix
                    if lemma_of(form) == word:
                        forms.add(form)
            self._corrector = Corrector(forms)
        return self._corrector

    def _defold(self, norm: str) -> Analysis:
        """For text typed without å, ä, ö: the reading of ``norm`` that the lexicon knows ("kor" -> "kör")."""
        cached = self._defold_cache.get(norm)
        if cached is not None:
            return cached
        a = analyse(norm)
        best = a
        real = _is_word(norm)
        if ("a" in norm or "o" in norm) and (not real or norm not in STOPWORDS):
            has_hits = bool(self.lexicon.word_entries(a)) or a.norm in FORMS or a.lemma in LEMMAS
            if not real or not has_hits:
                fallback = None
                for candidate in _defoldings(norm):
                    b = analyse(candidate)
                    if self.lexicon.word_entries(b) or b.norm in FORMS or b.lemma in LEMMAS:
                        best = b
                        break
                    if fallback is None and not real and _is_word(candidate):
                        fallback = b
                else:
                    best = fallback or a
        if len(self._defold_cache) > 100_000:
            self._defold_cache.clear()
        self._defold_cache[norm] = best
        return best

    def _looks_folded(self, analyses: list[Analysis | None]) -> bool:
        """True when some word is no word as written but one with å, ä or ö ("busshallplats", "ranad")."""
        cache = self._folded_cache
        for a in analyses:
            if a is None:
                continue
            hit = cache.get(a.norm)
            if hit is None:
                norm = a.norm
                hit = (
                    ("a" in norm or "o" in norm)
                    and not _is_word(norm)
                    and any(_is_word(c) for c in _defoldings(norm, 16))
                )
                if len(cache) > 100_000:
                    cache.clear()
                cache[norm] = hit
            if hit:
                return True
        return False

    def analyse_token(self, token: Token, folded: bool = False) -> Analysis | None:
        if not token.is_word:
            return None
        if not folded:
            cached = self._token_cache.get(token.norm)
            if cached is not None:
                return cached
        a = self._defold(token.norm) if folded else analyse(token.norm)
        if not a.known and len(a.norm) >= Corrector.MIN_LENGTH and a.norm.isalpha():
            fixed = self.corrector.correct(a.norm)
            if fixed is not None and fixed != a.norm:
                a = analyse(fixed)
        if not folded:
            if len(self._token_cache) > 200_000:
                self._token_cache.clear()
            self._token_cache[token.norm] = a
        return a

    def _analyse_all(self, tokens: list[Token]) -> list[Analysis | None]:
        """``analyse_token`` for every token, with the cache lookup inlined (the hot path)."""
        cache = self._token_cache
        out: list[Analysis | None] = []
        append = out.append
        for t in tokens:
            if not t.is_word:
                append(None)
                continue
            a = cache.get(t.norm)
            append(a if a is not None else self.analyse_token(t))
        return out

    # -- coding ----------------------------------------------------------------------------------------
    def prepare(self, text: str, *, features: bool | None = None) -> Prepared:
        text = normalise_text(text or "")
        tokens = tokenise(text)
        analyses = self._analyse_all(tokens)
        if text and not _SWEDISH_LETTERS.search(text) and self._looks_folded(analyses):
            analyses = [self.analyse_token(t, True) for t in tokens]
        hits = self.lexicon.hits(tokens, analyses)
        if hits:
            hits = self._drop_street_names(tokens, analyses, hits)
        places = self.gazetteer.find(tokens, analyses)
        in_time: set[int] = set()
        times = find_times(tokens, analyses, in_time)
        if in_time and places:  # "efter skolan" is a time of day, not the school as a place
            starts = {tokens[i].start for i in in_time}
            places = [p for p in places if p.id is not None or p.start not in starts]
        candidates = self.gazetteer.candidates(tokens, analyses, places)
        pos: dict[int, dict[str, float]] = {}
        neg: dict[int, dict[str, float]] = {}
        for h in hits:
            if h.negated:
                continue
            table = pos if h.weight > 0 else neg
            terms = table.setdefault(h.theme, {})
            terms[h.term] = max(terms.get(h.term, 0.0), abs(h.weight))
        lex_logits = dict.fromkeys(self.theme_ids, NO_HIT)
        public_idx = self.theme_ids.index(PUBLIC_PLACE_THEME) if PUBLIC_PLACE_THEME in self.theme_ids else -1
        if public_idx >= 0:
            for p in places:
                if p.id is not None and p.is_public:
                    pos.setdefault(public_idx, {})["@" + p.name] = PUBLIC_PLACE_WEIGHT
        for j in pos.keys() | neg.keys():
            p_sum = sum(pos[j].values()) if j in pos else 0.0
            n_sum = sum(neg[j].values()) if j in neg else 0.0
            lex_logits[self.theme_ids[j]] = BIAS + SCALE * (min(p_sum, CAP) - n_sum)
        feats: list[str] = []
        if features or (features is None and self.model is not None):
            hit_pairs = [(self.theme_ids[h.theme], h.negated) for h in hits if h.weight > 0]
            feats = text_features(analyses, hit_pairs, [p.kind for p in places])
        return Prepared(text, tokens, analyses, hits, places, times, lex_logits, feats, candidates)

    def _drop_street_names(self, tokens: list[Token], analyses: list[Analysis | None], hits: list[Hit]) -> list[Hit]:
        """A capitalised compound whose head is a street word ("Skolvägen", "Parkgatan", "Stationsgränd") is a
        street's name: its parts say nothing about schools, parks or stations, so its one-word hits are dropped.
        Lower-case "skolvägen" (the way to school) keeps its hits."""
        street_heads = _generic()[1]
        drop: set[int] = set()
        for h in hits:
            if h.end - h.start != 1 or h.start in drop:
                continue
            a = analyses[h.start]
            t = tokens[h.start]
            if a is not None and a.parts and t.is_capitalised and not t.text.isupper() and a.parts[-1] in street_heads:
                drop.add(h.start)
        return [h for h in hits if h.start not in drop or h.end - h.start != 1] if drop else hits

    def decide(self, prepared: Prepared) -> tuple[list[str], dict[str, float]]:
        logits = dict(prepared.lex_logits)
        if self.model is not None:
            adjust = self.model.adjustments(prepared.features)
            for theme in logits:
                logits[theme] += adjust.get(theme, 0.0)
        scores = {t: _NO_HIT_SCORE if z == NO_HIT else round(_sigmoid(z), 4) for t, z in logits.items()}
        themes = [t for t in self.theme_ids if scores[t] >= THRESHOLD]
        if self.residual is not None:
            scores[self.residual] = round(1.0 - max(scores.values(), default=0.0), 4)
            if not themes and any(a is not None for a in prepared.analyses):
                themes = [self.residual]
        return themes, scores

    def code(self, text: str) -> Coding:
        prepared = self.prepare(text)
        themes, scores = self.decide(prepared)
        triggers: dict[str, list[str]] = {}
        negated: dict[str, list[str]] = {}
        tokens = prepared.tokens
        for h in prepared.hits:
            theme = self.theme_ids[h.theme]
            if h.weight <= 0:
                continue
            surface = prepared.text[tokens[h.start].start : tokens[h.end - 1].end]
            target = negated if h.negated else triggers
            words = target.setdefault(theme, [])
            if surface not in words:
                words.append(surface)
        for p in prepared.places:
            if p.id is not None and p.is_public and PUBLIC_PLACE_THEME in self.theme_ids:
                words = triggers.setdefault(PUBLIC_PLACE_THEME, [])
                surface = prepared.text[p.start : p.end]
                if surface not in words:
                    words.append(surface)
        if self.model is not None:
            for theme in themes:
                if theme not in triggers and theme != self.residual:
                    top = self.model.contributions(prepared.features, theme)[:3]
                    triggers[theme] = [f.split(":", 1)[1] for f, _ in top if f[:2] in ("w:", "p:", "b:")]
        triggers = {t: w for t, w in triggers.items() if t in themes}
        spans = find_spans(prepared.text, self._protect, prepared.tokens)
        redacted = apply_spans(prepared.text, spans) if spans else prepared.text
        uncertainty = max((1.0 - abs(2.0 * scores[t] - 1.0) for t in self.theme_ids), default=0.0)
        return Coding(
            themes=themes,
            theme_scores=scores,
            triggers=triggers,
            places=prepared.places,
            times=prepared.times,
            redacted=redacted,
            uncertainty=round(uncertainty, 4),
            negated=negated,
            candidates=prepared.candidates,
        )

    def code_many(self, texts: Iterable[str]) -> list[Coding]:
        return [self.code(t) for t in texts]


def review_order(codings: Sequence[Coding]) -> list[int]:
    """Indices of ``codings``, the ones the engine is least sure of first (for analysts to review)."""
    return sorted(range(len(codings)), key=lambda i: (-codings[i].uncertainty, i))
