"""Review checks on every (source, translation) pair of a catalog.

Each check is a small function registered with :func:`check` under a code and a
default severity: ``error`` blocks publishing, ``warning`` does not.  Its
docstring is the user documentation (``docs/checks.md`` is generated from it:
``polyleaf check --list --markdown``).  A pair check takes a :class:`Pair` and
the run's :class:`CheckContext` and returns messages (empty when the pair
passes).  Section checks see all pairs of one section.

Everything here is pure: :func:`check_catalog` takes a parsed document and a
parsed catalog and returns :class:`~pipeline.model.Diagnostic` values located at
the SOURCE segment (``source/x.md:12 [es] error code: message``).

``[checks]`` in ``polyleaf.toml`` changes severities or turns checks off, for
all languages or one::

    [checks]
    disable = ["length-ratio"]
    severity = { glossary-term = "error" }
    allow_identical = ["Macmillan Cancer Support"]
    [checks.language.zh_Hans]
    length_ratio = [0.15, 1.0]
    severity = { final-punctuation = "error" }
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import polib
from markdown_it import MarkdownIt

from . import provenance
from .config import SCHEMA, Settings
from .errors import PolyleafError
from .glossary import Glossary
from .languages import Language, parse_language
from .model import Diagnostic, Document, Segment
from .po.formats import check_format
from .po.plurals import plural_forms_mismatch

SEVERITIES = ("error", "warning", "off")


# -- registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A source segment and its translation in one language."""

    source: str
    target: str
    lang: Language
    kind: str = "paragraph"  # the segment kind (heading, list-item, table-cell, ...)
    fuzzy: bool = False
    tcomment: str = ""  # translator comment (provenance lines)
    previous: str | None = None  # ``#| msgid``: the English before extract made the entry fuzzy


@dataclass(frozen=True)
class CheckSpec:
    code: str
    severity: str
    func: Callable
    scope: str  # "pair", "section", "catalog", or "entry"/"header" (about the PO file itself, at its line)

    @property
    def doc(self) -> str:
        return _dedent(self.func.__doc__ or "")


CHECKS: dict[str, CheckSpec] = {}


def check(code: str, severity: str, scope: str = "pair") -> Callable:
    """Register a check function under ``code`` with a default ``severity``."""

    def register(func: Callable) -> Callable:
        if code in CHECKS:
            raise RuntimeError(f"check {code} registered twice")
        CHECKS[code] = CheckSpec(code, severity, func, scope)
        return func

    return register


def _dedent(doc: str) -> str:
    lines = doc.strip("\n").splitlines()
    if not lines:
        return ""
    rest = [l for l in lines[1:] if l.strip()]
    indent = min((len(l) - len(l.lstrip()) for l in rest), default=0)
    return "\n".join([lines[0].strip(), *(l[indent:] for l in lines[1:])]).strip()


# -- configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageRules:
    """What ``[checks]`` says for one language."""

    severity: tuple[tuple[str, str], ...] = ()  # (code, "error"|"warning"|"off")
    allow_identical: tuple[str, ...] = ()
    length_ratio: tuple[float, float] | None = None

    def severity_of(self, code: str) -> str:
        return dict(self.severity).get(code, CHECKS[code].severity)


@dataclass(frozen=True)
class ChecksConfig:
    severity: tuple[tuple[str, str], ...] = ()
    allow_identical: tuple[str, ...] = ()
    languages: tuple[tuple[str, LanguageRules], ...] = ()

    def rules(self, lang: Language) -> LanguageRules:
        per = dict(self.languages).get(lang.code) or dict(self.languages).get(lang.base) or LanguageRules()
        sev = dict(self.severity)
        sev.update(dict(per.severity))
        return LanguageRules(
            severity=tuple(sorted(sev.items())),
            allow_identical=self.allow_identical + per.allow_identical,
            length_ratio=per.length_ratio,
        )


CHECKS_KEYS = frozenset(SCHEMA["checks"])
LANGUAGE_KEYS = frozenset({"disable", "severity", "allow_identical", "length_ratio"})


def load_checks_config(settings: Settings) -> ChecksConfig:
    """``[checks]`` validated: unknown keys, check codes and severities are errors naming the line."""
    table = settings.table("checks")
    if not isinstance(table, dict):
        raise settings.error("[checks] must be a table", "checks")

    def parse_rules(tbl: dict, keys: tuple[str, ...], allowed: frozenset) -> tuple[dict[str, str], tuple[str, ...], tuple[float, float] | None]:
        where = "[" + ".".join(keys) + "]"
        for key in tbl:
            if key not in allowed:
                raise settings.error(f"unknown key {key!r} in {where} (known: {', '.join(sorted(allowed))})", *keys, key)
        sev: dict[str, str] = {}
        disable = tbl.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(c, str) for c in disable):
            raise settings.error(f"{where} disable must be a list of check codes", *keys, "disable")
        for code in disable:
            if code not in CHECKS:
                raise settings.error(f"{where} disable: unknown check code {code!r} (known: {', '.join(sorted(CHECKS))})", *keys, "disable")
            sev[code] = "off"
        severity = tbl.get("severity", {})
        if not isinstance(severity, dict):
            raise settings.error(f"{where} severity must be a table of check-code = \"error\"|\"warning\"|\"off\"", *keys, "severity")
        for code, value in severity.items():
            if code not in CHECKS:
                raise settings.error(f"{where} severity: unknown check code {code!r} (known: {', '.join(sorted(CHECKS))})", *keys, "severity")
            if value not in SEVERITIES:
                raise settings.error(f"{where} severity of {code}: expected one of {', '.join(SEVERITIES)}, got {value!r}", *keys, "severity")
            sev[code] = value
        allow = tbl.get("allow_identical", [])
        if not isinstance(allow, list) or not all(isinstance(a, str) and a.strip() for a in allow):
            raise settings.error(f"{where} allow_identical must be a list of non-empty strings", *keys, "allow_identical")
        ratio = tbl.get("length_ratio")
        if ratio is not None:
            ok = (isinstance(ratio, list) and len(ratio) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in ratio)
                  and 0 < ratio[0] < ratio[1])
            if not ok:
                raise settings.error(f"{where} length_ratio must be [low, high] with 0 < low < high", *keys, "length_ratio")
            ratio = (float(ratio[0]), float(ratio[1]))
        return sev, tuple(a.strip() for a in allow), ratio

    sev, allow, _ = parse_rules(table, ("checks",), CHECKS_KEYS)
    langs = table.get("language", {})
    if not isinstance(langs, dict):
        raise settings.error("[checks.language] must hold one table per language code", "checks", "language")
    per: list[tuple[str, LanguageRules]] = []
    for code, tbl in langs.items():
        keys = ("checks", "language", code)
        try:
            lang = parse_language(code)
        except PolyleafError as exc:  # LanguageError
            raise settings.error(f"[checks.language.{code}]: {exc.message}", *keys) from None
        if not isinstance(tbl, dict):
            raise settings.error(f"[checks.language.{code}] must be a table", *keys)
        lsev, lallow, ratio = parse_rules(tbl, keys, LANGUAGE_KEYS)
        per.append((lang.code, LanguageRules(tuple(sorted(lsev.items())), lallow, ratio)))
    return ChecksConfig(tuple(sorted(sev.items())), allow, tuple(per))


