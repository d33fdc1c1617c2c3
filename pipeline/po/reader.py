"""Strict PO reading: bytes -> text -> polib catalog, every error with its line.

polib's own parser is lenient (an unterminated string is accepted silently), so
Polyleaf lexes PO text itself, keeps what polib keeps, and builds polib objects.
What it accepts is what GNU ``msgfmt`` accepts (its ``po-lex.c``): every escape
``msgfmt`` knows (``\\n \\t \\r \\a \\b \\f \\v \\\\ \\"``, octal ``\\ooo`` and hex
``\\xHH`` as bytes in the file's charset), several strings on one line, a keyword
with its string on the next line, CRLF line ends (read as LF, with a notice).
Legacy catalogs (ISO-8859-1, CP1252, Shift-JIS/CP932, BIG5, GBK, ...) are decoded
by their declared charset; the caller rewrites them as UTF-8.

Reading is one pass over the lines, linear in the size of the file: strings are
collected as lists of pieces and joined once per entry.

Duplicates (same msgctxt and msgid): two live entries are an error (``msgfmt``
rejects them and Polyleaf cannot know which translation is right); a live and an
obsolete one: the live one wins and the obsolete one is dropped with a notice naming
both lines; two obsolete ones: the first is kept, likewise with a notice.  So no
catalog Polyleaf read can be written back with a duplicate ``msgfmt -c`` rejects.
"""

from __future__ import annotations

import codecs
import dataclasses
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..errors import CatalogError, format_location

_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*charset=([A-Za-z0-9_.:\-]+)', re.M)
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=[\s\"]|$)")
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([n0-9\s()?:<>=!&|%+\-*/]+?)\s*;?\s*$")

#: Charsets Polyleaf reads; anything else Python knows is tried, the rest refused.
CHARSETS = {
    "utf-8": "utf-8", "utf8": "utf-8", "charset": "utf-8", "ascii": "ascii", "us-ascii": "ascii",
    "iso-8859-1": "latin-1", "iso8859-1": "latin-1", "latin1": "latin-1", "latin-1": "latin-1",
    "iso-8859-2": "iso8859-2", "iso-8859-15": "iso8859-15", "cp1252": "cp1252", "windows-1252": "cp1252",
    "cp1250": "cp1250", "windows-1250": "cp1250", "cp1251": "cp1251", "windows-1251": "cp1251",
    "koi8-r": "koi8-r", "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "cp932": "cp932",
    "big5": "big5", "big5-hkscs": "big5hkscs", "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030",
    "cp936": "gbk", "euc-jp": "euc-jp", "euc-kr": "euc-kr", "cp949": "cp949",
}


@dataclass(frozen=True)
class Notice:
    """Something the reader changed or dropped, worth telling the user (not an error)."""

    path: str
    line: int | None
    message: str
    kind: str = ""  # "line-ends" or "duplicate"

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # as declared (lower case), "utf-8" when none
    legacy: bool  # not UTF-8/ASCII: rewrite as UTF-8 and say so
    codec: str = "utf-8"  # the Python codec used (octal/hex escapes are bytes in it)
    notices: tuple[Notice, ...] = ()


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_po(data: bytes, path: str) -> Decoded:
    """Bytes of a PO file to text; a clear error naming the line for anything suspicious.

    CRLF line ends (Windows editors) and CR alone (old Mac) are read as LF with a notice,
    as GNU gettext accepts them; the caller writes LF.
    """
    if not data.strip():
        raise CatalogError("empty file: not a PO catalog (a catalog has at least a header entry)", path, 1)
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError("starts with a byte-order mark, which GNU gettext rejects; save it as UTF-8 without BOM", path, 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogError("NUL byte in catalog (is this a binary .mo or UTF-16 file?)", path, _line_at(data, nul))
    notices: list[Notice] = []
    if b"\r" in data:
        first = data.index(b"\r")
        if b"\n" not in data:  # old Mac line ends: CR alone
            data = data.replace(b"\r", b"\n")
            notices.append(Notice(path, 1, "old Mac (CR) line ends read as LF; the catalog is written back with LF", "line-ends"))
        elif b"\r\n" in data:
            data = data.replace(b"\r\n", b"\n")
            notices.append(Notice(path, _line_at(data, first), "Windows (CRLF) line ends read as LF; the catalog is written back with LF",
                                  "line-ends"))
    m = _CHARSET.search(data)
    declared = m.group(1).decode("ascii").lower() if m else "utf-8"
    codec = CHARSETS.get(declared)
    if codec is None:
        try:
            codecs.lookup(declared)
        except LookupError:
            raise CatalogError(
                f"unknown charset {declared!r} in Content-Type (use UTF-8)", path, _line_at(data, m.start()) if m else 1
            ) from None
        codec = declared
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"bytes do not match the declared charset {declared!r} (byte 0x{data[exc.start]:02x}); "
            "fix the Content-Type charset or re-save the file in that encoding",
            path,
            _line_at(data, exc.start),
        ) from None
    return Decoded(text=text, charset=declared, legacy=codec not in ("utf-8", "ascii"), codec=codec, notices=tuple(notices))


