"""Keep bench/scale.py from rotting: the whole bench at a tiny size, in a subprocess, as the lead runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_scale_bench_runs_at_a_tiny_size_and_reuses_its_projects(tmp_path: Path):
    pytest.importorskip("dask.distributed")
    cmd = [sys.executable, str(REPO / "bench" / "scale.py"), "--sizes", "2x2,4x2", "--repeat", "1",
           "--pdf-sample", "0", "--no-rebuild", "--keep", str(tmp_path)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    for stage in ("extract", "check", "score", "render+publish", "total"):
        assert re.search(rf"\| 4x2=8 \| {re.escape(stage)} \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|", text), stage
    assert "full build 4x2: " in text and "8 of 8 pairs published" in text  # every pair passes the gate
    assert re.search(r"dask speed-up 1 -> 2 workers: [0-9.]+x", text)
    assert "every Dask run: True" in text  # byte-identical to the serial build
    # the baseline of the same run: the same work in independent processes, 1 against 2 at once
    assert re.search(r"\| 1 \| [0-9.]+ \| [0-9.]+ \| [0-9.]+x \|", text)
    assert re.search(r"the machine's own 1 -> 2 throughput for this work, same run: best [0-9.]+x, median [0-9.]+x; "
                     r"the Dask speed-up is [0-9]+% of the best", text)
    assert (tmp_path / "2x2-twin1" / "dist" / "site" / "manifest.json").is_file()  # the copy, built by the baseline
    assert re.search(r"serial part \(client outside the maps\) in the 1-worker build: .* Amdahl bound", text)
    assert re.search(r"projected serial, 80,000 pairs .*: [0-9.]+ h without PDF", text)
    assert (tmp_path / "4x2" / ".bench-scale").is_file()
    # a second run reuses the generated project (it is not generated again)
    stamp = (tmp_path / "4x2" / "source" / "doc000.md").stat().st_mtime_ns
    again = subprocess.run([*cmd[:3], "4x2", "--no-dask", "--no-rebuild", "--pdf-sample", "0", "--keep", str(tmp_path)],
                           env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "4x2: project ready in 0 s" in again.stdout
    assert (tmp_path / "4x2" / "source" / "doc000.md").stat().st_mtime_ns == stamp
