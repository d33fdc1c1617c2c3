"""PDF export speed: polyleaf (WeasyPrint, ONE process for all documents) vs headless Chromium, same run.

    python bench/export.py             # 50 documents, 4 rounds
    python bench/export.py --quick     # 8 documents, 2 rounds
    python bench/export.py --docs 20 --rounds 5
    python bench/export.py --lang zh_Hans   # the example's Chinese catalog (draft pages: numbered titles)

The documents are copies of the shipped example leaflet (source language, so no catalog is
needed), each copy's title numbered so that nothing can be cached from one document to the
next.  Chromium prints the very page polyleaf exports (the same ``render_html`` output, with
its stylesheet inline); polyleaf makes it through the export's own path (page, glyph check,
WeasyPrint with the stylesheet parsed once per process).

Engines, each a long-lived process started afresh in every round, its start counted once
(Python start and imports, WeasyPrint's import and font set-up on the first document; the
browser start), then asked for one document after the other (polyleaf parses the Markdown
sources between its start and the first document, untimed: Chromium gets its HTML ready-made):

* ``polyleaf``: ``render.export.render_job`` in a worker process (``--worker new``);
* ``polyleaf-before``: the same path as it was before the stream-compression change (pydyf
  compressing every stream at level 9, twice) -- the old number, measured in the same run;
* ``chromium``: one browser, one reused tab, over the DevTools protocol (``--remote-debugging-pipe``,
  stdlib client), ``Page.printToPDF`` with a tagged PDF and a document outline: the same
  things WeasyPrint writes (PDF/UA tags, bookmarks from the headings);
* ``chromium-plain``: the same browser set-up with printToPDF's defaults (tagged, no outline).

Documents are interleaved: document i goes to every engine before document i+1, in a shuffled
(seeded) order, so load from other processes on a shared machine hits all engines alike, and so
does the work Chromium's processes go on doing for a moment after they deliver a PDF.
Each round gives seconds per page per engine (wall, start included) and the ratios; the
summary is the median over rounds.  CPU seconds are printed beside wall time: each engine's
whole process tree (/proc), read just before it is stopped.
Load average (1 min) is printed at the start and end of every round.

After the rounds, once: ``export(jobs=2)`` (two long-lived worker processes) and Chromium with
a fresh ``--print-to-pdf`` process per document (the cold baseline).  Pages are counted with
``pdfinfo``.  The target: polyleaf within 1.5x of ``chromium`` per page.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
ENGINES = ("polyleaf", "polyleaf-before", "chromium", "chromium-plain")
SETTLE = 1.5  # seconds between the starts and the first document (untimed)


def pages_of(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def tree_cpu(root: int) -> float:
    """CPU seconds so far of process ``root`` and all its living descendants, with the children
    they have reaped (Linux /proc: utime + stime + cutime + cstime).  Chromium works in several
    processes (browser, zygote, renderers, GPU, network); this counts them all."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, used = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = sum(int(x) for x in fields[11:15]) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0.0)
        todo.extend(child for child, p in parent.items() if p == pid)
    return total


def reap(proc: subprocess.Popen, timeout: float = 30) -> None:
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class PipeCDP:
    """A minimal DevTools client over --remote-debugging-pipe (one browser, many pages)."""

    def __init__(self, exe: str, profile: Path):
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def child():  # move both ends out of the way first: either may already sit on fd 3 or 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        profile.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([exe, *CHROME_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
                                     preexec_fn=child, close_fds=False, stdout=subprocess.DEVNULL,
                                     stderr=open(profile.parent / f"{profile.name}.log", "wb"))
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

    def print_pdf(self, url: str, **options) -> bytes:
        """Load ``url`` in the one reused tab and print it (Chromium's fastest path)."""
        if self._session is None:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.call("Page.enable", self._session)
        session = self._session
        self._events.clear()
        self.call("Page.navigate", session, url=url)
        self.wait_event("Page.loadEventFired", session)
        data = self.call("Page.printToPDF", session, preferCSSPageSize=True, printBackground=True, **options)["data"]
        return base64.b64decode(data)

    def ready(self) -> None:
        """Wait until the browser answers (its start is over)."""
        self.call("Browser.getVersion")

    def close(self) -> float:
        """Close the browser; CPU seconds of its process tree (measured just before closing)."""
        cpu = tree_cpu(self.proc.pid)
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - best effort
            pass
        os.close(self._cmd_w)
        os.close(self._res_r)
        reap(self.proc)
        return cpu


