"""``polyleaf build --executor dask``: byte-identical to the serial build, and a killed worker loses nothing."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

from pipeline.build import build  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.executor import DaskExecutor  # noqa: E402

pytestmark = pytest.mark.slow


def outputs(project: Path) -> dict[str, bytes]:
    """Everything a build publishes or reports (caches excluded)."""
    out = {}
    for sub in ("dist", "reports", "locales"):
        for p in sorted((project / sub).rglob("*")):
            if p.is_file():
                out[p.relative_to(project).as_posix()] = p.read_bytes()
    return out


def two_documents(project: Path) -> Path:
    (project / "source" / "second.md").write_text(
        "# A second leaflet\n\nA short paragraph about your appointment.\n\n## Contact\n\nCall us on 0800 123 4567.\n",
        encoding="utf-8")
    return project


class Recording(DaskExecutor):
    """A Dask executor that records its task keys and, with ``kill``, SIGKILLs the worker holding the
    first render task while it is in flight."""

    def __init__(self, kill: bool = False):
        super().__init__(workers=2)
        self.kill, self.killed, self.keys = kill, [], []

    def map(self, fn, calls, keys):
        self.keys += list(keys)
        if not (self.kill and fn.__name__ == "render_document" and not self.killed):
            return super().map(fn, calls, keys)
        futures = [self.client.submit(fn, *args, key=key, pure=False) for args, key in zip(calls, keys)]
        deadline = time.monotonic() + 60
        busy = {}
        while time.monotonic() < deadline and not busy:
            busy = {addr: tasks for addr, tasks in self.client.processing().items() if tasks}
            time.sleep(0.02)
        assert busy, "no render task was ever assigned to a worker"
        victim = sorted(busy)[0]
        pid = self.client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)
        return self.client.gather(futures)


@pytest.fixture
def pair(tmp_path: Path, project: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")  # both builds create catalogs: the same header date
    two_documents(project)
    other = tmp_path / "other"
    shutil.copytree(project, other)
    return project, other


def test_dask_build_on_two_workers_is_byte_identical_to_the_serial_build(pair):
    serial, distributed = pair
    build(load_settings(serial), formats=["html"])
    with Recording() as runner:
        result = build(load_settings(distributed), formats=["html"], executor=runner)
    assert result.outcome is not None and result.outcome.decisions
    assert any(k.startswith("polyleaf-render-") for k in runner.keys)  # the pages really were Dask tasks
    assert any(k.startswith("polyleaf-check-") for k in runner.keys) and any(k.startswith("polyleaf-score-") for k in runner.keys)
    assert any(k.startswith("polyleaf-extract-") for k in runner.keys)  # the merges too
    assert outputs(distributed) == outputs(serial)  # manifest, site, reports, catalogs


class KillingInsideTheMap(DaskExecutor):
    """The executor's own (batched) map, with a thread that SIGKILLs the worker holding the first
    render task while it is in flight."""

    def __init__(self):
        super().__init__(workers=2, batch=2)
        self.killed = []

    def map(self, fn, calls, keys):
        import threading

        if fn.__name__ != "render_document" or self.killed:
            return super().map(fn, calls, keys)

        def kill() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                busy = sorted(addr for addr, tasks in self.client.processing().items() if tasks)
                if busy:
                    pid = self.client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    self.killed.append(pid)
                    return
                time.sleep(0.01)

        killer = threading.Thread(target=kill)
        killer.start()
        try:
            return super().map(fn, calls, keys)
        finally:
            killer.join()


def test_a_worker_killed_inside_a_batched_map_loses_nothing(pair):
    serial, distributed = pair
    build(load_settings(serial), formats=["html"])
    with KillingInsideTheMap() as runner:
        build(load_settings(distributed), formats=["html"], executor=runner)
        render = [s for s in runner.stats if s.function == "render_document"]
    assert runner.killed  # the worker holding the batch (both documents' pages) died
    assert render and render[0].tasks == 1 and render[0].calls == 2
    assert outputs(distributed) == outputs(serial)  # the batch ran again on the other worker
    assert not list((distributed / "dist").glob(".site-staging-*"))


def test_a_worker_killed_mid_build_loses_nothing(pair):
    serial, distributed = pair
    build(load_settings(serial), formats=["html"])
    with Recording(kill=True) as runner:
        build(load_settings(distributed), formats=["html"], executor=runner)
    assert runner.killed  # a worker process died while holding a render task
    assert outputs(distributed) == outputs(serial)  # the task ran again: every page, none partial
    assert not list((distributed / "dist").glob(".site-staging-*"))


def test_executor_setting_is_validated(project):
    from pipeline.errors import ConfigError

    with open(project / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[build]\nexecutor = "spark"\n')
    with pytest.raises(ConfigError, match="executor"):
        build(load_settings(project), formats=["html"])


def test_batched_tasks_with_shared_arguments_are_byte_identical(pair, monkeypatch):
    """Calls batched into fewer tasks (the settings sent once per map, not per call) change no byte,
    and the site index's titles come from the render tasks: this process renders no page body."""
    from pipeline.render import site_index

    serial, distributed = pair
    build(load_settings(serial), formats=["html"])
    bodies = []
    real = site_index.render_body
    monkeypatch.setattr(site_index, "render_body", lambda *a, **k: bodies.append(a) or real(*a, **k))
    with DaskExecutor(workers=2, batch=2) as runner:
        build(load_settings(distributed), formats=["html"], executor=runner)
        stats = {s.function: s for s in runner.stats}
    assert outputs(distributed) == outputs(serial)
    assert bodies == []  # (the serial build above rendered them here; the workers are other processes)
    for name in ("check_document", "score_document", "render_document"):
        assert stats[name].calls == 2 and stats[name].tasks == 1  # both documents in one task
        assert stats[name].task_wall > 0 and sum(n for _, _, n in stats[name].workers.values()) == 2


