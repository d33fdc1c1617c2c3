"""Masking and pseudo-localisation: pure functions, table-driven."""

from __future__ import annotations

import math

import pytest

from pipeline.mt.masking import mask, restore
from pipeline.mt.pseudo import pseudo_localise
from pipeline.provenance import MASK_TOKEN
from pipeline.source import parse_text

TERMS = ("CAR T", "IV", "Keytruda")

# (text, what must be hidden from the engine, what must still be sent)
CASES = [
    ("link", "Read more [about chemo](https://www.nhs.uk/chemo/).", ["https://www.nhs.uk/chemo/", "[", "]("], ["about chemo"]),
    ("link-with-title", 'See [this](http://x.org/a_(b) "Title") now', ["http://x.org/a_(b)", "Title"], ["this", "now"]),
    ("emphasis", "Take **two** tablets, *not* more", ["**", "*"], ["two", "not"]),
    ("underscore-emphasis", "It is _very_ important", ["_"], ["very"]),
    ("snake-case-kept", "the file my_file_name is fine", [], ["my_file_name"]),
    ("code", "Type `polyleaf --help` there", ["`polyleaf --help`"], ["Type", "there"]),
    ("bare-url", "Visit https://www.nhs.uk/conditions/. Then rest", ["https://www.nhs.uk/conditions/"], ["Visit", ". Then rest"]),
    ("www-url", "Go to www.macmillan.org.uk today", ["www.macmillan.org.uk"], ["today"]),
    ("email", "Write to help.desk+1@nhs.net now", ["help.desk+1@nhs.net"], ["Write to"]),
    ("autolink", "Mail <mailto:a@b.org> or <https://b.org>", ["<mailto:a@b.org>", "<https://b.org>"], ["Mail", "or"]),
    ("dose", "Take 2.5 mg twice, or 200 mg/m² once", ["2.5 mg", "200 mg/m²"], ["twice", "once"]),
    ("temperature", "a temperature of 37.5°C or higher", ["37.5°C"], ["or higher"]),
    ("phone", "Call 0800 123 4567 or +44 20 7946 0958", ["0800 123 4567", "+44 20 7946 0958"], ["Call", "or"]),
    ("numbers", "Day 3 of 21, at 10:30 on 24/11/2026", ["Day 3", "21", "10:30", "24/11/2026"], ["Day", "of", "at", "on"]),
    ("terms", "CAR T-cell therapy by IV drip, not IVY; Keytruda works", ["CAR T", "Keytruda"], ["-cell therapy", "IVY", "works"]),
    ("html", "Line<br>break and <abbr title=\"x\">NHS</abbr>", ["<br>", "<abbr title=\"x\">", "</abbr>"], ["break and", "NHS"]),
    ("image", "Look ![a diagram](img/d.png) here", ["![a diagram](img/d.png)"], ["Look", "here"]),
    ("hard-break", "first line\\\nsecond line", ["\\\n"], ["first line", "second line"]),
]


@pytest.mark.parametrize("name,text,hidden,sent", CASES, ids=[c[0] for c in CASES])
def test_mask_hides_and_restores(name, text, hidden, sent):
    m = mask(text, TERMS)
    for h in hidden:
        assert h not in m.text, (h, m.text)
    for s in sent:
        assert s in m.text, (s, m.text)
    assert "\n" not in m.text
    r = restore(m, m.text)
    assert r.ok and r.text == text


def test_adjacent_spans_share_one_placeholder():
    m = mask("see **[the leaflet](https://x.org/l)** now")
    assert m.text == "see ⟦0⟧the leaflet⟦1⟧ now"
    assert [x.original for x in m.masks] == ["**[", "](https://x.org/l)**"]


def test_every_example_segment_round_trips(repo_root):
    text = (repo_root / "source" / "immunotherapy.md").read_text(encoding="utf-8")
    doc = parse_text(text, "source/immunotherapy.md")
    for seg in doc.segments:
        m = mask(seg.text, TERMS)
        assert restore(m, m.text).text == seg.text


@pytest.mark.parametrize(
    "translated,expected,lost,dup,unknown",
    [
        ("Lea ⟦0⟧ más ⟦1⟧.", "Lea [más](https://x.org/).", (), (), ()),
        ("Lea ⟦ 0 ⟧más⟦1 ⟧.", "Lea [más](https://x.org/).", (), (), ()),
        ("Lea más.", "Lea más.", ("[", "](https://x.org/)"), (), ()),
        ("Lea ⟦0⟧más⟦1⟧ ⟦1⟧.", "Lea [más](https://x.org/)](https://x.org/).", (), ("](https://x.org/)",), ()),
        ("Lea ⟦0⟧más⟦1⟧ ⟦7⟧.", "Lea [más](https://x.org/) ⟦7⟧.", (), (), ("⟦7⟧",)),
        ("Lea [0]más[1].", "Lea [0]más[1].", ("[", "](https://x.org/)"), (), ()),
    ],
    ids=["spaced-by-engine", "spaces-inside-token", "dropped", "duplicated", "invented", "mangled-brackets"],
)
def test_restore_reports_what_the_engine_did(translated, expected, lost, dup, unknown):
    m = mask("Read [more](https://x.org/).")
    r = restore(m, translated)
    assert (r.text, r.lost, r.duplicated, r.unknown) == (expected, lost, dup, unknown)
    facts = r.problem_facts()
    if lost:
        assert facts["mask-lost"] == str(len(lost)) and " " not in facts["missing"]
    assert r.ok == (not lost and not dup and not unknown)


