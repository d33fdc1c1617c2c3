"""A large, varied readability corpus and a canonical snapshot of everything the engine says about it.

Used by ``tests/test_readability_equality.py`` (golden digests committed in
``tests/data/readability/equality.golden.json``) and by
``bench/readability_equality.py`` (unit-by-unit comparison with another git
revision).  Speed work on the tokeniser, syllable counters or engine must not
change a single number here.

The corpus: the English leaflet, every msgid and msgstr of the example
catalogs (es, cy, pl, ar, ur, zh-Hans, and the Catalan machine drafts), the Spanish test catalog, and the
passages in ``tests/data/readability/corpus/`` (de, fr, it, nl, pt, ru).
Every text is scored with *every* profile (so each syllable counter and
tokeniser rule meets words of every script), unit by unit and as a whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "readability"

#: every profile the engine has (plus languages on the generic and CJK profiles)
LANGS = ("en", "es", "fr", "de", "it", "nl", "pt", "ru", "pl", "ar", "cy", "ur", "zh", "uk", "ca", "hu")


def corpus(root: Path = REPO) -> dict[str, list[str]]:
    """name -> units of running text (in a fixed order)."""
    from pipeline.readability.tokenize import strip_inline_markdown, units_of_plain_text

    out: dict[str, list[str]] = {}
    out["source/immunotherapy.md"] = units_of_plain_text((root / "source" / "immunotherapy.md").read_text(encoding="utf-8"), headings=True)
    for po_path in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(root).as_posix()
        out[rel] = [strip_inline_markdown(e.msgstr) for e in po if e.msgstr and not e.obsolete]
    for pot_path in sorted((root / "locales" / "templates").glob("*.pot")):
        out[pot_path.relative_to(root).as_posix()] = [strip_inline_markdown(e.msgid) for e in polib.pofile(str(pot_path)) if not e.obsolete]
    data = json.loads((root / "tests" / "data" / "readability" / "es_partial.json").read_text(encoding="utf-8"))
    out["tests/data/readability/es_partial.json"] = [strip_inline_markdown(v) for v in data["entries"].values()]
    for p in sorted((root / "tests" / "data" / "readability" / "corpus").glob("*.md")):
        out[p.relative_to(root).as_posix()] = units_of_plain_text(p.read_text(encoding="utf-8"), headings=True)
    return out


def word_lists() -> dict[str, list[str]]:
    """Extra words for the syllable counters: textstat's easy-word lists (English and Spanish), when installed."""
    out: dict[str, list[str]] = {}
    try:
        import textstat
    except ImportError:  # pragma: no cover - textstat is a project dependency
        return out
    res = Path(textstat.__file__).parent / "resources"
    for p in sorted(res.glob("*/easy_words.txt")):
        out[f"textstat/{p.parent.name}/easy_words.txt"] = p.read_text(encoding="utf-8").split()
    return out


def _score_record(score) -> list:
    c = score.counts
    return [
        [c.sentences, c.words, c.syllables, c.letters, c.long_words, c.polysyllables, c.monosyllables,
         c.hard_words_pl, c.ar_complex, c.ar_long, c.ar_faseeh, c.cjk_chars],
        score.lang, score.profile, score.validated, score.primary,
        [[m.key, m.label, repr(m.value), m.interpretation, repr(m.reading_age), m.higher_is_easier, m.citation] for m in score.metrics],
        [list(h) for h in score.long_sentences], [list(h) for h in score.hard_words], list(score.notes),
        repr(score.reading_age), score.band.index if score.band else None,
    ]


def unit_records(units: list[str], lang: str) -> list:
    """One record per unit: its sentences with their words, and its full score."""
    from pipeline.readability.engine import score_sentences
    from pipeline.readability.tokenize import sentences

    out = []
    for u in units:
        sents = sentences([u], lang)
        out.append([[[s.text, list(s.words)] for s in sents], _score_record(score_sentences(sents, lang, hotspots=3))])
    return out


def whole_record(units: list[str], lang: str) -> list:
    from pipeline.readability.engine import score_units

    return _score_record(score_units(units, lang, hotspots=5))


def word_records(units: list[str], lang: str) -> list:
    """Syllables and letters of every distinct word (as the tokeniser cuts them), through the engine's word memo."""
    from pipeline.readability.engine import word_info
    from pipeline.readability.syllables import counter_for
    from pipeline.readability.tokenize import words_of

    count = counter_for(lang)
    return [[w, count(w), list(word_info(lang, w, True))] for w in sorted({w for u in units for w in words_of(u)})]


def digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def snapshot(root: Path = REPO) -> dict[str, dict[str, str]]:
    """``{corpus name: {lang: digest of units, whole text and words}}``."""
    out: dict[str, dict[str, str]] = {}
    for name, units in corpus(root).items():
        out[name] = {lang: digest([unit_records(units, lang), whole_record(units, lang), word_records(units, lang)]) for lang in LANGS}
    for name, words in word_lists().items():
        out[name] = {lang: digest(word_records(words, lang)) for lang in LANGS}
    return out
