"""Issue 17, rebuild speed: what a no-op or one-document rebuild no longer loads, reads or redoes.

The timings themselves are in docs/notes/benchbuild.md (run F); these tests pin the mechanisms:
the CLI start-up and a no-op build load no renderer, Markdown parser, PDF engine or Dask, and the
caches that let the site index and the manifest skip work give byte-identical files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("weasyprint", "dask", "distributed", "numpy", "requests", "jinja2", "markdown_it", "num2words", "yaml")


def _python(code: str, cwd: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_cli_start_up_imports_no_heavy_module(tmp_path):
    loaded = _python("import json, sys\nimport pipeline.cli, pipeline.cli.build, pipeline.build\n"
                     f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))", tmp_path)
    assert loaded == []


def test_noop_build_loads_no_renderer_parser_or_engine(project):
    code = ("import json, sys\nfrom pipeline.cli import main\n"
            "try:\n    main(['-C', sys.argv[1], 'build', '-f', 'html', '-q'])\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    first = _python(code.replace("sys.argv[1]", repr(str(project))), project)
    assert "jinja2" in first and "markdown_it" in first  # the first build renders and parses
    assert _python(code.replace("sys.argv[1]", repr(str(project))), project) == []


def _build(runner, project: Path):
    r = runner.invoke(main, ["-C", str(project), "build", "-f", "html"])
    assert r.exit_code in (0, 1), r.output
    return r


def _outputs(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for sub in ("dist", "reports") for p in sorted((project / sub).rglob("*")) if p.is_file()}


def test_remembered_index_and_manifest_are_the_files_a_cold_build_writes(runner, project):
    _build(runner, project)
    warm = _outputs(project)
    memo = json.loads((project / ".polyleaf-cache/titles.json").read_bytes()[:-32])
    assert memo["items"] and memo["page"]  # the entries and the page were recorded
    assert (project / ".polyleaf-cache/manifest.json").exists()
    _build(runner, project)  # from the memos
    assert _outputs(project) == warm
    # an edited title reaches the index although its entries were remembered
    src = project / "source" / "immunotherapy.md"
    text = src.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    src.write_text(text.replace(heading, heading + " today", 1), encoding="utf-8")
    _build(runner, project)
    edited = _outputs(project)
    assert (heading[2:] + " today").encode() in edited["dist/site/index.html"]
    shutil.rmtree(project / ".polyleaf-cache")  # cold: every cache rebuilt
    _build(runner, project)
    assert _outputs(project) == edited


def test_a_build_restores_the_collector_settings(runner, project):
    import gc

    before = gc.get_threshold(), gc.get_freeze_count()
    _build(runner, project)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_noop_build_rewrites_no_cache_file(runner, project):
    _build(runner, project)
    _build(runner, project)
    cache = project / ".polyleaf-cache"
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    _build(runner, project)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == stamps


def test_edit_takes_unchanged_documents_report_parts_from_the_report_files(runner, project, monkeypatch):
    """After a one-document edit the score stage reads no memo of an unchanged document: its part of
    each report file is taken from the file the last build wrote (as recorded in score.json), and
    the reports are byte-identical to a cold build's."""
    from pipeline.stages import score as score_stage

    shutil.copy(project / "source" / "immunotherapy.md", project / "source" / "second.md")
    _build(runner, project)
    memo = json.loads((project / ".polyleaf-cache/score.json").read_bytes()[:-32])
    assert memo["layout"] and len(memo["layout"]["documents"]) == 2
    second = project / "source" / "second.md"
    second.write_text(second.read_text(encoding="utf-8").replace("immunotherapy", "immuno-therapy", 1), encoding="utf-8")
    read: list[str] = []
    original = score_stage._load_memo
    monkeypatch.setattr(score_stage, "_load_memo", lambda path, key: read.append(path.name) or original(path, key))
    _build(runner, project)
    assert len(read) == 1  # the edited document's memo (stale: re-scored); not the unchanged one's
    warm = _outputs(project)
    monkeypatch.setattr(score_stage, "_load_memo", original)
    shutil.rmtree(project / ".polyleaf-cache")
    _build(runner, project)
    assert _outputs(project) == warm


def test_a_moved_project_renders_nothing_again(project, tmp_path):
    """The caches are portable (issue 17): a project moved or restored elsewhere (new absolute
    path, new change times, same bytes) rebuilds no page and parses no Markdown; only the files'
    digests are read again. The page keys once hashed the interface catalogs' absolute paths."""
    code = ("import json, sys\nfrom pipeline.cli import main\n"
            "try:\n    main(['-C', sys.argv[1], 'build', '-f', 'html', '-q'])\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert "jinja2" in _python(code.replace("sys.argv[1]", repr(str(project))), project)
    moved = tmp_path / "elsewhere" / "project"
    shutil.copytree(project, moved, symlinks=True)  # copy2: same bytes and mtimes, new ctimes
    site = {p.relative_to(moved): p.stat().st_mtime_ns for p in (moved / "dist").rglob("*") if p.is_file()}
    assert _python(code.replace("sys.argv[1]", repr(str(moved))), moved) == []
    assert {p.relative_to(moved): p.stat().st_mtime_ns for p in (moved / "dist").rglob("*") if p.is_file()} == site


def test_settings_parse_is_remembered_by_content(project, monkeypatch):
    """polyleaf.toml is parsed by tomllib once per content (issue 17: ~50 ms at 2,000 waivers);
    an edit is read again, and a broken file is still an error with its line."""
    import tomllib

    from pipeline import config
    from pipeline.errors import ConfigError

    (project / ".polyleaf-cache").mkdir(exist_ok=True)
    first = config.load_settings(project)
    assert not (project / config.SETTINGS_CACHE).exists()  # reading writes nothing (a --check stays read-only)
    config.remember_settings_parse(first)  # what a build does
    calls = []
    real = tomllib.loads
    monkeypatch.setattr(config.tomllib, "loads", lambda text: calls.append(1) or real(text))
    again = config.load_settings(project)
    assert calls == [] and again.text_digest == first.text_digest
    toml = project / "polyleaf.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    config.load_settings(project)
    assert calls == [1]
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[project\n", encoding="utf-8")
    try:
        config.load_settings(project)
    except ConfigError as exc:
        assert "invalid TOML" in str(exc) and "polyleaf.toml" in str(exc)
    else:
        raise AssertionError("a broken polyleaf.toml was accepted")