# -- strings ----------------------------------------------------------------------------------

_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_STRING = re.compile(r'[ \t\f\v]*"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r'\\(?:([ntr\\"abfv])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.|$))', re.S)


_INVALID = re.compile(r'\\(?:[ntr\\"abfv0-7]|x(?=[0-9A-Fa-f]))|\\(.?)', re.S)


class _NeedBytes(Exception):
    pass


def _simple_escape(m: re.Match) -> str:
    simple, octal, hexa, _ = m.groups()
    if simple:
        return _SIMPLE[simple]
    value = (int(octal, 8) if octal else int(hexa, 16)) & 0xFF
    if value >= 0x80:
        raise _NeedBytes
    return chr(value)


def _check_escapes(body: str, path: str, lineno: int) -> None:
    """Refuse any backslash sequence msgfmt refuses ("invalid control sequence")."""
    for m in _INVALID.finditer(body):
        bad = m.group(1)
        if bad is None:
            continue
        shown = f"\\{bad}" if bad else "\\ at the end of the string"
        if bad == "x":
            shown = "\\x without hex digits"
        raise CatalogError(f"invalid escape sequence {shown} in string (msgfmt knows \\n \\t \\r \\a \\b \\f \\v \\\\ \\\" "
                           "\\ooo \\xHH)", path, lineno)


def _bytes(body: str, codec: str) -> bytes:
    """A checked string body as the bytes msgfmt stores (octal/hex escapes are raw bytes)."""
    out = bytearray()
    pos = 0
    for m in _ESCAPE.finditer(body):
        out += body[pos : m.start()].encode(codec)
        pos = m.end()
        simple, octal, hexa, _ = m.groups()
        if simple:
            out += _SIMPLE[simple].encode(codec)
        else:
            out.append((int(octal, 8) if octal else int(hexa, 16)) & 0xFF)
    out += body[pos:].encode(codec)
    return bytes(out)


def _value(pieces: list[str], codec: str) -> tuple[str, bool]:
    """The value of a string given as checked pieces (one per quoted string, still escaped), and
    whether octal/hex escapes made bytes that are not valid in ``codec`` (shown as U+FFFD).

    Each piece is unescaped on its own (an escape never runs into the next string; a ``\\0``
    ends its piece, as msgfmt keeps each quoted string as a C string), and octal/hex bytes of
    one character may be split over pieces (``"\\303"`` ``"\\251"``)."""
    joined = "".join(pieces)
    if "\\" not in joined:
        return joined, False
    try:
        return "".join(_ESCAPE.sub(_simple_escape, p).split("\0", 1)[0] if "\\" in p else p for p in pieces), False
    except _NeedBytes:
        data = b"".join(_bytes(p, codec).split(b"\0", 1)[0] for p in pieces)
    try:
        return data.decode(codec), False
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), True


def unescape(body: str, path: str = "<string>", lineno: int = 0, codec: str = "utf-8") -> str:
    """The value of a PO string's body (between the quotes), as ``msgfmt`` reads it.

    Octal and hex escapes are bytes of the catalog's charset (``"\\303\\251"`` is "é" in a
    UTF-8 catalog; bytes that are not valid there become U+FFFD); any other backslash
    sequence is an error, as in ``msgfmt``.
    """
    if "\\" in body:
        _check_escapes(body, path, lineno)
    return _value([body], codec)[0]


def _strings(rest: str, path: str, lineno: int, codec: str) -> list[str]:
    """The quoted strings on the rest of a line (GNU allows several: ``"a" "b"``), checked but
    still escaped: they are unescaped when the entry ends (:func:`_value`)."""
    rest = rest.strip()
    if not rest:
        return []
    if rest[0] == '"' and rest[-1] == '"' and len(rest) > 1 and "\\" not in rest and rest.count('"') == 2:
        return [rest[1:-1]]
    pieces = []
    pos = 0
    n = len(rest)
    while pos < n:
        m = _STRING.match(rest, pos)
        if m is None:
            tail = rest[pos:].strip()
            if tail.startswith("#"):
                break  # a comment after the string: msgfmt ignores it
            if tail.startswith('"'):
                raise CatalogError("unterminated string (missing closing quote)", path, lineno)
            if not pieces:
                raise CatalogError(f"expected a quoted string, found {tail[:30]!r}", path, lineno)
            raise CatalogError(f"unexpected text after the closing quote: {tail[:30]!r}", path, lineno)
        body = m.group(1)
        if "\\" in body:
            _check_escapes(body, path, lineno)
        pieces.append(body)
        pos = m.end()
        while pos < n and rest[pos] in " \t\f\v":
            pos += 1
    return pieces


# -- entries ----------------------------------------------------------------------------------


class _Entry:
    """An entry being read: strings are lists of pieces, joined when the entry ends."""

    __slots__ = ("tcomment", "comment", "occurrences", "flags", "prev", "fields", "line", "obsolete", "last")

    def __init__(self) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.prev: dict[str, list[str]] = {}
        self.fields: dict[str, list[str]] = {}
        self.line = 0
        self.obsolete = False
        self.last: list[str] | None = None  # the pieces a continuation line extends



@dataclass
class _Reader:
    """One pass over the lines; each kind of line has its handler."""

    path: str
    codec: str
    emit: Callable[[_Entry], None]
    cur: _Entry = field(default_factory=_Entry)
    lineno: int = 0

    def error(self, message: str, line: int | None = None) -> CatalogError:
        return CatalogError(message, self.path, line or self.lineno)

    # an entry ends at the next comment or msgctxt/msgid after its strings, or at the end

    def finish(self) -> None:
        cur = self.cur
        if cur.fields:
            if "msgid" not in cur.fields:
                raise self.error("entry has no msgid", cur.line)
            if "msgstr" not in cur.fields and not any(k.startswith("msgstr[") for k in cur.fields):
                raise self.error("entry has a msgid but no msgstr", cur.line)
            self.check_strings()
            self.emit(cur)
            self.cur = _Entry()
        elif cur.prev:
            raise self.error("previous-msgid comment (#|) without an entry after it")

    def line(self, line: str) -> None:
        first = line[:1]
        if first == "#":
            if line.startswith("#~"):
                self.obsolete_line(line)
            else:
                self.comment(line)
        elif first == '"':
            self.continuation(line)
        elif first == "m":
            self.keyword(line, False)
        else:
            stripped = line.strip()
            if not stripped:
                return
            if stripped != line:
                self.line(stripped)
                return
            word = stripped.split()[0]
            raise self.error(f"syntax error: unexpected {word[:30]!r} (expected a comment, msgid, msgstr or a quoted string)")

    def obsolete_line(self, line: str) -> None:
        body = line[2:].lstrip(" \t")
        if not body:
            return
        if body[0] == "|":
            self.previous(body[1:].strip(), obsolete=True)
        elif body[0] == '"':
            self.continuation(body)
        elif body[0] == "#":
            self.comment(body)
        else:
            self.keyword(body, True)

    def comment(self, line: str) -> None:
        kind = line[1:2]
        if self.cur.fields and (kind != "|" or "msgid" in self.cur.fields):
            self.finish()
        cur = self.cur
        if kind == ".":
            cur.comment.append(line[3:] if line.startswith("#. ") else line[2:])
        elif kind == ":":
            self.references(line[2:])
        elif kind == ",":
            cur.flags.extend(f for f in (f.strip() for f in line[2:].split(",")) if f)
        elif kind == "|":
            self.previous(line[2:].strip(), obsolete=False)
        else:
            cur.tcomment.append(line[2:] if line.startswith("# ") else line[1:])

    def references(self, content: str) -> None:
        occ = self.cur.occurrences
        for ref in content.split():
            p, sep, n = ref.rpartition(":")
            if sep and n.isdigit():
                occ.append((p, n))
            else:
                occ.append((ref, ""))

    def previous(self, content: str, obsolete: bool) -> None:
        cur = self.cur
        if cur.fields and "msgid" in cur.fields:
            self.finish()
            cur = self.cur
        m = _KEYWORD.match(content)
        if m:
            pieces = _strings(content[m.end():], self.path, self.lineno, self.codec)
            cur.prev[m.group(1)] = pieces
            cur.last = pieces
        elif content.startswith('"') and cur.last is not None and not cur.fields and cur.prev:
            cur.last.extend(_strings(content, self.path, self.lineno, self.codec))
        else:
            raise self.error(f"cannot read previous-msgid line: {content[:40]!r}")

    def keyword(self, line: str, obsolete: bool) -> None:
        m = _KEYWORD.match(line)
        if m is None:
            word = line.split()[0] if line.split() else line
            raise self.error(f"syntax error: unexpected {word[:30]!r} (expected a comment, msgid, msgstr or a quoted string)")
        key = m.group(1)
        self.check_order(key)
        cur = self.cur
        if key in ("msgctxt", "msgid") and not cur.line:
            cur.line = self.lineno
        pieces = _strings(line[m.end():], self.path, self.lineno, self.codec)
        cur.fields[key] = pieces
        cur.last = pieces
        if obsolete:
            cur.obsolete = True

    def check_strings(self) -> None:
        """The keyword before has at least one quoted string (on its line or after it)."""
        fields = self.cur.fields
        if fields:
            key = next(reversed(fields))
            if not fields[key]:
                raise self.error(f"{key} without a quoted string after it")

    def check_order(self, key: str) -> None:
        self.check_strings()
        fields = self.cur.fields
        if (key == "msgctxt" and fields) or (key == "msgid" and any(k != "msgctxt" for k in fields)):
            self.finish()
            fields = self.cur.fields
        if key == "msgctxt" or key == "msgid":
            return
        if "msgid" not in fields:
            raise self.error(f"{key} without msgid before it")
        if key in fields:
            if key.startswith("msgstr"):
                raise self.error(f"{key} without msgid before it (or given twice)")
            raise self.error(f"{key} given twice in one entry")
        if key == "msgstr" and "msgid_plural" in fields:
            raise self.error("entry with msgid_plural needs msgstr[0], msgstr[1], ... not msgstr")
        if key == "msgstr" and any(k.startswith("msgstr[") for k in fields):
            raise self.error("msgstr after msgstr[N] in one entry")
        if key.startswith("msgstr[") and "msgid_plural" not in fields:
            raise self.error(f"{key} in an entry without msgid_plural")

    def continuation(self, line: str) -> None:
        cur = self.cur
        if cur.last is None or not cur.fields or cur.last is not cur.fields.get(next(reversed(cur.fields))):
            raise self.error("string continuation line without a keyword before it")
        end = len(line.rstrip())
        if line[end - 1 : end] == '"' and end > 1 and "\\" not in line and line.count('"', 0, end) == 2:
            cur.last.append(line[1 : end - 1])
        else:
            cur.last.extend(_strings(line, self.path, self.lineno, self.codec))


def _blocks(text: str, size: int = 1 << 20) -> Iterator[list[str]]:
    """The lines of ``text`` (without their ends), about ``size`` characters of them at a time:
    split in C, without a list of every line of a big catalog.  A block never ends after a line
    ending in a backslash (it may continue a string on the next line, as in ``msgfmt``)."""
    pos = 0
    n = len(text)
    while pos < n:
        cut = text.find("\n", pos + size) if pos + size < n else -1
        while cut > 0 and text[cut - 1] == "\\":
            cut = text.find("\n", cut + 1)
        if cut < 0:
            block, pos = text[pos:], n
        else:
            block, pos = text[pos : cut + 1], cut + 1
        lines = block.split("\n")
        if block.endswith("\n"):
            lines.pop()
        yield lines


def _open_string(line: str) -> bool:
    """Does ``line`` end inside a quoted string, with an escaping backslash?"""
    inside = False
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == '"':
            inside = not inside
        elif ch == "\\" and inside:
            if i == n - 1:
                return True
            i += 1
        elif ch == "#" and not inside:
            return False
        i += 1
    return False


@contextmanager
def gc_paused() -> Iterator[None]:
    """CPython's cyclic collector paused (reference counting still frees everything): reading or
    writing a big catalog makes millions of objects and no cycles, and each full collection
    re-walks all of them (about 12% of the time of a 50 MB catalog).  Nests; restores the state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_po(text: str, path: str = "<string>", codec: str = "utf-8",
             problems: list[CatalogError] | None = None) -> polib.POFile:
    """Parse PO text strictly into a polib ``POFile`` (entries carry ``linenum``).

    ``po.notices`` lists what was dropped or changed (duplicate obsolete entries).
    Comments after the last entry belong to no entry and are dropped, as ``msgcat`` does.
    With ``problems`` (a list), errors that leave the file readable (two live entries with
    the same msgid, plural forms that disagree with the header) are appended there, the
    later duplicate left out, instead of raised: ``polyleaf po check`` reports them all.
    """
    with gc_paused():
        return _parse(text, path, codec, problems)


def _parse(text: str, path: str, codec: str, problems: list[CatalogError] | None) -> polib.POFile:
    catalog = _Catalog(path, codec, problems)
    reader = _Reader(path, codec, catalog.add)
    last = lineno = 0
    handle, continuation = reader.line, reader.continuation
    for lines in _blocks(text):
        i, count = 0, len(lines)
        while i < count:
            line = lines[i]
            i += 1
            lineno += 1
            reader.lineno = last = lineno
            if line[:1] == '"' and not line.endswith("\\"):
                continuation(line)  # the commonest line, dispatched here (what reader.line does)
                continue
            if line.endswith("\\") and _open_string(line):
                # a backslash at the end of a line inside an open string continues it on the next line
                while line.endswith("\\") and _open_string(line) and i < count:
                    line = line[:-1] + lines[i]
                    i += 1
                    lineno += 1
            handle(line)
    reader.lineno = last + 1
    reader.finish()
    return catalog.done(text)


class _Catalog:
    """Turns finished entries into polib objects as they come (their pieces are freed at
    once) and applies the duplicates policy."""

    def __init__(self, path: str, codec: str = "utf-8", problems: list[CatalogError] | None = None):
        self.path = path
        self.codec = codec
        self.problems = problems
        self.po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
        self.po.encoding = "utf-8"
        self.notices: list[Notice] = []
        self.live: dict[tuple[str | None, str], int] = {}
        self.dead: dict[tuple[str | None, str], int] = {}
        self.header_done = False

    def text(self, e: _Entry, pieces: list[str] | None) -> str | None:
        """A field's value (None when the entry has no such field)."""
        if pieces is None:
            return None
        value, replaced = _value(pieces, self.codec)
        if replaced:
            self.notices.append(Notice(self.path, e.line, f"octal/hex escapes in a string are not valid {self.codec} bytes; "
                                                          "shown as U+FFFD (msgfmt copies the bytes as they are)", "bytes"))
        return value

    def add(self, e: _Entry) -> None:
        msgid = self.text(e, e.fields.get("msgid")) or ""
        msgctxt = self.text(e, e.fields.get("msgctxt"))
        if msgid == "" and msgctxt is None and not e.obsolete:
            if self.header_done:
                raise CatalogError("a second header entry (msgid \"\")", self.path, e.line)
            self.header_done = True
            raw = self.text(e, e.fields.get("msgstr")) or ""
            _header(self.po, e, raw, self.path)
            self.po.header_line = e.line  # type: ignore[attr-defined]
            self.po.header_as_read = (raw, dict(self.po.metadata))  # type: ignore[attr-defined]
            return
        key = (msgctxt, msgid)
        if not e.obsolete:
            if key in self.live:
                what = "msgid and msgctxt" if msgctxt is not None else "msgid"
                error = CatalogError(f"duplicate entry: this {what} is already defined at line {self.live[key]}", self.path, e.line)
                if self.problems is None:
                    raise error
                self.problems.append(error)
                return
            self.live[key] = e.line
        elif key in self.dead:
            self.notices.append(Notice(self.path, e.line, f"obsolete entry dropped: the obsolete entry at line {self.dead[key]} "
                                                          "has the same msgid (the first one is kept)", "duplicate"))
            return
        else:
            self.dead[key] = e.line
        self.po.append(self.poentry(e, msgid, msgctxt))

    def poentry(self, e: _Entry, msgid: str, msgctxt: str | None) -> polib.POEntry:
        plural = {int(k[7:-1]): self.text(e, v) for k, v in e.fields.items() if k.startswith("msgstr[")}
        prev = {k: self.text(e, v) for k, v in e.prev.items()}
        return polib.POEntry(
            msgid=msgid,
            msgstr=self.text(e, e.fields.get("msgstr")) or "",
            msgid_plural=self.text(e, e.fields.get("msgid_plural")) or "",
            msgstr_plural=plural,
            msgctxt=msgctxt,
            occurrences=e.occurrences,
            comment="\n".join(e.comment),
            tcomment="\n".join(e.tcomment),
            flags=e.flags,
            previous_msgctxt=prev.get("msgctxt"),
            previous_msgid=prev.get("msgid"),
            previous_msgid_plural=prev.get("msgid_plural"),
            obsolete=e.obsolete,
            linenum=e.line,
        )

    def done(self, text: str) -> polib.POFile:
        po = self.po
        clash = [key for key in self.dead if key in self.live]
        if clash:
            for key in clash:
                self.notices.append(Notice(self.path, self.dead[key], f"obsolete entry dropped: the live entry at line "
                                                                      f"{self.live[key]} has the same msgid (the live one wins)", "duplicate"))
            drop = set(clash)
            po[:] = [e for e in po if not (e.obsolete and (e.msgctxt, e.msgid) in drop)]
            self.notices.sort(key=lambda n: n.line or 0)
        _check_plurals(po, self.path, text, self.problems)
        po.notices = self.notices  # type: ignore[attr-defined]
        return po


def _header(po: polib.POFile, e: _Entry, value: str, path: str) -> None:
    po.header = "\n".join(e.tcomment)
    po.metadata_is_fuzzy = "fuzzy" in e.flags
    for raw in value.split("\n"):
        if not raw.strip():
            continue
        if ":" not in raw:
            raise CatalogError(f"malformed header line {raw[:40]!r} (expected 'Name: value')", path, e.line)
        k, _, v = raw.partition(":")
        po.metadata[k.strip()] = v.strip()


def _header_line(text: str, name: str) -> int:
    needle = f'"{name}:'
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else 1


def _check_plurals(po: polib.POFile, path: str, text: str, problems: list[CatalogError] | None = None) -> None:
    try:
        _check_plural_forms(po, path, text, problems)
    except CatalogError as error:
        if problems is None:
            raise
        problems.append(error)


def _check_plural_forms(po: polib.POFile, path: str, text: str, problems: list[CatalogError] | None) -> None:
    forms = po.metadata.get("Plural-Forms")
    nplurals = None
    if forms is not None:
        m = _PLURAL_FORMS.match(forms)
        if not m or m.group(2).count("(") != m.group(2).count(")"):
            raise CatalogError(
                f"bad Plural-Forms {forms!r}: expected e.g. 'nplurals=2; plural=(n != 1);'", path, _header_line(text, "Plural-Forms")
            )
        nplurals = int(m.group(1))
        if not 1 <= nplurals <= 6:
            raise CatalogError(f"bad Plural-Forms: nplurals={nplurals} is out of range 1..6", path, _header_line(text, "Plural-Forms"))
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            got = sorted(entry.msgstr_plural)
            error = None
            if got != list(range(len(got))):
                error = CatalogError(f"plural forms must be msgstr[0]..msgstr[N-1], found {got}", path, entry.linenum)
            elif nplurals is not None and len(got) != nplurals:
                error = CatalogError(
                    f"plural entry has {len(got)} msgstr forms but the header's Plural-Forms says nplurals={nplurals}", path, entry.linenum
                )
            if error is not None:
                if problems is None:
                    raise error
                problems.append(error)


def read_po(file: str | Path, display: str | None = None,
            problems: list[CatalogError] | None = None) -> tuple[polib.POFile, Decoded]:
    """Read and parse a PO/POT file; errors name ``display`` (default: the path as given).

    ``po.notices`` lists what the reader changed (CRLF line ends, dropped duplicate
    obsolete entries), each naming its line.
    """
    name = display or str(file)
    try:
        data = Path(file).read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such catalog", name) from None
    except IsADirectoryError:
        raise CatalogError("is a folder, not a catalog", name) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", name) from None
    decoded = decode_po(data, name)
    del data
    po = parse_po(decoded.text, name, decoded.codec, problems)
    po.notices = [*decoded.notices, *po.notices]  # type: ignore[attr-defined]
    po.fpath = str(file)
    return po, dataclasses.replace(decoded, text="")  # the text is not kept: a big catalog is not held twice