# -- the documents and polyleaf's two paths --------------------------------------------------------


def build_jobs(n: int, out_dir: Path, lang_code: str | None = None):
    """The project settings, export settings and ``n`` jobs: numbered copies of the example leaflet.

    ``lang_code``: a language of the example project instead of the source language; its catalog
    serves every copy, and the numbered title is then untranslated, so those pages are draft pages.
    """
    from pipeline.config import load_settings
    from pipeline.languages import parse_language
    from pipeline.render.export import Job, load_catalog
    from pipeline.render.settings import load as load_export
    from pipeline.source import parse_text

    settings = load_settings(ROOT)
    es = load_export(settings)
    source = (ROOT / "source" / "immunotherapy.md").read_text(encoding="utf-8")
    lang = parse_language(lang_code) if lang_code else settings.source_language
    catalog = None
    if lang.code != settings.source_language.code:
        catalog = load_catalog(settings, lang, parse_text(source, "source/immunotherapy.md", name="immunotherapy"))
    jobs = []
    for i in range(n):
        doc = parse_text(source.replace("# ", f"# {i + 1}. ", 1), "source/immunotherapy.md", name=f"doc{i:03d}")
        jobs.append(Job(doc, lang, catalog, (lang,), out_dir))
    return settings, es, jobs


def is_draft(job) -> bool:
    return job.catalog is not None


def render_now(settings, job, es) -> bytes:
    from pipeline.render.export import render_job

    return render_job(settings, job, ("pdf",), is_draft(job), es)["pdf"]


def render_before(settings, job, es) -> bytes:
    """The export path before the stream-compression change: pydyf compresses (level 9, twice)."""
    from weasyprint import HTML

    from pipeline.render.export import pdf_page, pdf_stylesheet
    from pipeline.render.fonts import check_coverage
    from pipeline.render.pdf import pdf_options, visible_text

    page = pdf_page(settings, job, ("pdf",), is_draft(job), es)
    check_coverage(visible_text(page), job.lang, es.font_stack(job.lang, "pdf"))
    options = pdf_options(page, tagged=es.pdf_tagged, stylesheet=pdf_stylesheet(job, es))
    return HTML(string=page, base_url=None).write_pdf(**options)


def worker(kind: str, n: int, work: Path, lang_code: str | None = None) -> None:
    """``--worker``: one process for all documents; reads indexes on stdin, writes PDFs, answers ``ok``.

    Says ``loaded`` once Python and polyleaf are imported (the start, counted like the browser's),
    then ``ready`` once the Markdown sources are parsed (not counted: Chromium gets its HTML ready-made).
    WeasyPrint itself is imported by the first document, as in ``polyleaf export``.
    """
    import pipeline.render.export  # noqa: F401 - what `polyleaf export` imports

    print("loaded", flush=True)
    settings, es, jobs = build_jobs(n, work / "dist", lang_code)
    render = render_now if kind == "new" else render_before
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        i, out = line.rstrip("\n").split("\t")
        Path(out).write_bytes(render(settings, jobs[int(i)], es))
        print("ok", flush=True)
    print(f"cpu {time.process_time():.6f}", flush=True)


class PolyleafWorker:
    def __init__(self, kind: str, n: int, work: Path, lang_code: str | None = None):
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--docs", str(n),
                                      "--work", str(work), *(["--lang", lang_code] if lang_code else [])], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        self._expect("loaded")

    def ready(self) -> None:
        self._expect("ready")

    def _expect(self, word: str) -> str:
        line = self.proc.stdout.readline()
        if not line.startswith(word):
            raise RuntimeError(f"polyleaf worker said {line!r} (expected {word})")
        return line

    def render(self, i: int, out: Path) -> None:
        self.proc.stdin.write(f"{i}\t{out}\n")
        self.proc.stdin.flush()
        self._expect("ok")

    def close(self) -> float:
        """Stop the worker; its CPU seconds (measured just before stopping, like Chromium's)."""
        cpu = tree_cpu(self.proc.pid)
        self.proc.stdin.write("quit\n")
        self.proc.stdin.flush()
        self._expect("cpu")
        self.proc.stdin.close()
        reap(self.proc)
        return cpu


