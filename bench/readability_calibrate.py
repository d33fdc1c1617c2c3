"""Calibrate each profile's reading age onto the English one, on professionally translated parallel
health texts (issue 16).

    python bench/readability_calibrate.py --tico DIR [--write]

DIR holds the TICO-19 translation memories (github.com/tico-19/tico-19.github.io, ``data/TM/
all.en-<lang>.tmx[.zip]``; CC0 1.0): 3,071 English sentences on COVID-19 (PubMed abstracts,
Wikipedia, Wikinews, Wikivoyage, Wikisource) with professional translations into Spanish (Latin
American), French, Brazilian Portuguese, Russian, Arabic and Chinese, among others.  The
conversational CMU set (lower case, no punctuation) is left out.  Texts: up to 30 consecutive
sentences of one document (at least 10), the same sentences on both sides.  Documents alternate
between a training and a held-out half (sorted by id).

Per language the calibration is a straight line on the reading age, ``age' = a + b * age``, fitted by
least squares on the training texts (translation's age -> source's age), with b kept in [0.5, 1.5].
Printed: pairs, median and 90th percentile of |translation age - source age| on the held-out texts
before and after.  ``--write`` stores the lines in ``pipeline/readability/calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "pipeline" / "readability" / "calibration.json"
LANGS = {"es": "es-LA", "fr": "fr", "pt": "pt-BR", "ru": "ru", "ar": "ar", "zh": "zh"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: Path) -> list[tuple[str, str, str]]:
    """(tuid, English, translation) in file order."""
    data = zipfile.ZipFile(path).read(zipfile.ZipFile(path).namelist()[0]) if path.suffix == ".zip" else path.read_bytes()
    out = []
    for tu in ET.fromstring(data).iter("tu"):
        segs = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.findall("tuv")}
        en = segs.get("en")
        other = next((v for k, v in segs.items() if k != "en"), None)
        if en and other:
            out.append((tu.get("tuid"), en.strip(), other.strip()))
    return out


def texts(rows, size: int = 30, least: int = 10):
    """{doc: [(english units, translated units), ...]} in chunks of consecutive sentences."""
    docs: dict[str, list] = {}
    for tuid, en, tr in rows:
        doc = tuid.rsplit(":", 1)[0]
        if doc.startswith("CMU"):
            continue
        docs.setdefault(doc, []).append((en, tr))
    out = {}
    for doc, pairs in docs.items():
        chunks = [pairs[i:i + size] for i in range(0, len(pairs), size)]
        out[doc] = [([p[0] for p in c], [p[1] for p in c]) for c in chunks if len(c) >= least]
    return out


def quantiles(gaps: list[float]) -> tuple[float, float]:
    a = sorted(abs(g) for g in gaps)
    p90 = a[min(len(a) - 1, int(round(0.9 * (len(a) - 1))))]
    return statistics.median(a), p90


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 1.0
    b = min(1.5, max(0.5, b))
    return my - b * mx, b


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tico", type=Path, required=True)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--model", choices=("line", "offset"), default="line", help="a + b*age (least squares) or age + median offset")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipeline.readability import score_units
    from pipeline.readability import formulas as F

    saved = dict(F.CALIBRATION)
    F.CALIBRATION.clear()  # raw (uncalibrated) ages for the fit
    result = {}
    print("| profile | corpus | pairs (train / held-out) | median |gap| before | p90 before | median after | p90 after | line |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    for lang, code in LANGS.items():
        path = next((p for p in (args.tico / f"all.en-{code}.tmx", args.tico / f"all.en-{code}.tmx.zip") if p.is_file()), None)
        if path is None:
            continue
        docs = texts(read_tmx(path))
        train, test = [], []
        for i, doc in enumerate(sorted(docs)):
            for en, tr in docs[doc]:
                a, b = score_units(en, "en", 0), score_units(tr, lang, 0)
                if a.reading_age is None or b.reading_age is None:
                    continue
                (train if i % 2 == 0 else test).append((a.reading_age, b.reading_age))
        if args.model == "line":
            a0, b0 = fit([t for _, t in train], [s for s, _ in train])
        else:
            a0, b0 = statistics.median(s - t for s, t in train), 1.0
        before = quantiles([t - s for s, t in test])
        after = quantiles([(a0 + b0 * t) - s for s, t in test])
        result[lang] = {"a": round(a0, 3), "b": round(b0, 3), "corpus": f"TICO-19 en-{code} (CC0)", "train_pairs": len(train),
                        "held_out_pairs": len(test), "before": [round(x, 2) for x in before], "after": [round(x, 2) for x in after]}
        print(f"| {lang} | TICO-19 en-{code} | {len(train)} / {len(test)} | {before[0]:.2f} | {before[1]:.2f} | {after[0]:.2f} | {after[1]:.2f} | age' = {a0:.2f} + {b0:.3f} age |")
    F.CALIBRATION.update(saved)
    if args.write:
        OUT.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
