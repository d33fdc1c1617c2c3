"""Plainer words for hard words (issue 16): suggested in the hotspots, the report and
`polyleaf readability`, never applied to the text."""

from __future__ import annotations

import json

from pipeline.cli import main
from pipeline.readability import score_text
from pipeline.readability.plain import suggest, word_list

TEXT = ("Your physician will administer the medication intravenously. We will assist you and monitor any "
        "complications. Additional information is available from your physician.")


def test_english_list_is_sourced_and_well_formed():
    from pathlib import Path

    import pipeline.readability.plain as P

    text = (Path(P.__file__).parent / "plain" / "en.tsv").read_text(encoding="utf-8")
    assert "plainlanguage.gov" in text and "public domain" in text and "CDC" in text
    table = word_list("en")
    assert len(table) >= 150
    assert all(k == k.lower() and v and all(x and x != k for x in v) for k, v in table.items())


def test_suggest_finds_inflected_forms_and_nothing_for_plain_words():
    assert suggest("en", "assist") == ("help",)
    assert suggest("en", "Assists") == ("help",) and suggest("en", "utilized") == ("use",)
    assert suggest("en", "complications") == ("problem",)
    assert suggest("en", "help") == () and suggest("xx", "assist") == ()


def test_hotspots_carry_suggestions_and_the_text_is_unchanged():
    s = score_text(TEXT, "en")
    d = s.as_dict()
    hard = {h["word"]: h["suggestions"] for h in d["hard_words"]}
    assert hard["intravenously"] == ["through a vein"]
    assert all(isinstance(v, list) for v in hard.values())
    assert any("physician" in h["text"] for h in d["long_sentences"])  # never applied: the sentence keeps its word


def test_polyleaf_readability_prints_and_returns_suggestions(runner, tmp_path):
    f = tmp_path / "draft.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = runner.invoke(main, ["readability", str(f), "-l", "en"])
    assert "plainer words (suggestions, not applied): physician → doctor; administer → give; medication → medicine" in r.output
    d = json.loads(runner.invoke(main, ["readability", str(f), "-l", "en", "--json"]).output)
    assert {"word": "assist", "suggestions": ["help"]} in d["plainer_words"]
    assert f.read_text(encoding="utf-8") == TEXT


def test_report_hotspots_show_suggestions(runner, project):
    p = project / "source" / "plain.md"
    p.write_text("# Plain\n\n" + " ".join([TEXT] * 8) + "\n", encoding="utf-8")
    runner.invoke(main, ["-C", str(project), "score", "-q"])
    html = (project / "reports" / "readability.html").read_text(encoding="utf-8")
    assert '<span class="suggest">→ try <bdi' in html and 'through a vein</bdi></span>' in html


# --- other languages (issue 16): small lists from openly licensed guidance, each entry tagged with its source

FR_TEXT = ("Dans le but de vous soigner, la prorogation du traitement sera décidée par le médecin. "
           "En ce qui concerne les repas, le service les facture mensuellement. Au cas où la fièvre revient, appelez.")


def _entries(lang):
    from pathlib import Path

    import pipeline.readability.plain as P

    text = (Path(P.__file__).parent / "plain" / f"{lang}.tsv").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return "\n".join(header), rows


def test_french_and_spanish_lists_name_a_source_and_licence_for_every_entry():
    for lang, tags in (("fr", {"[CE]", "[GF]"}), ("es", {"[AR]"}), ("de", {"[EK]"})):
        header, rows = _entries(lang)
        assert rows and all(len(r) == 3 and r[0] and r[1] and r[2] in tags for r in rows), lang
        for tag in tags:  # every tag is defined in the header, with its licence
            line = next(x for x in header.split("\n") if x.lstrip("# ").startswith(tag))
            assert line
        table = word_list(lang)
        assert len(table) == len(rows) and all(k == k.lower() and v and all(x != k for x in v) for k, v in table.items())
    header, _ = _entries("fr")
    assert "2011/833/EU" in header and "CC BY 4.0" in header and "L321-1" in header


def test_french_phrases_and_words_are_suggested_in_order_and_never_applied():
    from pipeline.readability.plain import suggestions_for_text
    from pipeline.readability.tokenize import words_of

    got = suggestions_for_text("fr", words_of(FR_TEXT))
    assert got == [("Dans le but de", ("pour",)), ("prorogation", ("prolongation", "renouvellement", "report")),
                   ("En ce qui concerne", ("pour", "quant à")), ("mensuellement", ("chaque mois",)), ("Au cas où", ("si",))]
    assert suggestions_for_text("fr", words_of("Le but de la visite est simple.")) == []  # a phrase needs all its words
    assert suggestions_for_text("es", words_of("Hay oportunidades de empleo; el sufragio es libre.")) == [
        ("oportunidades de empleo", ("ofertas de trabajo",)), ("sufragio", ("voto",))]
    assert suggest("de", "Zielsetzung") == ("Ziel",) and suggest("de", "genehmigen") == ()  # only the guide's rows
    assert suggest("it", "pertanto") == ()  # no Italian list: nothing is made up


def test_french_hotspots_carry_single_word_suggestions():
    d = score_text(" ".join([FR_TEXT] * 4), "fr").as_dict()
    hard = {h["word"]: h["suggestions"] for h in d["hard_words"]}
    assert hard.get("prorogation") == ["prolongation", "renouvellement", "report"] or hard.get("mensuellement") == ["chaque mois"], hard


def test_polyleaf_readability_prints_french_suggestions(runner, tmp_path):
    f = tmp_path / "brouillon.txt"
    f.write_text(FR_TEXT, encoding="utf-8")
    r = runner.invoke(main, ["readability", str(f), "-l", "fr"])
    assert "plainer words (suggestions, not applied): Dans le but de → pour; prorogation → prolongation, renouvellement, report" in r.output
    d = json.loads(runner.invoke(main, ["readability", str(f), "-l", "fr", "--json"]).output)
    assert {"word": "mensuellement", "suggestions": ["chaque mois"]} in d["plainer_words"]
    assert f.read_text(encoding="utf-8") == FR_TEXT
