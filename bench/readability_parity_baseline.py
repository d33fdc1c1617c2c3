"""Cross-language reading-age gap on professionally translated parallel texts (issue 16, calibration baseline).

    python bench/readability_parity_baseline.py --pairs DIR --source-lang en --target-lang fr \\
        --source-sub EN --target-sub FR/CG

DIR holds one file per text in ``DIR/<source-sub>/`` and its translation under the same name in
``DIR/<target-sub>/`` (one sentence per line, as the WMT 2022 biomedical clinical cases are
distributed: github.com/biomedical-translation-corpora/corpora, ``ClinicalCasesWithEval.zip``, folder
``FT``; ``FR/CG`` is the gold translation post-edited by a translator and a clinician).  Prints, per pair,
the reading age of the source and of the translation (each on its language's judged metric) and the
gap, then the median and 90th percentile of |gap|.  No text is copied into the repository.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, required=True)
    ap.add_argument("--source-lang", default="en")
    ap.add_argument("--target-lang", required=True)
    ap.add_argument("--source-sub", default="EN")
    ap.add_argument("--target-sub", required=True)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipeline.readability import score_units

    gaps = []
    print("| text | source words | source reading age (metric) | translation reading age (metric) | gap (years) |\n|---|---:|---:|---:|---:|")
    for src in sorted((args.pairs / args.source_sub).iterdir()):
        tr = args.pairs / args.target_sub / src.name
        if not src.is_file() or not tr.is_file():
            continue
        units = lambda p: [l.strip() for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]  # noqa: E731
        a, b = score_units(units(src), args.source_lang), score_units(units(tr), args.target_lang)
        if a.reading_age is None or b.reading_age is None:
            print(f"| {src.name} | {a.counts.words} | too short | too short | – |")
            continue
        gap = b.reading_age - a.reading_age
        gaps.append(gap)
        print(f"| {src.name} | {a.counts.words} | {a.reading_age:.1f} ({a.judged_metric.label}) | {b.reading_age:.1f} ({b.judged_metric.label}) | {gap:+.1f} |")
    if gaps:
        abs_gaps = sorted(abs(g) for g in gaps)
        p90 = abs_gaps[min(len(abs_gaps) - 1, int(round(0.9 * (len(abs_gaps) - 1))))]
        print(f"\n{len(gaps)} pairs: mean gap {statistics.fmean(gaps):+.2f} years, median |gap| {statistics.median(abs_gaps):.2f}, p90 |gap| {p90:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
