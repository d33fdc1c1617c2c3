"""Speed of `polyleaf check` per document x language, against reading the same catalog (baseline).

    python bench/checks.py [--quick]

Each round fills a copy of the example's catalog with a fresh stand-in
translation (so no cache helps across rounds), then times
``check_catalog`` (every check, every entry, section parity) and, as the
baseline measured in the same run, ``read_catalog`` of the same file.
Prints seconds per document x language and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
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
            t0 = time.perf_counter()
            po = read_catalog(path)
            t1 = time.perf_counter()
            check_catalog(doc, po, lang, glossary, None, "x.po")
            t2 = time.perf_counter()
            t_read += t1 - t0
            t_check += t2 - t1
            n += 1
    print(f"{n} document x language runs, {len(doc.segments)} segments each, "
          + ("cold: every text analysed afresh" if cold else "warm: source texts analysed once, as across languages"))
    print(f"  read_catalog (baseline): {1000 * t_read / n:7.2f} ms per document x language")
    print(f"  check_catalog:           {1000 * t_check / n:7.2f} ms per document x language  ({t_check / t_read:.1f}x the read)")


if __name__ == "__main__":
    main()
