"""Benchmark: reading and validating ``polyleaf.toml`` with 2,000 ``[[waivers]]``.

    python bench/settings_waivers.py [--docs 200] [--langs 10] [--runs 10]

Writes a settings file with one waiver per document x language, as
``bench/build.py``'s ``polyleaf_setup`` does, then times (best and median of
``--runs``, after one warm-up): ``load_settings`` (TOML and the shape checks),
``settings_check.validate`` (every stage's table, as each command does before it
writes anything) and the score stage's ``readability.settings.load`` on the same
``Settings``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import load_settings  # noqa: E402
from pipeline.readability.settings import load as load_readability  # noqa: E402
from pipeline.settings_check import validate  # noqa: E402

LANGS = ["de", "es", "fr", "it", "nl", "pl", "pt", "sv", "tr", "uk", "cy", "da", "fi", "ro", "cs"]
WAIVER = (
    '\n[[waivers]]\ndocument = "{doc}"\nlanguage = "{lang}"\ndate = 2026-11-24\n'
    'reason = "Benchmark: stand-in translations (reversed English) cannot meet a readability target."\n'
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--langs", type=int, default=10)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    langs = LANGS[: args.langs]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        head = '[project]\nname = "bench"\nsource_language = "en"\nlanguages = [%s]\n' % ", ".join(f'"{l}"' for l in langs)
        waivers = "".join(WAIVER.format(doc=f"doc{i:03d}", lang=l) for i in range(args.docs) for l in langs)
        (root / "polyleaf.toml").write_text(head + waivers, encoding="utf-8")
        (root / "source").mkdir()

        def once() -> tuple[float, float, float]:
            t0 = time.perf_counter()
            settings = load_settings(root)
            t1 = time.perf_counter()
            validate(settings)
            t2 = time.perf_counter()
            load_readability(settings)
            t3 = time.perf_counter()
            return t1 - t0, t2 - t1, t3 - t2

        once()
        runs = [once() for _ in range(args.runs)]
    print(f"{args.docs} documents x {len(langs)} languages = {args.docs * len(langs)} waivers, {args.runs} runs")
    for i, name in enumerate(("load_settings", "validate", "readability load (score stage)")):
        values = [r[i] * 1000 for r in runs]
        print(f"  {name:32s} best {min(values):6.1f} ms  median {statistics.median(values):6.1f} ms")


if __name__ == "__main__":
    main()
