"""Extraction and merging: quiet files, msgmerge-compatible decisions, nothing lost."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.catalogs import entry_state, read_catalog
from pipeline.cli import main
from pipeline.po import generate_po

DOC = "source/immunotherapy.md"


def run(runner, project: Path, *args: str):
    return runner.invoke(main, ["-C", str(project), *args], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def fill(path: Path, fuzzy: bool = False, prefix: str = "T: ") -> None:
    """Translate every entry, as a translator in a PO editor would (then saved by our writer)."""
    po = read_catalog(path)
    for e in po:
        if not e.obsolete and not e.msgstr:
            e.msgstr = prefix + e.msgid
            if fuzzy:
                e.flags.append("fuzzy")
    path.write_text(generate_po(po), encoding="utf-8")


@pytest.fixture
def fresh(project: Path) -> Path:
    shutil.rmtree(project / "locales", ignore_errors=True)
    return project


def test_extract_creates_then_is_quiet(runner, fresh):
    r = run(runner, fresh, "extract")
    assert r.exit_code == 0, r.output
    assert "locales/es/LC_MESSAGES/immunotherapy.po: created" in r.output
    before = snapshot(fresh)
    mtimes = {p: p.stat().st_mtime_ns for p in (fresh / "locales").rglob("*.po*")}
    r = run(runner, fresh, "extract")
    assert r.exit_code == 0 and "created" not in r.output and "updated" not in r.output
    assert snapshot(fresh) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    assert run(runner, fresh, "extract", "--check").exit_code == 0


def test_check_reports_and_writes_nothing(runner, fresh):
    run(runner, fresh, "extract")
    src = fresh / DOC
    src.write_text(src.read_text(encoding="utf-8").replace("Long term and late effects", "Long-term and late effects"), encoding="utf-8")
    before = snapshot(fresh)
    r = run(runner, fresh, "extract", "--check")
    assert r.exit_code == 1
    assert "would update" in r.output
    assert snapshot(fresh) == before


def test_template_entries_carry_context(runner, fresh):
    run(runner, fresh, "extract")
    pot = read_catalog(fresh / "locales/templates/immunotherapy.pot")
    e = pot.find("CAR T-cell therapy is a type of immunotherapy used to treat certain blood cancers, which makes your own white blood cells (also called T-cells) better at finding and destroying cancer cells.")
    assert e.occurrences == [(DOC, "24")]
    assert e.comment.splitlines() == [
        "type: paragraph",
        "section: How does immunotherapy work?",
        'Translators: "CAR T-cell therapy" is a treatment name: follow the glossary.',
    ]
    links = [x for x in pot if "](https://" in x.msgid]
    assert len(links) == 2 and all(x.comment.startswith("type: paragraph") for x in links)
    po = read_catalog(fresh / "locales/ar/LC_MESSAGES/immunotherapy.po")
    assert po.metadata["Language"] == "ar"
    assert po.metadata["Plural-Forms"].startswith("nplurals=6;")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Generator"].startswith("Polyleaf")


def test_repeated_segment_is_one_entry_with_two_references(runner, fresh):
    src = fresh / DOC
    src.write_text(src.read_text(encoding="utf-8") + "\n## Where will I have immunotherapy?\n", encoding="utf-8")
    run(runner, fresh, "extract")
    pot = read_catalog(fresh / "locales/templates/immunotherapy.pot")
    e = pot.find("Where will I have immunotherapy?")
    assert len(e.occurrences) == 2


@pytest.mark.tools
def test_generated_catalogs_pass_msgfmt_and_msgcat(runner, fresh, tmp_path):
    msgfmt, msgcat = shutil.which("msgfmt"), shutil.which("msgcat")
    if not (msgfmt and msgcat):
        pytest.skip("GNU gettext not installed (apt-get install gettext)")
    run(runner, fresh, "extract")
    fill(fresh / "locales/zh_Hans/LC_MESSAGES/immunotherapy.po", prefix="译：")
    fill(fresh / "locales/ar/LC_MESSAGES/immunotherapy.po", fuzzy=True, prefix="ترجمة: ")
    run(runner, fresh, "extract")
    files = sorted((fresh / "locales").rglob("*.po"))
    assert len(files) == 7  # the example languages, Catalan included
    for f in files:
        subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(f)], check=True, capture_output=True)
        out = tmp_path / "cat.po"
        subprocess.run([msgcat, str(f), "-o", str(out)], check=True)
        assert out.read_bytes() == f.read_bytes(), f


def test_legacy_charset_catalog_is_rewritten_as_utf8(runner, fresh):
    run(runner, fresh, "extract", "-l", "es")
    path = fresh / "locales/es/LC_MESSAGES/immunotherapy.po"
    po = read_catalog(path)
    po.find("Long term and late effects").msgstr = "Efectos a largo plazo y tardíos"
    # generate_po always declares UTF-8 (issue 12), so the legacy file is made by hand
    path.write_bytes(generate_po(po).replace("charset=UTF-8", "charset=CP1252").encode("cp1252"))
    r = run(runner, fresh, "extract", "-l", "es")
    assert r.exit_code == 0
    assert "converted from CP1252 to UTF-8" in r.output
    po = read_catalog(path)
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.find("Long term and late effects").msgstr == "Efectos a largo plazo y tardíos"


def test_bad_catalog_changes_nothing_anywhere(runner, fresh):
    run(runner, fresh, "extract")
    bad = fresh / "locales/pl/LC_MESSAGES/immunotherapy.po"
    bad.write_bytes(bad.read_bytes() + b'\nmsgid "broken\n')
    src = fresh / DOC
    src.write_text(src.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    before = snapshot(fresh)
    r = runner.invoke(main, ["-C", str(fresh), "extract"])
    assert r.exit_code == 3
    assert "locales/pl/LC_MESSAGES/immunotherapy.po:" in r.output and "unterminated string" in r.output
    assert "Traceback" not in r.output
    assert snapshot(fresh) == before


@pytest.mark.parametrize("code", ["../etc", "es/../../x", "xx", "e\x00s"], ids=["dotdot", "slash", "unknown", "nul"])
def test_unsafe_or_unknown_language_is_refused(runner, fresh, code):
    r = runner.invoke(main, ["-C", str(fresh), "extract", "--lang", code])
    assert r.exit_code == 3
    assert "language code" in r.output
    assert not (fresh / "locales").exists()


def test_status_is_word_weighted(runner, fresh):
    run(runner, fresh, "extract", "-l", "cy")
    path = fresh / "locales/cy/LC_MESSAGES/immunotherapy.po"
    po = read_catalog(path)
    heading = po.find("Long term and late effects")
    heading.msgstr = "Effeithiau tymor hir a hwyr"
    long = max((e for e in po if e.msgid), key=lambda e: len(e.msgid))
    long.msgstr = "Draft"
    long.flags.append("fuzzy")
    path.write_text(generate_po(po), encoding="utf-8")
    r = run(runner, fresh, "status", "--json", "-l", "cy")
    row = json.loads(r.output)[0]
    assert (row["translated"], row["fuzzy"], row["untranslated"]) == (1, 1, len(po) - 2)
    assert row["reviewed_words"] == 5
    assert row["source_words"] == 1600
    assert 0 < row["reviewed_share"] < 0.01


def test_translator_edit_during_run_is_not_overwritten(fresh):
    from pipeline.catalogs import apply_update, plan_update
    from pipeline.config import load_settings
    from pipeline.errors import CatalogError

    settings = load_settings(fresh)
    apply_update(plan_update(settings))
    src = fresh / DOC
    src.write_text(src.read_text(encoding="utf-8") + "\nAnother paragraph.\n", encoding="utf-8")
    plan = plan_update(settings)
    path = fresh / "locales/es/LC_MESSAGES/immunotherapy.po"
    saved_by_translator = path.read_bytes().replace(b'msgid "Long term and late effects"\nmsgstr ""', b'msgid "Long term and late effects"\nmsgstr "Efectos"')
    path.write_bytes(saved_by_translator)
    with pytest.raises(CatalogError, match="changed on disk"):
        apply_update(plan)
    assert path.read_bytes() == saved_by_translator


def test_cache_never_hides_a_hand_edit(runner, fresh):
    """A catalog saved by a tool that wraps differently is normalised on the next run."""
    run(runner, fresh, "extract", "-l", "es")
    path = fresh / "locales/es/LC_MESSAGES/immunotherapy.po"
    text = path.read_text(encoding="utf-8")
    long_msgid = next(e.msgid for e in read_catalog(path) if len(e.msgid) > 200)
    po = read_catalog(path)
    po.find(long_msgid).msgstr = "x " * 100
    unwrapped = po.__unicode__()  # polib's own serialisation (wraps differently)
    path.write_text(unwrapped, encoding="utf-8")
    r = run(runner, fresh, "extract", "-l", "es")
    # issue 13: only the form changes (the translator's msgstr is kept): normalised, not "updated"
    assert "locales/es/LC_MESSAGES/immunotherapy.po: normalised (form only)" in r.output
    assert read_catalog(path).find(long_msgid).msgstr == "x " * 100
    assert path.read_text(encoding="utf-8") != text
    (fresh / ".polyleaf-cache/extract.json").write_text("{not json", encoding="utf-8")
    r = run(runner, fresh, "extract", "-l", "es")
    assert r.exit_code == 0 and "updated" not in r.output
