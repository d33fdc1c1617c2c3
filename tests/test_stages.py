"""The stage layer: plans are values, ``build --check`` writes nothing, a Selection threads through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.stages import Plan, Selection, parse_shard, shard_of


def tree(project: Path) -> dict[str, bytes]:
    """Every file of the project, caches included."""
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def build(runner, project: Path, *args: str):
    return runner.invoke(main, ["-C", str(project), "build", "-f", "html", *args])


def test_build_check_on_a_fresh_project_lists_the_site_and_writes_nothing(runner, project):
    before = tree(project)
    r = build(runner, project, "--check")
    assert r.exit_code == 1, r.output
    assert "dist/site/manifest.json: would create" in r.output
    assert "reports/readability.html: would create" in r.output
    assert tree(project) == before  # not a page, report, catalog or cache file


def test_build_check_after_a_build_is_current_then_sees_an_edit(runner, project):
    assert build(runner, project).exit_code == 0
    before = tree(project)
    r = build(runner, project, "--check")
    assert r.exit_code == 0, r.output
    assert "would" not in r.output.replace("would change", "")
    assert tree(project) == before
    src = project / "source" / "immunotherapy.md"
    src.write_text(src.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    before = tree(project)
    r = build(runner, project, "--check")
    assert r.exit_code == 1, r.output
    assert "locales/templates/immunotherapy.pot: would update" in r.output
    assert tree(project) == before
    # what --check listed is what a build then writes
    assert build(runner, project).exit_code == 0
    assert build(runner, project, "--check").exit_code == 0


def test_selection_maps_lang_options_and_rejects_unknown_codes(project):
    from pipeline.errors import PolyleafError

    settings = load_settings(project)
    assert Selection.of(settings).languages == tuple(l.code for l in settings.languages)
    assert Selection.of(settings, ["cy,es", "cy"]).languages == ("cy", "es")
    with pytest.raises(PolyleafError):
        Selection.of(settings, ["xx-nope"])


def test_shards_partition_the_pairs_deterministically(project):
    from pipeline.catalogs import load_documents

    settings = load_settings(project)
    docs = load_documents(settings)
    everything = Selection.of(settings).pairs(docs)
    shares = [Selection.of(settings, shard=(k, 3)).pairs(docs) for k in (1, 2, 3)]
    assert sorted(p for share in shares for p in share) == sorted(everything)
    assert sum(len(s) for s in shares) == len(everything)
    assert shard_of("immunotherapy", 3) == shard_of("immunotherapy", 3)
    for share in shares:  # a document's languages stay together (one page set per document)
        assert len({d for d, _ in share}) * len(settings.languages) == len(share)
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x/2", "3"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_plans_are_frozen_values(project):
    from pipeline.stages import extract

    settings = load_settings(project)
    plan = extract.plan(settings, Selection.of(settings, ["cy"]))
    assert isinstance(plan, Plan) and plan.stage == "extract"
    assert all(path.endswith((".pot", "/cy/LC_MESSAGES/immunotherapy.po")) or "/cy/" in path for path in plan.work)
    with pytest.raises(Exception):
        plan.stage = "other"  # type: ignore[misc]


def _spread(project: Path, n: int) -> list[str]:
    """Add small documents until every one of ``n`` shards has at least one."""
    from pipeline.stages import shard_of

    names = ["immunotherapy"]
    i = 0
    while len({shard_of(name, n) for name in names}) < n:
        i += 1
        name = f"leaflet-{i}"
        (project / "source" / f"{name}.md").write_text(f"# Leaflet {i}\n\nA short paragraph about appointments.\n", encoding="utf-8")
        names.append(name)
    return names


def site_of(project: Path) -> dict[str, bytes]:
    site = project / "dist" / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_shards_merged_give_the_single_build_byte_for_byte(runner, project, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")  # new catalogs in both trees: the same header date
    _spread(project, 2)
    single = tmp_path / "single"
    shutil.copytree(project, single)
    assert build(runner, single).exit_code == 0
    for k in (1, 2):
        r = build(runner, project, "--shard", f"{k}/2")
        assert r.exit_code == 0, r.output
        assert (project / f"dist/shards/{k}-of-2/site/manifest.json").is_file()
    assert not (project / "dist/site").exists()  # a shard writes only its own output
    shards = [str(project / f"dist/shards/{k}-of-2") for k in (1, 2)]
    r = runner.invoke(main, ["-C", str(project), "publish", "--merge", *shards, "-f", "html"])
    assert r.exit_code == 0, r.output
    assert site_of(project) == site_of(single)  # manifest.json, index.html and every page
    # an incomplete merge is refused, nothing written
    r = runner.invoke(main, ["-C", str(project), "publish", "--merge", shards[0], "-f", "html"])
    assert r.exit_code == 3 and "no shard built" in r.output


def test_shard_option_is_checked(runner, project):
    r = build(runner, project, "--shard", "3/2")
    assert r.exit_code == 2 and "--shard" in r.output


def test_a_new_readability_model_rescores_instead_of_showing_old_numbers_as_current(runner, project, tmp_path, monkeypatch):
    """The score key holds the readability package's code, calibration, word lists and templates:
    a new calibration.json re-scores every document (found in review: it was 'up to date')."""
    import shutil

    from pipeline import cachefile, readability
    from pipeline.stages import score

    copy = tmp_path / "model"
    shutil.copytree(Path(readability.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = score.model_digest(copy)
    assert before == score.model_digest(Path(readability.__file__).parent)
    cal = copy / "calibration.json"
    cal.write_text(cal.read_text(encoding="utf-8").replace("1", "2", 1), encoding="utf-8")
    assert score.model_digest(copy) != before

    assert build(runner, project).exit_code == 0
    recorded = cachefile.read_json(project / score.SCORE_CACHE)["key"]
    scored = []
    real = score.score_document
    monkeypatch.setattr(score, "score_document", lambda *a, **k: scored.append(a[2].name) or real(*a, **k))
    r = build(runner, project)
    assert r.exit_code == 0 and scored == [], r.output  # same model: nothing re-scored
    monkeypatch.setattr(score, "model_digest", lambda folder=None: "another model")
    r = build(runner, project)
    assert r.exit_code == 0 and scored == ["immunotherapy"], r.output
    assert cachefile.read_json(project / score.SCORE_CACHE)["key"] != recorded
