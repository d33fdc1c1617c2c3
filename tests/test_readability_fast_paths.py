"""The speed-ups replaced algorithms; these tests pin that the new ones give exactly the old results.

* the engine (sentences, words, counts, metrics, bands, hotspots) against the
  pre-speed-up engine kept in ``tests/readability_reference.py``, on thousands
  of random texts built to hit the edge cases (abbreviations of every
  language, initials, decimals, runs of terminators, closing quotes, CJK and
  Arabic terminators, odd whitespace, underscores, combining marks, mixed
  scripts);
* the reading-age tables: bisection against the linear scan;
* the packed counting, also past one memo swap.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readability_corpus as RC  # noqa: E402
import readability_reference as REF  # noqa: E402

from pipeline.readability import engine as E  # noqa: E402
from pipeline.readability import formulas as F  # noqa: E402
from pipeline.readability.tokenize import ABBREVIATIONS, has_han, sentences, split_sentences  # noqa: E402

WORDS = [
    "the", "The", "cat", "immunotherapy", "Immunotherapy", "don't", "T-cell", "care-team", "extraordinarily", "foo_bar", "_x",
    "día", "agua", "inmunoterapia", "Células", "¿Qué", "¡Hola", "l'hôpital", "aujourd’hui", "Müdigkeit", "Behandlungsteam",
    "immunoterapia", "dell'ospedale", "ziekenhuis", "coração", "ações", "лечение", "Иммунотерапия", "т.е", "się", "pomoże",
    "Przeciwciała", "كَتَبَ", "الطَّالِبُ", "العلاج", "المناعي", "یہ", "اچھا", "你", "好", "免疫治疗", "こんにちは", "मदद", "करता",
    "Mae'r", "meddyg", "ŵyr", "e\u0301te\u0301", "cafe\u0301", "2.5", "2,500", "10:00", "1/2", "2026", "38", "NHS", "CAR",
    "E", "e", "a", "I", "x", "A.", "J.", "U.K.", "e.g.", "Dr.", "p.", "z.", "B.", "ej.", "ex.", "dott.ssa", "etc.", "np.",
    "ca.", "bzw.", "т.д.", "напр.", "😀", "ǅemal", "ﬁle", "½", "²", "x²", "abcdefghij", "ABCDEFGHIJK", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
]
for abbrevs in ABBREVIATIONS.values():
    WORDS.extend(a + "." for a in sorted(abbrevs))
PUNCT = ["", "", "", ".", ".", ". ", "!", "?", "…", "?!", "...", "..", ".”", ".'", ".)", "!»", "。", "！", "？", "؟", "۔", "।", "॥", "」", ",", ";", ":", "-", "—", "(", "¿", "«", '"', "“"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\xa0", "\u3000", "\u2009", "", "\u200b"]


def random_text(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 30)):
        out.append(rng.choice(PUNCT[:12]) if rng.random() < 0.1 else "")
        out.append(rng.choice(WORDS))
        if rng.random() < 0.35:
            out.append(rng.choice(PUNCT))
        out.append(rng.choice(SPACES))
    return "".join(out)


def _record(score):
    return RC._score_record(score)


@pytest.mark.parametrize("seed", range(6))
def test_engine_identical_to_the_pre_speed_up_engine_on_random_texts(seed):
    rng = random.Random(seed)
    for i in range(400):
        lang = RC.LANGS[(seed * 400 + i) % len(RC.LANGS)]
        units = [random_text(rng) for _ in range(rng.randint(1, 3))]
        old_sents = REF.sentences(units, lang)
        new_sents = sentences(units, lang)
        assert [(s.text, s.words) for s in new_sents] == old_sents, (lang, units)
        for u in units:
            assert split_sentences(u, lang) == REF.split_sentences(u, lang), (lang, u)
        hs = rng.choice([0, 1, 3, 5])
        assert _record(E.score_units(units, lang, hs)) == _record(REF.score_units(units, lang, hs)), (lang, units, hs)


def test_engine_identical_on_the_corpus_sections_concatenated():
    """score_document scores every section, then all sentences together: the same as the old engine."""
    for name, units in RC.corpus().items():
        for lang in ("en", "es", "ar", "zh", "cy"):
            sents = sentences(units, lang)
            old = REF.sentences(units, lang)
            assert _record(E.score_sentences(sents + sents, lang, 5)) == _record(REF.score_sentences(old + old, lang, 5)), (name, lang)


def test_counts_survive_a_memo_swap(monkeypatch):
    """Past MEMO_WORDS entries a fresh memo replaces the old one; counts and hotspots stay the same."""
    units = RC.corpus()["source/immunotherapy.md"]
    expected = _record(REF.score_units(units, "en"))
    monkeypatch.setattr(E, "MEMO_WORDS", 5)
    E.clear_word_memos()
    for _ in range(3):
        assert _record(E.score_units(units, "en")) == expected
    E.clear_word_memos()


@pytest.mark.parametrize("scale", sorted(F.SCALES))
def test_reading_age_bisection_equals_the_linear_scan(scale):
    points = {
        "flesch": F._FLESCH_AGE, "fernandez_huerta": F._FH_AGE, "inflesz": F._INFLESZ_AGE, "gulpease": F._GULPEASE_AGE,
        "lix": F._LIX_AGE, "rix": F._RIX_AGE, "wps": F._WPS_AGE, "cps": F._CPS_AGE, "osman": F._FLESCH_AGE,
    }.get(scale)
    if points is None:
        pytest.skip(f"{scale} is a grade offset, not a table")
    rng = random.Random(scale)
    xs = [p[0] for p in points]
    values = xs + [x + d for x in xs for d in (-1e-9, 1e-9, -0.5, 0.5)] + [rng.uniform(-100, 200) for _ in range(3000)]
    values += [math.nan, math.inf, -math.inf, 1e9, -1e9]
    to_age = F.SCALES[scale].to_age
    for v in values:
        old = F._interp(points, v)
        new = to_age(v)
        assert new == old or (math.isnan(new) and math.isnan(old)), (scale, v, old, new)


@pytest.mark.parametrize("text,expected", [
    ("plain ascii", False), ("día y noche", False), ("лечение", False), ("العلاج", False), ("免疫", True), ("こんにちは", True), ("ㄅ", True), ("mixed 好", True),
], ids=["ascii", "latin1", "cyrillic", "arabic", "han", "kana", "bopomofo", "mixed"])
def test_has_han(text, expected):
    assert has_han(text) is expected


def test_latin1_text_is_already_nfc():
    """normalise() skips NFC for text below U+0100: no such character, or pair of them, changes under NFC."""
    import unicodedata

    chars = [chr(c) for c in range(256)]
    assert all(unicodedata.is_normalized("NFC", c) for c in chars)
    assert all(unicodedata.normalize("NFC", a + b) == a + b for a in chars for b in chars)
