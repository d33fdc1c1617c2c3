"""Calibrate each profile's reading age onto the English one, on professionally translated parallel
health texts (issue 16; docs/notes/readability.md §6f).

    python bench/readability_calibrate.py --datashare DIR [--tico DIR] [--vis DIR] [§6g corpora] [--variants] [--write]

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
* ``--vis DIR``: CDC Vaccine Information Statements with Immunize.org's translations, as extracted by
  github.com/hallixrap/llm-translation-study (``data/extracted_text/immunize/``), each scored whole.
* ``--ukhsa``, ``--covidalertny``, ``--swisscovid``, ``--covidtracker``, ``--stayaway``, ``--hamagen``,
  ``--coronamelder``: the public-health app and website corpora of ``bench/readability_corpora.py``
  (docs/notes/readability.md §6g), at leaflet level.

Texts: the documents are aligned unit by unit (lines; a length-and-number dynamic programme that
allows 1-1, 1-2, 2-1, 2-2, 1-3, 3-1 and dropped units), then cut into consecutive texts, two ways:

* the *first protocol* (the earlier evaluation): leaflets in texts of at least ``--words`` (150)
  English words, the handbook in texts of 200, TICO in texts of 10-30 sentences, each VIS whole.  Most
  of these English texts have fewer than SMOG's 30 sentences, where the product reports Flesch
  Reading Ease's age instead (``TextScore.judged_metric``);
* *minimum samples*: every text cut to meet the formulas' minimum samples -- 30 English sentences as
  the product splits them (SMOG) and 100 words (the others) -- so that the product judges both sides
  by their primary metric and the English age is the SMOG age the calibration is anchored on.

A pair is (English text, its translation).  Printed per language, corpus level and protocol: texts,
median and 90th percentile of |translation age - source age| by the published tables, by the line
shipped before (refitted, held out) and by the shipped mapping (held out), under three comparisons:
the primary metrics of the first protocol's texts (what parity compares), the reading ages the
product reports for them (``TextScore.reading_age``: English by Flesch Reading Ease under 30
sentences; none below every minimum sample), and the minimum-sample texts.

The model: per language a monotone map from the primary metric's *raw score* to the English (SMOG)
reading age, kept in [8, 25] (``formulas.Calibration``).  Variants (:data:`VARIANTS`): the reduced
major axis line (both sides are noisy measures of the same text: no regression dilution), the same
with leaflet and clinical/encyclopaedic texts weighing alike, equipercentile curves (score quantile
linked to age quantile at 3 or 5 levels, joined by straight lines, continued along the end segments:
the curved counterpart of the reduced major axis), a line on leaflets only, and the line fitted on the
first protocol's texts (the model shipped before).  Each is fitted and held out -- leave one document
out: each document's texts scored by the mapping fitted on the language's other documents -- on the
minimum-sample texts.  Shipped: the variant with the lowest held-out error (mean |gap|, leaflet and
clinical/encyclopaedic texts weighing alike when each has at least 5 texts) among those whose
published table's easiest value calibrates to age 11 or below (the default target reachable); a
curve only when it beats the best line by ``CURVE_MARGIN``; nothing when no variant beats the tables.
``--write`` stores the mappings in ``pipeline/readability/calibration.json`` and every text's numbers
(no text) in ``tests/data/readability/calibration_pairs.json``, from which the tests refit the file.
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
NUMBERS = ROOT / "tests" / "data" / "readability" / "calibration_pairs.json"  # each text's numbers, no text
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOW, HIGH = 8.0, 25.0  # the calibrated age's range: SMOG's (grade 3.13 .. 20 -> age 8.1 .. 25)
MIN_WORDS = 100
SMOG_SENTENCES = 30  # SMOG's minimum sample (formulas.METRICS["smog"].min_sentences)
LEAFLET_WORDS = 150
REACHABLE = 11.0  # the default reading age: a line whose easiest text calibrates above it is not shipped
CURVE_MARGIN = 0.05  # a curve ships only when its held-out error is at least this much (years) below the best line's
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
    source_judged: float | None = None  # the English text's reading age as the product reports it (None: too short)
    judged_key: str | None = None  # the metric the product judges the translation by (None: too short)
    judged_table_age: float | None = None  # ... its published table's age
    source_judged_key: str | None = None  # the metric the product judges the English text by (SMOG, or FRE under 30 sentences)
    source_fre: float | None = None  # the English text's Flesch Reading Ease

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


# ---------------------------------------------------------------- texts
def sample_chunks(beads, sentences: int = SMOG_SENTENCES, words: int = MIN_WORDS) -> list[tuple[list[str], list[str]]]:
    """Consecutive aligned units in texts that meet the formulas' minimum samples: at least
    ``sentences`` English sentences as the product splits them (SMOG's 30) and ``words`` words on
    both sides (the other formulas' 100); a short tail joins the last text."""
    from pipeline.readability.tokenize import sentences as split

    out, en, tr, n, w = [], [], [], 0, 0
    for s, t in beads:
        if not s or not t:
            continue
        s = [_BULLET.sub("", u) for u in s]
        en.extend(s)
        tr.extend(_BULLET.sub("", u) for u in t)
        n += len(split(s, "en"))
        w += sum(len(u.split()) for u in s)
        if n >= sentences and w >= words:
            out.append((en, tr))
            en, tr, n, w = [], [], 0, 0
    if en and out:
        out[-1] = (out[-1][0] + en, out[-1][1] + tr)
    return out


def texts_for(lang: str, datashare: Path | None, tico: Path | None, vis: Path | None, cut: str, words: int = LEAFLET_WORDS,
              extra: dict[str, Path] | None = None):
    """(corpus, doc, English units, translated units) of ``lang``.  ``cut="old"``: leaflets in texts of at
    least ``words`` English words, the handbook of 200, TICO in texts of 10-30 sentences, each VIS whole
    (the first protocol).  ``cut="min"``: every text cut to meet the formulas' minimum samples (30 English
    sentences, 100 words), each VIS whole when it has them: what the product judges by its primary metrics."""
    old = cut == "old"

    def cut_beads(beads, least):
        return chunks(beads, least) if old else sample_chunks(beads)

    texts: list[tuple[str, str, list[str], list[str]]] = []
    if datashare is not None:
        base = datashare / "parallel" / "documents"
        pd, nc = base / "public_domain_license", base / "non_commercial_license"
        if lang in DOTW:
            for k, (e, t) in enumerate(cut_beads(align(dotw_units(pd / "dotw" / "eng.xml"), dotw_units(pd / "dotw" / f"{DOTW[lang]}.xml")), words)):
                texts.append(("dotw", "dotw" if lang != "pl" else f"dotw/{k % 2}", e, t))
        if lang in MYTH:
            for e, t in cut_beads(align(read_doc(pd / "mythbusters" / "English.txt", 1), read_doc(pd / "mythbusters" / f"{MYTH[lang]}.txt", 1)), words):
                texts.append(("mythbusters", "mythbusters", e, t))
        if lang in KING:
            for e, t in cut_beads(align(read_doc(pd / "kingcounty" / "kingcounty.eng"), read_doc(pd / "kingcounty" / f"kingcounty.{KING[lang]}")), words):
                texts.append(("kingcounty", "kingcounty", e, t))
        if lang in ZHEJIANG:
            zs = cut_beads(align(read_doc(nc / "zhejiang_handbook" / "zhejiang_handbook.eng"),
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
            rows = read_tmx(path)
            if old:
                for doc, cs in sorted(tico_texts(rows).items()):
                    texts.extend(("tico", f"tico/{doc}", e, t) for e, t in cs)
            else:
                docs: dict[str, list] = {}
                for tuid, en, tr in rows:
                    if not tuid.startswith("CMU"):
                        docs.setdefault(tuid.rsplit(":", 1)[0], []).append(([en], [tr]))
                for doc, beads in sorted(docs.items()):
                    texts.extend(("tico", f"tico/{doc}", e, t) for e, t in sample_chunks(beads))
    found = more.texts(lang, extra, words)  # the corpora of §6g, in texts of >= ``words`` English words
    if old:
        texts.extend((x.corpus, x.doc, list(x.english), list(x.translation)) for x in found)
    else:  # consecutive texts of one document joined up to the minimum samples
        docs = {}
        for x in found:
            docs.setdefault((x.corpus, x.doc), []).append((list(x.english), list(x.translation)))
        for (corpus, doc), beads in docs.items():
            texts.extend((corpus, doc, e, t) for e, t in sample_chunks(beads))
    return texts


# ---------------------------------------------------------------- pairs
def collect(lang: str, datashare: Path | None, tico: Path | None, words: int = LEAFLET_WORDS, vis: Path | None = None,
            extra: dict[str, Path] | None = None, cut: str = "old") -> list[Pair]:
    """The scored pairs (call with ``formulas.CALIBRATION`` empty: table ages).  ``cut="min"`` keeps only
    texts whose both sides the product judges by their primary metric (SMOG's 30 English sentences, the
    translation's 100 words)."""
    from pipeline.readability import score_units

    pairs = []
    for corpus, doc, e, t in texts_for(lang, datashare, tico, vis, cut, words, extra):
        a, b = score_units(e, "en", 0), score_units(t, lang, 0)
        if a.primary_metric is None or b.primary_metric is None:
            continue
        if cut == "min" and (a.judged_metric is not a.primary_metric or b.judged_metric is not b.primary_metric):
            continue  # the tail of a language's text too short after all (alignment dropped units)
        sj, tj = a.judged_metric, b.judged_metric
        pairs.append(Pair(corpus, doc, a.primary_metric.reading_age, b.primary_metric.value, b.primary_metric.reading_age,
                          sj.reading_age if sj else None, tj.key if tj else None, tj.reading_age if tj else None,
                          sj.key if sj else None, a.metric("flesch_reading_ease").value))
    return pairs


def product_age(cal, p: Pair, metric: str) -> float | None:
    """The translation's reading age as the product reports it (:attr:`TextScore.reading_age`): its judged
    metric's age, through ``cal`` when that is the calibrated primary metric; None: too short to judge."""
    if p.judged_key is None:
        return None
    if p.judged_key == metric:
        return cal.age(p.raw) if cal is not None else p.table_age
    return p.judged_table_age


# ---------------------------------------------------------------- the model
def quantiles(gaps: list[float]) -> tuple[float, float]:
    a = sorted(abs(g) for g in gaps)
    p90 = a[min(len(a) - 1, int(round(0.9 * (len(a) - 1))))]
    return statistics.median(a), p90


def table_slope(metric: str) -> float:
    """The published table's own slope, years per point of the metric, between reading ages 11 and 17
    (the secant): the slope of a language whose pairs all sit at one level (Polish)."""
    from pipeline.readability import formulas as F

    scale = F.SCALES[F.METRICS[metric].scale]
    x11, x17 = scale.from_age(11.0), scale.from_age(17.0)
    return 6.0 / (x17 - x11) if x17 != x11 else 1.0


def fit_rma(xs: list[float], ys: list[float], ws: list[float] | None = None) -> tuple[float, float]:
    """The reduced major axis ``y = a + b x``: b = sign(r) sd(y) / sd(x), through the means (weighted
    when ``ws`` is given).  Both sides are noisy measures of the same text's difficulty; least squares
    of y on x shrinks the slope by the noise in x (regression dilution), which is what made lines fitted
    on hard texts miss leaflets."""
    ws = ws or [1.0] * len(xs)
    tw = sum(ws)
    mx = sum(w * x for w, x in zip(ws, xs)) / tw
    my = sum(w * y for w, y in zip(ws, ys)) / tw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(ws, xs))
    syy = sum(w * (y - my) ** 2 for w, y in zip(ws, ys))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(ws, xs, ys))
    b = math.copysign(math.sqrt(syy / sxx), sxy) if sxx and sxy else 0.0
    return my - b * mx, b


def wquantile(values: list[float], ws: list[float], p: float) -> float:
    """The weighted ``p``-quantile (each value at the middle of its weight, linear in between)."""
    order = sorted(zip(values, ws))
    tw = sum(w for _, w in order)
    at, pos = [], 0.0
    for v, w in order:
        at.append(((pos + w / 2) / tw, v))
        pos += w
    if p <= at[0][0]:
        return at[0][1]
    for (p0, v0), (p1, v1) in zip(at, at[1:]):
        if p <= p1:
            return v0 + (v1 - v0) * (p - p0) / (p1 - p0) if p1 > p0 else v1
    return at[-1][1]


def fit_curve(xs: list[float], ys: list[float], probs: tuple[float, ...], falling: bool, ws: list[float] | None = None) -> tuple[tuple[float, float], ...]:
    """Equipercentile linking: the knots (score's p-quantile, age's p-quantile -- or (1 - p) when an
    easier score is a higher one) at the levels ``probs``, joined by straight lines.  The curved
    counterpart of the reduced major axis (which matches means and standard deviations, i.e. linear
    linking): both sides are treated alike, no regression dilution, and monotone by construction.
    Knots that do not move both the score and the age strictly are dropped."""
    ws = ws or [1.0] * len(xs)
    knots = sorted((wquantile(xs, ws, p), wquantile(ys, ws, 1.0 - p if falling else p)) for p in probs)
    out = [knots[0]]
    for x, y in knots[1:]:
        if x > out[-1][0] and ((y < out[-1][1]) if falling else (y > out[-1][1])):
            out.append((x, y))
    return tuple(out)


#: the model variants tried (selected per language by held-out error): (name, knot levels or None for a
#: line, weights: "texts" = each text alike, "levels" = leaflet and clinical/encyclopaedic texts alike)
VARIANTS = {
    "line": (None, "texts"),
    "line, levels weighted": (None, "levels"),
    "curve 3 knots": ((0.1, 0.5, 0.9), "texts"),
    "curve 3 knots, levels weighted": ((0.1, 0.5, 0.9), "levels"),
    "curve 5 knots, levels weighted": ((0.05, 0.25, 0.5, 0.75, 0.95), "levels"),
    "line, leaflets only": (None, "leaflets"),
    "line fitted on the first protocol's texts": (None, "old texts"),  # the model shipped before, refitted
}


def _weights(pairs: list[Pair], how: str) -> list[float]:
    if how == "leaflets":
        return [1.0 if p.level == "leaflet" else 0.0 for p in pairs]
    if how == "texts":
        return [1.0] * len(pairs)
    n = {lv: sum(1 for p in pairs if p.level == lv) for lv in ("leaflet", "clinical/encyclopaedic")}
    return [1.0 / n[p.level] for p in pairs]


def train(pairs: list[Pair], variant: str, metric: str):
    """The :class:`formulas.Calibration` of ``variant`` fitted on ``pairs`` (English SMOG age against the
    translation's raw primary score)."""
    from pipeline.readability import formulas as F

    xs, ys = [p.raw for p in pairs], [p.source_age for p in pairs]
    if variant == "table line":  # the model family shipped before (ea0d3e8), kept to compare
        if max(ys) - min(ys) < ONE_LEVEL:
            b = table_slope(metric)
            return F.Calibration(metric, statistics.median(y - b * x for x, y in zip(xs, ys)), b, LOW, HIGH)
        return F.Calibration(metric, *fit_rma(xs, ys), LOW, HIGH)
    probs, how = VARIANTS[variant]
    ws = _weights(pairs, how)
    if how == "leaflets":
        pairs = [p for p, w in zip(pairs, ws) if w]
        xs, ys, ws = [p.raw for p in pairs], [p.source_age for p in pairs], [1.0] * len(pairs)
        if len(pairs) < 3:
            return None
    if max(ys) - min(ys) < ONE_LEVEL:  # one level only: no slope to fit, the table's, offset fitted
        b = table_slope(metric)
        return F.Calibration(metric, statistics.median(y - b * x for x, y in zip(xs, ys)), b, LOW, HIGH)
    a, b = fit_rma(xs, ys, ws)
    if probs is None:
        return F.Calibration(metric, a, b, LOW, HIGH)
    falling = F.SCALES[F.METRICS[metric].scale].higher_is_easier
    knots = fit_curve(xs, ys, probs, falling, ws)
    if len(knots) < 2:
        return F.Calibration(metric, a, b, LOW, HIGH)
    return F.Calibration(metric, a, b, LOW, HIGH, knots)


def held_out_models(train_pairs: list[Pair], docs: set[str], variant: str, metric: str) -> dict[str, object]:
    """Per document, the model fitted on the language's other documents (leave one document out)."""
    out = {}
    for doc in sorted(docs):
        rest = [p for p in train_pairs if p.doc != doc]
        model = train(rest, variant, metric) if len(rest) >= 3 else None
        if model is not None:
            out[doc] = model
    return out


def source_product_age(p: Pair, english) -> float | None:
    """The English text's reading age as the product reports it: SMOG's from 30 sentences, else Flesch
    Reading Ease's -- through ``english`` (the English calibration of Flesch Reading Ease onto the SMOG
    scale) when given."""
    if p.source_judged_key == "flesch_reading_ease" and english is not None:
        return english.age(p.source_fre)
    return p.source_judged


def gaps(pairs: list[Pair], models: dict | None, protocol: str, metric: str, english: dict | None = None) -> list[tuple[Pair, float]]:
    """(pair, translation age - source age) for the pairs the protocol compares; ``models`` None: the tables.

    ``protocol``: "primary" -- each side's primary metric (SMOG for English; what parity compares),
    "judged" -- each side's reading age as the product reports it (its judged metric: English SMOG from
    30 sentences, else Flesch Reading Ease, through ``english[doc]`` when given; none below every
    formula's minimum sample)."""
    out = []
    for p in pairs:
        cal = models.get(p.doc) if models is not None else None
        if models is not None and cal is None:
            continue
        if protocol == "primary":
            y, x = (cal.age(p.raw) if cal is not None else p.table_age), p.source_age
        else:
            y, x = product_age(cal, p, metric), source_product_age(p, (english or {}).get(p.doc))
            if y is None or x is None:
                continue
        out.append((p, y - x))
    return out


# ---------------------------------------------------------------- English: Flesch Reading Ease onto SMOG's scale
def english_texts(numbers: dict) -> tuple[list[Pair], list[Pair]]:
    """The distinct English texts of every language's pairs (first protocol, minimum samples), as pairs of
    (FRE, SMOG age): each English text once, however many translations it has."""
    from pipeline.readability import formulas as F

    table = F.SCALES["flesch"].to_age
    out = []
    for cut in ("old", "min"):
        seen, texts = set(), []
        for v in numbers.values():
            for p in pairs_from_rows(v[cut]):
                key = (p.corpus, p.doc, round(p.source_age, 3), round(p.source_fre, 3))
                if key not in seen:
                    seen.add(key)
                    texts.append(Pair(p.corpus, p.doc, p.source_age, p.source_fre, table(p.source_fre), p.source_judged, "flesch_reading_ease",
                                      table(p.source_fre), p.source_judged_key, p.source_fre))
        out.append(texts)
    return out[0], out[1]


def select_english(old: list[Pair], new: list[Pair], out=print):
    """Flesch Reading Ease (the English fallback under SMOG's 30 sentences) onto SMOG's reading age: the
    reduced major axis, fitted on the English texts that have SMOG's 30 sentences (both defined), held
    out one document at a time.  Returns (the calibration.json entry or None, the per-document models)."""
    metric = "flesch_reading_ease"
    docs = {p.doc for p in old} | {p.doc for p in new}
    models = held_out_models(new, docs, "line", metric)
    whole = train(new, "line", metric)
    rows = []
    for protocol, pairs in (("minimum samples", new), ("first protocol: texts under 30 sentences", [p for p in old if p.source_judged_key == metric])):
        before = [(p, p.table_age - p.source_age) for p in pairs]
        after = [(p, models[p.doc].age(p.raw) - p.source_age) for p in pairs if p.doc in models]
        for level in ("leaflet", "clinical/encyclopaedic", "all"):
            b, a = summary(before, level), summary(after, level)
            if b is None:
                continue
            out(f"| en (FRE → SMOG age) | {level} | {protocol} | {b[0]} | {_fmt(b)} | | {_fmt(a)}")
            rows.append({"protocol": protocol, "level": level, "texts": b[0], "tables": [round(b[1], 2), round(b[2], 2)],
                         "after": [round(a[1], 2), round(a[2], 2)] if a else None})
    tables_err = balanced_error([(p, p.table_age - p.source_age) for p in new])
    err = balanced_error([(p, models[p.doc].age(p.raw) - p.source_age) for p in new if p.doc in models])
    if err >= tables_err or floor_age(whole) > REACHABLE:
        out(f"|   | not shipped | held-out error {err:.2f}, tables {tables_err:.2f}, floor {floor_age(whole):.1f} |")
        return None, {}
    out(f"|   | shipped | line: a {whole.a:.3f} b {whole.b:.4f}; floor {floor_age(whole):.1f}; held-out error {err:.2f} (tables {tables_err:.2f}) |")
    return ({"metric": metric, "model": "line", "a": round(whole.a, 4), "b": round(whole.b, 5), "min_age": LOW, "max_age": HIGH,
             "corpora": sorted({p.corpus for p in new}), "pairs": len(new), "held_out": rows,
             "held_out_error": {"tables": round(tables_err, 3), "shipped": round(err, 3)}}, models)


def summary(sel: list[tuple[Pair, float]], level: str) -> tuple[int, float, float] | None:
    g = [d for p, d in sel if level == "all" or p.level == level]
    return (len(g), *quantiles(g)) if g else None


def balanced_error(sel: list[tuple[Pair, float]], least: int = 5) -> float:
    """Mean |gap| with leaflet and clinical/encyclopaedic texts weighing alike when each level has at
    least ``least`` held-out texts, else over all texts alike (the selection criterion: two or three
    texts must not pick a model)."""
    by = {}
    for p, d in sel:
        by.setdefault(p.level, []).append(abs(d))
    if not by:
        return math.inf
    if min(len(v) for v in by.values()) < least:
        return statistics.fmean(abs(d) for _, d in sel)
    return statistics.fmean(statistics.fmean(v) for v in by.values())


def isotonic(xs: list[float], ys: list[float], falling: bool) -> list[float]:
    """In-sample monotone least squares (pool adjacent violators): the best any monotone map of the
    score can do on these very texts, a lower bound for the held-out error of every variant."""
    order = sorted(range(len(xs)), key=lambda i: (xs[i], i))
    sign = -1.0 if falling else 1.0
    blocks: list[list[float]] = []  # [sum, count]
    for i in order:
        blocks.append([sign * ys[i], 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
    fitted, k = [0.0] * len(xs), 0
    for s, n in blocks:
        for _ in range(int(n)):
            fitted[order[k]] = sign * s / n
            k += 1
    return fitted


def floor_age(cal) -> float:
    """The calibrated age of the published table's easiest value (must be <= 11: the default target
    reachable)."""
    from pipeline.readability import formulas as F

    return cal.age(F.SCALES[F.METRICS[cal.metric].scale].from_age(0.0))


PROTOCOLS = (("first protocol: primary metrics", "old", "primary"), ("first protocol: judged ages", "old", "judged"),
             ("minimum samples", "min", "primary"))
PAIR_FIELDS = ("corpus", "doc", "source_age", "raw", "table_age", "source_judged", "judged_key", "judged_table_age", "source_judged_key", "source_fre")


def pair_rows(pairs: list[Pair]) -> list[list]:
    """The numbers of each pair (no text): what ``tests/data/readability/calibration_pairs.json`` holds."""
    return [[p.corpus, p.doc, *(None if v is None else round(v, 4) if isinstance(v, float) else v
                                for v in (p.source_age, p.raw, p.table_age, p.source_judged, p.judged_key, p.judged_table_age,
                                          p.source_judged_key, p.source_fre))]
            for p in pairs]


def pairs_from_rows(rows: list[list]) -> list[Pair]:
    return [Pair(*row) for row in rows]


def select(lang: str, old: list[Pair], new: list[Pair], variants: bool = False, out=print, english: dict | None = None):
    """Fit every variant on the texts that meet the minimum samples (``new``; the first protocol's line on
    ``old``), held out one document at a time; pick the shipped one; print the before/after rows under
    the three protocols.  Returns (the calibration.json entry or None, the rows, the chosen variant)."""
    from pipeline.readability import formulas as F

    profile = F.profile_for(lang)
    metric = profile.primary
    if len(new) < 4:
        out(f"| {lang} | — | — | {len(new)} | | | | | | | (too few texts that meet the minimum samples)")
        return None, [], None
    docs = {p.doc for p in old} | {p.doc for p in new}
    tried = {}
    for v in VARIANTS:
        on = old if VARIANTS[v][1] == "old texts" else new
        models = held_out_models(on, docs, "table line" if on is old else v, metric)
        whole = train(on, "table line" if on is old else v, metric)
        if whole is None:
            continue
        tried[v] = (balanced_error(gaps(new, models, "primary", metric)), whole, models, gaps(new, models, "primary", metric))
    if variants:
        for v, (err, whole, _, sel) in tried.items():
            s = {lv: summary(sel, lv) for lv in ("leaflet", "clinical/encyclopaedic", "all")}
            out(f"| {lang} | variant | {v} | err {err:.3f} | floor {floor_age(whole):.2f} | "
                + " | ".join(f"{lv[:8]} {x[1]:.2f}/{x[2]:.2f} (n {x[0]})" for lv, x in s.items() if x) + " |")
        falling = F.SCALES[F.METRICS[metric].scale].higher_is_easier
        fitted = isotonic([p.raw for p in new], [p.source_age for p in new], falling)
        sel = [(p, y - p.source_age) for p, y in zip(new, fitted)]
        out(f"| {lang} | bound | isotonic, in sample | err {balanced_error(sel):.3f} | | "
            + " | ".join(f"{lv[:8]} {x[1]:.2f}/{x[2]:.2f} (n {x[0]})" for lv in ("leaflet", "clinical/encyclopaedic", "all") if (x := summary(sel, lv))) + " |")
    # shipped: reachable (the table's easiest value at age <= 11), fitted on both levels, the lowest held-out
    # error; a curve only where it beats every reachable line held out
    reachable = {v: t for v, t in tried.items() if floor_age(t[1]) <= REACHABLE and VARIANTS[v][1] != "leaflets"}
    lines = [v for v in reachable if VARIANTS[v][0] is None]
    line_err = min((reachable[v][0] for v in lines), default=math.inf)
    best = min(reachable, key=lambda v: reachable[v][0]) if reachable else None
    if best is not None and VARIANTS[best][0] is not None and reachable[best][0] > line_err - CURVE_MARGIN:
        best = min(lines, key=lambda v: reachable[v][0]) if lines else None
    tables_err = balanced_error(gaps(new, None, "primary", metric))
    chosen = best if best is not None and reachable[best][0] < tables_err else None
    first_line = held_out_models(old, docs, "table line", metric)  # the line shipped before, refitted
    models = tried[chosen][2] if chosen else {}
    rows = []
    for protocol, cut, proto in PROTOCOLS:
        pairs = old if cut == "old" else new
        before = gaps(pairs, None, proto, metric)
        line = gaps(pairs, first_line, proto, metric)
        after = gaps(pairs, models, proto, metric, english) if chosen else gaps(pairs, None, proto, metric, english)
        for level in ("leaflet", "clinical/encyclopaedic", "all"):
            b, l, a = summary(before, level), summary(line, level), summary(after, level)
            if b is None:
                continue
            corpora = sorted({p.corpus for p, _ in before if level == "all" or p.level == level})
            out(f"| {lang} | {level} | {protocol} | {b[0]} | {_fmt(b)}{_fmt(l)}{_fmt(a)}")
            rows.append({"protocol": protocol, "level": level, "corpora": corpora, "texts": b[0],
                         "tables": [round(b[1], 2), round(b[2], 2)],
                         "line_first_protocol": [round(l[1], 2), round(l[2], 2)] if l else None,
                         "after": [round(a[1], 2), round(a[2], 2)] if a else None})
    if chosen is None:
        why = "no variant's held-out error is below the tables'" if best is not None else "no variant keeps age 11 reachable"
        out(f"|   | not shipped | {why} (held-out error: tables {tables_err:.2f}; " + ", ".join(f"{v} {t[0]:.2f} floor {floor_age(t[1]):.1f}" for v, t in tried.items()) + ") |")
        return None, rows, None
    cal = tried[chosen][1]
    out(f"|   | shipped | {chosen}: a {cal.a:.3f} b {cal.b:.4f} knots {[(round(x, 2), round(y, 2)) for x, y in cal.knots]}; floor {floor_age(cal):.1f}; "
        f"held-out error {tried[chosen][0]:.2f} (best line {line_err:.2f}, tables {tables_err:.2f}) |")
    entry = {"metric": metric, "model": chosen, "a": round(cal.a, 4), "b": round(cal.b, 5), "min_age": LOW, "max_age": HIGH,
             "corpora": sorted({p.corpus for p in (old if VARIANTS[chosen][1] == "old texts" else new)}),
             "pairs": len(old if VARIANTS[chosen][1] == "old texts" else new), "held_out": rows,
             # the selection criterion, held out on the texts that meet the minimum samples (balanced_error)
             "held_out_error": {"tables": round(tables_err, 3), "best line": round(line_err, 3), "shipped": round(tried[chosen][0], 3)}}
    if cal.knots:
        entry["knots"] = [[round(x, 3), round(y, 3)] for x, y in cal.knots]
    return entry, rows, chosen


def _fmt(s) -> str:
    return " | | " if s is None else f"{s[1]:.2f} | {s[2]:.2f} | "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datashare", type=Path, help="folder holding covid19-datashare's parallel/documents/")
    ap.add_argument("--tico", type=Path, help="folder holding TICO-19's all.en-<lang>.tmx[.zip]")
    ap.add_argument("--vis", type=Path, help="folder holding llm-translation-study's data/extracted_text/immunize/")
    more.add_arguments(ap)
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--words", type=int, default=LEAFLET_WORDS, help="first protocol: leaflet texts of at least this many English words")
    ap.add_argument("--variants", action="store_true", help="also print every model variant's held-out error")
    ap.add_argument("--write", action="store_true", help=f"store the selected mappings in {OUT.relative_to(ROOT)} and "
                                                         f"every text's numbers (no text) in {NUMBERS.relative_to(ROOT)}")
    args = ap.parse_args()
    if args.datashare is None and args.tico is None and args.vis is None and not more.dirs(args):
        ap.error("give --datashare, --vis, --tico and/or a corpus of §6g")
    sys.path.insert(0, str(ROOT))
    from pipeline.readability import formulas as F

    saved = dict(F.CALIBRATION)
    F.CALIBRATION.clear()  # raw (uncalibrated) ages for the fit
    result, numbers = {}, {}
    print("| profile | level | protocol | texts | tables: median | p90 | first protocol's line: median | p90 | shipped: median | p90 |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for lang in args.langs.split(","):
            old = collect(lang, args.datashare, args.tico, args.words, args.vis, more.dirs(args), "old")
            new = collect(lang, args.datashare, args.tico, args.words, args.vis, more.dirs(args), "min")
            numbers[lang] = {"old": pair_rows(old), "min": pair_rows(new)}
        entry, english = select_english(*english_texts(numbers))
        if entry is not None:
            result["en"] = entry
        for lang in numbers:
            entry, _, _ = select(lang, pairs_from_rows(numbers[lang]["old"]), pairs_from_rows(numbers[lang]["min"]), args.variants, english=english)
            if entry is not None:
                result[lang] = entry
    finally:
        F.CALIBRATION.clear()
        F.CALIBRATION.update(saved)
    if args.write:
        OUT.write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        NUMBERS.write_text("{\n" + ",\n".join(f"{json.dumps(lang)}: {{" + ", ".join(
            f"{json.dumps(cut)}: [\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "]" for cut, rows in v.items()) + "}"
            for lang, v in numbers.items()) + "\n}\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}, {NUMBERS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
