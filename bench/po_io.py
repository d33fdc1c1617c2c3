"""Benchmark: reading + writing one big catalog, against GNU msgcat in the same run.

    python bench/po_io.py [--size-mb 50] [--lang es|zh|ar] [--repeat 3] [--scaling 1,2,4,8] [--quick]
    python bench/po_io.py --lang zh --before /path/to/older/checkout   # before/after in the same runs
    python bench/po_io.py --corpus tests/data/po_corpus     # the corpus proof table

1. Generates a catalog of about ``--size-mb`` megabytes (references, extracted
   comments, flags, ``#|`` previous msgids, plurals, obsolete entries, long
   wrapped paragraphs, escapes), canonicalised once by ``msgcat`` (setup).
2. Times ``msgcat IN -o OUT`` and Polyleaf's read + write of the same file
   (``pipeline.po.normalize_bytes`` when present, else ``read_po`` + ``generate_po``),
   each in its own process, runs interleaved, and prints wall time, CPU time and
   peak memory (max RSS, by GNU time) as ratios (targets: time <= 1.5x, memory
   <= 2x msgcat), and whether the two outputs are byte-identical.  On a shared
   machine the CPU-time ratio is the steadier one.
3. The continuation-line scaling series: catalogs of 1, 2, 4, 8 MB made of one
   ``msgstr ""`` followed by thousands of ``"..."`` lines, read by Polyleaf
   (seconds per size; linear means the time per MB stays flat).

Works in a temporary folder; writes nothing into the repository.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORDS = {
    "es": ("el sistema inmunitario ayuda a su cuerpo a combatir infecciones tratamiento cáncer células "
           "equipo de atención efectos secundarios inflamación cansancio medicación esteroides hospital "
           "análisis de sangre fertilidad preguntas cita contacto según niño corazón también más").split(),
    "zh": "免疫 系统 帮助 您的 身体 抵抗 感染 治疗 癌症 细胞 护理 团队 副作用 炎症 疲劳 药物 类固醇 医院 血液 检查 ， 。 、".split(),
    "ar": "يساعد الجهاز المناعي جسمك على مكافحة العدوى العلاج السرطان الخلايا فريق الرعاية الآثار الجانبية الالتهاب التعب ، ؟".split(),
}
EN = ("the immune system helps your body fight infections treatment cancer cells care team side effects "
      "inflammation fatigue medication steroids hospital blood test fertility questions appointment contact").split()


def _sentence(rng: random.Random, words: list[str], lo: int, hi: int) -> str:
    sep = "" if words is WORDS["zh"] else " "
    return sep.join(rng.choice(words) for _ in range(rng.randint(lo, hi)))


def _q(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def generate(path: Path, size_mb: float, lang: str, seed: int = 5, backslashes: bool = True) -> int:
    """A realistic catalog of about ``size_mb`` MB (not yet GNU-wrapped); returns the entry count."""
    rng = random.Random(seed)
    words = WORDS[lang]
    path_text = " C:\\Temp" if backslashes else ""
    target = int(size_mb * 1_000_000)
    out = [
        'msgid ""\nmsgstr ""\n"Project-Id-Version: bench 1.0\\n"\n"Language: ' + lang + '\\n"\n'
        '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    ]
    size = len(out[0])
    n = 0
    obsolete = []
    while size < target:
        n += 1
        kind = rng.random()
        refs = " ".join(f"docs/page{rng.randint(1, 400)}.rst:{rng.randint(1, 999)}" for _ in range(rng.randint(1, 4)))
        head = f"#. type: paragraph\n#: {refs}\n"
        if kind < 0.55:  # paragraph (long, wrapped)
            src = _sentence(rng, EN, 10, 90) + f" ({n})"
            tgt = _sentence(rng, words, 10, 90)
            flags = "#, fuzzy\n" if rng.random() < 0.1 else ""
            prev = f'#| msgid "{_q(src[:-3])}"\n' if flags else ""
            text = f'{head}{flags}{prev}msgid "{_q(src)}"\nmsgstr "{_q(tgt)}"\n\n'
        elif kind < 0.7:  # literal block with line breaks, reST/printf-like
            lines = [f"  %s: {_sentence(rng, EN, 3, 12)} \"{rng.randint(1, 99)}\"{path_text}" for _ in range(rng.randint(2, 12))]
            src = "\n".join(lines) + f" {n}"
            tgt = "\n".join(_sentence(rng, words, 3, 12) + " %s" for _ in lines)
            text = f'{head}#, python-format\nmsgid "{_q(src)}"\nmsgstr "{_q(tgt)}"\n\n'
        elif kind < 0.8:  # plural
            text = (f'{head}#, c-format\nmsgid "%d {_sentence(rng, EN, 1, 6)} {n}"\nmsgid_plural "%d items {n}"\n'
                    f'msgstr[0] "%d {_sentence(rng, words, 1, 6)}"\nmsgstr[1] "%d {_sentence(rng, words, 1, 6)}"\n\n')
        elif kind < 0.95:  # short UI string with context
            text = f'{head}msgctxt "button"\nmsgid "{_sentence(rng, EN, 1, 4)} {n}"\nmsgstr "{_sentence(rng, words, 1, 4)}"\n\n'
        else:
            obsolete.append(f'#~ msgid "{_q(_sentence(rng, EN, 4, 30))} old {n}"\n#~ msgstr "{_q(_sentence(rng, words, 4, 30))}"\n\n')
            continue
        out.append(text)
        size += len(text.encode("utf-8"))
    out.extend(obsolete)
    path.write_text("".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return n


def continuation_catalog(path: Path, size_mb: float) -> int:
    """One ``msgstr ""`` followed by thousands of ``"..."`` lines (a long literal block)."""
    line = '"Line of a long literal block, as a wrapped string: %d lines so far.\\n"\n'
    body = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "block"\nmsgstr ""\n']
    size, n = len(body[0]), 0
    while size < size_mb * 1_000_000:
        n += 1
        piece = line % n
        body.append(piece)
        size += len(piece)
    path.write_text("".join(body), encoding="utf-8")
    return n


OURS = r"""
import sys
sys.path.insert(0, sys.argv[3])
src, dst = sys.argv[1], sys.argv[2]
try:
    from pipeline.po import normalize_bytes
