"""Plainer words for hard words (issue 16): suggested in the hotspots, the report and
`polyleaf readability`, never applied to the text."""

from __future__ import annotations

import json

import pytest

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
    assert suggest("it", "pertanto") == ()  # not in the Italian guide's rows: nothing is made up


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


# --- every shipped list: each entry tagged with a source whose licence the file's header states

# tag -> words its header line (or the lines right after it) must contain: the licence, checked per source
_LICENCES = {"[CE]": ("2011/833/EU", "CC BY 4.0"), "[EK]": ("2011/833/EU", "CC BY 4.0"), "[KE]": ("2011/833/EU", "CC BY 4.0"),
             "[GF]": ("L321-1",), "[AR]": ("MIT License", "Copyright (c) 2015 República Argentina"),
             "[DI]": ("CC BY 4.0", "github.com/italia/writing-toolkit"), "[LB]": ("CC BY 4.0", "github.com/lboshuizen/dutch-style-guide")}


def _plain_langs():
    from pathlib import Path

    import pipeline.readability.plain as P

    return sorted(p.stem for p in (Path(P.__file__).parent / "plain").glob("*.tsv") if p.stem != "en")


def test_the_non_english_lists_are_the_expected_ones():
    assert _plain_langs() == ["de", "es", "fr", "it", "nl", "pl", "pt"]


@pytest.mark.parametrize("lang", _plain_langs())
def test_every_entry_names_a_source_whose_licence_the_header_states(lang):
    header, rows = _entries(lang)
    assert rows, lang
    for r in rows:
        assert len(r) == 3 and r[0].strip() and r[1].strip(), (lang, r)
        assert r[2] in _LICENCES, (lang, r)
    lines = header.split("\n")
    for tag in {r[2] for r in rows}:
        start = next(i for i, x in enumerate(lines) if x.lstrip("# ").startswith(tag))
        block = [lines[start]]
        for x in lines[start + 1:]:  # the tag's paragraph: its indented continuation lines
            if x.lstrip("# ").startswith("[") or x.startswith("# Format"):
                break
            block.append(x)
        text = " ".join(x.lstrip("# ").strip() for x in block)
        assert all(w in text for w in _LICENCES[tag]), (lang, tag)
        assert "Text read from" in text or "read with the search tool" in text, (lang, tag)  # how it was read
    table = word_list(lang)
    assert len(table) == len(rows)  # no duplicate keys hide a row
    assert all(k == k.lower() and v and all(x and x.lower() != k for x in v) for k, v in table.items())


# (language, a sentence with hard words or wordy phrases, what is suggested, in order)
SENTENCES = [
    ("pl", "Z uwagi na fakt, że pacjent zamieszkuje daleko, lekarz musi wziąć pod uwagę dojazd i dokonać oceny ryzyka.",
     [("Z uwagi na fakt że", ("ponieważ",)), ("zamieszkuje", ("mieszka",)), ("wziąć pod uwagę", ("rozważyć",)),
      ("dokonać oceny", ("ocenić",))]),
    ("pt", "Na eventualidade de febre, ligue. Em sede de tratamento, um certo número de doentes melhora; por consequência, descanse.",
     [("Na eventualidade de", ("se",)), ("Em sede de", ("em",)), ("um certo número de", ("alguns",)),
      ("por consequência", ("por isso",))]),
    ("it", "In considerazione del fatto che la febbre sale, chiami il medico entro e non oltre domani. L'ambulatorio "
           "può erogare il vaccino prima della visita; paghi l'ammenda.",
     [("In considerazione del fatto che", ("poiché",)), ("entro e non oltre", ("entro",)), ("erogare", ("offrire", "fornire")),
      ("ammenda", ("multa", "contravvenzione"))]),
    ("nl", "In het geval dat u koorts krijgt, belt u de huisarts. Met betrekking tot de medicijnen: de arts gaat de "
           "behandeling implementeren en wil uw feedback.",
     [("In het geval dat", ("als",)), ("Met betrekking tot", ("over",)), ("implementeren", ("invoeren", "uitvoeren")),
      ("feedback", ("terugkoppeling", "reactie"))]),
    ("es", "Consulte las oportunidades de empleo del hospital; el sufragio es libre.",
     [("oportunidades de empleo", ("ofertas de trabajo",)), ("sufragio", ("voto",))]),
]


@pytest.mark.parametrize("lang,text,expected", SENTENCES, ids=[s[0] for s in SENTENCES])
def test_suggestions_are_found_in_a_sentence(lang, text, expected):
    from pipeline.readability.plain import suggestions_for_text
    from pipeline.readability.tokenize import words_of

    assert suggestions_for_text(lang, words_of(text)) == expected


@pytest.mark.parametrize("lang,text,expected", SENTENCES, ids=[s[0] for s in SENTENCES])
def test_polyleaf_readability_suggests_and_never_applies(runner, tmp_path, lang, text, expected):
    f = tmp_path / f"draft-{lang}.txt"
    f.write_text(text, encoding="utf-8")
    before = f.read_bytes()
    r = runner.invoke(main, ["readability", str(f), "-l", lang])
    assert r.exit_code in (0, 1), r.output
    first, plain = expected[0]
    assert f"plainer words (suggestions, not applied): {first} → {', '.join(plain)}" in r.output
    d = json.loads(runner.invoke(main, ["readability", str(f), "-l", lang, "--json"]).output)
    assert d["plainer_words"] == [{"word": w, "suggestions": list(p)} for w, p in expected]
    assert f.read_bytes() == before  # never applied


@pytest.mark.parametrize("lang,text,word,plain", [
    ("pl", "Pacjent zamieszkuje daleko od szpitala. Lekarz musi wziąć pod uwagę dojazd. "
           "W dniu dzisiejszym trzeba dokonać oceny stanu zdrowia pacjenta. ", "zamieszkuje", ["mieszka"]),
    ("it", "Il servizio deve implementare le nuove regole per il vaccino. L'interlocuzione con i cittadini continua. ",
     "L'interlocuzione", ["dialogo", "discussione", "consultazione"]),  # found past the elided article
    ("nl", "De arts gaat de behandeling implementeren. U krijgt daarna een afspraak bij de huisarts. ",
     "implementeren", ["invoeren", "uitvoeren"]),
], ids=["pl", "it", "nl"])
def test_hotspots_carry_the_guides_single_words(lang, text, word, plain):
    d = score_text(text * 3, lang).as_dict()
    hard = {h["word"]: h["suggestions"] for h in d["hard_words"]}
    assert hard[word] == plain, hard


def test_an_elided_article_does_not_hide_a_listed_word():
    from pipeline.readability.plain import unelided

    assert unelided("l'ammenda") == "ammenda" and unelided("dell’interlocuzione") == "interlocuzione"
    assert unelided("don't") == "don't" and unelided("T-cell") == "T-cell"  # English contractions stay whole
    assert suggest("it", "L'ammenda") == ("multa", "contravvenzione") and suggest("it", "l'ammendare") == ()
