"""Line breaking as GNU gettext does it (UAX #14 via libunistring, greedy fill).

GNU ``msgcat``/``msgmerge`` wrap each string at 79 columns, breaking only
where the Unicode line-breaking algorithm allows (after spaces, between CJK
ideographs, after hyphens, ...) and counting East Asian wide characters as two
columns.  Writing catalogs the same way means that running GNU tools over a
Polyleaf catalog changes nothing, and diffs stay small.  This is a compact
implementation of the pair rules of UAX #14 that matter for prose; the test
suite compares it with ``msgcat`` on real catalogs in six scripts.
"""

from __future__ import annotations

import re
import unicodedata

from .. import memo

# Explicit classes for the characters prose uses; letters default to AL.
_EXPLICIT = {
    " ": "SP", "\u00a0": "GL", "\u202f": "GL", "\u2007": "GL", "\u2060": "WJ", "\ufeff": "WJ",
    "\u200b": "ZW", "\u200d": "ZWJ", "\u200c": "CM",
    "-": "HY", "\u2010": "BA", "\u2013": "BA", "\u2014": "B2", "\u00ad": "BA", "\u2012": "BA",
    "/": "SY", ".": "IS", ",": "IS", ":": "IS", ";": "IS", "\u060c": "IS", "\u037e": "IS",
    "!": "EX", "?": "EX", "\u061f": "EX", "\u061b": "EX", "\u06d4": "EX", "\uff01": "EX", "\uff1f": "EX",
    "(": "OP", "[": "OP", "{": "OP", "\u00a1": "OP", "\u00bf": "OP",
    ")": "CP", "]": "CP", "}": "CL",
    '"': "QU", "'": "QU", "\u2018": "QU", "\u2019": "QU", "\u201c": "QU", "\u201d": "QU",
    "\u00ab": "QU", "\u00bb": "QU", "\u2039": "QU", "\u203a": "QU", "\u201e": "OP", "\u201a": "OP",
    "%": "PO", "\u2030": "PO", "\u00b0": "PO", "\u2032": "PO", "\u2033": "PO", "\u00a2": "PO",
    "$": "PR", "+": "PR", "\\": "PR", "\u00a3": "PR", "\u20ac": "PR", "\u00a5": "PR", "#": "AL",
    "\u2026": "IN", "\u2024": "IN", "\u2025": "IN",
    "\u3001": "CL", "\u3002": "CL", "\uff0c": "CL", "\uff0e": "CL", "\uff09": "CPW", "\uff3d": "CPW",
    "\u300d": "CL", "\u300f": "CL", "\u3011": "CL", "\u300b": "CL", "\u3009": "CL", "\uff5d": "CL",
    "\uff08": "OPW", "\uff3b": "OPW", "\u300c": "OPW", "\u300e": "OPW", "\u3010": "OPW", "\u300a": "OPW",
    "\u3008": "OPW", "\uff5b": "OPW",
    "\uff1a": "NS", "\uff1b": "NS", "\u30fc": "NS", "\u3005": "NS", "\u309d": "NS", "\u30fd": "NS",
    "\u00b7": "AL", "\u30fb": "NS", "\u0964": "BA", "\u0965": "BA", "|": "BA", "\t": "BA",
    "\u066b": "NU", "\u066c": "NU",
}


@memo.pure(maxsize=4096)
def lb_class(ch: str) -> str:
    cls = _EXPLICIT.get(ch)
    if cls:
        return cls
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Mc", "Me"):
        return "CM"
    if cat == "Nd":
        return "NU"
    if (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFD
            or 0x3040 <= cp <= 0x30FF or 0xAC00 <= cp <= 0xD7A3 or 0xFF10 <= cp <= 0xFF5A or 0x3130 <= cp <= 0x318F):
        if 0x3041 <= cp <= 0x30FA and ch in "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ":
            return "NS"
        return "ID"
    if 0x1F300 <= cp <= 0x1FAFF:
        return "ID"
    if cat == "Cf":
        return "CM"
    if cat.startswith("P"):
        if cat == "Ps":
            return "OP"
        if cat == "Pe":
            return "CL"
        if cat in ("Pi", "Pf"):
            return "QU"
        if cat == "Pd":
            return "BA"
    return "AL"


