"""Published worked examples and second sources for each readability formula (issue 3, "Proof in your note").

Every number below was printed by someone else: a reference implementation's documentation or
tests (exact text or exact counts with the value it gives), or a manual quoting the original
paper.  Nothing here is computed by us and then written down as "the reference".  Where our
value differs, the test pins the difference and says where it comes from (counting or formula),
so a change on either side shows up.  Sources, with commits, are listed in
``docs/notes/readability.md`` sections 1 and 1b.

Short names used in the ids and comments:
  RUTS   SergeyShk/ruTS @ 7962e47 (docs/stats/readability_stats.md; ruts/readability_stats.py; README.md)
  RDES   JFormoso/readabilityes @ 9c7e5a4 (R/readability-formulas.R; tests/testthat/test-readability-*.R)
  LIXSE  lix.se output quoted at inuse.se/read/vet-du-vad-lix-ar-inuseful/ (counts and rounded result)
  KORPUS unDocUMeantIt/koRpus @ 64c4321 (R/02_method_readability.R; R/koRpus-internal.rdb.params.grades.R)
  OSMANJ drelhaj/OsmanReadability @ a08375a (src/org/project/osman/process/OsmanReadability.java; the authors' code)
  OSMANR the authors' code at that commit compiled and run here (OpenJDK 17, its own jars), calculateOsman and
         the count methods on the texts of its TestOSMAN.java (which prints these values but does not state them)
  LEGES  alejandromunozes/legibilidad @ 72ee7bf (legibilidad.py; the code behind legible.es)
  UDAR   reynoldsnlp/udar @ 2ede6ef (test/test_convenience.py; src/udar/features/readability.py)
  PLRC   stasiekz/PolishReadabilityChecker @ 86ec1ca (indices/indices.py; indices/scales.py)
  RS     GEMCityGirl/ReadabilityStudio @ 4293249 (docs/readability-studio-manual/english/{rix,lix}.qmd,
         quoting Anderson 1983, J. of Reading 26(6) pp. 490-496)
  WZ     wienerzeitung.at, "Vom Lesemuffel zum Bücherwurm im Zeitraffer" (Wiener Lesetest, 4th and 8th Schulstufe)
  OSC    oscarstories.com/de/calculator/wiener-sachtextformel (WSTF value = Schulstufe, scale 4-15)
"""

from __future__ import annotations

import math
import unicodedata

import pytest

from pipeline.readability import formulas as F
from pipeline.readability import score_text
from test_readability_formulas import _flesch_coefficients  # (base, a, b) recovered from a formula itself

# ---------------------------------------------------------------- exact text + published value

RUTS_TEXT = "Ног нет, а хожу, рта нет, а скажу: когда спать, когда вставать, когда работу начинать"

# (id, lang, text, metric, published value, tolerance, (sentences, words, syllables) the value implies)
PUBLISHED_TEXTS = [
    # RUTS docs, ReadabilityStats(text).get_stats(): 'flesch_reading_easy': 87.16833333333334, computed with
    # calc_flesch_reading_easy's defaults a=1.3, b=60.1, c=206.835 (Oborneva's coefficients).
    ("ru-oborneva-ruts-docs", "ru", RUTS_TEXT, "oborneva", 87.16833333333334, 1e-9, (1, 15, 25)),
    # RDES test-readability-index.R: readability_index("Este es un texto de prueba.")$szigriszt_pazos == 107.385
    # (tolerance 1e-6 there); its formula test states the counts: W = 6, S = 1, Sy = 9.
    ("es-szigriszt-readabilityes", "es", "Este es un texto de prueba.", "szigriszt_pazos", 107.385, 1e-6, (1, 6, 9)),
]


@pytest.mark.parametrize(
    "lang,text,metric,published,tol,counts", [p[1:] for p in PUBLISHED_TEXTS], ids=[p[0] for p in PUBLISHED_TEXTS]
)
def test_published_text_examples_end_to_end(lang, text, metric, published, tol, counts):
    s = score_text(text, lang)
    assert (s.counts.sentences, s.counts.words, s.counts.syllables) == counts
    assert s.metric(metric).value == pytest.approx(published, abs=tol)


