"""Escapes and lexing as GNU msgfmt reads them; Markdown backslash escapes through the pipeline.

The judge is ``msgfmt`` itself: each case is compiled to a .mo file and the string
msgfmt stored is read back with Python's :mod:`gettext`; our reader must give the same
value.  Cases msgfmt rejects must be refused by us too, at the same line.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.errors import CatalogError
from pipeline.po import decode_po, encode_po, generate_po, parse_po, read_po, unescape

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={cs}\\n"\n\n'

#: id -> (the string's body as written in the PO file, the value msgfmt reads)
ESCAPES = {
    "windows-path": (r"C:\\Temp\\new", "C:\\Temp\\new"),
    "regex-digit": (r"\\d+\\s*", "\\d+\\s*"),
    "backslash-quote": (r"it\\'s", "it\\'s"),
    "two-backslashes": (r"a\\\\b", "a\\\\b"),
    "backslash-then-n": (r"\\n is a newline", "\\n is a newline"),
    "trailing-backslash": (r"ends with \\", "ends with \\"),
    "quotes": (r"say \"hi\"", 'say "hi"'),
    "newline-tab-cr": (r"a\nb\tc\rd", "a\nb\tc\rd"),
    "bell-backspace-ff-vt": (r"\a\b\f\v", "\a\b\f\v"),
    "octal": (r"\101\102", "AB"),
    "octal-short": (r"\0012", "\x012"),
    "nul-ends-its-string": (r"ab\0cd", "ab"),
    "hex": (r"\x41\x62", "Ab"),
    "octal-utf8-bytes": (r"caf\303\251", "café"),
    "hex-utf8-bytes": (r"caf\xc3\xa9", "café"),
    "markdown-star": (r"Take 2\\* tablets", "Take 2\\* tablets"),
    "markdown-underscore": (r"snake\\_case", "snake\\_case"),
    "markdown-hash": (r"\\# not a heading", "\\# not a heading"),
    "markdown-backslash": (r"one \\\\ backslash", "one \\\\ backslash"),
    "printf-percent": (r"100%% of %s\n", "100%% of %s\n"),
}

#: id -> body msgfmt refuses ("invalid control sequence")
INVALID = {"q": r"a\q", "question": r"a\?", "e": r"\e[0m", "x-without-digits": r"\xyz", "z": r"\z"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"GNU gettext's {name} is not installed (apt-get install gettext)")
    return path


def _key(value: str) -> tuple[str, str]:
    """A msgid (as written, and its value) that begins and ends with a newline when ``value`` does:
    msgfmt refuses a msgstr whose first/last newline differs from the msgid's."""
    head = "\n" if value.startswith("\n") else ""
    tail = "\n" if value.endswith("\n") else ""
    return head.replace("\n", "\\n") + "key" + tail.replace("\n", "\\n"), head + "key" + tail


def _msgfmt_value(tmp_path: Path, po_text: bytes, msgid: str) -> str:
    """The msgstr msgfmt compiles for ``msgid`` (read back from the .mo with Python's gettext)."""
    src, mo = tmp_path / "case.po", tmp_path / "case.mo"
    src.write_bytes(po_text)
    subprocess.run([_tool("msgfmt"), "-o", str(mo), str(src)], check=True, capture_output=True)
    with mo.open("rb") as fh:
        return gettext.GNUTranslations(fh).gettext(msgid)


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(ESCAPES), ids=sorted(ESCAPES))
def test_escape_reads_as_msgfmt_reads_it(tmp_path, case):
    body, expected = ESCAPES[case]
    written, key = _key(expected)
    text = HEADER.format(cs="UTF-8") + f'msgid "{written}"\nmsgstr "{body}"\n'
    assert _msgfmt_value(tmp_path, text.encode("utf-8"), key) == expected
    po = parse_po(text, "x.po")
    assert po.find(key).msgstr == expected
    # and what we write, msgfmt reads back as the same value; msgcat finds nothing to change
    ours = encode_po(po)
    assert _msgfmt_value(tmp_path, ours, key) == expected
    out = tmp_path / "again.po"
    (tmp_path / "ours.po").write_bytes(ours)
    subprocess.run([_tool("msgcat"), str(tmp_path / "ours.po"), "-o", str(out)], check=True)
    assert out.read_bytes() == ours


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(INVALID), ids=sorted(INVALID))
def test_invalid_escape_is_refused_like_msgfmt(tmp_path, case):
    text = HEADER.format(cs="UTF-8") + f'msgid "key"\nmsgstr "{INVALID[case]}"\n'
    src = tmp_path / "bad.po"
    src.write_text(text, encoding="utf-8")
    gnu = subprocess.run([_tool("msgfmt"), "-c", "-o", "/dev/null", str(src)], capture_output=True, text=True)
    assert gnu.returncode != 0 and ":6:" in gnu.stderr
    with pytest.raises(CatalogError) as exc:
        parse_po(text, "bad.po")
    assert exc.value.line == 6 and "invalid escape" in exc.value.message


