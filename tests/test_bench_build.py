"""Keep bench/build.py from rotting: its corpus, its Polyleaf side and (when installed) its competitors.

Each tool runs at a tiny size; the assertions check that the rebuild really
processed the one-paragraph edit, judged from what each tool wrote.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from pipeline.catalogs import entry_state, read_catalog

REPO = Path(__file__).resolve().parent.parent


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_build"] = module
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def words(html_or_md: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html_or_md).split())


@pytest.mark.parametrize(
    ("help_text", "expected"),
    [
        ("  --no-pdf  Skip PDF.\n  --jobs N", ["--no-pdf"]),
        ("  --html-only   Only HTML.", ["--html-only"]),
        ("  --format [html|pdf|all]  What to write.", ["--format", "html"]),
        ("  --no-pdfs-at-all  something else\n  --jobs N", None),
        ("  --jobs N  parallel", None),
    ],
    ids=["no-pdf", "html-only", "format-choice", "longer-flag-is-not-it", "none"],
)
def test_html_only_flag_detection(help_text, expected):
    assert bench.html_only_args(help_text) == expected


def test_commands_parsed_from_click_help():
    text = "Usage: polyleaf [OPTIONS] COMMAND\n\nOptions:\n  -h, --help  Show.\n\nCommands:\n  build    Run.\n  extract  Extract...\n"
    assert bench.commands_in_help(text) == ["build", "extract"]


def test_report_marks_missing_tools_and_ratios():
    corpus = bench.Corpus(Path("."), 2, ("es",))
    results = [
        bench.Result("Polyleaf", full=1.0, rebuild=0.5, written_full=("a", "b", "c"), written_rebuild=("a",)),
        bench.Result("po4a", full=4.0, rebuild=2.0, written_full=("x",) * 9, written_rebuild=("x",) * 9),
        bench.Result("Sphinx", status=bench.INSTALL_HINT),
    ]
    text = bench.report(results, corpus)
    assert re.search(r"po4a\s+4\.00\s+2\.0000\s+4\.00x\s+2\.00\s+4\.00x", text), text
    assert "Sphinx     not installed (pip install -r bench/requirements.txt" in text
    assert re.search(r"Polyleaf .*\s3/1\n", text), text
    assert "-> met" in text and "NOT met" not in text


def test_polyleaf_side_builds_and_rebuild_sees_the_edit(tmp_path):
    results, corpus, edit = bench.run_bench(3, 2, ["polyleaf"], tmp_path, echo=lambda s: None)
    (result,) = results
    assert result.status == "", result.status
    assert result.full > 0 and result.rebuild > 0
    assert any(n.startswith("ran: polyleaf ") for n in result.notes)
    assert edit.old != edit.new and edit.new in edit.text
    project = tmp_path / "polyleaf"
    assert (project / "source" / edit.name).read_text(encoding="utf-8") == edit.text
    # The rebuild merged the edit: in every language the edited paragraph is a fuzzy draft
    # carrying the old translation and the old English as previous msgid.
    for lang in corpus.languages:
        po = read_catalog(project / "locales" / lang / "LC_MESSAGES" / edit.name.replace(".md", ".po"))
        entry = po.find(edit.new)
        assert entry is not None and entry_state(entry) == "fuzzy", lang
        assert entry.previous_msgid == edit.old
        assert entry.msgstr == "T " + edit.old[::-1]
    # The rebuild touched only what changed: no file of another document was rewritten,
    # and the edited document's template and catalogs were.
    others = [f for f in result.written_rebuild if re.search(r"doc\d{3}", f) and edit.name[:-3] not in f]
    assert others == []
    assert f"locales/templates/{edit.name[:-3]}.pot" in result.written_rebuild
    # When the checkout renders HTML, the edited document's pages were re-rendered with the edit.
    pages = [project / f for f in result.written_rebuild if f.endswith(".html")]
    if any(f.endswith(".html") for f in result.written_full):
        assert pages, "the rebuild re-rendered no page of the edited document"
        assert any(edit.new in words(p.read_text(encoding="utf-8")) for p in pages)


@pytest.mark.tools
def test_po4a_side_rebuild_shows_the_edited_paragraph(tmp_path):
    if not shutil.which("po4a"):
        pytest.skip("po4a not installed (apt-get install po4a)")
    results, corpus, edit = bench.run_bench(2, 1, ["po4a"], tmp_path, echo=lambda s: None)
    (result,) = results
    assert result.status == "", result.status
    html = tmp_path / "po4a-split" / "html" / corpus.languages[0] / edit.name.replace(".md", ".html")
    text = words(html.read_text(encoding="utf-8"))
    # msgid changed -> po4a marks it fuzzy and writes the new English (--keep 0 keeps the file).
    assert edit.new in text
    assert "T " + edit.old[::-1] not in text
    assert len(list((tmp_path / "po4a-split" / "html").rglob("*.html"))) == corpus.pairs


@pytest.mark.tools
@pytest.mark.slow
def test_sphinx_side_rebuild_shows_the_edited_paragraph(tmp_path):
    if not bench.sphinx_installed():
        pytest.skip("sphinx, myst-parser or sphinx-intl not installed (pip install -r bench/requirements.txt)")
    results, corpus, edit = bench.run_bench(2, 1, ["sphinx"], tmp_path, echo=lambda s: None)
    (result,) = results
    assert result.status == "", result.status
    page = tmp_path / "sphinx" / "build" / "html" / corpus.languages[0] / edit.name.replace(".md", ".html")
    text = words(page.read_text(encoding="utf-8"))
    assert edit.new in text
    assert "T " + edit.old[::-1] not in text
    # other paragraphs of the page are still translated
    assert re.search(r"\bT \S", text)
