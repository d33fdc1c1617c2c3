"""Readability formulas over counts, their scales, and the common reading-age band.

Every formula is a pure function of :class:`Counts`; none divides by zero (a
text without words has no score at all, see :mod:`.engine`).  Coefficients
are those of the original publications; ``docs/readability.md`` cites each one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple


class Counts(NamedTuple):
    """What the formulas need, counted once (a named tuple: immutable, and cheap to make per section)."""

    sentences: int
    words: int
    syllables: int = 0
    letters: int = 0  # letters only: no digits, punctuation or spaces (Gulpease, LIX)
    long_words: int = 0  # more than 6 letters (LIX, RIX; IW of the Wiener Sachtextformel)
    polysyllables: int = 0  # 3+ syllables (SMOG, MS of the Wiener Sachtextformel)
    monosyllables: int = 0  # 1 syllable (ES of the Wiener Sachtextformel)
    hard_words_pl: int = 0  # 4+ syllables (Pisarek's "trudne wyrazy")
    ar_complex: int = 0  # Arabic: more than 5 syllables (OSMAN "hard words")
    ar_long: int = 0  # Arabic: more than 5 letters (OSMAN "long words")
    ar_faseeh: int = 0  # Arabic: faseeh words (OSMAN)
    cjk_chars: int = 0  # Han/kana characters

    @property
    def wps(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def spw(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    def pct(self, n: int) -> float:
        return 100.0 * n / self.words if self.words else 0.0


# ---------------------------------------------------------------- the formulas
# (the formulas below spell out Counts.wps and Counts.spw: the same division, without a property call each)


def flesch_reading_ease(c: Counts) -> float:
    """Flesch (1948): 206.835 - 1.015 ASL - 84.6 ASW."""
    return 206.835 - 1.015 * (c.words / c.sentences if c.sentences else 0.0) - 84.6 * (c.syllables / c.words if c.words else 0.0)


def flesch_kincaid_grade(c: Counts) -> float:
    """Kincaid et al. (1975): 0.39 ASL + 11.8 ASW - 15.59 (US school grade)."""
    return 0.39 * (c.words / c.sentences if c.sentences else 0.0) + 11.8 * (c.syllables / c.words if c.words else 0.0) - 15.59


def smog(c: Counts) -> float:
    """McLaughlin (1969): 1.0430 sqrt(polysyllables x 30 / sentences) + 3.1291."""
    return 1.0430 * math.sqrt(c.polysyllables * 30.0 / c.sentences) + 3.1291 if c.sentences else 3.1291


def fernandez_huerta(c: Counts) -> float:
    """Fernández Huerta (1959), as corrected by Law (2011): 206.84 - 60 ASW - 1.02 ASL."""
    return 206.84 - 60.0 * (c.syllables / c.words if c.words else 0.0) - 1.02 * (c.words / c.sentences if c.sentences else 0.0)


def szigriszt_pazos(c: Counts) -> float:
    """Szigriszt-Pazos (1993) perspicuity: 206.835 - 62.3 syllables/words - words/sentences."""
    return 206.835 - 62.3 * (c.syllables / c.words if c.words else 0.0) - (c.words / c.sentences if c.sentences else 0.0)


def kandel_moles(c: Counts) -> float:
    """Kandel & Moles (1958): 207 - 1.015 ASL - 73.6 ASW."""
    return 207.0 - 1.015 * (c.words / c.sentences if c.sentences else 0.0) - 73.6 * (c.syllables / c.words if c.words else 0.0)


def amstad(c: Counts) -> float:
    """Amstad (1978), Flesch for German: 180 - ASL - 58.5 ASW."""
    return 180.0 - (c.words / c.sentences if c.sentences else 0.0) - 58.5 * (c.syllables / c.words if c.words else 0.0)


def wiener_sachtextformel(c: Counts) -> float:
    """Bamberger & Vanecek (1984), first WSTF: 0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES - 0.875."""
    return 0.1935 * c.pct(c.polysyllables) + 0.1672 * (c.words / c.sentences if c.sentences else 0.0) + 0.1297 * c.pct(c.long_words) - 0.0327 * c.pct(c.monosyllables) - 0.875


def gulpease(c: Counts) -> float:
    """Lucisano & Piemontese (1988): 89 + (300 sentences - 10 letters) / words."""
    return 89.0 + (300.0 * c.sentences - 10.0 * c.letters) / c.words if c.words else 89.0


def flesch_douma(c: Counts) -> float:
    """Douma (1960), Flesch for Dutch: 206.84 - 0.93 ASL - 77 ASW."""
    return 206.84 - 0.93 * (c.words / c.sentences if c.sentences else 0.0) - 77.0 * (c.syllables / c.words if c.words else 0.0)


def flesch_portuguese(c: Counts) -> float:
    """Martins et al. (1996), Flesch for Brazilian Portuguese: 248.835 - 1.015 ASL - 84.6 ASW."""
    return 248.835 - 1.015 * (c.words / c.sentences if c.sentences else 0.0) - 84.6 * (c.syllables / c.words if c.words else 0.0)


def oborneva(c: Counts) -> float:
    """Oborneva (2006), Flesch for Russian: 206.835 - 1.3 ASL - 60.1 ASW."""
    return 206.835 - 1.3 * (c.words / c.sentences if c.sentences else 0.0) - 60.1 * (c.syllables / c.words if c.words else 0.0)


def pisarek(c: Counts) -> float:
    """Pisarek (1969), linear form: ASL/3 + (percent of words with 4+ syllables)/3 + 1 (school year)."""
    return (c.words / c.sentences if c.sentences else 0.0) / 3.0 + c.pct(c.hard_words_pl) / 3.0 + 1.0


def pisarek_nonlinear(c: Counts) -> float:
    """Pisarek (1969), non-linear form: sqrt(ASL^2 + hard%^2) / 2."""
    return math.sqrt((c.words / c.sentences if c.sentences else 0.0)**2 + c.pct(c.hard_words_pl) ** 2) / 2.0


def osman(c: Counts) -> float:
    """El-Haj & Rayson (2016): 200.791 - 1.015 A/B - 24.181 (C/A + D/A + G/A + H/A)."""
    if not c.words:
        return 200.791
    a = c.words
    return 200.791 - 1.015 * (c.words / c.sentences if c.sentences else 0.0) - 24.181 * ((c.ar_complex + c.syllables + c.ar_long + c.ar_faseeh) / a)


def lix(c: Counts) -> float:
    """Björnsson (1968): words/sentences + 100 x long words (7+ letters)/words."""
    return (c.words / c.sentences if c.sentences else 0.0) + c.pct(c.long_words)


def rix(c: Counts) -> float:
    """Anderson (1983): long words (7+ letters) / sentences."""
    return c.long_words / c.sentences if c.sentences else 0.0


def words_per_sentence(c: Counts) -> float:
    return (c.words / c.sentences if c.sentences else 0.0)


def chars_per_sentence(c: Counts) -> float:
    """Han/kana characters (plus words in other scripts) per sentence."""
    return (c.cjk_chars + (c.words - c.cjk_chars)) / c.sentences if c.sentences else 0.0


# ---------------------------------------------------------------- scales
def _interp(points: tuple[tuple[float, float], ...], x: float) -> float:
    """Piecewise-linear interpolation through ``points`` (x ascending), flat outside."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


