"""Score a text: count once, apply the language's formulas, map to the common band.

:func:`score_units` is the whole engine: pure, thread-safe (no global state; the
only caches are per-word memos of pure functions, owned by :mod:`pipeline.memo`) and offline.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, fields
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from .. import memo as memos
from . import formulas as F
from .spoken import heard_syllables, is_spoken_form, spoken_text
from .plain import suggest
from .syllables import counter_for
from .tokenize import CJK_RE, FAST_WORD_RE, WORD_RE, Sentence, sentences as split_units


class MetricValue(NamedTuple):
    """One metric's value, how to read it, and the reading age it maps to (immutable, cheap to make)."""

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
    def judged_metric(self) -> MetricValue | None:
        """The metric the verdict rests on: the primary one when the text is long enough for it (its
        minimum sample, :attr:`~.formulas.MetricSpec.min_words` / ``min_sentences``), else the first other
        metric of the profile that is (English: Flesch Reading Ease when SMOG's 30 sentences are not
        there), else None: too short to judge reliably."""
        m = self.primary_metric
        if m is None:
            return None
        c = self.counts
        if F.METRICS[m.key].sample_ok(c):
            return m
        for mv in self.metrics:
            if mv.key != m.key and F.METRICS[mv.key].sample_ok(c) and (not self.validated or F.METRICS[mv.key].citation != "indicative"):
                return mv
        return None

    @property
    def too_short(self) -> bool:
        """Scored, but shorter than every formula's minimum sample: no reading age is given."""
        return bool(self.metrics) and self.judged_metric is None

    @property
    def sample_note(self) -> str:
        """Why the verdict uses another measure, or none ("" when the primary one applies)."""
        m = self.primary_metric
        if m is None:
            return ""
        j = self.judged_metric
        if j is not None and j.key == m.key:
            return ""
        spec = F.METRICS[m.key]
        c = self.counts
        have = f"this text has {c.sentences if spec.min_sentences else c.words}"
        if j is None:
            others = sorted({F.METRICS[mv.key].minimum() for mv in self.metrics if mv.key != m.key and F.METRICS[mv.key].citation != "indicative"})
            need = f"{m.label} needs {spec.minimum()}, the others {' or '.join(others)}" if others and others != [spec.minimum()] else f"its formulas need {spec.minimum()}"
            return (f"too short to judge reliably: {need} "
                    f"(this text has {c.sentences} sentence{'' if c.sentences == 1 else 's'}, {c.words} word{'' if c.words == 1 else 's'})")
        return f"{m.label} needs {spec.minimum()}, {have}: judged by {j.label} instead"

    @property
    def reading_age(self) -> float | None:
        """The reading age of :attr:`judged_metric` (None when too short to judge)."""
        m = self.judged_metric
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
            "judged_by": self.judged_metric.key if self.judged_metric else None,
            "too_short": self.too_short,
            "sample_note": self.sample_note,
            "band": band.index if band else None,
            "band_label": band.label if band else None,
            "long_sentences": [{"text": h.text, "words": h.words} for h in self.long_sentences],
            "hard_words": [{"word": h.text, "syllables": h.syllables, "suggestions": list(suggest(self.lang, h.text))} for h in self.hard_words],
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


@memos.pure(maxsize=262144)
def word_info(lang: str, word: str, syllables: bool) -> tuple[bool, int, int]:
    """(is a Han/kana character, letters, syllables) of one word: pure, memoised."""
    if len(word) == 1 and CJK_RE.match(word):
        return True, 1, 0
    n_letters = len(word) if word.isalpha() else _letters(word)
    if not syllables:
        return False, n_letters, 0
    counter = counter_for(lang)
    heard = heard_syllables(lang, word, counter)  # numbers read as words, acronyms spelled out
    return False, n_letters, counter(word) if heard is None else heard


