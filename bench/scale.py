"""Benchmark: build cost per (document, language) pair as a project grows, serial and on Dask.

    python bench/scale.py [--sizes 200x10,2000x10] [--dask-size 200x10] [--workers 2] [--repeat 2]
                          [--pdf-sample 10] [--keep DIR] [--no-dask] [--dask-only] [--no-rebuild]

For each size N x M a project is generated in a temporary folder (never committed; ``--keep DIR``
generates it there once and reuses it on the next run): N synthetic leaflets
(``bench/catalogs.py``: ~600 words each, 6 sections) in M languages, catalogs filled with
stand-in translations that count as reviewed, and a readability waiver per pair, so every pair
passes the gate and is rendered (the worst case for the build).  Then, timed:

1. a full serial ``build`` (HTML, every pair), in-process, with each stage's wall and CPU
   seconds per pair (extract, check, score, render+publish); the smallest size is the baseline
   and every other size prints its ratio (linear growth: <= 1.1x per pair).  CPU seconds are
   what other processes on a shared machine change least;
2. the no-op rebuild and the one-paragraph-edit rebuild (``python -m pipeline build -f html``
   as a user runs it, interpreter start included) at 200 x 10 (else the smallest size):
   targets < 1 s, < 1.3 s;
3. at ``--dask-size``: a serial build, then Dask distributed with 1 worker and with
   ``--workers`` workers (LocalCluster of processes, 1 thread each), alternated ``--repeat``
   times; the best time of each, and each 1-worker build's time over the next N-worker build's
   (paired, and their median).  Each build runs on a cluster started for it and warmed (imports)
   before the clock, with this process's memos emptied, as ``polyleaf build --executor dask``
   starts new workers; ``--warm-memos`` keeps both clusters and every memo through all runs (a
   long-lived cluster: later builds find their parsed catalogs in memory, the 1-worker cluster
   all of them, a 2-worker cluster only those of the documents it had).  For each Dask build: the
   time the client spent waiting on tasks (the maps) and outside them (the serial part, Amdahl),
   each worker's CPU seconds against the build's wall time, the CPU seconds *other* processes
   used meanwhile (``/proc/stat`` less this process tree: a busy machine shows in the table), the
   load average before and after, and byte-identity of manifest, site and reports against the
   serial build of the same run.  The baseline of the same run (``--no-ceiling`` skips it): before
   each pair of Dask builds, one serial build alone in a new process against N serial builds of N
   copies of the project at once: the machine's own 1 -> N throughput for this work, no Dask, which
   the Dask speed-up is printed against (on a shared virtual machine it is often well below N);
4. PDF, *sampled*: the PDF pages of a deterministic sample of ``--pdf-sample`` documents of the
   largest size (every k-th document, all its languages and the source language) rendered
   after one warm-up document; their seconds per pair are added to the HTML build's;
5. the serial time *projected* for 80,000 pairs (2,000 documents x 40 languages) with and
   without PDF, from the largest size's seconds per pair (the 40 languages are not generated:
   the bench's corpus has 10).

Every number is measured in this run on this machine; a shared or small machine shows it (the
Dask speed-up cannot exceed the free cores: the bench prints the load it saw).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from catalogs import LANGS, make_project, translate_all, typo  # noqa: E402

from pipeline import build as build_module  # noqa: E402
from pipeline.build import build  # noqa: E402
from pipeline.catalogs import update_project  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.languages import parse_language  # noqa: E402

STAGES = ("extract", "check", "score", "publish")
PAIRS_80K = 2000 * 40
GENERATED = ".bench-scale"  # marker: the project is complete (written last)
MAP_STAGE = {"update_document": "extract", "check_document": "check", "score_document": "score", "render_document": "publish"}  # Dask task -> stage


def generate(root: Path, docs: int, langs: int) -> Path:
    """The project: sources, catalogs with stand-in reviewed translations, one waiver per pair.
    A complete project left by an earlier run (``--keep``) is reused."""
    if (root / GENERATED).is_file():
        return root
    shutil.rmtree(root, ignore_errors=True)
    make_project(root, docs, langs)
    codes = [parse_language(c).code for c in LANGS[:langs]]
    waivers = "".join(
        f'\n[[waivers]]\ndocument = "doc{d:03}"\nlanguage = "{code}"\ndate = 2026-12-01\n'
        f'reason = "bench: stand-in translation"\n'
        for d in range(docs) for code in codes)
    with open(root / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write(waivers)
    update_project(load_settings(root))
    translate_all(root)
    (root / GENERATED).write_text(f"{docs}x{langs}\n", encoding="utf-8")
    return root


def outputs(root: Path) -> dict[str, bytes]:
    out = {}
    for sub in ("dist/site", "reports"):
        for p in sorted((root / sub).rglob("*")):
            if p.is_file():
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


_CPU: dict[str, float] = {}


def _timed_with_cpu(result, name, fn) -> None:
    """pipeline.build._timed, also keeping the stage's CPU seconds (this process) in ``_CPU``."""
    c0 = time.process_time()
    _original_timed(result, name, fn)
    _CPU[name] = time.process_time() - c0