def test_the_client_parses_no_catalog_for_merges_or_audit_blocks(pair, monkeypatch):
    """The Dask build's serial part: the merges run in extract tasks and the manifest's audit
    blocks come from the check tasks (which read each catalog anyway), so this process parses no
    catalog for either; same bytes, and the audit cache the serial build writes."""
    from pipeline import audit, catalogs

    serial, distributed = pair
    build(load_settings(serial), formats=["html"])
    audits, merges = [], []
    real_audit, real_merge = audit.manifest_audit, catalogs.merge
    monkeypatch.setattr(audit, "manifest_audit", lambda *a, **k: audits.append(a[1:]) or real_audit(*a, **k))
    monkeypatch.setattr(catalogs, "merge", lambda *a, **k: merges.append(a[2]) or real_merge(*a, **k))
    with DaskExecutor(workers=2, batch=2) as runner:
        build(load_settings(distributed), formats=["html"], executor=runner)
        stats = {s.function: s for s in runner.stats}
    assert outputs(distributed) == outputs(serial)
    assert audits == [] and merges == []  # (the serial build above called both here)
    assert stats["update_document"].calls == 2
    cache = ".polyleaf-cache/audit.json"
    assert (distributed / cache).read_bytes() == (serial / cache).read_bytes()


def test_a_translator_edit_during_a_dask_extract_is_never_overwritten(pair, monkeypatch):
    """The merge tasks return bytes; this process still compares each file it would write with
    the bytes the task read, and refuses (writing nothing) when a translator saved it meanwhile."""
    from pipeline import catalogs
    from pipeline.errors import CatalogError

    _, distributed = pair
    settings = load_settings(distributed)
    target = settings.catalog_path(settings.languages[0], "second")  # new document: its catalogs get created
    real = catalogs.apply_update

    def translator_saves_first(plan):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("# a translator's file\n", encoding="utf-8")
        return real(plan)

    monkeypatch.setattr(catalogs, "apply_update", translator_saves_first)
    from pipeline.stages import extract as extract_stage

    monkeypatch.setattr(extract_stage, "apply_update", translator_saves_first)
    with DaskExecutor(workers=2) as runner:
        with pytest.raises(CatalogError, match="changed on disk"):
            build(settings, formats=["html"], executor=runner)
    assert target.read_text(encoding="utf-8") == "# a translator's file\n"


