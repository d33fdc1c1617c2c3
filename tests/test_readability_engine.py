"""Bad input never gives a traceback, NaN or infinity; hotspots; notes."""

from __future__ import annotations

import json
import math
import time

import pytest

from pipeline.readability import score_text
from pipeline.readability.formulas import PROFILES

LANGS = sorted(PROFILES) + ["cy", "ur", "zh", "ja", "hi"]
BAD = [
    ("empty", ""),
    ("whitespace", " \n\t \n"),
    ("punctuation-only", "... !!! ??? — ;;"),
    ("no-sentence-end", "this text never ends with a full stop and goes on and on"),
    ("numbers-only", "1 2 3 4 5 6 7 8 9 10 2.5 100%"),
    ("mixed-scripts", "Take 2 tablets 每天 两次 مرتين يوميا روزانہ دو бар Tag."),
    ("one-word", "Immunotherapy"),
    ("control-chars", "Hello\x00 world\x07.\ufeff Done."),
    ("huge-word", "a" * 100_000),
]


def _finite(obj):
    if isinstance(obj, float):
        return math.isfinite(obj)
    if isinstance(obj, dict):
        return all(_finite(v) for v in obj.values())
    if isinstance(obj, list):
        return all(_finite(v) for v in obj)
    return True


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("text", [b[1] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_has_a_defined_result(lang, text):
    s = score_text(text, lang)
    d = s.as_dict()
    assert _finite(d)
    json.dumps(d, allow_nan=False)
    if s.counts.words == 0:
        assert not s.scored and "no words to score" in s.notes and s.band is None
    else:
        assert s.scored and (s.band is not None or s.too_short) and s.counts.sentences >= 1  # issue 16: below every minimum sample, no band


def test_enormous_single_line_is_linear_time():
    line = " ".join(["Dr. Smith said the treatment e.g. works"] * 20_000)  # ~800 kB, no sentence end
    t = time.perf_counter()
    s = score_text(line, "en")
    assert time.perf_counter() - t < 10
    assert s.counts.sentences == 1 and s.counts.words == 7 * 20_000
    assert len(s.long_sentences[0].text) <= 240


def test_hotspots_name_longest_sentences_and_hardest_words():
    text = "Short one. This is a considerably longer sentence with several additional words in it. Medium sized sentence here."
    s = score_text(text, "en", hotspots=2)
    assert [h.words for h in s.long_sentences] == [12, 4]
    assert s.hard_words[0].text == "considerably" and s.hard_words[0].syllables == 5


def test_indicative_profiles_say_so():
    s = score_text("Mae'r meddyg yn helpu.", "cy")
    assert not s.validated and any("indicative" in n for n in s.notes)
    assert s.primary == "lix"
