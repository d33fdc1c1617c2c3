"""Keep bench/export.py honest and from rotting: its two polyleaf paths, its worker protocol, one tiny run."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_export", REPO / "bench" / "export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def test_documents_differ_so_nothing_can_be_cached(tmp_path):
    settings, es, jobs = bench.build_jobs(3, tmp_path)
    titles = [job.doc.title for job in jobs]
    assert len(set(titles)) == 3 and titles[0].startswith("1. ")


def test_before_and_now_paths_give_the_same_text(tmp_path):
    exe = shutil.which("pdftotext")
    if not exe:
        pytest.skip("pdftotext not installed (Debian poppler-utils)")
    settings, es, [job] = bench.build_jobs(1, tmp_path)
    now, before = bench.render_now(settings, job, es), bench.render_before(settings, job, es)
    assert now != before  # the compression differs ...
    texts = []
    for name, data in (("now", now), ("before", before)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        texts.append(subprocess.run([exe, str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True, check=True).stdout)
    assert texts[0] == texts[1] and "Immunotherapy" in texts[0]  # ... the document does not


def test_worker_protocol(tmp_path):
    w = bench.PolyleafWorker("new", 2, tmp_path)
    w.ready()
    w.render(1, tmp_path / "one.pdf")
    cpu = w.close()
    assert (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF-")
    assert cpu > 0 and w.proc.returncode == 0


@pytest.mark.tools
def test_tiny_run_prints_the_table(tmp_path):
    if not (shutil.which("chromium") and shutil.which("pdfinfo")):
        pytest.skip("chromium and pdfinfo needed (Debian chromium, poppler-utils)")
    out = subprocess.run([sys.executable, str(REPO / "bench" / "export.py"), "--docs", "1", "--rounds", "1", "--no-extras"],
                         capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert re.search(r"pages per document: polyleaf (\d+), polyleaf-before \1, chromium \d+, chromium-plain \d+", out.stdout)
    assert re.search(r"ratio polyleaf / chromium \(tagged \+ outline\): \d+\.\d\dx", out.stdout)
    assert re.search(r"round 1: load \d+\.\d\d -> \d+\.\d\d", out.stdout)