def test_a_corrupt_catalog_in_a_dask_build_is_held_back_as_in_the_serial_build(pair):
    """The merge task's CatalogError (path and line) comes back to this process, which drops that
    language and plans again, as the serial build does: same problems, same bytes."""
    serial, distributed = pair
    for root in pair:
        bad = root / "locales/pl/LC_MESSAGES/immunotherapy.po"
        bad.write_bytes(bad.read_bytes() + b'\nmsgid "broken\n')
    one = build(load_settings(serial), formats=["html"])
    with DaskExecutor(workers=2) as runner:
        two = build(load_settings(distributed), formats=["html"], executor=runner)
    assert any("extract [pl]:" in p and "unterminated string" in p for p in two.problems)
    assert two.problems == one.problems and two.unreadable == one.unreadable
    assert outputs(distributed) == outputs(serial)


def test_a_dask_rebuild_after_an_edit_replaces_pages_as_the_serial_build_does(pair):
    """The render tasks stage the pages whose bytes changed beside the site; this process moves
    whole new folders, and replaces existing pages file by file: after an edit and a rebuild the
    site is the serial build's, byte for byte, pages that did not change keep their file, and no
    staging folder is left."""
    serial, distributed = pair
    build(load_settings(serial), formats=["html"])
    with DaskExecutor(workers=2) as runner:
        build(load_settings(distributed), formats=["html"], executor=runner)
        assert outputs(distributed) == outputs(serial)
        kept = distributed / "dist/site/immunotherapy/es/index.html"
        stamp = kept.stat().st_mtime_ns
        for root in pair:
            with open(root / "source/second.md", "a", encoding="utf-8") as fh:
                fh.write("\nA new paragraph about parking at the clinic.\n")
        build(load_settings(serial), formats=["html"])
        build(load_settings(distributed), formats=["html"], executor=runner)
    assert outputs(distributed) == outputs(serial)
    assert kept.stat().st_mtime_ns == stamp  # the other document's page was not rewritten
    assert not list((distributed / "dist").glob(".site-staging-*"))


class StagedElsewhere(DaskExecutor):
    """Render tasks whose staged pages this process cannot see (as with a worker writing to a disk
    of its own): their folders are removed before the results come back."""

    def map(self, fn, calls, keys):
        results = super().map(fn, calls, keys)
        if fn.__name__ == "render_document":
            for files, _ in results:
                for _, payload in files:
                    if not isinstance(payload, bytes) and payload[1]:
                        shutil.rmtree(payload[1], ignore_errors=True)
        return results


def test_pages_staged_where_this_process_cannot_see_them_fail_the_build_before_any_page_moves(pair):
    from pipeline.errors import ExportError

    _, distributed = pair
    with StagedElsewhere(workers=2) as runner:
        with pytest.raises(ExportError, match="must share the project folder"):
            build(load_settings(distributed), formats=["html"], executor=runner)
    site = distributed / "dist" / "site"
    assert not site.exists() or not list(site.rglob("*.html"))  # not one page, no half site
    assert not list((distributed / "dist").glob(".site-staging-*"))


def test_calls_are_cut_into_contiguous_batches_in_order():
    from pipeline.executor import _batches

    assert [list(r) for r in _batches(7, 3)] == [[0, 1, 2], [3, 4], [5, 6]]
    assert [list(r) for r in _batches(2, 8)] == [[0], [1]]  # never an empty task
    assert [list(r) for r in _batches(5, 1)] == [[0, 1, 2, 3, 4]]


def test_professional_translations_build_the_same_on_dask(tmp_path):
    """Real material: Doctors of the World's COVID-19 guidance with its professional Arabic and
    Chinese translations (tests/data/professional, CC0), two real projects built serially and on two
    Dask workers in one cluster: the same pages, manifest and reports, byte for byte."""
    data = Path(__file__).parent / "data" / "professional"
    with DaskExecutor(workers=2) as runner:
        for lang in ("ar", "zh-Hans"):
            serial, distributed = tmp_path / f"s-{lang}", tmp_path / f"d-{lang}"
            shutil.copytree(data / f"dotw-{lang}", serial)
            shutil.copytree(data / f"dotw-{lang}", distributed)
            build(load_settings(serial), formats=["html"])
            runner.stats.clear()
            build(load_settings(distributed), formats=["html"], executor=runner)
            assert {s.function for s in runner.stats} >= {"check_document", "score_document", "render_document"}
            assert (serial / "dist" / "site" / "manifest.json").is_file()
            assert outputs(distributed) == outputs(serial), lang