_original_timed = build_module._timed
build_module._timed = _timed_with_cpu


def full_build(root: Path, executor=None, formats=("html",)) -> tuple[float, dict[str, float], dict[str, float], int]:
    """A build from nothing (no cache, site or reports): wall s, stage wall s, stage CPU s, pairs published."""
    shutil.rmtree(root / ".polyleaf-cache", ignore_errors=True)
    shutil.rmtree(root / "dist", ignore_errors=True)
    shutil.rmtree(root / "reports", ignore_errors=True)
    settings = load_settings(root)
    _CPU.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    result = build(settings, formats=list(formats), translate=False, executor=executor)
    total = time.perf_counter() - t0
    _CPU["build"] = time.process_time() - c0  # this process's CPU in the build (not in removing the last one's outputs)
    shipped = sum(d.publish for d in result.outcome.decisions)
    return total, {s.name: s.seconds for s in result.stages}, dict(_CPU), shipped


def cli_build(root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    # as an installed package runs: with its bytecode (pip compiles it; PYTHONDONTWRITEBYTECODE,
    # set on some CI images, would make every run compile every changed module from source)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), "build", "-f", "html", "-q"],
                       env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(f"build failed ({r.returncode}): {r.stderr[-2000:]}")
    return took


def one_paragraph_edit(root: Path, docs: int) -> None:
    import random

    path = root / "source" / f"doc{docs // 2:03}.md"
    blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    i = next(k for k, b in enumerate(blocks) if not b.startswith("#"))
    blocks[i] = typo(random.Random(5), blocks[i])
    time.sleep(1.1)  # a later modification time than the last build's outputs
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def parse_size(text: str) -> tuple[int, int]:
    n, _, m = text.lower().partition("x")
    return int(n), int(m)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# -- 1. cost per pair ---------------------------------------------------------------------------


def scale_table(work: Path, sizes: list[tuple[int, int]]) -> dict[tuple[int, int], dict[str, tuple[float, float]]]:
    """Serial full builds; (wall, CPU) seconds per pair and stage, per size; prints the table."""
    per_pair: dict[tuple[int, int], dict[str, tuple[float, float]]] = {}
    for docs, langs in sizes:
        t0 = time.perf_counter()
        root = generate(work / f"{docs}x{langs}", docs, langs)
        print(f"{docs}x{langs}: project ready in {time.perf_counter() - t0:.0f} s; load {load()}", flush=True)
        pairs = docs * langs
        before = load()
        c0 = time.process_time()
        total, stages, cpu, shipped = full_build(root)
        total_cpu = time.process_time() - c0
        per_pair[(docs, langs)] = {name: (stages.get(name, 0.0) / pairs, cpu.get(name, 0.0) / pairs) for name in STAGES}
        per_pair[(docs, langs)]["total"] = (total / pairs, total_cpu / pairs)
        print(f"full build {docs}x{langs}: {total:.1f} s wall, {total_cpu:.1f} s CPU, {shipped} of {pairs} pairs "
              f"published; load {before} -> {load()}", flush=True)
    base = per_pair[sizes[0]]
    print("\n| pairs | stage | s per pair (wall) | x baseline | CPU s per pair | x baseline |\n|---:|---|---:|---:|---:|---:|")
    worst = {"wall": 0.0, "cpu": 0.0}
    for (docs, langs), costs in per_pair.items():
        for name in (*STAGES, "total"):
            wall, cpu = costs[name]
            rw = wall / base[name][0] if base[name][0] else float("nan")
            rc = cpu / base[name][1] if base[name][1] else float("nan")
            if (docs, langs) != sizes[0] and name == "total":
                worst["wall"], worst["cpu"] = max(worst["wall"], rw), max(worst["cpu"], rc)
            label = "render+publish" if name == "publish" else name
            print(f"| {docs}x{langs}={docs * langs} | {label} | {wall:.4f} | {rw:.2f} | {cpu:.4f} | {rc:.2f} |")
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        for kind in ("wall", "cpu"):
            print(f"target: {kind} cost per pair grows <= 1.1x from {a[0]}x{a[1]} to {b[0]}x{b[1]}: "
                  f"{worst[kind]:.2f}x -> {'met' if worst[kind] <= 1.1 else 'NOT met'}")
    return per_pair


# -- 2. rebuilds --------------------------------------------------------------------------------


def rebuilds(root: Path, docs: int, langs: int, rounds: int = 5) -> None:
    """No-op and one-paragraph-edit rebuilds through the CLI (interpreter start included),
    ``rounds`` of each alternated; medians and every round printed (the machine's load varies)."""
    full_build(root)
    cli_build(root)  # the first CLI run writes what the in-process build leaves to it
    noops, edits = [], []
    for _ in range(rounds):
        noops.append(cli_build(root))
        one_paragraph_edit(root, docs)
        edits.append(cli_build(root))
    noop, edit = statistics.median(noops), statistics.median(edits)
    print(f"\nload after the rebuilds: {load()}")
    print(f"no-op rebuild {docs}x{langs}: median {noop:.2f} s of {' '.join(f'{t:.2f}' for t in noops)} "
          f"(target < 1 s: {'met' if noop < 1 else 'NOT met'})")
    print(f"one-paragraph-edit rebuild {docs}x{langs}: median {edit:.2f} s of {' '.join(f'{t:.2f}' for t in edits)} "
          f"(target < 1.3 s: {'met' if edit < 1.3 else 'NOT met'})")


# -- 3. Dask ------------------------------------------------------------------------------------


def _machine_busy() -> float:
    """CPU seconds every process on the machine has used since boot (``/proc/stat``; Linux)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return float("nan")
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    """CPU seconds of this process and its children (the LocalClusters' nannies and workers)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def dask_run(root: Path, runner, reference: dict[str, bytes], fresh: bool) -> dict:
    """One full build on ``runner``: wall, client CPU, time in maps, worker CPU, load, identity, and
    the CPU seconds other processes used meanwhile (a busy machine shows, not hides, in the table).
    ``fresh``: this process's memos are emptied first (``runner`` is a cluster started for this
    build, so its workers have none yet)."""
    if fresh:
        from pipeline import memo

        memo.clear()
    before, w0 = load(), runner.worker_cpu()
    busy0, own0 = _machine_busy(), _own_cpu()
    runner.stats.clear()
    total, stages, cpu, _ = full_build(root, executor=runner)
    client_cpu = cpu["build"]
    w1 = runner.worker_cpu()
    others = (_machine_busy() - busy0) - (_own_cpu() - own0)
    maps = sum(s.wall for s in runner.stats)
    in_maps = {name: sum(s.wall for s in runner.stats if MAP_STAGE.get(s.function) == name) for name in STAGES}
    return {
        "outside": {name: stages.get(name, 0.0) - in_maps[name] for name in STAGES},
        "wall": total, "stages": stages, "maps": maps, "serial": total - maps, "client_cpu": client_cpu,
        "serial_cpu": client_cpu - sum(s.cpu for s in runner.stats),
        "workers": {addr: w1[addr] - w0.get(addr, 0.0) for addr in w1},
        "task_wall": sum(s.task_wall for s in runner.stats), "task_cpu": sum(s.task_cpu for s in runner.stats),
        "tasks": sum(s.tasks for s in runner.stats), "calls": sum(s.calls for s in runner.stats),
        "load": f"{before} -> {load()}", "identical": outputs(root) == reference, "others": max(0.0, others),
    }


_SERIAL_BUILD = """
import sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
from pathlib import Path
import scale
scale.full_build(Path(sys.argv[1]))
"""


def _twins(root: Path, n: int) -> list[Path]:
    """``root`` and ``n - 1`` copies of its inputs (sources, catalogs, settings) beside it."""
    out = [root]
    for k in range(1, n):
        twin = root.parent / f"{root.name}-twin{k}"
        if not (twin / GENERATED).is_file():
            shutil.rmtree(twin, ignore_errors=True)
            shutil.copytree(root, twin, ignore=shutil.ignore_patterns("dist", "reports", ".polyleaf-cache"))
        out.append(twin)
    return out


def machine_ceiling(projects: list[Path]) -> tuple[float, float]:
    """The machine's own 1 -> N throughput for this work, no Dask: one serial build alone (a new
    process), then N serial builds of N copies at once.  Returns both wall times."""
    def run(paths: list[Path]) -> float:
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SERIAL_BUILD, str(p), str(HERE), str(HERE.parent)],
                                  stdout=subprocess.DEVNULL) for p in paths]
        if any(proc.wait() for proc in procs):
            raise SystemExit("a serial build for the machine's ceiling failed")
        return time.perf_counter() - t0

    return run(projects[:1]), run(projects)


