"""Calibrate each profile's reading age onto the English one, on professionally translated parallel
health texts (issue 16; docs/notes/readability.md §6f).

    python bench/readability_calibrate.py --datashare DIR [--tico DIR] [--write]

Corpora (nothing is copied into the repository; the numbers are):

* ``--datashare DIR``: the parallel documents of github.com/neulab/covid19-datashare (``DIR`` holds
  ``parallel/documents/``), exported with
  ``git -C <snapshot> archive HEAD parallel/documents | tar -x -C DIR``.  Leaflet level: the Doctors
  of the World UK coronavirus guidance for patients (``dotw``, from the NHS advice, English source and
  manual translations into 46 languages), the WHO COVID-19 myth busters of the "Myth Busters in World
  Languages" project (``mythbusters``) and the King County (WA) fact sheet (``kingcounty``), all three
  filed under ``public_domain_license``; clinical level: the Zhejiang University *Handbook of COVID-19
  Prevention and Treatment* (``zhejiang``, filed under ``non_commercial_license``: used here for
  research numbers only; translated from Chinese, the English version is taken as the source).
* ``--tico DIR``: the TICO-19 translation memories (github.com/tico-19/tico-19.github.io,
  ``data/TM/all.en-<lang>.tmx[.zip]``; CC0 1.0): COVID-19 sentences from PubMed, Wikipedia,
  Wikinews, Wikivoyage and Wikisource, professionally translated (conversational CMU set left out).

Texts: the documents are aligned unit by unit (lines; a length-and-number dynamic programme that
allows 1-1, 1-2, 2-1, 2-2, 1-3, 3-1 and dropped units), then cut into consecutive texts of at least
100 English words (the Flesch family's minimum sample); TICO texts are up to 30 consecutive sentences
of one document (at least 10).  A pair is (English text, its translation); each side is scored on its
profile's primary metric, as the parity check does.

The model (``--model raw``, the default): per language a straight line from the primary metric's
*raw score* to the English reading age, ``age = a + b * score``, fitted by least squares, with the
calibrated age kept in [8, 25] (SMOG's own range: SMOG cannot go below grade 3.13, age 8.1).
In raw-score space the line does not inherit the published tables' floors and ceilings (the Flesch
tables stop at age 9 for a score of 100 and at 22 for 0), so it carries from clinical texts down to
leaflets when both are in the fit.  ``--model age`` fits the same line on the tables' ages instead
(the earlier attempt), ``--model offset`` adds the median gap to the table age.

Held out: leave one document out -- each document's texts are scored with the line fitted on all the
language's other documents (a TICO document, the Zhejiang handbook, the DOTW leaflet, ...); a
language with one document only (Polish) alternates its texts between a training and a held-out half.
Printed: per language and corpus level, pairs, median and 90th percentile of
|translation age - source age| before (the tables) and after (held out).  ``--write`` stores the line
fitted on all pairs in ``pipeline/readability/calibration.json``, for each language whose held-out median gap
it lowers and whose easiest text (the published table's easiest value) calibrates to age 11 or below, so
that the default target stays reachable; the others keep their published tables' ages.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readability_corpora as more  # noqa: E402  the corpora of §6g (--ukhsa, --swisscovid, ...)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "pipeline" / "readability" / "calibration.json"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOW, HIGH = 8.0, 25.0  # the calibrated age's range: SMOG's (grade 3.13 .. 20 -> age 8.1 .. 25)
MIN_WORDS = 100
LEAFLET_WORDS = 150
REACHABLE = 11.0  # the default reading age: a line whose easiest text calibrates above it is not shipped
ONE_LEVEL = 4.0  # English ages spanning fewer years than this: one level, no slope fitted

TICO = {"es": "es-LA", "fr": "fr", "pt": "pt-BR", "ru": "ru", "ar": "ar", "zh": "zh"}
DOTW = {"es": "spa", "fr": "fra", "de": "deu", "it": "ita", "pt": "por", "ru": "rus", "pl": "pol", "ar": "ara", "zh": "zh-cn"}
MYTH = {"es": "Spanish", "fr": "French", "de": "German", "nl": "Dutch", "ru": "Russian", "zh": "chinese-simplified"}
KING = {"fr": "fra", "ru": "rus", "ar": "ara"}
ZHEJIANG = {"es": "spa", "fr": "fra", "de": "deu", "it": "ita", "nl": "nld", "zh": "zho"}
LANGS = ("es", "fr", "de", "it", "nl", "pt", "ru", "pl", "ar", "zh")
LEAFLET = ("dotw", "mythbusters", "kingcounty", "vis") + more.LEAFLET


@dataclass(frozen=True)
class Pair:
    corpus: str
    doc: str  # the unit held out together
    source_age: float  # English, primary metric (SMOG), no calibration
    raw: float  # the translation's primary metric value
    table_age: float  # ... and its published table's age

    @property
    def level(self) -> str:
        return "leaflet" if self.corpus in LEAFLET else "clinical/encyclopaedic"


# ---------------------------------------------------------------- readers
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


def tico_texts(rows, size: int = 30, least: int = 10) -> dict[str, list[tuple[list[str], list[str]]]]:
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


_BULLET = re.compile(r"^\s*(?:[•\-*·]\s*|\d+\.\s+)")


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("<"):
            continue
        out.append(line)
    return out


def read_doc(path: Path, drop_first: int = 0) -> list[str]:
    """A datashare document's lines (markup lines left out), the first ``drop_first`` (title, language name) too."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    return _lines(text)[drop_first:]


