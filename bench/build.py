"""Benchmark: the end-to-end build (no machine translation, no PDF) against po4a and Sphinx.

    python bench/build.py [--quick] [--docs 200] [--langs 10] [--tools polyleaf,po4a,po4a-single,sphinx]

One generated corpus (``bench/catalogs.py``: ``make_project``, ``translate_all``,
``typo``), copied for each tool, catalogs pre-filled with translations (setup is
not timed).  Each tool then runs, timed:

1. **full build**: every build product absent except the translated catalogs;
2. **rebuild** after the same one-paragraph edit in one document, with the build
   products of step 1 kept (incremental, as each tool's users would run it).

Tools:

* **Polyleaf** -- ``python -m pipeline build`` with its HTML-only flag when the
  ``build`` command exists, else the stages that exist, in order: ``extract``,
  ``check``, ``score``, ``export --format html``.  The stages run are printed.
* **po4a** (Debian ``po4a``, text module with ``-o markdown``, ``--keep 0``) +
  a Markdown renderer (python-markdown, else markdown-it-py) for every translated
  document.  Full build: ``po4a --force``; rebuild: plain ``po4a`` (it re-merges
  every PO with ``msgmerge -U`` and rewrites translations whose inputs are newer);
  the renderer is make-style (renders an HTML page when its input is newer).
  Twice: one PO per document and language (``po4a``, split mode) and one PO per
  language for the whole corpus (``po4a 1-PO``, its classic and faster layout).
* **Sphinx** (MyST for Markdown): ``sphinx-build -b gettext`` + ``sphinx-intl
  update`` + one ``sphinx-build -b html -D language=xx`` per language, same build
  directories for the rebuild.

Prints seconds total, seconds per document x language, files written by the
rebuild, and each tool's time as a multiple of Polyleaf's.  Targets (issue 7):
Polyleaf at most po4a's time per document x language; an edit rebuild under
1.3 s that touches only what changed.  Everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.dont_write_bytecode = True  # nothing written into the repo, not even bench/__pycache__
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from catalogs import LANGS, make_project, translate_all, typo  # noqa: E402

from pipeline.catalogs import update_project  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.languages import parse_language  # noqa: E402

INSTALL_HINT = "not installed (pip install -r bench/requirements.txt / apt-get install po4a)"
HTML_ONLY_FLAGS = ("--no-pdf", "--html-only", "--skip-pdf")
TOOLS = ("polyleaf", "po4a", "po4a-single", "sphinx")
OK_EXITS = (0, 1)  # 1 = "needs attention" (check findings, held-back languages): the stage ran


class BenchError(Exception):
    """A tool failed; its column says so and the other tools still run."""


@dataclass(frozen=True)
class Corpus:
    """The generated content every tool builds: Markdown files and language codes."""

    source: Path  # folder of docNNN.md
    docs: int
    languages: tuple[str, ...]  # gettext-style codes (folder names): es, zh_Hans

    @property
    def pairs(self) -> int:
        return self.docs * len(self.languages)


@dataclass
class Result:
    tool: str
    full: float | None = None
    rebuild: float | None = None
    written_full: tuple[str, ...] = ()  # files the full build wrote (relative paths)
    written_rebuild: tuple[str, ...] = ()  # files the rebuild wrote
    status: str = ""
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- helpers


def run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,), env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode not in ok:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {' | '.join(tail)}")
    return proc


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every file under root: what a run wrote is what changed here."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            st = p.stat()
            out[p] = (st.st_mtime_ns, st.st_size)
    return out


def written(root: Path, before: dict, after: dict) -> tuple[str, ...]:
    return tuple(sorted(str(p.relative_to(root)) for p, sig in after.items() if before.get(p) != sig))


def measure(root: Path, fn: Callable[[], object]) -> tuple[float, tuple[str, ...]]:
    """Seconds taken by fn, and the files it wrote under root."""
    before = snapshot(root)
    seconds = timed(fn)
    return seconds, written(root, before, snapshot(root))


@dataclass(frozen=True)
class Edit:
    """One paragraph of one document changed: the same edit is applied to every tool's copy."""

    name: str  # docNNN.md
    text: str  # the whole new file
    old: str  # the paragraph before
    new: str  # the paragraph after

    def apply(self, folder: Path) -> None:
        """Write the edited file, a clock second after the build (not timed).

        Make-style tools compare modification times, po4a in whole seconds: an edit
        in the same second as the build's outputs would go unnoticed.  Real edits
        come later than that; so does this one.
        """
        time.sleep(1.1)
        (folder / self.name).write_text(self.text, encoding="utf-8")


