"""`polyleaf build`: every stage, a site of passing languages only, quiet rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.po import generate_po


def build(runner, project: Path, *args: str):
    return runner.invoke(main, ["-C", str(project), "build", "-f", "html", *args])


def site_files(project: Path) -> dict[str, bytes]:
    site = project / "dist" / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_build_runs_every_stage_and_publishes_only_passing_languages(runner, project):
    r = build(runner, project)
    assert r.exit_code == 0, r.output
    stages = [line.split()[0] for line in r.output.splitlines()[:5]]
    assert stages == ["extract", "translate", "check", "score", "publish"]
    assert "no [translate] provider configured (offline build)" in r.output
    manifest = json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))
    decisions = {d["language"]: d for d in manifest["decisions"]}
    assert set(decisions) == {"es", "cy", "pl", "ar", "ur", "zh_Hans", "ca"}  # ca: machine drafts, held back
    published = {code for code, d in decisions.items() if d["decision"] == "publish"}
    for code, d in decisions.items():
        page = project / "dist/site/immunotherapy" / code / "index.html"
        assert page.exists() == (code in published), code
        if code not in published:
            assert d["reasons"], code
    assert (project / "dist/site/index.html").exists()
    assert (project / "reports/readability.html").exists()
    # nothing unreviewed: every published page's catalog is fully reviewed
    for code in published:
        po = read_catalog(project / "locales" / code / "LC_MESSAGES/immunotherapy.po")
        assert all(e.msgstr and "fuzzy" not in e.flags for e in po if e.msgid and not e.obsolete)


def test_rebuild_with_no_change_touches_nothing(runner, project):
    assert build(runner, project).exit_code == 0
    before = site_files(project)
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "dist").rglob("*") if p.is_file()}
    r = build(runner, project)
    assert r.exit_code == 0
    assert "extract    up to date" in r.output and "score      up to date" in r.output
    assert site_files(project) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_strict_fails_when_a_language_is_held(runner, project):
    r = build(runner, project, "--strict")
    assert r.exit_code == 1
    assert "held back" in r.output


def test_corrupt_catalog_holds_back_only_that_language(runner, project):
    assert build(runner, project).exit_code == 0
    before = json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))
    bad = project / "locales/pl/LC_MESSAGES/immunotherapy.po"
    bad.write_bytes(bad.read_bytes() + b'\nmsgid "broken\n')
    r = build(runner, project)
    assert r.exit_code == 3, r.output  # issue 13: bad input exits 3, the other languages still published
    assert "extract [pl]:" in r.output and "unterminated string" in r.output
    after = {d["language"]: d for d in json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))["decisions"]}
    assert after["pl"]["decision"] == "hold"
    assert any("unterminated string" in reason for reason in after["pl"]["reasons"])
    for d in before["decisions"]:
        if d["language"] != "pl":
            assert after[d["language"]]["decision"] == d["decision"]


def test_shipped_example_gate_decisions(runner, project):
    """Four reviewed languages ship; Arabic waits for review of its drafts; Urdu is incomplete."""
    r = build(runner, project)
    assert r.exit_code == 0, r.output
    decisions = {d["language"]: d for d in json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))["decisions"]}
    assert {c for c, d in decisions.items() if d["decision"] == "publish"} == {"es", "cy", "pl", "zh_Hans"}
    assert any("awaiting review (fuzzy)" in reason for reason in decisions["ar"]["reasons"])
    assert any("untranslated" in reason for reason in decisions["ur"]["reasons"])
    page = (project / "dist/site/immunotherapy/es/index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in page and "inmunoterapia" in page.lower()
    index = (project / "dist/site/index.html").read_text(encoding="utf-8")
    assert "immunotherapy/cy/index.html" in index and "immunotherapy/ar/index.html" not in index


def test_edit_rebuild_touches_only_the_edited_document(runner, project):
    second = project / "source" / "second.md"
    second.write_text("# A second leaflet\n\nA short paragraph.\n", encoding="utf-8")
    assert build(runner, project).exit_code == 0
    first_pages = {p: p.stat().st_mtime_ns for p in (project / "dist/site/immunotherapy").rglob("*") if p.is_file()}
    first_catalogs = {p: p.stat().st_mtime_ns for p in (project / "locales").rglob("immunotherapy.po")}
    second.write_text("# A second leaflet\n\nA short paragraph, edited.\n", encoding="utf-8")
    r = build(runner, project)
    assert r.exit_code == 0, r.output
    assert {p: p.stat().st_mtime_ns for p in first_pages} == first_pages
    assert {p: p.stat().st_mtime_ns for p in first_catalogs} == first_catalogs
    assert "A short paragraph, edited." in (project / "dist/site/second/en_GB/index.html").read_text(encoding="utf-8")
