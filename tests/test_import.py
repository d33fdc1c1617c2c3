"""``polyleaf import`` on real public documents: the Markdown holds the original's words, in order.

Judges independent of the importer where they exist: the Word file's own XML for .docx,
Mozilla Readability's extraction of each page (its test suite's expected output) for .html.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.cli import main
from pipeline.importers import import_file
from pipeline.importers.docx import docx_body_text
from pipeline.importers.html import html_to_markdown, plain_words_of_markdown, words
from pipeline.importers.pdftext import text_to_markdown
from pipeline.source import parse_text

DATA = Path(__file__).resolve().parent / "data" / "import"
DOCX = sorted(DATA.glob("*.docx"))
HTML = sorted(p for p in DATA.glob("*.html") if not p.name.endswith(".readability-expected.html"))
TXT = sorted(DATA.glob("*.txt"))


def compare(reference: list[str], got: list[str]) -> tuple[float, list[str]]:
    """Share of identical word sequence (difflib), and the differences, listed."""
    sm = difflib.SequenceMatcher(None, reference, got, autojunk=False)
    diffs = [f"{op}: {' '.join(reference[i1:i2])!r} -> {' '.join(got[j1:j2])!r}"
             for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]
    return sm.ratio(), diffs


def test_corpus_is_there():
    assert len(DOCX) >= 3 and len(HTML) >= 3 and len(TXT) >= 3
    assert (DATA / "SOURCES.md").is_file()


@pytest.mark.parametrize("path", DOCX, ids=lambda p: p.stem)
def test_docx_words_are_the_word_files_words(path: Path):
    result = import_file(path)
    reference = words(docx_body_text(path.read_bytes()))
    got = plain_words_of_markdown(result.markdown)
    ratio, diffs = compare(reference, got)
    assert len(reference) > 200
    assert ratio >= 0.99, diffs
    assert not parse_text(result.markdown, "source/x.md").diagnostics or all(
        d.severity == "warning" for d in parse_text(result.markdown, "source/x.md").diagnostics)


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.stem)
def test_html_main_content_words_in_order(path: Path):
    result = import_file(path)
    got = plain_words_of_markdown(result.markdown)
    ratio, diffs = compare(words(result.source_text), got)
    assert ratio >= 0.99, diffs
    # Independent judge of "main content": every word Readability extracts is in ours, in order.
    judge = words(BeautifulSoup((path.parent / f"{path.stem}.readability-expected.html").read_text(encoding="utf-8"),
                                "html.parser").get_text(" "))
    sm = difflib.SequenceMatcher(None, judge, got, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    assert matched / len(judge) >= 0.99, [op for op in sm.get_opcodes() if op[0] != "equal"][:10]
    # and not the navigation: ours is at most a little longer than Readability's
    assert len(got) <= 1.3 * len(judge), (len(got), len(judge))
    page = path.read_text(encoding="utf-8")
    nav_words = words(" ".join(n.get_text(" ") for n in BeautifulSoup(page, "html.parser").find_all("nav")))
    assert nav_words and " ".join(nav_words[:8]) not in " ".join(got)


def _pdf_body_words(text: str) -> list[str]:
    """The text minus page numbers (a line holding only a number at a page's top or bottom)."""
    kept = []
    for page in text.split("\f"):
        lines = page.split("\n")
        content = [i for i, ln in enumerate(lines) if ln.strip()]
        ends = {content[0], content[-1]} if content and text.count("\f") > 1 else set()
        kept += [ln for i, ln in enumerate(lines) if not (i in ends and re.fullmatch(r"\s*\d{1,4}\s*", ln))]
    return words(re.sub(r"(\w)-\n(\w)", r"\1-\2", "\n".join(kept)))


@pytest.mark.parametrize("path", TXT, ids=lambda p: p.stem)
def test_pdf_text_words_in_order(path: Path):
    text = path.read_text(encoding="utf-8")
    result = import_file(path)
    reference = _pdf_body_words(text)
    got = plain_words_of_markdown(result.markdown, list_numbers=True)
    ratio, diffs = compare(reference, got)
    assert ratio >= 0.99, diffs


# -- behaviour on small inputs --------------------------------------------------------------------


PAGES = (
    "Asthma: a guide for parents\n\nWhat is asthma?\n\nAsthma is a common long-term condition that af-\nfects the "
    "airways. It can cause a follow-\nup visit to the clinic, cough-\ning and wheezing.\n\n• Keep the inhaler with you\n"
    "\uf0b7 Use the spacer\n1. Shake the inhaler.\n2. Breathe out.\n1. Clean it weekly.\n\nCity Hospital NHS Trust\nPage 1 of 2\n"
    "\fAsthma: a guide for parents\n\nWhen to get help\n\nCall 999 if your child cannot speak in full sentences.\n\n"
    "City Hospital NHS Trust\nPage 2 of 2\n\f"
)


def test_pdf_text_furniture_hyphens_bullets_and_lists():
    result = text_to_markdown(PAGES, "x.txt")
    md = result.markdown
    assert md.startswith("# Asthma: a guide for parents\n\n## What is asthma?\n\n")  # the running title once
    assert md.count("Asthma: a guide for parents") == 1
    assert "City Hospital NHS Trust" not in md and "Page 1 of 2" not in md
    assert "affects the airways" in md and "coughing and wheezing" in md and "follow-up visit" in md
    assert "- Keep the inhaler with you\n- Use the spacer" in md
    assert "1. Shake the inhaler.\n2. Breathe out.\n\n<!-- -->\n\n1. Clean it weekly." in md
    assert "## When to get help" in md or "# When to get help" in md
    notes = " | ".join(map(str, result.notes))
    assert "City Hospital NHS Trust" in notes and "page numbers left out (2 page(s))" in notes and "heading" in notes
    assert "kept once" in notes
    # no word invented
    got = plain_words_of_markdown(md, list_numbers=True)
    assert set(got) <= set(words(PAGES.replace("-\n", ""))) | set(words(PAGES.replace("-\n", "-")))


def test_pdf_text_one_paragraph_per_line():
    lines = ["Wash your hands with soap and water for at least twenty seconds, especially after you have been in a "
             "public place, or after blowing your nose, coughing or sneezing." for _ in range(3)]
    md = text_to_markdown("\n".join(lines), "x.txt").markdown
    assert md.count("\n\n") == 2


def test_html_main_not_navigation_and_unmappable_reported():
    page = """<html><body><nav><a href="/">Home</a> <a href="/a">Topics</a></nav>
<header role="banner">Site name</header>
<main>
<h1>Flu vaccine</h1>
<p>Get the <strong> </strong>flu vaccine every year.</p>
<video src="v.mp4">How to book</video>
<p><img src="data:image/png;base64,AAAA" alt="Nurse"></p>
<h3></h3>
<table><tr><th colspan="2">Who</th></tr><tr><td>Adults</td><td>Yes</td></tr></table>
</main><footer>© Agency</footer></body></html>"""
    result = html_to_markdown(page, "p.html")
    assert result.markdown.startswith("# Flu vaccine\n\nGet the flu vaccine every year.")
    assert "Home" not in result.markdown and "Site name" not in result.markdown and "Agency" not in result.markdown
    notes = [str(n) for n in result.notes]
    assert any(n.startswith("<video> at line 6:") for n in notes)
    assert any("Nurse" in n and "not imported" in n for n in notes)
    assert any("merged cells" in n for n in notes) and any("empty heading" in n for n in notes)


def test_cli_import_writes_refuses_to_replace_and_reports(tmp_path, runner):
    (tmp_path / "source").mkdir()
    (tmp_path / "polyleaf.toml").write_text('[project]\nlanguages = ["es"]\n', encoding="utf-8")
    src = DATA / "mmria-committee-decisions-form-p1-3.txt"
    result = runner.invoke(main, ["-C", str(tmp_path), "import", str(src)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "source" / "mmria-committee-decisions-form-p1-3.md"
    assert out.is_file() and "words in" in result.stdout and "headings" in result.stderr
    before = out.read_bytes()
    result = runner.invoke(main, ["-C", str(tmp_path), "import", str(src)])
    assert result.exit_code == 1 and "exists; not replaced" in result.stderr and out.read_bytes() == before
    result = runner.invoke(main, ["-C", str(tmp_path), "import", str(src), "--force", "--to", str(tmp_path / "source" / "t.md")])
    assert result.exit_code == 0 and (tmp_path / "source" / "t.md").read_bytes() == before
    # extract takes it as a source like any other
    assert runner.invoke(main, ["-C", str(tmp_path), "extract", "-q"]).exit_code == 0


def test_cli_import_bad_input(tmp_path, runner):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    result = runner.invoke(main, ["import", str(bad), "--to", str(tmp_path / "x.md")])
    assert result.exit_code == 3 and "not a Word .docx file" in result.stderr and not (tmp_path / "x.md").exists()
    odd = tmp_path / "x.rtf"
    odd.write_text("{\\rtf1}")
    result = runner.invoke(main, ["import", str(odd), "--to", str(tmp_path / "y.md")])
    assert result.exit_code == 3 and "cannot import .rtf" in result.stderr
    result = runner.invoke(main, ["import", str(odd), str(bad), "--to", str(tmp_path / "y.md")])
    assert result.exit_code == 2
    empty = tmp_path / "scan.txt"
    empty.write_text("\f\f\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(empty), "--to", str(tmp_path / "z.md")])
    assert result.exit_code == 3 and "no text found" in result.stderr and not (tmp_path / "z.md").exists()
    latin = tmp_path / "l.txt"
    latin.write_bytes("Caf\xe9 menu\n".encode("latin-1"))
    result = runner.invoke(main, ["import", str(latin), "--to", str(tmp_path / "l.md")])
    assert result.exit_code == 3 and f"{latin}:1: not valid UTF-8" in result.stderr
    page = tmp_path / "p.html"
    page.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><main><p>Caf\xe9 au lait.</p></main></body></html>'.encode("latin-1"))
    result = runner.invoke(main, ["import", str(page), "--to", str(tmp_path / "p.md")])
    assert result.exit_code == 0 and (tmp_path / "p.md").read_text(encoding="utf-8") == "Café au lait.\n"


def test_import_is_fast_enough():
    import time

    start = time.perf_counter()
    for path in DOCX + HTML + TXT:
        import_file(path)
    assert time.perf_counter() - start < 60


def test_text_that_looks_like_a_list_marker_stays_text():
    """A Word/web paragraph typed as "3) Individual files ..." (CDC CVRS instructions) and a PDF line
    holding only "2007." (the end of a reference, MMRC manual p. 41) are text: escaped, so Markdown
    neither makes them list items nor renumbers the list after them."""
    md = html_to_markdown("<p>The date the extract was run.</p><p>3) Individual extract files must not exceed 200,000 "
                          "records.</p><p>- not a bullet</p><ol><li>a real item</li></ol>", "x.html", whole=True).markdown
    assert "3\\) Individual" in md and "\\- not a bullet" in md and "1. a real item" in md
    assert plain_words_of_markdown(md)[:8] == ["The", "date", "the", "extract", "was", "run", "3", "Individual"]
    pages = ("13. Lewis G, ed. Saving Mothers' Lives. London, England: The Confidential Enquiry into Maternal and Child Health;\n\n"
             "2007.\n\n14. Lundberg G, Dunbar S, Wenger N. Guidelines for the reduction of cardiovascular disease in women.\n")
    md = text_to_markdown(pages, "x.txt").markdown
    assert "2007\\." in md
    assert plain_words_of_markdown(md, list_numbers=True) == _pdf_body_words(pages)
