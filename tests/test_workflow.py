"""Issue 13: a team workflow that never lies.

Each test reproduces what a person does (a translator's editor save, a deleted
file, a settings typo, CI's commands) and asserts the exit code and what is on disk.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.catalogs import read_catalog

REPO = Path(__file__).resolve().parent.parent


# -- 1. `make bench` -------------------------------------------------------------------------


def test_make_bench_target_names_a_script_that_exists():
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^bench:.*\n\t(.+)$", makefile, re.M).group(1)
    script = re.search(r"(bench/\S+\.py)", recipe).group(1)
    assert (REPO / script).is_file(), recipe


def test_bench_runner_runs_each_script_quick_and_fails_when_one_fails(tmp_path):
    (tmp_path / "fine.py").write_text("import sys\nprint('fine', sys.argv[1:])\n")
    (tmp_path / "broken.py").write_text("import sys\nsys.exit(2)\n")
    out = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "fine ['--quick']" in out.stdout
    assert re.search(r"broken\s+FAILED \(exit 2\)", out.stdout)
    assert re.search(r"fine\s+ok", out.stdout)
    assert "broken" in out.stderr
    only = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--dir", str(tmp_path), "fine"],
                          capture_output=True, text=True, timeout=60)
    assert only.returncode == 0, only.stdout + only.stderr


def test_bench_runner_lists_the_real_benchmarks():
    out = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--list"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    listed = set(out.stdout.split())
    assert {"catalogs", "checks", "build"} <= listed and "run" not in listed


# -- 2. translators' saves never fail CI for form alone --------------------------------------

import shutil  # noqa: E402

from pipeline.cli import main  # noqa: E402

needs_gettext = pytest.mark.skipif(not (shutil.which("msgcat") and shutil.which("msgattrib")), reason="GNU gettext not installed")
ES = "locales/es/LC_MESSAGES/immunotherapy.po"


def cli(runner, project: Path, *args: str):
    return runner.invoke(main, ["-C", str(project), *args])


def run_tool(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


@needs_gettext
def test_msgcat_no_wrap_save_passes_check_and_next_extract_normalises_quietly(runner, project):
    po = project / ES
    canonical = po.read_bytes()
    run_tool("msgcat", "--no-wrap", str(po), "-o", str(po))
    saved = po.read_bytes()
    assert saved != canonical  # the editor's form really differs
    r = cli(runner, project, "extract", "--check")
    assert r.exit_code == 0, r.output
    assert f"{ES}: would normalise (form only" in r.output
    assert po.read_bytes() == saved  # --check writes nothing
    r = cli(runner, project, "extract", "-q")
    assert r.exit_code == 0 and r.output == "", r.output  # quiet: nothing alarming to say
    assert po.read_bytes() == canonical
    assert cli(runner, project, "extract", "--check", "-q").exit_code == 0


@needs_gettext
def test_msgattrib_clear_fuzzy_leaves_stale_previous_msgid_which_is_form_only(runner, project):
    src = project / "source/immunotherapy.md"
    src.write_text(src.read_text(encoding="utf-8").replace("## What is immunotherapy?", "## What is immunotherapy exactly?"), encoding="utf-8")
    assert cli(runner, project, "extract", "-q").exit_code == 0
    po = project / ES
    assert '#| msgid "What is immunotherapy?"' in po.read_text(encoding="utf-8")
    # the reviewer approves the draft with GNU msgattrib (as some scripts and editors do)
    run_tool("msgattrib", "--clear-fuzzy", str(po), "-o", str(po))
    text = po.read_text(encoding="utf-8")
    assert '#| msgid "What is immunotherapy?"' in text and "#, fuzzy\n#| msgid" not in text
    r = cli(runner, project, "extract", "--check")
    assert r.exit_code == 0, r.output
    r = cli(runner, project, "extract", "-q")
    assert r.exit_code == 0 and r.output == ""
    text = po.read_text(encoding="utf-8")
    assert "#|" not in text  # dropped, as msgmerge drops it on entries that are not fuzzy
    assert 'msgid "What is immunotherapy exactly?"\nmsgstr "¿Qué es la inmunoterapia?"' in text
    # the approval stands: nothing is fuzzy, and the gate counts every word
    assert cli(runner, project, "check", "-l", "es", "--errors-only").exit_code == 0


def _reorder_header(text: str) -> str:
    head, sep, rest = text.partition("\n\n")
    lines = head.split("\n")
    fields = [l for l in lines if l.startswith('"') and l.endswith('\\n"')]
    keep = [l for l in lines if l not in fields]
    return "\n".join(keep + list(reversed(fields))) + sep + rest


def _poedit_wrap(text: str) -> str:
    """Every msgstr re-wrapped at 60 columns at spaces, the first line holding text (how other
    editors break lines differs from GNU's 79 columns with an empty first line)."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        m = re.fullmatch(r'msgstr "(.*)"', line)
        if not m:
            out.append(line)
            i += 1
            continue
        value = m.group(1)
        i += 1
        while i < len(lines) and lines[i].startswith('"'):
            value += lines[i][1:-1]
            i += 1
        chunks, cur = [], ""
        for w in value.split(" "):
            if cur and len(cur) + len(w) + 1 > 60:
                chunks.append(cur + " ")
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        chunks.append(cur)
        out.append(f'msgstr "{chunks[0]}"')
        out.extend(f'"{c}"' for c in chunks[1:])
    return "\n".join(out)


@pytest.mark.parametrize("save", [_reorder_header, _poedit_wrap], ids=["header-reordered", "poedit-wrapping"])
def test_other_editor_forms_pass_check(runner, project, save):
    po = project / ES
    canonical = po.read_bytes()
    po.write_text(save(canonical.decode("utf-8")), encoding="utf-8")
    assert po.read_bytes() != canonical
    r = cli(runner, project, "extract", "--check", "-q")
    assert r.exit_code == 0, r.output
    assert cli(runner, project, "extract", "-q").exit_code == 0
    assert cli(runner, project, "extract", "--check", "-q").exit_code == 0


@needs_gettext
def test_check_fails_for_content_and_names_the_entry_and_why(runner, project):
    po = project / ES
    run_tool("msgcat", "--no-wrap", str(po), "-o", str(po))  # form change too: must not hide the content change
    src = project / "source/immunotherapy.md"
    src.write_text(src.read_text(encoding="utf-8").replace("## What is immunotherapy?", "## What is immunotherapy exactly?"), encoding="utf-8")
    before = po.read_bytes()
    r = cli(runner, project, "extract", "--check", "-q", "-l", "es")
    assert r.exit_code == 1, r.output
    line = next(n for n, l in enumerate(before.decode().split("\n"), 1) if l == 'msgid "What is immunotherapy?"')
    assert (f'{ES}:{line}: msgid "What is immunotherapy exactly?": would add: the source text at '
            'source/immunotherapy.md:9 changed from "What is immunotherapy?" (its translation kept as a fuzzy draft)') in r.output
    assert re.search(rf"{ES}:\d+: msgid \"Immunotherapy is a type of cancer.*would change: extracted comment "
                     r"-'section: What is immunotherapy\?'; \+'section: What is immunotherapy exactly\?'", r.output)
    assert po.read_bytes() == before


# -- 3. derived reports do not gate commits: CI's own steps, run as CI runs them ---------------

import os  # noqa: E402
import stat  # noqa: E402

import yaml  # noqa: E402

WORKFLOW = REPO / ".github/workflows/polyleaf.yml"


def ci_steps() -> list[tuple[str, str]]:
    """(name, script) of the build job's steps that run Polyleaf (set-up and upload steps left out)."""
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]
    return [(s.get("name", ""), s["run"]) for s in job["steps"]
            if "run" in s and ("polyleaf" in s["run"] or "dist/site" in s["run"]) and "make " not in s["run"]]


