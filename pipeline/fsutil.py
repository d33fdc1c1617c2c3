"""The one place that writes files: atomically, and only when content changed.

Every write goes to a temp file in the same folder and is renamed over the target, so a
reader or a crash sees the old file or the new one, never half.  Files people made or
will edit (catalogs, templates) are also flushed to disk (``fsync``) before the rename,
so a power cut cannot lose a translator's work; derived outputs (the site, exports,
reports, caches) pass ``durable=False``: a power cut at worst costs a rebuild, and a
full build of 2000 pages does not spend a third of its time in ``fsync``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_bytes_atomic(path: str | os.PathLike, data: bytes | Sequence[bytes], durable: bool = True) -> None:
    """Write ``data`` (bytes, or pieces written one after the other) to ``path`` via a temp
    file in the same folder and a rename.

    A reader (or a crash) sees either the old file or the new one, never half.
    """
    path = Path(path)
    if not path.parent.is_dir():  # (a stat: a mkdir of an existing folder costs ~20x more on some disks)
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, (bytes, bytearray, memoryview)):
                fh.write(data)
            else:
                fh.writelines(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8", durable: bool = True) -> None:
    write_bytes_atomic(path, text.encode(encoding), durable)


def write_if_changed(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8", durable: bool = True) -> bool:
    """Write only when the bytes differ; return whether the file was written."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    path = Path(path)
    try:
        if path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        pass
    write_bytes_atomic(path, payload, durable)
    return True


def write_parts_if_changed(path: str | os.PathLike, parts: Sequence[bytes], last: str | None = None,
                           durable: bool = True, digest: str | None = None) -> tuple[bool, str]:
    """Like :func:`write_if_changed` for a file made of ``parts`` (never joined in memory: a
    project-wide report can be a hundred megabytes); returns (written, sha256 hex of the content).

    ``last``: the sha256 this file had when last written; content that hashes differently is
    written without reading the old file first.  ``digest``: the sha256 of ``parts`` when the
    caller already computed it (:func:`parts_digest`).
    """
    if digest is None:
        digest = parts_digest(parts)
    path = Path(path)
    if last is not None and last != digest:
        write_bytes_atomic(path, parts, durable)
        return True, digest
    try:
        if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
            return False, digest
    except FileNotFoundError:
        pass
    write_bytes_atomic(path, parts, durable)
    return True, digest


def parts_digest(parts: Sequence[bytes]) -> str:
    """sha256 hex of the concatenation of ``parts``."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.hexdigest()


def files_digest(files: Iterable[tuple[str, str | os.PathLike]], h=None):
    """``h`` (a new sha256 by default) updated with each file's label, a NUL and its bytes, in
    order: the content key of code or data a cache depends on.  Returns ``h``."""
    h = h if h is not None else hashlib.sha256()
    for label, path in files:
        h.update(label.encode("utf-8") + b"\0")
        h.update(Path(path).read_bytes())
    return h


def would_change(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> bool:
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        return Path(path).read_bytes() != payload
    except FileNotFoundError:
        return True
