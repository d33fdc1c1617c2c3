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
