"""Format strings checked as ``msgfmt -c`` checks them (GNU gettext 0.21).

An entry flagged ``c-format``, ``python-format`` or ``python-brace-format`` (or
``possible-...``) promises that the program fills its placeholders at run time;
a translation that drops, adds or retypes one crashes the program or prints the
wrong value.  :func:`check_format` is pure: it takes the entry's flags, msgid,
msgid_plural and msgstr(s) and the catalog's ``Plural-Forms``, and returns the
problems ``msgfmt -c`` would report (empty when it would accept the entry).

The rules, as gettext applies them (``tests/test_po_formats.py`` runs ``msgfmt -c``
on every case of its table and asserts we agree):

* a msgid that is not itself a valid format string is not checked;
* a msgstr that is not a valid format string (``100%`` in C) is an error;
* a singular msgstr must use the msgid's placeholders exactly; every msgstr[i]
  of a plural entry is compared with msgid_plural, and a plural form the
  Plural-Forms rule uses for one number only (``n == 1``) may leave out
  placeholders (``"one file"``) but may not add or retype any;
* C: arguments in order (or numbered ``%2$s``), compared by type, length
  modifier included (``%d`` = ``%i``, ``%o`` = ``%x``, ``%ld`` != ``%d``);
* Python ``%``: named (``%(name)s``: the same names, each with the same type) or
  positional (same count and types in order, even in a one-number plural form);
  ``%s`` = ``%r``, ``%d`` = ``%x``;
* Python ``{}``: the same set of names (``{0}``, ``{name}``, ``{a.b}``), a format
  spec counting as part of the name as in gettext 0.21 (``{n:>5}`` != ``{n}``), and a
  conversion (``{n!r}``) making the string no format string at all, and a
  one-number plural form not compared at all, as in 0.21.

Fuzzy and untranslated entries (empty msgstr / msgstr[0]) are not checked:
``msgfmt`` does not compile them.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass

from .. import memo

#: The format flags checked, without the ``possible-`` prefix.
FORMATS = ("c-format", "python-format", "python-brace-format")


@dataclass(frozen=True)
class FormatProblem:
    """One finding: ``field`` is ``msgstr`` or ``msgstr[i]``."""

    field: str
    message: str
    format: str

    def __str__(self) -> str:
        return self.message


class _Invalid(Exception):
    pass


# -- C ------------------------------------------------------------------------------------

_C_FLAGS = "-+ #0'I"
_C_LENGTHS = ("hh", "ll", "h", "l", "L", "q", "j", "z", "t")
_C_CONV = {
    "d": "int", "i": "int", "o": "unsigned", "u": "unsigned", "x": "unsigned", "X": "unsigned",
    "e": "double", "E": "double", "f": "double", "F": "double", "g": "double", "G": "double", "a": "double", "A": "double",
    "c": "char", "C": "wchar", "s": "string", "S": "wstring", "p": "pointer", "n": "count",
}


def _c_type(length: str, conv: str) -> str:
    base = _C_CONV[conv]
    if length == "q":
        length = "ll"
    if base in ("int", "unsigned", "count"):
        return f"{length}{base}"
    if base == "double":
        return "longdouble" if length == "L" else "double"
    if base == "char":
        return "wchar" if length == "l" else "char"
    if base == "string":
        return "wstring" if length == "l" else "string"
    return base


def _c_number(s: str, i: int) -> tuple[int | None, int]:
    """``N$`` at ``i``: (N, index after it), or (None, i)."""
    j = i
    while j < len(s) and s[j].isdigit():
        j += 1
    if j > i and j < len(s) and s[j] == "$":
        n = int(s[i:j])
        if n == 0:
            raise _Invalid("argument number 0")
        return n, j + 1
    return None, i


def parse_c(s: str) -> list[str]:
    """Argument types in order (index 0 = argument 1); raises :class:`_Invalid`."""
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    i, n = 0, len(s)

    def add(num: int | None, typ: str) -> None:
        if num is None:
            if numbered:
                raise _Invalid("mixes numbered and unnumbered arguments")
            unnumbered.append(typ)
        else:
            if unnumbered:
                raise _Invalid("mixes numbered and unnumbered arguments")
            if numbered.get(num, typ) != typ:
                raise _Invalid(f"argument {num} used with two types")
            numbered[num] = typ

    while True:
        i = s.find("%", i)
        if i < 0:
            break
        i += 1
        if i >= n:
            raise _Invalid("ends in the middle of a directive")
        if s[i] == "%":
            i += 1
            continue
        num, i = _c_number(s, i)
        while i < n and s[i] in _C_FLAGS:
            i += 1
        if i < n and s[i] == "*":
            wnum, i = _c_number(s, i + 1)
            add(wnum, "int")
        else:
            while i < n and s[i].isdigit():
                i += 1
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                pnum, i = _c_number(s, i + 1)
                add(pnum, "int")
            else:
                while i < n and s[i].isdigit():
                    i += 1
        length = ""
        for cand in _C_LENGTHS:
            if s.startswith(cand, i):
                length = cand
                i += len(cand)
                break
        if i >= n:
            raise _Invalid("ends in the middle of a directive")
        conv = s[i]
        if conv == "<":  # <inttypes.h> macro: %<PRId64>
            end = s.find(">", i)
            if end < 0:
                raise _Invalid("unterminated <PRI...> macro")
            add(num, s[i + 1 : end])
            i = end + 1
            continue
        if conv in "m%":  # glibc %m (strerror(errno)) and "% %": no argument
            i += 1
            continue
        if conv not in _C_CONV:
            raise _Invalid(f"{conv!r} is not a valid conversion specifier")
        add(num, _c_type(length, conv))
        i += 1
    if numbered:
        top = max(numbered)
        missing = [k for k in range(1, top + 1) if k not in numbered]
        if missing:
            raise _Invalid(f"refers to argument number {top} but ignores argument number {missing[0]}")
        return [numbered[k] for k in range(1, top + 1)]
    return unnumbered


def _compare_positional(ref: list[str], got: list[str], strict: bool, ref_name: str, got_name: str) -> str | None:
    if (len(got) != len(ref)) if strict else (len(got) > len(ref)):
        return f"number of format specifications in '{ref_name}' and '{got_name}' does not match"
    for k, (a, b) in enumerate(zip(ref, got), 1):
        if a != b:
            return f"format specifications in '{ref_name}' and '{got_name}' for argument {k} are not the same"
    return None


# -- Python % ---------------------------------------------------------------------------------

_PY_TYPES = {
    **dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "float"), "c": "character", **dict.fromkeys("sra", "any"),
}


def parse_python(s: str) -> tuple[dict[str, str], list[str]]:
    """(named arguments -> type, positional types); raises :class:`_Invalid`."""
    named: dict[str, str] = {}
    positional: list[str] = []
    i, n = 0, len(s)
    while True:
        i = s.find("%", i)
        if i < 0:
            break
        i += 1
        if i >= n:
            raise _Invalid("ends in the middle of a directive")
        if s[i] == "%":
            i += 1
            continue
        name = None
        if s[i] == "(":
            depth, j = 1, i + 1
            while j < n and depth:
                depth += {"(": 1, ")": -1}.get(s[j], 0)
                j += 1
            if depth:
                raise _Invalid("ends in the middle of a directive")
            name, i = s[i + 1 : j - 1], j
        while i < n and s[i] in "-+ #0":
            i += 1
        stars: list[str] = []
        if i < n and s[i] == "*":
            stars.append("integer")
            i += 1
        else:
            while i < n and s[i].isdigit():
                i += 1
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                stars.append("integer")
                i += 1
            else:
                while i < n and s[i].isdigit():
                    i += 1
        while i < n and s[i] in "hlL":
            i += 1
        if i >= n:
            raise _Invalid("ends in the middle of a directive")
        conv = s[i]
        i += 1
        if conv == "%":  # "% %": a percent sign, no argument
            continue
        if conv not in _PY_TYPES:
            raise _Invalid(f"{conv!r} is not a valid conversion specifier")
        typ = _PY_TYPES[conv]
        if name is not None:
            if stars:
                raise _Invalid("'*' in a named directive")
            if positional:
                raise _Invalid("mixes named and unnamed directives")
            if named.get(name, typ) != typ:
                raise _Invalid(f"argument {name!r} used in incompatible ways")
            named[name] = typ
        else:
            if named:
                raise _Invalid("mixes named and unnamed directives")
            positional.extend(stars)
            positional.append(typ)
    return named, positional


def _compare_python(ref: tuple[dict, list], got: tuple[dict, list], strict: bool, ref_name: str, got_name: str) -> str | None:
    rn, rp = ref
    gn, gp = got
    if (rn and gp) or (rp and gn):
        kinds = ("a mapping", "a tuple")
        return (f"format specifications in '{ref_name}' expect {kinds[0] if rn else kinds[1]}, "
                f"those in '{got_name}' expect {kinds[0] if gn else kinds[1]}")
    if rn or gn:
        for name in sorted(gn):
            if name not in rn:
                return f"a format specification for argument '{name}', as in '{got_name}', doesn't exist in '{ref_name}'"
        if strict:
            for name in sorted(rn):
                if name not in gn:
                    return f"a format specification for argument '{name}' doesn't exist in '{got_name}'"
        for name in sorted(gn):
            if gn[name] != rn[name]:
                return f"format specifications in '{ref_name}' and '{got_name}' for argument '{name}' are not the same"
        return None
    return _compare_positional(rp, gp, True, ref_name, got_name)  # gettext: positional counts always equal


# -- Python {} -----------------------------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")


def _brace_field(s: str, i: int) -> int:
    """End of ``name(.attr|[key])*`` starting at ``i``."""
    m = _IDENT.match(s, i)
    if not m:
        raise _Invalid("invalid argument name")
    i = m.end()
    while i < len(s) and s[i] in ".[":
        if s[i] == ".":
            m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(s, i + 1)
            if not m:
                raise _Invalid("invalid attribute name")
            i = m.end()
        else:
            end = s.find("]", i + 1)
            if end <= i + 1:
                raise _Invalid("invalid index")
            i = end + 1
    return i


def parse_python_brace(s: str) -> set[str]:
    """Argument names (with their format spec, as gettext 0.21 records them); raises :class:`_Invalid`."""
    names: set[str] = set()
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "}":
            i += 2 if s.startswith("}}", i) else 1
            continue
        if c != "{":
            i += 1
            continue
        if s.startswith("{{", i):
            i += 2
            continue
        start = i + 1
        i = _brace_field(s, start)
        field = s[start:i]
        if i < n and s[i] == "!":  # gettext 0.21 knows no conversions: not a format string
            raise _Invalid("unterminated format directive")
        spec = None
        if i < n and s[i] == ":":
            j = i + 1
            while j < n and s[j] != "}":
                if s[j] == "{":
                    k = _brace_field(s, j + 1)
                    if k >= n or s[k] != "}":
                        raise _Invalid("unterminated format directive")
                    j = k + 1
                else:
                    j += 1
            spec, i = s[i + 1 : j], j
        if i >= n or s[i] != "}":
            raise _Invalid("unterminated format directive")
        i += 1
        names.add(field if spec is None else f"{field}:{spec}")
    return names


def _compare_brace(ref: set[str], got: set[str], strict: bool, ref_name: str, got_name: str) -> str | None:
    if not strict:  # gettext 0.21 compares names only where the form must match exactly
        return None
    for name in sorted(got - ref):
        return f"a format specification for argument '{name}' doesn't exist in '{ref_name}'"
    for name in sorted(ref - got):
        return f"a format specification for argument '{name}' doesn't exist in '{got_name}'"
    return None


_PARSERS = {
    "c-format": (parse_c, _compare_positional, "C"),
    "python-format": (parse_python, _compare_python, "Python"),
    "python-brace-format": (parse_python_brace, _compare_brace, "Python brace"),
}


# -- plural forms ----------------------------------------------------------------------------------

_DEFAULT_PLURAL = "nplurals=2; plural=(n != 1);"
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*([^;]+)")


@memo.pure(maxsize=256)
def single_number_forms(plural_forms: str | None) -> frozenset[int]:
    """Plural forms the rule selects for one number only among 0..1000 (e.g. ``n == 1``).

    ``msgfmt -c`` lets such a form leave out the number's placeholder ("one file").
    """
    text = plural_forms or _DEFAULT_PLURAL
    m_n, m_p = _NPLURALS.search(text), _PLURAL.search(text)
    if not m_n or not m_p:
        return frozenset()
    try:
        rule = gettext.c2py(m_p.group(1).strip())
    except (ValueError, SyntaxError, RecursionError):
        return frozenset()
    counts: dict[int, int] = {}
    for k in range(1001):
        try:
            form = int(rule(k))
        except (ZeroDivisionError, ValueError, OverflowError):
            continue
        counts[form] = counts.get(form, 0) + 1
    return frozenset(f for f, c in counts.items() if c == 1)


# -- the check -------------------------------------------------------------------------------------


def entry_formats(flags) -> list[str]:
    """The checked format flags of an entry (``possible-c-format`` counts as ``c-format``)."""
    out = []
    for flag in flags:
        name = flag.strip().removeprefix("possible-")
        if name in _PARSERS and name not in out and f"no-{name}" not in flags:
            out.append(name)
    return out


def check_format(flags, msgid: str, msgid_plural: str | None, msgstrs, plural_forms: str | None = None) -> list[FormatProblem]:
    """What ``msgfmt -c`` reports about this entry's format strings (one problem per msgstr at most).

    ``msgstrs`` is the msgstr (a string) or the plural forms in order (a list, or a dict
    ``{index: text}`` as polib holds them).  ``plural_forms`` is the header's value.
    """
    if isinstance(msgstrs, str):
        forms = [msgstrs]
    elif isinstance(msgstrs, dict):
        forms = [msgstrs[k] for k in sorted(msgstrs)]
    else:
        forms = list(msgstrs)
    flags = list(flags or ())
    if not forms or not forms[0] or "fuzzy" in flags:
        return []
    plural = bool(msgid_plural)
    ref_text, ref_name = (msgid_plural, "msgid_plural") if plural else (msgid, "msgid")
    single = single_number_forms(plural_forms) if plural else frozenset()
    out: list[FormatProblem] = []
    for fmt in entry_formats(flags):
        parse, compare, label = _PARSERS[fmt]
        try:
            ref = parse(ref_text)
        except _Invalid:
            continue  # msgfmt checks translations only of valid format strings
        for idx, text in enumerate(forms):
            name = f"msgstr[{idx}]" if plural else "msgstr"
            try:
                got = parse(text)
            except _Invalid as exc:
                out.append(FormatProblem(name, f"'{name}' is not a valid {label} format string, unlike '{ref_name}' ({exc})", fmt))
                continue
            problem = compare(ref, got, idx not in single, ref_name, name)
            if problem:
                out.append(FormatProblem(name, problem, fmt))
    return out
