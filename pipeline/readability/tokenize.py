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

from .. import memo
from .spoken import may_hold_unspoken, spoken_text

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
    # titles before a name ("Capt. Abney", "Gen. Grant") and "v." of case names ("Miranda v. Arizona")
    "en": frozenset(_ABBREV_COMMON | {"capt", "col", "gen", "lt", "sgt", "cpl", "maj", "rev", "hon", "gov", "messrs", "esq", "v", "viz", "mt", "mts"}),
    "es": frozenset(_ABBREV_COMMON | {"ee. uu", "ee.uu", "sra", "sres", "srta", "dra", "dña", "d", "ud", "uds", "vd", "vds", "p. ej", "ej", "pág", "núm", "aprox", "tel", "av", "avda", "etc", "art", "cap"}),
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


# --- when a full stop after an abbreviation or a capital letter *does* end a sentence ---------
#: abbreviations that close a list or a phrase: a full stop after them ends the sentence when a
#: capitalised word follows ("etc. The rest")
CLOSING_ABBREVIATIONS = frozenset({"etc", "usw", "ecc", "enz", "itd", "itp", "т.д", "т.п", "etc.", "i tak dalej"})
#: abbreviations that are often the last word of a sentence but also come before names ("the U.S. Food and
#: Drug Administration", "8 a.m. Monday"): a full stop after them ends the sentence when the next word
#: is one that starts sentences (:data:`SENTENCE_OPENERS`)
FINAL_ABBREVIATIONS = frozenset({"a.m", "p.m", "u.s", "u.k", "e.u", "u.s.a", "ee. uu", "ee.uu"})
#: tokens that do not end a sentence when a number follows ("No. 5", "Nr. 3", "núm. 12")
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "nr", "núm", "nº", "n", "art", "p", "pp", "vol", "fig", "tel", "cap", "pág", "ref",
                                  "ft", "in", "yd", "lb", "lbs", "oz", "cwt", "c"})  # "10 ft. 3 in. deep", "c. 1850"
#: nouns naming a letter or numeral after them ("vitamin D", "hepatitis A", "World War I", "type 2"):
#: after them a capital letter and a full stop are the end of a sentence, not a name's initial
LETTER_NOUNS = frozenset({
    "vitamin", "vitamins", "hepatitis", "type", "group", "grade", "stage", "phase", "class", "category", "plan", "part",
    "section", "annex", "appendix", "schedule", "war", "influenza", "flu", "strep", "level", "step", "option", "chapter",
    "vitamina", "vitaminas", "tipo", "grupo", "fase", "clase", "categoría", "nivel", "paso", "opción", "anexo", "guerra", "gripe",
    "vitamine", "vitamines", "hépatite", "groupe", "catégorie", "niveau", "étape", "annexe", "guerre", "grippe",
    "vitamins", "typ", "gruppe", "klasse", "stufe", "kategorie", "anhang", "krieg", "hepatitis",
    "epatite", "gruppo", "classe", "livello", "fase", "allegato",
    "vitamina", "hepatite", "grupo", "etapa", "anexo",
    "groep", "fase", "klasse", "bijlage", "oorlog",
    "witamina", "witaminy", "typ", "grupa", "klasa", "etap", "poziom", "załącznik", "wojna",
    "витамин", "гепатит", "тип", "группа", "класс", "этап", "уровень", "приложение", "война",
})
#: words that start sentences (articles, pronouns, common imperatives and connectives), per language, lower case
SENTENCE_OPENERS: dict[str, frozenset[str]] = {
    "en": frozenset("""the this that these those it its you your we our they their he she his her if in on at for to
        when where what how why who which a an after before during also but and or so then there here each every all
        please do don't does did is are was were can could will would should may might must ask call talk tell take
        keep see read most many some some no not one two three four five six seven eight nine ten i my as with
        without while because since until although however other others both more most children adults people
        make get go give try use stop avoid""".split()),
    "es": frozenset("""el la los las un una unos unas es son si en para por su sus no y pero este esta estos estas
        cuando donde qué cómo usted ustedes hable llame pregunte tome lo le les se hay también como con sin
        durante después antes cada todos todas muchos algunas algunos""".split()),
    "fr": frozenset("""le la les un une des est sont si en pour par son sa ses ne et mais ce cette ces quand où
        vous nous il elle ils elles on appelez demandez prenez il y aussi avec sans pendant après avant chaque
        tous toutes""".split()),
    "de": frozenset("""der die das den dem ein eine es ist sind wenn in für mit sie er wir ihr ihre und aber diese
        dieser dieses wann wo was wie fragen rufen nehmen auch ohne während nach vor jeder alle""".split()),
    "it": frozenset("""il lo la i gli le un una è sono se in per con non e ma questo questa questi quando dove
        cosa come lei chiami chieda prenda anche senza durante dopo prima ogni tutti""".split()),
    "pt": frozenset("""o a os as um uma é são se em para por com não e mas este esta estes quando onde que como
        você ligue pergunte tome também sem durante depois antes cada todos""".split()),
    "nl": frozenset("""de het een is zijn als in voor met niet en maar deze dit wanneer waar wat hoe u je we
        bel vraag neem ook zonder tijdens na voor elke alle""".split()),
    "pl": frozenset("""to ten ta te jest są jeśli w na z nie i ale kiedy gdzie co jak pan pani proszę
        zadzwoń także bez podczas po przed każdy wszyscy""".split()),
    "ru": frozenset("""это этот эта эти в на с не и но если когда где что как вы мы они он она позвоните
        спросите примите также без во после до каждый все""".split()),
}


