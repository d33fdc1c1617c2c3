"""``[translate] memory``: translations adopted from real catalogs made elsewhere (msgmerge --compendium)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline import provenance
from pipeline.catalogs import entry_state, read_catalog
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.mt.options import load_options

DATA = Path(__file__).parent / "data" / "memory"

SOURCE = """# Contact Tracing

## Disease to trace

Not available

Exposure time in minutes

Person that the patient has contacted

Call your care team if you have a temperature.
"""


def _project(tmp_path: Path, translate: str) -> Path:
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    shutil.copytree(DATA / "legacy", root / "legacy")
    (root / "polyleaf.toml").write_text(
        '[project]\nname = "t"\nlanguages = ["es", "zh-Hans", "cy"]\n\n[translate]\n' + translate, encoding="utf-8")
    (root / "source" / "leaflet.md").write_text(SOURCE, encoding="utf-8")
    return root


def _expected(files: list[Path]) -> dict[str, tuple[str, int]]:
    """What the legacy files offer, read with polib (an independent parser): first translated entry per msgid."""
    out: dict[str, tuple[str, int]] = {}
    for f in files:
        for e in polib.pofile(str(f)):
            if e.msgid and e.msgstr and not e.obsolete and "fuzzy" not in e.flags and not e.msgid_plural:
                out.setdefault(e.msgid, (e.msgstr, e.linenum))
    return out


def test_adopts_exact_matches_as_drafts_with_provenance(runner, tmp_path):
    root = _project(tmp_path, 'memory = ["legacy/**/*.po", "old/*.po"]\n')
    r = runner.invoke(main, ["-C", str(root), "extract"])
    assert r.exit_code == 0, r.output
    assert "polyleaf.toml:6: warning: [translate] memory pattern 'old/*.po' matches no file" in r.output
    for code, folder in (("es", "es"), ("zh_Hans", "zh")):
        legacy = root / "legacy" / folder / "health_contact_tracing.po"
        expected = _expected([legacy])
        po = read_catalog(root / f"locales/{code}/LC_MESSAGES/leaflet.po")
        adopted = 0
        for e in po:
            if not e.msgid or e.obsolete:
                continue
            if e.msgid in expected:
                msgstr, line = expected[e.msgid]
                assert (e.msgstr, entry_state(e)) == (msgstr, "fuzzy"), e.msgid
                facts = provenance.parse(e.tcomment)[provenance.TM]
                assert facts["from"] == f"legacy/{folder}/health_contact_tracing.po:{line}"
                adopted += 1
            else:
                assert entry_state(e) == "untranslated", e.msgid
        assert adopted == 5, code  # title, heading and three paragraphs are in GNU Health's catalog
        assert f"{adopted} translation(s) adopted" in r.output
    # "Not available" is translated two ways in the Chinese file: the first one wins.
    zh = {e.msgid: e.msgstr for e in read_catalog(root / "locales/zh_Hans/LC_MESSAGES/leaflet.po")}
    assert zh["Not available"] == "未知剂量"
    # Welsh has no memory file: nothing adopted.
    assert all(entry_state(e) == "untranslated" for e in read_catalog(root / "locales/cy/LC_MESSAGES/leaflet.po") if e.msgid)
    if shutil.which("msgfmt"):
        for po_path in (root / "locales").glob("*/LC_MESSAGES/*.po"):
            run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
            assert run.returncode == 0, run.stderr
    # A second run changes nothing; a translator's own translation is never replaced.
    r = runner.invoke(main, ["-C", str(root), "extract", "--check"])
    assert r.exit_code == 0, r.output
    es_path = root / "locales/es/LC_MESSAGES/leaflet.po"
    es = read_catalog(es_path)
    for e in es:
        if e.msgid == "Disease to trace":
            e.msgstr, e.flags, e.tcomment = "Enfermedad que se sigue", [], ""
    from pipeline.po import generate_po

    es_path.write_text(generate_po(es), encoding="utf-8")
    runner.invoke(main, ["-C", str(root), "extract"])
    assert {e.msgid: e.msgstr for e in read_catalog(es_path)}["Disease to trace"] == "Enfermedad que se sigue"


def test_memory_needs_review_false_adopts_as_translated(runner, tmp_path):
    root = _project(tmp_path, 'memory = ["legacy/es/*.po"]\nmemory_needs_review = false\n')
    r = runner.invoke(main, ["-C", str(root), "extract", "-l", "es"])
    assert r.exit_code == 0, r.output
    states = {e.msgid: entry_state(e) for e in read_catalog(root / "locales/es/LC_MESSAGES/leaflet.po") if e.msgid}
    assert states["Contact Tracing"] == "translated"
    assert states["Call your care team if you have a temperature."] == "untranslated"
    assert load_options(load_settings(root)).memory == ("legacy/es/*.po",)  # `polyleaf translate` accepts the key


def test_unreadable_memory_file_is_bad_input_naming_its_line(runner, tmp_path):
    root = _project(tmp_path, 'memory = ["legacy/**/*.po"]\n')
    (root / "legacy" / "es" / "broken.po").write_text('msgid "Fever"\nmsgstr "Fiebre\n', encoding="utf-8")
    r = runner.invoke(main, ["-C", str(root), "extract"])
    assert r.exit_code == 3, r.output
    assert "legacy/es/broken.po:2: unterminated string" in r.output
    assert not (root / "locales").exists()  # nothing written


@pytest.mark.parametrize("value, message", [
    ('"legacy/*.po"', "[translate] memory must be a list of file patterns"),
    ('["../elsewhere/*.po"]', "must be a pattern inside the project"),
    ('["/etc/*.po"]', "must be a pattern inside the project"),
    ("[1]", "[translate] memory must be a list of file patterns"),
])
def test_bad_memory_setting_is_bad_input_naming_the_line(runner, tmp_path, value, message):
    root = _project(tmp_path, f"memory = {value}\n")
    r = runner.invoke(main, ["-C", str(root), "extract"])
    assert r.exit_code == 3, r.output
    assert "polyleaf.toml:6:" in r.output and message in r.output


def test_file_for_another_language_is_reported_not_used(runner, tmp_path):
    root = _project(tmp_path, 'memory = ["legacy/**/*.po"]\n')
    fr = (DATA / "legacy" / "es" / "health_contact_tracing.po").read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: fr\\n"')
    (root / "legacy" / "fr.po").write_text(fr, encoding="utf-8")
    r = runner.invoke(main, ["-C", str(root), "extract"])
    assert r.exit_code == 0, r.output
    assert "legacy/fr.po: warning: not used as memory: its language (fr) is not one of this project's" in r.output


def test_traditional_chinese_does_not_serve_simplified(runner, tmp_path):
    root = _project(tmp_path, 'memory = ["legacy/**/*.po"]\n')
    zh = root / "legacy" / "zh" / "health_contact_tracing.po"
    zh.write_text(zh.read_text(encoding="utf-8").replace('"Language: zh_CN\\n"', '"Language: zh_TW\\n"'), encoding="utf-8")
    r = runner.invoke(main, ["-C", str(root), "extract", "-l", "zh-Hans"])
    assert r.exit_code == 0, r.output
    assert "legacy/zh/health_contact_tracing.po: warning: not used as memory: its language (zh_TW)" in r.output
    assert all(entry_state(e) == "untranslated" for e in read_catalog(root / "locales/zh_Hans/LC_MESSAGES/leaflet.po") if e.msgid)


def test_a_changed_memory_file_is_read_again(runner, tmp_path):
    root = _project(tmp_path, 'memory = ["legacy/es/*.po"]\n')
    assert runner.invoke(main, ["-C", str(root), "extract", "-l", "es"]).exit_code == 0
    legacy = root / "legacy" / "es" / "health_contact_tracing.po"
    with legacy.open("a", encoding="utf-8") as fh:
        fh.write('\nmsgid "Call your care team if you have a temperature."\nmsgstr "Llame a su equipo de atención si tiene fiebre."\n')
    r = runner.invoke(main, ["-C", str(root), "extract", "-l", "es"])
    assert r.exit_code == 0, r.output
    es = {e.msgid: e.msgstr for e in read_catalog(root / "locales/es/LC_MESSAGES/leaflet.po")}
    assert es["Call your care team if you have a temperature."] == "Llame a su equipo de atención si tiene fiebre."


def test_tmx_memory_made_by_translate_toolkit_adopts_the_same_matches(runner, tmp_path):
    """A TMX file (what agencies and CAT tools exchange), written by an independent tool
    (Translate Toolkit's po2tmx) from the real Spanish catalog, serves as memory like the PO file."""
    import sys

    po2tmx = Path(sys.executable).parent / "po2tmx"
    if not po2tmx.exists():
        pytest.skip("Translate Toolkit's po2tmx not installed (pip install translate-toolkit)")
    root = _project(tmp_path, 'memory = ["memory/*.tmx"]\n')
    legacy = root / "legacy" / "es" / "health_contact_tracing.po"
    (root / "memory").mkdir()
    made = subprocess.run([str(po2tmx), "-l", "es", str(legacy), str(root / "memory" / "legacy.tmx")], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    r = runner.invoke(main, ["-C", str(root), "extract", "-l", "es"])
    assert r.exit_code == 0, r.output
    expected = _expected([legacy])
    po = read_catalog(root / "locales/es/LC_MESSAGES/leaflet.po")
    adopted = {e.msgid: e.msgstr for e in po if e.msgid and e.msgstr}
    assert adopted == {k: v for k, (v, _line) in expected.items() if k in adopted} and len(adopted) == 5
    for e in po:
        if e.msgstr:
            assert entry_state(e) == "fuzzy"
            assert provenance.parse(e.tcomment)[provenance.TM]["from"].startswith("memory/legacy.tmx#tu")