class _Interp:
    """:func:`_interp` over fixed points, the segment found by bisection (same segment, same arithmetic)."""

    __slots__ = ("xs", "ys")

    def __init__(self, points: tuple[tuple[float, float], ...]) -> None:
        self.xs = tuple(p[0] for p in points)
        self.ys = tuple(p[1] for p in points)

    def __call__(self, x: float) -> float:
        xs, ys = self.xs, self.ys
        if x <= xs[0]:
            return ys[0]
        i = bisect_left(xs, x)  # first xs[i] >= x: the segment the linear scan stops at
        if i == 0 or i == len(xs):  # beyond the last point (or NaN)
            return ys[-1]
        x0, x1, y0 = xs[i - 1], xs[i], ys[i - 1]
        return y0 + (ys[i] - y0) * (x - x0) / (x1 - x0)


def _inverse(points: tuple[tuple[float, float], ...], y: float) -> float:
    """The x where :func:`_interp` gives ``y`` (points must be monotonic in y)."""
    flipped = tuple(sorted((b, a) for a, b in points))
    return _interp(flipped, y)


# score -> approximate reading age (years).  Flesch's own table (1949, "The Art of
# Readable Writing"): 90-100 very easy = 5th grade ... 0-30 very difficult = college
# graduate; US grade + 5 = reading age (the UK convention).
_FLESCH_AGE = ((0.0, 22.0), (30.0, 19.0), (50.0, 16.0), (60.0, 13.5), (70.0, 12.0), (80.0, 11.0), (90.0, 10.0), (100.0, 9.0))
# INFLESZ (Barrio-Cantalejo et al. 2008): 0-40 very hard (university), 40-55 somewhat hard
# (upper secondary), 55-65 normal (compulsory secondary, 12-16), 65-80 fairly easy (primary),
# 80-100 very easy.
_INFLESZ_AGE = ((0.0, 22.0), (40.0, 17.0), (55.0, 14.0), (65.0, 12.0), (80.0, 10.0), (100.0, 8.0))
# Fernández Huerta's table: 90-100 4th grade ... 60-70 7th-8th grade, 0-30 university.
_FH_AGE = ((0.0, 22.0), (30.0, 18.0), (50.0, 16.0), (60.0, 14.0), (70.0, 12.0), (80.0, 11.0), (90.0, 10.0), (100.0, 9.0))
# Gulpease (Lucisano & Piemontese 1988): < 80 hard for primary-school level, < 60 for
# middle school, < 40 for secondary school.
_GULPEASE_AGE = ((0.0, 22.0), (40.0, 18.0), (60.0, 14.0), (80.0, 11.0), (100.0, 8.0))
# LIX (Björnsson 1968): < 25 children's books, 25-35 easy, 35-45 medium, 45-55 hard, > 55 very hard.
_LIX_AGE = ((15.0, 7.0), (25.0, 10.0), (35.0, 12.5), (45.0, 15.5), (55.0, 18.5), (65.0, 22.0))
# RIX (Anderson 1983) grade table: 0.2 -> 2 ... 7.2 -> 13 (college); +5 = reading age.
_RIX_AGE = ((0.0, 6.0), (0.2, 7.0), (0.5, 8.0), (0.8, 9.0), (1.3, 10.0), (1.8, 11.0), (2.4, 12.0), (3.0, 13.0), (3.7, 14.0), (4.5, 15.0), (5.3, 16.0), (6.2, 17.0), (7.2, 18.0), (10.0, 21.0))
# Not validated: house conventions, shown as indicative.
_WPS_AGE = ((5.0, 7.0), (10.0, 9.0), (15.0, 11.0), (20.0, 13.0), (25.0, 15.0), (30.0, 17.0), (40.0, 20.0))
_CPS_AGE = ((8.0, 7.0), (15.0, 9.0), (22.0, 11.0), (30.0, 13.0), (40.0, 15.0), (55.0, 18.0), (70.0, 21.0))


