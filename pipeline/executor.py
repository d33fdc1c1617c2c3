"""Where a build's per-document work runs: in this process, or as Dask tasks.

``polyleaf build --executor dask [--scheduler ADDRESS]`` (or ``[build] executor = "dask"``)
sends the work that is independent per document -- the merge of its catalogs, their checks,
coverage and manifest audit blocks, its readability scores, its HTML/PDF pages -- to Dask
distributed: a ``LocalCluster`` of processes by default (``-j`` workers), or a running
scheduler.  Each task is keyed by the content hash of its inputs, returns values (catalog
bytes, findings, report parts, pages) and writes no project file: this process writes every
file, after every task has finished, with the same code as the serial build, so the outputs
are byte-identical and a worker that dies mid-build costs only its task, which the scheduler
runs again elsewhere (never a partial file).  (Pages are the one exception to "returns the
bytes": a render task stages the pages that changed in its own folder beside the site, and
this process moves them in: :func:`pipeline.site._render_remote`.)

What a task costs besides its work, and what is done about it:

- calls are batched: about ``BATCHES_PER_WORKER`` tasks per worker (a batch is keyed by the
  hash of its calls' keys), so 2,000 documents are not 2,000 round trips through the scheduler,
  and a lost worker still costs only its batch;
- the arguments every call of a map shares (the settings: ~0.4 MB pickled with 2,000 waivers,
  4 MB with 20,000) travel once per batch, not once per call (a batch carries all it needs,
  so it can run again anywhere);
- a map's shared arguments are pickled once, here, and every batch's calls and results travel
  as pickled bytes: the scheduler and the workers' event loops move bytes and never unpickle,
  pickle or measure the settings or the report parts (on 2 cores, that CPU was taken from the
  tasks); a worker unpickles a map's shared arguments once;
- each batch's results are fetched as soon as it finishes (``as_completed``), while the
  others run, so the end of a map waits for one batch's transfer, not all of them;
- the LocalCluster's workers run without Dask's statistical profiler (:data:`WORKER_CONFIG`);
- each worker imports Polyleaf's task modules once, when the executor starts (:func:`_warm`);
- every map records its wall time on the client and, per worker, the seconds and CPU seconds
  its tasks took (:attr:`DaskExecutor.stats`): the build's time outside the maps is the part
  that runs serially in this process (Amdahl), and a task's CPU time below its wall time is
  time it waited for a core (``bench/scale.py`` prints both).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import memo
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


#: Settings of the LocalCluster's workers.  Dask's statistical profiler samples every worker's
#: stacks 100 times a second for the dashboard, which a build does not use (a worker's CPU spent
#: on it is a core taken from the tasks on a small machine); the system monitor's psutil polls
#: (every 0.5 s) and the memory monitor's (every 0.1 s) run far less often than a task lasts.
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}

BATCHES_PER_WORKER = 4  # load balance (a slow batch at the end) against per-task overhead


@dataclass
class MapStats:
    """One :meth:`DaskExecutor.map`: its function, calls, tasks (batches), the client's wall and
    CPU seconds from submit to the last result, and per worker ``[task wall s, task CPU s, calls]``."""

    function: str
    calls: int
    tasks: int
    wall: float = 0.0
    cpu: float = 0.0  # this process's CPU seconds during the map (submit, results; a local scheduler)
    workers: dict = field(default_factory=dict)

    @property
    def task_wall(self) -> float:
        return sum(w[0] for w in self.workers.values())

    @property
    def task_cpu(self) -> float:
        return sum(w[1] for w in self.workers.values())


def _warm() -> int:
    """Import the modules the tasks run (a worker pays it once, at start, not in its first task)."""
    from . import catalogs, check_runner, site  # noqa: F401
    from .readability import report  # noqa: F401
    from .render import export  # noqa: F401
    from .stages import check, score  # noqa: F401

    return os.getpid()


def _dumps(value: Any) -> bytes:
    """Pickled bytes (cloudpickle for what pickle cannot: a lambda, a local function)."""
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        import cloudpickle

        return cloudpickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


_SHARED = memo.table(f"{__name__}.shared")  # sha256 of a map's shared arguments -> them, unpickled


def _shared_arguments(blob: bytes) -> dict:
    """The arguments a map's calls share, unpickled once per worker and map (a batch carries the
    bytes, so it can still run anywhere; the worker unpickles them for its first batch only)."""
    key = hashlib.sha256(blob).digest()
    if key not in _SHARED:
        while len(_SHARED) >= 4:  # a build's maps, not every map a long-lived worker ever ran
            del _SHARED[next(iter(_SHARED))]
        _SHARED[key] = pickle.loads(blob)
    return _SHARED[key]


def _run_batch(fn: Callable[..., Any], shared: bytes, calls: bytes) -> bytes:
    """A task: ``fn`` over a batch of calls.  ``shared`` (pickled: position -> the argument every
    call of the map has) and ``calls`` (pickled: each call's other arguments) arrive as bytes, and
    the results leave as bytes, so neither the scheduler nor the worker's event loop unpickles,
    pickles or measures them (the client pickles once, the task unpickles once); returns the pickled
    results, and the batch's wall and CPU seconds on this worker."""
    t0, c0 = time.perf_counter(), time.thread_time()
    common = _shared_arguments(shared)
    results = []
    for args in pickle.loads(calls):
        full = list(args)
        for i in sorted(common):
            full.insert(i, common[i])
        results.append(fn(*full))
    return _dumps((results, time.perf_counter() - t0, time.thread_time() - c0, os.getpid()))


def _batches(n: int, tasks: int) -> list[range]:
    """``n`` calls cut into ``tasks`` contiguous runs of nearly equal length (in order)."""
    tasks = max(1, min(n, tasks))
    size, extra = divmod(n, tasks)
    out, start = [], 0
    for i in range(tasks):
        end = start + size + (1 if i < extra else 0)
        out.append(range(start, end))
        start = end
    return out


class DaskExecutor:
    """Tasks on Dask distributed: a LocalCluster of ``workers`` processes, or ``scheduler``'s cluster.

    ``batch``: calls per task (``None``: about :data:`BATCHES_PER_WORKER` tasks per worker;
    1: a task per call, as before batching)."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2, batch: int | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise PolyleafError("--executor dask needs Dask distributed: pip install 'polyleaf[dask]'") from None
        self.cluster = None
        self.batch = batch
        self.stats: list[MapStats] = []
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                import dask

                with dask.config.set(WORKER_CONFIG):  # the nannies hand it to the worker processes
                    self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                                dashboard_address=None, silence_logs=40)
                self.client = Client(self.cluster)
                self.client.wait_for_workers(max(1, workers))
        except OSError as exc:
            raise PolyleafError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from None
        try:
            self.client.run(_warm)
        except Exception:  # noqa: BLE001 -- a worker that cannot import Polyleaf fails its first task, with the real error
            pass

    def _addresses(self) -> list:
        """The workers' addresses, sorted ([None] while the cluster has none)."""
        return sorted(self.client.scheduler_info().get("workers", {})) or [None]

    def worker_cpu(self) -> dict[str, float]:
        """CPU seconds each worker process has used so far (its tasks, its event loop, its transfers)."""
        return self.client.run(time.process_time)

    def map(self, fn: Callable[..., Any], calls: Sequence[tuple], keys: Sequence[str]) -> list[Any]:
        """``fn(*args)`` for every call, as tasks named by ``keys`` (content hashes); results in order."""
        if not calls:
            return []
        t0, c0 = time.perf_counter(), time.process_time()
        first = calls[0]
        same = [i for i in range(len(first))
                if all(len(c) == len(first) and c[i] is first[i] for c in calls)] if len(calls) > 1 else []
        # Pickled once per map, here, and carried as bytes by every batch.  (Not scattered: data
        # scattered to a worker that dies is lost with it, and every task would fail; a batch
        # carries everything it needs.)
        shared = _dumps({i: first[i] for i in same})
        rest = [tuple(a for i, a in enumerate(args) if i not in same) for args in calls]
        addresses = self._addresses()
        per_task = self.batch or -(-len(calls) // (len(addresses) * BATCHES_PER_WORKER))
        runs = _batches(len(calls), -(-len(calls) // max(1, per_task)))
        futures = []
        for n, run in enumerate(runs):
            batch_keys = [keys[i] for i in run]
            key = batch_keys[0] if len(batch_keys) == 1 else task_key(f"{_kind(batch_keys[0])}-batch", *batch_keys)
            # the k-th share of the calls prefers the k-th worker, in every map: the stages pass the
            # documents in the same order, so a worker checks, scores and renders the same documents
            # and parses their catalogs once (any worker may still run it: a lost worker costs nothing)
            home = addresses[n * len(addresses) // len(runs)]
            where = {"workers": [home], "allow_other_workers": True} if home else {}
            futures.append(self.client.submit(_run_batch, fn, shared, _dumps([rest[i] for i in run]),
                                              key=key, pure=False, **where))
        stats = MapStats(getattr(fn, "__name__", str(fn)), len(calls), len(futures))
        from dask.distributed import as_completed

        # Each batch's results are fetched and unpickled as soon as it finishes, while the others
        # run: after the last task only its own batch is left to move, not the whole map's.
        parts: list = [None] * len(futures)
        where_is: dict[str, list[int]] = {}
        for i, f in enumerate(futures):
            where_is.setdefault(f.key, []).append(i)  # the same key twice: the same work, one result
        try:
            for future in as_completed(futures):
                part = pickle.loads(future.result())
                for i in where_is[future.key]:
                    parts[i] = part
        finally:
            for f in futures:
                f.release()
        results: list[Any] = []
        for run, (part, wall, cpu, worker) in zip(runs, parts):
            results += part
            w = stats.workers.setdefault(worker, [0.0, 0.0, 0])
            w[0] += wall
            w[1] += cpu
            w[2] += len(run)
        stats.wall, stats.cpu = time.perf_counter() - t0, time.process_time() - c0
        self.stats.append(stats)
        return results

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _kind(key: str) -> str:
    parts = key.split("-")
    return parts[1] if len(parts) > 2 and parts[0] == "polyleaf" else "task"


def make_executor(name: str | None, scheduler: str | None = None, workers: int | None = None):
    if name in (None, "", "serial"):
        return SerialExecutor()
    if name == "dask":
        return DaskExecutor(scheduler, workers or 2)
    raise PolyleafError(f"unknown executor {name!r} (known: {', '.join(EXECUTORS)})")


def task_key(kind: str, *parts: str) -> str:
    """A task name from its inputs' hash: the same work has the same key on every run and machine."""
    h = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"polyleaf-{kind}-{h}"