@dataclass(frozen=True)
class CheckContext:
    """What the checks of one language need besides the pair."""

    lang: Language
    glossary_terms: tuple[tuple[str, str], ...] = ()  # (source term, approved translation), longest first
    glossary_notes: tuple[tuple[str, str], ...] = ()  # (source term, note for translators)
    do_not_translate: tuple[str, ...] = ()
    allow_identical: tuple[str, ...] = ()
    length_ratio: tuple[float, float] | None = None


def context_for(lang: Language, glossary: Glossary | None = None, rules: LanguageRules | None = None) -> CheckContext:
    glossary = glossary or Glossary()
    rules = rules or LanguageRules()
    return CheckContext(
        lang=lang,
        glossary_terms=glossary.for_language(lang),
        glossary_notes=glossary.notes(),
        do_not_translate=glossary.do_not_translate,
        allow_identical=rules.allow_identical,
        length_ratio=rules.length_ratio,
    )


# -- text helpers --------------------------------------------------------------------------

_MD: MarkdownIt | None = None


def _md() -> MarkdownIt:
    global _MD
    if _MD is None:
        _MD = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _MD


def inline_children(text: str):
    tokens = _md().parseInline(text)
    return tokens[0].children or [] if tokens else []


_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
_DIGITS = {}
for _base in (0x0660, 0x06F0, 0xFF10, 0x0966, 0x09E6):  # Arabic-Indic, Extended (Urdu/Persian), fullwidth, Devanagari, Bengali
    for _d in range(10):
        _DIGITS[_base + _d] = str(_d)
_DIGITS.update({0x066B: ".", 0x066C: ",", 0xFF0E: ".", 0xFF0C: ","})


_NORMALISE = {**_BIDI, **_DIGITS}
_NEEDS_NORMALISE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_NORMALISE)) + "]")
_HAS_BIDI = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_BIDI)) + "]")


def normalise_digits(text: str) -> str:
    """Locale digits as ASCII (Arabic-Indic ٠-٩, Extended ۰-۹, fullwidth), Arabic separators ٫ ٬ as . ,; bidi marks gone."""
    if text.isascii() or not _NEEDS_NORMALISE.search(text):
        return text
    return text.translate(_NORMALISE)


def _strip_bidi(text: str) -> str:
    return text.translate(_BIDI) if _HAS_BIDI.search(text) else text


_LINK_DEST = re.compile(r"\]\((?:<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)
# A URL ends at CJK punctuation or script (``www.vaers.hhs.gov，或拨打电话``: no space in Chinese text),
# and an e-mail's local part is ASCII (``发送电子邮件至clinic@example.org``).
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"
URL = re.compile(rf"(?:https?://|www\.)[^\s<>()\[\]\"'`{_CJK}]+", re.I)
EMAIL = re.compile(r"(?<![A-Za-z0-9.+_-])[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+|\(0|0)[\d\s\u00a0().\-]{6,}\d")
NUMBER = re.compile(r"\d+(?:(?:[.,]|[\u00a0\u202f\u2009 '](?=\d{3}(?!\d)))\d+)*")
_TRAIL = ".,;:!?。，！？؟،۔"
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _strip_trail(s: str) -> str:
    return s.rstrip(_TRAIL)


_ANY_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=32768)
def urls(text: str) -> tuple[str, ...]:
    """URLs written in the text (not link destinations: those are the links check's)."""
    if "www." not in text and "://" not in text:
        return ()
    t = _LINK_DEST.sub("]", text)
    return tuple(_strip_trail(u) for u in URL.findall(t))


@lru_cache(maxsize=32768)
def emails(text: str) -> tuple[str, ...]:
    if "@" not in text:
        return ()
    return tuple(e.rstrip(".") for e in EMAIL.findall(_LINK_DEST.sub("]", text)))


@lru_cache(maxsize=32768)
def _without_addresses(text: str) -> str:
    t = normalise_digits(text)
    if "](" in t:
        t = _LINK_DEST.sub("]", t)
    if "<" in t:
        t = _AUTOLINK.sub(" ", t)
    if "www." in t or "://" in t:
        t = URL.sub(" ", t)
    return EMAIL.sub(" ", t) if "@" in t else t


@lru_cache(maxsize=32768)
def phones(text: str) -> tuple[str, ...]:
    """Phone numbers (starting with +, 0 or (0, at least 7 digits) as their digits."""
    if not _ANY_DIGIT.search(text):
        return ()
    out = []
    for m in PHONE.finditer(_without_addresses(text)):
        digits = re.sub(r"\D", "", m.group())
        if 7 <= len(digits) <= 15:
            out.append(("+" if m.group().startswith("+") else "") + digits)
    return tuple(out)


def _phone_free(text: str) -> str:
    t = _without_addresses(text)
    return PHONE.sub(lambda m: " " if 7 <= len(re.sub(r"\D", "", m.group())) <= 15 else m.group(), t)


def number_readings(token: str) -> frozenset[str]:
    """Canonical readings of a written number: all separators as thousands, or the last as a decimal mark."""
    parts = re.split(r"[.,\u00a0\u202f\u2009 ']", token)
    seps = re.findall(r"[.,\u00a0\u202f\u2009 ']", token)
    if len(parts) == 1:
        return frozenset({token.lstrip("0") or "0"})
    readings = set()
    if all(len(p) == 3 for p in parts[1:]):
        readings.add("".join(parts).lstrip("0") or "0")
    if seps[-1] in ".,":
        whole = "".join(parts[:-1]).lstrip("0") or "0"
        frac = parts[-1].rstrip("0")
        readings.add(f"{whole}.{frac}" if frac else whole)
    if not readings:
        readings.add("".join(parts))
    return frozenset(readings)


_TIME_12H = re.compile(r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.I)
_TIME_24H = re.compile(r"(?<![\d:.,])(\d{1,2})\s?[:h]\s?(\d{2})(?![\d])")


