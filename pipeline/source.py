"""Markdown source -> :class:`~pipeline.model.Document` of sections and segments.

The same parser serves extraction and rendering: :func:`parse_tokens` gives the
markdown-it token stream, and :func:`iter_segment_tokens` walks it yielding each
translatable inline token with its :class:`Segment`.  Extraction keeps the
segments; rendering swaps each inline token's content for its translation.
So the two can never disagree about what a segment is.

Front matter: a YAML block at the very top (``---`` ... ``---``) is metadata, not
content.  It is parsed with PyYAML (safe loader) into :attr:`Document.metadata`;
only the keys named in ``[source] translatable_front_matter`` (default ``title``
and ``description``) become segments, each with its own msgctxt
(``front matter: title``).

Images: alt text and title are segments of their own, with the msgctxt
``image: <src>``; in the segment of the paragraph around them the image is
written ``![](src)`` (its position), so their words are translated once.  A
paragraph that is only images yields no segment of its own.

Callouts: GitHub's ``> [!NOTE]`` (also TIP, IMPORTANT, WARNING, CAUTION) as the
first line of a quote; the marker is not text to translate (the label comes from
the UI strings when rendering), the rest of the quote is, with kind ``callout``.

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

from dataclasses import dataclass, replace

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a build whose sources are unchanged (parse cache) never parses
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from . import memo
from .errors import SourceError
from .model import Document, Section, Segment

_NOTE = re.compile(r"^\s*<!--\s*translators?\s*:\s*(.*?)\s*-->\s*$", re.IGNORECASE | re.DOTALL)
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n[ \t]*")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")

#: Front matter keys translated by default (``[source] translatable_front_matter``).
DEFAULT_FRONT_MATTER_KEYS = ("title", "description")
#: GitHub's callout types, as written in ``> [!WARNING]``.
CALLOUT_TYPES = ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION")
_CALLOUT = re.compile(r"^\[!([A-Za-z]+)\][ \t]*(?:\n|$)")


@dataclass(frozen=True)
class SourceOptions:
    """The project settings a source is read with (part of the parse cache key)."""

    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    base_url: str = ""


def source_options(settings) -> SourceOptions:
    """``[source] translatable_front_matter`` and ``[project] base_url``, checked."""
    table = settings.table("source")
    keys = table.get("translatable_front_matter", list(DEFAULT_FRONT_MATTER_KEYS)) if isinstance(table, dict) else None
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        raise settings.error("[source] translatable_front_matter must be a list of key names", "source", "translatable_front_matter")
    base_url = settings.base_url
    return SourceOptions(front_matter_keys=tuple(keys), base_url=base_url)


@memo.pure(maxsize=1)
def source_parser() -> MarkdownIt:
    """CommonMark with tables and front matter; raw HTML recognised (so it can be skipped, and notes read)."""
    from markdown_it import MarkdownIt  # (here, so the module may import them lazily)
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


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
            out.append(f" {image_alt(child)} ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def image_alt(image: Token) -> str:
    """The alt text of an image token, as plain text (what the ``alt`` attribute holds)."""
    parts = []
    for c in image.children or ():
        if c.type in ("text", "code_inline"):
            parts.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif c.type == "image":
            parts.append(image_alt(c))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def image_context(src: str) -> str:
    """The msgctxt of an image's alt text and title: names the image."""
    return f"image: {src}"


def callout_type(tokens: list[Token], i: int) -> str | None:
    """``WARNING`` etc. when ``tokens[i]`` opens a quote whose first line is ``[!WARNING]``."""
    if tokens[i].type != "blockquote_open" or i + 2 >= len(tokens):
        return None
    if tokens[i + 1].type != "paragraph_open" or tokens[i + 2].type != "inline":
        return None
    m = _CALLOUT.match(tokens[i + 2].content)
    if m and m.group(1).upper() in CALLOUT_TYPES:
        return m.group(1).upper()
    return None


def strip_callout_marker(content: str) -> str:
    return _CALLOUT.sub("", content, count=1)


