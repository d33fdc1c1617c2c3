"""Score a text: count once, apply the language's formulas, map to the common band.

:func:`score_units` is the whole engine: pure, thread-safe (no global state; the
only caches are per-word ``lru_cache`` memos of pure functions) and offline.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from . import formulas as F
from .syllables import counter_for
from .tokenize import CJK_RE, Sentence, sentences as split_units


@dataclass(frozen=True)
class MetricValue:
    key: str
    label: str
    value: float
    interpretation: str
    reading_age: float
    higher_is_easier: bool
    citation: str

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "value": round(self.value, 2),
            "interpretation": self.interpretation,
            "reading_age": round(self.reading_age, 1),
            "higher_is_easier": self.higher_is_easier,
            "citation": self.citation,
        }


class Hotspot(NamedTuple):
    """A sentence or word a writer could simplify (a tuple: cheap to make, immutable)."""

    text: str
    words: int = 0
    syllables: int = 0


@dataclass(frozen=True)
class TextScore:
    """Readability of one text in one language."""

    lang: str  # base language used for the profile ("es")
    profile: str
    validated: bool
    counts: F.Counts
    metrics: tuple[MetricValue, ...]
    primary: str  # key of the metric judged against the target
    long_sentences: tuple[Hotspot, ...] = ()
    hard_words: tuple[Hotspot, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return bool(self.metrics)

    def metric(self, key: str) -> MetricValue | None:
        for m in self.metrics:
            if m.key == key:
                return m
        return None

    @property
    def primary_metric(self) -> MetricValue | None:
        return self.metric(self.primary)

    @property
    def reading_age(self) -> float | None:
        m = self.primary_metric
        return m.reading_age if m else None

    @property
    def band(self) -> F.Band | None:
        age = self.reading_age
        return F.band_for_age(age) if age is not None else None

    @property
    def words_per_sentence(self) -> float:
        return self.counts.wps

    def as_dict(self) -> dict:
        band = self.band
        return {
            "language": self.lang,
            "profile": self.profile,
            "validated": self.validated,
            "sentences": self.counts.sentences,
            "words": self.counts.words,
            "syllables": self.counts.syllables,
            "words_per_sentence": round(self.counts.wps, 2),
            "primary": self.primary,
            "metrics": [m.as_dict() for m in self.metrics],
            "reading_age": round(self.reading_age, 1) if self.reading_age is not None else None,
            "band": band.index if band else None,
            "band_label": band.label if band else None,
            "long_sentences": [{"text": h.text, "words": h.words} for h in self.long_sentences],
            "hard_words": [{"word": h.text, "syllables": h.syllables} for h in self.hard_words],
            "notes": list(self.notes),
        }


_HAMZA_ETC = re.compile("[\u0626\u0621\u0624\u0630\u0638]")
_WA = re.compile("\u0648\u0627|\u0648\u0646")
_AR_MARKS = re.compile("[\u064b-\u065f\u0670]")
_SENTENCE_TEXT_MAX = 240
_DIGIT = re.compile(r"\d")


def _letters(word: str) -> int:
    if word.isalpha():
        return len(word)
    return sum(1 for ch in word if ch.isalpha())


@lru_cache(maxsize=262144)
def word_info(lang: str, word: str, syllables: bool) -> tuple[bool, int, int]:
    """(is a Han/kana character, letters, syllables) of one word: pure, memoised."""
    if len(word) == 1 and CJK_RE.match(word):
        return True, 1, 0
    n_letters = len(word) if word.isalpha() else _letters(word)
    return False, n_letters, counter_for(lang)(word) if syllables else 0


def count(sents: list[Sentence], lang: str, profile: F.Profile) -> tuple[F.Counts, dict[str, int]]:
    """Counts for the formulas, and syllables of each distinct word of 3+ syllables (hotspot candidates).

    Works per distinct word (a ``Counter`` of the tokens), so the Python-level
    work grows with the vocabulary, not with the length of the text.
    """
    use_syllables = profile.syllables
    arabic = lang == "ar"
    freq: Counter[str] = Counter(chain.from_iterable(s.words for s in sents))
    words = syllables = letters = long_words = poly = mono = hard_pl = 0
    ar_complex = ar_long = ar_faseeh = cjk = 0
    per_word: dict[str, int] = {}
    for w, k in freq.items():
        words += k
        is_cjk, n_letters, n = word_info(lang, w, use_syllables)
        if is_cjk:
            cjk += k
            letters += k
            continue
        letters += n_letters * k
        if n_letters > 6:
            long_words += k
        if not use_syllables:
            continue
        syllables += n * k
        if n >= 3:
            per_word[w] = n
            poly += k
            if n >= 4:
                hard_pl += k
        elif n == 1:
            mono += k
        if arabic:
            if n > 5:
                ar_complex += k
                if _HAMZA_ETC.search(w) or _WA.search(w):
                    ar_faseeh += k
            if n_letters > 5:
                ar_long += k
    counts = F.Counts(
        sentences=len(sents), words=words, syllables=syllables, letters=letters, long_words=long_words,
        polysyllables=poly, monosyllables=mono, hard_words_pl=hard_pl, ar_complex=ar_complex,
        ar_long=ar_long, ar_faseeh=ar_faseeh, cjk_chars=cjk,
    )
    return counts, per_word


def score_sentences(sents: list[Sentence], lang: str, hotspots: int = 3) -> TextScore:
    """Score already split sentences (the engine's core)."""
    profile = F.profile_for(lang)
    counts, per_word = count(sents, lang, profile)
    notes: list[str] = []
    if not profile.validated:
        notes.append("indicative: no validated readability formula for this language")
    if counts.words == 0:
        notes.append("no words to score")
        return TextScore(lang, profile.name, profile.validated, counts, (), profile.primary, notes=tuple(notes))
    metrics = []
    for key in profile.metrics:
        spec = F.METRICS[key]
        scale = F.SCALES[spec.scale]
        value = F.finite(spec.formula(counts))
        metrics.append(MetricValue(key, spec.label, value, scale.describe(value), F.finite(scale.to_age(value)), scale.higher_is_easier, spec.citation))
    if counts.cjk_chars and counts.cjk_chars < counts.words and lang not in ("zh", "ja"):
        notes.append("mixed scripts: Han/kana characters counted one per word")
    long_sentences = ()
    hard_words = ()
    if hotspots > 0:
        ranked = heapq.nsmallest(hotspots, [(-len(s.words), s.text) for s in sents])
        long_sentences = tuple(Hotspot(_clip(text), -neg) for neg, text in ranked if neg < -1)
        if profile.syllables:
            # (more syllables, longer, alphabetical): plain tuples compare fast, no key function
            candidates = [(-n, -len(w), w.lower(), w) for w, n in per_word.items() if w.isalpha() or not _DIGIT.search(w)]
            hard_words, seen = [], set()
            for neg_n, _, k, w in heapq.nsmallest(hotspots * 3, candidates):
                if k not in seen:
                    seen.add(k)
                    hard_words.append(Hotspot(w, syllables=-neg_n))
            hard_words = tuple(hard_words[:hotspots])
        else:
            longest = sorted({w.lower() for s in sents for w in s.words if len(w) > 6}, key=lambda w: (-len(w), w))[:hotspots]
            hard_words = tuple(Hotspot(w) for w in longest)
    return TextScore(lang, profile.name, profile.validated, counts, tuple(metrics), profile.primary, long_sentences, hard_words, tuple(notes))


def _clip(text: str) -> str:
    return text if len(text) <= _SENTENCE_TEXT_MAX else text[: _SENTENCE_TEXT_MAX - 1].rstrip() + "…"


def score_units(units: list[str] | tuple[str, ...], lang: str, hotspots: int = 3) -> TextScore:
    """Score a sequence of units (segments, paragraphs, list items) in base language ``lang``."""
    return score_sentences(split_units(list(units), lang), lang, hotspots)