def dask_bench(root: Path, docs: int, langs: int, workers: int, repeat: int, batch: int | None, warm: bool = False,
               ceiling: bool = True) -> None:
    from pipeline import memo
    from pipeline.executor import DaskExecutor

    memo.clear()
    c0 = time.process_time()
    serial, _, _, _ = full_build(root)
    serial_cpu = time.process_time() - c0
    reference = outputs(root)
    print(f"\nDask at {docs}x{langs} ({os.cpu_count()} CPU(s)); serial build in the same run: {serial:.1f} s wall, "
          f"{serial_cpu:.1f} s CPU; {'both clusters live through every run and keep their memos (a long-lived cluster)' if warm else 'each build runs on a cluster started (and warmed) for it, with empty memos here, as `polyleaf build --executor dask` starts new workers'}",
          flush=True)
    print("\n| workers | run | wall s | in maps s | client outside maps s (serial part) | client CPU s | "
          "worker CPU s (each) | tasks (calls) | task CPU / task wall | other processes' CPU s | load 1/5/15 before -> after | byte-identical |\n"
          "|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|---|")
    runs: dict[int, list[dict]] = {1: [], workers: []}
    # Default: every build on a cluster started for it (and warmed: imports, before the clock), then
    # closed, as `polyleaf build --executor dask` does; so one cluster's idle processes never share
    # the cores with the other's build.  --warm-memos: both clusters live through every run.
    clusters = {n: DaskExecutor(workers=n, batch=batch) for n in (1, workers)} if warm else {}
    projects = _twins(root, workers) if ceiling else []
    ceilings: list[tuple[float, float]] = []
    try:
        for i in range(repeat):
            if ceiling:
                ceilings.append(machine_ceiling(projects))
            for n in (1, workers):
                runner = clusters[n] if warm else DaskExecutor(workers=n, batch=batch)
                try:
                    r = dask_run(root, runner, reference, fresh=not warm)
                finally:
                    if not warm:
                        runner.close()
                runs[n].append(r)
                each = ", ".join(f"{v:.1f}" for v in r["workers"].values())
                ratio = r["task_cpu"] / r["task_wall"] if r["task_wall"] else float("nan")
                print(f"| {n} | {i + 1} | {r['wall']:.1f} | {r['maps']:.1f} | {r['serial']:.1f} | {r['client_cpu']:.1f} | "
                      f"{each} | {r['tasks']} ({r['calls']}) | {ratio:.2f} | {r['others']:.1f} | {r['load']} | {r['identical']} |", flush=True)
    finally:
        for c in clusters.values():
            c.close()
    best = {n: min(rs, key=lambda r: r["wall"]) for n, rs in runs.items()}
    one, many = best[1], best[workers]
    speed = one["wall"] / many["wall"]
    f = one["serial"] / one["wall"]  # Amdahl: the share of the 1-worker build that does not run in tasks
    bound = 1 / (f + (1 - f) / workers)
    maps_speed = one["maps"] / many["maps"] if many["maps"] else float("nan")
    identical = all(r["identical"] for rs in runs.values() for r in rs)
    print(f"\nbest of {repeat}: 1 worker {one['wall']:.1f} s, {workers} workers {many['wall']:.1f} s, serial {serial:.1f} s")
    print(f"serial part (client outside the maps) in the 1-worker build: {one['serial']:.1f} of {one['wall']:.1f} s = "
          f"{f:.1%}; Amdahl bound for {workers} workers: {bound:.2f}x")
    # The same split in CPU seconds, which other processes on a shared machine change least: the
    # client's CPU outside the maps (serial) and the tasks' CPU (parallel), as if each worker had a core.
    s_cpu, p_cpu = one["serial_cpu"], one["task_cpu"]
    if s_cpu + p_cpu > 0:
        fc = s_cpu / (s_cpu + p_cpu)
        print(f"by CPU seconds (1-worker build): serial part {s_cpu:.1f} s, tasks {p_cpu:.1f} s -> serial share {fc:.1%}; "
              f"{workers} workers on {workers} free cores would give at most {1 / (fc + (1 - fc) / workers):.2f}x")
    for n, r in best.items():
        print(f"  {n} worker(s), serial part by stage: " + ", ".join(
            f"{'render+publish' if k == 'publish' else k} {v:.1f} s" for k, v in r["outside"].items()))
    print(f"the maps alone (the parallel part): {one['maps']:.1f} s -> {many['maps']:.1f} s = {maps_speed:.2f}x")
    paired = [a["wall"] / b["wall"] for a, b in zip(runs[1], runs[workers])]
    print(f"paired runs (1-worker build / the {workers}-worker build after it): "
          + ", ".join(f"{r:.2f}x" for r in paired) + f"; median {statistics.median(paired):.2f}x")
    print(f"dask speed-up 1 -> {workers} workers: {speed:.2f}x (target >= 1.8x: {'met' if speed >= 1.8 else 'NOT met'}; "
          f"{os.cpu_count()} CPU(s), load {load()})")
    print(f"byte-identical to the serial build (manifest, site, reports), every Dask run: {identical}")
    if ceilings:
        # The baseline of the same run: what this machine gives when the same work runs N times at
        # once in independent processes (no Dask, no client, nothing shared but the hardware).
        ratios = [workers * one_ / many_ for one_, many_ in ceilings]
        print(f"\n| round | one serial build alone s | {workers} serial builds at once s | the machine's 1 -> {workers} throughput |\n|---:|---:|---:|---:|")
        for k, ((one_, many_), r) in enumerate(zip(ceilings, ratios), 1):
            print(f"| {k} | {one_:.1f} | {many_:.1f} | {r:.2f}x |")
        top = max(ratios)
        print(f"the machine's own 1 -> {workers} throughput for this work, same run: best {top:.2f}x, median "
              f"{statistics.median(ratios):.2f}x; the Dask speed-up is {speed / top:.0%} of the best "
              f"(best of each against best of each), its paired median {statistics.median(paired) / statistics.median(ratios):.0%} of the median")