def _skip_destination(text: str, pos: int) -> int:
    """End (exclusive) of ``(...)`` starting at ``text[pos] == "("``; -1 if it does not close."""
    depth = 0
    quote = ""
    i = pos
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and depth == 1 and text[i - 1] in " \t\n":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _image_markup_spans(content: str, images: list[Token]) -> list[tuple[int, int, Token]] | None:
    """Where each image of ``images`` is written in ``content``; None if one cannot be found."""
    spans = []
    pos = 0
    for img in images:
        start = content.find("![" + img.content + "]", pos)
        if start < 0:
            return None
        end = start + 2 + len(img.content) + 1
        if content.startswith("(", end):
            stop = _skip_destination(content, end)
            if stop < 0:
                return None
            end = stop
        elif content.startswith("[", end):
            stop = content.find("]", end)
            if stop < 0:
                return None
            end = stop + 1
        spans.append((start, end, img))
        pos = end
    return spans


def _images(children: list[Token] | None) -> list[Token]:
    out = []
    for c in children or ():
        if c.type == "image":
            out.append(c)
    return out


def _image_placeholder(src: str) -> str:
    return f"![](<{src}>)" if re.search(r"[\s()<>]", src) else f"![]({src})"


def content_without_images(content: str, images: list[Token]) -> str:
    """The inline source with each image written ``![](src)``: its words are its own entries."""
    spans = _image_markup_spans(content, images) if images else None
    if not spans:
        return content
    out, last = [], 0
    for start, end, img in spans:
        out.append(content[last:start])
        out.append(_image_placeholder(str(img.attrs.get("src", ""))))
        last = end
    out.append(content[last:])
    return "".join(out)


_ONLY_IMAGES = re.compile(r"^(?:\s|!\[\]\((?:<[^>]*>|[^)\s]*)\)|\[|\]\((?:<[^>]*>|[^)\s]*)\)|\\)*$")


def segment_content(tokens: list[Token], i: int) -> str:
    """The Markdown of ``tokens[i]`` (an inline token) that becomes its segment's msgid (unfolded).

    Images are written ``![](src)``, a callout's ``[!TYPE]`` marker is left out; what is
    left of a paragraph of images alone (or of a marker alone) is ``""``.
    """
    tok = tokens[i]
    content = tok.content
    if i >= 2 and callout_type(tokens, i - 2):
        content = strip_callout_marker(content)
    images = _images(tok.children)
    if images:
        content = content_without_images(content, images)
        if _ONLY_IMAGES.match(content):
            return ""
    return content


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
            kind = "callout" if callout_type(tokens, i) else _BLOCK_KIND.get(tok.type)
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
        text = segment_text(segment_content(tokens, i))
        parent = tokens[i - 1].type if i else ""
        if parent == "heading_open" and not text:
            pass  # an empty heading (`source_checks` reports it) starts no section
        elif parent == "heading_open":
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
        seg_note = note if note_until >= 0 and line - 1 < note_until else ""
        if note_until >= 0 and line - 1 >= note_until:
            note, note_until = "", -1
        if text:
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
        for img in _all_images(tok.children):
            context = image_context(str(img.attrs.get("src", "")))
            alt = segment_text(image_alt(img))
            title = segment_text(str(img.attrs.get("title") or ""))
            for value, img_kind in ((alt, "image-alt"), (title, "image-title")):
                if value:
                    yield i, Segment(
                        text=value, kind=img_kind, path=path, line=line, section=section_title,
                        section_index=max(section_index, 0), note=seg_note, context=context,
                    )


def _all_images(children: list[Token] | None) -> Iterator[Token]:
    """Images in inline children, nested ones (an image in an image's alt) included."""
    for c in children or ():
        if c.type == "image":
            yield c
            yield from _all_images(c.children)


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