# ---------------------------------------------------------------- exact counts + published value


def test_lix_lix_se_counts_and_rounded_result():
    """LIXSE: M = 580 sentences, O = 3784 words, L = 1018 words of more than 6 letters -> Lm 6,52, Lo 26,9, LIX 33."""
    c = F.Counts(sentences=580, words=3784, long_words=1018)
    assert round(F.words_per_sentence(c), 2) == 6.52
    assert round(c.pct(c.long_words), 1) == 26.9
    assert round(F.lix(c)) == 33


def test_szigriszt_readabilityes_formula_counts():
    """RDES test-readability-formulas.R: .formula_szigriszt_pazos(W = 6, S = 1, Sy = 9) == 107.385."""
    assert F.szigriszt_pazos(F.Counts(sentences=1, words=6, syllables=9)) == pytest.approx(107.385, abs=1e-6)


# UDAR test_readability: Document(text) -> readability_from_formulas()[1].oborneva, where udar's "oborneva" is
# Oborneva's (2006) *grade-level* form 0.5 ASL + 8.4 ASW - 15.59 (we report her reading-ease form only).  The
# published value fixes the counts (1 sentence, 5 words, N syllables); the test checks ours give it.
UDAR_OBORNEVA_GRADE = [
    ("udar-afanasij", "Афанасий сотрудничает со смешными корреспондентами.", 18.830000000000002, (1, 5, 19)),
    ("udar-ona-idet", "Она идет со смешными людьми.", 3.710000000000001, (1, 5, 10)),
]


@pytest.mark.parametrize("text,published,counts", [u[1:] for u in UDAR_OBORNEVA_GRADE], ids=[u[0] for u in UDAR_OBORNEVA_GRADE])
def test_russian_counts_reproduce_udar_oborneva_grade(text, published, counts):
    c = score_text(text, "ru").counts
    assert (c.sentences, c.words, c.syllables) == counts
    assert 0.5 * c.words / c.sentences + 8.4 * c.syllables / c.words - 15.59 == pytest.approx(published, abs=1e-9)


# ---------------------------------------------------------------- published values we do not reproduce, and why


def test_ruts_readme_value_is_the_same_formula_with_one_more_syllable():
    """RUTS README.md prints 83.16166666666666 for the same text (docs: 87.168...).

    Counting difference inside ruTS between versions, not a formula difference: 26 syllables instead
    of 25 gives the README value exactly with the same coefficients.  We count 25 (one per vowel letter:
    Ног 1, нет 1, а 1, хожу 2, рта 1, нет 1, а 1, скажу 2, когда 2, спать 1, когда 2, вставать 2,
    когда 2, работу 3, начинать 3).
    """
    assert F.oborneva(F.Counts(sentences=1, words=15, syllables=26)) == pytest.approx(83.16166666666666, abs=1e-9)
    assert score_text(RUTS_TEXT, "ru").counts.syllables == 25


def test_ruts_lix_differs_by_its_long_word_threshold():
    """RUTS docs print 'lix': 35.0 for RUTS_TEXT; ours is 28.33.

    Counting difference: ruTS counts a long word at 6 letters or more (basic_stats.py: cpw >= 6), LIX
    (Björnsson 1968) at more than 6.  "работу" has 6 letters: long for ruTS, not for LIX.  With ruTS's
    count (3) our formula gives its 35.0 exactly.
    """
    s = score_text(RUTS_TEXT, "ru")
    assert s.counts.long_words == 2  # вставать, начинать
    assert len("работу") == 6
    assert s.metric("lix").value == pytest.approx(15 + 100 * 2 / 15)
    assert F.lix(s.counts._replace(long_words=3)) == pytest.approx(35.0)