def one_paragraph_edit(corpus: Corpus, seed: int = 5) -> Edit:
    """A typo-sized edit in the first paragraph of the middle document."""
    name = f"doc{corpus.docs // 2:03}.md"
    blocks = (corpus.source / name).read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    i = next(k for k, b in enumerate(blocks) if not b.startswith("#"))
    old = blocks[i]
    blocks[i] = typo(random.Random(seed), old)
    return Edit(name, "\n\n".join(blocks) + "\n", old, blocks[i])


# ---------------------------------------------------------------- Polyleaf


def polyleaf_cmd(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "-C", str(root), *args]


def polyleaf_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("POLYLEAF_PROVIDER", None)
    return env


def commands_in_help(text: str) -> list[str]:
    """Command names from click's ``Commands:`` section."""
    names, inside = [], False
    for line in text.splitlines():
        if line.startswith("Commands:"):
            inside = True
            continue
        if inside:
            m = re.match(r"^  (\S+)", line)
            if m:
                names.append(m.group(1))
            elif line.strip() and not line.startswith(" "):
                break
    return names


def html_only_args(help_text: str) -> list[str] | None:
    """The flag(s) that make a command produce HTML without PDF, or None when it has none."""
    for flag in HTML_ONLY_FLAGS:
        if re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_text):
            return [flag]
    if re.search(r"(?<![\w-])--format(?![\w-])", help_text) and "html" in help_text:
        return ["--format", "html"]
    return None


def polyleaf_plan(root: Path, env: dict) -> tuple[list[list[str]], list[str]]:
    """The commands of one Polyleaf build, from what the checkout offers; and notes."""
    available = commands_in_help(run(polyleaf_cmd(root, "--help"), REPO, env=env).stdout)
    notes: list[str] = []
    if "build" in available:
        help_text = run(polyleaf_cmd(root, "build", "--help"), REPO, env=env).stdout
        flags = html_only_args(help_text)
        if flags is not None:
            if re.search(r"(?<![\w-])--no-translate(?![\w-])", help_text):
                flags.append("--no-translate")
            return [["build", *flags]], notes
        notes.append("`build` has no HTML-only flag; running the stages one by one")
    plan = [["extract", "--quiet"]]
    for stage in ("check", "score", "publish"):
        if stage in available:
            plan.append([stage])
        else:
            notes.append(f"stage `{stage}` not on this checkout yet")
    if "export" not in available:
        notes.append("no HTML stage (`export`) on this checkout yet")
        return plan, notes
    help_text = run(polyleaf_cmd(root, "export", "--help"), REPO, env=env).stdout
    flags = html_only_args(help_text)
    if flags is None:
        notes.append("`export` has no HTML-only option; skipped")
        return plan, notes
    if re.search(r"(?<![\w-])--draft(?![\w-])", help_text):
        # Without `build` (and its gate) a publish export refuses a language with any
        # fuzzy entry, which the edit creates.  --draft renders every document x
        # language with unreviewed text in English: what po4a --keep 0 and Sphinx do.
        flags = [*flags, "--draft"]
        notes.append("export --draft: like po4a --keep 0 and Sphinx, unreviewed text is shown in English")
    plan.append(["export", *flags])
    return plan, notes


def polyleaf_products(root: Path) -> list[Path]:
    """Everything a build writes besides templates and catalogs."""
    settings = load_settings(root)
    return [root / ".polyleaf-cache", settings.reports_dir, settings.dist_dir]


WAIVER = """
[[waivers]]
document = "{doc}"
language = "{lang}"
date = 2026-11-24
reason = "Benchmark: stand-in translations (reversed English) cannot meet a readability target."
"""