except ImportError:  # before `po normalize` existed
    from pipeline.po import read_po, generate_po
    def normalize_bytes(path):
        po, _ = read_po(path)
        return generate_po(po).encode("utf-8")
from pipeline.fsutil import write_bytes_atomic
write_bytes_atomic(dst, normalize_bytes(src), durable=False)
"""


GNU_TIME = shutil.which("time") and Path("/usr/bin/time").exists()


def run_measured(cmd: list[str], cpu: list[float] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process (its CPU seconds appended to ``cpu``).

    Peak memory comes from GNU ``/usr/bin/time -f %M`` when installed: ``wait4``'s
    ``ru_maxrss`` of a child started from this (large) Python process can include pages
    of the parent from before ``exec`` (17 MB for a msgcat that needs 5).
    """
    if GNU_TIME:
        cmd = ["/usr/bin/time", "-f", "polyleaf-bench-rss %M %U %S", *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err[-2000:]}")
    rss_kb, cpu_s = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    for line in err.splitlines():
        if line.startswith("polyleaf-bench-rss "):
            _, kb, user, system = line.split()
            rss_kb, cpu_s = int(kb), float(user) + float(system)
    if cpu is not None:
        cpu.append(cpu_s)
    return wall, rss_kb / 1024


def io_case(tmp: Path, size_mb: float, lang: str, repeat: int, root: Path, backslashes: bool = True,
            before: Path | None = None) -> None:
    raw = tmp / "raw.po"
    entries = generate(raw, size_mb, lang, backslashes=backslashes)
    src = tmp / "catalog.po"
    subprocess.run(["msgcat", str(raw), "-o", str(src)], check=True)  # setup: GNU-canonical input
    raw.unlink()
    mb = src.stat().st_size / 1e6
    gnu_out, our_out = tmp / "gnu.po", tmp / "ours.po"
    gnu, ours, gnu_cpu, our_cpu, old, old_cpu = [], [], [], [], [], []
    old_out = tmp / "before.po"
    for _ in range(repeat):  # interleaved, so a burst of load on this shared machine hits both sides
        gnu.append(run_measured(["msgcat", str(src), "-o", str(gnu_out)], gnu_cpu))
        ours.append(run_measured([sys.executable, "-c", OURS, str(src), str(our_out), str(root)], our_cpu))
        if before is not None:
            old.append(run_measured([sys.executable, "-c", OURS, str(src), str(old_out), str(before)], old_cpu))
    gt, gm = min(t for t, _ in gnu), max(m for _, m in gnu)
    ot, om = min(t for t, _ in ours), max(m for _, m in ours)
    gc_, oc = min(gnu_cpu), min(our_cpu)
    same = gnu_out.read_bytes() == our_out.read_bytes()
    print(f"catalog: {mb:.1f} MB, {entries} entries, language {lang} (best of {repeat} runs, each in its own process)")
    print(f"  GNU msgcat IN -o OUT     : {gt:7.2f} s wall  {gc_:7.2f} s CPU  {gm:7.1f} MB peak")
    print(f"  polyleaf read + write    : {ot:7.2f} s wall  {oc:7.2f} s CPU  {om:7.1f} MB peak")
    print(f"  ratio polyleaf/msgcat    : {ot / gt:7.2f}x wall  {oc / gc_:5.2f}x CPU (target <= 1.5)  {om / gm:5.2f}x memory (target <= 2)")
    print(f"  outputs byte-identical   : {'yes' if same else 'NO'}")
    print(f"  per run (wall/CPU s)     : msgcat {_runs(gnu, gnu_cpu)}; polyleaf {_runs(ours, our_cpu)}")
    if before is not None:
        bt, bm, bc = min(t for t, _ in old), max(m for _, m in old), min(old_cpu)
        print(f"  --before {before}: {bt:7.2f} s wall  {bc:7.2f} s CPU  {bm:7.1f} MB peak  "
              f"({bt / gt:.2f}x wall, {bc / gc_:.2f}x CPU, {bm / gm:.2f}x memory; "
              f"output {'identical' if old_out.read_bytes() == our_out.read_bytes() else 'DIFFERENT'})")
        print(f"  per run (wall/CPU s)     : before {_runs(old, old_cpu)}")