def dotw_units(path: Path) -> list[str]:
    """The DOTW guidance without its first paragraph (the title and the language's name)."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    paras = re.split(r"</?p>", text)
    paras = [p for p in paras if p.strip() and not p.strip().startswith("<doc")]
    return [line for p in paras[1:] for line in _lines(p)]


_BOILERPLATE = re.compile(r"immunize\.org|Vaccine Information Statement|Distributed by|Translation|\bVIS\b|U\.S\. Department|42 U\.S\.C", re.I)
_TERMINAL = tuple(".!?:;。！？：；؟")
VIS_DIRS = {"es": "spanish", "zh": "chinese", "ru": "russian", "ar": "arabic"}


def vis_text(path: Path, latin_only: bool) -> list[str]:
    """A Vaccine Information Statement's text as units: the PDF's wrapped lines joined back (a line
    not ending a sentence runs on into the next when that one starts in lower case or the line is
    long), the distributor's notes and -- in a non-Latin translation -- lines in English left out."""
    lines = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or _BOILERPLATE.search(line):
            continue
        if not latin_only:
            letters = [c for c in line if c.isalpha()]
            if letters and sum("a" <= c.lower() <= "z" for c in letters) > 0.5 * len(letters):
                continue
        lines.append(line)
    units: list[str] = []
    for line in lines:
        if units and not units[-1].endswith(_TERMINAL) and (line[:1].islower() or len(units[-1]) >= (25 if _CJK.search(units[-1]) else 60)):
            units[-1] = units[-1] + ("" if _CJK.search(line[:1]) else " ") + line
        else:
            units.append(line)
    return units


def vis_pairs(root: Path, lang: str) -> list[tuple[str, list[str], list[str]]]:
    """(topic, English units, translated units): each statement whole, as the gate judges a document."""
    base = root / "data" / "extracted_text" / "immunize"
    if lang not in VIS_DIRS or not (base / "english").is_dir():
        return []
    out = []
    for en in sorted((base / "english").glob("*.txt")):
        topic = en.stem.replace("_acwy", "")
        hits = [p for p in (base / VIS_DIRS[lang]).glob(f"*{topic}.txt")]
        if len(hits) == 1:
            out.append((topic, vis_text(en, True), vis_text(hits[0], lang == "es")))
    return out


# ---------------------------------------------------------------- alignment
_NUM = re.compile(r"\d+")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_BEADS = ((1, 1, 0.0), (1, 2, 0.6), (2, 1, 0.6), (2, 2, 1.5), (1, 3, 2.0), (3, 1, 2.0), (1, 0, 2.0), (0, 1, 2.0))