# --- counting without a Python loop over the words -----------------------------------------
# Each distinct word is looked at once in Python (``_WordMemo.__missing__``) and its
# contribution to every count is *packed* into one int, one 64-bit field per count.
# Words never contain whitespace, so a sentence's words are the words of its
# whitespace-separated chunks in order (``text.split()``): a chunk's packed value is
# the sum of its words' (``_ChunkMemo``), and a sentence's counts are
# ``sum(map(chunks.__getitem__, text.split()))`` -- no Python code runs per word or
# chunk once they have been seen -- unpacked with shifts.  A field cannot overflow
# into the next: each word adds at most a few times its length to a field, and no
# text has 2**60 characters.  Exact integer arithmetic: the same counts as a loop
# over ``Sentence.words`` (``tests/test_readability_equality.py`` pins them).
_FIELD_BITS = 64
_MASK = (1 << _FIELD_BITS) - 1
#: Counts fields in packing order (``words`` first: every word adds 1 to it)
_FIELDS = ("words", "syllables", "letters", "long_words", "polysyllables", "monosyllables", "hard_words_pl",
           "ar_complex", "ar_long", "ar_faseeh", "cjk_chars")
_SHIFT = {name: i * _FIELD_BITS for i, name in enumerate(_FIELDS)}
#: memos are dropped (not cleared: a scorer still holding one stays consistent) past this many entries
#: (per language: a leaflet project has a few thousand distinct chunks; this bounds memory to tens of MB)
MEMO_WORDS = 65536


_text_of = itemgetter(0)  # Sentence.text
_han_of = itemgetter(1)  # Sentence.han


def _pack(**fields: int) -> int:
    return sum(v << _SHIFT[k] for k, v in fields.items())


class _WordMemo(dict):
    """word -> packed counts for one language; fills itself on a miss (pure, so never stale).

    ``hard`` keeps the words of 3+ syllables that may be named as hotspots
    (not numbers), each with its rank key: (-syllables, -length, lower case, word,
    its Hotspot), so more syllables, then longer, then alphabetical comes first
    (the word is unique, so the Hotspot is never compared).
    """

    __slots__ = ("lang", "syllables", "hard")

    def __init__(self, lang: str, syllables: bool) -> None:
        super().__init__()
        self.lang = lang
        self.syllables = syllables
        self.hard: dict[str, tuple[int, int, str, str, Hotspot]] = {}

    def __missing__(self, w: str) -> int:
        is_cjk, n_letters, n = word_info(self.lang, w, self.syllables)
        if is_cjk:
            v = _pack(words=1, letters=1, cjk_chars=1)
        else:
            f = {"words": 1, "letters": n_letters, "long_words": int(n_letters > 6)}
            if self.syllables:
                f["syllables"] = n
                f["polysyllables"] = int(n >= 3)
                f["hard_words_pl"] = int(n >= 4)
                f["monosyllables"] = int(n == 1)
                if self.lang == "ar":
                    f["ar_complex"] = int(n > 5)
                    f["ar_faseeh"] = int(n > 5 and bool(_HAMZA_ETC.search(w) or _WA.search(w)))
                    f["ar_long"] = int(n_letters > 5)
                if n >= 3 and not is_spoken_form(w):  # numbers and acronyms are not hard words
                    self.hard[w] = (-n, -len(w), w.lower(), w, Hotspot(w, 0, n))
            v = _pack(**f)
        self[w] = v
        return v


class _ChunkMemo(dict):
    """whitespace-free chunk ("células,") -> packed counts of its words; ``hard``: its hotspot candidates."""

    __slots__ = ("words", "find", "hard")

    def __init__(self, words: _WordMemo, han: bool) -> None:
        super().__init__()
        self.words = words
        self.find = (WORD_RE if han else FAST_WORD_RE).findall
        self.hard: dict[str, tuple[tuple, ...]] = {}  # chunk -> rank keys of its words that are hotspot candidates

    def __missing__(self, chunk: str) -> int:
        ws = self.find(chunk)
        memo = self.words
        v = sum(map(memo.__getitem__, ws))
        hard = tuple(memo.hard[w] for w in ws if w in memo.hard)
        if hard:
            self.hard[chunk] = hard
        self[chunk] = v
        return v