def _runs(runs: list[tuple[float, float]], cpu: list[float]) -> str:
    return ", ".join(f"{t:.2f}/{c:.2f}" for (t, _), c in zip(runs, cpu))


def scaling_case(tmp: Path, sizes: list[float], root: Path) -> None:
    sys.path.insert(0, str(root))
    from pipeline.po import read_po

    print("continuation-line scaling (one msgstr of N lines), polyleaf read:")
    for mb in sizes:
        path = tmp / f"cont{mb}.po"
        n = continuation_catalog(path, mb)
        t0 = time.perf_counter()
        read_po(path)
        dt = time.perf_counter() - t0
        print(f"  {mb:4g} MB  {n:7d} lines  {dt:7.2f} s  {dt / mb:6.3f} s/MB")
        path.unlink()


def corpus_case(corpus: Path, root: Path, repeat: int) -> None:
    """The proof table for a folder of real catalogs (tests/data/po_corpus): per file, whether we
    read it, how many lines our output differs from `msgcat --to-code=UTF-8`, and read+write
    time/memory (ours in this process, Python heap peak by tracemalloc; msgcat as a process, its
    max RSS: a small file costs msgcat mostly its start-up, so the ratio lives in the 50 MB case)."""
    import difflib
    import re
    import tracemalloc

    sys.path.insert(0, str(root))
    from pipeline.errors import CatalogError
    from pipeline.po import encode_po, read_po

    sources = (corpus / "SOURCES.md").read_text(encoding="utf-8")
    print("| file | repository | charset | entries | read ok | lines differing from msgcat | msgcat -c verdict "
          "| ours ms | ours peak MB | msgcat ms | msgcat peak MB |")
    print("| --- | --- | --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(corpus.glob("*.po")):
            row = re.search(rf"^\| {re.escape(path.name)} \| ([^|]+) \|", sources, re.M)
            repo = row.group(1).strip() if row else "?"
            charset = re.search(rb"charset=([\w.\-]+)", path.read_bytes()[:4000]).group(1).decode()
            gnu = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
            verdict = "accepts" if gnu.returncode == 0 else "rejects"
            out = Path(tmp) / "gnu.po"
            times, peak = [], 0
            try:
                for _ in range(repeat):
                    tracemalloc.start()
                    t0 = time.perf_counter()
                    po, _ = read_po(path)
                    data = encode_po(po)
                    times.append(time.perf_counter() - t0)
                    peak = max(peak, tracemalloc.get_traced_memory()[1])
                    tracemalloc.stop()
                ok, entries = "yes", len(po)
            except CatalogError as exc:
                tracemalloc.stop()
                ok, entries, data = f"no: line {exc.line}", "-", None
            try:  # msgcat as it is (its own charset), timed; then converted to UTF-8 to compare
                gnu_runs = [run_measured(["msgcat", str(path), "-o", str(out)]) for _ in range(repeat)]
                gt, gm = min(t for t, _ in gnu_runs), max(m for _, m in gnu_runs)
            except SystemExit:
                gt = gm = 0.0
            converted = subprocess.run(["msgcat", "--to-code=UTF-8", str(path), "-o", str(out)], capture_output=True)
            if data is None:
                diff = "-"
            elif converted.returncode != 0:
                diff = "msgcat cannot convert"
            else:
                a, b = out.read_text(encoding="utf-8").splitlines(), data.decode("utf-8").splitlines()
                diff = str(sum(1 for line in difflib.unified_diff(a, b, lineterm="", n=0)
                               if line[:1] in "+-" and not line.startswith(("+++", "---"))))
            ours_ms = f"{1000 * min(times):.1f}" if times else "-"
            print(f"| {path.name} | {repo} | {charset} | {entries} | {ok} | {diff} | {verdict} | {ours_ms} | "
                  f"{peak / 1e6:.1f} | {1000 * gt:.1f} | {gm:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=50)
    ap.add_argument("--lang", choices=sorted(WORDS), default="es")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scaling", default="1,2,4,8", help="sizes in MB for the continuation-line series ('' to skip)")
    ap.add_argument("--quick", action="store_true", help="5 MB, one run, scaling 1,2")
    ap.add_argument("--no-backslashes", action="store_true", help="no '\\\\' in strings (old readers refused them)")
    ap.add_argument("--corpus", default="", help="print the proof table for a folder of real catalogs and exit")
    ap.add_argument("--root", default=str(ROOT), help="Polyleaf checkout to measure (default: this one)")
    ap.add_argument("--before", default="", help="another Polyleaf checkout measured in the same runs (before/after)")
    args = ap.parse_args()
    if args.quick:
        args.size_mb, args.repeat, args.scaling = 5, 1, "1,2"
    if not shutil.which("msgcat"):
        raise SystemExit("GNU msgcat not found: apt-get install gettext")
    if args.corpus:
        corpus_case(Path(args.corpus), Path(args.root), args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.size_mb > 0:
            io_case(Path(tmp), args.size_mb, args.lang, args.repeat, Path(args.root), not args.no_backslashes,
                    Path(args.before) if args.before else None)
        if args.scaling:
            scaling_case(Path(tmp), [float(s) for s in args.scaling.split(",")], Path(args.root))


if __name__ == "__main__":
    main()
