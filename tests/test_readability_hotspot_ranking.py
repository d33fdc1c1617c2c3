"""Hard-word hotspots: the engine (rank keys sorted with repeats) against the pre-speed-up engine.

Edge cases of the ranking the random texts rarely hit: one word in many chunks
("células", "células,", "(células)"), many case variants of one word (more than
``3 * hotspots`` distinct words sharing one lower-case form), Han and non-Han
units holding the same word (two memos), and fewer candidates than hotspots.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import readability_corpus as RC  # noqa: E402
import readability_reference as REF  # noqa: E402

from pipeline.readability import engine as E  # noqa: E402
from pipeline.readability import formulas as F  # noqa: E402

_CASES = ["".join(c) for c in itertools.product(*zip("inmunoterapia", "INMUNOTERAPIA"))]


CASES = [
    ("repeats", "es", ["Las células, las células. (células) y células; células!", "Más células: inmunoterapia, inmunoterapia."], 3),
    ("case-variants-over-limit", "es", [" ".join(_CASES[:14]) + " extraordinariamente medicamento", "Otra frase con tratamiento."], 3),
    ("case-variants-one", "es", [" ".join(_CASES[:20])], 1),
    ("case-variants-five", "en", [" ".join(_CASES[3:17]) + " immunotherapy Immunotherapy IMMUNOTHERAPY extraordinarily"], 5),
    ("two-scripts", "en", ["免疫 immunotherapy treatment.", "The immunotherapy treatment helps everybody."], 3),
    ("few-candidates", "en", ["A cat sat on the mat with medicine."], 5),
    ("none", "en", ["A cat sat."], 3),
]


@pytest.mark.parametrize("lang,units,hotspots", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hard_words_identical_to_the_pre_speed_up_engine(lang, units, hotspots):
    for _ in range(2):  # cold memos, then warm ones
        new = RC._score_record(E.score_units(units, lang, hotspots))
        old = RC._score_record(REF.score_units(units, lang, hotspots))
        assert new == old
        assert new == RC._score_record(E.score_units(list(units), lang, hotspots))


def test_case_variants_do_fill_the_window():
    """The case-variant text really has more than 3 * hotspots distinct hard words of one lower-case form."""
    words = set(_CASES[:14])
    assert len({w.lower() for w in words}) == 1 and len(words) > 9
    score = E.score_units([" ".join(_CASES[:14]) + " extraordinariamente medicamento"], "es", 3)
    assert [h.text for h in score.hard_words][0].lower() == "extraordinariamente"


def test_text_score_built_without_init_equals_the_constructor():
    score = E.score_units(["La inmunoterapia ayuda a su sistema inmunitario. Es un tratamiento."], "es")
    values = tuple(getattr(score, f) for f in E._TEXT_SCORE_FIELDS)
    built = E.TextScore(*values)
    assert type(score) is E.TextScore
    assert score == built and hash(score) == hash(built) and repr(score) == repr(built)
    assert score.__dict__ == built.__dict__
    with pytest.raises(Exception):
        score.lang = "en"  # still frozen


@pytest.mark.parametrize("name", sorted(F.SCALES))
def test_describer_equals_scale_describe(name):
    scale = F.SCALES[name]
    describe = E._describer(scale)
    points = [b for b, _ in scale.bands]
    values = [v + d for v in points for d in (-1.0, -1e-9, 0.0, 1e-9, 1.0)] + [-1e9, 1e9, 0.0, float("inf"), float("-inf"), float("nan")]
    assert [describe(v) for v in values] == [scale.describe(v) for v in values]
