"""Benchmark: build cost per (document, language) pair as a project grows, serial and on Dask.

    python bench/scale.py [--sizes 20x10,200x10] [--workers 2] [--pdf 4x2] [--keep DIR]

For each size N x M a project is generated in a temporary folder (never committed):
N synthetic leaflets (``bench/catalogs.py``: ~600 words each, 6 sections) in M languages,
catalogs filled with stand-in translations that count as reviewed, and a readability waiver
per pair, so every pair passes the gate and is rendered (the worst case for the build).
Then, timed:

1. a full ``build`` (HTML), in-process, with each stage's seconds per pair
   (extract, check, score, render+publish) -- the smallest size is the baseline and every
   other size prints its ratio (linear growth: <= 1.1x per pair);
2. the no-op rebuild and the one-paragraph-edit rebuild (``python -m pipeline build -f html``
   as a user runs it, interpreter start included) at the largest size: targets < 1 s, < 1.3 s;
3. the same full build on Dask distributed with 1 worker and with ``--workers`` workers
   (a LocalCluster of processes, started before the clock): the speed-up;
4. the PDF cost per pair on a small project (``--pdf``: HTML+PDF minus HTML), and the serial
   time projected for 80,000 pairs (2,000 documents x 40 languages) with and without PDF;
5. byte-identity: the Dask builds' manifest, site and reports against the serial build's.

Every number is measured in this run on this machine; a shared or small machine shows it
(the Dask speed-up cannot exceed the free cores).  Sizes above 200 x 10 are slow here
(``--sizes 200x10,2000x10`` runs 2,000 x 10 for real).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from catalogs import LANGS, make_project, translate_all, typo  # noqa: E402

from pipeline.build import build  # noqa: E402
from pipeline.catalogs import update_project  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.languages import parse_language  # noqa: E402

STAGES = ("extract", "check", "score", "publish")
PAIRS_80K = 2000 * 40


def generate(root: Path, docs: int, langs: int) -> Path:
    """The project: sources, catalogs with stand-in reviewed translations, one waiver per pair."""
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
    return root


def outputs(root: Path) -> dict[str, bytes]:
    out = {}
    for sub in ("dist/site", "reports"):
        for p in sorted((root / sub).rglob("*")):
            if p.is_file():
                out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def full_build(root: Path, executor=None, formats=("html",)) -> tuple[float, dict[str, float], int]:
    shutil.rmtree(root / ".polyleaf-cache", ignore_errors=True)
    shutil.rmtree(root / "dist", ignore_errors=True)
    shutil.rmtree(root / "reports", ignore_errors=True)
    settings = load_settings(root)
    t0 = time.perf_counter()
    result = build(settings, formats=list(formats), translate=False, executor=executor)
    total = time.perf_counter() - t0
    shipped = sum(d.publish for d in result.outcome.decisions)
    return total, {s.name: s.seconds for s in result.stages}, shipped


def cli_build(root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20x10,200x10", help="N x M sizes, smallest first (the baseline)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pdf", default="4x2", help="small project for the PDF cost per pair")
    ap.add_argument("--keep", type=Path, default=None, help="generate here and keep it (default: a temporary folder)")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="polyleaf-scale-")) if args.keep is None else args.keep
    print(f"machine: {os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.1f}; project in {work}")
    rows, per_pair = [], {}
    try:
        largest = None
        for docs, langs in sizes:
            root = generate(work / f"{docs}x{langs}", docs, langs)
            pairs = docs * langs
            total, stages, shipped = full_build(root)
            per_pair[(docs, langs)] = {name: stages.get(name, 0.0) / pairs for name in STAGES} | {"total": total / pairs}
            rows.append((docs, langs, pairs, shipped, total))
            largest = (root, docs, langs)
        base = per_pair[sizes[0]]
        print("\n| pairs | stage | s per pair | x baseline per pair |\n|---:|---|---:|---:|")
        worst = 0.0
        for (docs, langs), costs in per_pair.items():
            for name in (*STAGES, "total"):
                ratio = costs[name] / base[name] if base[name] else float("nan")
                if (docs, langs) != sizes[0] and name == "total":
                    worst = max(worst, ratio)
                label = "render+publish" if name == "publish" else name
                print(f"| {docs}x{langs}={docs * langs} | {label} | {costs[name]:.4f} | {ratio:.2f} |")
        for docs, langs, pairs, shipped, total in rows:
            print(f"full build {docs}x{langs}: {total:.1f} s, {shipped} of {pairs} pairs published")
        if len(sizes) > 1:
            print(f"target: cost per pair grows <= 1.1x from {sizes[0][0]}x{sizes[0][1]} to {sizes[-1][0]}x{sizes[-1][1]}: "
                  f"{worst:.2f}x -> {'met' if worst <= 1.1 else 'NOT met'}")

        root, docs, langs = largest
        noop = cli_build(root)  # caches from the full build above
        noop = min(noop, cli_build(root))
        one_paragraph_edit(root, docs)
        edit = cli_build(root)
        print(f"\nno-op rebuild {docs}x{langs}: {noop:.2f} s (target < 1 s: {'met' if noop < 1 else 'NOT met'})")
        print(f"one-paragraph-edit rebuild {docs}x{langs}: {edit:.2f} s (target < 1.3 s: {'met' if edit < 1.3 else 'NOT met'})")

        serial_total, _, _ = full_build(root)
        reference = outputs(root)
        if not args.no_dask:
            from pipeline.executor import DaskExecutor

            times = {}
            for workers in (1, args.workers):
                with DaskExecutor(workers=workers) as runner:
                    runner.client.wait_for_workers(workers)
                    times[workers], _, _ = full_build(root, executor=runner)
                    same = outputs(root) == reference
                print(f"dask {workers} worker(s) {docs}x{langs}: {times[workers]:.1f} s "
                      f"(serial {serial_total:.1f} s); byte-identical to serial: {same}")
            speed = times[1] / times[args.workers]
            print(f"dask speed-up 1 -> {args.workers} workers: {speed:.2f}x (target >= 1.8x: {'met' if speed >= 1.8 else 'NOT met'}"
                  f"; {os.cpu_count()} CPU(s) at load {os.getloadavg()[0]:.1f})")

        pd, pl = parse_size(args.pdf)
        small = generate(work / f"pdf-{pd}x{pl}", pd, pl)
        html_only, _, _ = full_build(small)
        with_pdf, _, _ = full_build(small, formats=("html", "pdf"))
        pdf_pair = max(0.0, (with_pdf - html_only) / (pd * pl))
        pair = per_pair[sizes[-1]]["total"]
        print(f"\nPDF per pair ({pd}x{pl}): {pdf_pair:.3f} s")
        print(f"projected serial, 80,000 pairs: {PAIRS_80K * pair / 3600:.2f} h without PDF, "
              f"{PAIRS_80K * (pair + pdf_pair) / 3600:.2f} h with PDF "
              f"(per pair {pair:.4f} s + PDF {pdf_pair:.3f} s, from {sizes[-1][0]}x{sizes[-1][1]})")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
