"""``generate_po``: a polib catalog as text, byte-identical to what GNU gettext writes.

Layout follows GNU ``write-po.c``: translator comments, extracted comments,
references (filled to 79 columns), flags, previous msgid (``#|``), then the
strings, each wrapped at 79 columns with :mod:`.linebreak`; obsolete entries
last with ``#~``.  Pure: returns text, opens nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

import polib

from .. import memo
from .linebreak import column_mask, text_width, width_breaks
from .reader import gc_paused

PAGE_WIDTH = 79
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


_PORTIONS = re.compile(r"[^\n]*\n|[^\n]+")  # GNU wraps each line of a string on its own
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')


def _escape(portion: str, inside: frozenset[int] = frozenset()) -> tuple[str, set[int]]:
    """Escaped text and the positions where no break may go: inside escape sequences, and
    before the characters at ``inside`` (positions in ``portion``: format directives)."""
    if not _NEEDS_ESCAPE.search(portion):
        return portion, set(inside)
    starts = [m.start() for m in _NEEDS_ESCAPE.finditer(portion)]
    # the i-th escaped character moves i places right; no break between a backslash and its letter
    prohibited = {s + i + 1 for i, s in enumerate(starts)}
    if inside:
        prohibited.update(k + bisect_left(starts, k) for k in inside)
    for ch, escaped in _ESCAPES.items():  # "\\" first
        if ch in portion:
            portion = portion.replace(ch, escaped)
    return portion, prohibited


# -- format directives: GNU does not break inside them (write-po.c, with format-c.c/-python.c) --

_C_DIRECTIVE = re.compile(r"%(?:%|(?:\d+\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+)?)?"
                          r"(?:hh|ll|h|l|L|q|j|z|Z|t)?([diouxXcsCSeEfFgGaApnm%]|<PRI[A-Za-z0-9]+>)?)")
_PY_DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+)?)?[hlL]?([diouxXeEfFgGcrs%])?")  # no %a: gettext 0.21 does not know it


def _percent_spans(value: str, pattern: re.Pattern, named: re.Pattern) -> list[tuple[int, int]]:
    """Directive spans up to the first error, as GNU's parser leaves them: an invalid directive,
    or one that mixes named/numbered and plain arguments (``%(n)s`` then ``%d``; ``%1$s`` then ``%s``)."""
    spans = []
    kind = None
    pos = value.find("%")
    while pos >= 0:
        m = pattern.match(value, pos)
        if m is None or (m.group(1) is None and m.group(0) != "%%"):
            break  # an invalid directive: GNU's parser stops there, keeping the directives before it
        if m.group(1) not in (None, "%"):
            this = bool(named.match(m.group(0)))
            if kind is not None and this != kind:
                break
            kind = this
        spans.append((m.start(), m.end() - 1))
        pos = value.find("%", m.end())
    return spans


_PY_NAMED = re.compile(r"%\(")
_C_NUMBERED = re.compile(r"%\d+\$")


_BRACE_FIELD = re.compile(r"[A-Za-z0-9_]*(?:\[[^\]]*\])*")  # gettext 0.21 stops at an attribute ({a.b})


def _brace_spans(value: str) -> list[tuple[int, int]]:
    """``{name}`` / ``{name:spec}`` spans (nested ``{...}`` in the spec) up to the first error, as
    gettext 0.21 parses python-brace-format: a conversion (``{0!r}``) or an attribute
    (``{a.b}``) is an error there (found on the corpus: msgcat breaks ``{default.`` / ``__name__}``)."""
    spans = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch in "{}" and value[i + 1 : i + 2] == ch:
            i += 2
            continue
        if ch == "}":
            break
        if ch != "{":
            i += 1
            continue
        j = _BRACE_FIELD.match(value, i + 1).end()
        if value[j : j + 1] == ":":
            depth = 1
            while j < n and depth:
                j += 1
                depth += {"{": 1, "}": -1}.get(value[j : j + 1], 0)
            if depth:
                break
        elif value[j : j + 1] != "}":
            break
        spans.append((i, j))
        i = j + 1
    return spans


def directive_spans(value: str, formats: tuple[str, ...]) -> frozenset[int]:
    """Positions in ``value`` GNU keeps on the same line as the character before them: every
    character of a format directive but its first (``%-10s``, ``% o``, ``{0!r:>{width}}``)."""
    inside: set[int] = set()
    for fmt in formats:
        if fmt == "c-format":
            spans = _percent_spans(value, _C_DIRECTIVE, _C_NUMBERED)
        elif fmt == "python-format":
            spans = _percent_spans(value, _PY_DIRECTIVE, _PY_NAMED)
        elif fmt == "python-brace-format":
            spans = _brace_spans(value)
        else:
            continue
        for start, end in spans:
            inside.update(range(start + 1, end + 1))
    return frozenset(inside)


_CHECKED_FORMATS = ("c-format", "python-format", "python-brace-format")


def entry_formats(flags) -> tuple[str, ...]:
    """The format flags whose directives GNU keeps unbroken (``possible-`` counts, ``no-`` does not)."""
    out = []
    for flag in flags or ():
        name = flag.strip().removeprefix("possible-")
        if name in _CHECKED_FORMATS and name not in out:
            out.append(name)
    return tuple(out)


@memo.pure(maxsize=4096)  # one document's msgids at a time (bounded memory for huge catalogs)
def _wrap_cached(keyword: str, value: str, prefix: str, formats: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(_wrap(keyword, value, prefix, formats))


def wrap_string(keyword: str, value: str, prefix: str = "", formats: tuple[str, ...] = ()) -> list[str]:
    """Lines for ``keyword "value"`` as GNU gettext writes them (no trailing newlines).

    ``formats``: the entry's format flags (:func:`entry_formats`): no break inside their
    directives.  Memoised for msgids: a msgid is written into the template and every
    language's catalog (translations are not repeated, so they are not cached).
    """
    if len(value) < 60 and "\n" not in value and not _NEEDS_ESCAPE.search(value):
        line = f'{prefix}{keyword} "{value}"'
        if len(line) <= PAGE_WIDTH and value.isascii():
            return [line]
    if keyword.startswith("msgstr"):
        return _wrap(keyword, value, prefix, formats)
    return list(_wrap_cached(keyword, value, prefix, formats))


def _wrap(keyword: str, value: str, prefix: str = "", formats: tuple[str, ...] = ()) -> list[str]:
    portions = _PORTIONS.findall(value) or [""]
    inside = directive_spans(value, formats) if formats else frozenset()
    offset = 0
    lines: list[str] = []
    first = True
    after_break = len(prefix) + 1
    width = PAGE_WIDTH - 1 - after_break
    for index, portion in enumerate(portions):
        more = index < len(portions) - 1
        local = frozenset(k - offset for k in inside if offset < k < offset + len(portion)) if inside else frozenset()
        offset += len(portion)
        text, prohibited = _escape(portion, local)
        if portion.endswith("\n") and len(text) >= 2:
            prohibited.add(len(text) - 2)  # don't break just before the final "\n"
        if first and text:
            # GNU starts a string on the line after `keyword ""` when it has more lines, or when it
            # needs a break after the keyword.  Lines from column 0 are computed once: if they need
            # a break, so does the text after the keyword (it starts further right).
            startcol = len(prefix) + len(keyword) + 2 - after_break
            room = width - startcol
            if not more and (2 * len(text) <= room or len(text) <= room and text.isascii()):  # fits as it is
                lines.append(f'{prefix}{keyword} "{text}"')
                first = False
                continue
            mask = column_mask(text)
            breaks = width_breaks(text, width, 0, prohibited, mask)
            own_lines = more or startcol > width or bool(breaks)
            if not own_lines:
                own_lines = bool(width_breaks(text, width, startcol, prohibited, mask))
            if own_lines:
                lines.append(f'{prefix}{keyword} ""')
                first = False
        else:
            startcol = len(prefix) + (len(keyword) + 1 if first else 0) + 1 - after_break
            breaks = width_breaks(text, width, startcol, prohibited)
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        cuts = [0, *breaks, len(text)]
        for j in range(len(cuts) - 1):
            piece = text[cuts[j] : cuts[j + 1]]
            lines.append(f'{head if j == 0 else prefix}"{piece}"')
    return lines


def _comment_lines(marker: str, text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        out.append(f"{marker} {line}" if line else marker)
    return out


def _reference_lines(occurrences: list[tuple[str, str]], prefix: str = "#:") -> list[str]:
    """``#: a:1 b:2`` filled to the page width, as GNU does (one reference is never split)."""
    lines: list[str] = []
    current = prefix
    column = len(prefix)
    for path, line in occurrences:
        ref = f"{path}:{line}" if line not in (None, "") else path
        w = text_width(ref)
        if current != prefix and column + 1 + w > PAGE_WIDTH:
            lines.append(current)
            current, column = prefix, len(prefix)
        current += " " + ref
        column += 1 + w
    if current != prefix:
        lines.append(current)
    return lines


