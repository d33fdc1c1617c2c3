"""Benchmark: extract + update against GNU msgmerge, on a generated corpus.

    python bench/catalogs.py [--quick] [--docs 200] [--langs 10]

Prints wall times and ratios measured in the same run:
1. full update after an edit pass (10% of segments edited in every document),
   all documents x languages, against `msgmerge --previous` over the same
   template/catalog pairs;
2. a no-op re-run (nothing changed), target under 1 s;
3. one large catalog with thousands of edited entries (fuzzy matching), against
   msgmerge, and how many fuzzy decisions agree.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.catalogs import apply_update, entry_state, plan_update, read_catalog, update_project  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.po import generate_po  # noqa: E402

LANGS = ["es", "cy", "pl", "ar", "ur", "zh-Hans", "fr", "de", "it", "pt"]
WORDS = (
    "immunotherapy treatment cancer immune system cells find destroy care team side effects inflammation "
    "fatigue medication steroids hospital clinic blood test fertility questions appointment contact body "
    "usually sometimes important different types helps protects infection illness diseases growing noticed "
    "strong enough proteins antibodies checkpoint inhibitors therapy white better written information"
).split()


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(6, 22))]
    return " ".join(words).capitalize() + "."


def document(rng: random.Random, sections: int = 6) -> list[str]:
    blocks = [f"# {sentence(rng, 4)[:-1]}"]
    for _ in range(sections):
        blocks.append(f"## {sentence(rng, 5)[:-1]}?")
        for _ in range(rng.randint(2, 5)):
            blocks.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
    return blocks


def typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + rng.choice("aeiou") + text[i:]


def make_project(root: Path, docs: int, langs: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    (root / "source").mkdir(parents=True)
    codes = ", ".join(f'"{c}"' for c in LANGS[:langs])
    (root / "polyleaf.toml").write_text(f'[project]\nname = "bench"\nlanguages = [{codes}]\n', encoding="utf-8")
    corpus = []
    for d in range(docs):
        blocks = document(rng)
        corpus.append(blocks)
        (root / "source" / f"doc{d:03}.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return corpus


def translate_all(root: Path) -> None:
    for path in (root / "locales").rglob("*.po"):
        po = read_catalog(path)
        for e in po:
            if e.msgid and not e.obsolete and not e.msgstr:
                e.msgstr = "T " + e.msgid[::-1]
        path.write_text(generate_po(po), encoding="utf-8")


def edit_pass(root: Path, corpus: list[list[str]], share: float, seed: int = 11) -> None:
    rng = random.Random(seed)
    for d, blocks in enumerate(corpus):
        new = [typo(rng, b) if (not b.startswith("#") and rng.random() < share) else b for b in blocks]
        corpus[d] = new
        (root / "source" / f"doc{d:03}.md").write_text("\n\n".join(new) + "\n", encoding="utf-8")


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_msgmerge(pairs: list[tuple[Path, Path, Path]], jobs: int = 1) -> float:
    def one(p):
        old, pot, out = p
        subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(out), str(old), str(pot)], check=True)

    t0 = time.perf_counter()
    if jobs == 1:
        for p in pairs:
            one(p)
    else:
        with ThreadPoolExecutor(jobs) as ex:
            list(ex.map(one, pairs))
    return time.perf_counter() - t0


def corpus_case(docs: int, langs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        corpus = make_project(root, docs, langs)
        settings = load_settings(root)
        apply_update(plan_update(settings))
        translate_all(root)
        apply_update(plan_update(settings))
        snap = Path(tmp) / "before"
        shutil.copytree(root / "locales", snap)
        update_project(load_settings(root))  # cache reflects the translated state, as after any real run
        edit_pass(root, corpus, 0.10)
        full = timed(lambda: update_project(load_settings(root)))
        noop = timed(lambda: update_project(load_settings(root)))
        pairs = []
        outdir = Path(tmp) / "gnu"
        for po in sorted(snap.rglob("*.po")):
            rel = po.relative_to(snap)
            pot = root / "locales" / "templates" / (po.stem + ".pot")
            out = outdir / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            pairs.append((po, pot, out))
        gnu = run_msgmerge(pairs)
        n = docs * langs
        print(f"corpus: {docs} documents x {langs} languages = {n} catalogs")
        print(f"  polyleaf extract+update after 10% edits : {full:8.2f} s")
        print(f"  GNU msgmerge --previous, same pairs      : {gnu:8.2f} s   ratio msgmerge/polyleaf = {gnu / full:5.2f}x (target >= 1)")
        print(f"  polyleaf no-op re-run                    : {noop:8.2f} s   (target < 1 s)")


def large_case(entries: int, edited: int) -> None:
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        (root / "source").mkdir(parents=True)
        (root / "polyleaf.toml").write_text('[project]\nname = "bench"\nlanguages = ["es"]\n', encoding="utf-8")
        blocks = ["# Big"] + [" ".join(sentence(rng) for _ in range(2)) for _ in range(entries)]
        src = root / "source" / "big.md"
        src.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        settings = load_settings(root)
        apply_update(plan_update(settings))
        translate_all(root)
        old = Path(tmp) / "old.po"
        shutil.copy(root / "locales/es/LC_MESSAGES/big.po", old)
        idx = rng.sample(range(1, len(blocks)), edited)
        for i in idx:
            blocks[i] = typo(rng, typo(rng, blocks[i]))
        src.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        ours_t = timed(lambda: apply_update(plan_update(load_settings(root))))
        out = Path(tmp) / "gnu.po"
        gnu_t = run_msgmerge([(old, root / "locales/templates/big.pot", out)])
        ours = {e.msgid: (entry_state(e), e.previous_msgid) for e in read_catalog(root / "locales/es/LC_MESSAGES/big.po") if e.msgid and not e.obsolete}
        gnu = {e.msgid: (entry_state(e), e.previous_msgid) for e in read_catalog(out) if e.msgid and not e.obsolete}
        same = sum(1 for k in ours if gnu.get(k) == ours[k])
        print(f"large catalog: {entries} entries, {edited} edited")
        print(f"  polyleaf: {ours_t:7.2f} s   msgmerge: {gnu_t:7.2f} s   ratio = {gnu_t / ours_t:6.1f}x (target >= 10)   same decisions: {same}/{len(ours)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--langs", type=int, default=10)
    args = ap.parse_args()
    if not shutil.which("msgmerge"):
        sys.exit("bench needs GNU gettext (apt-get install gettext)")
    if args.quick:
        corpus_case(20, 3)
        large_case(2000, 500)
        return
    corpus_case(args.docs, args.langs)
    for entries, edited in ((8000, 1000), (8000, 4000), (16000, 8000)):
        large_case(entries, edited)


if __name__ == "__main__":
    main()
