"""Markdown source -> :class:`~pipeline.model.Document` of sections and segments.

The same parser serves extraction and rendering: :func:`parse_tokens` gives the
markdown-it token stream, and :func:`iter_segment_tokens` walks it yielding each
translatable inline token with its :class:`Segment`.  Extraction keeps the
segments; rendering swaps each inline token's content for its translation.
So the two can never disagree about what a segment is.

Translator notes: an HTML comment written just before a block,
``<!-- translators: Keep "care team": it is the NHS term. -->``, is copied into
the extracted comments of every segment of that block (a heading, paragraph,
whole list, quote or table).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .errors import SourceError
from .model import Document, Section, Segment

_NOTE = re.compile(r"^\s*<!--\s*translators?\s*:\s*(.*?)\s*-->\s*$", re.IGNORECASE | re.DOTALL)
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n[ \t]*")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")

_SOURCE_MD: MarkdownIt | None = None


def source_parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML recognised (so it can be skipped, and notes read)."""
    global _SOURCE_MD
    if _SOURCE_MD is None:
        _SOURCE_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _SOURCE_MD


def parse_tokens(text: str) -> list[Token]:
    return source_parser().parse(text)


def segment_text(content: str) -> str:
    """The msgid for an inline token's content: soft breaks folded to one space.

    Hard line breaks (two trailing spaces or a backslash) are kept, written the
    CommonMark way as a backslash before the newline.
    """
    text = _HARD_BREAK.sub("\\\\\n", content.strip())
    parts = text.split("\\\n")
    return "\\\n".join(_SOFT_BREAK.sub(" ", p).strip() for p in parts)


def plain_text(token: Token) -> str:
    """Text of an inline token with the markup taken away (for section titles)."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content)
    return re.sub(r"\s+", " ", "".join(out)).strip()


_BLOCK_KIND = {"blockquote_open": "blockquote", "list_item_open": "list-item", "th_open": "table-cell", "td_open": "table-cell"}


def iter_segment_tokens(tokens: list[Token], path: str) -> Iterator[tuple[int, Segment]]:
    """Yield ``(index of inline token, Segment)`` for every translatable inline token.

    Code blocks, fences and HTML blocks yield nothing.
    """
    stack: list[str] = []  # enclosing container kinds
    list_depth = 0
    section_title = ""
    section_index = -1
    seen_title = False
    note = ""
    note_until = -1  # last source line (0-based, exclusive) the pending note covers
    note_level = -1
    for i, tok in enumerate(tokens):
        if tok.type == "html_block":
            m = _NOTE.match(tok.content)
            if m:
                note = re.sub(r"\s+", " ", m.group(1)).strip()
                note_level = tok.level
                note_until = -2  # armed: set by the next block at this level
            continue
        if note_until == -2 and tok.nesting >= 0 and tok.level == note_level and tok.map:
            note_until = tok.map[1]
        if tok.nesting == 1:
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            kind = _BLOCK_KIND.get(tok.type)
            if kind:
                stack.append(kind)
            elif tok.type.endswith("_open"):
                stack.append("")
            continue
        if tok.nesting == -1:
            if tok.type in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            if stack:
                stack.pop()
            continue
        if tok.type != "inline":
            continue
        line = (tok.map[0] + 1) if tok.map else 0
        text = segment_text(tok.content)
        parent = tokens[i - 1].type if i else ""
        if parent == "heading_open":
            level = int(tokens[i - 1].tag[1])
            if level == 1 and not seen_title:
                kind = "title"
                seen_title = True
            else:
                kind = "heading"
            section_index += 1
            section_title = plain_text(tok) or text
        else:
            kind = next((k for k in reversed(stack) if k), "paragraph")
            if section_index < 0:
                section_index = 0
        if not text:
            continue
        seg_note = note if note_until >= 0 and line - 1 < note_until else ""
        if note_until >= 0 and line - 1 >= note_until:
            note, note_until = "", -1
        yield i, Segment(
            text=text,
            kind=kind,
            path=path,
            line=line,
            section=section_title,
            section_index=max(section_index, 0),
            note=seg_note,
            depth=list_depth,
        )


def decode_source(data: bytes, path: str) -> str:
    """UTF-8 (a BOM is tolerated), LF line ends; a clear error naming the line otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("NUL byte in Markdown source (is this a binary file?)", path, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            path,
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, path: str, name: str | None = None, source_hash: str | None = None) -> Document:
    tokens = parse_tokens(text)
    by_section: dict[int, list[Segment]] = {}
    headings: dict[int, tuple[str, int, int]] = {}
    for i, seg in iter_segment_tokens(tokens, path):
        by_section.setdefault(seg.section_index, []).append(seg)
        if seg.kind in ("title", "heading") and seg.section_index not in headings:
            headings[seg.section_index] = (seg.section, int(tokens[i - 1].tag[1]), seg.line)
    sections = []
    for idx in sorted(set(by_section) | set(headings)):
        title, level, line = headings.get(idx, ("", 1, 1))
        segs = tuple(by_section.get(idx, ()))
        if not headings.get(idx) and segs:
            line = segs[0].line
        sections.append(Section(index=idx, title=title, level=level, line=line, segments=segs))
    doc_title = next((s.section for s in (sec.segments[0] for sec in sections if sec.segments) if s.kind == "title"), "")
    stem = name or Path(path).stem
    digest = source_hash or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=stem, path=path, title=doc_title or stem, text=text, sections=tuple(sections), source_hash=digest)


def read_document(file: Path, root: Path) -> Document:
    """Read and parse one Markdown file; ``path`` in the result is relative to ``root``."""
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = file.as_posix()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", rel) from None
    key = (rel, hashlib.sha256(data).hexdigest())
    doc = _PARSED.get(key)
    if doc is None:
        doc = parse_text(decode_source(data, rel), rel, source_hash=key[1])
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        _PARSED[key] = doc
    _USED.add(key)
    return doc


# One parse per distinct file content in a process (a build reads each source in several
# stages), and, with :class:`parse_cache`, across runs: (path, sha256 of the bytes) -> Document.
_PARSED: dict[tuple[str, str], Document] = {}
_USED: set[tuple[str, str]] = set()
PARSE_CACHE_VERSION = 1


class parse_cache:
    """``with parse_cache(file):`` documents parsed in an earlier run are read from ``file``, and
    the ones read inside the block are kept there for the next run (``polyleaf build``'s cache).

    The key is the file's path and content hash, with Polyleaf's version for the whole file,
    so an edited source or a new Polyleaf parses afresh; a missing or damaged cache only costs
    a parse.
    """

    def __init__(self, file: Path):
        self.file = Path(file)
        self.loaded: set[tuple[str, str]] = set()

    def __enter__(self) -> parse_cache:
        from . import __version__, cachefile

        _USED.clear()
        try:
            data = cachefile.read_pickle(self.file)
            if isinstance(data, dict) and data.get("version") == [__version__, PARSE_CACHE_VERSION]:
                docs = data["documents"]
                if isinstance(docs, dict) and all(isinstance(d, Document) for d in docs.values()):
                    _PARSED.update(docs)
                    self.loaded = set(docs)
        except Exception:  # noqa: BLE001 - our own cache file: anything odd means parse again
            self.loaded = set()
        return self

    def __exit__(self, *exc) -> None:
        from . import __version__, cachefile

        if exc[0] is not None or _USED == self.loaded:
            return
        docs = {k: _PARSED[k] for k in _USED if k in _PARSED}
        cachefile.write_pickle(self.file, {"version": [__version__, PARSE_CACHE_VERSION], "documents": docs})