@dataclass(frozen=True)
class Scale:
    """How to read a metric: direction, bands in its own units, and the reading-age map."""

    higher_is_easier: bool
    to_age: Callable[[float], float]
    from_age: Callable[[float], float]
    bands: tuple[tuple[float, str], ...]  # (lower bound if higher_is_easier else upper bound, label)

    def describe(self, value: float) -> str:
        if self.higher_is_easier:
            for bound, label in self.bands:
                if value >= bound:
                    return label
            return self.bands[-1][1]
        for bound, label in self.bands:
            if value <= bound:
                return label
        return self.bands[-1][1]


def _interpolator(points: tuple[tuple[float, float], ...]) -> Callable[[float], float]:
    """:class:`_Interp` as a closure over its points (the same bisection and arithmetic, no attribute look-ups per call)."""
    xs = tuple(p[0] for p in points)
    ys = tuple(p[1] for p in points)
    first_x, first_y, last_y, n = xs[0], ys[0], ys[-1], len(xs)

    def to_age(x: float) -> float:
        if x <= first_x:
            return first_y
        i = bisect_left(xs, x)  # first xs[i] >= x: the segment the linear scan stops at
        if i == 0 or i == n:  # beyond the last point (or NaN)
            return last_y
        x0, y0 = xs[i - 1], ys[i - 1]
        return y0 + (ys[i] - y0) * (x - x0) / (xs[i] - x0)

    return to_age


def _table(points):
    return _interpolator(points), (lambda age: _inverse(points, age))


def _grade(offset: float):
    return (lambda v: max(4.0, min(25.0, v + offset))), (lambda age: age - offset)