_MEMOS: dict[tuple[str, bool, bool], _ChunkMemo] = memos.table(f"{__name__}.chunks")  # (lang, syllables, han) -> memo


def _memo_for(lang: str, syllables: bool, han: bool) -> _ChunkMemo:
    memo = _MEMOS.get((lang, syllables, han))
    if memo is None or len(memo) > MEMO_WORDS or len(memo.words) > MEMO_WORDS:
        # atomic swap (thread-safe); the chunk memo and its word memo are replaced together
        memo = _MEMOS[(lang, syllables, han)] = _ChunkMemo(_WordMemo(lang, syllables), han)
    return memo


def clear_word_memos() -> None:
    """Forget every per-word result of the readability package (benchmarks use it to measure a
    cold start): the memos :mod:`pipeline.memo` holds for ``pipeline.readability``."""
    memos.clear("pipeline.readability.")


def _packed_per_sentence(sents: list[Sentence], lang: str, syllables: bool) -> tuple[list[int], list[tuple[_ChunkMemo, list[list[str]]]]]:
    """Packed counts per sentence, and (memo, chunks of each sentence it counted) for the hotspots."""
    fast = _memo_for(lang, syllables, False)
    splits = list(map(str.split, map(spoken_text, map(_text_of, sents))))  # URLs, addresses, phones: not words
    if True not in map(_han_of, sents):
        get = fast.__getitem__
        return [sum(map(get, c)) for c in splits], [(fast, splits)]
    han = _memo_for(lang, syllables, True)
    per = [sum(map((han if s.han else fast).__getitem__, c)) for s, c in zip(sents, splits)]
    return per, [(fast, [c for s, c in zip(sents, splits) if not s.han]), (han, [c for s, c in zip(sents, splits) if s.han])]


_new_counts = partial(tuple.__new__, F.Counts)  # Counts(*fields), built in C
_UNPACK = struct.Struct(f"<{len(_FIELDS)}Q").unpack  # one 64-bit unsigned field each, lowest first
_PACKED_BYTES = len(_FIELDS) * _FIELD_BITS // 8


def _unpack(total: int, n_sentences: int) -> F.Counts:
    # the packed int's bytes, read as len(_FIELDS) little-endian 64-bit fields (_FIELDS is Counts' order)
    return _new_counts((n_sentences, *_UNPACK(total.to_bytes(_PACKED_BYTES, "little"))))


def count(sents: list[Sentence], lang: str, profile: F.Profile) -> F.Counts:
    """Counts for the formulas (Python-level work grows with the sentences and the new words only)."""
    per, _ = _packed_per_sentence(sents, lang, profile.syllables)
    return _unpack(sum(per), len(sents))


_new_metric = partial(tuple.__new__, MetricValue)  # MetricValue(*fields), built in C
_new_hotspot = partial(tuple.__new__, Hotspot)  # Hotspot(text, words, syllables), built in C


def _describer(scale: F.Scale):
    """``scale.describe`` as a closure over its bands (the same loop, without the attribute look-ups per call)."""
    bands, last = scale.bands, scale.bands[-1][1]
    if scale.higher_is_easier:
        def describe(value: float) -> str:
            for bound, label in bands:
                if value >= bound:
                    return label
            return last
    else:
        def describe(value: float) -> str:
            for bound, label in bands:
                if value <= bound:
                    return label
            return last
    return describe


@memos.pure(maxsize=None)
def _metric_rows(metrics: tuple[str, ...]) -> tuple:
    """(key, label, formula, describe, to_age, higher_is_easier, citation) per metric: looked up once per profile."""
    rows = []
    for key in metrics:
        spec = F.METRICS[key]
        scale = F.SCALES[spec.scale]
        rows.append((key, spec.label, spec.formula, _describer(scale), scale.to_age, scale.higher_is_easier, spec.citation))
    return tuple(rows)


