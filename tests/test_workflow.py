"""Issue 13: a team workflow that never lies.

Each test reproduces what a person does (a translator's editor save, a deleted
file, a settings typo, CI's commands) and asserts the exit code and what is on disk.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


# -- 1. `make bench` -------------------------------------------------------------------------


def test_make_bench_target_names_a_script_that_exists():
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^bench:.*\n\t(.+)$", makefile, re.M).group(1)
    script = re.search(r"(bench/\S+\.py)", recipe).group(1)
    assert (REPO / script).is_file(), recipe


def test_bench_runner_runs_each_script_quick_and_fails_when_one_fails(tmp_path):
    (tmp_path / "fine.py").write_text("import sys\nprint('fine', sys.argv[1:])\n")
    (tmp_path / "broken.py").write_text("import sys\nsys.exit(2)\n")
    out = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "fine ['--quick']" in out.stdout
    assert re.search(r"broken\s+FAILED \(exit 2\)", out.stdout)
    assert re.search(r"fine\s+ok", out.stdout)
    assert "broken" in out.stderr
    only = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--dir", str(tmp_path), "fine"],
                          capture_output=True, text=True, timeout=60)
    assert only.returncode == 0, only.stdout + only.stderr


def test_bench_runner_lists_the_real_benchmarks():
    out = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--list"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    listed = set(out.stdout.split())
    assert {"catalogs", "checks", "build"} <= listed and "run" not in listed