def test_readabilityes_fernandez_huerta_reads_f_as_sentences_per_100_words():
    """RDES: .formula_fernandez_huerta(W = 6, S = 1, Sy = 9) == 99.84, with 206.84 - 60 Sy/W - 102 S/W.

    Formula difference: readabilityes takes Fernández Huerta's F as sentences per 100 words (the printed
    1959 wording); we follow Law (2011), F = words per sentence, as legible.es and Wordless do.  Same
    counts: ours 110.72, theirs 99.84 (10.88 points apart here; the gap grows with sentence length).
    """
    c = F.Counts(sentences=1, words=6, syllables=9)
    assert F.fernandez_huerta(c) == pytest.approx(206.84 - 60 * 9 / 6 - 1.02 * 6)  # 110.72
    literal = 206.84 - 60 * c.syllables / c.words - 1.02 * (100 * c.sentences / c.words)
    assert literal == pytest.approx(99.84, abs=1e-6)
    assert F.fernandez_huerta(c) - literal == pytest.approx(10.88, abs=1e-6)


# (id, our function, KORPUS's (base, a, b) for the same label, what differs)
KORPUS_FLESCH = [
    ("kandel-moles", F.kandel_moles, (209.0, 1.15, 68.0), "all three coefficients"),
    ("fernandez-huerta", F.fernandez_huerta, (206.835, 1.02, 60.0), "base 206.835 vs 206.84"),
    ("flesch-douma", F.flesch_douma, (206.835, 0.93, 77.0), "base 206.835 vs 206.84"),
    ("szigriszt-pazos", F.szigriszt_pazos, (206.835, 1.0, 62.3), "nothing"),
    ("amstad", F.amstad, (180.0, 1.0, 58.5), "nothing"),
    ("flesch-1948", F.flesch_reading_ease, (206.835, 1.015, 84.6), "nothing"),
]


@pytest.mark.parametrize("ours,theirs,differs", [k[1:] for k in KORPUS_FLESCH], ids=[k[0] for k in KORPUS_FLESCH])
def test_korpus_flesch_parameters(ours, theirs, differs):
    """KORPUS params.grades.R, Flesch list: fr = (209, 1.15, 68); es, nl, es-s with base 206.835.

    Kandel & Moles: ours (207, 1.015, 73.6) is what Wordless, cordial.fr (207 - 1,015 x - 0,736 x syllables
    per 100 words) and a French blog give; of the sources read, koRpus alone has (209, 1.15, 68).  Not changed (brief:
    report it).  On the hand-counted French passage of test_readability_formulas (2 / 8 / 11) the two give
    101.74 (ours) and 110.90 (koRpus).
    """
    got = _flesch_coefficients(ours)
    if differs == "nothing":
        assert got == pytest.approx(theirs, abs=1e-9)
    else:
        assert got != pytest.approx(theirs, abs=1e-9)
        if differs.startswith("base"):
            assert got[1:] == pytest.approx(theirs[1:], abs=1e-9)
            assert got[0] - theirs[0] == pytest.approx(0.005, abs=1e-9)


def test_kandel_moles_korpus_value_on_the_hand_counted_passage():
    c = F.Counts(sentences=2, words=8, syllables=11)
    assert F.kandel_moles(c) == pytest.approx(101.74, abs=0.005)
    assert 209 - 1.15 * 4 - 68 * 11 / 8 == pytest.approx(110.90, abs=0.005)


def test_osman_authors_code_coefficient():
    """OSMANJ calculateOsman: 200.791 - 1.015 ASL - 24.18143403 (C + D + G + H)/A; the paper prints 24.181.

    We keep the paper's 24.181; the difference is 0.00043 per unit of the sum (on the hand example of
    test_readability_formulas, 15/3 = 5 units: 0.002 points).
    """
    c0 = F.osman(F.Counts(sentences=1, words=1))
    slope = c0 - F.osman(F.Counts(sentences=1, words=1, syllables=1))
    assert slope == pytest.approx(24.181, abs=1e-9)
    assert abs(slope - 24.18143403) < 0.0005
    hand = F.Counts(sentences=1, words=3, syllables=13, ar_complex=1, ar_long=1)
    authors = 200.791 - 1.015 * 3 - 24.18143403 * (1 + 13 + 1 + 0) / 3
    assert F.osman(hand) - authors == pytest.approx(0.00217, abs=1e-4)


