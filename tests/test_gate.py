"""The publish gate's decision: pure, every reason spelled out; and `polyleaf check` end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.catalogs import read_catalog, write_catalog
from pipeline.checks import ChecksSummary
from pipeline.config import load_settings
from pipeline.publish import PublishDecision, SimpleVerdict, decide, decide_all, gather, manifest
from pipeline.review import Coverage

FULL = Coverage(source_words=100, reviewed_words=100, segments=10, reviewed=10)
CLEAN = ChecksSummary(errors=0, warnings=3, by_code=(("identical", 3),))
GOOD = SimpleVerdict(True, "meets target: Fernández-Huerta 72.0")


GATE = [
    ("all-pass", FULL, CLEAN, GOOD, "cat", "", True, []),
    ("one-fuzzy", Coverage(100, 90, 10, 9, drafts=1), CLEAN, GOOD, "cat", "", False, ["coverage 90.0%", "1 awaiting review"]),
    ("stale-approval", Coverage(100, 95, 10, 9, stale=1), CLEAN, GOOD, "cat", "", False, ["1 with a stale approval"]),
    ("untranslated", Coverage(100, 0, 10, 0, missing=10), CLEAN, GOOD, "cat", "", False, ["coverage 0.0%", "10 untranslated"]),
    ("check-error", FULL, ChecksSummary(errors=2, by_code=(("number-mismatch", 2),)), GOOD, "cat", "", False, ["2 check error(s) (number-mismatch x2)"]),
    ("warnings-only", FULL, ChecksSummary(warnings=9), GOOD, "cat", "", True, []),
    ("readability-miss", FULL, CLEAN, SimpleVerdict(False, "misses target: reading age 14.2"), "cat", "", False, ["readability: misses target"]),
    ("readability-waived", FULL, CLEAN, SimpleVerdict(True, "waived on 2026-11-24: medical terms"), "cat", "", True, []),
    ("readability-unknown", FULL, CLEAN, None, "cat", "", False, ["readability not scored"]),
    ("corrupt-catalog", Coverage(100, 0, 10, missing=10), ChecksSummary(errors=1, failed="x.po:3: bad escape"), GOOD, "cat", "", False, ["catalog unusable: x.po:3: bad escape"]),
    ("no-catalog", Coverage(100, 0, 10, missing=10), ChecksSummary(errors=1), GOOD, None, "", False, ["no catalog"]),
    ("held-by-hand", FULL, CLEAN, GOOD, "cat", "held back by [publish] hold", False, ["held back"]),
]


@pytest.mark.parametrize("name,coverage,checks,readability,catalog,held,publish,reason_parts", GATE, ids=[g[0] for g in GATE])
def test_decide(name, coverage, checks, readability, catalog, held, publish, reason_parts):
    d = decide("immunotherapy", "es", coverage, checks, readability, "srchash", catalog, held)
    assert isinstance(d, PublishDecision)
    assert d.publish is publish
    assert bool(d.reasons) is (not publish)
    for part in reason_parts:
        assert any(part in r for r in d.reasons), (part, d.reasons)
    row = d.as_dict()
    assert row["decision"] == ("publish" if publish else "hold")
    assert row["source_hash"] == "srchash" and row["catalog_hash"] == catalog
    json.dumps(row)


def test_decision_is_frozen():
    d = decide("d", "es", FULL, CLEAN, GOOD, "s", "c")
    with pytest.raises(AttributeError):
        d.publish = False  # type: ignore[misc]


# -- end to end on the shipped example ------------------------------------------------------


@pytest.fixture
def project(project):
    """The example project with every catalog emptied, so each test sets the state it needs.

    The shipped catalogs carry real translations (issue 6: four languages publish); their
    own gate decisions are tested in tests/test_example_translations.py.
    """
    settings = load_settings(project)
    for lang in settings.languages:
        path = settings.catalog_path(lang.code, "immunotherapy")
        po = read_catalog(path)
        for e in po:
            if e.msgid:
                e.msgstr, e.tcomment = "", ""
                e.flags = [f for f in e.flags if f != "fuzzy"]
        write_catalog(path, po)
    return project


def fill(project, lang: str, translate=lambda msgid: msgid, edit=None) -> None:
    settings = load_settings(project)
    path = settings.catalog_path(lang, "immunotherapy")
    po = read_catalog(path)
    for e in po:
        if e.msgid:
            e.msgstr = translate(e.msgid)
    if edit:
        edit(po)
    write_catalog(path, po)


def fake_es(msgid: str) -> str:
    """A stand-in 'translation' that keeps what checks look at: links, numbers, questions, marks."""
    text = "ES " + msgid
    if "?" in text:
        text = "¿" + text
    return text


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "pipeline", "-C", str(project), *args], capture_output=True, text=True,
                          cwd=str(project), env={**__import__("os").environ, "PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parents[1])})


def test_shipped_example_gate_holds_every_language(project):
    decisions = decide_all(gather(load_settings(project)), lambda doc, lang: GOOD)
    assert len(decisions) == 7  # the example languages, Catalan (machine drafts) included
    assert all(not d.publish for d in decisions)
    assert all(any("coverage 0.0%" in r for r in d.reasons) for d in decisions)


def test_complete_reviewed_language_publishes_and_others_are_held(project):
    fill(project, "es", fake_es)
    decisions = {d.language: d for d in decide_all(gather(load_settings(project)), lambda doc, lang: GOOD)}
    assert decisions["es"].publish, decisions["es"].reasons
    assert decisions["es"].coverage.complete
    assert not decisions["cy"].publish
    text = manifest(decisions.values())
    data = json.loads(text)
    assert data["published"] == ["immunotherapy/es"]
    assert text == manifest(reversed(list(decisions.values())))  # deterministic


def test_check_command_reports_at_the_source_line_and_exits_1(project):
    def break_link(po):
        for e in po:
            if "](https://www.nhs.uk/conditions/chemotherapy/)" in e.msgid:
                e.msgstr = e.msgstr.replace("www.nhs.uk", "www.example.es")
    fill(project, "es", fake_es, break_link)
    res = run(project, "check", "--lang", "es")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "source/immunotherapy.md:72 [es] error link-mismatch: link target(s) missing from the translation: https://www.nhs.uk/conditions/chemotherapy/" in res.stdout
    assert "immunotherapy [es]: 2 error(s)" in res.stdout  # missing + added target
    data = json.loads(run(project, "check", "--lang", "es", "--json").stdout)
    assert data["errors"] == 2
    f = [x for x in data["findings"] if x["code"] == "link-mismatch"][0]
    assert (f["path"], f["line"], f["language"], f["severity"]) == ("source/immunotherapy.md", 72, "es", "error")


def test_check_command_clean_language_exits_0(project):
    fill(project, "es", fake_es)
    res = run(project, "check", "-l", "es", "--errors-only")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "100.0% of source words reviewed" in res.stdout


def test_corrupt_catalog_reported_for_its_language_others_checked(project):
    fill(project, "es", fake_es, lambda po: setattr(po[5], "msgstr", po[5].msgstr + " 99"))
    settings = load_settings(project)
    settings.catalog_path("ar", "immunotherapy").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a\\q"\nmsgstr "b"\n', encoding="utf-8")
    res = run(project, "check")
    assert res.returncode == 3, res.stdout + res.stderr
    assert "locales/ar/LC_MESSAGES/immunotherapy.po:5 [ar] error catalog-unreadable" in res.stderr
    assert "[es] error number-mismatch" in res.stdout  # the others were still checked
    assert "Traceback" not in res.stderr
    decisions = {d.language: d for d in decide_all(gather(settings), lambda doc, lang: GOOD)}
    assert not decisions["ar"].publish and any("catalog unusable" in r for r in decisions["ar"].reasons)


def test_check_command_bad_settings_exit_3_naming_the_line(project):
    with open(project / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[checks]\ndisable = ["no-such-check"]\n')
    res = run(project, "check")
    assert res.returncode == 3
    n = (project / "polyleaf.toml").read_text().splitlines().index('disable = ["no-such-check"]') + 1
    assert f"polyleaf.toml:{n}: [checks] disable: unknown check code 'no-such-check'" in res.stderr


def test_approve_then_edit_is_approved_in_one_step_end_to_end(project):
    fill(project, "cy", lambda m: "CY " + m)
    assert run(project, "approve", "--check", "-l", "cy").returncode == 1
    assert run(project, "approve", "-l", "cy").returncode == 0
    assert run(project, "approve", "--check", "-l", "cy").returncode == 0
    # a reviewer fixes an approved entry in the editor and saves it not fuzzy: that save approves it (issue 13)
    fill(project, "cy", lambda m: "CY " + m, lambda po: setattr(po[3], "msgstr", "CY changed"))
    res = run(project, "check", "-l", "cy")
    assert "approval-stale" not in res.stdout
    cov = {d.language: d.coverage for d in decide_all(gather(load_settings(project)), lambda doc, lang: GOOD)}["cy"]
    assert cov.stale == 0 and cov.complete
    assert "recorded 1 approval(s), re-opened 0 stale" in run(project, "approve", "-l", "cy").stdout
    po = read_catalog(load_settings(project).catalog_path("cy", "immunotherapy"))
    assert "fuzzy" not in po[3].flags and po[3].msgstr == "CY changed"


def test_docs_checks_md_is_generated_from_the_docstrings(repo_root):
    from pipeline.checks import checks_markdown
    assert (repo_root / "docs" / "checks.md").read_text(encoding="utf-8") == checks_markdown()


def test_publish_command_writes_manifest_once_and_strict_exits_1(project):
    res = run(project, "publish", "-f", "html")
    assert res.returncode == 0, res.stderr
    assert "0 of 7 document-language pair(s) pass the gate; dist/site/manifest.json: wrote" in res.stdout
    assert "hold    immunotherapy [ur]" in res.stdout and "coverage 0.0%" in res.stdout
    manifest_path = project / "dist" / "site" / "manifest.json"
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    row = data["decisions"][0]
    assert set(row) == {"document", "language", "decision", "reasons", "coverage", "checks", "readability", "source_hash", "catalog_hash", "audit"}
    mtime = manifest_path.stat().st_mtime_ns
    res = run(project, "publish", "-f", "html")
    assert "manifest.json: unchanged" in res.stdout and manifest_path.stat().st_mtime_ns == mtime
    assert run(project, "publish", "--strict", "--no-render").returncode == 1
    with open(project / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[publish]\nstrict = true\n")
    assert run(project, "publish", "--no-render").returncode == 1


def test_run_gate_with_a_readability_verdict_ships_the_reviewed_language(project):
    from pipeline.publish import run_gate
    fill(project, "es", fake_es)
    fill(project, "pl", lambda m: "PL " + m.replace("?", ""))  # questions lost: errors
    settings = load_settings(project)
    outcome = run_gate(settings, readability=lambda doc, lang: SimpleVerdict(lang.code != "cy", "meets target" if lang.code != "cy" else "misses target"))
    by = {d.language: d for d in outcome.decisions}
    assert by["es"].publish
    assert not by["pl"].publish and any("question-lost" in r for r in by["pl"].reasons)
    assert json.loads((project / "dist/site/manifest.json").read_text())["published"] == ["immunotherapy/es"]


def test_hold_by_hand(project):
    from pipeline.publish import run_gate
    fill(project, "es", fake_es)
    with open(project / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[publish]\nhold = ["es"]\n')
    outcome = run_gate(load_settings(project), check=True, readability=lambda doc, lang: GOOD)
    es = [d for d in outcome.decisions if d.language == "es"][0]
    assert not es.publish and es.reasons == ("held back by [publish] hold in polyleaf.toml",)
    assert not (project / "dist/site/manifest.json").exists()


def test_without_readability_package_nothing_is_assumed_readable(project, monkeypatch):
    import pipeline
    from pipeline.publish import readability_from_project
    monkeypatch.setattr(pipeline, "readability", None, raising=False)
    import sys as _sys
    monkeypatch.setitem(_sys.modules, "pipeline.readability", None)  # import fails
    judge = readability_from_project(load_settings(project))
    settings = load_settings(project)
    from pipeline.catalogs import load_documents
    assert judge(load_documents(settings)[0], settings.language("es")) is None


def test_check_output_escapes_terminal_control_characters(project):
    def inject(po):
        for e in po:
            if "](https://www.nhs.uk/conditions/chemotherapy/)" in e.msgid:
                e.msgstr += " www.evil.example/\x1b]0;pwned\x07\x1b[2J"
    fill(project, "es", fake_es, inject)
    res = run(project, "check", "-l", "es")
    assert res.returncode == 1
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "\\x1b" in res.stdout
    out = run(project, "check", "-l", "es", "--json").stdout
    assert "\x1b" not in out and json.loads(out)["errors"] >= 1


def test_check_cache_rechecks_only_what_changed(project, monkeypatch):
    import pipeline.check_runner as publish  # gather runs the checks there (split from publish.py)
    fill(project, "es", fake_es)
    settings = load_settings(project)
    first = {(i.document.name, i.language.code): i for i in gather(settings, cache=True)}
    calls = []
    real = publish.check_catalog
    monkeypatch.setattr(publish, "check_catalog", lambda doc, po, lang, *a: calls.append(lang.code) or real(doc, po, lang, *a))
    second = {(i.document.name, i.language.code): i for i in gather(settings, cache=True)}
    assert calls == []
    assert {k: (v.diagnostics, v.coverage, v.summary) for k, v in second.items()} == {k: (v.diagnostics, v.coverage, v.summary) for k, v in first.items()}
    fill(project, "es", fake_es, lambda po: setattr(po[5], "msgstr", po[5].msgstr + " 7"))
    third = {i.language.code: i for i in gather(settings, cache=True)}
    assert calls == ["es"] and third["es"].summary.errors == 1
    with open(project / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[checks]\ndisable = ["number-mismatch"]\n')
    calls.clear()
    fourth = {i.language.code: i for i in gather(load_settings(project), cache=True)}
    assert sorted(calls) == sorted(l.code for l in settings.languages) and fourth["es"].summary.errors == 0


def test_missing_catalog_is_an_error_for_its_language(project):
    (project / "locales" / "pl" / "LC_MESSAGES" / "immunotherapy.po").unlink()
    res = run(project, "check", "-l", "pl,cy")
    assert res.returncode == 1
    assert "source/immunotherapy.md:1 [pl] error catalog-missing: no catalog locales/pl/LC_MESSAGES/immunotherapy.po: run `polyleaf extract`" in res.stdout
    assert "immunotherapy [cy]: 0 error(s)" in res.stdout
    out = run(project, "publish", "--no-render").stdout
    assert "no catalog: run `polyleaf extract`" in out


def test_machine_drafts_block_until_reviewed_then_approval_binds_them(project):
    """translate (pseudo, offline) -> check: unreviewed drafts are errors -> review -> approve -> coverage 100%."""
    res = run(project, "translate", "-l", "cy", "-p", "pseudo")
    assert res.returncode == 0, res.stderr
    res = run(project, "check", "-l", "cy", "--json")
    data = json.loads(res.stdout)
    assert res.returncode == 1
    assert sum(f["code"] == "mt-unreviewed" for f in data["findings"]) == 60
    assert not [f for f in data["findings"] if f["severity"] == "error" and f["code"] != "mt-unreviewed"], "masks restored: no other errors"
    settings = load_settings(project)
    path = settings.catalog_path("cy", "immunotherapy")
    po = read_catalog(path)
    for e in po:
        if e.msgid:
            e.flags.remove("fuzzy")  # the reviewer clears "Needs work" on each draft
    write_catalog(path, po)
    assert run(project, "approve", "-l", "cy").returncode == 0
    data = json.loads(run(project, "check", "-l", "cy", "--json").stdout)
    assert data["errors"] == 0 and data["languages"]["cy"]["coverage"]["immunotherapy"]["share"] == 1.0


def test_unwritable_cache_is_ignored_and_unwritable_manifest_is_a_clean_error(project, monkeypatch):
    import pipeline.publish as publish
    from pipeline.errors import ExportError

    def refuse(path, data, encoding="utf-8", durable=True):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("pipeline.stages.publish.write_if_changed", refuse)  # the publish stage writes the manifest
    monkeypatch.setattr("pipeline.cachefile.write_bytes_atomic", lambda *a, **k: refuse(a[0], a[1]))
    settings = load_settings(project)
    assert len(gather(settings, cache=True)) == 7  # the cache is an optimisation, never a failure
    with pytest.raises(ExportError) as info:
        publish.run_gate(settings, readability=lambda doc, lang: GOOD)
    assert str(info.value) == "dist/site/manifest.json: cannot write the manifest: Permission denied"


def test_check_cache_survives_a_touch_and_a_damaged_entry(project, monkeypatch):
    import os
    import pipeline.check_runner as publish
    settings = load_settings(project)
    gather(settings, cache=True)
    calls = []
    real = publish.check_catalog
    monkeypatch.setattr(publish, "check_catalog", lambda doc, po, lang, *a: calls.append(lang.code) or real(doc, po, lang, *a))
    path = settings.catalog_path("es", "immunotherapy")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # touched, same bytes
    gather(settings, cache=True)
    assert calls == []
    cache_dir = project / ".polyleaf-cache" / "checks"
    (cache_file,) = [p for p in cache_dir.iterdir() if not p.name.endswith(".findings.json")]
    from pipeline import cachefile

    data = cachefile.read_json(cache_file)
    data["languages"]["cy"]["coverage"] = {"bogus": 1}  # damaged entry (signed: as if our own bug wrote it)
    cachefile.write_json(cache_file, data)
    inputs = {i.language.code: i for i in gather(settings, cache=True)}
    assert calls == ["cy"] and inputs["cy"].coverage.source_words == 1600


def test_cached_findings_are_read_only_when_asked_for_and_rechecked_when_lost(project, monkeypatch):
    import pipeline.check_runner as publish
    fill(project, "es", lambda m: m)  # identical to the source: findings
    settings = load_settings(project)
    first = {i.language.code: i.diagnostics for i in gather(settings, cache=True)}
    assert any(first.values())  # the example project has findings to cache
    calls = []
    real = publish.check_catalog
    monkeypatch.setattr(publish, "check_catalog", lambda doc, po, lang, *a: calls.append(lang.code) or real(doc, po, lang, *a))
    cached = gather(settings, cache=True)
    assert calls == [] and all(callable(i.found) for i in cached)  # the gate never decodes findings
    assert {i.language.code: i.diagnostics for i in cached} == first and calls == []
    for f in (project / ".polyleaf-cache" / "checks").glob("*.findings.json"):
        f.unlink()  # findings lost: asking for them checks the catalog again, same answer
    again = gather(settings, cache=True)
    assert calls == [] and {i.language.code: i.diagnostics for i in again} == first
    assert sorted(calls) == sorted(first)


def test_site_holds_exactly_the_published_languages(project):
    from pipeline.publish import run_gate
    fill(project, "es", fake_es)
    fill(project, "cy", lambda m: "CY " + m)
    settings = load_settings(project)
    verdict = lambda doc, lang: GOOD  # noqa: E731
    run_gate(settings, readability=verdict, render=True, formats=("html",))
    site = project / "dist" / "site"
    assert sorted(p.name for p in (site / "immunotherapy").iterdir()) == ["cy", "en_GB", "es"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="immunotherapy/es/index.html"' in index and 'href="immunotherapy/cy/index.html"' in index
    # held-back languages appear only in the manifest (and the CI summary); no internal file is linked
    assert "hreflang=\"ar\"" not in index and "Not yet published" not in index and "manifest.json" not in index
    page = (site / "immunotherapy" / "es" / "index.html").read_text(encoding="utf-8")
    assert "ES Immunotherapy treatment for cancer" in page and 'lang="es"' in page
    # Welsh is held back now (an entry back in review): its pages go
    from pipeline.review import approve_project
    from pipeline.catalogs import load_documents
    approve_project(settings, load_documents(settings), [settings.language("cy")])
    fill(project, "cy", lambda m: "CY " + m, lambda po: po[4].flags.append("fuzzy"))
    outcome = run_gate(load_settings(project), readability=verdict, render=True, formats=("html",))
    cy = [d for d in outcome.decisions if d.language == "cy"][0]
    assert not cy.publish and any("awaiting review" in r for r in cy.reasons)
    assert sorted(p.name for p in (site / "immunotherapy").iterdir()) == ["en_GB", "es"]
    assert json.loads((site / "manifest.json").read_text())["published"] == ["immunotherapy/es"]


def test_a_failed_render_leaves_the_site_untouched(project, monkeypatch):
    import pipeline.render as render
    from pipeline.errors import ExportError
    from pipeline.publish import run_gate
    fill(project, "es", fake_es)
    settings = load_settings(project)
    run_gate(settings, readability=lambda doc, lang: GOOD, render=True, formats=("html",))
    site = project / "dist" / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    fill(project, "cy", lambda m: "CY " + m)  # Welsh now passes too, but its page cannot be rendered
    real = render.export

    def failing(settings, docs, langs, *a, **k):
        if any(l.code == "cy" for l in langs):
            real(settings, docs, [l for l in langs if l.code != "cy"], *a, **k)  # some pages are written to staging
            raise ExportError("no font for U+0175 in Welsh", "dist/site/immunotherapy/cy/immunotherapy.cy.pdf")
        return real(settings, docs, langs, *a, **k)

    monkeypatch.setattr(render, "export", failing)
    with pytest.raises(ExportError):
        run_gate(load_settings(project), readability=lambda doc, lang: GOOD, render=True, formats=("html",))
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list((project / "dist").glob(".site-staging-*"))


# -- source errors hold the document back (issue 15 follow-up) -------------------------------


BAD_MD = Path(__file__).resolve().parent / "data" / "bad_md"


def _expected_source_errors(path: Path) -> list[str] | None:
    """From the corpus's ``.expect``: the error-level findings as ``source/NAME.md:LINE: code`` (None: unreadable)."""
    from pipeline.source_checks import SOURCE_CHECKS

    lines = [ln for ln in (path.parent / (path.name + ".expect")).read_text(encoding="utf-8").splitlines() if ln.strip()]
    if any(ln.startswith("raise:") for ln in lines):
        return None
    found = [(int(ln.split(":")[0]), ln.split(":")[1].strip()) for ln in lines]
    return [f"source/{path.stem}.md:{line}: {code}" for line, code in found if SOURCE_CHECKS[code][0] == "error"]


