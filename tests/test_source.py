import re
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.source import decode_source, parse_text, read_document, segment_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "source-material" / "immunotherapy.txt"


def test_kinds_sections_lines_and_notes():
    src = (
        "# Title\n\nPara one\nline two  \nhard *em* [here](http://x.org).\n\n"
        "<!-- translators: hello -->\n- item **a**\n  continued\n- item b\n  1. nested\n\n> quote\n\n"
        "## Second *bit*\n\n| a | b |\n|---|---|\n| c | d |\n\n```\ncode\n```\n<div>x</div>\n\nafter\n"
    )
    doc = parse_text(src, "source/x.md")
    segs = doc.segments
    assert [s.kind for s in segs] == [
        "title", "paragraph", "list-item", "list-item", "list-item", "blockquote",
        "heading", "table-cell", "table-cell", "table-cell", "table-cell", "paragraph",
    ]
    assert segs[1].text == "Para one line two\\\nhard *em* [here](http://x.org)."
    assert [s.line for s in segs[:3]] == [1, 3, 8]
    assert segs[2].text == "item **a** continued"
    assert [s.note for s in segs[2:6]] == ["hello", "hello", "hello", ""]
    assert segs[4].depth == 2
    assert [sec.title for sec in doc.sections] == ["Title", "Second bit"]
    assert doc.sections[1].segments[-1].text == "after"
    assert "code" not in [s.text for s in segs] and not any("div" in s.text for s in segs)


@pytest.mark.parametrize(
    "content, expected",
    [("a\n  b", "a b"), ("a  \nb", "a\\\nb"), ("a\\\nb", "a\\\nb"), ("  x  ", "x")],
    ids=["soft", "two-spaces", "backslash", "strip"],
)
def test_segment_text(content, expected):
    assert segment_text(content) == expected


def test_non_utf8_names_line():
    with pytest.raises(SourceError) as exc:
        decode_source("ok\nsecond caf\xe9\n".encode("latin-1"), "source/bad.md")
    assert str(exc.value).startswith("source/bad.md:2: not valid UTF-8")


def test_nul_and_bom_and_crlf():
    with pytest.raises(SourceError, match="bad.md:1: NUL"):
        decode_source(b"a\x00b", "source/bad.md")
    assert decode_source(b"\xef\xbb\xbfa\r\nb\r\n", "x") == "a\nb\n"


def test_example_is_faithful_to_shared_source(repo_root):
    """Same words, in the same order, as the material we were handed."""
    if not SHARED.exists():
        pytest.skip("shared/source-material not beside the checkout")
    txt = SHARED.read_text(encoding="utf-8").replace("\xa0", " ").replace("•", "")
    md = (repo_root / "source" / "immunotherapy.md").read_text(encoding="utf-8")
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    md = re.sub(r"\]\([^)]*\)", "]", md).replace("[", "").replace("]", "")
    md = re.sub(r"^(#+|-) ", "", md, flags=re.M)
    words = lambda s: re.findall(r"\S+", s)  # noqa: E731
    assert words(md) == words(txt)
    assert "\xa0" not in md and not re.search(r"[ \t]$", md, flags=re.M)
    doc = read_document(repo_root / "source" / "immunotherapy.md", repo_root)
    assert doc.title == "Immunotherapy treatment for cancer"
    assert sum(1 for s in doc.segments if "](https://" in s.text) == 2
