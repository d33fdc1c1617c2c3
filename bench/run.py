"""Run every benchmark in this folder, one after another, and say which failed.

    python bench/run.py              # each bench/*.py with --quick (what `make bench` runs)
    python bench/run.py --full       # the full sizes (minutes to hours)
    python bench/run.py --list       # the scripts it would run
    python bench/run.py checks mt    # only these (file names without .py)

Each script prints its own numbers and ratios (measured against its baseline in
the same run); this runner adds one line per script with its exit status and
wall time, and exits 1 when any script failed.  A benchmark whose competitor
tool is missing says so in its own output (see bench/requirements.txt).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Scripts that need more than --quick to run, and what they are given.
EXTRA_ARGS = {
    # compares this tree's readability numbers with a git revision: HEAD, i.e. uncommitted changes
    "readability_equality": ["--base", "HEAD"],
}


def scripts(folder: Path) -> list[Path]:
    """Every benchmark script in ``folder`` (not this runner, not private modules)."""
    me = Path(__file__).resolve()
    return sorted(p for p in folder.glob("*.py") if p.resolve() != me and not p.name.startswith("_"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="only these benchmarks (file names without .py)")
    ap.add_argument("--full", action="store_true", help="full sizes instead of --quick")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    ap.add_argument("--dir", type=Path, default=HERE, help=argparse.SUPPRESS)  # tests run a folder of their own
    args = ap.parse_args(argv)
    found = scripts(args.dir)
    if args.names:
        known = {p.stem: p for p in found}
        unknown = [n for n in args.names if n not in known]
        if unknown:
            ap.error(f"unknown benchmark(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        found = [known[n] for n in args.names]
    if args.list:
        for p in found:
            print(p.stem)
        return 0
    results: list[tuple[str, int, float]] = []
    for path in found:
        cmd = [sys.executable, str(path), *([] if args.full else ["--quick"]), *EXTRA_ARGS.get(path.stem, [])]
        print(f"== {path.stem}: {' '.join(cmd[1:])}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call(cmd, cwd=HERE.parent)
        results.append((path.stem, code, time.perf_counter() - t0))
    print("\n== summary")
    for name, code, seconds in results:
        print(f"{name:<24} {'ok' if code == 0 else f'FAILED (exit {code})':<16} {seconds:8.1f}s")
    failed = [name for name, code, _ in results if code != 0]
    if failed:
        print(f"{len(failed)} of {len(results)} benchmark(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
