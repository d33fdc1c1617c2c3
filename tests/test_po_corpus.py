"""Real public catalogs (tests/data/po_corpus, see SOURCES.md), judged by GNU gettext.

For every file: what ``msgfmt -c`` accepts, we read; what it rejects for syntax, we
refuse at the same line; our UTF-8 output is what ``msgcat --to-code=UTF-8`` writes
from the original, and ``msgcat`` over our output changes nothing; ``po check``
reports the entries ``msgfmt -c`` rejects.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.errors import CatalogError
from pipeline.po import check_catalog_file, encode_po, read_po

CORPUS = Path(__file__).parent / "data" / "po_corpus"
FILES = sorted(p.name for p in CORPUS.glob("*.po"))
_MSGFMT_LINE = re.compile(r"^[^\n:]+\.po:(\d+):(?:\d+:)? (.*)$", re.M)
_SYNTAX = ("invalid control sequence", "syntax error", "end-of-line within string", "end-of-file within string",
           "keyword", "invalid multibyte")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"GNU gettext's {name} is not installed (apt-get install gettext)")
    return path


def test_corpus_is_broad_enough():
    """>= 20 catalogs, >= 10 languages, >= 4 legacy charsets, named in SOURCES.md."""
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert len(FILES) >= 20
    assert all(f"| {name} |" in sources for name in FILES)
    charsets, languages = set(), set()
    for name in FILES:
        head = (CORPUS / name).read_bytes()[:3000]
        charsets.add(re.search(rb"charset=([\w.\-]+)", head).group(1).decode().lower())
        lang = re.search(rb'"Language: ([A-Za-z]+)', head)
        languages.add(lang.group(1).decode().lower() if lang else name.split("-")[1][:2])
    assert len(charsets - {"utf-8"}) >= 4, charsets
    assert len(languages) >= 10, languages


def _msgfmt(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)


@pytest.mark.tools
@pytest.mark.parametrize("name", FILES, ids=FILES)
def test_we_read_what_msgfmt_reads(name):
    path = CORPUS / name
    gnu = _msgfmt(path)
    reported = [(int(line), msg) for line, msg in _MSGFMT_LINE.findall(gnu.stderr)]
    syntax = [line for line, msg in reported if any(s in msg for s in _SYNTAX)]
    if syntax:
        with pytest.raises(CatalogError) as exc:
            read_po(path)
        assert exc.value.line in syntax, (str(exc.value), gnu.stderr)
        return
    po, _ = read_po(path)  # msgfmt -c read it: so must we
    assert len(po) > 0
    if gnu.returncode != 0:
        # readable, but msgfmt -c rejects some entries: po check must name each of them
        result = check_catalog_file(path)
        starts = sorted(e.linenum for e in po)
        ours = {f.line for f in result.findings if f.severity == "error"}
        for line, msg in reported:
            if "warning" in msg or msg.startswith("..."):
                continue
            if "format" in msg and not result.format_checked:
                continue  # format strings are checked by pipeline.po.formats (issue 12, i12b)
            entry = max(s for s in starts if s <= line)
            assert entry in ours, (line, msg, result.findings)


@pytest.mark.tools
@pytest.mark.parametrize("name", FILES, ids=FILES)
def test_round_trip_is_what_msgcat_writes(tmp_path, name):
    msgcat = _tool("msgcat")
    path = CORPUS / name
    try:
        po, _ = read_po(path)
    except CatalogError:
        assert _msgfmt(path).returncode != 0  # only the file msgfmt also refuses
        return
    ours = tmp_path / "ours.po"
    ours.write_bytes(encode_po(po))
    again = tmp_path / "again.po"
    subprocess.run([msgcat, str(ours), "-o", str(again)], check=True, capture_output=True)
    assert again.read_bytes() == ours.read_bytes(), "msgcat rewrapped or reordered our output"
    gnu = tmp_path / "gnu.po"
    converted = subprocess.run([msgcat, "--to-code=UTF-8", str(path), "-o", str(gnu)], capture_output=True, text=True)
    if converted.returncode != 0:
        assert name == "vim-zh_TW.po", converted.stderr  # msgcat's BIG5 check, see SOURCES.md
        return
    assert ours.read_text(encoding="utf-8") == gnu.read_text(encoding="utf-8")