def openers_for(lang: str) -> frozenset[str]:
    return SENTENCE_OPENERS.get(lang, SENTENCE_OPENERS["en"])


def _starts_with_capital(token: str) -> bool:
    t = token.lstrip(_OPENERS_ALL)
    return bool(t) and t[0].isupper()


def _is_initial(token: str) -> bool:
    """"J." — one capital letter and a full stop."""
    t = token.lstrip(_OPENERS_ALL)
    return len(t) == 2 and t[1] == "." and t[0].isupper()


def _capital_ends_sentence(parts: list[str], after: str, lang: str) -> bool:
    """A single capital letter (or Roman numeral) before a full stop, a capitalised word after it:
    the end of a sentence ("vitamin D. The skin", "World War I. The treaty", "Hepatitis A. Hepatitis B.")
    unless it is a name's initial ("J. Smith", "J. R. R. Tolkien", "John F. Kennedy")."""
    nxt = after.split(None, 1)
    if not nxt or not _starts_with_capital(nxt[0]):
        return False
    following = nxt[0].lstrip(_OPENERS_ALL)
    word = following.rstrip(".,;:!?)»”’\"'").lower()
    if _is_initial(following):
        return False  # "J. R. Tolkien": a run of initials
    prev = parts[-2] if len(parts) >= 2 else ""
    if prev and _is_initial(prev):
        return False  # "J. R. Tolkien" at its second initial
    opener = word in openers_for(lang)
    if not prev or prev[-1] in ".!?:;" or prev[-1] in _OPENERS_ALL:
        return opener  # "J. Smith wrote" at a sentence's start: an initial unless a sentence-starting word follows
    bare = prev.lstrip(_OPENERS_ALL).rstrip(",")
    if bare.lower() in LETTER_NOUNS:
        return True  # "vitamin D. The", "Hepatitis A. Vaccines"
    if not bare[:1].isupper():
        return opener  # "got an A. The rest", but "written by J. Smith", "owe to M. Trouvé": an initial
    return opener or word == bare.lower()  # "World War I. The"; "Hepatitis A. Hepatitis B."


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
        """The words as read, in order (URLs, e-mail addresses, phone numbers left out: :mod:`.spoken`)."""
        return tuple((WORD_RE if self.han else FAST_WORD_RE).findall(spoken_text(self.text)))


_OPENERS = "([\"'“‘«¿¡"
_OPENERS_ALL = _OPENERS
_DOTTED = re.compile(r"(?:\w\.)+\w")
#: abbreviations have no more than this many characters before their dot (longest: "dott.ssa")
_MAX_ABBREV = 9


