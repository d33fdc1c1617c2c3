"""Sentences and words, per script: small pure functions, no global state.

Rules (each one fixes a textstat 0.7.13 defect, see docs/readability.md):

* A *unit* (a heading, a list item, a paragraph, a table cell) always ends a
  sentence, full stop or not: bullet lists are not merged into one sentence.
* Inside a unit a sentence ends at ``. ! ? …`` followed by a space, and at
  ``。 ！ ？ ؟ ۔ ।`` anywhere.  A full stop does *not* end a sentence after a
  known abbreviation (``e.g.``, ``Dr.``, ``z. B.``, ``p. ej.`` ...), after a
  single initial (``J. Smith``), inside a number (``2.5``) or when the next word
  starts with a lower-case letter.
* Sentences of one or two words are kept (textstat drops them).
* Words are runs of letters, digits and combining marks (so Arabic with
  harakat, Urdu with zero-width non-joiners and Hindi with vowel signs stay one
  word); an apostrophe or hyphen inside a word does not split it.  Han, kana
  and other unspaced scripts count one character as one word-like unit.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import repeat
from typing import NamedTuple

# letters/digits plus combining marks and joiners used inside words
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7\u0a01-\u0a03\u0a3c-\u0a51\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200c\u200d"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3100-\u312f"  # Han, kana, bopomofo (Hangul is spaced: words)
_WORDCHAR = rf"(?:[^\W_{_CJK}]|[{_MARKS}])"
_JOIN = r"(?:[’'\-‐.]|(?<=\d)[,:/](?=\d))"  # don't, T-cell, 2.5, 2,500, 10:00, 1/2
WORD_RE = re.compile(rf"{_WORDCHAR}+(?:{_JOIN}{_WORDCHAR}+)*|[{_CJK}]")
CJK_RE = re.compile(rf"[{_CJK}]")
# the same words for text without Han/kana (the common case), twice as fast: one character class
_FAST_WORD_RE = re.compile(rf"[^\W_{_CJK}][\w{_MARKS}]*(?:{_JOIN}[\w{_MARKS}]+)*")
LETTER_RE = re.compile(r"[^\W\d_]")
FAST_WORD_RE = _FAST_WORD_RE
# a text has a word for FAST_WORD_RE / WORD_RE exactly when one of these characters occurs in it
_FAST_HAS_WORD = re.compile(rf"[^\W_{_CJK}]")
_HAS_WORD = re.compile(rf"[^\W_]|[{_MARKS}]")

# --- Markdown inline markup ------------------------------------------------------------
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_REF = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_MD_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>")
_MD_HTML = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.S)
_MD_EMPH = re.compile(r"(\*{1,3}|_{1,3}|~~|`+)")
_MD_ESC = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_BR = re.compile(r"\\\n")


def strip_inline_markdown(text: str) -> str:
    """Plain text of inline Markdown (link targets, tags and emphasis marks removed)."""
    if not any(c in text for c in "*_`[<\\~"):
        return text
    text = _MD_BR.sub(" ", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(" ", text)
    text = _MD_HTML.sub(" ", text)
    text = _MD_EMPH.sub("", text)
    return _MD_ESC.sub(r"\1", text)


# --- abbreviations that do not end a sentence (lower-case, without the final dot) ---
_ABBREV_COMMON = {
    "e.g", "i.e", "etc", "vs", "approx", "cf", "fig", "figs", "vol", "pp",
    "dr", "drs", "mr", "mrs", "ms", "mx", "prof", "st", "jr", "inc", "ltd", "dept",
    "jan", "feb", "apr", "aug", "sept", "oct", "nov", "dec",
    "tel", "incl", "excl", "govt", "a.m", "p.m", "u.k", "u.s", "ph.d", "b.sc", "m.d",
}
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(_ABBREV_COMMON),
    "es": frozenset(_ABBREV_COMMON | {"sra", "sres", "srta", "dra", "dña", "d", "ud", "uds", "vd", "vds", "p. ej", "ej", "pág", "núm", "aprox", "tel", "av", "avda", "etc", "art", "cap"}),
    "fr": frozenset(_ABBREV_COMMON | {"m", "mm", "mme", "mlle", "p. ex", "ex", "env", "cf", "av", "apr", "boul", "bd", "c.-à-d", "c.à.d", "méd"}),
    "de": frozenset(_ABBREV_COMMON | {"z. b", "z.b", "u. a", "u.a", "usw", "bzw", "ggf", "evtl", "ca", "d. h", "d.h", "bspw", "hr", "fr", "str", "nr", "s", "vgl", "inkl", "zzt", "tägl"}),
    "it": frozenset(_ABBREV_COMMON | {"sig", "sigg", "dott", "dott.ssa", "ecc", "es", "pag", "tel", "avv", "ing", "prof.ssa"}),
    "pt": frozenset(_ABBREV_COMMON | {"sra", "dra", "srta", "ex", "pág", "tel", "av", "aprox", "etc"}),
    "nl": frozenset(_ABBREV_COMMON | {"bijv", "bv", "d.w.z", "o.a", "enz", "dhr", "mevr", "mw", "ca", "blz", "nr", "tel"}),
    "pl": frozenset(_ABBREV_COMMON | {"np", "itd", "itp", "tzn", "tj", "dr", "prof", "mgr", "inż", "ok", "tel", "ul", "godz", "m.in", "r", "w", "tzw", "zob", "wg"}),
    "cy": frozenset(_ABBREV_COMMON | {"e.e", "h.y", "sef", "ayb", "ff", "dr", "mr", "mrs"}),
    "ru": frozenset({"т.е", "т.д", "т.п", "др", "пр", "см", "стр", "г", "гг", "ул", "им", "т", "д", "п", "н.э", "тел", "рис", "напр"}),
}


def abbreviations_for(lang: str) -> frozenset[str]:
    return ABBREVIATIONS.get(lang, ABBREVIATIONS["en"])


# Sentence end candidates: a run of terminators, then closing quotes/brackets, then
# (for . ! ? …) whitespace.  Written to start with one character class, so the regex
# engine skips from terminator to terminator in C (3x faster than an alternation of
# two runs); the lookbehinds pick the branch.  Groups: 1 the rest of a . ! ? … run
# (the run is text[m.start():m.end(1)]), 2 the closers, 3 the whitespace; for
# 。！？ ؟ ۔ । ॥ (which end a sentence anywhere) all three are None.
_BREAK_RE = re.compile(r"[.!?…。！？؟۔।॥](?:(?<=[.!?…])([.!?…]*)([\"'”’»)\]]*)(\s+)|(?<=[。！？؟۔।॥])[。！？؟۔।॥]*[\"'”’」』»)\]]*\s*)")
_LAST_TOKEN = re.compile(r"(\S+)$")


class Sentence(NamedTuple):
    """One sentence: its text, and how its words are cut.

    ``han`` says the sentence's unit contains Han/kana, so words are cut with
    :data:`WORD_RE` (one word per character) rather than the faster
    :data:`FAST_WORD_RE`; the engine counts from the text without building
    the word list (see :mod:`.engine`), :attr:`words` builds it on demand.
    """

    text: str
    han: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        """The words, in reading order (computed on each access: cheap, and never out of date)."""
        return tuple((WORD_RE if self.han else FAST_WORD_RE).findall(self.text))


_OPENERS = "([\"'“‘«¿¡"
_DOTTED = re.compile(r"(?:\w\.)+\w")
#: abbreviations have no more than this many characters before their dot (longest: "dott.ssa")
_MAX_ABBREV = 9


_NEXT_TOKEN = re.compile(r"^(\S+?)\.")
_HALVES: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}


def _halves(abbreviations: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """First and second tokens of two-token abbreviations ("z" and "b" of "z. b"), so most dots skip those checks."""
    halves = _HALVES.get(abbreviations)
    if halves is None:
        two = [a.split(" ") for a in abbreviations if " " in a]
        halves = _HALVES[abbreviations] = (frozenset(p[0].rstrip(".") for p in two), frozenset(p[-1] for p in two))
    return halves


_SPECIAL: dict[frozenset[str], frozenset[str]] = {}


def _special_tokens(abbreviations: frozenset[str]) -> frozenset[str]:
    """Every lower-case token a full stop after which may not end a sentence (abbreviations and their halves)."""
    special = _SPECIAL.get(abbreviations)
    if special is None:
        firsts, seconds = _halves(abbreviations)
        special = _SPECIAL[abbreviations] = abbreviations | firsts | seconds
    return special


def _first_halves(abbreviations: frozenset[str]) -> frozenset[str]:
    return _halves(abbreviations)[0]


def _dot_is_not_a_break(before: str, after: str, abbreviations: frozenset[str]) -> bool:
    """A full stop after an abbreviation ("Dr.", "e.g.", "p. ej."), an initial or a dotted acronym."""
    parts = before.rsplit(None, 2)  # the last two tokens are all this needs (same as split()'s last two)
    if not parts:
        return False
    last = parts[-1]
    raw = last.lstrip(_OPENERS)
    if not raw:
        return False
    if len(raw) == 1:
        if raw.isupper() or raw.lower() in abbreviations:
            return True  # an initial ("J. Smith") or a one-letter abbreviation ("p.")
    elif len(raw) <= _MAX_ABBREV or "." in raw:  # longer plain words are never abbreviations
        token = raw.lower()
        if token in abbreviations:
            return True
        # two-token abbreviations written with a space, at their second dot: "z. B", "p. ej", "d. h"
        # (only possible when the last token is the second half of one: a quick set lookup first)
        if len(parts) >= 2 and last.lower() in _halves(abbreviations)[1] and f"{parts[-2]} {last}".lstrip(_OPENERS).lower() in abbreviations:
            return True
        if "." in token and _DOTTED.fullmatch(token):
            return True  # a dotted acronym ("U.K", "e.g" when not listed)
    # ... and at their first dot: "z." in "z. B."
    if len(last) <= 3 and last.lower() in _first_halves(abbreviations):
        n = _NEXT_TOKEN.match(after)
        return bool(n and f"{last}. {n.group(1)}".lower() in abbreviations)
    return False


def split_sentences(unit: str, lang: str = "en") -> list[str]:
    """Sentences of one unit of text (the unit's end always ends a sentence)."""
    text = unit.strip()
    if not text:
        return []
    abbreviations = abbreviations_for(lang)
    special = _special_tokens(abbreviations)
    out: list[str] = []
    start = 0
    n = len(text)
    for m in _BREAK_RE.finditer(text):
        dot, after = m.span()
        if m[3] is None:  # ideographic / Arabic / Urdu / Devanagari terminators: always a break
            end = after
        else:
            run_end = m.end(1)
            end = m.end(2)
            if text[run_end - 1] in ".…":  # the run's last character
                if after < n and text[after].islower():
                    continue
                # a single full stop: look at a bounded window only (linear time even on one enormous line).
                # Shortcuts, both what _dot_is_not_a_break would say: after more than _MAX_ABBREV letters,
                # or after a token that is no abbreviation, half of one, initial or dotted acronym, it is a break.
                if run_end == dot + 1 and text[dot] == "." and not (dot - start > _MAX_ABBREV and text[dot - _MAX_ABBREV - 1:dot].isalpha()):
                    before = text[max(start, dot - 40):dot]
                    tail = before.rsplit(None, 1)
                    if tail:
                        last = tail[-1]
                        raw = last.lstrip(_OPENERS)
                        # a token without a dot that is neither a capital initial nor (with or without its
                        # openers) any abbreviation or half of one is a break: every test of
                        # _dot_is_not_a_break needs one of those ("2026.", "1234-567).", "°C.", "cáncer.")
                        if raw and ("." in raw or (len(raw) == 1 and raw.isupper()) or raw.lower() in special or last.lower() in special) \
                                and _dot_is_not_a_break(before, text[after:after + 40], abbreviations):
                            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = after
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def words_of(text: str) -> list[str]:
    """Words of a text (hyphenated words and contractions are one word; CJK: one per character)."""
    if not has_han(text):
        return _FAST_WORD_RE.findall(text)
    return WORD_RE.findall(text)


def _is_latin1(text: str) -> bool:
    """Every code point below U+0100 (most Western European text): one C call, no copy kept."""
    try:
        text.encode("latin-1")
        return True
    except UnicodeEncodeError:
        return False


def has_han(text: str) -> bool:
    """Does the text contain Han, kana or bopomofo (:data:`CJK_RE`)?"""
    if text.isascii() or _is_latin1(text):
        return False
    return CJK_RE.search(text) is not None


def normalise(text: str) -> str:
    """NFC, so that accents typed as combining marks count as one letter.

    Text of code points below U+0100 is NFC already (no character there decomposes
    or composes with another; checked for every pair by the tests).
    """
    return text if text.isascii() or _is_latin1(text) else unicodedata.normalize("NFC", text)


def sentences(units: list[str] | tuple[str, ...], lang: str = "en") -> list[Sentence]:
    """Sentences with words for a sequence of units (segments, lines, paragraphs).

    Sentences without a single word (a line of punctuation) are dropped.
    """
    out: list[Sentence] = []
    for unit in units:
        if unit.isascii() or _is_latin1(unit):
            text, han = unit, False  # already NFC, and no Han/kana
        else:
            text = unicodedata.normalize("NFC", unit)
            han = CJK_RE.search(text) is not None
        search = (_HAS_WORD if han else _FAST_HAS_WORD).search
        # (a piece that starts with a letter or digit has a word: the regex only for the others)
        pieces = [p for p in split_sentences(text, lang) if p[0].isalnum() or search(p)]
        # Sentence(piece, han) for each piece, built in C (tuple.__new__) rather than by NamedTuple's __new__
        out.extend(map(tuple.__new__, repeat(Sentence), zip(pieces, repeat(han))))
    return out


_BULLET = re.compile(r"^\s{0,3}(?:[-*+•·‣◦▪–]\s+|\d{1,3}[.)]\s+|#{1,6}\s+|>\s*)")


def units_of_plain_text(text: str, headings: bool = False) -> list[str]:
    """Split a free text (a draft, a Markdown file) into units of running text.

    Blank lines end paragraphs; a list item (``-``, ``*``, ``•``, ``1.``) or a
    quote line starts a unit of its own; other lines are joined with the line
    before (wrapped paragraphs). Markdown headings (``#``) are left out unless
    ``headings`` (Flesch's rule, as in ``polyleaf score``: score running text).
    """
    units: list[str] = []
    current: list[str] = []
    in_fence = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            if current:
                units.append(" ".join(current))
                current = []
            continue
        if in_fence:
            continue
        if not line.strip():
            if current:
                units.append(" ".join(current))
                current = []
            continue
        m = _BULLET.match(line)
        if m:
            if current:
                units.append(" ".join(current))
            current = [line[m.end():].strip()]
            if line.lstrip().startswith("#"):
                if headings:
                    units.append(" ".join(current))
                current = []
            continue
        current.append(line.strip())
    if current:
        units.append(" ".join(current))
    return [strip_inline_markdown(u) for u in units if u.strip()]
