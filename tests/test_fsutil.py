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


def test_shared_catalog_is_parsed_once_per_content(tmp_path):
    import os

    from pipeline.catalogs import read_catalog_shared, write_catalog

    path = tmp_path / "es.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Hello", msgstr="Hola"))
    write_catalog(path, po)
    first = read_catalog_shared(path)
    assert read_catalog_shared(path) is first  # same bytes: the same parse
    po[0].msgstr = "Buenas"
    write_catalog(path, po)
    os.utime(path, ns=(0, 0))  # even with an old timestamp, new bytes mean a new parse
    again = read_catalog_shared(path)
    assert again is not first and again[0].msgstr == "Buenas"


def test_digests_persist_between_runs_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    import hashlib
    import os

    from pipeline import catalogs

    path = tmp_path / "c.po"
    path.write_bytes(b"one")
    os.utime(path, ns=(10**18, 10**18 - 10**10))
    monkeypatch.setattr(catalogs, "_RACY_NS", -10**18)  # the change time cannot be set back: no racy window
    store = tmp_path / "digests.json"
    catalogs._DIGESTS.clear()
    with catalogs.digest_cache(store, tmp_path):
        assert catalogs.file_digest(path) == hashlib.sha256(b"one").hexdigest()
    assert store.is_file()
    catalogs._DIGESTS.clear()  # a new process
    reads = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda f, *a, **k: reads.append(str(f)) or real_open(f, *a, **k))
    with catalogs.digest_cache(store, tmp_path):
        assert catalogs.file_digest(path) == hashlib.sha256(b"one").hexdigest()
        assert str(path) not in reads  # known by size and mtime: not read
        path.write_bytes(b"two")  # same size, new mtime
        assert catalogs.file_digest(path) == hashlib.sha256(b"two").hexdigest()


def test_digest_cache_moves_with_the_project(tmp_path, monkeypatch):
    """Relative paths and no inode: a copied project's cache file still names its files."""
    import hashlib
    import os
    import shutil

    from pipeline import catalogs

    first = tmp_path / "a"
    first.mkdir()
    (first / "c.po").write_bytes(b"one")
    os.utime(first / "c.po", ns=(10**18, 10**18 - 10**10))
    monkeypatch.setattr(catalogs, "_RACY_NS", -10**18)  # the change time cannot be set back: no racy window
    ctime = os.stat(first / "c.po").st_ctime_ns
    catalogs._DIGESTS.clear()
    with catalogs.digest_cache(first / ".polyleaf-cache" / "digests.json", first):
        catalogs.file_digest(first / "c.po")
    moved = tmp_path / "b"
    shutil.copytree(first, moved, copy_function=shutil.copy2)  # new inodes, same sizes and mtimes
    catalogs._DIGESTS.clear()
    with catalogs.digest_cache(moved / ".polyleaf-cache" / "digests.json", moved) as cache:
        stamp = (3, 10**18 - 10**10, ctime)
        assert cache.loaded == {str(moved / "c.po"): (stamp, hashlib.sha256(b"one").hexdigest())}
        # the copy has a new change time: read once (never trusted on the recorded stamp), still correct
        assert catalogs.file_digest(moved / "c.po") == hashlib.sha256(b"one").hexdigest()