def front_matter(tokens: list[Token], text: str, path: str) -> tuple[dict, dict[str, int]]:
    """The YAML front matter of a parsed source as a dict, and the line of each top-level key.

    Bad YAML, or YAML that is not a mapping, is a :class:`SourceError` at its line.
    """
    tok = next((t for t in tokens[:1] if t.type == "front_matter"), None)
    if tok is None:
        return {}, {}
    offset = (tok.map[0] + 2) if tok.map else 2  # line of the first YAML line (after ---)
    import yaml

    try:
        node = yaml.compose(tok.content, Loader=yaml.SafeLoader)
        data = yaml.safe_load(tok.content)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = offset + mark.line if mark else offset - 1
        raise SourceError(f"front matter is not valid YAML: {exc.problem or exc.context}", path, line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"front matter is not valid YAML: {exc}", path, offset - 1) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise SourceError("front matter must be YAML keys and values (key: value), not a list or text", path, offset - 1)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            lines.setdefault(str(key_node.value), offset + key_node.start_mark.line)
    return {str(k): v for k, v in data.items()}, lines


def front_matter_segments(metadata: dict, lines: dict[str, int], keys: tuple[str, ...], path: str) -> list[Segment]:
    """A segment per translatable key holding text, msgctxt ``front matter: KEY``."""
    out = []
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            out.append(Segment(
                text=segment_text(value), kind="front-matter", path=path, line=lines.get(key, 1),
                section="", section_index=0, context=f"front matter: {key}",
            ))
    return out


def _text_value(value: object) -> str:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""


def parse_text(text: str, path: str, name: str | None = None, source_hash: str | None = None,
               options: SourceOptions | None = None) -> Document:
    from .source_checks import diagnose, warnings_from_tokens

    options = options or SourceOptions()
    tokens = parse_tokens(text)
    metadata, key_lines = front_matter(tokens, text, path)
    context_segments = front_matter_segments(metadata, key_lines, options.front_matter_keys, path)
    by_section: dict[int, list[Segment]] = {}
    headings: dict[int, tuple[str, int, int]] = {}
    for i, seg in iter_segment_tokens(tokens, path):
        if seg.context:
            context_segments.append(seg)
            continue
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
    diagnostics = diagnose(tokens, path, options, metadata, key_lines)
    doc = Document(
        name=stem, path=path, title=doc_title or _text_value(metadata.get("title")) or stem, text=text, sections=tuple(sections), source_hash=digest,
        metadata=metadata, context_segments=tuple(context_segments), diagnostics=tuple(diagnostics),
        base_url=options.base_url,
    )
    return replace(doc, warnings=tuple(warnings_from_tokens(doc, tokens)))


def read_document(file: Path, root: Path, options: SourceOptions | None = None) -> Document:
    """Read and parse one Markdown file; ``path`` in the result is relative to ``root``."""
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = file.as_posix()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", rel) from None
    options = options or SourceOptions()
    key = (rel, hashlib.sha256(data).hexdigest(), options)
    doc = _PARSED.get(key)
    if doc is None:
        doc = parse_text(decode_source(data, rel), rel, source_hash=key[1], options=options)
        if len(_PARSED) >= 4096:
            _PARSED.clear()
        _PARSED[key] = doc
    _USED.add(key)
    return doc


# One parse per distinct file content in a process (a build reads each source in several
# stages), and, with :class:`parse_cache`, across runs: (path, sha256 of the bytes, options) -> Document.
# ``_USED``: the keys read since the open :class:`parse_cache` began (what it keeps for the next run).
_PARSED: dict[tuple[str, str, SourceOptions], Document] = memo.table(f"{__name__}.parsed")
_USED: set[tuple[str, str, SourceOptions]] = memo.table(f"{__name__}.used", set)
PARSE_CACHE_VERSION = 3  # 3: Document.warnings


class parse_cache:
    """``with parse_cache(file):`` documents parsed in an earlier run are read from ``file``, and
    the ones read inside the block are kept there for the next run (``polyleaf build``'s cache).

    The key is the file's path and content hash, with Polyleaf's version for the whole file,
    so an edited source or a new Polyleaf parses afresh; a missing or damaged cache only costs
    a parse.
    """

    def __init__(self, file: Path):
        self.file = Path(file)
        self.loaded: set[tuple[str, str, SourceOptions]] = set()

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