def test_osman_long_word_threshold_differs_from_authors_code():
    """OSMANJ countLongWords: length >= 5 after removing diacritics (its comment says "more than 5 characters").

    Counting difference: we count more than 5 letters (the paper's wording and textstat's).  In the hand
    example "كَتَبَ الطَّالِبُ الدَّرْسَ." the authors' code counts 2 long words (الطالب 6, الدرس 5), we count 1.
    (Its hard words are words with 4 or more short-vowel/tanween/shadda marks, not "more than 5 syllables".)
    """
    text = "كَتَبَ الطَّالِبُ الدَّرْسَ."
    bare = ["".join(ch for ch in w.strip(".") if not unicodedata.combining(ch)) for w in text.split()]
    assert [len(w) for w in bare] == [3, 6, 5]
    assert score_text(text, "ar").counts.ar_long == 1
    assert sum(len(w) >= 5 for w in bare) == 2


# ---------------------------------------------------------------- second sources for coefficients and mappings


def test_pisarek_linear_and_nonlinear_match_polish_readability_checker():
    """PLRC indices.py: l_pisarek = round(1/3 asl + 1/3 phw + 1, 2); nl_pisarek = round(sqrt(asl^2 + phw^2) / 2, 2),
    phw = 100 x (words of 4+ syllables) / words.  (It also leaves numbers and proper names out of the hard words.)"""
    assert F.pisarek(F.Counts(sentences=1, words=1)) == pytest.approx(1 + 1 / 3)
    base = F.pisarek(F.Counts(sentences=1, words=100))
    assert base == pytest.approx(100 / 3 + 1)
    assert F.pisarek(F.Counts(sentences=1, words=100, hard_words_pl=1)) - base == pytest.approx(1 / 3)
    for sentences, words, hard in ((2, 30, 3), (7, 101, 13), (1, 12, 0)):
        c = F.Counts(sentences=sentences, words=words, hard_words_pl=hard)
        asl, phw = words / sentences, 100 * hard / words
        assert round(F.pisarek(c), 2) == round(1 / 3 * asl + 1 / 3 * phw + 1, 2)
        assert round(F.pisarek_nonlinear(c), 2) == round(math.sqrt(asl**2 + phw**2) / 2, 2)


def test_oborneva_and_szigriszt_coefficients_match_ruts_and_readabilityes():
    """RUTS calc_flesch_reading_easy(a=1.3, b=60.1, c=206.835); RDES .formula_szigriszt_pazos: 206.835 - 62.3 Sy/W - W/S.

    RDES is a third source for Szigriszt's base: 206.835 (with INFLESZ), against Wordless's 207."""
    assert _flesch_coefficients(F.oborneva) == pytest.approx((206.835, 1.3, 60.1), abs=1e-9)
    assert _flesch_coefficients(F.szigriszt_pazos) == pytest.approx((206.835, 1.0, 62.3), abs=1e-9)


# RS english/rix.qmd (Anderson 1983): "RIX n and above -> grade g", below 0.2 -> grade 1.
ANDERSON_RIX_GRADES = [(0.2, 2), (0.5, 3), (0.8, 4), (1.3, 5), (1.8, 6), (2.4, 7), (3.0, 8), (3.7, 9), (4.5, 10), (5.3, 11), (6.2, 12), (7.2, 13)]


@pytest.mark.parametrize("rix,grade", ANDERSON_RIX_GRADES, ids=[f"rix-{r}" for r, _ in ANDERSON_RIX_GRADES])
def test_rix_reading_age_is_anderson_grade_plus_five(rix, grade):
    assert F.SCALES["rix"].to_age(rix) == pytest.approx(grade + 5)


