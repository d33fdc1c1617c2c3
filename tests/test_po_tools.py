"""Duplicates policy, many bad catalogs at once, `polyleaf po check` and `polyleaf po normalize`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import CatalogError
from pipeline.po import encode_po, generate_po, parse_po, read_po

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: t 1\\n"\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def _msgfmt_c(path: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("msgfmt")
    if not tool:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    return subprocess.run([tool, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def run(*args: str, project: Path | None = None):
    pre = ["-C", str(project)] if project else []
    return CliRunner().invoke(main, [*pre, *args], catch_exceptions=False)


# -- duplicates ---------------------------------------------------------------------------------

LIVE_AND_OBSOLETE = HEADER + 'msgid "a"\nmsgstr "live"\n\n#~ msgid "a"\n#~ msgstr "old"\n\n#~ msgid "b"\n#~ msgstr "one"\n\n#~ msgid "b"\n#~ msgstr "two"\n'


@pytest.mark.tools
def test_live_entry_wins_over_an_obsolete_duplicate(tmp_path):
    src = tmp_path / "dup.po"
    src.write_text(LIVE_AND_OBSOLETE, encoding="utf-8")
    assert _msgfmt_c(src).returncode != 0  # GNU rejects the file as it is
    po, _ = read_po(src, "dup.po")
    assert [(e.msgid, e.msgstr, e.obsolete) for e in po] == [("a", "live", False), ("b", "one", True)]
    assert [str(n) for n in po.notices] == [
        "dup.po:13: obsolete entry dropped: the live entry at line 10 has the same msgid (the live one wins)",
        "dup.po:19: obsolete entry dropped: the obsolete entry at line 16 has the same msgid (the first one is kept)",
    ]
    out = tmp_path / "out.po"
    out.write_bytes(encode_po(po))
    assert _msgfmt_c(out).returncode == 0, _msgfmt_c(out).stderr


def test_two_live_duplicates_are_an_error_naming_both_lines():
    with pytest.raises(CatalogError) as exc:
        parse_po(HEADER + 'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', "d.po")
    assert exc.value.line == 13 and "already defined at line 10" in exc.value.message


@pytest.mark.tools
def test_writer_api_never_writes_duplicates_msgfmt_rejects(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="a", msgstr="live"))
    po.append(polib.POEntry(msgid="a", msgstr="old", obsolete=True))
    po.append(polib.POEntry(msgid="b", msgstr="one", obsolete=True))
    po.append(polib.POEntry(msgid="b", msgstr="two", obsolete=True))
    out = tmp_path / "api.po"
    out.write_text(generate_po(po), encoding="utf-8")
    assert _msgfmt_c(out).returncode == 0
    assert out.read_text(encoding="utf-8").count('msgid "b"') == 1


@pytest.mark.tools
def test_extract_drops_the_obsolete_duplicate_with_a_notice(project):
    run("extract", project=project)
    path = project / "locales" / "es" / "LC_MESSAGES" / "immunotherapy.po"
    po, _ = read_po(path)
    live = next(e for e in po if e.msgid and not e.obsolete)
    path.write_text(path.read_text(encoding="utf-8") + f'\n#~ msgid "{live.msgid}"\n#~ msgstr "stale"\n', encoding="utf-8")
    r = run("extract", "-l", "es", project=project)
    assert r.exit_code == 0, r.output
    assert "notice: line" in r.output and "the live one wins" in r.output
    assert _msgfmt_c(path).returncode == 0
    assert "stale" not in path.read_text(encoding="utf-8")


# -- many bad catalogs at once --------------------------------------------------------------------


def _break(project: Path, lang: str, tail: bytes) -> str:
    path = project / "locales" / lang / "LC_MESSAGES" / "immunotherapy.po"
    data = path.read_bytes() + tail
    path.write_bytes(data)
    lines = data.count(b"\n")
    return f"locales/{lang}/LC_MESSAGES/immunotherapy.po:{lines}:"


def test_every_unreadable_catalog_is_reported(project):
    assert run("extract", project=project).exit_code == 0
    bad = [_break(project, "es", b'\nmsgid "broken\n'), _break(project, "pl", b'\nmsgid "x"\nmsgstr "\\q"\n')]
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    (project / "source" / "immunotherapy.md").write_text(
        (project / "source" / "immunotherapy.md").read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    for command in ("extract", "status", "check"):
        r = run(command, project=project)
        assert r.exit_code == 3, (command, r.output)
        for where in bad:
            # extract/status: "polyleaf: error: PATH:LINE: message"; check: "PATH:LINE [lang] error catalog-unreadable: ..."
            assert sum(where[:-1] + " " in line or where in line for line in r.output.splitlines()) == 1, (command, where, r.output)
        assert "Traceback" not in r.output
    assert {p: p.read_bytes() for p in before} == before  # extract wrote nothing
    r = run("status", project=project)
    assert any(line.split()[1:2] == ["cy"] and "%" in line for line in r.output.splitlines())  # readable ones still shown
    r = run("check", project=project)
    assert "immunotherapy [cy]:" in r.output


# -- polyleaf po check / normalize ------------------------------------------------------------------

RICH = HEADER.replace("charset=UTF-8", "charset=ISO-8859-1") + (
    "# translator comment\n#. extracted\n#: src/a.c:10 src/b.c:20\n#, fuzzy, c-format\n#| msgctxt \"old\"\n#| msgid \"old %d\"\n"
    'msgctxt "ctx"\nmsgid "%d file in C:\\\\Temp"\nmsgid_plural "%d files in C:\\\\Temp"\nmsgstr[0] "%d Datei in C:\\\\Temp"\n'
    'msgstr[1] "%d Dateien in C:\\\\Temp"\n\n'
    'msgid "A long line that GNU gettext wraps at seventy-nine columns, which Babel and Weblate do not do at all."\n'
    'msgstr "Eine lange Zeile, die GNU gettext bei neunundsiebzig Spalten umbricht, Babel und Weblate gar nicht - Grüße."\n\n'
    '#~ msgid "gone"\n#~ msgstr "weg"\n'
)


@pytest.mark.tools
def test_po_normalize_is_what_msgcat_writes(tmp_path):
    msgcat = shutil.which("msgcat") or pytest.skip("msgcat not installed")
    src = tmp_path / "in" / "de.po"
    src.parent.mkdir()
    src.write_bytes(RICH.encode("latin-1"))
    original = src.read_bytes()
    r = run("po", "normalize", str(src), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "converted from ISO-8859-1 to UTF-8" in r.output
    assert src.read_bytes() == original  # -o: the input is left alone
    ours = (tmp_path / "out" / "de.po").read_bytes()
    gnu = subprocess.run([msgcat, "--to-code=UTF-8", str(src)], capture_output=True, check=True).stdout
    assert ours == gnu
    for kept in (b"# translator comment", b"#. extracted", b"#: src/a.c:10 src/b.c:20", b"#, fuzzy, c-format", b'#| msgctxt "old"',
                 b'msgctxt "ctx"', b"msgstr[1]", b'#~ msgid "gone"', "Grüße".encode()):
        assert kept in ours
    # --check: nothing would change in the output folder; the input would change (exit 1), nothing written
    assert run("po", "normalize", "--check", str(tmp_path / "out" / "de.po")).exit_code == 0
    r = run("po", "normalize", "--check", str(src))
    assert r.exit_code == 1 and "would change" in r.output and src.read_bytes() == original
    r = run("po", "normalize", str(src))
    assert r.exit_code == 0 and src.read_bytes() == ours
    assert not list(src.parent.glob(".*.tmp"))  # atomic: no temp file left


def test_po_normalize_reports_every_unreadable_file_and_goes_on(tmp_path):
    good, bad1, bad2 = tmp_path / "good.po", tmp_path / "bad1.po", tmp_path / "bad2.po"
    good.write_text(HEADER + 'msgid "a"\nmsgstr   "b"\n', encoding="utf-8")
    bad1.write_text(HEADER + 'msgid "a\nmsgstr "b"\n', encoding="utf-8")
    bad2.write_text(HEADER + 'msgid "a"\nmsgstr "\\q"\n', encoding="utf-8")
    r = run("po", "normalize", str(bad1), str(good), str(bad2))
    assert r.exit_code == 3
    assert f"{bad1}:10: unterminated string" in r.output and f"{bad2}:11: invalid escape" in r.output
    assert good.read_text(encoding="utf-8").endswith('msgid "a"\nmsgstr "b"\n')


@pytest.mark.tools
def test_po_check_exit_codes_and_findings(tmp_path):
    clean = tmp_path / "clean.po"
    clean.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert _msgfmt_c(clean).returncode == 0
    r = run("po", "check", str(clean))
    assert r.exit_code == 0, r.output
    findings = tmp_path / "findings.po"
    findings.write_text(HEADER.replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', "")
                        + 'msgid "a\\n"\nmsgstr "b"\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
                        + '\n#~ msgid "a\\n"\n#~ msgstr "old"\n', encoding="utf-8")
    assert _msgfmt_c(findings).returncode == 1
    r = run("po", "check", str(findings))
    assert r.exit_code == 1, r.output
    assert f"{findings}:9: error: 'msgid' and 'msgstr' entries do not both end with '\\n'" in r.output
    assert f"{findings}:12: error: plural entries, but the header has no Plural-Forms" in r.output
    assert f"{findings}:17: error: duplicate definition" in r.output
    broken = tmp_path / "broken.po"
    broken.write_text(HEADER + 'msgid "a"\nmsgstr "b" junk\n', encoding="utf-8")
    r = run("po", "check", str(broken), str(clean), str(findings))
    assert r.exit_code == 3
    assert f"{broken}:11: unexpected text after the closing quote" in r.output
    assert f"{findings}:9: error:" in r.output  # the other files are still checked


def test_po_commands_have_help_with_examples():
    for cmd in (["po"], ["po", "check"], ["po", "normalize"]):
        r = run(*cmd, "--help")
        assert r.exit_code == 0 and "polyleaf po" in r.output
    assert "Examples:" in run("po", "check", "--help").output and "Examples:" in run("po", "normalize", "--help").output


def test_po_check_warns_when_plural_forms_is_not_the_languages_rule(tmp_path):
    pytest.importorskip("pipeline.po.plurals", reason="the CLDR rule check (issue 12, i12b) is not in this build")
    path = tmp_path / "ar.po"
    path.write_text(HEADER.replace("Language: de", "Language: ar") + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    r = run("po", "check", str(path))
    assert r.exit_code == 0, r.output  # a warning: msgfmt -c accepts the file
    assert f"{path}:1: warning: Plural-Forms is not the usual rule for ar" in r.output and "nplurals=6" in r.output
