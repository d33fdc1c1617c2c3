"""Term matching tolerant of simple inflection (Welsh mutations, Arabic prefixes, stems)."""

from __future__ import annotations

import math
import unicodedata

from ..languages import Language
from .text import _WORD, _is_cjk

# -- term matching tolerant of simple inflection ------------------------------------------------

_WELSH_MUTATIONS = {
    "p": ("b", "mh", "ph"), "t": ("d", "nh", "th"), "c": ("g", "ngh", "ch"),
    "b": ("f", "m"), "d": ("dd", "n"), "g": ("", "ng"), "ll": ("l",), "m": ("f",), "rh": ("r",),
}
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


def _stem(word: str) -> str:
    return word if len(word) <= 3 else word[: max(3, math.ceil(len(word) * 0.6))]


def _word_variants(word: str, lang: Language) -> tuple[str, ...]:
    """Stems a word of a glossary translation may take in running text (Welsh mutations; Arabic clitics)."""
    stem = _stem(word)
    out = [stem]
    if lang.base == "cy":
        for radical in sorted(_WELSH_MUTATIONS, key=len, reverse=True):
            if stem.startswith(radical):
                out += [m + stem[len(radical):] for m in _WELSH_MUTATIONS[radical]]
                break
        if stem[:1] in "aeiouwyâêîôûŵŷ":
            out.append("h" + stem)
    elif lang.base in ("ar", "fa", "ur") and word.startswith("ال") and len(word) > 4:
        out.append(_stem(word[2:]))  # the article goes in a construct: الرعاية -> رعايتك
    return tuple(out)


def _word_matches(candidate: str, variants: tuple[str, ...], lang: Language) -> bool:
    if any(candidate.startswith(v) for v in variants):
        return True
    if lang.base in ("ar", "fa", "ur"):
        for p in _ARABIC_PREFIXES:
            if candidate.startswith(p) and any(candidate[len(p):].startswith(v) for v in variants):
                return True
    return False


def contains_term(text: str, translation: str, lang: Language) -> bool:
    """Does ``text`` use ``translation`` (case-insensitive; each word may be inflected, see docs)?"""
    text_cf = unicodedata.normalize("NFC", text).casefold()
    want = unicodedata.normalize("NFC", translation).casefold()
    if want in text_cf:
        return True
    if _is_cjk(lang):
        return False
    wanted = [_word_variants(w, lang) for w in _WORD.findall(want)]
    if not wanted or not all(any(v in text_cf for v in variants) for variants in wanted):
        return False  # some word's stem is nowhere in the text (fast path)
    words = _WORD.findall(text_cf)
    for start, w in enumerate(words):
        if not _word_matches(w, wanted[0], lang):
            continue
        pos, ok = start, True
        for variants in wanted[1:]:
            window = words[pos + 1: pos + 4]  # up to two words may come between (articles, adjectives)
            hit = next((i for i, c in enumerate(window) if _word_matches(c, variants, lang)), None)
            if hit is None:
                ok = False
                break
            pos += hit + 1
        if ok:
            return True
    return False