def test_octal_escapes_are_bytes_of_the_declared_charset():
    text = HEADER.format(cs="ISO-8859-1") + 'msgid "key"\nmsgstr "caf\\351"\n'
    decoded = decode_po(text.encode("latin-1"), "x.po")
    assert parse_po(decoded.text, "x.po", decoded.codec).find("key").msgstr == "café"


def test_unescape_is_linear_on_long_strings():
    body = r"C:\\Temp\\" * 20000 + r"\303\251"
    assert unescape(body) == "C:\\Temp\\" * 20000 + "é"


#: id -> (PO text after the header, msgid, the msgstr msgfmt reads) -- lexing msgfmt allows
LEXING = {
    "two-strings-on-a-line": ('msgid "k"\nmsgstr "a" "b"\n', "k", "ab"),
    "keyword-then-string-on-next-line": ('msgid "k"\nmsgstr\n"value"\n', "k", "value"),
    "no-space-after-keyword": ('msgid"k"\nmsgstr"v"\n', "k", "v"),
    "indented-lines": ('  msgid "k"\n\tmsgstr "v"\n', "k", "v"),
    "comment-after-string": ('msgid "k"\nmsgstr "v" # trailing\n', "k", "v"),
    "backslash-newline-in-string": ('msgid "k"\nmsgstr "one \\\ntwo"\n', "k", "one two"),
    "crlf-line-ends": ('msgid "k\\n"\r\nmsgstr ""\r\n"v\\r\\n"\r\n', "k\n", "v\r\n"),
    "trailing-spaces": ('msgid "k"   \nmsgstr "v"  \n', "k", "v"),
    "utf8-bytes-split-over-strings": ('msgid "k"\nmsgstr "caf\\303"\n"\\251"\n', "k", "café"),
    "hex-escape-ends-with-its-string": ('msgid "k"\nmsgstr "\\x7"\n"1"\n', "k", "\x071"),
}


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(LEXING), ids=sorted(LEXING))
def test_lexing_as_msgfmt_allows(tmp_path, case):
    rest, msgid, expected = LEXING[case]
    data = (HEADER.format(cs="UTF-8") + rest).encode("utf-8")
    assert _msgfmt_value(tmp_path, data, msgid) == expected
    path = tmp_path / "lex.po"
    path.write_bytes(data)
    po, _ = read_po(path)
    assert po.find(msgid).msgstr == expected


def test_crlf_catalog_is_read_with_a_notice_and_written_with_lf(tmp_path):
    path = tmp_path / "crlf.po"
    path.write_bytes((HEADER.format(cs="UTF-8") + '# note\nmsgid "k"\nmsgstr "v"\n').replace("\n", "\r\n").encode())
    po, _ = read_po(path, "crlf.po")
    assert po.find("k").msgstr == "v" and po.find("k").tcomment == "note"
    assert [(n.line, n.kind) for n in po.notices] == [(1, "line-ends")]
    assert b"\r" not in encode_po(po)


def test_old_mac_line_ends_are_read_too(tmp_path):
    path = tmp_path / "cr.po"
    path.write_bytes((HEADER.format(cs="UTF-8") + 'msgid "k"\nmsgstr "v"\n').replace("\n", "\r").encode())
    po, _ = read_po(path)
    assert po.find("k").msgstr == "v" and po.notices


def test_writer_never_declares_a_legacy_charset():
    """generate_po returns text the caller encodes as UTF-8: the header must say so (API included)."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=ISO-8859-1", "Language": "de"}
    po.append(polib.POEntry(msgid="k", msgstr="Grüße"))
    text = generate_po(po)
    assert "charset=UTF-8" in text and "8859" not in text
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=CHARSET"}
    assert "charset=CHARSET" in generate_po(template)  # xgettext's placeholder in templates stays


# -- Markdown backslash escapes, source -> catalog -> read -> render ---------------------------

SOURCE = """# Taking your tablets

Take 2\\* tablets each morning.

Files named like snake\\_case are fine.

\\# This line is not a heading.