@memo.pure(maxsize=4096)
def char_width(ch: str) -> int:
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Cf") or ch in "\u200b\u200c\u200d":
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


_NO_BREAK_BEFORE = {"CL", "CP", "EX", "IS", "SY"}  # LB13, even after spaces
_AL = {"AL", "HL"}
_NARROW = {"OPW": "OP", "CPW": "CP"}


def _pair_allows(a: str, b: str, before_sp: str | None, prev_of_a: str | None) -> bool:
    """May a line break between a char of class ``a`` and one of class ``b``?

    ``before_sp`` is the class before a run of spaces ending in ``a`` (when
    ``a`` is SP); ``prev_of_a`` is the class before ``a`` (for LB20a).
    """
    wide = a in ("OPW", "CPW") or b in ("OPW", "CPW")  # East Asian wide brackets: LB30 does not apply
    a, b = _NARROW.get(a, a), _NARROW.get(b, b)
    before_sp = _NARROW.get(before_sp, before_sp)  # type: ignore[arg-type]
    if b in ("SP", "ZW"):
        return False  # LB7
    if a == "ZW":
        return True  # LB8
    if b in ("CM", "ZWJ") or a == "ZWJ":
        return False  # LB9 / LB8a
    if a == "WJ" or b == "WJ":
        return False  # LB11
    if a == "GL":
        return False  # LB12
    if b == "GL" and a not in ("SP", "BA", "HY"):
        return False  # LB12a
    if b in _NO_BREAK_BEFORE:
        return False  # LB13
    base = before_sp if a == "SP" else a
    if base == "OP":
        return False  # LB14 OP SP* x
    if base == "QU" and b == "OP":
        return False  # LB15
    if base in ("CL", "CP") and b == "NS":
        return False  # LB16
    if base == "B2" and b == "B2":
        return False  # LB17
    if a == "SP":
        return True  # LB18
    if b == "QU" or a == "QU":
        return False  # LB19
    if a == "CB" or b == "CB":
        return True  # LB20
    if b in ("BA", "HY", "NS") or a == "BB":
        return False  # LB21
    # LB20a (no break after a word-initial hyphen, Unicode 15.1) is not applied: GNU gettext 0.21's
    # libunistring breaks " -" / "m pip" (found by tests/test_po.py's reST/printf lines).
    if a == "SY" and b == "HL":
        return False  # LB21b
    if b == "IN":
        return False  # LB22
    if (a in _AL and b == "NU") or (a == "NU" and b in _AL):
        return False  # LB23
    if a == "PR" and b == "ID" or a == "ID" and b == "PO":
        return False  # LB23a
    if a in ("PR", "PO") and b in _AL or a in _AL and b in ("PR", "PO"):
        return False  # LB24
    if (a in ("PR", "PO") and b in ("OP", "HY", "NU")) or (a in ("OP", "HY") and b == "NU"):
        return False  # LB25 (simplified)
    if a == "NU" and b in ("NU", "SY", "IS", "PO", "PR"):
        return False
    if a in ("CL", "CP") and b in ("PO", "PR") or a in ("SY", "IS") and b == "NU":
        return False  # LB25 pairs (IS/SY before PR/PO may break: "C:" / "\\Temp")
    if a in _AL and b in _AL:
        return False  # LB28
    # LB29 (IS x AL) is not applied: libunistring breaks after "." before letters.
    if not wide and ((a in _AL or a == "NU") and b == "OP" or a == "CP" and (b in _AL or b == "NU")):
        return False  # LB30 (wide parentheses are classed OPW/CPW and excluded)
    return True  # LB31


