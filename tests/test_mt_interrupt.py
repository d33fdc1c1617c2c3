"""Safe to interrupt: a real subprocess killed mid-run, Ctrl-C, and a translator saving during a run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mt_server import FakeLibre, make_project
from pipeline import provenance
from pipeline.catalogs import read_catalog, write_catalog
from pipeline.config import load_settings
from pipeline.mt.options import load_options
from pipeline.mt.pseudo import PseudoProvider
from pipeline.mt.run import translate_language

REPO = Path(__file__).resolve().parent.parent
DOCS = ("leaflet", "second")


def drafts(project: Path) -> dict[tuple[str, str], str]:
    out = {}
    for doc in DOCS:
        for e in read_catalog(project / "locales" / "cy" / "LC_MESSAGES" / f"{doc}.po"):
            if e.msgid and e.msgstr:
                out[(doc, e.msgid)] = e.msgstr
    return out


def start(project: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("CI", None)
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "-C", str(project), "translate", "--lang", "cy"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for(predicate, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


@pytest.fixture
def slow_fake():
    server = FakeLibre(delay=0.25).start()
    yield server
    server.stop()


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_interrupted_run_keeps_finished_work_and_rerun_completes(tmp_path, slow_fake, how):
    project = make_project(tmp_path / "p", slow_fake.url, translate={"batch_size": 1, "concurrency": 1})
    proc = start(project)
    try:
        wait_for(lambda: slow_fake.answered() >= 3)
        time.sleep(0.05)
        answered = slow_fake.answered()
        proc.send_signal(getattr(signal, how))
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    if how == "SIGINT":
        assert proc.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
    else:
        assert proc.returncode == -signal.SIGKILL
    kept = drafts(project)  # the catalogs still read: no half-written file
    assert len(kept) >= answered - 1  # at most the request in flight is lost
    if how == "SIGINT":
        assert not list((project / "locales").rglob("*.tmp"))
    # SIGKILL can land between a temp file's creation and its rename: the hidden ``.x.po.*.tmp`` may
    # stay (git-ignored, never read as a catalog); the catalog itself is whole, as checked above.
    first_run = len(slow_fake.translate_requests())

    slow_fake.delay = 0
    again = start(project)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    done = drafts(project)
    assert all(done[k] == v for k, v in kept.items())  # nothing redone, nothing lost
    distinct = {r.q for r in slow_fake.translate_requests()}
    assert len(done) == 13  # every entry of both documents (the shared title included)
    assert len(slow_fake.translate_requests()) <= len(distinct) + 1  # resent at most the one in flight
    assert len(slow_fake.translate_requests()) - first_run < len(distinct)  # the re-run did not start over


class EditingProvider(PseudoProvider):
    """Pseudo, but a translator saves the catalog (one entry translated by hand) during the first call."""

    def __init__(self, path: Path, msgid: str):
        self.path, self.msgid, self.calls = path, msgid, 0

    def translate(self, text, source, target):
        self.calls += 1
        if self.calls == 1:
            po = read_catalog(self.path)
            po.find(self.msgid).msgstr = "Translated by a human"
            write_catalog(self.path, po)
        return super().translate(text, source, target)


def test_translator_saving_during_the_run_wins(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo", "batch_size": 1, "concurrency": 1})
    settings = load_settings(project)
    path = project / "locales" / "cy" / "LC_MESSAGES" / "leaflet.po"
    provider = EditingProvider(path, "Rest at home")
    report = translate_language(settings, settings.language("cy"), provider, load_options(settings), ())
    assert report.external_edits == ["locales/cy/LC_MESSAGES/leaflet.po"]
    po = read_catalog(path)
    human = po.find("Rest at home")
    assert human.msgstr == "Translated by a human" and provenance.MT not in provenance.parse(human.tcomment)
    others = [e for e in po if e.msgid and e.msgid != "Rest at home"]
    assert others and all(e.msgstr and "fuzzy" in e.flags for e in others)


class BreakingProvider(PseudoProvider):
    """Pseudo, but someone saves a broken catalog during the first call."""

    def __init__(self, path: Path):
        self.path, self.calls = path, 0

    def translate(self, text, source, target):
        self.calls += 1
        if self.calls == 1:
            self.path.write_text('msgid "unterminated\n', encoding="utf-8")
        return super().translate(text, source, target)


def test_catalog_broken_during_the_run_is_left_alone_and_reported(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo", "batch_size": 1, "concurrency": 1})
    settings = load_settings(project)
    path = project / "locales" / "cy" / "LC_MESSAGES" / "leaflet.po"
    report = translate_language(settings, settings.language("cy"), BreakingProvider(path), load_options(settings), ())
    assert path.read_text(encoding="utf-8") == 'msgid "unterminated\n'  # their file, untouched
    assert len(report.unreadable) == 1 and "leaflet.po" in report.unreadable[0]
    second = read_catalog(project / "locales" / "cy" / "LC_MESSAGES" / "second.po")
    assert all(e.msgstr for e in second if e.msgid)  # the other document still got its drafts


def test_ctrl_c_does_not_wait_for_a_hung_request(tmp_path):
    from mt_server import Fault

    server = FakeLibre(faults=[Fault("slow", when="tired", delay=30)]).start()
    try:
        project = make_project(tmp_path / "p", server.url, translate={"batch_size": 1, "concurrency": 1, "timeout": 60})
        proc = start(project)
        try:
            wait_for(lambda: server.answered() >= 4)
            time.sleep(0.5)  # the worker is now inside the 30 s request
            began = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 130 and time.monotonic() - began < 5, err
        assert "Traceback" not in err
        assert len(drafts(project)) >= 4
    finally:
        server.stop()