def _entry_lines(entry: polib.POEntry, header: bool = False) -> list[str]:
    obsolete = bool(entry.obsolete)
    p = "#~ " if obsolete else ""
    lines: list[str] = []
    if entry.tcomment:
        lines += _comment_lines("#", entry.tcomment)
    if entry.comment:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences and not obsolete:
        lines += _reference_lines(entry.occurrences)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prev = "#~| " if obsolete else "#| "
    fmts = entry_formats(entry.flags)
    if entry.previous_msgctxt is not None:
        lines += wrap_string("msgctxt", entry.previous_msgctxt, prev, fmts)
    if entry.previous_msgid is not None:
        lines += wrap_string("msgid", entry.previous_msgid, prev, fmts)
    if entry.previous_msgid_plural is not None:
        lines += wrap_string("msgid_plural", entry.previous_msgid_plural, prev, fmts)
    if entry.msgctxt is not None:
        lines += wrap_string("msgctxt", entry.msgctxt, p, fmts)
    lines += wrap_string("msgid", entry.msgid, p, fmts)
    if entry.msgid_plural:
        lines += wrap_string("msgid_plural", entry.msgid_plural, p, fmts)
        for index in sorted(entry.msgstr_plural, key=int):
            lines += wrap_string(f"msgstr[{index}]", entry.msgstr_plural[index], p, fmts)
    else:
        lines += wrap_string("msgstr", entry.msgstr or "", p, fmts)
    return lines