def test_nothing_to_translate_is_detected():
    assert not mask("`x = 1` https://nhs.uk 5 mg", TERMS).has_words
    assert mask("Rest 5 mg", TERMS).has_words


@pytest.mark.parametrize("text", ["Call us", "Immunotherapy is a type of cancer treatment that helps your immune system.", "Take ⟦0⟧ at ⟦1⟧night⟦2⟧"])
def test_pseudo_is_accented_longer_marked_and_keeps_placeholders(text):
    out = pseudo_localise(text)
    assert out.startswith("[") and out.endswith("]")
    assert len(out) == len(text) + max(2, math.ceil(0.35 * len(text)))
    assert MASK_TOKEN.findall(out) == MASK_TOKEN.findall(text)
    letters = [c for c in MASK_TOKEN.sub("", out) if c.isalpha()]
    assert letters and all(not c.isascii() for c in letters)


def test_pseudo_through_masking_keeps_markdown_valid():
    source = "Read **more** [here](https://x.org/a) or call 0800 123 4567."
    m = mask(source)
    r = restore(m, pseudo_localise(m.text))
    assert r.ok
    assert "](https://x.org/a)" in r.text and "0800 123 4567" in r.text and r.text.count("**") == 2


@pytest.mark.parametrize(
    "translated,added",
    [
        ("Darllenwch ⟦0⟧fwy⟦1⟧.", ()),
        ("Darllenwch ⟦0⟧fwy⟦1⟧ <script>alert(1)</script>.", ("<script>", "</script>")),
        ("Darllenwch ⟦0⟧fwy⟦1⟧ [yma](javascript:alert(1)).", ("](javascript:alert(1)",)),
        ("Darllenwch ⟦0⟧fwy⟦1⟧ ar www.evil.example.", ("www.evil.example.",)),
    ],
    ids=["clean", "script-tag", "javascript-link", "new-url"],
)
def test_markup_the_engine_added_is_reported(translated, added):
    r = restore(mask("Read [more](https://x.org/)."), translated)
    assert r.added == added
    assert ("markup-added" in r.problem_facts()) == bool(added)


def test_control_characters_from_the_engine_are_removed_and_reported():
    r = restore(mask("Rest at home"), "Gorffwys\x00 gartref\x1b\r")
    assert r.text == "Gorffwys gartref" and r.problem_facts() == {"control-chars": "3"}


def test_line_breaks_the_engine_added_are_folded_but_masked_breaks_restored():
    assert restore(mask("Rest at home"), "Gorffwys\n  gartref").text == "Gorffwys gartref"
    m = mask("first\\\nsecond")
    assert restore(m, "cyntaf⟦0⟧ail").text == "cyntaf\\\nail"


def _inline_markup(text):
    """(kind, attribute or content) of every link, image, code span and HTML bit, as markdown-it parses them."""
    from markdown_it import MarkdownIt

    found = []
    for block in MarkdownIt("commonmark").parseInline(text):
        for tok in block.children or ():
            if tok.type in ("link_open", "image"):
                found.append((tok.type, tok.attrGet("href") or tok.attrGet("src")))
            elif tok.type in ("code_inline", "html_inline"):
                found.append((tok.type, tok.content))
            elif tok.type in ("strong_open", "em_open"):
                found.append((tok.type, ""))
    return found


MARKUP_SAMPLES = [
    "Read **more** [here](https://x.org/a \"T\") or `code` <br> ![img](i.png) *now*",
    "Call 0800 123 4567, see <https://nhs.uk> or mail a@b.org; take 5 mg",
]


@pytest.mark.parametrize("text", MARKUP_SAMPLES, ids=["markup", "protected"])
def test_pseudo_drafts_keep_the_same_markdown_structure(text, repo_root):
    m = mask(text, TERMS)
    assert _inline_markup(restore(m, pseudo_localise(m.text)).text) == _inline_markup(text)


def test_example_segments_keep_their_markdown_structure_through_pseudo(repo_root):
    doc = parse_text((repo_root / "source" / "immunotherapy.md").read_text(encoding="utf-8"), "source/immunotherapy.md")
    for seg in doc.segments:
        m = mask(seg.text, TERMS)
        assert _inline_markup(restore(m, pseudo_localise(m.text)).text) == _inline_markup(seg.text), seg
