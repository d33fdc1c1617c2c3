"""PDF export speed: WeasyPrint in one process vs headless Chromium, measured in the same run.

    python bench/export.py            # 50 documents
    python bench/export.py --quick    # 8 documents

The documents are copies of the shipped example leaflet (source language, so no
catalog is needed; each copy's title numbered so nothing can be cached across
documents).  Three ways to make the PDFs of the same page:

1. polyleaf: ``render.export.render_job`` -- the export's own path (page, glyph
   check, WeasyPrint with the stylesheet parsed once) -- for every document in THIS process;
2. Chromium, one browser for all documents, driven over the DevTools protocol
   through ``--remote-debugging-pipe`` (stdlib only: NUL-separated JSON on fds 3/4);
3. Chromium, a fresh ``--print-to-pdf`` process per document (the cold baseline).

Prints seconds per page for each and the ratios; the target is polyleaf within
1.5x of (2).  Pages are counted with ``pdfinfo``.  Also prints CPU seconds of
this process for (1): the machine is shared, so wall time is noisy, and Chromium
spreads its work over several processes (browser, renderer, GPU) and cores.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_settings  # noqa: E402
from pipeline.render.export import Job, export, render_job  # noqa: E402
from pipeline.render.html import render_html  # noqa: E402
from pipeline.render.settings import load as load_export  # noqa: E402
from pipeline.source import parse_text  # noqa: E402

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def pages_of(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


class PipeCDP:
    """A minimal DevTools client over --remote-debugging-pipe (one browser, many pages)."""

    def __init__(self, exe: str, profile: Path):
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def child():  # move both ends out of the way first: either may already sit on fd 3 or 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen([exe, *CHROME_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
                                     preexec_fn=child, close_fds=False, stdout=subprocess.DEVNULL, stderr=open(profile.parent / "chromium.log", "wb"))
        os.close(cmd_r)
        os.close(res_w)
        self._buf = b""
        self._id = 0
        self._events: list[dict] = []
        self._session: str | None = None

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def wait_event(self, method: str, session: str) -> None:
        while True:
            for i, ev in enumerate(self._events):
                if ev.get("method") == method and ev.get("sessionId") == session:
                    del self._events[i]
                    return
            self._events.append(self._read())

    def print_pdf(self, url: str) -> bytes:
        """Load ``url`` in the one reused tab and print it (Chromium's fastest path)."""
        if self._session is None:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.call("Page.enable", self._session)
        session = self._session
        self._events.clear()
        self.call("Page.navigate", session, url=url)
        self.wait_event("Page.loadEventFired", session)
        data = self.call("Page.printToPDF", session, preferCSSPageSize=True, printBackground=True)["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - best effort
            pass
        self.proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="8 documents instead of 50")
    ap.add_argument("--docs", type=int, default=None)
    args = ap.parse_args()
    n = args.docs or (8 if args.quick else 50)
    exe = shutil.which("chromium")
    if not exe or not shutil.which("pdfinfo"):
        sys.exit("needs Debian packages chromium and poppler-utils")
    work = Path(tempfile.mkdtemp(prefix="polyleaf-bench-export-"))
    settings = load_settings(ROOT)
    es = load_export(settings)
    source = (ROOT / "source" / "immunotherapy.md").read_text(encoding="utf-8")
    lang = settings.source_language
    jobs, pages_html = [], []
    for i in range(n):  # vary each copy a little so no cache can answer for the next one
        doc = parse_text(source.replace("# ", f"# {i + 1}. ", 1), "source/immunotherapy.md", name=f"doc{i:03d}")
        job = Job(doc, lang, None, (lang,), work / "dist")
        jobs.append(job)
        page = work / f"doc{i:03d}.html"
        page.write_text(render_html(settings, doc, lang, None, draft=False, languages_available=[lang], export=es),
                        encoding="utf-8")
        pages_html.append(page)

    # 1 and 2, interleaved document by document so that load from other processes on this shared
    # machine hits both alike.  Browser start and WeasyPrint's font set-up are both included.
    # 1. polyleaf: the export's own path (page, glyph check, WeasyPrint) in this process;
    # 2. Chromium, one browser (one tab, reused) over the DevTools protocol.
    wp_total = cdp_total = 0.0
    c0 = time.process_time()
    t0 = time.perf_counter()
    cdp = PipeCDP(exe, work / "profile-cdp")
    cdp_total += time.perf_counter() - t0
    first = None
    for i, (job, page) in enumerate(zip(jobs, pages_html)):
        t0 = time.perf_counter()
        (work / f"wp{i:03d}.pdf").write_bytes(render_job(settings, job, ("pdf",), False, es)["pdf"])
        wp_total += time.perf_counter() - t0
        if first is None:
            first = wp_total
        t0 = time.perf_counter()
        (work / f"cdp{i:03d}.pdf").write_bytes(cdp.print_pdf(page.as_uri()))
        cdp_total += time.perf_counter() - t0
    t0 = time.perf_counter()
    cdp.close()
    cdp_total += time.perf_counter() - t0
    wp_cpu = time.process_time() - c0  # includes the small cost of driving Chromium
    wp_pages = sum(pages_of(work / f"wp{i:03d}.pdf") for i in range(n))
    cdp_pages = sum(pages_of(work / f"cdp{i:03d}.pdf") for i in range(n))

    # 4. polyleaf export(jobs=2): two long-lived worker processes (not one per document)
    t0 = time.perf_counter()
    export(settings, [j.doc for j in jobs], [lang], ("pdf",), jobs=2, out_dir=work / "pool", export_settings=es)
    pool_total = time.perf_counter() - t0

    # 3. Chromium, a fresh process per document
    t0 = time.perf_counter()
    for i, page in enumerate(pages_html):
        out = work / f"cold{i:03d}.pdf"
        subprocess.run([exe, *CHROME_FLAGS, f"--user-data-dir={work / 'profile-cold'}", "--no-pdf-header-footer",
                        f"--print-to-pdf={out}", page.as_uri()], capture_output=True, timeout=120, check=True)
    cold_total = time.perf_counter() - t0
    cold_pages = sum(pages_of(work / f"cold{i:03d}.pdf") for i in range(n))

    pool_pages = wp_pages
    wp = wp_total / wp_pages
    wp_warm = (wp_total - first) / (wp_pages - wp_pages / n) if n > 1 else wp
    cdp_pp = cdp_total / cdp_pages
    cold = cold_total / cold_pages
    print(f"documents: {n} (the example leaflet, {wp_pages // n} pages each with WeasyPrint, {cdp_pages // n} with Chromium)")
    print(f"{'engine':<44} {'total s':>8} {'pages':>6} {'s/page':>8} {'s/doc':>7}")
    for name, total, pages in [("polyleaf export path (WeasyPrint, 1 process)", wp_total, wp_pages),
                               ("Chromium, 1 browser, DevTools over pipe", cdp_total, cdp_pages),
                               ("Chromium, fresh --print-to-pdf per doc", cold_total, cold_pages),
                               ("polyleaf export(jobs=2), 2 worker processes", pool_total, pool_pages)]:
        print(f"{name:<44} {total:8.2f} {pages:6d} {total / pages:8.4f} {total / n:7.3f}")
    print(f"polyleaf first document (font set-up): {first:.2f} s; after it: {wp_warm:.4f} s/page; "
          f"CPU {wp_cpu / wp_pages:.4f} s/page (one core)")
    ratio = wp / cdp_pp
    print(f"ratio polyleaf / Chromium-DevTools (s/page): {ratio:.2f}x  (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"ratio polyleaf / Chromium-fresh-process (s/page): {wp / cold:.2f}x")
    print(f"ratio polyleaf export(jobs=2) / Chromium-DevTools (s/page): {pool_total / pool_pages / cdp_pp:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