# RS english/lix.qmd (Anderson 1983 p. 494): LIX lo-hi -> grade.  Our LIX map comes from Björnsson's bands
# instead; it agrees with Anderson's grade + 5 within half a year up to LIX 43 and reads up to 1.05 years
# older above (44-55).  Pinned: (lo, hi, grade, our age at the band's middle minus (grade + 5)).
ANDERSON_LIX_GRADES = [
    (20, 23, 4, -0.05), (24, 27, 5, 0.125), (28, 31, 6, 0.125), (32, 35, 7, 0.125), (36, 39, 8, 0.25),
    (40, 43, 9, 0.45), (44, 47, 10, 0.65), (48, 51, 11, 0.85), (52, 55, 12, 1.05),
]


@pytest.mark.parametrize("lo,hi,grade,gap", ANDERSON_LIX_GRADES, ids=[f"lix-{lo}-{hi}" for lo, hi, *_ in ANDERSON_LIX_GRADES])
def test_lix_reading_age_against_anderson_grades(lo, hi, grade, gap):
    assert F.SCALES["lix"].to_age((lo + hi) / 2) - (grade + 5) == pytest.approx(gap, abs=0.005)


def test_wstf_reading_age_is_schulstufe_plus_six():
    """OSC: the WSTF value is the Austrian Schulstufe (4 to 15); WZ: the Wiener Lesetest of the 4th and 8th
    Schulstufe tested ten- and fourteen-year-olds.  So Schulstufe 4 -> 10 years, 8 -> 14 (our "+ 6")."""
    wstf = F.SCALES["wstf"]
    assert (wstf.to_age(4.0), wstf.to_age(8.0)) == (10.0, 14.0)


# ---------------------------------------------------------------- OSMAN: the authors' code run as an oracle

# OSMANR, texts from TestOSMAN.java (easyText, harderText, hardText) plus our vocalised hand example:
# (id, text, the authors' (words, sentences, syllables, complex, long, faseeh), the authors' OSMAN,
#  our (sentences, words, syllables, complex, long, faseeh), our OSMAN)
OSMAN_AUTHORS = [
    ("easy-children", "ذهب هند وأحمد الى المدرسة. هند تحب الرسم والمطالعة",
     (9, 2, 33, 0, 4, 0), 96.81093787666669, (2, 9, 34, 1, 2, 1), 94.126),
    ("harder-sports-news", "ويعد القلق من تدني مدخول راتب التقاعد والرغبة في إنجاز مشاريع من الأسباب حملت النساء على البقاء في العمل حتى سن متقدم.",
     (22, 1, 78, 0, 11, 0), 80.6361077877273, (1, 22, 84, 3, 6, 1), 75.142),
    ("hard-university", "تتركز أسس الفيزياء النووية بشكل عام علي الذرة ومكوناتها الداخلية والتعامل مع تلك الذرة والعناصر وحيث ان هذا هو المبحث العام للفيزياء النووية فانه احيانا ما يطلق عليها الفيزياء الذرية الا أن مجال الفيزياء النووية أعم واشمل من الفيزياء الذرية وكذلك الفيزياء الذرية تهتم بدارسة الذرة فى حالاتها وتفاعلاتها المختلفة",
     (50, 1, 207, 0, 30, 6), 32.51923061420001, (1, 50, 226, 12, 22, 7), 20.914),
    ("hand-vocalised", "كَتَبَ الطَّالِبُ الدَّرْسَ.",
     (3, 1, 12, 1, 2, 0), 76.83882985000002, (1, 3, 13, 1, 1, 0), 76.841),
]


@pytest.mark.parametrize("authors_counts,authors_value", [(o[2], o[3]) for o in OSMAN_AUTHORS], ids=[o[0] for o in OSMAN_AUTHORS])
def test_osman_formula_reproduces_the_authors_code_on_its_counts(authors_counts, authors_value):
    """Formula check: fed the authors' own counts, our osman() gives their value to within their longer weight
    (24.18143403 vs 24.181: at most 0.0025 here)."""
    words, sentences, syllables, complex_, long_, faseeh = authors_counts
    c = F.Counts(sentences=sentences, words=words, syllables=syllables, ar_complex=complex_, ar_long=long_, ar_faseeh=faseeh)
    assert abs(F.osman(c) - authors_value) < 0.0025