_F = _table(_FLESCH_AGE)
FLESCH_BANDS = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "standard"), (50, "fairly difficult"), (30, "difficult"), (-1e9, "very difficult"))
SCALES: dict[str, Scale] = {
    "flesch": Scale(True, *_F, FLESCH_BANDS),
    "fernandez_huerta": Scale(True, *_table(_FH_AGE), ((90, "muy fácil"), (80, "fácil"), (70, "algo fácil"), (60, "normal"), (50, "algo difícil"), (30, "difícil"), (-1e9, "muy difícil"))),
    "inflesz": Scale(True, *_table(_INFLESZ_AGE), ((80, "muy fácil"), (65, "bastante fácil"), (55, "normal"), (40, "algo difícil"), (-1e9, "muy difícil"))),
    "us_grade": Scale(False, *_grade(5.0), ((6, "easy (grade 6 or below)"), (8, "standard (grade 7-8)"), (12, "fairly difficult (grade 9-12)"), (1e9, "difficult (college)"))),
    "wstf": Scale(False, *_grade(6.0), ((4, "sehr leicht"), (7, "leicht"), (10, "mittel"), (12, "schwer"), (1e9, "sehr schwer"))),
    "gulpease": Scale(True, *_table(_GULPEASE_AGE), ((80, "facile (licenza elementare)"), (60, "facile (licenza media)"), (40, "facile (diploma superiore)"), (-1e9, "difficile"))),
    "pisarek": Scale(False, *_grade(6.0), ((6, "bardzo łatwy"), (9, "łatwy"), (12, "dość trudny"), (15, "trudny"), (17, "bardzo trudny"), (1e9, "niezwykle trudny"))),
    "lix": Scale(False, *_table(_LIX_AGE), ((25, "very easy"), (35, "easy"), (45, "medium"), (55, "difficult"), (1e9, "very difficult"))),
    "rix": Scale(False, *_table(_RIX_AGE), ((1.8, "easy (grade 6 or below)"), (3.7, "standard (grade 7-9)"), (6.2, "fairly difficult (grade 10-12)"), (1e9, "difficult (college)"))),
    "wps": Scale(False, *_table(_WPS_AGE), ((10, "short sentences"), (15, "plain"), (20, "standard"), (25, "long sentences"), (1e9, "very long sentences"))),
    "cps": Scale(False, *_table(_CPS_AGE), ((15, "short sentences"), (22, "plain"), (30, "standard"), (40, "long sentences"), (1e9, "very long sentences"))),
}
SCALES["osman"] = SCALES["flesch"]


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label: str
    formula: Callable[[Counts], float]
    scale: str
    citation: str
    #: the smallest sample the formula is defined on: below it the text is too short to judge with it
    #: (Flesch 1948 and its adaptations: 100-word samples; McLaughlin 1969: SMOG on 30 sentences)
    min_words: int = 100
    min_sentences: int = 0

    def sample_ok(self, c: Counts) -> bool:
        return c.words >= self.min_words and c.sentences >= self.min_sentences

    def minimum(self) -> str:
        """The minimum sample in words: "30 sentences", "100 words"."""
        return f"{self.min_sentences} sentences" if self.min_sentences else f"{self.min_words} words"


METRICS: dict[str, MetricSpec] = {m.key: m for m in (
    MetricSpec("flesch_reading_ease", "Flesch Reading Ease", flesch_reading_ease, "flesch", "Flesch 1948"),
    MetricSpec("flesch_kincaid_grade", "Flesch–Kincaid grade", flesch_kincaid_grade, "us_grade", "Kincaid et al. 1975"),
    MetricSpec("smog", "SMOG grade", smog, "us_grade", "McLaughlin 1969", min_words=0, min_sentences=30),
    MetricSpec("fernandez_huerta", "Fernández Huerta", fernandez_huerta, "fernandez_huerta", "Fernández Huerta 1959; Law 2011"),
    MetricSpec("szigriszt_pazos", "Szigriszt-Pazos (INFLESZ)", szigriszt_pazos, "inflesz", "Szigriszt Pazos 1993; Barrio-Cantalejo et al. 2008"),
    MetricSpec("kandel_moles", "Kandel & Moles", kandel_moles, "flesch", "Kandel & Moles 1958"),
    MetricSpec("amstad", "Amstad (Flesch-DE)", amstad, "flesch", "Amstad 1978"),
    MetricSpec("wiener_sachtextformel", "Wiener Sachtextformel (1)", wiener_sachtextformel, "wstf", "Bamberger & Vanecek 1984"),
    MetricSpec("gulpease", "Gulpease", gulpease, "gulpease", "Lucisano & Piemontese 1988"),
    MetricSpec("flesch_douma", "Flesch–Douma", flesch_douma, "flesch", "Douma 1960"),
    MetricSpec("flesch_pt", "Flesch (Martins et al.)", flesch_portuguese, "flesch", "Martins et al. 1996"),
    MetricSpec("oborneva", "Flesch–Oborneva", oborneva, "flesch", "Oborneva 2006"),
    MetricSpec("pisarek", "Pisarek (linear)", pisarek, "pisarek", "Pisarek 1969"),
    MetricSpec("pisarek_nonlinear", "Pisarek (non-linear)", pisarek_nonlinear, "pisarek", "Pisarek 1969"),
    MetricSpec("osman", "OSMAN", osman, "osman", "El-Haj & Rayson 2016"),
    MetricSpec("lix", "LIX", lix, "lix", "Björnsson 1968"),
    MetricSpec("rix", "RIX", rix, "rix", "Anderson 1983"),
    MetricSpec("words_per_sentence", "Words per sentence", words_per_sentence, "wps", "indicative"),
    MetricSpec("chars_per_sentence", "Characters per sentence", chars_per_sentence, "cps", "indicative"),
)}