_CHARSET_PARAM = re.compile(r"(charset=)([^;\s]*)", re.I)


def utf8_content_type(value: str) -> str:
    """``Content-Type`` of UTF-8 output: a legacy ``charset=`` (ISO-8859-1, CP1252, ...) becomes
    UTF-8; the template placeholder ``CHARSET`` stays, as xgettext writes it."""
    def fix(m: re.Match) -> str:
        return m.group(0) if m.group(2) == "CHARSET" else m.group(1) + "UTF-8"
    return _CHARSET_PARAM.sub(fix, value)


def header_entry(po: polib.POFile) -> polib.POEntry:
    """The header as an entry.  A header read from a file and not changed since is written as
    it was, field by field (GNU keeps repeated fields, as Crowdin writes them); otherwise it is
    made from ``po.metadata``.  Either way the charset says UTF-8."""
    raw = getattr(po, "header_as_read", None)
    if raw is not None and raw[1] == po.metadata:
        value = "\n".join(utf8_content_type(line) if line.startswith("Content-Type:") else line for line in raw[0].split("\n"))
    else:
        value = "".join(f"{k}: {utf8_content_type(v) if k == 'Content-Type' else v}\n" for k, v in po.metadata.items())
    return polib.POEntry(
        msgid="",
        msgstr=value,
        tcomment=po.header or "",
        flags=["fuzzy"] if po.metadata_is_fuzzy else [],
    )


def _entries_to_write(po: polib.POFile) -> Iterator[polib.POEntry]:
    """Live entries (the header aside) in order, then the obsolete ones GNU would keep: with a
    translation (msgcat drops the others), and never a second definition of a msgctxt+msgid
    (``msgfmt -c`` rejects the file)."""
    seen: set[tuple[str | None, str]] = set()
    for entry in po:
        if not entry.obsolete and not (entry.msgid == "" and entry.msgctxt is None):
            seen.add((entry.msgctxt, entry.msgid))
            yield entry
    for entry in po:
        if not entry.obsolete or not (entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr):
            continue
        key = (entry.msgctxt, entry.msgid)
        if key not in seen:
            seen.add(key)
            yield entry


def iter_po(po: polib.POFile) -> Iterator[str]:
    """The catalog as PO text, one entry (with its blank line) at a time: a big catalog is
    written without holding all of its text twice."""
    first = True
    if po.metadata or po.header:
        yield "\n".join(_entry_lines(header_entry(po), header=True)) + "\n"
        first = False
    for entry in _entries_to_write(po):
        block = "\n".join(_entry_lines(entry)) + "\n"
        yield block if first else "\n" + block
        first = False


def generate_po(po: polib.POFile) -> str:
    """The whole catalog as PO text, always declaring UTF-8 (the caller encodes it so).

    Obsolete entries whose msgctxt+msgid is also live (or obsolete earlier) are left out:
    GNU ``msgfmt -c`` rejects such a file as a duplicate definition; so are obsolete
    entries without a translation (``msgcat`` drops them).
    """
    with gc_paused():
        return "".join(iter_po(po))


def encode_po(po: polib.POFile) -> bytes:
    """:func:`generate_po` as UTF-8 bytes, encoded entry by entry (no second copy of the text)."""
    with gc_paused():
        return b"".join(block.encode("utf-8") for block in iter_po(po))