def _add_sources(project, names) -> None:
    for name in names:
        shutil.copy2(BAD_MD / f"{name}.md", project / "source" / f"{name}.md")
    assert run(project, "extract", "-q").returncode in (0, 1)
    settings = load_settings(project)
    for name in names:
        path = settings.catalog_path("es", name)
        po = read_catalog(path)
        for e in po:
            if e.msgid:
                e.msgstr = fake_es(e.msgid)
        write_catalog(path, po)


def test_source_errors_hold_every_language_warnings_do_not(project):
    """Every readable source of the bad Markdown corpus, next to the example: a document with an
    error-level source finding is held in every language, the reason naming each `source/x.md:LINE: code`;
    one with warnings only publishes its reviewed language."""
    cases = {p.stem: _expected_source_errors(p) for p in sorted(BAD_MD.glob("*.md")) if p.name != "README.md"}
    cases = {name: errs for name, errs in cases.items() if errs is not None}
    assert any(cases.values()) and any(not errs for errs in cases.values())  # both kinds in the corpus
    _add_sources(project, cases)
    decisions = decide_all(gather(load_settings(project)), lambda doc, lang: GOOD)
    by = {(d.document, d.language): d for d in decisions}
    for name, errors in cases.items():
        for lang in load_settings(project).languages:
            d = by[(name, lang.code)]
            source_reasons = [r for r in d.reasons if "source error" in r]
            if errors:
                assert not d.publish and len(source_reasons) == 1, (name, lang.code, d.reasons)
                for err in errors:
                    assert err in source_reasons[0], (err, source_reasons)
            else:
                assert not source_reasons, (name, d.reasons)
        assert by[(name, "es")].publish is (not errors), (name, by[(name, "es")].reasons)
    # the example's own decision is its own business
    assert not any("source error" in r for r in by[("immunotherapy", "es")].reasons)