def _size(s: str) -> int:
    return len(re.sub(r"\s+", "", s))


def align(src: list[str], tgt: list[str]) -> list[tuple[list[str], list[str]]]:
    """Beads of (source units, target units) in order: a dynamic programme over the units' lengths
    (relative to the two texts' length ratio) and the numbers they share."""
    if not src or not tgt:
        return []
    ls, lt = [_size(s) for s in src], [_size(t) for t in tgt]
    ratio = (sum(lt) + 1) / (sum(ls) + 1)
    ns, nt = [set(_NUM.findall(s)) for s in src], [set(_NUM.findall(t)) for t in tgt]
    n, m = len(src), len(tgt)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c0 = cost[i][j]
            if c0 == inf:
                continue
            for di, dj, pen in _BEADS:
                i2, j2 = i + di, j + dj
                if i2 > n or j2 > m:
                    continue
                if di and dj:
                    a, b = sum(ls[i:i2]), sum(lt[j:j2])
                    c = 4.0 * abs(math.log((b + 2) / (ratio * a + 2))) + pen
                    na, nb = set().union(*ns[i:i2]), set().union(*nt[j:j2])
                    if na or nb:
                        c += 4.0 * (1.0 - len(na & nb) / len(na | nb))
                else:
                    c = pen
                if c0 + c < cost[i2][j2]:
                    cost[i2][j2] = c0 + c
                    back[i2][j2] = (i, j)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        beads.append((src[pi:i], tgt[pj:j]))
        i, j = pi, pj
    return beads[::-1]


def chunks(beads, least: int = MIN_WORDS) -> list[tuple[list[str], list[str]]]:
    """Consecutive aligned units in texts of at least ``least`` English words (a dropped unit leaves
    both sides; a short tail joins the last text)."""
    out, en, tr, words = [], [], [], 0
    for s, t in beads:
        if not s or not t:
            continue
        en.extend(_BULLET.sub("", u) for u in s)
        tr.extend(_BULLET.sub("", u) for u in t)
        words += sum(len(u.split()) for u in s)
        if words >= least:
            out.append((en, tr))
            en, tr, words = [], [], 0
    if en:
        if out:
            out[-1] = (out[-1][0] + en, out[-1][1] + tr)
        elif words >= least // 2:
            out.append((en, tr))
    return out


# ---------------------------------------------------------------- pairs
def collect(lang: str, datashare: Path | None, tico: Path | None, words: int = MIN_WORDS, vis: Path | None = None,
            extra: "dict[str, Path] | None" = None) -> list[Pair]:
    from pipeline.readability import score_units

    texts: list[tuple[str, str, list[str], list[str]]] = []  # (corpus, doc, en units, tr units)
    if datashare is not None:
        base = datashare / "parallel" / "documents"
        pd, nc = base / "public_domain_license", base / "non_commercial_license"
        if lang in DOTW:
            for k, (e, t) in enumerate(chunks(align(dotw_units(pd / "dotw" / "eng.xml"), dotw_units(pd / "dotw" / f"{DOTW[lang]}.xml")), words)):
                texts.append(("dotw", "dotw" if lang != "pl" else f"dotw/{k % 2}", e, t))
        if lang in MYTH:
            for e, t in chunks(align(read_doc(pd / "mythbusters" / "English.txt", 1), read_doc(pd / "mythbusters" / f"{MYTH[lang]}.txt", 1)), words):
                texts.append(("mythbusters", "mythbusters", e, t))
        if lang in KING:
            for e, t in chunks(align(read_doc(pd / "kingcounty" / "kingcounty.eng"), read_doc(pd / "kingcounty" / f"kingcounty.{KING[lang]}")), words):
                texts.append(("kingcounty", "kingcounty", e, t))
        if lang in ZHEJIANG:
            zs = chunks(align(read_doc(nc / "zhejiang_handbook" / "zhejiang_handbook.eng"),
                              read_doc(nc / "zhejiang_handbook" / f"zhejiang_handbook.{ZHEJIANG[lang]}")), 200)
            for k, (e, t) in enumerate(zs):
                texts.append(("zhejiang", f"zhejiang/{k * 4 // max(1, len(zs))}", e, t))  # four parts, held out in turn
    if vis is not None:
        for topic, e, t in vis_pairs(vis, lang):
            texts.append(("vis", f"vis/{topic}", e, t))
    if tico is not None and lang in TICO:
        code = TICO[lang]
        path = next((p for p in (tico / f"all.en-{code}.tmx", tico / f"all.en-{code}.tmx.zip") if p.is_file()), None)
        if path is not None:
            for doc, cs in sorted(tico_texts(read_tmx(path)).items()):
                for e, t in cs:
                    texts.append(("tico", f"tico/{doc}", e, t))
    texts.extend((x.corpus, x.doc, list(x.english), list(x.translation)) for x in more.texts(lang, extra, words))
    pairs = []
    for corpus, doc, e, t in texts:
        a, b = score_units(e, "en", 0), score_units(t, lang, 0)
        if a.primary_metric is None or b.primary_metric is None:
            continue
        pairs.append(Pair(corpus, doc, a.primary_metric.reading_age, b.primary_metric.value, b.primary_metric.reading_age))
    return pairs


