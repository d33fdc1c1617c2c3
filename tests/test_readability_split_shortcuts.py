"""split_sentences' shortcut past _dot_is_not_a_break, against the pre-speed-up splitter (the oracle)."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import readability_reference as REF  # noqa: E402

from pipeline.readability.tokenize import ABBREVIATIONS, split_sentences  # noqa: E402

TOKENS = ["2026", "1234-567)", "(Tel", "(tel", "«Dr", "Dr", "z", "B", "J", "j", "°C", "U.K", "2.5", "(2.5", "x²", "(A", "«a",
          "¿Sr", "(p", "ej", "p", "d", "т", "(т.е", "°С", "123-45-67)", "ca", "(ca", "1", "é", "É", "ﬁ", "İ", "ǅ", "etc", "(etc"]
AFTER = [" Next", " next", " 2 más", "", " (Otra", " «Y"]


@pytest.mark.parametrize("lang", sorted(ABBREVIATIONS))
def test_split_identical_to_the_old_splitter_on_tokens_before_a_full_stop(lang):
    for before, token, after in itertools.product(["Una frase con", "X", "Lorem ipsum dolor sit amet,"], TOKENS, AFTER):
        text = f"{before} {token}.{after}"
        assert split_sentences(text, lang) == REF.split_sentences(text, lang), (lang, text)
        text = f"{token}.{after} {token}. Fin"
        assert split_sentences(text, lang) == REF.split_sentences(text, lang), (lang, text)