@pytest.mark.parametrize("text,ours_counts,ours_value", [(o[1], o[4], o[5]) for o in OSMAN_AUTHORS], ids=[o[0] for o in OSMAN_AUTHORS])
def test_osman_counting_differs_from_the_authors_code_on_unvocalised_text(text, ours_counts, ours_value):
    """Counting difference, pinned: on unvocalised text the authors' code counts every letter but alef and
    alef maqsura as a syllable, minus 2, over the whole text (Syllables.countAllSyllables), a long word at
    5 letters, and finds no hard word without diacritics.  Our estimate models what the paper's own method
    (vocalise with Mishkal, then count) gives, and is judged against it (test_readability_syllables_reference):
    94.13 / 75.14 / 20.91 here, against the authors' tool's 96.81 / 80.64 / 32.52 and the paper's method's
    89.56 / 66.35 / -20.19 (Mishkal 0.4.1 + our vocalised count; notes §2c).  (Before session 3 our estimate
    dropped every final vowel and read 20-27 points easier than the authors' tool: 123.68 / 100.42 / 58.64.)  On the
    vocalised hand example the totals agree (76.841 vs 76.839): the authors' code counts 12 syllables (in
    NFC the fatha of "طَّا" comes before the shadda, so its "haraka followed by alef" rule misses the long
    vowel) and 2 long words; we count 13 and 1."""
    s = score_text(text, "ar")
    c = s.counts
    assert (c.sentences, c.words, c.syllables, c.ar_complex, c.ar_long, c.ar_faseeh) == ours_counts
    assert s.metric("osman").value == pytest.approx(ours_value, abs=0.0005)


def test_nfc_puts_fatha_before_shadda():
    word = unicodedata.normalize("NFC", "الطَّالِبُ")
    assert word.index("\u064e") < word.index("\u0651")  # fatha (ccc 30) before shadda (ccc 33)


def test_fernandez_huerta_and_szigriszt_match_legible_es_code():
    """LEGES: fernandez_huerta = 206.84 - 60*P - 1.02*F (P syllables per word, F words per sentence, each rounded
    to 2 decimals first); szigriszt_pazos = 206.835 - 62.3 * syllables/words - words/sentences."""
    assert _flesch_coefficients(F.fernandez_huerta) == pytest.approx((206.84, 1.02, 60.0), abs=1e-9)
    assert _flesch_coefficients(F.szigriszt_pazos) == pytest.approx((206.835, 1.0, 62.3), abs=1e-9)


@pytest.mark.parametrize("value,ours,theirs", [
    (55.0, "normal", "algo difícil"),
    (80.0, "muy fácil", "bastante fácil"),
    (40.0, "algo difícil", "muy difícil"),
    (65.0, "bastante fácil", "normal"),
], ids=["55", "80", "40", "65"])
def test_inflesz_band_edges_belong_to_the_harder_band_in_two_sources(value, ours, theirs):
    """LEGES inflesz(): P <= 40 muy difícil, <= 55 algo difícil, <= 65 normal, <= 80 bastante fácil; RDES
    .inflesz_category: < 40, 40-55, (55, 65], (65, 80], > 80.  Both put an exact edge in the harder band; our
    scale puts it in the easier one, so a text at exactly 55.0 meets our INFLESZ >= 55 target while both
    sources call it "algo difícil".  Not changed (the issue's target is ">= 55"); reported."""
    assert F.SCALES["inflesz"].describe(value) == ours
    legible_es = ("muy difícil" if value <= 40 else "algo difícil" if value <= 55 else "normal" if value <= 65
                  else "bastante fácil" if value <= 80 else "muy fácil")
    assert legible_es == theirs