A single backslash: \\\\ stays visible.
"""


def _polyleaf(root: Path, *args: str) -> subprocess.CompletedProcess:
    repo = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), *args], cwd=repo, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin", "HOME": str(root)})


def test_markdown_escapes_survive_extract_status_check_export(tmp_path):
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "tablets.md").write_text(SOURCE, encoding="utf-8")
    (root / "polyleaf.toml").write_text('[project]\nname = "Escapes"\nlanguages = ["es"]\n', encoding="utf-8")
    r = _polyleaf(root, "extract")
    assert r.returncode == 0, r.stderr
    path = root / "locales" / "es" / "LC_MESSAGES" / "tablets.po"
    raw = path.read_text(encoding="utf-8")
    assert 'msgid "Take 2\\\\* tablets each morning."' in raw  # the Markdown escape, escaped for PO
    po = read_catalog(path)
    assert po.find("Take 2\\* tablets each morning.") is not None
    for e in po:
        if not e.obsolete:
            e.msgstr = e.msgid.replace("Take", "Tome").replace("Files", "Archivos").replace("A single", "Una sola")
    path.write_bytes(encode_po(po))
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    for args in (["extract"], ["status"], ["check"]):
        r = _polyleaf(root, *args)
        assert r.returncode in (0, 1), (args, r.stdout, r.stderr)  # 1: findings (unreviewed), never 3
        assert "Traceback" not in r.stderr and "invalid escape" not in r.stderr
    r = _polyleaf(root, "export", "-f", "html", "-l", "es")
    assert r.returncode == 0, r.stderr
    html = next((root / "dist").rglob("es/index.html")).read_text(encoding="utf-8")
    assert "Tome 2* tablets" in html and "snake_case" in html
    assert "# This line is not a heading." in html and "\\ stays visible" in html
    assert "\\*" not in html and "\\_" not in html


def test_markdown_escapes_in_the_catalog_api(tmp_path):
    runner = CliRunner()
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "tablets.md").write_text(SOURCE, encoding="utf-8")
    (root / "polyleaf.toml").write_text('[project]\nname = "Escapes"\nlanguages = ["es"]\n', encoding="utf-8")
    r = runner.invoke(main, ["-C", str(root), "extract"])
    assert r.exit_code == 0, r.output
    po, _ = read_po(root / "locales" / "templates" / "tablets.pot")
    ids = {e.msgid for e in po}
    assert {"Take 2\\* tablets each morning.", "Files named like snake\\_case are fine.", "\\# This line is not a heading.",
            "A single backslash: \\\\ stays visible."} <= ids


@pytest.mark.tools
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_escaped_strings_read_as_msgfmt_reads_them(tmp_path, seed):
    """300 random strings mixing every escape msgfmt knows with text, split over continuation
    lines: compiled by msgfmt into a .mo, every value must equal ours."""
    import random

    rng = random.Random(seed)
    pieces = ["\\\\", '\\"', "\\n", "\\t", "\\r", "\\a", "\\b", "\\f", "\\v", "\\101", "\\0", "\\x4a", "\\303\\251", "\\xe2\\x82\\xac",
              "C:\\\\Temp", "\\\\d", "\\\\*", "\\\\_", "\\\\#", "a", "é", "中文", " ", "%s", "%(n)d", "{0}", "'", "#", "\\\\'"]
    entries = []
    for i in range(300):
        parts = [rng.choice(pieces) for _ in range(rng.randint(0, 12))]
        lines = []
        while parts:
            k = rng.randint(1, 4)
            lines.append("".join(parts[:k]))
            parts = parts[k:]
        body = "msgstr " + ("\n".join(f'"{line}"' for line in lines) if lines else '""')
        if len(lines) > 1 and rng.random() < 0.5:
            body = 'msgstr ""\n' + "\n".join(f'"{line}"' for line in lines)
        entries.append((f"k{i}", body))
    text = HEADER.format(cs="UTF-8") + "\n".join(f'msgid "{k}"\n{body}\n' for k, body in entries)
    src, mo = tmp_path / "r.po", tmp_path / "r.mo"
    src.write_text(text, encoding="utf-8")
    gnu = subprocess.run([_tool("msgfmt"), "-o", str(mo), str(src)], capture_output=True, text=True)
    po = parse_po(text, "r.po")
    compiled = _mo_strings(mo.read_bytes())
    ours = {e.msgid: e.msgstr for e in po}
    checked = replaced = 0
    for key, _ in entries:
        stored = compiled.get(key.encode())
        if stored is None:
            continue  # not compiled: untranslated, or a newline mismatch msgfmt refuses
        try:
            expected = stored.decode("utf-8")
        except UnicodeDecodeError:  # msgfmt copies invalid bytes (\x4a followed by "a" is 0xAA); we show U+FFFD
            assert "\ufffd" in ours[key], key
            replaced += 1
            continue
        assert ours[key] == expected, (key, ours[key], expected)
        checked += 1
    assert checked > 100, gnu.stderr
    assert bool(replaced) == any(n.kind == "bytes" for n in po.notices)


def _mo_strings(data: bytes) -> dict[bytes, bytes]:
    """msgid -> msgstr bytes of a GNU .mo file (little-endian, as msgfmt writes here)."""
    import struct

    magic, _, count, orig, trans = struct.unpack("<5I", data[:20])
    assert magic == 0x950412DE
    out = {}
    for i in range(count):
        olen, ooff = struct.unpack("<2I", data[orig + 8 * i : orig + 8 * i + 8])
        tlen, toff = struct.unpack("<2I", data[trans + 8 * i : trans + 8 * i + 8])
        out[data[ooff : ooff + olen]] = data[toff : toff + tlen]
    return out
