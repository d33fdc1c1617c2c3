"""Old vs new, unit by unit: does this tree's readability engine give exactly the numbers of another revision?

    python bench/readability_equality.py --base main              # the test corpus, every profile
    python bench/readability_equality.py --base main --system     # + every msgstr of /usr/share/locale/*.mo
    python bench/readability_equality.py --base main --quick      # corpus only, five languages

The base revision's ``pipeline/`` is extracted with ``git archive`` into a
temporary folder; each side runs in its own interpreter and writes one JSON
record per (text, language, unit): sentences and words, all counts, every
metric value (``repr``), bands, hotspots, notes.  The script prints the first
differences and exits 1 if there is any.  ``tests/test_readability_equality.py``
pins the same records for the committed corpus by digest; this script is the
tool to find *where* a digest moved, and to check a much larger corpus (the
system's gettext catalogs: thousands of real UI strings per language) that
cannot be committed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_LANGS = ("en", "es", "fr", "de", "it", "nl", "pt", "ru", "pl", "ar", "cy", "uk", "ca", "zh")


def system_texts(limit: int) -> dict[str, tuple[str, list[str]]]:
    """``{name: (lang, units)}``: msgstrs of the system's .mo catalogs, per language."""
    import polib

    out: dict[str, tuple[str, list[str]]] = {}
    for lang in SYSTEM_LANGS:
        units: list[str] = []
        dirs = [Path(f"/usr/share/locale/{lang}/LC_MESSAGES")] + ([] if lang == "en" else sorted(Path("/usr/share/locale").glob(f"{lang}_*/LC_MESSAGES")))
        for d in dirs:
            for mo in sorted(d.glob("*.mo")) if d.is_dir() else []:
                try:
                    cat = polib.mofile(str(mo))
                except Exception:  # a catalog polib cannot read: not our concern here
                    continue
                for e in cat:
                    text = e.msgstr or (e.msgstr_plural or {}).get(0, "")
                    if lang == "en":
                        text = e.msgid
                    if text.strip():
                        units.append(text)
                if len(units) >= limit:
                    break
        if units:
            out[f"system:{lang}"] = (lang, units[:limit])
    return out


def dump(pipeline_root: str, out_path: str, system: bool, limit: int, langs: list[str]) -> None:
    sys.path.insert(0, pipeline_root)
    sys.path.insert(1, str(ROOT / "tests"))
    import readability_corpus as RC

    jobs: list[tuple[str, str, list[str]]] = []
    for name, units in RC.corpus(ROOT).items():
        jobs.extend((name, lang, units) for lang in langs)
    if system:
        for name, (lang, units) in system_texts(limit).items():
            jobs.append((name, lang, units))
            if lang != "en":
                jobs.append((name, "en", units))  # every script through the English rules too
    with open(out_path, "w", encoding="utf-8") as fh:
        for name, lang, units in jobs:
            for i, rec in enumerate(RC.unit_records(units, lang)):
                fh.write(json.dumps([name, lang, i, units[i], rec], ensure_ascii=False) + "\n")
            fh.write(json.dumps([name, lang, "whole", "", RC.whole_record(units, lang)], ensure_ascii=False) + "\n")
            fh.write(json.dumps([name, lang, "words", "", RC.word_records(units, lang)], ensure_ascii=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="main", help="git revision to compare with (default: main)")
    ap.add_argument("--system", action="store_true", help="also every msgstr of /usr/share/locale/*.mo")
    ap.add_argument("--limit", type=int, default=20000, help="units per system language (default 20000)")
    ap.add_argument("--quick", action="store_true", help="committed corpus, five languages")
    ap.add_argument("--dump", nargs=2, metavar=("PIPELINE_ROOT", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--langs", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    import readability_corpus as RC

    langs = args.langs.split(",") if args.langs else (["en", "es", "de", "ar", "zh"] if args.quick else list(RC.LANGS))
    if args.dump:
        dump(args.dump[0], args.dump[1], args.system, args.limit, langs)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        base_root = Path(tmp) / "base"
        base_root.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "pipeline"], check=True, capture_output=True).stdout
        tar_path = Path(tmp) / "base.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tf:
            tf.extractall(base_root, filter="data")
        outs = {}
        for side, root in (("base", base_root), ("this tree", ROOT)):
            out = Path(tmp) / f"{side.replace(' ', '_')}.jsonl"
            cmd = [sys.executable, __file__, "--dump", str(root), str(out), "--langs", ",".join(langs), "--limit", str(args.limit)]
            if args.system:
                cmd.append("--system")
            subprocess.run(cmd, check=True)
            outs[side] = out.read_text(encoding="utf-8").splitlines()
        a, b = outs["base"], outs["this tree"]
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        units = sum(1 for line in a if json.loads(line)[2] not in ("whole", "words"))
        print(f"compared {len(a)} records ({units} units scored, {len(langs)} profile languages"
              f"{', plus system catalogs' if args.system else ''}) against {args.base}")
        if len(a) != len(b):
            print(f"DIFFERENT record counts: base {len(a)}, this tree {len(b)}")
        for x, y in diffs[:5]:
            jx, jy = json.loads(x), json.loads(y)
            print(f"\n{jx[0]} [{jx[1]}] unit {jx[2]}: {jx[3][:100]!r}\n  base: {json.dumps(jx[4], ensure_ascii=False)[:400]}\n  this: {json.dumps(jy[4], ensure_ascii=False)[:400]}")
        if diffs or len(a) != len(b):
            print(f"\n{len(diffs)} records differ")
            return 1
        print("identical: every sentence, word, count, metric value, band and hotspot")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