@lru_cache(maxsize=32768)
def _times_and_numbers(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Clock times as 24-hour ``H:MM`` (``5pm`` = ``17:00`` = ``17h00``), and the other numbers."""
    if not _ANY_DIGIT.search(text):
        return (), ()
    t = _phone_free(text)
    found: list[str] = []

    def twelve(m: re.Match) -> str:
        hour, minutes = int(m.group(1)), m.group(2) or "00"
        if not 1 <= hour <= 12 or int(minutes) > 59:
            return m.group()
        found.append(f"{hour % 12 + (12 if m.group(3).lower() == 'p' else 0)}:{minutes}")
        return " "

    def twentyfour(m: re.Match) -> str:
        hour, minutes = int(m.group(1)), m.group(2)
        if hour > 24 or int(minutes) > 59:
            return m.group()
        found.append(f"{hour}:{minutes}")
        return " "

    t = _TIME_12H.sub(twelve, t)
    t = _TIME_24H.sub(twentyfour, t)
    return tuple(found), tuple(NUMBER.findall(t))


def numbers(text: str) -> tuple[str, ...]:
    """Numbers in the text (after locale digits are normalised; URLs, e-mails, phones and clock times left out)."""
    return _times_and_numbers(text)[1]


def times(text: str) -> tuple[str, ...]:
    """Clock times in the text, as 24-hour ``H:MM``."""
    return _times_and_numbers(text)[0]


def _match_times(src: Sequence[str], tgt: Sequence[str], src_numbers: list[str], tgt_numbers: list[str]) -> tuple[list[str], list[str]]:
    """Pair clock times; a whole hour may stand as a bare number on the other side (``9am`` = ``上午9点``).

    Bare numbers used up that way are removed from ``src_numbers``/``tgt_numbers``.
    """
    missing, extra = _diff(src, tgt)

    def absorb(times_left: list[str], pool: list[str]) -> list[str]:
        out = []
        for tm in times_left:
            hour, minutes = tm.split(":")
            forms = {hour, str(int(hour) % 12 or 12)} if minutes == "00" else set()
            hit = next((n for n in pool if n in forms), None)
            if hit is None:
                out.append(tm)
            else:
                pool.remove(hit)
        return out

    return absorb(missing, tgt_numbers), absorb(extra, src_numbers)


def _pair_numbers(src: Sequence[str], tgt: Sequence[str]) -> tuple[list[str], list[str]]:
    left = list(tgt)
    missing = []
    for s in src:
        rs = number_readings(s)
        for i, t in enumerate(left):
            if rs & number_readings(t):
                del left[i]
                break
        else:
            missing.append(s)
    return missing, left


_SPACE_SEP = re.compile(r"[\u00a0\u202f\u2009 ]")


def _match_numbers(src: Sequence[str], tgt: Sequence[str]) -> tuple[list[str], list[str]]:
    """Pair up source and target numbers that can be read as the same value; return the unmatched.

    A space may group thousands (``10 000``) or just separate two numbers (``2 100 mg`` tablets):
    what does not match whole is matched again split at its spaces.
    """
    missing, extra = _pair_numbers(src, tgt)
    if (missing or extra) and any(_SPACE_SEP.search(n) for n in (*missing, *extra)):
        split = lambda ns: [p for n in ns for p in _SPACE_SEP.split(n)]  # noqa: E731
        m2, e2 = _pair_numbers(split(missing), split(extra))
        if len(m2) + len(e2) < len(missing) + len(extra) or not (m2 or e2):
            return m2, e2
    return missing, extra


def _diff(src: Sequence[str], tgt: Sequence[str]) -> tuple[list[str], list[str]]:
    if not src and not tgt:
        return [], []
    a, b = Counter(src), Counter(tgt)
    return sorted((a - b).elements()), sorted((b - a).elements())


def _describe(what: str, missing: list[str], extra: list[str]) -> list[str]:
    out = []
    if missing:
        out.append(f"{what} missing from the translation: {', '.join(missing)}")
    if extra:
        out.append(f"{what} in the translation but not in the source: {', '.join(extra)}")
    return out


_CLOSERS = "\"'”’»›)]}*_`」』）"


@lru_cache(maxsize=32768)
def final_mark(text: str) -> str:
    """The sentence-final mark of ``text`` ('' when none), looking past closing quotes, brackets and markup."""
    t = _strip_bidi(text).rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1].rstrip()
    if t.endswith("...") or t.endswith("……"):
        return "…"
    return t[-1] if t and t[-1] in _MARK_KIND else ""


_MARK_KIND = {
    ".": "stop", "。": "stop", "۔": "stop", "।": "stop", "．": "stop",
    "?": "question", "？": "question", "؟": "question",
    "!": "exclaim", "！": "exclaim",
    ":": "colon", "：": "colon",
    ";": "semicolon", "；": "semicolon", "؛": "semicolon",
    "…": "ellipsis",
}
_QUESTION_MARKS = ("?", "？", "؟")

#: The marks a script writes, per kind (first = the one to suggest).
_LATIN = {"stop": ".", "question": "?", "exclaim": "!", "colon": ":", "semicolon": ";", "ellipsis": "…"}
SCRIPT_MARKS: dict[str, dict[str, str]] = {
    "ar": {**_LATIN, "question": "؟", "semicolon": "؛"},
    "fa": {**_LATIN, "question": "؟", "semicolon": "؛"},
    "ur": {**_LATIN, "stop": "۔", "question": "؟", "semicolon": "؛"},
    "zh": {"stop": "。", "question": "？", "exclaim": "！", "colon": "：", "semicolon": "；", "ellipsis": "…"},
    "ja": {"stop": "。", "question": "？", "exclaim": "！", "colon": "：", "semicolon": "；", "ellipsis": "…"},
    "hi": {**_LATIN, "stop": "।"},
}


def marks_for(lang: Language) -> dict[str, str]:
    return SCRIPT_MARKS.get(lang.base, _LATIN)


def _is_cjk(lang: Language) -> bool:
    return lang.base in ("zh", "ja", "ko", "th", "lo", "km", "my")


_WORD = re.compile(r"[^\W\d_]+(?:[’'\-][^\W\d_]+)*")


@lru_cache(maxsize=32768)
def _visible(text: str) -> str:
    """What a reader sees: link destinations, autolinks and markup characters removed."""
    t = _LINK_DEST.sub("]", text)
    return re.sub(r"[*_`\[\]<>]", "", t).strip()


# A "word character" for term boundaries: letters and digits of scripts written with spaces.
# Han and kana are left out, so "CAR T细胞" has a boundary after "T" (Chinese has no spaces).
_SPACED = r"[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def _without_link_targets(text: str) -> str:
    """Terms inside a link's address are not words of the text (``…/chemotherapy/``)."""
    return _LINK_DEST.sub("]", text)


@lru_cache(maxsize=4096)
def _term_pattern(term: str, case: bool) -> re.Pattern:
    flags = 0 if case else re.IGNORECASE
    return re.compile(f"(?<!{_SPACED})" + re.escape(term) + (f"(?!{_SPACED})" if case else f"(?:e?s)?(?!{_SPACED})"), flags)


def _find_term(text: str, term: str, case: bool = False) -> list[re.Match]:
    if case and term not in text:
        return []
    return list(_term_pattern(term, case).finditer(text))


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


# -- pair checks -------------------------------------------------------------------------------


_INLINE_SPECIAL = re.compile(r"[\[\]*_`<>!&\\~]|\n")


@lru_cache(maxsize=32768)
def _link_targets(text: str) -> tuple[str, ...]:
    if not _INLINE_SPECIAL.search(text):
        return ()
    out = []
    for c in inline_children(text):
        if c.type == "link_open":
            out.append(str(c.attrs.get("href", "")))
        elif c.type == "image":
            out.append("image:" + str(c.attrs.get("src", "")))
    return tuple(out)


@check("link-mismatch", "error")
def check_links(p: Pair, ctx: CheckContext) -> list[str]:
    """Links and images keep their targets.

    Every link (``[text](target)``, ``<https://...>``) and image of the source must be in the
    translation with the same target, and the translation must add none: a changed link sends
    a patient somewhere else.  Pass: ``See [our page](https://nhs.uk)`` ->
    ``Vea [nuestra página](https://nhs.uk)``.  Fail: the target changed or the link was dropped.
    """
    missing, extra = _diff(_link_targets(p.source), _link_targets(p.target))
    return _describe("link target(s)", missing, extra)


_MARKUP_TYPES = {"em_open": "emphasis", "strong_open": "strong emphasis", "code_inline": "code", "html_inline": "inline HTML",
                 "hardbreak": "line break", "s_open": "strikethrough"}
_STRAY = re.compile(r"(?<![\\\w])(\*{1,3}|_{1,3}|`+)(?=\S)|(?<=\S)(\*{1,3}|_{1,3}|`+)(?![\w])")


@lru_cache(maxsize=32768)
def _markup(text: str) -> tuple[Counter, list[str], list[str]]:
    """(markup kinds counted, code/HTML contents, stray markers); callers must not mutate the result."""
    kinds: Counter = Counter()
    if not _INLINE_SPECIAL.search(text):
        return kinds, [], []
    code: list[str] = []
    stray: list[str] = []
    for c in inline_children(text):
        if c.type in _MARKUP_TYPES:
            kinds[_MARKUP_TYPES[c.type]] += 1
        if c.type == "code_inline":
            code.append(c.content)
        if c.type == "html_inline":
            code.append(c.content)
        if c.type == "text":
            stray += [m.group(1) or m.group(2) for m in _STRAY.finditer(c.content)]
    return kinds, code, stray


@check("markup-mismatch", "error")
def check_markup(p: Pair, ctx: CheckContext) -> list[str]:
    """Emphasis, strong emphasis, code and inline HTML are balanced and match the source.

    Both sides are parsed with the same Markdown parser (markdown-it, inline); the counts of
    emphasis, strong emphasis, code spans, inline HTML and hard line breaks must be equal, code
    spans and inline HTML must be unchanged (code is not translated), and the translation must
    not contain an unbalanced ``*``, ``_`` or backtick that the source does not.  Pass:
    ``Take **two** tablets`` -> ``Tome **dos** comprimidos``.  Fail: ``Tome **dos comprimidos``.
    """
    sk, scode, sstray = _markup(p.source)
    tk, tcode, tstray = _markup(p.target)
    out = []
    if sk != tk:
        diffs = [f"{k}: {sk.get(k, 0)} in source, {tk.get(k, 0)} in translation" for k in sorted(set(sk) | set(tk)) if sk.get(k, 0) != tk.get(k, 0)]
        out.append("markup differs (" + "; ".join(diffs) + ")")
    elif Counter(scode) != Counter(tcode):
        missing, extra = _diff(scode, tcode)
        out.append(f"code/HTML changed: {', '.join(repr(m) for m in missing)} became {', '.join(repr(e) for e in extra)}")
    if Counter(tstray) - Counter(sstray):
        out.append(f"unbalanced markup in the translation: stray {', '.join(sorted(set((Counter(tstray) - Counter(sstray)).elements())))}")
    return out


_CJK_DIGITS = "〇一二三四五六七八九"


def cjk_numerals(value: int) -> tuple[str, ...]:
    """How Chinese/Japanese may write a whole number 0-9999 in words (二十四, 两, 一百)."""
    if not 0 <= value <= 9999:
        return ()
    if value < 10:
        forms = [_CJK_DIGITS[value]]
        if value == 2:
            forms.append("两")
        return tuple(forms)
    out = ""
    for unit, char in ((1000, "千"), (100, "百"), (10, "十")):
        d, value = divmod(value, unit)
        if d:
            out += ("" if (unit == 10 and d == 1 and not out) else _CJK_DIGITS[d]) + char
        elif out and value:
            out += "" if out.endswith("零") else "零"
    if value:
        out += _CJK_DIGITS[value]
    return (out, "一" + out) if out.startswith("十") else (out,)


@check("number-mismatch", "error")
def check_numbers(p: Pair, ctx: CheckContext) -> list[str]:
    """Numbers and doses are identical.

    Every number of the source (``5 mg``, ``2.5``, ``1,000``, ``24 hours``) must be in the
    translation and the translation must add none.  Locale forms are the same number: Arabic-
    Indic digits ``٠-٩``, Extended Arabic-Indic (Urdu, Persian) ``۰-۹``, fullwidth digits, the
    Arabic decimal separator ``٫``, and a decimal comma or thousands separators
    (``2.5`` = ``2,5``; ``1,000`` = ``1.000`` = ``1 000``).  Numbers inside URLs, e-mail addresses
    and phone numbers are left to those checks.  Clock times are compared as times: ``5pm`` =
    ``17:00`` = ``17h00``, and a whole hour may be a bare number (``9am`` = ``上午9点``).  In Chinese
    and Japanese a whole number may be written in words (``24`` = ``二十四``, ``2`` = ``两``).  Fail: ``Take 2 tablets`` -> ``Tome 3 comprimidos``.
    """
    src_numbers, tgt_numbers = list(numbers(p.source)), list(numbers(p.target))
    out: list[str] = []
    if times(p.source) or times(p.target):
        t_missing, t_extra = _match_times(times(p.source), times(p.target), src_numbers, tgt_numbers)
        out += _describe("clock time(s)", t_missing, t_extra)
    missing, extra = _match_numbers(src_numbers, tgt_numbers)
    if missing and ctx.lang.base in ("zh", "ja"):
        missing = [m for m in missing if not (m.isdigit() and any(f in p.target for f in cjk_numerals(int(m))))]
    if missing and ctx.lang.base == "ar":
        words = {w for t in _ARABIC_WORD.findall(p.target) for w in (t, t[1:])}  # with or without a proclitic و ب ل ف
        missing = [m for m in missing if not (m.isdigit() and words & ARABIC_NUMBER_WORDS.get(int(m), set()))]
    if extra:
        months = {n for n, name in enumerate(_MONTHS, 1) if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b", p.source, re.I)}
        extra = [e for e in extra if not (e.isdigit() and int(e) in months)]  # "29 March 2020" -> 2020年3月29日
    return out + _describe("number(s)", missing, extra)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
#: Arabic writes small whole numbers in words, and two as the dual of the noun (مترين = 2 metres).
ARABIC_NUMBER_WORDS: dict[int, set[str]] = {
    1: {"واحد", "واحدة"},
    2: {"اثنان", "اثنين", "اثنتان", "اثنتين", "مترين", "يومين", "ساعتين", "مرتين", "أسبوعين", "اسبوعين", "شهرين",
        "سنتين", "عامين", "حبتين", "قرصين", "جرعتين", "دقيقتين", "كوبين", "شخصين"},
    3: {"ثلاثة", "ثلاث"}, 4: {"أربعة", "أربع", "اربعة", "اربع"}, 5: {"خمسة", "خمس"}, 6: {"ستة", "ست"},
    7: {"سبعة", "سبع"}, 8: {"ثمانية", "ثماني", "ثمان"}, 9: {"تسعة", "تسع"}, 10: {"عشرة", "عشر"},
}


@check("url-mismatch", "error")
def check_urls(p: Pair, ctx: CheckContext) -> list[str]:
    """Web addresses written in the text are identical.

    Pass: ``Visit www.nhs.uk.`` -> ``Visite www.nhs.uk.``  Fail: the address was translated,
    shortened or dropped.  A URL ends at a space or at CJK punctuation or script
    (``www.vaers.hhs.gov，或拨打电话`` is ``www.vaers.hhs.gov``).  An address replaced by another
    page of the same site (the site's page in the reader's language) is ``url-localized``
    instead.  (Link targets are checked by ``link-mismatch``.)
    """
    missing, extra = _diff(urls(p.source), urls(p.target))
    _, missing, extra = _same_site(missing, extra, ctx.lang.base)
    return _describe("URL(s)", missing, extra)


def _host(url: str) -> str:
    host = re.sub(r"^(?:https?://)?", "", url, flags=re.I).split("/", 1)[0].lower()
    return host.removeprefix("www.")


def _same_site(missing: list[str], extra: list[str], lang: str) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Pair each missing URL with an extra one on the same host whose address names the translation's
    language (``/es/``, ``es.``, ``lang=es``): (pairs, still missing, still extra).  Any other change
    of address (truncated, mistyped) stays a mismatch."""
    names_lang = re.compile(rf"(?:^|[/.=_-]){re.escape(lang)}(?:[/._&-]|$)", re.I)
    pairs, left = [], list(extra)
    still = []
    for m in missing:
        twin = next((e for e in left if _host(e) == _host(m) and names_lang.search(re.sub(r"^https?://", "", e, flags=re.I))
                     and not names_lang.search(re.sub(r"^https?://", "", m, flags=re.I))), None)
        if twin is None:
            still.append(m)
        else:
            left.remove(twin)
            pairs.append((m, twin))
    return pairs, still, left


@check("url-localized", "warning")
def check_urls_localized(p: Pair, ctx: CheckContext) -> list[str]:
    """A web address was replaced by another page of the same site.

    Professional translators often link the site's page in the reader's language
    (``https://www.who.int/news-room/…`` -> ``https://www.who.int/es/…``): a reviewer should
    confirm the page says the same, so this is a warning, not an error.
    """
    pairs, _, _ = _same_site(*_diff(urls(p.source), urls(p.target)), ctx.lang.base)
    return [f"{m} became {e}" for m, e in pairs]


@check("email-mismatch", "error")
def check_emails(p: Pair, ctx: CheckContext) -> list[str]:
    """E-mail addresses are identical.

    Fail: ``help@example.org`` became ``ayuda@example.org``.
    """
    missing, extra = _diff(emails(p.source), emails(p.target))
    return _describe("e-mail address(es)", missing, extra)


@check("phone-mismatch", "error")
def check_phones(p: Pair, ctx: CheckContext) -> list[str]:
    """Phone numbers are identical (the same digits; spacing and locale digits may differ).

    A phone number starts with ``+``, ``0`` or ``(0`` and has 7 to 15 digits.  Pass:
    ``Call 0800 123 4567`` -> ``اتصل على ٠٨٠٠ ١٢٣ ٤٥٦٧``.  Fail: a digit changed or the number
    was dropped.
    """
    missing, extra = _diff(phones(p.source), phones(p.target))
    return _describe("phone number(s)", missing, extra)


@check("do-not-translate", "error")
def check_do_not_translate(p: Pair, ctx: CheckContext) -> list[str]:
    """Do-not-translate terms appear unchanged.

    Each term of ``[glossary] do_not_translate`` (or a CSV row without a language) that occurs
    in the source must occur, written exactly the same (case included), in the translation.
    Pass: ``CAR T-cell therapy`` -> ``la terapia CAR T``.  Fail: ``terapia de células T-CAR``.
    """
    out = []
    source, target = _without_link_targets(p.source), _without_link_targets(p.target)
    for term in ctx.do_not_translate:
        n = len(_find_term(source, term, case=True))
        if n and len(_find_term(target, term, case=True)) < 1:
            out.append(f"do-not-translate term {term!r} is missing from the translation")
    return out


@check("glossary-term", "warning")
def check_glossary(p: Pair, ctx: CheckContext) -> list[str]:
    """Glossary terms are translated as the glossary says.

    When a glossary term occurs in the source (case-insensitive; a plural ``-s``/``-es`` counts),
    the translation must contain the glossary's translation for the language.  Simple inflection
    is tolerated: each word may change its ending (the first 60% of the word must match), up to two
    words may come between the words of a multi-word term, Welsh initial mutations (``tîm`` ->
    ``dîm``), Arabic/Urdu attached prefixes (``ال``, ``و``, ``ب``...) and an article dropped in a
    construct (``فريق الرعاية`` -> ``فريق رعايتك``) are accepted; Chinese and
    other scripts without spaces need the exact term.  A warning by default (raise it to an error
    in ``[checks] severity``).  Fail: ``care team`` -> ``grupo médico`` when the glossary says
    ``equipo de atención``.
    """
    out = []
    masked = _without_link_targets(p.source)
    for term, translation in ctx.glossary_terms:
        hits = _find_term(masked, term)
        if not hits:
            continue
        for m in reversed(hits):  # a longer term hides the shorter terms inside it
            masked = masked[: m.start()] + "\x00" * (m.end() - m.start()) + masked[m.end():]
        if not contains_term(p.target, translation, ctx.lang):
            note = dict(ctx.glossary_notes).get(term)
            out.append(f"glossary: {term!r} should be translated as {translation!r}" + (f" ({note})" if note else ""))
    return out


@check("final-punctuation", "warning")
def check_final_punctuation(p: Pair, ctx: CheckContext) -> list[str]:
    """Sentence-final punctuation is kept in kind, written with the target script's marks.

    A source ending in a full stop, question mark, exclamation mark, colon or ellipsis needs the
    same kind of mark in the translation, in the language's own form: Arabic ``؟`` and ``؛``;
    Urdu ``۔`` (full stop), ``؟`` and ``؛``; Chinese ``。？！：；``.  A Spanish question also
    needs its opening ``¿``.  A translation that adds a full stop the source does not have is
    reported too.  Closing quotes, brackets and markup after the mark are looked past.
    Fail: ``Are you well?`` -> ``你好吗?`` (ASCII ``?`` in Chinese) or ``هل أنت بخير?``.
    """
    smark, tmark = final_mark(p.source), final_mark(p.target)
    marks = marks_for(ctx.lang)
    out = []
    if smark:
        kind = _MARK_KIND[smark]
        want = marks.get(kind, smark)
        if not tmark:
            out.append(f"the source ends with {smark!r}; the translation has no final punctuation (expected {want!r})")
        elif _MARK_KIND[tmark] != kind:
            out.append(f"the source ends with {smark!r} ({kind}); the translation ends with {tmark!r} (expected {want!r})")
        elif tmark != want and not (kind == "ellipsis"):
            out.append(f"final {kind} written {tmark!r}; {ctx.lang.english_name} uses {want!r}")
    elif tmark and _MARK_KIND[tmark] in ("stop", "exclaim"):
        out.append(f"the translation adds a final {tmark!r} the source does not have")
    if ctx.lang.base in ("es", "gl") and smark == "?" and "?" in p.target and "¿" not in p.target:
        out.append("Spanish question without its opening '¿'")
    return out


@check("question-lost", "error")
def check_question(p: Pair, ctx: CheckContext) -> list[str]:
    """A question stays a question.

    If the source asks a question (has a question mark), the translation must have a question
    mark of some form (``?``, ``؟``, ``？``); a question turned into a statement changes what the
    patient is asked or told.  Fail: ``Is it safe to drive?`` -> ``Es seguro conducir.``
    """
    if any(q in p.source for q in _QUESTION_MARKS) and not any(q in p.target for q in _QUESTION_MARKS):
        return ["the source is a question; the translation has no question mark"]
    return []


_ALLOWED_IN_IDENTICAL = re.compile(r"[\d\W_]+")


@check("identical", "warning")
def check_identical(p: Pair, ctx: CheckContext) -> list[str]:
    """The translation is not simply the source copied.

    Allowed when nothing is left to translate once numbers, URLs, e-mails, code, do-not-translate
    terms, glossary terms whose translation is the same word, and the phrases listed in
    ``[checks] allow_identical`` are taken out (names, dosages, ``CAR T``), or when the whole
    segment is listed in ``allow_identical``.  Fail: ``Side effects`` -> ``Side effects`` in ``es``.
    """
    if p.target.strip() != p.source.strip():
        return []
    if p.source.strip() in ctx.allow_identical:
        return []
    rest = _LINK_DEST.sub("]", p.source)
    rest = _CODE_SPAN.sub(" ", rest)
    rest = URL.sub(" ", rest)
    rest = EMAIL.sub(" ", rest)
    keep = list(ctx.do_not_translate) + list(ctx.allow_identical) + [t for t, tr in ctx.glossary_terms if t.casefold() == tr.casefold()]
    for term in sorted(keep, key=len, reverse=True):
        rest = re.sub(re.escape(term), " ", rest, flags=re.IGNORECASE)
    if not any(len(w) > 1 for w in _WORD.findall(rest)):
        return []
    return ["the translation is identical to the source"]


@check("whitespace", "warning")
def check_whitespace(p: Pair, ctx: CheckContext) -> list[str]:
    """Leading and trailing whitespace match the source.

    Extra or missing spaces or line breaks at either end of a translation show up as stray
    gaps in the leaflet.  Fail: ``" Hola"`` for ``"Hello"``.
    """
    out = []
    lead_s, lead_t = p.source[: len(p.source) - len(p.source.lstrip())], p.target[: len(p.target) - len(p.target.lstrip())]
    trail_s, trail_t = p.source[len(p.source.rstrip()):], p.target[len(p.target.rstrip()):]
    if lead_s != lead_t:
        out.append(f"leading whitespace differs ({lead_s!r} in source, {lead_t!r} in translation)")
    if trail_s != trail_t:
        out.append(f"trailing whitespace differs ({trail_s!r} in source, {trail_t!r} in translation)")
    return out


#: Expected length of a translation relative to English, as (low, high) bounds of
#: ``len(translation) / len(source)`` in characters.  Outside them, something is
#: probably missing or added.  Chinese and Japanese are far shorter.
LENGTH_RATIO: dict[str, tuple[float, float]] = {
    "zh": (0.17, 0.9), "ja": (0.2, 1.0), "ko": (0.2, 1.2),
    "ar": (0.45, 2.0), "ur": (0.5, 2.3), "fa": (0.5, 2.2), "he": (0.4, 1.8),
    "es": (0.6, 2.3), "pl": (0.5, 2.3), "cy": (0.6, 2.3), "de": (0.6, 2.5),
}
DEFAULT_RATIO = (0.45, 2.5)
MIN_LENGTH = 30  # below this many characters ratios mean little


@check("length-ratio", "warning")
def check_length(p: Pair, ctx: CheckContext) -> list[str]:
    """The translation's length is not far outside the expected ratio to the source.

    Visible characters are compared (link targets and markup left out) for sources of at least
    30 characters.  Default bounds of translation/source: Chinese 0.17-0.9, Japanese 0.2-1.0,
    Arabic 0.45-2.0, Urdu 0.5-2.3, Spanish, Welsh 0.6-2.3, Polish 0.5-2.3, others 0.45-2.5;
    set ``length_ratio = [low, high]`` in ``[checks.language.<code>]`` to change them.
    Fail: a three-sentence paragraph translated as three words.
    """
    src, tgt = _visible(p.source), _visible(p.target)
    if len(src) < MIN_LENGTH or not tgt:
        return []
    low, high = ctx.length_ratio or LENGTH_RATIO.get(ctx.lang.base, DEFAULT_RATIO)
    ratio = len(tgt) / len(src)
    if ratio < low:
        return [f"translation is {ratio:.2f}x the source's length (expected at least {low:g}x): is something missing?"]
    if ratio > high:
        return [f"translation is {ratio:.2f}x the source's length (expected at most {high:g}x): is something added?"]
    return []


@check("mt-unreviewed", "error")
def check_mt_unreviewed(p: Pair, ctx: CheckContext) -> list[str]:
    """A machine draft has not been reviewed yet.

    The entry is fuzzy and carries a ``# polyleaf-mt:`` line: a machine translation nobody has
    approved.  A reviewer checks it and clears "Needs work" (fuzzy) in Poedit.
    """
    if p.fuzzy and provenance.MT in provenance.parse(p.tcomment):
        return ["machine draft not reviewed yet (fuzzy, from machine translation)"]
    return []


@check("fuzzy", "warning")
def check_fuzzy(p: Pair, ctx: CheckContext) -> list[str]:
    """A draft (fuzzy entry, not from machine translation) awaits review.

    Usually the source text changed and the old translation was kept as a draft.  It does not
    count as reviewed for the publish gate.
    """
    if p.fuzzy and provenance.MT not in provenance.parse(p.tcomment):
        return ["draft awaiting review (fuzzy): the source changed or the translation needs work"]
    return []


@check("mask-unrestored", "error")
def check_mask(p: Pair, ctx: CheckContext) -> list[str]:
    """A protection placeholder from machine translation (``⟦0⟧``) is left in the translation.

    The text it stood for (a link, number or term) must be put back.
    """
    found = provenance.MASK_TOKEN.findall(p.target)
    return [f"unrestored placeholder(s) {' '.join(found)} in the translation"] if found else []


@check("mt-problem", "error")
def check_mt_problem(p: Pair, ctx: CheckContext) -> list[str]:
    """The machine-translation engine lost protected text in this draft (``# polyleaf-mt-problem:``).

    Reported while the entry is still fuzzy; once a reviewer clears fuzzy, ``polyleaf approve``
    drops the line and the other checks judge the text itself.
    """
    facts = provenance.parse(p.tcomment).get(provenance.MT_PROBLEM)
    if facts is not None and p.fuzzy:
        detail = " ".join(f"{k}={v}" for k, v in facts.items())
        return [f"machine translation lost protected text ({detail or 'see the comment'}); compare with the source"]
    return []


_BLOCK_START = re.compile(r"^[ \t]*(?:[#>*+\-=_|<`~]|\d{1,9}[.)])")


@lru_cache(maxsize=32768)
def _blocks(text: str) -> tuple[str, ...]:
    """The block tokens ``text`` parses into (a plain one-line text is one paragraph)."""
    if "\n" not in text and not _BLOCK_START.match(text) and text.strip():
        return ("paragraph_open",)
    return tuple(t.type for t in _md().parse(text) if t.nesting == 1 or (t.nesting == 0 and t.type != "inline"))


@check("block-markup", "error")
def check_block_markup(p: Pair, ctx: CheckContext) -> list[str]:
    """The translation does not change the block structure.

    A translation that starts with ``#``, ``-``, ``1.`` or ``>``, or holds a blank line, would turn
    a paragraph into a heading, list or quote (or split it) when the leaflet is rendered; in a
    table cell, an unescaped ``|`` would add a column.  Fail: ``- Tome dos comprimidos`` for a
    paragraph.
    """
    out = []
    if _blocks(p.source) != _blocks(p.target):
        out.append("the translation's Markdown would render as a different block (heading, list, quote or several paragraphs)")
    if p.kind == "table-cell" and len(re.findall(r"(?<!\\)\|", p.target)) != len(re.findall(r"(?<!\\)\|", p.source)):
        out.append("unescaped '|' in a table cell (write \\| )")
    return out


@check("approval-stale", "error")
def check_approval_stale(p: Pair, ctx: CheckContext) -> list[str]:
    """The source changed after the entry was approved, without passing through review.

    The ``# polyleaf-approved: sha=... src=...`` line was recorded for other English, so review is
    re-opened: the entry does not count as reviewed.  ``polyleaf approve`` marks it fuzzy again;
    the reviewer checks it and clears fuzzy.  (A translation a reviewer edited and saved with
    fuzzy off is approved by that save, and an entry that still shows the old English as
    ``#| msgid`` went through review after the source changed: neither is stale.)
    """
    facts = provenance.parse(p.tcomment).get(provenance.APPROVED)
    if facts is not None and not p.fuzzy and p.previous is None and facts.get("sha") != provenance.pair_hash(p.source, p.target) \
            and facts.get("src") is not None and facts["src"] != provenance.text_hash(p.source):
        return ["approval is stale: the source text changed since it was approved (run `polyleaf approve` to re-open review)"]
    return []


@check("approval-missing", "warning", scope="catalog")
def check_approval_missing(pairs: Sequence[Pair], ctx: CheckContext) -> list[str]:
    """Reviewed entries (translated, not fuzzy) have no approval recorded yet.

    One finding per catalog, counting them.  Run ``polyleaf approve`` to bind each approval to
    the exact text (``# polyleaf-approved: sha=...``), so a later edit re-opens review.
    """
    n = sum(1 for p in pairs if not p.fuzzy and p.target and provenance.APPROVED not in provenance.parse(p.tcomment))
    return [f"{n} reviewed entr{'y has' if n == 1 else 'ies have'} no recorded approval (run `polyleaf approve`)"] if n else []


# -- checks on the catalog file itself (located at its line) ---------------------------------


@dataclass(frozen=True)
class CatalogEntry:
    """One live, translated entry as the PO file holds it, for checks about the file itself."""

    msgid: str
    msgid_plural: str
    msgstrs: tuple[str, ...]  # msgstr, or msgstr[0..n-1]
    flags: tuple[str, ...]
    line: int
    plural_forms: str | None  # the header's Plural-Forms


@check("format-string", "error", scope="entry")
def check_format_string(e: CatalogEntry, ctx: CheckContext) -> list[str]:
    """Placeholders of a ``c-format``, ``python-format`` or ``python-brace-format`` entry match.

    As ``msgfmt -c`` checks them: the translation uses the msgid's placeholders (each msgstr[i]
    of a plural entry, msgid_plural's; a form used for one number only may leave them out),
    with the same types.  Reported at the catalog line.  Fail: ``"%d fichiers"`` for
    ``"%s files"``; ``"{nombre}"`` for ``"{name}"``.
    """
    if not e.flags:
        return []
    return [f"{p.format}: {p.message}" for p in check_format(e.flags, e.msgid, e.msgid_plural, e.msgstrs, e.plural_forms)]


@check("plural-forms", "warning", scope="header")
def check_plural_forms(metadata: dict, ctx: CheckContext) -> list[tuple[str, str]]:
    """The catalog's ``Plural-Forms`` is CLDR's rule for its language (as Babel gives it).

    Compared by what the rule does for each count, so spacing and parentheses do not matter;
    GNU gettext's two-form rule for Spanish, French, Italian and Portuguese (without CLDR's
    form for exact millions) is accepted.  ``polyleaf extract`` corrects the header of a
    catalog without plural entries.  Reported at the header line, with the expected rule.
    """
    mismatch = plural_forms_mismatch(ctx.lang.code, metadata.get("Plural-Forms"))
    return [("Plural-Forms", mismatch.message)] if mismatch else []


def _header_field_line(po: polib.POFile, name: str) -> int:
    """Line of a header field in the catalog's file (1 when it cannot be read)."""
    try:
        with open(po.fpath, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if line.startswith(f'"{name}:'.encode()):
                    return n
                if n > 200:
                    break
    except (OSError, TypeError):
        pass
    return 1


# -- section checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionView:
    title: str
    line: int
    path: str
    pairs: tuple[tuple[Segment, str], ...]  # (source segment, translation) for translated segments


def _structure(text: str, kind: str) -> Counter:
    c: Counter = Counter()
    blocks = _blocks(text)
    c["headings"] += 1 if kind in ("title", "heading") or "heading_open" in blocks else 0
    c["list items"] += blocks.count("list_item_open") + (1 if kind == "list-item" and "list_item_open" not in blocks else 0)
    c["questions"] += 1 if any(q in text for q in _QUESTION_MARKS) else 0
    return c


@check("section-parity", "warning", scope="section")
def check_section_parity(s: SectionView, ctx: CheckContext) -> list[str]:
    """Each section keeps its structure: the same headings, list items and questions.

    Over the translated segments of a section, the number of headings, list items and questions
    must be the same on both sides (a question answered as a statement, or a list item swallowed,
    shows here).  Reported at the section's heading.
    """
    src: Counter = Counter()
    tgt: Counter = Counter()
    for seg, translation in s.pairs:
        src += _structure(seg.text, seg.kind)
        tgt += _structure(translation, seg.kind)
    diffs = [f"{k}: {src.get(k, 0)} in source, {tgt.get(k, 0)} in translation" for k in ("headings", "list items", "questions") if src.get(k, 0) != tgt.get(k, 0)]
    return [f"section {s.title!r} differs in structure (" + "; ".join(diffs) + ")"] if diffs else []


# -- running -----------------------------------------------------------------------------------


def run_pair(p: Pair, ctx: CheckContext, severity_of: Callable[[str], str] | None = None) -> list[tuple[str, str, str]]:
    """``(code, severity, message)`` for every finding of the pair checks (pure; for tests and tools)."""
    out = []
    for spec in CHECKS.values():
        if spec.scope != "pair":
            continue
        sev = severity_of(spec.code) if severity_of else spec.severity
        if sev == "off":
            continue
        for msg in spec.func(p, ctx):
            out.append((spec.code, sev, msg))
    return out


def check_catalog(doc: Document, po: polib.POFile, lang: Language, glossary: Glossary | None = None,
                  config: ChecksConfig | None = None, catalog_path: str = "") -> list[Diagnostic]:
    """Every finding for one document's catalog in one language, located at the source segment."""
    rules = (config or ChecksConfig()).rules(lang)
    ctx = context_for(lang, glossary, rules)
    severity = {code: rules.severity_of(code) for code in CHECKS}
    first_seg: dict[tuple[str | None, str], Segment] = {}
    for seg in doc.segments:
        first_seg.setdefault(seg.key, seg)
    out: list[Diagnostic] = []
    translated: dict[str, str] = {}
    all_pairs: list[Pair] = []
    entry_checks = [(spec, rules.severity_of(spec.code)) for spec in CHECKS.values() if spec.scope == "entry"]
    entry_checks = [(spec, sev) for spec, sev in entry_checks if sev != "off"]
    plural_forms = po.metadata.get("Plural-Forms")
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        target = entry.msgstr if not entry.msgid_plural else (entry.msgstr_plural.get(0) or "")
        if not target:
            continue
        if entry_checks and entry.flags:
            view = CatalogEntry(entry.msgid, entry.msgid_plural or "",
                                tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)) if entry.msgid_plural else (entry.msgstr,),
                                tuple(entry.flags), entry.linenum or 0, plural_forms)
            for spec, sev in entry_checks:
                for msg in spec.func(view, ctx):
                    out.append(Diagnostic(catalog_path or doc.path, view.line, spec.code, msg, sev, lang.code,
                                          {"msgid": entry.msgid, "msgstr": target, "catalog": f"{catalog_path}:{view.line}"}))
        seg = first_seg.get((entry.msgctxt, entry.msgid))
        if seg is None:
            out.append(Diagnostic(catalog_path or doc.path, entry.linenum or 0, "catalog-outdated",
                                  "entry not in the source any more: run `polyleaf extract`", "warning", lang.code,
                                  {"msgid": entry.msgid}))
            continue
        pair = Pair(entry.msgid, target, lang, seg.kind, "fuzzy" in entry.flags, entry.tcomment or "", entry.previous_msgid)
        all_pairs.append(pair)
        if not pair.fuzzy and entry.msgctxt is None:
            translated[entry.msgid] = target
        for code, sev, msg in run_pair(pair, ctx, severity.__getitem__):
            out.append(Diagnostic(seg.path, seg.line, code, msg, sev, lang.code,
                                  {"msgid": entry.msgid, "msgstr": target, "catalog": f"{catalog_path}:{entry.linenum or 0}"}))
    for spec in CHECKS.values():
        sev = rules.severity_of(spec.code)
        if spec.scope != "catalog" or sev == "off":
            continue
        for msg in spec.func(all_pairs, ctx):
            out.append(Diagnostic(catalog_path or doc.path, 1, spec.code, msg, sev, lang.code))
    for spec in CHECKS.values():
        sev = rules.severity_of(spec.code)
        if spec.scope != "header" or sev == "off":
            continue
        for name, msg in spec.func(dict(po.metadata), ctx):
            line = _header_field_line(po, name)
            out.append(Diagnostic(catalog_path or doc.path, line, spec.code, msg, sev, lang.code, {"catalog": f"{catalog_path}:{line}"}))
    for section in doc.sections:
        pairs = tuple((seg, translated[seg.text]) for seg in section.segments if seg.text in translated)
        if not pairs:
            continue
        view = SectionView(section.title, section.line, doc.path, pairs)
        for spec in CHECKS.values():
            if spec.scope != "section":
                continue
            sev = rules.severity_of(spec.code)
            if sev == "off":
                continue
            for msg in spec.func(view, ctx):
                out.append(Diagnostic(doc.path, section.line, spec.code, msg, sev, lang.code, {"section": section.title}))
    out.sort(key=lambda d: (d.path, d.line, d.code))
    return out


@dataclass(frozen=True)
class ChecksSummary:
    errors: int = 0
    warnings: int = 0
    by_code: tuple[tuple[str, int], ...] = ()
    failed: str = ""  # why the checks could not run (corrupt catalog), else ""

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not self.failed

    def as_dict(self) -> dict:
        d = {"errors": self.errors, "warnings": self.warnings, "by_code": dict(self.by_code)}
        if self.failed:
            d["failed"] = self.failed
        return d


def summarise(diags: Sequence[Diagnostic], failed: str = "") -> ChecksSummary:
    return ChecksSummary(
        errors=sum(d.severity == "error" for d in diags),
        warnings=sum(d.severity == "warning" for d in diags),
        by_code=tuple(sorted(Counter(d.code for d in diags).items())),
        failed=failed,
    )


def clear_caches() -> None:
    """Forget the per-text analyses (memoised so a source text is analysed once for all languages)."""
    for fn in (urls, emails, _without_addresses, phones, _times_and_numbers, final_mark, _visible, _blocks, _link_targets, _markup):
        fn.cache_clear()


def checks_markdown() -> str:
    """``docs/checks.md``: one entry per check, from the check functions' docstrings."""
    lines = [
        "# Review checks",
        "",
        "Generated from the check functions' docstrings (`polyleaf check --list --markdown`);",
        "do not edit by hand. `error` blocks publishing, `warning` does not; change either in",
        "`[checks]` (see README, \"Checks and the publish gate\").",
        "",
        "Besides these checks, the state of each catalog is reported and cannot be turned off:",
        "`catalog-missing` (error: no catalog for a configured language; run `polyleaf extract`),",
        "`catalog-unreadable` (error: the PO file is malformed; its language is held back, the",
        "others are still checked) and `catalog-outdated` (warning: a translated entry whose",
        "English is no longer in the source).",
        "",
    ]
    for spec in sorted(CHECKS.values(), key=lambda s: s.code):
        doc = spec.doc.splitlines()
        lines += [f"## `{spec.code}` ({spec.severity}{'' if spec.scope == 'pair' else ', per ' + spec.scope})", "", f"**{doc[0]}**"]
        if len(doc) > 1:
            lines += doc[1:]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