# -- one round ----------------------------------------------------------------------------------------


def order_of(r: int, i: int) -> list[str]:
    """The engines' order for document ``i`` of round ``r``: shuffled (seeded, so runs are repeatable).

    A fixed rotation would always put the same engine right after Chromium, whose processes keep
    working for a moment after a PDF is delivered; shuffling spreads that over all engines."""
    return random.Random(f"{r}/{i}").sample(ENGINES, len(ENGINES))


def run_round(r: int, n: int, exe: str, pages_html: list[Path], work: Path, lang_code: str | None = None) -> dict[str, dict[str, float]]:
    """Every engine over every document, interleaved; {engine: {"wall": s, "cpu": s, "first": s}}."""
    out = work / f"round{r}"
    out.mkdir()
    wall = dict.fromkeys(ENGINES, 0.0)
    first: dict[str, float] = {}
    engines: dict[str, object] = {}
    options = {"chromium": {"generateTaggedPDF": True, "generateDocumentOutline": True}, "chromium-plain": {}}
    # Starts, one after the other in a shuffled order, each finished before the next begins
    # (counted in its engine's wall time); polyleaf then parses its Markdown sources, not counted.
    for name in order_of(r, -1):
        t0 = time.perf_counter()
        if name.startswith("polyleaf"):
            engines[name] = PolyleafWorker("new" if name == "polyleaf" else "old", n, work, lang_code)
            wall[name] += time.perf_counter() - t0
            engines[name].ready()
        else:
            engines[name] = PipeCDP(exe, work / f"profile-{name}-{r}")
            engines[name].ready()
            wall[name] += time.perf_counter() - t0
    # A browser keeps working for a moment after it answers (spare renderer, services); that work
    # is not any engine's document, so let it settle, untimed, before the first document.
    time.sleep(SETTLE)
    for i, page in enumerate(pages_html):
        for name in order_of(r, i):
            target = out / f"{name}-{i:03d}.pdf"
            t0 = time.perf_counter()
            if name.startswith("polyleaf"):
                engines[name].render(i, target)
            else:
                target.write_bytes(engines[name].print_pdf(page.as_uri(), **options[name]))
            wall[name] += time.perf_counter() - t0
            if i == 0:
                first[name] = wall[name]
    cpu = {}
    for name in ENGINES:
        t0 = time.perf_counter()
        cpu[name] = engines[name].close()
        wall[name] += time.perf_counter() - t0
    return {name: {"wall": wall[name], "cpu": cpu[name], "first": first[name]} for name in ENGINES}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="8 documents instead of 50")
    ap.add_argument("--docs", type=int, default=None, help="number of documents (default 50, --quick 8)")
    ap.add_argument("--rounds", type=int, default=None,
                    help="rounds; the summary is their median (default 4; --quick 2)")
    ap.add_argument("--lang", help="a language of the example project (e.g. zh_Hans, ar); default the source language")
    ap.add_argument("--no-extras", action="store_true", help="skip export(jobs=2) and the fresh-process Chromium")
    ap.add_argument("--worker", choices=("new", "old"), help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    n = args.docs or (8 if args.quick else 50)
    args.rounds = args.rounds or (2 if args.quick else len(ENGINES))
    if args.worker:
        worker(args.worker, n, args.work, args.lang)
        return
    exe = shutil.which("chromium")
    if not exe or not shutil.which("pdfinfo"):
        sys.exit("needs Debian packages chromium and poppler-utils")
    from pipeline.render.html import render_html

    work = Path(tempfile.mkdtemp(prefix="polyleaf-bench-export-"))
    settings, es, jobs = build_jobs(n, work / "dist", args.lang)
    pages_html = []
    for job in jobs:  # the page Chromium prints: the exported HTML page itself
        page = work / f"{job.doc.name}.html"
        page.write_text(render_html(settings, job.doc, job.lang, job.catalog, draft=is_draft(job), languages_available=[job.lang],
                                    export=es), encoding="utf-8")
        pages_html.append(page)

    print(f"documents: {n} (the example leaflet, {jobs[0].lang.code}{', draft pages' if is_draft(jobs[0]) else ''}), "
          f"rounds: {args.rounds}, cores: {os.cpu_count()}")
    results = []
    for r in range(args.rounds):
        load0 = os.getloadavg()[0]
        res = run_round(r, n, exe, pages_html, work, args.lang)
        load1 = os.getloadavg()[0]
        if r == 0:
            pages = {name: sum(pages_of(work / "round0" / f"{name}-{i:03d}.pdf") for i in range(n)) for name in ENGINES}
        per = {name: res[name]["wall"] / pages[name] for name in ENGINES}
        results.append((res, per, (load0, load1)))
        print(f"round {r + 1}: load {load0:.2f} -> {load1:.2f}; s/page " +
              ", ".join(f"{name} {per[name]:.4f}" for name in ENGINES) +
              f"; polyleaf/chromium {per['polyleaf'] / per['chromium']:.2f}x")
    print(f"pages per document: " + ", ".join(f"{name} {pages[name] / n:g}" for name in ENGINES))

    def med(f) -> float:
        return statistics.median(f(res, per) for res, per, _ in results)

    print(f"\nmedian of {args.rounds} round(s), {n} documents; wall includes each engine's start (once per round)")
    print(f"{'engine':<18} {'s/page':>8} {'CPU s/page':>11} {'first doc s':>12}")
    for name in ENGINES:
        print(f"{name:<18} {med(lambda res, per: per[name]):8.4f} {med(lambda res, per: res[name]['cpu'] / pages[name]):11.4f} "
              f"{med(lambda res, per: res[name]['first']):12.2f}")
    ratio = med(lambda res, per: per["polyleaf"] / per["chromium"])
    print(f"ratio polyleaf / chromium (tagged + outline): {ratio:.2f}x  (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"ratio polyleaf / chromium-plain (printToPDF defaults): {med(lambda res, per: per['polyleaf'] / per['chromium-plain']):.2f}x")
    print(f"ratio polyleaf-before / chromium: {med(lambda res, per: per['polyleaf-before'] / per['chromium']):.2f}x; "
          f"polyleaf / polyleaf-before: {med(lambda res, per: per['polyleaf'] / per['polyleaf-before']):.2f}x")
    print(f"load average (1 min) per round: " + ", ".join(f"{a:.2f}->{b:.2f}" for _, _, (a, b) in results))

    if args.no_extras:
        shutil.rmtree(work, ignore_errors=True)
        return
    from pipeline.render.export import export

    t0 = time.perf_counter()
    if is_draft(jobs[0]):  # export() reads catalogs from the project: only the source-language copies can go through it
        print("\n(export(jobs=2) and the fresh-process Chromium run only for the source language)")
        shutil.rmtree(work, ignore_errors=True)
        return
    export(settings, [j.doc for j in jobs], [settings.source_language], ("pdf",), jobs=2, out_dir=work / "pool", export_settings=es)
    pool = (time.perf_counter() - t0) / pages["polyleaf"]
    t0 = time.perf_counter()
    for i, page in enumerate(pages_html):
        subprocess.run([exe, *CHROME_FLAGS, f"--user-data-dir={work / 'profile-cold'}", "--no-pdf-header-footer",
                        f"--print-to-pdf={work / f'cold{i:03d}.pdf'}", page.as_uri()], capture_output=True, timeout=120, check=True)
    cold = (time.perf_counter() - t0) / sum(pages_of(work / f"cold{i:03d}.pdf") for i in range(n))
    chromium = med(lambda res, per: per["chromium"])
    print(f"\nonce, after the rounds (load {os.getloadavg()[0]:.2f}):")
    print(f"polyleaf export(jobs=2), 2 long-lived workers: {pool:.4f} s/page ({pool / chromium:.2f}x chromium)")
    print(f"Chromium, fresh --print-to-pdf process per document: {cold:.4f} s/page "
          f"(polyleaf one process is {med(lambda res, per: per['polyleaf']) / cold:.2f}x of it)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
