"""Why did a readability number move?  Old vs new, explained by cause.

    python bench/readability_changes.py --base main [--langs en,es] [--markdown]

Where ``bench/readability_equality.py`` says *that* a number moved (unit by
unit, so one merged unit shifts every later record), this script says *why*,
per corpus text and profile language: the sentence, word, syllable and
polysyllable counts before and after, the sentences cut differently (present
on one side only), and the words whose syllable count changed or that stopped
counting (URLs, e-mail addresses, phone numbers).  Used to explain each
rewrite of ``tests/data/readability/equality.golden.json``
(docs/notes/readability.md §6).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dump(pipeline_root: str, out_path: str, langs: list[str]) -> None:
    sys.path.insert(0, pipeline_root)
    sys.path.insert(1, str(ROOT / "tests"))
    import readability_corpus as RC
    from pipeline.readability.engine import score_sentences, word_info
    from pipeline.readability.tokenize import sentences

    out = {}
    for name, units in RC.corpus(ROOT).items():
        for lang in langs:
            sents = sentences(units, lang)
            c = score_sentences(sents, lang, 0).counts
            words = Counter(w for s in sents for w in s.words)
            out[f"{name}\t{lang}"] = {
                "counts": [c.sentences, c.words, c.syllables, c.polysyllables],
                "sentences": [s.text for s in sents],
                "words": {w: [k, word_info(lang, w, True)[2]] for w, k in words.items()},
            }
    Path(out_path).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="main")
    ap.add_argument("--langs", default="")
    ap.add_argument("--dump", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    import readability_corpus as RC

    langs = args.langs.split(",") if args.langs else list(RC.LANGS)
    if args.dump:
        dump(args.dump[0], args.dump[1], langs)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        base_root = Path(tmp) / "base"
        base_root.mkdir()
        tar_path = Path(tmp) / "base.tar"
        tar_path.write_bytes(subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "pipeline"], check=True, capture_output=True).stdout)
        with tarfile.open(tar_path) as tf:
            tf.extractall(base_root, filter="data")
        sides = {}
        for side, root in (("base", base_root), ("new", ROOT)):
            out = Path(tmp) / f"{side}.json"
            subprocess.run([sys.executable, __file__, "--dump", str(root), str(out), "--langs", ",".join(langs)], check=True)
            sides[side] = json.loads(out.read_text(encoding="utf-8"))
    a, b = sides["base"], sides["new"]
    moved = 0
    split_changes: Counter = Counter()
    word_changes: Counter = Counter()
    print("| text | lang | sentences | words | syllables | 3+ syllables |\n|---|---|---|---|---|---|")
    for key in sorted(a):
        x, y = a[key], b[key]
        if x["counts"] == y["counts"] and x["sentences"] == y["sentences"]:
            continue
        moved += 1
        name, lang = key.split("\t")
        cells = [f"{p} → {q}" if p != q else str(p) for p, q in zip(x["counts"], y["counts"])]
        print(f"| {name} | {lang} | " + " | ".join(cells) + " |")
        xs, ys = Counter(x["sentences"]), Counter(y["sentences"])
        for s in (xs - ys):
            split_changes[("base only", lang, s)] += 1
        for s in (ys - xs):
            split_changes[("new only", lang, s)] += 1
        for w in set(x["words"]) | set(y["words"]):
            p, q = x["words"].get(w), y["words"].get(w)
            if p is None or q is None or p[1] != q[1]:
                word_changes[(lang, w, p[1] if p else "—", q[1] if q else "not counted")] += 1
    print(f"\n{moved} of {len(a)} (text, language) pairs moved\n")
    print("Sentences cut differently (side, language, sentence):")
    for (side, lang, s), _ in sorted(split_changes.items()):
        print(f"  {side:9} {lang}: {s[:110]}")
    print("\nWords whose syllables changed (language, word, before → after):")
    for (lang, w, p, q), _ in sorted(word_changes.items(), key=str):
        print(f"  {lang}: {w} {p} → {q}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