def test_source_error_holds_the_source_language_page_until_fixed(project):
    from pipeline.publish import run_gate

    _add_sources(project, ["converted_page", "image_no_alt"])
    verdict = lambda doc, lang: GOOD  # noqa: E731
    site = project / "dist" / "site"
    # published once while the source was clean (say), so the gate must also take pages down
    bad = project / "source" / "converted_page.md"
    broken_text = bad.read_text(encoding="utf-8")
    fixed_text = broken_text.replace("##\nGeneral", "## General").replace("**Treat cancer:**Chemotherapy", "**Treat cancer:** Chemotherapy")
    bad.write_text(fixed_text, encoding="utf-8")
    _add_sources_catalog_only(project, "converted_page")
    outcome = run_gate(load_settings(project), readability=verdict, render=True, formats=("html",))
    by = {(d.document, d.language): d for d in outcome.decisions}
    assert by[("converted_page", "es")].publish, by[("converted_page", "es")].reasons
    assert sorted(p.name for p in (site / "converted_page").iterdir()) == ["en_GB", "es"]

    bad.write_text(broken_text, encoding="utf-8")
    assert run(project, "extract", "-q").returncode in (0, 1)
    _add_sources_catalog_only(project, "converted_page")
    result = run(project, "publish", "-f", "html")
    assert result.returncode == 0, result.stderr  # not --strict: held back, reported
    assert "source/converted_page.md:3: empty-heading" in result.stdout + result.stderr
    assert "source/converted_page.md:6: unclosed-emphasis" in result.stdout + result.stderr
    assert not (site / "converted_page").exists()  # not even the English page
    data = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    rows = {(r["document"], r["language"]): r for r in data["decisions"]}
    assert rows[("converted_page", "es")]["decision"] == "hold"
    assert any("source/converted_page.md:3: empty-heading" in r for r in rows[("converted_page", "es")]["reasons"])
    assert "converted_page/es" not in data["published"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "converted_page" not in index
    # the warnings-only document next to it ships, source page and Spanish
    assert sorted(p.name for p in (site / "image_no_alt").iterdir()) == ["en_GB", "es"]
    assert "image_no_alt/es/index.html" in index

    bad.write_text(fixed_text, encoding="utf-8")
    assert run(project, "extract", "-q").returncode in (0, 1)
    _add_sources_catalog_only(project, "converted_page")
    outcome = run_gate(load_settings(project), readability=verdict, render=True, formats=("html",))
    assert {(d.document, d.language): d for d in outcome.decisions}[("converted_page", "es")].publish
    assert sorted(p.name for p in (site / "converted_page").iterdir()) == ["en_GB", "es"]


def _add_sources_catalog_only(project, name: str) -> None:
    assert run(project, "extract", "-q").returncode in (0, 1)
    path = load_settings(project).catalog_path("es", name)
    po = read_catalog(path)
    for e in po:
        if e.msgid:
            e.msgstr = fake_es(e.msgid)
            e.flags = [f for f in e.flags if f != "fuzzy"]
    write_catalog(path, po)


def test_decide_source_errors_hold_whatever_the_catalog_says():
    errs = ("source/x.md:3: empty-heading", "source/x.md:6: unclosed-emphasis")
    d = decide("x", "es", FULL, CLEAN, GOOD, "s", "c", source_errors=errs)
    assert not d.publish and d.reasons == ("2 source error(s), fix the source: " + ", ".join(errs),)
    assert decide("x", "es", FULL, CLEAN, GOOD, "s", "c", source_errors=()).publish


def test_manifest_from_remembered_rows_is_the_same_text(project):
    """The build's manifest (each decision's text remembered by content, .polyleaf-cache/manifest.json)
    is byte-identical to the one written whole, from a cold and from a warm memo, and a changed
    decision is written anew, not taken from the memo."""
    from pipeline.stages.publish import RowMemo

    fill(project, "es", fake_es)
    settings = load_settings(project)
    outcome = __import__("pipeline.publish", fromlist=["run_gate"]).run_gate(
        settings, readability=lambda doc, lang: SimpleVerdict(True, "meets target"))
    decisions = list(outcome.decisions)
    whole = manifest(decisions, settings)
    cold = RowMemo(settings)
    assert manifest(decisions, settings, row_text=cold) == whole
    cold.save()
    warm = RowMemo(settings)
    assert warm.known and manifest(decisions, settings, row_text=warm) == whole
    changed = [decide(d.document, d.language, d.coverage, d.checks, SimpleVerdict(False, "misses target"), d.source_hash, d.catalog_hash)
               if d.language == "es" else d for d in decisions]
    assert manifest(changed, settings, row_text=RowMemo(settings)) == manifest(changed, settings) != whole
