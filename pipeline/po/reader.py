"""Strict PO reading: bytes -> text -> polib catalog, every error with its line.

polib's own parser is lenient (an unterminated string is accepted silently), so
Polyleaf lexes PO text itself, keeps what polib keeps, and builds polib objects.
Legacy catalogs (ISO-8859-1, CP1252, Shift-JIS/CP932, BIG5, GBK, ...) are decoded
by their declared charset; the caller rewrites them as UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import polib

from ..errors import CatalogError

_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*charset=([A-Za-z0-9_.:\-]+)', re.M)
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)\s*(\".*)$")
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([n0-9\s()?:<>=!&|%+\-*/]+?)\s*;?\s*$")

#: Charsets Polyleaf reads; anything else is refused with the list.
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
class Decoded:
    text: str
    charset: str  # as declared (lower case), "utf-8" when none
    legacy: bool  # not UTF-8/ASCII: rewrite as UTF-8 and say so


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode_po(data: bytes, path: str) -> Decoded:
    """Bytes of a PO file to text; a clear error naming the line for anything suspicious."""
    if not data.strip():
        raise CatalogError("empty file: not a PO catalog (a catalog has at least a header entry)", path, 1)
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError("starts with a byte-order mark, which GNU gettext rejects; save it as UTF-8 without BOM", path, 1)
    if b"\x00" in data:
        raise CatalogError("NUL byte in catalog (is this a binary .mo or UTF-16 file?)", path, _line_at(data, data.index(b"\x00")))
    if b"\r" in data:
        raise CatalogError("Windows (CRLF) or old Mac (CR) line ends; GNU gettext needs LF line ends (save with Unix line ends)", path, _line_at(data, data.index(b"\r")))
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
    return Decoded(text=text, charset=declared, legacy=codec not in ("utf-8", "ascii"))


_SIMPLE_STRING = re.compile(r'^"([^"\\]*)"\s*$')
_ESCAPED_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPE_SEQ = re.compile(r"\\([ntr\\\"abfv]|[0-7]{1,3}|x[0-9A-Fa-f]+)")


def _unescape_one(m: re.Match) -> str:
    code = m.group(1)
    if code in _UNESCAPE:
        return _UNESCAPE[code]
    if code[0] == "x":
        return chr(int(code[1:], 16))
    return chr(int(code, 8))


def _unquote(raw: str, path: str, lineno: int) -> str:
    m = _SIMPLE_STRING.match(raw)
    if m:
        return m.group(1)
    m = _ESCAPED_STRING.match(raw)
    if m:
        body = m.group(1)
        bad = re.search(r"\\(?![ntr\\\"abfv0-7]|x[0-9A-Fa-f])(.?)", body)
        if bad:
            raise CatalogError(f"invalid escape sequence \\{bad.group(1)} in string", path, lineno)
        return _ESCAPE_SEQ.sub(_unescape_one, body)
    return _unquote_slow(raw, path, lineno)


def _unquote_slow(raw: str, path: str, lineno: int) -> str:
    raw = raw.rstrip()
    if len(raw) < 2 or not raw.startswith('"'):
        raise CatalogError(f"expected a quoted string, found {raw[:30]!r}", path, lineno)
    out: list[str] = []
    i = 1
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = raw[i + 1]
            if nxt in _UNESCAPE:
                out.append(_UNESCAPE[nxt])
                i += 2
            elif nxt in "01234567":
                m = re.match(r"[0-7]{1,3}", raw[i + 1 :])
                out.append(chr(int(m.group(0), 8)))
                i += 1 + len(m.group(0))
            elif nxt == "x":
                m = re.match(r"[0-9A-Fa-f]+", raw[i + 2 :])
                if not m:
                    raise CatalogError("invalid \\x escape in string", path, lineno)
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
            else:
                raise CatalogError(f"invalid escape sequence \\{nxt} in string", path, lineno)
        elif ch == '"':
            rest = raw[i + 1 :].strip()
            if rest:
                raise CatalogError(f"unexpected text after the closing quote: {rest[:30]!r}", path, lineno)
            return "".join(out)
        else:
            out.append(ch)
            i += 1
    raise CatalogError("unterminated string (missing closing quote)", path, lineno)


class _Entry:
    __slots__ = ("tcomment", "comment", "occurrences", "flags", "prev", "fields", "order", "line", "obsolete", "last")

    def __init__(self) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.prev: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.order: list[str] = []
        self.line = 0
        self.obsolete = False
        self.last: tuple[dict, str] | None = None

    @property
    def has_strings(self) -> bool:
        return bool(self.fields)

    @property
    def has_anything(self) -> bool:
        return bool(self.fields or self.tcomment or self.comment or self.occurrences or self.flags or self.prev)


def parse_po(text: str, path: str = "<string>") -> polib.POFile:
    """Parse PO text strictly into a polib ``POFile`` (entries carry ``linenum``)."""
    entries: list[_Entry] = []
    cur = _Entry()

    def finish(lineno: int) -> None:
        nonlocal cur
        if cur.has_strings:
            if "msgid" not in cur.fields:
                raise CatalogError("entry has no msgid", path, cur.line or lineno)
            if "msgstr" not in cur.fields and not any(k.startswith("msgstr[") for k in cur.fields):
                raise CatalogError("entry has a msgid but no msgstr", path, cur.line)
            entries.append(cur)
            cur = _Entry()
        elif cur.prev and not cur.fields:
            raise CatalogError("previous-msgid comment (#|) without an entry after it", path, lineno)

    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        obsolete = False
        body = line
        if stripped.startswith("#~"):
            obsolete = True
            body = stripped[2:].lstrip(" ")
            if body.startswith("|"):
                body = "#" + body
            elif not body:
                continue
        elif stripped.startswith("#"):
            body = stripped
        else:
            body = stripped
        if body.startswith("#"):
            kind = body[1:2]
            content = body[2:].strip() if kind in (".", ":", ",", "|") else body[1:]
            if cur.has_strings and (kind != "|" or not cur.fields.get("msgid") is None):
                finish(lineno)
            if kind == ".":
                cur.comment.append(body[3:] if body.startswith("#. ") else body[2:])
            elif kind == ":":
                for ref in content.split():
                    if ":" in ref and ref.rsplit(":", 1)[1].isdigit():
                        p, _, n = ref.rpartition(":")
                        cur.occurrences.append((p, n))
                    else:
                        cur.occurrences.append((ref, ""))
            elif kind == ",":
                cur.flags.extend(f.strip() for f in content.split(",") if f.strip())
            elif kind == "|":
                m = _KEYWORD.match(content)
                if m:
                    key = m.group(1)
                    cur.prev[key] = _unquote(m.group(3), path, lineno)
                    cur.last = (cur.prev, key)
                elif content.startswith('"') and cur.last and cur.last[0] is cur.prev:
                    cur.prev[cur.last[1]] += _unquote(content, path, lineno)
                else:
                    raise CatalogError(f"cannot read previous-msgid line: {content[:40]!r}", path, lineno)
            else:
                cur.tcomment.append(body[2:] if body.startswith("# ") else body[1:])
            continue
        m = _KEYWORD.match(body)
        if m:
            key = m.group(1)
            if (key == "msgctxt" and cur.fields) or (key == "msgid" and set(cur.fields) - {"msgctxt"}):
                finish(lineno)
            if key in ("msgstr", "msgstr[0]") and ("msgstr" in cur.fields or "msgstr[0]" in cur.fields):
                raise CatalogError(f"{key} without msgid before it", path, lineno)
            if key == "msgstr" and "msgstr" in cur.fields:
                raise CatalogError("msgstr without msgid before it (or given twice)", path, lineno)
            if key == "msgid_plural" and "msgid" not in cur.fields:
                raise CatalogError("msgid_plural without msgid before it", path, lineno)
            if key.startswith("msgstr") and "msgid" not in cur.fields:
                raise CatalogError(f"{key} without msgid before it", path, lineno)
            if key == "msgstr" and "msgid_plural" in cur.fields:
                raise CatalogError("entry with msgid_plural needs msgstr[0], msgstr[1], ... not msgstr", path, lineno)
            if key.startswith("msgstr[") and "msgid_plural" not in cur.fields:
                raise CatalogError(f"{key} in an entry without msgid_plural", path, lineno)
            if key in cur.fields:
                raise CatalogError(f"{key} given twice in one entry", path, lineno)
            if key in ("msgctxt", "msgid") and not cur.line:
                cur.line = lineno
            cur.fields[key] = _unquote(m.group(3), path, lineno)
            cur.order.append(key)
            cur.last = (cur.fields, key)
            if obsolete:
                cur.obsolete = True
            continue
        if body.startswith('"'):
            if not cur.last or cur.last[0] is not cur.fields:
                raise CatalogError("string continuation line without a keyword before it", path, lineno)
            cur.last[0][cur.last[1]] += _unquote(body, path, lineno)
            continue
        word = body.split()[0] if body.split() else body
        raise CatalogError(f"syntax error: unexpected {word[:30]!r} (expected a comment, msgid, msgstr or a quoted string)", path, lineno)
    finish(len(text.split("\n")))

    po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    po.encoding = "utf-8"
    seen: dict[tuple, int] = {}
    header_done = False
    for e in entries:
        msgid = e.fields.get("msgid", "")
        msgctxt = e.fields.get("msgctxt")
        if msgid == "" and msgctxt is None and not e.obsolete:
            if header_done:
                raise CatalogError("a second header entry (msgid \"\")", path, e.line)
            header_done = True
            po.header = "\n".join(e.tcomment)
            po.metadata_is_fuzzy = "fuzzy" in e.flags
            for raw in e.fields.get("msgstr", "").split("\n"):
                if not raw.strip():
                    continue
                if ":" not in raw:
                    raise CatalogError(f"malformed header line {raw[:40]!r} (expected 'Name: value')", path, e.line)
                k, _, v = raw.partition(":")
                po.metadata[k.strip()] = v.strip()
            continue
        key = (msgctxt, msgid, e.obsolete)
        if key in seen and not e.obsolete:
            raise CatalogError(f"duplicate entry: this msgid{' and msgctxt' if msgctxt else ''} is already defined at line {seen[key]}", path, e.line)
        seen[key] = e.line
        plural = {int(k[7:-1]): v for k, v in e.fields.items() if k.startswith("msgstr[")}
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=e.fields.get("msgstr", ""),
            msgid_plural=e.fields.get("msgid_plural", ""),
            msgstr_plural=plural,
            msgctxt=msgctxt,
            occurrences=e.occurrences,
            comment="\n".join(e.comment),
            tcomment="\n".join(e.tcomment),
            flags=e.flags,
            previous_msgctxt=e.prev.get("msgctxt"),
            previous_msgid=e.prev.get("msgid"),
            previous_msgid_plural=e.prev.get("msgid_plural"),
            obsolete=e.obsolete,
            linenum=e.line,
        )
        po.append(entry)
    _check_plurals(po, path, text)
    return po


def _header_line(text: str, name: str) -> int:
    for n, line in enumerate(text.split("\n"), 1):
        if line.lstrip('"').startswith(name + ":"):
            return n
    return 1


def _check_plurals(po: polib.POFile, path: str, text: str) -> None:
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
            if got != list(range(len(got))):
                raise CatalogError(f"plural forms must be msgstr[0]..msgstr[N-1], found {got}", path, entry.linenum)
            if nplurals is not None and len(got) != nplurals:
                raise CatalogError(
                    f"plural entry has {len(got)} msgstr forms but the header's Plural-Forms says nplurals={nplurals}", path, entry.linenum
                )


def read_po(file: str | Path, display: str | None = None) -> tuple[polib.POFile, Decoded]:
    """Read and parse a PO/POT file; errors name ``display`` (default: the path as given)."""
    name = display or str(file)
    try:
        data = Path(file).read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such catalog", name) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", name) from None
    decoded = decode_po(data, name)
    po = parse_po(decoded.text, name)
    po.fpath = str(file)
    return po, decoded
