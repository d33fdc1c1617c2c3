"""Realistic translations in six languages: no false alarms, and each deliberate slip is caught."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from pipeline.checks import Pair, context_for, run_pair
from pipeline.languages import parse_language

from test_checks import GLOSSARY

DATA = tomllib.loads((Path(__file__).parent / "data" / "checks" / "good_translations.toml").read_text(encoding="utf-8"))
GOOD = [(lang, src, tgt) for lang, pairs in DATA.items() for src, tgt in pairs.items()]
LINK_SRC = "You can find out more about chemo [here](https://www.nhs.uk/conditions/chemotherapy/)."
IV_SRC = next(s for s in DATA["es"] if "IV" in s)
QUESTION_SRC = "can someone come with me?"
CARE_SRC = next(s for s in DATA["es"] if s.startswith("Immunotherapy may"))
GLOSS = {lang: dict(GLOSSARY.for_language(parse_language(lang)))["care team"] for lang in DATA}


def findings(lang: str, src: str, tgt: str):
    language = parse_language(lang)
    return run_pair(Pair(src, tgt, language), context_for(language, GLOSSARY))


@pytest.mark.parametrize("lang,src,tgt", GOOD, ids=[f"{l}-{s[:24]}" for l, s, _ in GOOD])
def test_good_translation_has_no_findings(lang, src, tgt):
    assert findings(lang, src, tgt) == []


def _first_term_replaced(text: str, term: str) -> str:
    # also the mutated Welsh form used in the data ("dîm gofal")
    for form in (term, "equipos de atención", "dîm gofal", "zespołem opieki"):
        if form in text:
            return text.replace(form, "XYZ")
    raise AssertionError(f"{term!r} not in {text!r}")


SLIPS = [
    ("link-target-changed", LINK_SRC, lambda t, lang: t.replace("www.nhs.uk", "www.nhs.example"), "link-mismatch"),
    ("link-markup-broken", LINK_SRC, lambda t, lang: t.replace("](", "] (", 1), "link-mismatch"),
    ("iv-translated", IV_SRC, lambda t, lang: t.replace("IV", "i.v."), "do-not-translate"),
    ("question-mark-dropped", QUESTION_SRC, lambda t, lang: re.sub(r"[?？؟]", "", t).replace("¿", ""), "question-lost"),
    ("care-team-paraphrased", CARE_SRC, lambda t, lang: _first_term_replaced(t, GLOSS[lang]), "glossary-term"),
    ("sentence-dropped", CARE_SRC, lambda t, lang: re.split(r"(?<=[.。۔])\s*", t)[0], "length-ratio"),
    ("number-added", IV_SRC, lambda t, lang: t.replace("IV", "IV 2", 1), "number-mismatch"),
]


@pytest.mark.parametrize("lang", sorted(DATA))
@pytest.mark.parametrize("name,src,slip,code", SLIPS, ids=[s[0] for s in SLIPS])
def test_slip_is_caught(lang, name, src, slip, code):
    tgt = slip(DATA[lang][src], lang)
    assert tgt != DATA[lang][src]
    codes = [c for c, _sev, _msg in findings(lang, src, tgt)]
    assert code in codes, (tgt, codes)