def polyleaf_setup(corpus_root: Path) -> Path:
    """The generated project itself, catalogs filled (not timed).

    The stand-in translations are reversed English, which no readability target
    accepts; dated waivers let the gate pass them, so Polyleaf renders every
    document x language, as po4a and Sphinx do.
    """
    settings = load_settings(corpus_root)
    waivers = "".join(
        WAIVER.format(doc=doc.stem, lang=lang.code) for doc in settings.source_files() for lang in settings.languages
    )
    with open(corpus_root / "polyleaf.toml", "a", encoding="utf-8") as fh:
        fh.write(waivers)
    update_project(load_settings(corpus_root))
    translate_all(corpus_root)
    update_project(load_settings(corpus_root))
    return corpus_root


def polyleaf_bench(root: Path, edit: Edit, pairs: int, result: Result) -> None:
    env = polyleaf_env()
    plan, notes = polyleaf_plan(root, env)
    result.notes += notes
    result.notes.append("ran: " + "; ".join("polyleaf " + " ".join(c) for c in plan))
    for product in polyleaf_products(root):
        shutil.rmtree(product, ignore_errors=True)

    stages: list[str] = []

    def build() -> None:
        stages.clear()
        for args in plan:
            seconds = timed(lambda: run(polyleaf_cmd(root, *args), REPO, ok=OK_EXITS, env=env))
            stages.append(f"{args[0]} {seconds:.2f}")

    result.full, result.written_full = measure(root, build)
    result.notes.append("full build, seconds per command: " + ", ".join(stages))
    edit.apply(root / "source")
    result.rebuild, result.written_rebuild = measure(root, build)
    result.notes.append("rebuild, seconds per command: " + ", ".join(stages))
    html = sum(1 for p in root.rglob("*.html"))
    result.notes.append(f"{html} HTML files in the project after the build")
    if 0 < html < pairs:
        result.notes.append(f"WARNING: only {html} pages for {pairs} document x language pairs: not like for like")


# ---------------------------------------------------------------- po4a

RENDER = '''\
"""Make-style: render out/<lang>/<doc>.md to html/<lang>/<doc>.html when the input is newer."""
import html, sys
from pathlib import Path
try:
    import markdown
    def render(text):
        return markdown.markdown(text, extensions=["tables"])
except ImportError:
    from markdown_it import MarkdownIt
    render = MarkdownIt("commonmark").enable("table").render
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
for md in sorted(src.glob("*/*.md")):
    lang = md.parent.name
    out = dst / lang / (md.stem + ".html")
    if out.exists() and out.stat().st_mtime_ns >= md.stat().st_mtime_ns:
        continue
    out.parent.mkdir(parents=True, exist_ok=True)
    body = render(md.read_text(encoding="utf-8"))
    out.write_text(f'<!doctype html><html lang="{html.escape(lang)}"><meta charset="utf-8">'
                   f'<title>{html.escape(md.stem)}</title><body>{body}</body></html>\\n', encoding="utf-8")
'''


def renderer_name() -> str:
    return "python-markdown" if importlib.util.find_spec("markdown") else "markdown-it-py"


PO4A_LAYOUTS = {
    # one PO per document and language ("split mode"): like Polyleaf's and Sphinx's catalogs
    "split": "[po4a_paths] locales/templates/$master.pot $lang:locales/$lang/LC_MESSAGES/$master.po",
    # one PO per language for the whole corpus: po4a's classic layout
    "single": "[po4a_paths] locales/templates/bench.pot $lang:locales/$lang/LC_MESSAGES/bench.po",
}


def po4a_setup(corpus: Corpus, work: Path, layout: str) -> Path:
    root = work / f"po4a-{layout}"
    shutil.copytree(corpus.source, root / "source")
    for lang in corpus.languages:
        (root / "locales" / lang / "LC_MESSAGES").mkdir(parents=True)
        (root / "out" / lang).mkdir(parents=True)
    (root / "locales" / "templates").mkdir(parents=True)
    lines = [
        f"[po4a_langs] {' '.join(corpus.languages)}",
        PO4A_LAYOUTS[layout],
        "[options] --keep 0 --master-charset UTF-8 --localized-charset UTF-8",
    ]
    for md in sorted((root / "source").glob("*.md")):
        lines.append(f'[type: text] source/{md.name} $lang:out/$lang/{md.name} opt:"-o markdown"')
    (root / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "render.py").write_text(RENDER, encoding="utf-8")
    run(["po4a", "--quiet", "po4a.cfg"], root)
    translate_all(root)  # same fake translations as the Polyleaf catalogs
    for lang in corpus.languages:  # only catalogs survive into the timed full build
        shutil.rmtree(root / "out" / lang)
        (root / "out" / lang).mkdir()
    return root


