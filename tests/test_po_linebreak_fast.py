"""The fast line filling of pipeline/po/linebreak.py (class/pair tables, one width check, column
masks) against the plain definition of GNU's greedy fill over ``is_opportunity``.

msgcat itself judges the wrapping in test_po.py and test_po_corpus.py; this test pins that the
tables used for speed (issue 12, CJK) answer exactly what ``is_opportunity`` answers, on text
mixing every class the tables treat differently (spaces, combining marks, ZWJ, hyphens, wide
brackets, kana small letters, digits, quotes)."""

from __future__ import annotations

import random

import pytest

from pipeline.po.linebreak import char_width, is_opportunity, width_breaks

ATOMS = list("免疫系统帮助感染한국어ひらがなァッ、。，：；（）「」《》ー!?%$+\\/.,:;()[]{}\"'«»") + [
    "e\u0301", "\u200b", "\u200d", "\u200c", "\u00a0", "\u2060", " ", "  ", "-", "\u2014", "\u2013", "\u00ad",
    "\u2026", "word", "long" * 6, "123", "\u0915\u094d\u0937", "\u0645\u0631\u062d\u0628\u0627", "\U0001f600",
    "\uff08", "\uff09", "\t", "|", "\u3005", "\u30fb", "\u00b7", "\u0964", "\u20ac", "\u00b0", "中" * 45,
]


def reference(text: str, width: int, start: int, prohibited: set[int]) -> list[int]:
    """Greedy fill: each line ends at the last opportunity that still fits, else at the first one."""
    n = len(text)
    ops = [i for i in range(1, n) if i not in prohibited and is_opportunity(text, i)]
    cols = [0]
    for ch in text:
        cols.append(cols[-1] + char_width(ch))
    breaks, p, col = [], 0, start
    while cols[n] - cols[p] > width - col:
        fitting = [o for o in ops if o > p and cols[o] - cols[p] <= width - col]
        later = [o for o in ops if o > p]
        if fitting:
            o = fitting[-1]
        elif later:
            o = later[0]
        else:
            break
        breaks.append(o)
        p, col = o, 0
    return breaks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_fill_equals_greedy_definition(seed):
    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 60)))
        prohibited = {rng.randrange(1, len(text)) for _ in range(rng.randint(0, 3))} if len(text) > 1 else set()
        for width, start in ((77, 0), (77, 7), (30, 0), (12, 3)):
            assert width_breaks(text, width, start, prohibited) == reference(text, width, start, prohibited), (text, width, start)