@dataclass(frozen=True)
class Profile:
    """Which metrics a language gets, which one is judged against the target, and how words are counted."""

    name: str
    metrics: tuple[str, ...]
    primary: str
    validated: bool  # False: language-independent measures only, shown as indicative
    default_target: float | None = None  # in the primary metric's units; None: from the reading age
    syllables: bool = True  # does this profile count syllables at all?


_GENERIC = ("lix", "rix", "words_per_sentence")
PROFILES: dict[str, Profile] = {
    "en": Profile("English", ("flesch_reading_ease", "flesch_kincaid_grade", "smog", *_GENERIC), "smog", True),
    "es": Profile("Spanish", ("szigriszt_pazos", "fernandez_huerta", *_GENERIC), "szigriszt_pazos", True, 55.0),
    "fr": Profile("French", ("kandel_moles", *_GENERIC), "kandel_moles", True),
    "de": Profile("German", ("amstad", "wiener_sachtextformel", *_GENERIC), "wiener_sachtextformel", True),
    "it": Profile("Italian", ("gulpease", *_GENERIC), "gulpease", True),
    "nl": Profile("Dutch", ("flesch_douma", *_GENERIC), "flesch_douma", True),
    "pt": Profile("Portuguese", ("flesch_pt", *_GENERIC), "flesch_pt", True),
    "ru": Profile("Russian", ("oborneva", *_GENERIC), "oborneva", True),
    "pl": Profile("Polish", ("pisarek", "pisarek_nonlinear", *_GENERIC), "pisarek", True),
    "ar": Profile("Arabic", ("osman", *_GENERIC), "osman", True),
}
GENERIC_PROFILE = Profile("language-independent (indicative)", ("lix", "rix", "words_per_sentence"), "lix", False, syllables=False)
CJK_PROFILE = Profile("characters per sentence (indicative)", ("chars_per_sentence",), "chars_per_sentence", False, syllables=False)
_CJK_LANGS = {"zh", "ja", "yue", "wuu", "lzh"}


def profile_for(base_language: str) -> Profile:
    if base_language in PROFILES:
        return PROFILES[base_language]
    if base_language in _CJK_LANGS:
        return CJK_PROFILE
    return GENERIC_PROFILE


# ---------------------------------------------------------------- the common band
BANDS: tuple[tuple[float, str], ...] = (
    (9.0, "very easy"),
    (11.0, "easy"),
    (13.0, "standard"),
    (15.0, "fairly difficult"),
    (18.0, "difficult"),
    (math.inf, "very difficult"),
)


@dataclass(frozen=True)
class Band:
    index: int  # 1 (very easy) .. 6 (very difficult)
    label: str


_BAND_VALUES = tuple((upper, Band(i, label)) for i, (upper, label) in enumerate(BANDS, 1))  # frozen: shared


def band_for_age(age: float) -> Band:
    for upper, band in _BAND_VALUES:
        if age <= upper:
            return band
    return _BAND_VALUES[-1][1]