def run_ci(project: Path, tmp_path: Path) -> list[tuple[str, int, str]]:
    """Each CI step's script under bash -e, `.venv/bin/polyleaf` being this tree's CLI."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "polyleaf"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m pipeline "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "CI": "true"}
    out = []
    for name, script in ci_steps():
        script = script.replace(".venv/bin/polyleaf", "polyleaf")
        r = subprocess.run(["bash", "-e", "-c", script], cwd=project, env=env, capture_output=True, text=True, timeout=600)
        out.append((name, r.returncode, r.stdout + r.stderr))
    return out


@needs_gettext
def test_translators_commit_passes_every_ci_step_and_reports_reach_the_site(project, tmp_path):
    shutil.copytree(REPO / "reports", project / "reports")  # the report a content lead last committed
    # The translator's commit: Arabic drafts approved with msgattrib, Spanish saved unwrapped.
    ar = project / "locales/ar/LC_MESSAGES/immunotherapy.po"
    run_tool("msgattrib", "--clear-fuzzy", str(ar), "-o", str(ar))
    run_tool("msgcat", "--no-wrap", str(project / ES), "-o", str(project / ES))
    committed = (project / "reports/readability.json").read_bytes()
    steps = run_ci(project, tmp_path)
    assert [n for n, *_ in steps][:2] == ["Catalogs up to date with the sources (content, not form)",
                                          "Readability: what moved since the committed report (job summary; never a gate)"]
    for name, code, output in steps:
        assert code == 0, f"{name}: exit {code}\n{output}"
    # reports built by CI, beside the site, newer than the committed ones
    site_reports = project / "dist/site/reports"
    assert {p.name for p in site_reports.iterdir()} == {"readability.html", "readability.json", "readability.csv"}
    assert (site_reports / "readability.json").read_bytes() != committed
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "### Readability: what moved" in summary
    assert re.search(r"^\| immunotherapy \| ar \| OSMAN \| [\d.]+ \| [\d.]+ \| [+\-][\d.]+ \| .* \| 404 → 0 \|$", summary, re.M), summary
    assert "| es |" not in summary  # nothing moved for Spanish: a form change only


def test_ci_no_longer_gates_on_committed_reports():
    scripts = "\n".join(s for _, s in ci_steps())
    assert "score --check" not in scripts and "score -q --summary" in scripts


# -- 4. exit codes mean what the README says ---------------------------------------------------

import json  # noqa: E402
import socket  # noqa: E402


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


SETTINGS_TYPOS = [
    ("provider", '\n[translate]\nprovider = "libretranslat"\n', "[translate] provider 'libretranslat' is not known"),
    ("waiver-without-date", '\n[[waivers]]\ndocument = "immunotherapy"\nlanguage = "ur"\nreason = "short"\n', "date"),
    ("glossary-file", None, "[glossary] file 'terms.csv' cannot be read"),
    ("checks-severity", '\n[checks]\nseverity = { "link-mismatch" = "fatal" }\n', "fatal"),
    ("export-format", '\n[export]\nformats = ["html", "docx"]\n', "docx"),
]


@pytest.mark.parametrize("command", [["build", "-f", "html"], ["extract"], ["approve"], ["publish", "-f", "html"]], ids=lambda c: c[0])
@pytest.mark.parametrize("name,addition,message", SETTINGS_TYPOS, ids=[t[0] for t in SETTINGS_TYPOS])
def test_settings_typo_exits_3_before_anything_is_written(runner, project, command, name, addition, message):
    settings = project / "polyleaf.toml"
    text = settings.read_text(encoding="utf-8")
    if addition is None:
        text = text.replace('[glossary]\n', '[glossary]\nfile = "terms.csv"\n', 1)
    else:
        text += addition
    settings.write_text(text, encoding="utf-8")
    src = project / "source/immunotherapy.md"  # a source edit: extract would rewrite every catalog
    src.write_text(src.read_text(encoding="utf-8").replace("## What is immunotherapy?", "## What is immunotherapy exactly?"), encoding="utf-8")
    before = snapshot(project)
    r = cli(runner, project, *command)
    assert r.exit_code == 3, r.output
    assert re.search(r"polyleaf: error: polyleaf\.toml:\d+: ", r.output), r.output
    assert message in r.output
    assert snapshot(project) == before  # nothing written: no catalog, no template, no cache, no dist/


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: data.replace(b"\n", b"\r\n"), id="crlf"),
    pytest.param(lambda data: b"\xef\xbb\xbf" + data, id="bom"),
])
def test_build_exits_3_for_an_unreadable_catalog_and_publishes_the_others(runner, project, damage):
    pl = project / "locales/pl/LC_MESSAGES/immunotherapy.po"
    pl.write_bytes(damage(pl.read_bytes()))
    saved = pl.read_bytes()
    r = cli(runner, project, "build", "-f", "html")
    assert r.exit_code == 3, r.output
    assert re.search(r"polyleaf: error: locales/pl/LC_MESSAGES/immunotherapy\.po:\d+: .*the others were published", r.output), r.output
    assert pl.read_bytes() == saved  # left as the translator saved it
    manifest = {d["language"]: d["decision"] for d in json.loads((project / "dist/site/manifest.json").read_text())["decisions"]}
    assert manifest["pl"] == "hold" and manifest["es"] == manifest["cy"] == manifest["zh_Hans"] == "publish"
    assert (project / "dist/site/immunotherapy/es/index.html").is_file()
    assert not (project / "dist/site/immunotherapy/pl").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_build_with_the_mt_server_down_exits_non_zero_and_says_so(runner, project):
    with (project / "polyleaf.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[translate]\nprovider = "libretranslate"\nurl = "http://127.0.0.1:{_closed_port()}/"\nretries = 0\ntimeout = 2\n')
    ur = project / "locales/ur/LC_MESSAGES/immunotherapy.po"
    before = ur.read_bytes()
    r = cli(runner, project, "build", "-f", "html")
    assert r.exit_code == 1, r.output
    assert re.search(r"^translate\s+failed", r.output, re.M), r.output
    assert "machine drafts FAILED" in r.output
    assert ur.read_bytes() == before  # nothing half-drafted
    manifest = {d["language"]: d["decision"] for d in json.loads((project / "dist/site/manifest.json").read_text())["decisions"]}
    assert manifest["es"] == "publish"  # the rest of the build still ran


def test_publish_check_exits_1_when_the_site_is_missing_or_stale_with_held_back_languages(runner, project):
    assert cli(runner, project, "build", "-f", "html").exit_code == 0
    r = cli(runner, project, "publish", "--check", "-f", "html", "-q")
    assert r.exit_code == 0, r.output  # ar and ur are held back: that is no failure
    for victim in ("dist/site/index.html", "dist/site/immunotherapy/es/index.html", "dist/site/manifest.json"):
        path = project / victim
        data = path.read_bytes()
        path.unlink()
        r = cli(runner, project, "publish", "--check", "-f", "html", "-q")
        assert r.exit_code == 1, (victim, r.output)
        assert f"{victim}: would create" in r.output
        assert not path.exists()  # --check writes nothing
        path.write_bytes(data)
    page = project / "dist/site/immunotherapy/cy/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>edited by hand</p></main>"), encoding="utf-8")
    r = cli(runner, project, "publish", "--check", "-f", "html", "-q")
    assert r.exit_code == 1 and "dist/site/immunotherapy/cy/index.html: would update" in r.output
    assert cli(runner, project, "publish", "-f", "html", "-q").exit_code == 0
    assert cli(runner, project, "publish", "--check", "-f", "html", "-q").exit_code == 0


def test_export_check_works_with_held_back_languages(runner, project):
    r = cli(runner, project, "export", "-f", "html", "-l", "en-GB,es,cy,pl,zh-Hans", "-q")
    assert r.exit_code == 0, r.output
    r = cli(runner, project, "export", "--check", "-f", "html", "-q")
    assert r.exit_code == 0, r.output
    assert "held back, not checked: source/immunotherapy.md:38: [ar] cannot publish" in r.output
    (project / "dist/immunotherapy/es/index.html").unlink()
    r = cli(runner, project, "export", "--check", "-f", "html", "-q")
    assert r.exit_code == 1 and "dist/immunotherapy/es/index.html" in r.output
    assert not (project / "dist/immunotherapy/es/index.html").exists()


def test_build_and_publish_write_byte_identical_manifests_with_waivers(runner, project):
    assert cli(runner, project, "build", "-f", "html").exit_code == 0
    path = project / "dist/site/manifest.json"
    built = path.read_bytes()
    cy = next(d for d in json.loads(built)["decisions"] if d["language"] == "cy")
    assert cy["readability"]["waived"] is True and cy["readability"]["waiver"]["date"] == "2026-11-24"
    assert cli(runner, project, "build", "-f", "html").exit_code == 0  # from the score cache
    assert path.read_bytes() == built
    r = cli(runner, project, "publish", "-f", "html")
    assert r.exit_code == 0 and "manifest.json: unchanged" in r.output
    assert path.read_bytes() == built


def test_quiet_is_quiet(runner, project):
    assert cli(runner, project, "build", "-f", "html").exit_code == 0
    r = cli(runner, project, "build", "-f", "html", "-q")
    assert r.exit_code == 0
    assert "published" not in r.output and "up to date" not in r.output
    assert "held back  immunotherapy [ar]" in r.output  # what needs attention stays
    r = cli(runner, project, "score", "-q")
    assert " warning " not in r.output and "below target" in r.output
    assert cli(runner, project, "extract", "-q").output == ""
    r = cli(runner, project, "publish", "-q", "-f", "html")
    assert "publish immunotherapy" not in r.output and "hold    immunotherapy [ar]" in r.output


# -- 5. nothing vanishes silently ---------------------------------------------------------------

PL = "locales/pl/LC_MESSAGES/immunotherapy.po"


def test_deleted_catalog_is_named_and_fails_ci_not_silently_recreated(runner, project):
    (project / PL).unlink()  # a translator's `git rm`, or a bad merge
    r = cli(runner, project, "extract", "--check", "-q")
    assert r.exit_code == 1
    assert f"{PL}: warning: catalog missing: created empty from the template" in r.output
    assert not (project / PL).exists()
    r = cli(runner, project, "build", "-f", "html")
    assert r.exit_code == 1, r.output
    assert f"needs attention: {PL}: catalog was missing" in r.output
    assert "held back  immunotherapy [pl]" in r.output
    assert not (project / "dist/site/immunotherapy/pl").exists()


def test_deleted_source_leaves_the_site_with_a_warning(runner, project):
    second = project / "source/second.md"
    second.write_text((project / "source/immunotherapy.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli(runner, project, "build", "-f", "html").exit_code == 0
    assert (project / "dist/site/second/en_GB/index.html").is_file()  # a new document: catalogs created, no warning
    second.unlink()
    r = cli(runner, project, "publish", "--check", "-f", "html", "-q")
    assert r.exit_code == 1 and "dist/site/second/: would remove" in r.output
    r = cli(runner, project, "build", "-f", "html")
    assert r.exit_code == 0, r.output
    assert "locales/templates/second.pot:1 warning source-deleted: source/second.md is gone" in r.output
    assert not (project / "dist/site/second").exists()
    assert "second" not in (project / "dist/site/index.html").read_text(encoding="utf-8")
    assert {d["document"] for d in json.loads((project / "dist/site/manifest.json").read_text())["decisions"]} == {"immunotherapy"}
    assert (project / "locales/es/LC_MESSAGES/second.po").is_file()  # translations are never dropped
    assert cli(runner, project, "publish", "--check", "-f", "html", "-q").exit_code == 0


@pytest.mark.parametrize("text", ["", "  \n\n", "<!-- to do -->\n"], ids=["empty", "blank", "comment-only"])
def test_empty_source_is_an_error_and_nothing_is_published(runner, project, text):
    (project / "source/empty.md").write_text(text, encoding="utf-8")
    before = snapshot(project)
    for command in (["build", "-f", "html"], ["extract"], ["publish", "-f", "html"]):
        r = cli(runner, project, *command)
        assert r.exit_code == 3, r.output
        assert "polyleaf: error: source/empty.md:1: empty: no heading or text to translate" in r.output
    assert snapshot(project) == before
    assert not (project / "dist").exists()


def test_dropped_html_block_is_a_warning_naming_its_line(runner, project):
    src = project / "source/immunotherapy.md"
    text = src.read_text(encoding="utf-8")
    src.write_text(text + '\n<div class="alert">Call 999 if you have chest pain</div>\n', encoding="utf-8")
    line = len(text.split("\n")) + 1
    r = cli(runner, project, "extract", "-q")
    assert r.exit_code == 0
    assert (f"source/immunotherapy.md:{line} warning source-html-dropped: HTML block is neither translated nor published: "
            '<div class="alert">Call 999 if you have chest pain</div>') in r.output
    r = cli(runner, project, "build", "-f", "html")
    assert f"source/immunotherapy.md:{line} warning source-html-dropped" in r.output
    assert "Call 999" not in (project / "dist/site/immunotherapy/en_GB/index.html").read_text(encoding="utf-8")


# -- 6. approval in one step --------------------------------------------------------------------


@needs_gettext
def test_reviewer_typo_fix_in_poedit_is_one_step(runner, project, tmp_path):
    po = project / ES
    text = po.read_text(encoding="utf-8")
    assert '# polyleaf-approved: sha=abaf388438ee53b6\n#. type: heading\n#. section: What is immunotherapy?' in text
    # What Poedit does on save: the edited msgstr ("Needs work" stays off), its own header fields, its own wrapping
    text = text.replace('msgstr "¿Qué es la inmunoterapia?"', 'msgstr "¿Qué es exactamente la inmunoterapia?"')
    text = re.sub(r'"Last-Translator: [^"]*"', r'"Last-Translator: Rev Iewer <rev@example.org>\\n"', text)
    text = text.replace('"X-Generator: ', '"X-Generator: Poedit 3.4.2\\n"\n"X-Old-Generator: ')
    po.write_text(text, encoding="utf-8")
    run_tool("msgcat", "--no-wrap", str(po), "-o", str(po))
    # CI: every step green, and the fix is on the published page without any second approval
    steps = run_ci(project, tmp_path)
    for name, code, output in steps:
        assert code == 0, f"{name}: exit {code}\n{output}"
    r = cli(runner, project, "check", "-l", "es")
    assert r.exit_code == 0 and "approval-stale" not in r.output
    manifest = {d["language"]: d for d in json.loads((project / "dist/site/manifest.json").read_text())["decisions"]}
    assert manifest["es"]["decision"] == "publish" and manifest["es"]["coverage"]["stale"] == 0
    assert "¿Qué es exactamente la inmunoterapia?" in (project / "dist/site/immunotherapy/es/index.html").read_text(encoding="utf-8")
    # bookkeeping, whenever someone runs it: approve re-binds the new text in one run, nothing re-opened
    r = cli(runner, project, "approve", "-l", "es")
    assert r.exit_code == 0 and "recorded 1 approval(s), re-opened 0 stale" in r.output
    assert "#, fuzzy" not in po.read_text(encoding="utf-8").split('msgid "What is immunotherapy?"')[0].rsplit("\n\n", 1)[-1]
    assert cli(runner, project, "approve", "--check", "-l", "es").exit_code == 0


def test_source_changed_under_an_approval_is_still_stale(runner, project):
    """The other half of the binding: an approval recorded for other English does not count."""
    from pipeline import provenance

    po = project / ES
    text = po.read_text(encoding="utf-8")
    old = "# polyleaf-approved: sha=abaf388438ee53b6\n"
    line = provenance.format_line(provenance.APPROVED, sha=provenance.pair_hash("What is it?", "¿Qué es la inmunoterapia?"),
                                  src=provenance.text_hash("What is it?"))
    po.write_text(text.replace(old, f"# {line}\n"), encoding="utf-8")
    r = cli(runner, project, "check", "-l", "es")
    assert r.exit_code == 1 and "error approval-stale: approval is stale: the source text changed" in r.output


# -- 7. no false errors on professional work ------------------------------------------------------

PROFESSIONAL = REPO / "tests/data/professional"
#: The errors that remain on the professional translations: each one is a real defect or deviation
#: (see tests/data/professional/SOURCES.md for the verdict on every finding).
REAL_ERRORS = {
    "ar": {(83, "question-lost")},
    "es": {(27, "url-mismatch"), (27, "number-mismatch")},
    "pl": {(47, "url-mismatch"), (74, "number-mismatch"), (88, "number-mismatch"), (88, "url-mismatch")},
    "zh_Hans": set(), "vi": set(), "ur": set(), "fa": set(),
}


@pytest.mark.parametrize("folder", sorted(p.name for p in PROFESSIONAL.glob("dotw-*")))
def test_professional_translations_have_only_real_errors(runner, tmp_path, folder):
    project = tmp_path / folder
    shutil.copytree(PROFESSIONAL / folder, project)
    r = cli(runner, project, "check", "--json", "--no-cache")
    data = json.loads(r.output)
    (lang,) = data["languages"]
    errors = {(f["line"], f["code"]) for f in data["findings"] if f["severity"] == "error"}
    assert errors == REAL_ERRORS[lang], [f for f in data["findings"] if f["severity"] == "error"]
    assert r.exit_code == (1 if errors else 0)
    assert data["languages"][lang]["coverage"]["coronavirus"]["share"] == 1.0  # all reviewed: the gate sees real work


def test_professional_projects_cover_cjk_and_rtl():
    langs = {json.loads(json.dumps(p.name)).removeprefix("dotw-") for p in PROFESSIONAL.glob("dotw-*")}
    assert len(langs) >= 5 and {"zh-Hans", "ar"} <= langs
    assert "CC0" in (PROFESSIONAL / "SOURCES.md").read_text(encoding="utf-8")


# -- 8. MT honesty ------------------------------------------------------------------------------------

sys.path.insert(0, str(REPO / "tests"))
from mt_server import FakeLibre, Fault, make_project  # noqa: E402

from pipeline.config import load_settings  # noqa: E402
from pipeline.mt.options import load_options  # noqa: E402
from pipeline.mt.providers import make_provider  # noqa: E402
from pipeline.mt.run import translate_language  # noqa: E402


@pytest.fixture
def fake():
    server = FakeLibre().start()
    yield server
    server.stop()


def test_a_batch_answer_with_one_empty_line_resends_only_that_segment(tmp_path, fake):
    fake.faults = [Fault("blank-line", when="Rest at home", times=1)]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 20, "concurrency": 1})
    settings = load_settings(project)
    report = translate_language(settings, settings.language("cy"), make_provider("libretranslate", url=fake.url), load_options(settings), ())
    sent = [r.q for r in fake.translate_requests()]
    assert len(sent) >= 2 and "\n" in sent[0] and "Rest at home" in sent[0]
    assert sent[1:] == ["Rest at home"]  # the one line that came back empty, and nothing else
    assert report.failed_total == 0
    po = read_catalog(project / "locales/cy/LC_MESSAGES/leaflet.po")
    assert po.find("Rest at home").msgstr == "CY: Rest at home" and "fuzzy" in po.find("Rest at home").flags


def test_long_retry_waits_are_announced_while_they_happen(tmp_path, fake):
    fake.faults = [Fault("429", when="Rest at home", times=2, retry_after="5")]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1, "max_wait": 30, "retries": 3})
    settings = load_settings(project)
    events: list[str] = []
    report = translate_language(settings, settings.language("cy"), make_provider("libretranslate", url=fake.url), load_options(settings), (),
                                sleep=lambda s: events.append(f"slept {s:.0f}") or False, on_retry=events.append)
    assert events == ["libretranslate [cy]: HTTP 429 (rate limited); waiting 5 s before attempt 2 of 4 (1 segment)", "slept 5",
                      "libretranslate [cy]: HTTP 429 (rate limited); waiting 5 s before attempt 3 of 4 (1 segment)", "slept 5"]
    assert report.failed_total == 0 and report.retries == 2


def test_build_summary_says_drafts_failed_and_exits_1(runner, tmp_path, fake):
    fake.faults = [Fault("500", when="Rest at home")]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1, "retries": 1})
    r = cli(runner, project, "build", "-f", "html")
    assert r.exit_code == 1, r.output
    assert re.search(r"^translate\s+failed .*2 failed, via libretranslate: 2 segment\(s\) not drafted", r.output, re.M), r.output
    assert "machine drafts FAILED: 2 segment(s) not drafted" in r.output
    po = read_catalog(project / "locales/cy/LC_MESSAGES/leaflet.po")
    assert po.find("Rest at home").msgstr == ""  # nothing invented (the same text in both documents: 2 segments)
    assert po.find("Leaflet title").msgstr  # the rest was drafted and saved