# ---------------------------------------------------------------- the model
def quantiles(gaps: list[float]) -> tuple[float, float]:
    a = sorted(abs(g) for g in gaps)
    p90 = a[min(len(a) - 1, int(round(0.9 * (len(a) - 1))))]
    return statistics.median(a), p90


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def clip(age: float) -> float:
    return min(HIGH, max(LOW, age))


def table_slope(metric: str) -> float:
    """The published table's own slope, years per point of the metric, between reading ages 11 and 17
    (the secant): the slope of a language whose pairs all sit at one level (Polish)."""
    from pipeline.readability import formulas as F

    scale = F.SCALES[F.METRICS[metric].scale]
    x11, x17 = scale.from_age(11.0), scale.from_age(17.0)
    return 6.0 / (x17 - x11) if x17 != x11 else 1.0


def fit_rma(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """The reduced major axis ``y = a + b x``: b = sign(r) sd(y) / sd(x), through the means.  Both sides
    are noisy measures of the same text's difficulty; least squares of y on x shrinks the slope by the
    noise in x (regression dilution), which is what made lines fitted on hard texts miss leaflets."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = math.copysign(math.sqrt(syy / sxx), sxy) if sxx and sxy else 0.0
    return my - b * mx, b


def train(pairs: list[Pair], model: str, metric: str = "") -> tuple[float, float, str]:
    """(a, b, what x is) of the line ``age = a + b * x``."""
    if model == "raw":
        ages = [p.source_age for p in pairs]
        if max(ages) - min(ages) < ONE_LEVEL:  # one level only: no slope to fit, the table's, offset fitted
            b = table_slope(metric)
            return statistics.median(p.source_age - b * p.raw for p in pairs), b, "raw"
        return (*fit_rma([p.raw for p in pairs], ages), "raw")
    if model == "ols":
        return (*fit([p.raw for p in pairs], [p.source_age for p in pairs]), "raw")
    if model == "age":
        a, b = fit([p.table_age for p in pairs], [p.source_age for p in pairs])
        return a, min(1.5, max(0.5, b)), "age"
    return statistics.median(p.source_age - p.table_age for p in pairs), 1.0, "age"


def predict(line: tuple[float, float, str], p: Pair) -> float:
    a, b, x = line
    return clip(a + b * (p.raw if x == "raw" else p.table_age))


def held_out(pairs: list[Pair], model: str, metric: str) -> list[tuple[Pair, float]]:
    """Each document's pairs predicted by the line fitted on the language's other documents."""
    out = []
    for doc in sorted({p.doc for p in pairs}):
        rest = [p for p in pairs if p.doc != doc]
        if len(rest) < 3:
            continue
        line = train(rest, model, metric)
        out.extend((p, predict(line, p)) for p in pairs if p.doc == doc)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datashare", type=Path, help="folder holding covid19-datashare's parallel/documents/")
    ap.add_argument("--tico", type=Path, help="folder holding TICO-19's all.en-<lang>.tmx[.zip]")
    ap.add_argument("--vis", type=Path, help="folder holding llm-translation-study's data/extracted_text/immunize/")
    more.add_arguments(ap)
    ap.add_argument("--model", choices=("raw", "ols", "age", "offset"), default="raw")
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--words", type=int, default=LEAFLET_WORDS, help="leaflet texts of at least this many English words")
    ap.add_argument("--write", action="store_true", help="store the lines in pipeline/readability/calibration.json")
    args = ap.parse_args()
    if args.datashare is None and args.tico is None and args.vis is None and not more.dirs(args):
        ap.error("give --datashare, --vis, --tico and/or a corpus of §6g")
    sys.path.insert(0, str(ROOT))
    from pipeline.readability import formulas as F

    saved = dict(F.CALIBRATION)
    F.CALIBRATION.clear()  # raw (uncalibrated) ages for the fit
    result = {}
    print("| profile | corpus level | corpora | pairs (fit / held out) | median before | p90 before | median after | p90 after |")
    print("|---|---|---|---|---:|---:|---:|---:|")
    try:
        for lang in args.langs.split(","):
            pairs = collect(lang, args.datashare, args.tico, args.words, args.vis, more.dirs(args))
            if len(pairs) < 4:
                print(f"| {lang} | — | — | {len(pairs)} | | | | | (too few pairs)")
                continue
            metric = F.profile_for(lang).primary
            tested = held_out(pairs, args.model, metric)
            line = train(pairs, args.model, metric)
            rows = []
            for level in ("leaflet", "clinical/encyclopaedic", "all"):
                sel = [(p, y) for p, y in tested if level == "all" or p.level == level]
                if not sel:
                    continue
                corpora = sorted({p.corpus for p, _ in sel})
                before = quantiles([p.table_age - p.source_age for p, _ in sel])
                after = quantiles([y - p.source_age for p, y in sel])
                rows.append({"level": level, "corpora": corpora, "held_out_pairs": len(sel), "before": [round(v, 2) for v in before],
                             "after": [round(v, 2) for v in after]})
                print(f"| {lang} | {level} | {', '.join(corpora)} | {len(pairs)} / {len(sel)} | {before[0]:.2f} | {before[1]:.2f} | {after[0]:.2f} | {after[1]:.2f} |")
            a, b, _ = line
            entry = {"metric": metric, "a": round(a, 4), "b": round(b, 5), "min_age": LOW, "max_age": HIGH,
                     "corpora": sorted({p.corpus for p in pairs}), "pairs": len(pairs), "held_out": rows}
            if args.model != "raw":
                entry["x"] = "table age"
            print(f"|   | line | age = {a:.3f} {'+' if b >= 0 else '-'} {abs(b):.4f} x {metric if args.model == 'raw' else 'table age'} | "
                  f"English ages {min(p.source_age for p in pairs):.1f}-{max(p.source_age for p in pairs):.1f} | | | | |")
            whole = rows[-1]
            scale = F.SCALES[F.METRICS[metric].scale]
            floor = a + b * scale.from_age(0.0)  # the line at the published table's easiest value
            if whole["after"][0] >= whole["before"][0]:  # the held-out gap did not shrink: the table's ages stay
                print(f"|   | not shipped | held-out median {whole['after'][0]:.2f} is not below the tables' {whole['before'][0]:.2f} | | | | | |")
            elif floor > REACHABLE:  # the project's default reading age would be out of reach
                print(f"|   | not shipped | the easiest text the table knows calibrates to age {floor:.1f} (> {REACHABLE:g}): target out of reach | | | | | |")
            else:
                result[lang] = entry
    finally:
        F.CALIBRATION.clear()
        F.CALIBRATION.update(saved)
    if args.write:
        if args.model != "raw":
            print("--write stores raw-score lines only (--model raw)", file=sys.stderr)
            return 2
        OUT.write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
