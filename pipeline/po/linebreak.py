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

import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=4096)
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
    if a in ("HY", "BA") and b in _AL and prev_of_a in (None, "SP", "GL", "ZW"):
        return False  # LB20a: word-initial hyphen
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
    if a in ("SY", "IS", "CL", "CP") and b in ("PO", "PR") or a in ("SY", "IS") and b == "NU":
        return False
    if a in _AL and b in _AL:
        return False  # LB28
    # LB29 (IS x AL) is not applied: libunistring breaks after "." before letters.
    if not wide and ((a in _AL or a == "NU") and b == "OP" or a == "CP" and (b in _AL or b == "NU")):
        return False  # LB30 (wide parentheses are classed OPW/CPW and excluded)
    return True  # LB31


def break_opportunities(text: str, prohibited: set[int] | frozenset = frozenset()) -> list[bool]:
    """``ops[i]`` is True when a line may break before ``text[i]``."""
    n = len(text)
    ops = [False] * n
    classes = [lb_class(c) for c in text]
    # LB9: combining marks take the class of the base they follow.
    effective: list[str] = []
    for i, cls in enumerate(classes):
        if cls in ("CM", "ZWJ") and effective and effective[-1] not in ("SP", "BK", "ZW"):
            effective.append(effective[-1])
        else:
            effective.append("AL" if cls in ("CM", "ZWJ") else cls)
    before_sp: str | None = None
    for i in range(1, n):
        a_raw, b_raw = classes[i - 1], classes[i]
        a = effective[i - 1]
        b = b_raw if b_raw in ("CM", "ZWJ") else effective[i]
        if a_raw == "SP":
            if i - 2 < 0 or classes[i - 2] != "SP":
                before_sp = effective[i - 2] if i >= 2 else None
        prev_of_a = effective[i - 2] if i >= 2 else None
        if a_raw == "ZWJ":
            ops[i] = False
        else:
            ops[i] = i not in prohibited and _pair_allows(a if a_raw != "SP" else "SP", b, before_sp, prev_of_a)
    return ops


def width_breaks(text: str, width: int, start_column: int, prohibited: set[int] | frozenset = frozenset()) -> list[int]:
    """Positions where GNU's greedy fill breaks ``text`` so lines fit in ``width`` columns."""
    ops = break_opportunities(text, prohibited)
    breaks: list[int] = []
    last_p: int | None = None
    last_column = start_column
    piece_width = 0
    for i, ch in enumerate(text):
        if ops[i]:
            if last_p is not None and last_column + piece_width > width:
                breaks.append(last_p)
                last_column = 0
            last_p = i
            last_column += piece_width
            piece_width = 0
        piece_width += char_width(ch)
    if last_p is not None and last_column + piece_width > width:
        breaks.append(last_p)
    return breaks
