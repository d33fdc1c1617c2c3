"""bench/po_io.py runs end to end at a tiny size: our output equals msgcat's, ratios are printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.tools
def test_po_io_bench_runs_and_matches_msgcat():
    if not shutil.which("msgcat"):
        pytest.skip("GNU gettext's msgcat is not installed (apt-get install gettext)")
    r = subprocess.run([sys.executable, str(REPO / "bench" / "po_io.py"), "--size-mb", "0.2", "--repeat", "1", "--scaling", "0.1,0.2"],
                       capture_output=True, text=True, timeout=300, cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert "outputs byte-identical   : yes" in r.stdout
    assert "x memory (target <= 2)" in r.stdout and "s/MB" in r.stdout