_NEXT_TOKEN = re.compile(r"^(\S+?)\.")


@memo.pure(maxsize=None)
def _halves(abbreviations: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """First and second tokens of two-token abbreviations ("z" and "b" of "z. b"), so most dots skip those checks."""
    two = [a.split(" ") for a in abbreviations if " " in a]
    return frozenset(p[0].rstrip(".") for p in two), frozenset(p[-1] for p in two)


@memo.pure(maxsize=None)
def _special_tokens(abbreviations: frozenset[str]) -> frozenset[str]:
    """Every lower-case token a full stop after which may not end a sentence (abbreviations and their halves)."""
    firsts, seconds = _halves(abbreviations)
    return abbreviations | firsts | seconds | NUMBER_ABBREVIATIONS


def _first_halves(abbreviations: frozenset[str]) -> frozenset[str]:
    return _halves(abbreviations)[0]


def _abbreviation_ends(token: str, after: str, lang: str, upper: bool = False) -> bool:
    """Does the full stop after this abbreviation end the sentence anyway ("etc. The", "the U.S. In Canada")?"""
    nxt = after.split(None, 1)
    if not nxt or not _starts_with_capital(nxt[0]):
        return False
    if token in CLOSING_ABBREVIATIONS:
        return True
    if token in FINAL_ABBREVIATIONS or (upper and len(token) > 2 and _DOTTED.fullmatch(token)):  # "U.S.A."
        return nxt[0].lstrip(_OPENERS_ALL).rstrip(".,;:!?").lower() in openers_for(lang)
    return False


def _dot_is_not_a_break(before: str, after: str, abbreviations: frozenset[str], lang: str = "en") -> bool:
    """A full stop after an abbreviation ("Dr.", "e.g.", "p. ej."), an initial or a dotted acronym.

    Except at the end of a sentence: an abbreviation that closes a phrase before a capitalised
    word ("etc. The"), a dotted acronym or "a.m." before a word that starts sentences ("the U.S. In
    Canada", "8 a.m. Do"), a capital letter or Roman numeral that is not a name's initial
    ("vitamin D. The skin", "World War I. The treaty").  "No. 5": a number follows.
    """
    parts = before.rsplit(None, 2)  # the last two tokens are all this needs (same as split()'s last two)
    if not parts:
        return False
    last = parts[-1]
    raw = last.lstrip(_OPENERS)
    if not raw:
        return False
    if raw.lower() in NUMBER_ABBREVIATIONS and after[:1].isdigit():
        return True  # "No. 5", "Nr. 3"
    if len(raw) == 1:
        if raw.isupper():
            return not _capital_ends_sentence(parts, after, lang)  # an initial ("J. Smith"), or "vitamin D. The"
        if raw.lower() in abbreviations:
            return True  # a one-letter abbreviation ("p.")
    elif len(raw) <= _MAX_ABBREV or "." in raw:  # longer plain words are never abbreviations
        token = raw.lower()
        if token in abbreviations:
            return not _abbreviation_ends(token, after, lang, raw.isupper())
        # two-token abbreviations written with a space, at their second dot: "z. B", "p. ej", "d. h"
        # (only possible when the last token is the second half of one: a quick set lookup first)
        if len(parts) >= 2 and last.lower() in _halves(abbreviations)[1]:
            pair = f"{parts[-2]} {last}".lstrip(_OPENERS).lower()
            if pair in abbreviations:
                return not _abbreviation_ends(pair, after, lang)
        if "." in token and _DOTTED.fullmatch(token):
            return not _abbreviation_ends(token, after, lang, raw.isupper())  # a dotted acronym ("U.K", "e.g" when not listed)
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
                                and _dot_is_not_a_break(before, text[after:after + 40], abbreviations, lang):
                            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = after
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    if "¿" in text or "¡" in text:
        return [p for piece in out for p in _split_before_inverted(piece)]
    return out


#: an opening ¿ or ¡ followed by a capital letter, after a word or a full stop (not after , ; : or an opener)
_INVERTED = re.compile(r"(?<=[^\s,;:(\[«\"“‘—–-])\s*(?=[¿¡]+[\"“«(]?[^\W\d_])")


def _split_before_inverted(piece: str) -> list[str]:
    """Spanish: an opening ¿ or ¡ starts a sentence ("Tome agua ¿Tiene fiebre?", "Fin.¿Qué es?") unless it
    follows a comma, colon or semicolon or the next letter is lower case ("Si no mejora, ¿qué hago?")."""
    out: list[str] = []
    start = 0
    for m in _INVERTED.finditer(piece):
        i = m.end()
        j = i
        while j < len(piece) and not piece[j].isalpha():
            j += 1
        if m.start() == 0 or not piece[j].isupper():
            continue
        out.append(piece[start:m.start()].strip())
        start = i
    out.append(piece[start:].strip())
    return [p for p in out if p]


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
        if may_hold_unspoken(text):  # a sentence that is only a URL, an address or a phone number is none
            pieces = [p for p in pieces if search(spoken_text(p))]
        # Sentence(piece, han) for each piece, built in C (tuple.__new__) rather than by NamedTuple's __new__
        out.extend(map(tuple.__new__, repeat(Sentence), zip(pieces, repeat(han))))
    return out


_BULLET = re.compile(r"^\s{0,3}(?:[-*+•·‣◦▪–]\s+|\d{1,3}[.)]\s+|#{1,6}\s+|>\s*)")


_TERMINATED = re.compile(r"[.!?…。！？؟۔।॥][\"'”’»)\]」』]*$")


def is_lead_in(text: str) -> bool:
    """A paragraph that introduces a list and does not end a sentence ("Symptoms include", "Call 999 if:")."""
    t = text.rstrip()
    return bool(t) and _TERMINATED.search(t) is None


def join_lead_ins(units: list[tuple[str, str]]) -> list[str]:
    """Units of running text from ``(kind, text)`` pairs, a list's lead-in judged with its list.

    A paragraph that ends without a sentence terminator right before a list item is not a sentence of its own:
    its words are read with the first item ("Symptoms include: fever" is one sentence, the next items one
    each), so a lead-in neither counts as a short sentence nor merges the whole list into one.
    """
    out: list[str] = []
    pending = ""
    for i, (kind, text) in enumerate(units):
        if pending:
            text = f"{pending} {text}" if kind == "list-item" else text
            if kind != "list-item":
                out.append(pending)
            pending = ""
        nxt = units[i + 1][0] if i + 1 < len(units) else None
        if kind == "paragraph" and nxt == "list-item" and is_lead_in(text):
            pending = text
            continue
        out.append(text)
    if pending:
        out.append(pending)
    return out


def units_of_plain_text(text: str, headings: bool = False) -> list[str]:
    """Split a free text (a draft, a Markdown file) into units of running text.

    Blank lines end paragraphs; a list item (``-``, ``*``, ``•``, ``1.``) or a
    quote line starts a unit of its own; other lines are joined with the line
    before (wrapped paragraphs). Markdown headings (``#``) are left out unless
    ``headings`` (Flesch's rule, as in ``polyleaf score``: score running text).
    A paragraph that leads into a list without ending a sentence is read with
    the list's first item (:func:`join_lead_ins`).
    """
    units: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "paragraph"
    in_fence = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            if current:
                units.append((kind, " ".join(current)))
                current = []
            continue
        if in_fence:
            continue
        if not line.strip():
            if current:
                units.append((kind, " ".join(current)))
                current = []
            continue
        m = _BULLET.match(line)
        if m:
            if current:
                units.append((kind, " ".join(current)))
            current = [line[m.end():].strip()]
            marker = line.lstrip()[:1]
            if marker == "#":
                if headings:
                    units.append(("heading", " ".join(current)))
                current = []
                kind = "paragraph"
            else:
                kind = "blockquote" if marker == ">" else "list-item"
            continue
        if not current:
            kind = "paragraph"
        current.append(line.strip())
    if current:
        units.append((kind, " ".join(current)))
    return [strip_inline_markdown(u) for u in join_lead_ins([(k, u) for k, u in units if u.strip()])]