def po4a_bench(corpus: Corpus, work: Path, edit: Edit, result: Result, layout: str = "split") -> None:
    if not shutil.which("po4a") or not shutil.which("msgmerge"):
        result.status = INSTALL_HINT
        return
    root = po4a_setup(corpus, work, layout)
    catalogs = "one PO per document and language" if layout == "split" else "one PO per language"
    result.notes.append(
        f"ran: po4a [--force] --keep 0 po4a.cfg (text module, -o markdown; {corpus.docs} masters, "
        f"{catalogs}) + {renderer_name()} over out/<lang>/*.md (make-style)"
    )

    def build(force: bool) -> None:
        run(["po4a", "--quiet", *(["--force"] if force else []), "po4a.cfg"], root)
        run([sys.executable, "render.py", "out", "html"], root)

    result.full, result.written_full = measure(root, lambda: build(True))
    edit.apply(root / "source")
    result.rebuild, result.written_rebuild = measure(root, lambda: build(False))
    result.notes.append(f"{sum(1 for _ in (root / 'html').rglob('*.html'))} HTML files")
    if layout == "split":
        result.notes.append("split mode merges each PO against a compendium of all the language's POs: quadratic in documents")


# ---------------------------------------------------------------- Sphinx

SPHINX_CONF = """\
project = "bench"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
locale_dirs = ["locales/"]
gettext_compact = False
exclude_patterns = ["locales", "_build"]
"""


def sphinx_installed() -> bool:
    return all(importlib.util.find_spec(m) for m in ("sphinx", "myst_parser", "sphinx_intl"))


def sphinx_commands(corpus: Corpus) -> list[list[str]]:
    py = sys.executable
    intl = [py, "-m", "sphinx_intl", "update", "-p", "build/gettext", "-d", "src/locales"]
    for lang in corpus.languages:
        intl += ["-l", lang]
    cmds = [[py, "-m", "sphinx", "-q", "-b", "gettext", "src", "build/gettext"], intl]
    for lang in corpus.languages:
        cmds.append([py, "-m", "sphinx", "-q", "-b", "html", "-D", f"language={lang}", "src", f"build/html/{lang}"])
    return cmds


def sphinx_setup(corpus: Corpus, work: Path) -> Path:
    root = work / "sphinx"
    shutil.copytree(corpus.source, root / "src")
    (root / "src" / "conf.py").write_text(SPHINX_CONF, encoding="utf-8")
    names = "\n".join(p.stem for p in sorted(corpus.source.glob("*.md")))
    (root / "src" / "index.md").write_text(f"# Bench\n\n```{{toctree}}\n:maxdepth: 1\n\n{names}\n```\n", encoding="utf-8")
    for cmd in sphinx_commands(corpus)[:2]:
        run(cmd, root)
    translate_all(root / "src")  # src/locales/<lang>/LC_MESSAGES/*.po
    shutil.rmtree(root / "build")  # only sources and catalogs survive into the full build
    for mo in (root / "src" / "locales").rglob("*.mo"):
        mo.unlink()
    return root


def sphinx_bench(corpus: Corpus, work: Path, edit: Edit, result: Result) -> None:
    if not sphinx_installed():
        result.status = INSTALL_HINT
        return
    root = sphinx_setup(corpus, work)
    result.notes.append(
        f"ran: sphinx-build -b gettext; sphinx-intl update ({len(corpus.languages)} languages); "
        f"{len(corpus.languages)} x sphinx-build -b html -D language=xx (MyST, same build dirs for the rebuild)"
    )

    def build() -> None:
        for cmd in sphinx_commands(corpus):
            run(cmd, root)

    result.full, result.written_full = measure(root, build)
    edit.apply(root / "src")
    result.rebuild, result.written_rebuild = measure(root, build)
    pages = sum(1 for p in (root / "build" / "html").glob("*/doc*.html"))
    result.notes.append(f"{pages} document pages (plus index, search and genindex per language)")


# ---------------------------------------------------------------- report


def fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def by_kind(files: tuple[str, ...]) -> str:
    """'3 .po, 1 .pot, ...': what a run wrote, grouped by file type."""
    counts: dict[str, int] = {}
    for f in files:
        kind = Path(f).suffix or Path(f).name
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) or "nothing"


def report(results: list[Result], corpus: Corpus) -> str:
    base = next((r for r in results if r.tool == "Polyleaf" and r.full), None)
    lines = [
        f"corpus: {corpus.docs} documents x {len(corpus.languages)} languages = {corpus.pairs} document x language pairs",
        "",
        f"{'tool':<10} {'full s':>8} {'s/doc x lang':>13} {'x Polyleaf':>10} {'rebuild s':>10} {'x Polyleaf':>10} {'files written (full/rebuild)':>29}",
    ]
    for r in results:
        if r.status:
            lines.append(f"{r.tool:<10} {r.status}")
            continue
        ratio_f = r.full / base.full if base and r.full else None
        ratio_r = r.rebuild / base.rebuild if base and r.rebuild else None
        per = r.full / corpus.pairs if r.full is not None else None
        files = f"{len(r.written_full)}/{len(r.written_rebuild)}"
        lines.append(
            f"{r.tool:<10} {fmt(r.full, '8.2f')} {fmt(per, '13.4f')} {fmt(ratio_f, '9.2f')}x "
            f"{fmt(r.rebuild, '10.2f')} {fmt(ratio_r, '9.2f')}x {files:>29}"
        )
    lines.append("")
    for r in results:
        for note in r.notes:
            lines.append(f"  {r.tool}: {note}")
        if not r.status:
            lines.append(f"  {r.tool}: full build wrote {by_kind(r.written_full)}")
            lines.append(f"  {r.tool}: rebuild wrote {by_kind(r.written_rebuild)}")
    if base:
        lines.append("")
        for po4a in (r for r in results if r.tool.startswith("po4a") and r.full):
            ok = base.full <= po4a.full
            lines.append(
                f"target: Polyleaf s/doc x lang <= {po4a.tool}'s: {base.full / corpus.pairs:.4f} vs "
                f"{po4a.full / corpus.pairs:.4f} -> {'met' if ok else 'NOT met'}"
            )
        lines.append(f"target: edit rebuild under 1.3 s: {base.rebuild:.2f} s -> {'met' if base.rebuild < 1.3 else 'NOT met'}")
    return "\n".join(lines)


def run_bench(docs: int, langs: int, tools: list[str], work: Path, echo: Callable[[str], None] = print) -> tuple[list[Result], Corpus, Edit]:
    project = work / "polyleaf"
    make_project(project, docs, langs)
    codes = tuple(parse_language(c).code for c in LANGS[:langs])
    snap = work / "corpus"
    shutil.copytree(project / "source", snap)
    corpus = Corpus(snap, docs, codes)
    edit = one_paragraph_edit(corpus)
    results = []
    benches = {
        "polyleaf": ("Polyleaf", lambda r: polyleaf_bench(polyleaf_setup(project), edit, corpus.pairs, r)),
        "po4a": ("po4a", lambda r: po4a_bench(corpus, work, edit, r, "split")),
        "po4a-single": ("po4a 1-PO", lambda r: po4a_bench(corpus, work, edit, r, "single")),
        "sphinx": ("Sphinx", lambda r: sphinx_bench(corpus, work, edit, r)),
    }
    for key in tools:
        name, fn = benches[key]
        echo(f"... {name}")
        result = Result(name)
        try:
            fn(result)
        except BenchError as exc:
            result.status = f"failed: {exc}"
        results.append(result)
    return results, corpus, edit


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="20 documents x 3 languages (about a minute)")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--langs", type=int, default=10, choices=range(1, len(LANGS) + 1), metavar=f"1..{len(LANGS)}")
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    args = ap.parse_args(argv)
    tools = [t.strip().lower() for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        ap.error(f"unknown tool(s): {', '.join(sorted(unknown))}")
    docs, langs = (20, 3) if args.quick else (args.docs, args.langs)
    with tempfile.TemporaryDirectory(prefix="polyleaf-bench-") as tmp:
        results, corpus, _edit = run_bench(docs, langs, tools, Path(tmp), echo=lambda s: print(s, file=sys.stderr, flush=True))
        print(report(results, corpus))


if __name__ == "__main__":
    main()
