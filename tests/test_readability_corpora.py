"""bench/readability_corpora.py: the loaders of the parallel leaflet corpora of docs/notes/readability.md §6g,
on small fixtures (tests/data/readability/corpora/SOURCES.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "readability" / "corpora"


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpora():
    return _load("readability_corpora")


@pytest.fixture(scope="module")
def calibrate():
    return _load("readability_calibrate")


# ---------------------------------------------------------------- the NHS COVID-19 app (real excerpt)
def test_android_strings_resolve_escapes_and_skip_untranslatable(corpora):
    en = corpora.android_strings(DATA / "ukhsa" / "app" / "src" / "main" / "res" / "values" / "strings.xml")
    assert "default_language" not in en  # translatable="false"
    assert "don't have a high temperature" in en["index_case_continue_isolation_advice_body_england"]  # \' resolved
    assert "\n\n" in en["venue_alert_explanation"] and "\\n" not in en["venue_alert_explanation"]


@pytest.mark.parametrize(
    "text, prose",
    [
        ("Please go to settings and turn on Bluetooth so that the app can work.", True),
        ("Successful check-in", False),  # a label
        ("Thank you for checking in to %1$s, we will tell you if there is a risk.", False),  # placeholder
        ("For more advice on what to do next please visit https://111.nhs.uk/ today.", False),  # URL
        ("UK Health Security Agency\nNobel House\n17 Smith Square\nLondon\nSW1P 3HX\nUK", False),  # an address
    ],
    ids=["prose", "label", "placeholder", "url", "address"],
)
def test_is_prose(corpora, text, prose):
    assert corpora.is_prose(text) is prose


def test_ukhsa_pairs_by_resource_name_not_file_order(corpora):
    beads = corpora.app_beads(corpora.APPS["ukhsa"], DATA / "ukhsa", "pl")
    # three prose strings; the URL, the label, the placeholder string and the untranslatable one are left out
    assert len(beads) == 3
    first_en, first_pl = beads[0]  # English file order: venue_alert_explanation first (last in the Polish file)
    assert first_en[0].startswith("There is a risk that you may have been exposed")
    assert first_pl[0].startswith("Istnieje ryzyko")
    assert len(first_en) == len(first_pl) == 5  # paragraphs split on the \n\n of the resource
    assert "119" in first_en[-1] and "119" in first_pl[-1]
    assert beads[2][1][0].startswith("Aplikacja korzysta z funkcji Bluetooth")


def test_ukhsa_texts_are_cut_by_english_words(corpora):
    texts = corpora.app_texts(corpora.APPS["ukhsa"], DATA / "ukhsa", "pl", 60)
    assert [t.corpus for t in texts] == ["ukhsa"] * len(texts) and {t.level for t in texts} == {"leaflet"}
    assert len(texts) == 2  # 176 English words in three strings: the first, then the two shorter ones joined
    assert all(sum(len(u.split()) for u in t.english) >= 60 for t in texts)
    assert corpora.app_texts(corpora.APPS["ukhsa"], DATA / "ukhsa", "nl", 60) == []  # no Dutch in the app


# ---------------------------------------------------------------- CoronaMelder (own miniature)
def test_markdown_units_resolve_includes_and_strip_markup(corpora):
    page = (DATA / "coronamelder" / "_questions" / "en" / "1-wash-hands.md").read_text(encoding="utf-8")
    units = corpora.markdown_units(page, DATA / "coronamelder" / "_includes")
    assert units == [
        "Washing your hands often stops the virus from spreading. Use soap and water for 20 seconds.",
        "Wash your hands when you come home.",
        "Wash your hands before you eat.",
        "Read more on the health page.",
    ]


def test_coronamelder_pairs_whole_answers_and_drops_incoherent_pages(corpora):
    pairs = corpora.coronamelder_pairs(DATA / "coronamelder", "nl")
    assert [k for k, _, _ in pairs] == ["1-wash-hands", "2-test", "3-travel"]  # page 4 has no Dutch
    _, en, nl = pairs[1]
    assert en[0] == "I have a cough. What now?" and nl[0] == "Ik hoest. Wat nu?"  # <summary> text kept
    kept = [k for k, _, _ in corpora.coherent(pairs)]
    assert kept == ["1-wash-hands", "2-test"]  # page 3's Dutch is ~7 times its English
    texts = corpora.coronamelder_texts(DATA / "coronamelder", "nl", 40)  # 37 + 22 English words: one text
    assert len(texts) == 1 and texts[0].translation[-1].startswith("Blijf thuis")


# ---------------------------------------------------------------- COVID Alert NY (own miniature)
def test_json_strings_flatten_lists_and_drop_bold(corpora):
    en = corpora.json_strings(DATA / "covidalertny" / "src" / "assets" / "lang" / "en.json")
    assert en["onboarding.blocks.0.text"].startswith("Get an alert if you spent")
    assert "onboarding.short" in en


def test_covidalertny_beads_by_key(corpora):
    beads = corpora.app_beads(corpora.APPS["covidalertny"], DATA / "covidalertny", "es")
    # kept: the first onboarding block and the symptoms advice; the placeholder greeting, the label,
    # the block left in English and the privacy policy (legal text) are not pairs
    assert [b[1][0] for b in beads] == [
        "Reciba una alerta si pasó más de 10 minutos cerca de alguien que luego da positivo.",
        "Si tiene fiebre o tos nueva, quédese en casa.",
    ]
    assert beads[1][0] == ["If you have a fever or a new cough, stay home.", "Call your doctor if you find it hard to breathe."]


# ---------------------------------------------------------------- registered in the calibration bench
def test_calibrate_collects_the_new_corpora_as_leaflets(corpora, calibrate):
    dirs = {"ukhsa": DATA / "ukhsa"}
    pairs = calibrate.collect("pl", None, None, 60, None, dirs)
    assert len(pairs) == 2
    assert {p.corpus for p in pairs} == {"ukhsa"} and {p.level for p in pairs} == {"leaflet"}
    assert all(8.0 <= p.source_age <= 25.0 for p in pairs)


def test_cli_needs_a_corpus(corpora, capsys):
    with pytest.raises(SystemExit) as exc:
        corpora.main([])
    assert exc.value.code == 2
    assert corpora.main(["--ukhsa", str(DATA / "ukhsa"), "--langs", "pl,nl", "--words", "60"]) == 0
    out = capsys.readouterr().out
    assert "| pl | ukhsa | 2 | 176 |" in out and "| nl |" not in out


def test_paragraphs_split_at_blank_lines_only(corpora):
    text = "We recommend a test.\n\nIf you are under 18, show this message\nto a trusted adult."
    assert corpora._paragraphs(text) == ["We recommend a test.", "If you are under 18, show this message to a trusted adult."]


def test_one_file_with_a_key_per_language(corpora):
    beads = corpora.app_beads(corpora.APPS["hamagen"], DATA / "hamagen", "ru")
    assert beads == [(["If you were near someone with the virus, stay at home for ten days and watch for a fever."],
                      ["Если вы были рядом с человеком с вирусом, оставайтесь дома десять дней и следите за температурой."])]
    assert corpora.app_beads(corpora.APPS["hamagen"], DATA / "hamagen", "ar") == []  # no Arabic key in the file