def _effective(text: str, i: int) -> str:
    """Class of ``text[i]`` after LB9 (combining marks take the class of their base)."""
    j = i
    while j >= 0:
        cls = lb_class(text[j])
        if cls not in ("CM", "ZWJ"):
            if j < i and cls in ("SP", "BK", "ZW"):
                return "AL"
            return cls
        j -= 1
    return "AL"


def is_opportunity(text: str, i: int) -> bool:
    """May a line break before ``text[i]`` (0 < i < len)?"""
    a_ch, b_ch = text[i - 1], text[i]
    if b_ch.isascii() and b_ch.isalnum():  # fast paths for prose
        if a_ch == " ":
            return True  # LB18: SP / AL|NU
        if a_ch.isascii() and a_ch.isalnum():
            return False  # LB23, LB28
    a_raw = lb_class(a_ch)
    if a_raw == "ZWJ":
        return False
    b_raw = lb_class(text[i])
    b = b_raw if b_raw in ("CM", "ZWJ") else _effective(text, i)
    if a_raw == "SP":
        j = i - 1
        while j >= 0 and lb_class(text[j]) == "SP":
            j -= 1
        before_sp = _effective(text, j) if j >= 0 else None
        return _allows("SP", b, before_sp, None)
    a = _effective(text, i - 1)
    prev_of_a = _effective(text, i - 2) if i >= 2 else None
    return _allows(a, b, None, prev_of_a if a in ("HY", "BA") else None)


_allows = memo.pure(maxsize=None)(_pair_allows)


def break_opportunities(text: str, prohibited: set[int] | frozenset = frozenset()) -> list[bool]:
    """``ops[i]`` is True when a line may break before ``text[i]`` (for tests and tools)."""
    return [False] + [i not in prohibited and is_opportunity(text, i) for i in range(1, len(text))]


def text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


class _Columns(dict):
    """Code point -> "0", "1" or "2" (the columns it takes), filled on first use: a table for
    ``str.translate``, so a string's column mask is made in C, not character by character."""

    def __missing__(self, cp: int) -> str:
        mark = "012"[char_width(chr(cp))]
        self[cp] = mark
        return mark


_COLUMNS = memo.table(f"{__name__}.columns", _Columns)
_FROM_HANGUL = re.compile("[\u1100-\U0010ffff]")
_ONE_COLUMN: set[str] = memo.table(f"{__name__}.one_column", set)  # characters seen to take one column (bounded by Unicode)


def _fit(mask: str, p: int, avail: int) -> int:
    """The largest q >= p such that ``text[p:q]`` takes at most ``avail`` columns (``mask`` is
    the text's column mask); found by bisection with ``str.count``, no loop over characters."""
    n = len(mask)
    if avail < 0:
        return p

    def columns(q: int) -> int:
        return (q - p) + mask.count("2", p, q) - mask.count("0", p, q)

    lo, hi = p, min(n, p + avail + 1)
    while columns(hi) <= avail:  # zero-width characters can let more than ``avail`` fit
        if hi == n:
            return n
        lo, hi = hi, min(n, hi + avail + 1)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if columns(mid) <= avail:
            lo = mid
        else:
            hi = mid
    return lo


class _Classes(dict):
    """Code point -> one character naming its line-breaking class (:func:`lb_class`), filled on
    first use: a ``str.translate`` table, so a string's classes are found in C.  ``codes``
    and ``names`` map class names to one-character codes and back (the keys of ``_PAIRS``),
    so clearing this table clears the pairs table too."""

    def __init__(self) -> None:
        super().__init__()
        self.codes: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def clear(self) -> None:
        super().clear()
        _PAIRS.clear()  # its keys are codes given here
        self.codes.clear()
        self.names.clear()

    def __missing__(self, cp: int) -> str:
        name = lb_class(chr(cp))
        code = self.codes.get(name)
        if code is None:
            code = chr(0x41 + len(self.codes))
            self.codes[name] = code
            self.names[code] = name
        self[cp] = code
        return code


