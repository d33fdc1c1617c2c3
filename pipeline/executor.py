"""Where a build's per-document work runs: in this process, or as Dask tasks.

``polyleaf build --executor dask [--scheduler ADDRESS]`` (or ``[build] executor = "dask"``)
sends the work that is independent per document -- checks and coverage of its catalogs,
its readability scores, its HTML/PDF pages -- to Dask distributed: a ``LocalCluster`` of
processes by default (``-j`` workers), or a running scheduler.  Each task is keyed by the
content hash of its inputs, returns values (findings, report parts, page bytes) and writes
nothing: this process writes every file, after every task has finished, with the same code
as the serial build, so the outputs are byte-identical and a worker that dies mid-build
costs only its task, which the scheduler runs again elsewhere (never a partial file).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .errors import PolyleafError

EXECUTORS = ("serial", "dask")


class SerialExecutor:
    """Runs every task here, in order."""

    name = "serial"

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple], keys: Sequence[str]) -> list[Any]:
        return [fn(*args) for args in calls]

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class DaskExecutor:
    """Tasks on Dask distributed: a LocalCluster of ``workers`` processes, or ``scheduler``'s cluster."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise PolyleafError("--executor dask needs Dask distributed: pip install 'polyleaf[dask]'") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
                self.client = Client(self.cluster)
        except OSError as exc:
            raise PolyleafError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple], keys: Sequence[str]) -> list[Any]:
        """``fn(*args)`` for every call, as tasks named by ``keys`` (content hashes); results in order."""
        if not calls:
            return []
        futures = [self.client.submit(fn, *args, key=key, pure=False) for args, key in zip(calls, keys)]
        try:
            return self.client.gather(futures)
        finally:
            for f in futures:
                f.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_executor(name: str | None, scheduler: str | None = None, workers: int | None = None):
    if name in (None, "", "serial"):
        return SerialExecutor()
    if name == "dask":
        return DaskExecutor(scheduler, workers or 2)
    raise PolyleafError(f"unknown executor {name!r} (known: {', '.join(EXECUTORS)})")


def task_key(kind: str, *parts: str) -> str:
    """A task name from its inputs' hash: the same work has the same key on every run and machine."""
    import hashlib

    h = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"polyleaf-{kind}-{h}"
