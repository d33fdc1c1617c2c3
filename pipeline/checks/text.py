"""Text extractors shared by the checks: URLs, e-mail addresses, phone numbers, numbers and times, final marks, links.

Each is a pure function of its text, memoised per process (``functools.lru_cache`` of pure
functions: a value cache, never state), made by :mod:`pipeline.memo`;
:func:`pipeline.checks.runner.clear_caches` empties them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from typing import TYPE_CHECKING

from .. import memo
from ..languages import Language

if TYPE_CHECKING:  # imported where used: a build with cached findings never parses Markdown
    from markdown_it import MarkdownIt

# -- text helpers --------------------------------------------------------------------------


@memo.pure(maxsize=1)
def _md() -> MarkdownIt:
    from markdown_it import MarkdownIt  # (here, so the module may import it lazily)

    return MarkdownIt("commonmark", {"html": True}).enable("table")


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


@memo.pure(maxsize=32768)
def urls(text: str) -> tuple[str, ...]:
    """URLs written in the text (not link destinations: those are the links check's)."""
    if "www." not in text and "://" not in text:
        return ()
    t = _LINK_DEST.sub("]", text)
    return tuple(_strip_trail(u) for u in URL.findall(t))


@memo.pure(maxsize=32768)
def emails(text: str) -> tuple[str, ...]:
    if "@" not in text:
        return ()
    return tuple(e.rstrip(".") for e in EMAIL.findall(_LINK_DEST.sub("]", text)))


@memo.pure(maxsize=32768)
def _without_addresses(text: str) -> str:
    t = normalise_digits(text)
    if "](" in t:
        t = _LINK_DEST.sub("]", t)
    if "<" in t:
        t = _AUTOLINK.sub(" ", t)
    if "www." in t or "://" in t:
        t = URL.sub(" ", t)
    return EMAIL.sub(" ", t) if "@" in t else t


@memo.pure(maxsize=32768)
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


@memo.pure(maxsize=32768)
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


@memo.pure(maxsize=32768)
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


@memo.pure(maxsize=32768)
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


@memo.pure(maxsize=4096)
def _term_pattern(term: str, case: bool) -> re.Pattern:
    flags = 0 if case else re.IGNORECASE
    return re.compile(f"(?<!{_SPACED})" + re.escape(term) + (f"(?!{_SPACED})" if case else f"(?:e?s)?(?!{_SPACED})"), flags)


def _find_term(text: str, term: str, case: bool = False) -> list[re.Match]:
    if case and term not in text:
        return []
    return list(_term_pattern(term, case).finditer(text))