_CLASSES = memo.table(f"{__name__}.classes", _Classes)
# Classes whose answer depends on more than the pair (spaces before, combining marks, LB21a/20a
# context): for these is_opportunity does the work.
_CONTEXT_BEFORE = {"SP", "CM", "ZWJ", "HY", "BA"}
_CONTEXT_AFTER = {"CM", "ZWJ"}


class _Pairs(dict):
    """Two class codes -> may a line break between them (True/False), or None when the answer
    needs context (then :func:`is_opportunity` decides).  The table holds exactly what
    ``is_opportunity`` computes for a pair of characters that are neither spaces nor combining
    marks (``_effective`` of such a character is its own class)."""

    def __missing__(self, key: str) -> bool | None:
        a, b = _CLASSES.names[key[0]], _CLASSES.names[key[1]]
        value = None if a in _CONTEXT_BEFORE or b in _CONTEXT_AFTER else _allows(a, b, None, None)
        self[key] = value
        return value


_PAIRS = memo.table(f"{__name__}.pairs", _Pairs)


def width_breaks(text: str, width: int, start_column: int, prohibited: set[int] | frozenset = frozenset(),
                 mask: str | None = None) -> list[int]:
    """Positions where GNU's greedy fill breaks ``text`` so lines fit in ``width`` columns.

    Equivalent to libunistring's fill (a line takes every piece up to the last
    break opportunity that still fits, and at least one piece), but evaluates
    break opportunities only near line ends.  ``mask``: the text's column mask
    (:func:`column_mask`) when the caller has it.
    """
    n = len(text)
    if mask is None:
        mask = column_mask(text)
    ascii_only = not mask
    if not ascii_only:
        if n + mask.count("2") - mask.count("0") <= width - start_column:
            return []  # fits on the first line
        classes = text.translate(_CLASSES)
        pairs = _PAIRS
    elif n <= width - start_column:
        return []
    breaks: list[int] = []
    p = 0
    col = start_column
    while True:
        # x: first index whose character no longer fits on this line
        if ascii_only:
            x = p + max(width - col, 0)
            if x >= n:
                return breaks
        else:
            x = _fit(mask, p, width - col)
            if x >= n:
                return breaks
        # last opportunity in (p, x], else the first one after x
        o = x
        while o > p:
            if o < n and o not in prohibited:
                if ascii_only:
                    a, b = text[o - 1], text[o]
                    if b.isascii() and b.isalnum():  # the fast paths of is_opportunity, inline
                        if a == " ":
                            break
                        if a.isascii() and a.isalnum():
                            o -= 1
                            continue
                    if is_opportunity(text, o):
                        break
                else:
                    allowed = pairs[classes[o - 1 : o + 1]]
                    if allowed is None:
                        allowed = is_opportunity(text, o)
                    if allowed:
                        break
            o -= 1
        if o <= p:
            o = x + 1
            while o < n and not (o not in prohibited and is_opportunity(text, o)):
                o += 1
            if o >= n:
                return breaks
        if p == 0 and not breaks and o == 0:
            return breaks
        breaks.append(o)
        p = o
        col = 0


def column_mask(text: str) -> str:
    """``""`` when every character of ``text`` takes one column, else one of "0", "1", "2" per
    character (the columns it takes)."""
    if text.isascii():
        return ""
    chars = None if _FROM_HANGUL.search(text) else set(text)  # from U+1100 on: Hangul, CJK (two columns)
    if chars is not None and chars <= _ONE_COLUMN:
        return ""
    mask = text.translate(_COLUMNS)
    if "0" not in mask and "2" not in mask:  # one column each (Latin, Cyrillic, Arabic, ...)
        if chars is not None:
            _ONE_COLUMN.update(chars)
        return ""
    return mask
