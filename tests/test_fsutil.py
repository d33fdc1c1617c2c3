"""fsutil: atomic writes; catalogs are flushed to disk, derived outputs are not."""

from __future__ import annotations

import polib
import pytest

from pipeline import fsutil


@pytest.fixture
def fsyncs(monkeypatch):
    calls = []
    real = fsutil.os.fsync
    monkeypatch.setattr(fsutil.os, "fsync", lambda fd: calls.append(fd) or real(fd))
    return calls


def test_durable_by_default_and_not_when_asked(tmp_path, fsyncs):
    fsutil.write_bytes_atomic(tmp_path / "a", b"1")
    assert len(fsyncs) == 1
    fsutil.write_bytes_atomic(tmp_path / "b", b"1", durable=False)
    assert len(fsyncs) == 1 and (tmp_path / "b").read_bytes() == b"1"


def test_parts_are_written_in_order_and_only_when_changed(tmp_path):
    path = tmp_path / "r.json"
    wrote, sha = fsutil.write_parts_if_changed(path, [b"ab", b"", b"cd"], durable=False)
    assert wrote and path.read_bytes() == b"abcd"
    assert fsutil.write_parts_if_changed(path, [b"abc", b"d"]) == (False, sha)  # same bytes: untouched
    wrote, other = fsutil.write_parts_if_changed(path, [b"x"], last=sha)  # differs from the recorded hash
    assert wrote and other != sha and path.read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # no temp files left


def test_a_translators_catalog_is_flushed_to_disk(tmp_path, fsyncs):
    from pipeline.catalogs import write_catalog

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Hello", msgstr="Hola"))
    assert write_catalog(tmp_path / "es.po", po)
    assert len(fsyncs) == 1
