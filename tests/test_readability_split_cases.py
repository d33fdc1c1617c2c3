"""Sentence splitting on real leaflet cases (issue 16): each case of the issue, and its counter-cases.

The table is the one in docs/notes/readability.md §6 ("split cases").
"""

from __future__ import annotations

import pytest

from pipeline.readability import score_text
from pipeline.readability.tokenize import join_lead_ins, split_sentences, units_of_plain_text

CASES = [
    # (id, lang, text, expected sentences)
    ("vitamin-D", "en", "Take vitamin D. The skin makes it in sunlight.", ["Take vitamin D.", "The skin makes it in sunlight."]),
    ("hepatitis-A-B", "en", "Hepatitis A. Hepatitis B. Both are liver infections.", ["Hepatitis A.", "Hepatitis B.", "Both are liver infections."]),
    ("hepatitis-A-noun", "en", "Get a vaccine for hepatitis A. Vaccines are free.", ["Get a vaccine for hepatitis A.", "Vaccines are free."]),
    ("world-war-I", "en", "It began after World War I. The treaty was signed in 1919.", ["It began after World War I.", "The treaty was signed in 1919."]),
    ("world-war-II", "en", "It began after World War II. The treaty came later.", ["It began after World War II.", "The treaty came later."]),
    ("etc", "en", "Eat fruit, nuts, etc. The rest can wait.", ["Eat fruit, nuts, etc.", "The rest can wait."]),
    ("etc-lower", "en", "Eat fruit, nuts, etc. and drink water.", ["Eat fruit, nuts, etc. and drink water."]),
    ("us", "en", "It is sold in the U.S. In Canada it is not.", ["It is sold in the U.S.", "In Canada it is not."]),
    ("us-name", "en", "Ask the U.S. Food and Drug Administration.", ["Ask the U.S. Food and Drug Administration."]),
    ("am", "en", "Come at 8 a.m. Do not eat before.", ["Come at 8 a.m.", "Do not eat before."]),
    ("am-day", "en", "Open at 8 a.m. Monday to Friday.", ["Open at 8 a.m. Monday to Friday."]),
    ("no-5", "en", "See No. 5 on the list.", ["See No. 5 on the list."]),
    ("no-answer", "en", "Is it safe? No. The doctor will explain.", ["Is it safe?", "No.", "The doctor will explain."]),
    ("ee-uu", "es", "Vive en EE. UU. desde 2010.", ["Vive en EE. UU. desde 2010."]),
    ("ee-uu-end", "es", "Vive en EE. UU. La vacuna es gratis.", ["Vive en EE. UU.", "La vacuna es gratis."]),
    ("inverted-question", "es", "Tome agua ¿Tiene fiebre? Llame al médico.", ["Tome agua", "¿Tiene fiebre?", "Llame al médico."]),
    ("inverted-no-space", "es", "Fin.¿Qué es? ¡Llame ya!", ["Fin.", "¿Qué es?", "¡Llame ya!"]),
    ("inverted-after-comma", "es", "Si no mejora, ¿qué hago? Llame.", ["Si no mejora, ¿qué hago?", "Llame."]),
    ("initial", "en", "J. Smith wrote it.", ["J. Smith wrote it."]),
    ("initials-run", "en", "J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ("middle-initial", "en", "John F. Kennedy was president.", ["John F. Kennedy was president."]),
    ("dr", "en", "Dr. Smith is here. See e.g. The Lancet.", ["Dr. Smith is here.", "See e.g. The Lancet."]),
    ("decimal", "en", "Take 2.5 ml. Then rest.", ["Take 2.5 ml.", "Then rest."]),
    ("z-b", "de", "Essen Sie z. B. Obst. Das hilft.", ["Essen Sie z. B. Obst.", "Das hilft."]),
    ("vitamina-D", "es", "Tome vitamina D. La piel la produce.", ["Tome vitamina D.", "La piel la produce."]),
    ("usw", "de", "Obst, Gemüse usw. Das ist gesund.", ["Obst, Gemüse usw.", "Das ist gesund."]),
]


@pytest.mark.parametrize("lang,text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_case(lang, text, expected):
    assert split_sentences(text, lang) == expected


def test_headings_and_list_items_are_their_own_units():
    md = "# Side effects\n\nYou may feel tired.\n\n- fever\n- a cough that lasts\n\n## Help\n\nCall us."
    assert units_of_plain_text(md) == ["You may feel tired.", "fever", "a cough that lasts", "Call us."]
    assert units_of_plain_text(md, headings=True) == ["Side effects", "You may feel tired.", "fever", "a cough that lasts", "Help", "Call us."]


@pytest.mark.parametrize("md,expected", [
    ("Symptoms include\n\n- fever\n- a cough\n", ["Symptoms include fever", "a cough"]),
    ("Call 999 if:\n- you cannot breathe\n- you faint\n", ["Call 999 if: you cannot breathe", "you faint"]),
    ("This is a sentence.\n\n- fever\n", ["This is a sentence.", "fever"]),
    ("Is it safe?\n- yes\n", ["Is it safe?", "yes"]),
    ("A lead-in with no list\n\nAnother paragraph", ["A lead-in with no list", "Another paragraph"]),
], ids=["no-punctuation", "colon", "full-stop", "question", "no-list"])
def test_list_lead_in_is_judged_with_its_list(md, expected):
    assert units_of_plain_text(md) == expected


def test_lead_in_does_not_count_as_a_sentence_of_its_own():
    md = "Symptoms include\n\n- fever\n- a cough\n- feeling tired\n"
    s = score_text(md, "en")
    assert s.counts.sentences == 3  # one per item; the lead-in's words are read with the first
    assert s.counts.words == 7


def test_join_lead_ins_keeps_a_lead_in_before_a_gap():
    assert join_lead_ins([("paragraph", "Symptoms include"), ("gap", ""), ("list-item", "fever")]) == ["Symptoms include", "", "fever"]


def test_lead_in_is_judged_with_its_list_in_a_project_document(runner, project):
    """The same rule for catalog segments (polyleaf score): paragraph + list items of one section."""
    import json

    from pipeline.cli import main

    (project / "source" / "leadin.md").write_text(
        "# Lead-in\n\n## Symptoms\n\nCommon symptoms include\n\n- a high temperature\n- a cough\n- feeling tired\n", encoding="utf-8")
    r = runner.invoke(main, ["-C", str(project), "score", "-q"])
    assert r.exit_code in (0, 1), r.output
    data = json.loads((project / "reports" / "readability.json").read_text(encoding="utf-8"))
    doc = next(d for d in data["documents"] if d["name"] == "leadin")
    sec = next(s for s in doc["languages"][0]["sections"] if s["title"] == "Symptoms")
    assert sec["score"]["sentences"] == 3 and sec["score"]["words"] == 10
    assert "Common symptoms include a high temperature" in [h["text"] for h in sec["score"]["long_sentences"]]