# -- 4./5. PDF sample and the projection ---------------------------------------------------------


def pdf_sample(root: Path, docs: int, langs: int, sample: int) -> float:
    """PDF seconds per pair on every (docs // sample)-th document (all languages + source), after a warm-up."""
    from pipeline.catalogs import load_documents
    from pipeline.render import export as render_export
    from pipeline.render import load_export_settings
    from pipeline.review import is_reviewed

    settings = load_settings(root)
    es = load_export_settings(settings)
    documents = sorted(load_documents(settings), key=lambda d: d.name)
    step = max(1, len(documents) // max(1, sample))
    chosen = documents[::step][:sample]
    languages = [settings.source_language, *settings.languages]
    with tempfile.TemporaryDirectory(prefix="polyleaf-pdf-") as out:
        render_export(settings, [documents[-1]], languages, ["pdf"], draft=False, jobs=1, out_dir=Path(out) / "warm",
                      export_settings=es, reviewed=is_reviewed)  # WeasyPrint's start-up, fonts
        t0 = time.perf_counter()
        files = render_export(settings, chosen, languages, ["pdf"], draft=False, jobs=1, out_dir=Path(out) / "s",
                              export_settings=es, reviewed=is_reviewed)
        took = time.perf_counter() - t0
    per = took / (len(chosen) * langs)
    print(f"\nPDF, sampled: {len(chosen)} of {docs} documents (every {step}th: {chosen[0].name}, {chosen[1].name if len(chosen) > 1 else ''} ...) "
          f"x ({langs} languages + source) = {len(files)} PDF files in {took:.1f} s: {per:.3f} s per pair "
          f"(load {load()})", flush=True)
    return per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200x10,2000x10", help="N x M sizes, smallest first (the baseline)")
    ap.add_argument("--dask-size", default=None, help="size of the Dask measurement (default: the smallest size)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2, help="Dask: 1-worker and N-worker builds alternated this many times")
    ap.add_argument("--batch", type=int, default=None, help="Dask: calls per task (default: ~4 tasks per worker)")
    ap.add_argument("--pdf-sample", type=int, default=10, help="documents of the largest size whose PDF is rendered")
    ap.add_argument("--keep", type=Path, default=None, help="generate here and keep it for the next run (default: a temporary folder)")
    ap.add_argument("--warm-memos", action="store_true",
                    help="Dask: keep the memos between builds (a long-lived cluster) instead of emptying them before each")
    ap.add_argument("--no-ceiling", action="store_true",
                    help="Dask: skip the baseline (one serial build alone against N at once, in processes)")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--dask-only", action="store_true", help="only the Dask measurement (3)")
    ap.add_argument("--no-rebuild", action="store_true")
    ap.add_argument("--rebuild-only", action="store_true", help="only the no-op and edit rebuilds at 200x10 (2)")
    args = ap.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    dask_size = parse_size(args.dask_size) if args.dask_size else sizes[0]
    work = Path(tempfile.mkdtemp(prefix="polyleaf-scale-")) if args.keep is None else args.keep
    print(f"machine: {os.cpu_count()} CPU(s), load {load()} at {time.strftime('%H:%M:%S')}; projects in {work}", flush=True)
    try:
        if args.rebuild_only:
            rebuilds(generate(work / "200x10", 200, 10), 200, 10)
            return
        if not args.dask_only:
            per_pair = scale_table(work, sizes)
            if not args.no_rebuild:
                docs, langs = (200, 10) if (200, 10) in sizes else sizes[0]
                rebuilds(generate(work / f"{docs}x{langs}", docs, langs), docs, langs)
        if not args.no_dask:
            docs, langs = dask_size
            dask_bench(generate(work / f"{docs}x{langs}", docs, langs), docs, langs, args.workers, args.repeat, args.batch,
                       args.warm_memos, not args.no_ceiling)
        if not args.dask_only:
            docs, langs = sizes[-1]
            pdf = pdf_sample(generate(work / f"{docs}x{langs}", docs, langs), docs, langs, args.pdf_sample) if args.pdf_sample else 0.0
            wall, cpu = per_pair[sizes[-1]]["total"]
            print(f"projected serial, 80,000 pairs (from {docs}x{langs}: {wall:.4f} s per pair HTML, + {pdf:.3f} s PDF sampled): "
                  f"{PAIRS_80K * wall / 3600:.2f} h without PDF, {PAIRS_80K * (wall + pdf) / 3600:.2f} h with PDF "
                  f"(by CPU s per pair: {PAIRS_80K * cpu / 3600:.2f} h without PDF)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"done at {time.strftime('%H:%M:%S')}, load {load()}")


if __name__ == "__main__":
    main()
