"""Build caches (``.polyleaf-cache/``): signed with a key that never lives in the project.

Every stage trusts its cache to skip work: a recorded "0 errors" or "meets its readability
target" is believed, and the score and parse caches are pickles.  A cache file committed to
a pull request (``git add -f``) must therefore never be believed by CI: each file ends with
an HMAC-SHA256 of its content and name, keyed by a random key kept in the user's cache
folder (``$XDG_CACHE_HOME/polyleaf/cache-key``, mode 0600), so only caches this machine's
user wrote are read.  A file that does not verify (another machine's, tampered with, from
an older format) reads as absent: it costs a rebuild, never a wrong answer.

Machines that should share caches (CI runners restoring ``.polyleaf-cache/`` with a cache
action, a build farm) share a key through the environment instead: ``POLYLEAF_CACHE_KEY``
(a secret of at least 32 characters; never a file in the project).  Every cache is keyed
by content hashes and names files relative to the project, so it is valid on any machine
holding the same sources and catalogs.

The cache files, one owner each (all under ``.polyleaf-cache/``):

=========================  =====================================  ==========================
file                       key                                    owner
=========================  =====================================  ==========================
``extract.json``           settings text + memory digest; sha256  ``pipeline.catalogs``
                           of every source, template, catalog
``documents.pickle``       source path + sha256 + parse options   ``pipeline.source``
``settings.pickle``        sha256 of ``polyleaf.toml`` (its       ``pipeline.config``
                           parsed TOML; validated on every load)
``digests.json``           (size, mtime, ctime) -> sha256,        ``pipeline.catalogs``
                           relative paths
``checks/*.json``          checks code, settings, glossary;       ``pipeline.check_runner``
                           per pair source and catalog sha256
``score.json``, ``score/`` inputs_hash (settings, sources,        ``pipeline.stages.score``
                           catalogs, version); score.json also
                           where each document's part sits in
                           the report files it wrote
``site.json``              inputs_hash + rendering code + UI      ``pipeline.site``
``titles.json``            rendering code; source + catalog       ``pipeline.site``
                           sha256 per page title, UI catalogs
                           per index entry, its content (page)
``audit.json``             settings text + audit code; catalog    ``pipeline.stages.publish``
                           sha256 per manifest audit block
``manifest.json``          JSON writer code; sha256 of each       ``pipeline.stages.publish``
                           decision's content
=========================  =====================================  ==========================

What Polyleaf keeps in memory between calls (parses, digests, per-word counts) is owned by
:mod:`pipeline.memo`, keyed the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import memo
from .fsutil import write_bytes_atomic

TAG = 32  # bytes of HMAC-SHA256 at the end of every cache file


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "polyleaf" / "cache-key"


def _key() -> bytes:
    """The key caches are signed with: from ``POLYLEAF_CACHE_KEY``, else this user's key."""
    shared = os.environ.get("POLYLEAF_CACHE_KEY", "")
    if len(shared) >= 32:  # machines sharing caches share this secret (from the environment only)
        return hashlib.sha256(b"polyleaf-cache\0" + shared.encode("utf-8")).digest()
    return _user_key(os.environ.get("XDG_CACHE_HOME", ""))  # (key_file() is slower than the memo)


@memo.pure(maxsize=4)
def _user_key(xdg_cache_home: str) -> bytes:
    """This user's cache key (in :func:`key_file`, which ``XDG_CACHE_HOME`` moves), made on first
    use; without a writable home, one per process (caches then only serve the process that wrote
    them, until :func:`pipeline.memo.clear`)."""
    path = key_file()
    try:
        data = path.read_bytes()
        if len(data) < 32:
            raise ValueError
        return data
    except (OSError, ValueError):
        fresh = secrets.token_bytes(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            old = os.umask(0o077)
            try:
                write_bytes_atomic(path, fresh)
            finally:
                os.umask(old)
            return path.read_bytes()  # another process may have written its key first: use the one on disk
        except OSError:
            return fresh


def _tag(path: Path, parts: Sequence[bytes]) -> bytes:
    mac = hmac.new(_key(), f"{path.parent.name}/{path.name}".encode("utf-8") + b"\0", hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.digest()


def read(path: str | os.PathLike) -> bytes | None:
    """The content of a cache file this user wrote, or None (absent, damaged, foreign)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < TAG:
        return None
    body = memoryview(data)[:-TAG]
    if not hmac.compare_digest(_tag(path, [body]), data[-TAG:]):
        return None
    return bytes(body)


def write(path: str | os.PathLike, content: bytes | Sequence[bytes]) -> bool:
    """Write a cache file (atomic, not flushed to disk: a cache only saves work); False when it
    could not be written (a read-only checkout), which is never an error."""
    path = Path(path)
    parts = [content] if isinstance(content, (bytes, bytearray)) else list(content)
    signed = [*parts, _tag(path, parts)]
    try:
        try:
            if path.read_bytes() == b"".join(signed):
                return True
        except OSError:
            pass
        write_bytes_atomic(path, signed, durable=False)
        return True
    except OSError:
        return False


def read_pickle(path: str | os.PathLike) -> Any:
    """A pickled cache file's value, or None; only a file this user's key signed is unpickled."""
    import pickle

    data = read(path)
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - an old format or a bug of ours: the cache only costs a rebuild
        return None


def write_pickle(path: str | os.PathLike, value: Any) -> bool:
    import pickle

    return write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_json(path: str | os.PathLike) -> Any:
    """A JSON cache file's value, or None."""
    data = read(path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def write_json(path: str | os.PathLike, value: Any) -> bool:
    return write(path, json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8"))
