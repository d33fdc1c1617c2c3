"""Benchmark: extract + update against GNU msgmerge, on a generated corpus.

    python bench/catalogs.py [--quick] [--docs 200] [--langs 10] [--large-only] [--sizes 4000,8000,16000,32000]
                             [--no-msgmerge] [--repeat 3]

Prints wall times and ratios measured in the same run:
1. full update after an edit pass (10% of segments edited in every document),
   all documents x languages, against `msgmerge --previous` over the same
   template/catalog pairs;
2. a no-op re-run (nothing changed), target under 1 s;
3. one large catalog with thousands of edited entries (fuzzy matching), against
   msgmerge, and how many fuzzy decisions agree;
4. the scaling series: N = 4000, 8000, 16000, 32000 entries with N/2 edited, the
   growth per doubling of our time and msgmerge's (``--large-only`` runs only 3-4),
   ours in wall and in CPU seconds (``time.process_time``: what the shared machine's load
   does not change); ``--no-msgmerge`` leaves msgmerge out of 3-4 (32k takes ~15 min).
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


def large_case(entries: int, edited: int, msgmerge: bool = True, repeat: int = 1) -> tuple[float, float, float]:
    """Our update of one big catalog (best of ``repeat`` runs from the same state) and msgmerge's."""
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
        import numpy  # noqa: F401  (the fuzzy index imports it; not charged to the first size timed)

        state = Path(tmp) / "locales-before"
        shutil.copytree(root / "locales", state)
        ours_t = ours_cpu = float("inf")
        for run in range(max(1, repeat)):
            if run:
                shutil.rmtree(root / "locales")
                shutil.copytree(state, root / "locales")
            cpu0 = time.process_time()
            ours_t = min(ours_t, timed(lambda: apply_update(plan_update(load_settings(root)))))
            ours_cpu = min(ours_cpu, time.process_time() - cpu0)
        if not msgmerge:
            print(f"large catalog: {entries} entries, {edited} edited\n  polyleaf: {ours_t:7.2f} s wall, {ours_cpu:7.2f} s CPU", flush=True)
            return ours_t, ours_cpu, float("nan")
        out = Path(tmp) / "gnu.po"
        gnu_t = run_msgmerge([(old, root / "locales/templates/big.pot", out)])
        ours = {e.msgid: (entry_state(e), e.previous_msgid) for e in read_catalog(root / "locales/es/LC_MESSAGES/big.po") if e.msgid and not e.obsolete}
        gnu = {e.msgid: (entry_state(e), e.previous_msgid) for e in read_catalog(out) if e.msgid and not e.obsolete}
        same = sum(1 for k in ours if gnu.get(k) == ours[k])
        fuzzy_ours = sum(1 for v in ours.values() if v[0] == "fuzzy")
        fuzzy_gnu = sum(1 for v in gnu.values() if v[0] == "fuzzy")
        print(f"large catalog: {entries} entries, {edited} edited")
        print(f"  polyleaf: {ours_t:7.2f} s ({ours_cpu:.2f} s CPU)   msgmerge: {gnu_t:7.2f} s   ratio = {gnu_t / ours_t:6.1f}x (target >= 10 from 16000)   "
              f"same decisions: {same}/{len(ours)} (fuzzy: ours {fuzzy_ours}, msgmerge {fuzzy_gnu})", flush=True)
        return ours_t, ours_cpu, gnu_t


def scaling_series(sizes: list[int], msgmerge: bool = True, repeat: int = 1) -> None:
    """One catalog of N entries with N/2 edited, N doubling: time per doubling, ours and msgmerge's."""
    rows = [(n, *large_case(n, n // 2, msgmerge, repeat)) for n in sizes]
    print("scaling (N entries, N/2 edited): growth per doubling, polyleaf wall / CPU / msgmerge (linear = 2.0x)")
    for (n0, ours0, cpu0, gnu0), (n1, ours1, cpu1, gnu1) in zip(rows, rows[1:]):
        print(f"  {n0:>6} -> {n1:>6}: polyleaf {ours1 / ours0:4.2f}x wall, {cpu1 / cpu0:4.2f}x CPU   msgmerge {gnu1 / gnu0:4.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--langs", type=int, default=10)
    ap.add_argument("--large-only", action="store_true", help="only the one-large-catalog cases (fuzzy matching)")
    ap.add_argument("--sizes", default="4000,8000,16000,32000", help="catalog sizes of the scaling series (N/2 edited each)")
    ap.add_argument("--repeat", type=int, default=1, help="large cases: time ours N times from the same state, keep the best")
    ap.add_argument("--no-msgmerge", action="store_true", help="time only polyleaf in the large cases (no ratio, no decision check)")
    args = ap.parse_args()
    if not shutil.which("msgmerge") and not (args.no_msgmerge and args.large_only):
        sys.exit("bench needs GNU gettext (apt-get install gettext)")
    if args.quick:
        corpus_case(20, 3)
        large_case(2000, 500)
        return
    if not args.large_only:
        corpus_case(args.docs, args.langs)
        large_case(8000, 1000, not args.no_msgmerge)
    scaling_series([int(n) for n in args.sizes.split(",")], not args.no_msgmerge, args.repeat)


if __name__ == "__main__":
    main()
