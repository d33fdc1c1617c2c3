"""Speed of `polyleaf check` per document x language, against reading the same catalog (baseline).

    python bench/checks.py [--quick]

Each round fills a copy of the example's catalog with a fresh stand-in
translation (so no cache helps across rounds), then times
``check_catalog`` (every check, every entry, section parity) and, as the
baseline measured in the same run, ``read_catalog`` of the same file.
Prints CPU milliseconds per document x language (the machine may be shared)
and the ratio.  Then the project
scale: N documents x M languages checked with the findings cache, cold, again
with nothing changed, and after one catalog edit (only that catalog is
re-checked); the baseline is reading every catalog once.  --quick: 20 x 3,
else 200 x 10.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.catalogs import load_documents, read_catalog, write_catalog  # noqa: E402
from pipeline.checks import check_catalog, clear_caches  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.glossary import Glossary, Term  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="a few rounds only")
    args = ap.parse_args()
    rounds = 5 if args.quick else 40
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "p"
        proj.mkdir()
        shutil.copy2(ROOT / "polyleaf.toml", proj)
        shutil.copytree(ROOT / "source", proj / "source")
        shutil.copytree(ROOT / "locales", proj / "locales")
        settings = load_settings(proj)
        doc = load_documents(settings)[0]
        glossary = Glossary(terms=(Term("care team", (("es", "equipo de atención"), ("ar", "فريق الرعاية"))),), do_not_translate=("CAR T",))
        for cold in (True, False):
            run(settings, doc, glossary, rounds, cold)
    if args.quick:
        project_scale(20, ["es", "ar", "zh-Hans"])
    else:
        project_scale(200, ["es", "cy", "pl", "ar", "ur", "zh-Hans", "fr", "de", "it", "pt"])


def run(settings, doc, glossary, rounds: int, cold: bool) -> None:
    t_check = t_read = 0.0
    n = 0
    for r in range(rounds):
        for code in ("es", "ar"):
            lang = settings.language(code)
            path = settings.catalog_path(lang, doc.name)
            po = read_catalog(path)
            for e in po:
                if e.msgid:
                    e.msgstr = f"{code.upper()}{r} {e.msgid}"
            write_catalog(path, po)
            if cold:
                clear_caches()
            t0 = time.process_time()
            po = read_catalog(path)
            t1 = time.process_time()
            check_catalog(doc, po, lang, glossary, None, "x.po")
            t2 = time.process_time()
            t_read += t1 - t0
            t_check += t2 - t1
            n += 1
    print(f"{n} document x language runs, {len(doc.segments)} segments each, "
          + ("cold: every text analysed afresh" if cold else "warm: source texts analysed once, as across languages"))
    print(f"  read_catalog (baseline): {1000 * t_read / n:7.2f} ms CPU per document x language")
    print(f"  check_catalog:           {1000 * t_check / n:7.2f} ms CPU per document x language  ({t_check / t_read:.1f}x the read)")


def project_scale(ndocs: int, codes: list[str]) -> None:
    """``polyleaf check`` over ndocs x len(codes) catalogs: cold, unchanged re-run, one-paragraph edit."""
    from pipeline.publish import gather

    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "p"
        (proj / "source").mkdir(parents=True)
        langs = ", ".join(f'"{c}"' for c in codes)
        (proj / "polyleaf.toml").write_text(f'[project]\nname = "bench"\nlanguages = [{langs}]\n', encoding="utf-8")
        text = (ROOT / "source" / "immunotherapy.md").read_text(encoding="utf-8")
        template = read_catalog(ROOT / "locales" / "es" / "LC_MESSAGES" / "immunotherapy.po")
        for i in range(ndocs):
            (proj / "source" / f"doc{i:03d}.md").write_text(text.replace("# Immunotherapy", f"# Leaflet {i}: Immunotherapy", 1), encoding="utf-8")
        settings = load_settings(proj)
        for doc in load_documents(settings):
            for code in codes:
                po = read_catalog(ROOT / "locales" / "es" / "LC_MESSAGES" / "immunotherapy.po")
                title = next(s.text for s in doc.segments if s.kind == "title")
                for e in po:
                    if e.msgid == template[0].msgid:
                        e.msgid = title
                    if e.msgid:
                        e.msgstr = f"{code.upper()} {e.msgid}"
                write_catalog(settings.catalog_path(code, doc.name), po)
        n = ndocs * len(codes)
        clear_caches()
        t0 = time.perf_counter()
        for doc in load_documents(settings):
            for code in codes:
                read_catalog(settings.catalog_path(code, doc.name))
        t_read = time.perf_counter() - t0
        docs = load_documents(settings)  # parsed once by the build, shared by its stages
        t0 = time.perf_counter()
        gather(settings, documents=docs, cache=True)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        gather(settings, documents=docs, cache=True)
        t_same = time.perf_counter() - t0
        # one paragraph edited in one document's catalog of the first language
        path = settings.catalog_path(codes[0], "doc000")
        po = read_catalog(path)
        po[3].msgstr += " (edited)"
        write_catalog(path, po)
        t0 = time.perf_counter()
        inputs = gather(settings, documents=docs, cache=True)
        t_edit = time.perf_counter() - t0
        assert len(inputs) == n
        t_pofilter = None
        if shutil.which("pofilter"):
            # Translate Toolkit's QA checker over the same catalogs, one process for the lot
            out = Path(tmp) / "pofilter-out"
            t0 = time.perf_counter()
            subprocess.run(["pofilter", "--progress=none", "-i", str(proj / "locales"), "-o", str(out), "-x", "templates"],
                           check=True, capture_output=True)
            t_pofilter = time.perf_counter() - t0
        print(f"project: {ndocs} documents x {len(codes)} languages = {n} catalogs")
        print(f"  read every catalog (baseline): {t_read:6.2f} s  ({1000 * t_read / n:.2f} ms per document x language)")
        print(f"  check, no cache:               {t_cold:6.2f} s  ({1000 * t_cold / n:.2f} ms per document x language, {t_cold / t_read:.1f}x the read)")
        if t_pofilter is not None:
            print(f"  pofilter (Translate Toolkit):  {t_pofilter:6.2f} s  ({1000 * t_pofilter / n:.2f} ms per document x language, "
                  f"{t_cold / t_pofilter:.2f}x: ours / pofilter)")
        else:
            print("  pofilter not installed (pip install translate-toolkit): comparison skipped")
        print(f"  check again, nothing changed:  {t_same:6.2f} s")
        print(f"  check after one catalog edit:  {t_edit:6.2f} s")


if __name__ == "__main__":
    main()
