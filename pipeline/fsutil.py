"""The one place that writes files: atomically, and only when content changed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    A reader (or a crash) sees either the old file or the new one, never half.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
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


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def write_if_changed(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> bool:
    """Write only when the bytes differ; return whether the file was written."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    path = Path(path)
    try:
        if path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        pass
    write_bytes_atomic(path, payload)
    return True


def would_change(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> bool:
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        return Path(path).read_bytes() != payload
    except FileNotFoundError:
        return True