def score_sentences(sents: list[Sentence], lang: str, hotspots: int = 3) -> TextScore:
    """Score already split sentences (the engine's core)."""
    profile = F.profile_for(lang)
    per, groups = _packed_per_sentence(sents, lang, profile.syllables)
    counts = _unpack(sum(per), len(sents))
    notes: list[str] = []
    if not profile.validated:
        notes.append("indicative: no validated readability formula for this language")
    if counts.words == 0:
        notes.append("no words to score")
        return TextScore(lang, profile.name, profile.validated, counts, (), profile.primary, notes=tuple(notes))
    finite = F.finite
    metrics = []
    cal = F.CALIBRATION.get(lang)  # the primary metric's calibrated reading age (docs/notes/readability.md §6f)
    for key, label, formula, describe, to_age, higher, citation in _metric_rows(profile.metrics):
        value = formula(counts)
        if value - value != 0:  # NaN or infinity (x - x is 0.0 for every finite float)
            value = finite(value)
        age = cal.age(value) if cal is not None and cal.metric == key else to_age(value)
        if age - age != 0:
            age = finite(age)
        metrics.append(_new_metric((key, label, value, describe(value), age, higher, citation)))
    if counts.cjk_chars and counts.cjk_chars < counts.words and lang not in ("zh", "ja"):
        notes.append("mixed scripts: Han/kana characters counted one per word")
    long_sentences = ()
    hard_words = ()
    if hotspots > 0:
        # words per sentence: the low field of its packed counts; rank (more words, then text) among
        # the sentences at least as long as the hotspots-th longest only
        # (sorted()[:n] is heapq.nsmallest(n) by definition, and faster in C for these short lists)
        lengths = [p & _MASK for p in per]
        floor = sorted(lengths)[-hotspots] if len(lengths) > hotspots else 0
        ranked = sorted([(-k, s.text) for k, s in zip(lengths, sents) if k >= floor])[:hotspots]
        long_sentences = tuple([_new_hotspot((text if len(text) <= _SENTENCE_TEXT_MAX else _clip(text), -neg, 0))
                                for neg, text in ranked if neg < -1])
        if profile.syllables:
            # candidates: the rank keys of the hard words of the text's chunks (the chunks that hold any are
            # found by a C-level set intersection), sorted with repeats (a word in several chunks, or in both
            # scripts' memos, has one key); the first hotspots*3 distinct words, then one entry per word
            # whatever its case -- the same as sorting the distinct words first
            keys = []
            for memo, splits in groups:
                hard = memo.hard
                keys.extend(chain.from_iterable(map(hard.__getitem__, hard.keys() & chain.from_iterable(splits))))
            hard_words, seen, words, limit = [], set(), set(), hotspots * 3
            for key in sorted(keys):
                w = key[3]
                if w in words:
                    continue
                words.add(w)
                if len(words) > limit:
                    break
                if key[2] not in seen:
                    seen.add(key[2])
                    hard_words.append(key[4])
                    if len(hard_words) == hotspots:
                        break
            hard_words = tuple(hard_words)
        else:
            longest = sorted({w.lower() for s in sents for w in s.words if len(w) > 6}, key=lambda w: (-len(w), w))[:hotspots]
            hard_words = tuple(Hotspot(w) for w in longest)
    return _new_text_score((lang, profile.name, profile.validated, counts, tuple(metrics), profile.primary, long_sentences, hard_words, tuple(notes)))


_TEXT_SCORE_FIELDS = tuple(f.name for f in fields(TextScore))


def _new_text_score(values: tuple) -> TextScore:
    """``TextScore(*values)`` without the frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field):
    the same instance dict, filled in one C call (TextScore has no ``__post_init__`` and no defaults to apply)."""
    score = object.__new__(TextScore)
    score.__dict__.update(zip(_TEXT_SCORE_FIELDS, values))
    return score


def _clip(text: str) -> str:
    return text if len(text) <= _SENTENCE_TEXT_MAX else text[: _SENTENCE_TEXT_MAX - 1].rstrip() + "…"


def score_units(units: list[str] | tuple[str, ...], lang: str, hotspots: int = 3) -> TextScore:
    """Score a sequence of units (segments, paragraphs, list items) in base language ``lang``."""
    return score_sentences(split_units(list(units), lang), lang, hotspots)
