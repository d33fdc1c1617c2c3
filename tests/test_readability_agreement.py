"""English agreement with published values (issue 16): our FRE and FK against the CLEAR corpus.

The texts are not shipped (CC BY-NC-SA 4.0): ``tests/data/readability/agreement/clear_en.csv`` holds the
excerpt ids and numbers.  With the corpus at hand (``POLYLEAF_CLEAR_XLSX=/path/CLEAR_corpus_final.xlsx``)
the test recomputes ours and checks the committed numbers are this code's; the figures themselves are
asserted from the committed table (docs/notes/readability.md §6d states them, and which targets are met).
"""

from __future__ import annotations

import csv
import importlib.util
import math
import os
import statistics
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "readability" / "agreement" / "clear_en.csv"
ROOT = Path(__file__).resolve().parent.parent


def rows():
    with DATA.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def pearson(a, b):
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


def stats(table, ref, key):
    a = [float(t[f"{ref}_{key}"]) for t in table]
    b = [float(t[f"ours_{key}"]) for t in table]
    return pearson(a, b), statistics.fmean(y - x for x, y in zip(a, b))


def test_at_least_500_texts_with_published_values():
    assert len(rows()) >= 500


def test_agreement_figures_as_documented():
    """The figures of notes §6d: on texts without figures ours agrees with textstat+CMU at r >= 0.985 and
    small bias; against CLEAR's published values r >= 0.98 (their counter gives 2.5 % fewer syllables)."""
    table = rows()
    plain = [t for t in table if t["has_figures"] == "0"]
    r, bias = stats(plain, "textstat", "fre")
    assert r >= 0.988 and abs(bias) <= 1.0, (r, bias)
    r, bias = stats(plain, "textstat", "fk")
    assert r >= 0.985 and abs(bias) <= 0.5, (r, bias)
    r, bias = stats(plain, "clear", "fre")
    assert r >= 0.985 and abs(bias) <= 2.0, (r, bias)
    r, bias = stats(table, "clear", "fk")
    assert r >= 0.97 and abs(bias) <= 0.55, (r, bias)


@pytest.mark.skipif(not os.environ.get("POLYLEAF_CLEAR_XLSX"), reason="set POLYLEAF_CLEAR_XLSX to the CLEAR corpus .xlsx to recompute ours")
def test_committed_numbers_are_this_code():
    from pipeline.readability import score_text

    spec = importlib.util.spec_from_file_location("agreement", ROOT / "bench" / "readability_agreement.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    texts = {r["ID"]: r["Excerpt"] for r in bench.read_xlsx(Path(os.environ["POLYLEAF_CLEAR_XLSX"]))}
    for t in rows()[::7]:
        m = {x.key: x.value for x in score_text(texts[t["id"]], "en", hotspots=0).metrics}
        assert round(m["flesch_reading_ease"], 2) == float(t["ours_fre"]) and round(m["flesch_kincaid_grade"], 2) == float(t["ours_fk"]), t["id"]