class Calibration(NamedTuple):
    """A language's primary metric onto the common (English-anchored) reading age, on the metric's raw
    score, kept in [``low``, ``high``] (docs/notes/readability.md §6f).

    Without ``knots``: the straight line ``age = a + b * score``.  With ``knots`` ((score, age) pairs,
    scores ascending, ages strictly monotone): the piecewise-linear curve through them, continued
    beyond the first and last knot along its end segments; ``a`` and ``b`` then hold the straight
    line fitted on the same texts, for reference only.  Either way the mapping is strictly monotone,
    so :meth:`value` (how default targets are derived) is its exact inverse inside the range."""

    metric: str
    a: float
    b: float
    low: float = 8.0
    high: float = 25.0
    knots: tuple[tuple[float, float], ...] = ()

    def _raw_age(self, value: float) -> float:
        k = self.knots
        if not k:
            return self.a + self.b * value
        i = 1  # the segment: the first whose end is at or beyond ``value`` (the end segments extended)
        while i < len(k) - 1 and value > k[i][0]:
            i += 1
        (x0, y0), (x1, y1) = k[i - 1], k[i]
        return y0 + (y1 - y0) * (value - x0) / (x1 - x0)

    def age(self, value: float) -> float:
        age = self._raw_age(value)
        return self.low if age < self.low else self.high if age > self.high else age

    def value(self, age: float) -> float:
        """The score whose calibrated age is ``age`` (``age`` taken inside [low, high])."""
        age = min(self.high, max(self.low, age))
        k = self.knots
        if not k:
            return (age - self.a) / self.b
        sign = 1.0 if k[-1][1] > k[0][1] else -1.0  # ages rising or falling with the score
        i = 1
        while i < len(k) - 1 and sign * age > sign * k[i][1]:
            i += 1
        (x0, y0), (x1, y1) = k[i - 1], k[i]
        return x0 + (x1 - x0) * (age - y0) / (y1 - y0)

    @property
    def monotone(self) -> bool:
        """Strictly monotone (so invertible): a non-zero slope; knots with ascending scores and ages all
        rising or all falling."""
        if not self.knots:
            return self.b != 0
        k = self.knots
        if len(k) < 2 or any(x1 <= x0 for (x0, _), (x1, _) in zip(k, k[1:])):
            return False
        steps = [y1 - y0 for (_, y0), (_, y1) in zip(k, k[1:])]
        return all(s > 0 for s in steps) or all(s < 0 for s in steps)


def _load_calibration() -> dict[str, Calibration]:
    """Per base language, the line that puts its primary metric on the English reading-age scale
    (``calibration.json``, fitted by ``bench/readability_calibrate.py`` on professionally translated
    parallel health texts; docs/notes/readability.md §6f).  Read once: constant data, not a cache."""
    import json
    from pathlib import Path

    path = Path(__file__).with_name("calibration.json")
    if not path.is_file():
        return {}
    return {lang: Calibration(v["metric"], float(v["a"]), float(v["b"]), float(v.get("min_age", 8.0)), float(v.get("max_age", 25.0)),
                              tuple((float(x), float(y)) for x, y in v.get("knots", ())))
            for lang, v in json.loads(path.read_text(encoding="utf-8")).items()}


#: base language -> its :class:`Calibration` (languages without one keep their published table's ages)
CALIBRATION: dict[str, Calibration] = _load_calibration()


def calibration_for(lang: str | None, metric: str) -> Calibration | None:
    """``lang``'s calibration when it calibrates ``metric`` (only a profile's primary metric is calibrated)."""
    cal = CALIBRATION.get(lang) if lang else None
    return cal if cal is not None and cal.metric == metric else None


def reading_age(metric: str, value: float, lang: str | None = None) -> float:
    """Reading age of a metric's value: calibrated when ``lang`` calibrates ``metric``, else from the
    metric's published table."""
    cal = calibration_for(lang, metric)
    return cal.age(value) if cal is not None else SCALES[METRICS[metric].scale].to_age(value)


def target_for_age(metric: str, age: float, lang: str | None = None) -> float:
    """The value of ``metric`` that corresponds to reading age ``age`` (for default targets; through
    ``lang``'s calibration when it calibrates ``metric``)."""
    cal = calibration_for(lang, metric)
    return cal.value(age) if cal is not None else SCALES[METRICS[metric].scale].from_age(age)


def finite(x: float) -> float:
    """Guard every number that leaves the engine: no NaN, no infinity."""
    if math.isnan(x):
        return 0.0
    if math.isinf(x):
        return 1e9 if x > 0 else -1e9
    return x
