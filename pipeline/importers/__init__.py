"""``polyleaf import``: leaflets held as Word files, web pages or text pulled from a PDF -> Markdown.

Each importer is pure (bytes or text in, :class:`ImportResult` out) and never invents
text: every word of the Markdown comes from the original, in its order.  What it
cannot map (an embedded video, a form, a merged table cell, an image with no place to
go, a page header repeated on every page) is left out and *said*, as an
:class:`ImportNote` naming the line or element, so a person can check it.

- ``.docx``: mammoth (Word styles -> HTML), then the HTML path below;
- ``.html``/``.htm``: the page's main content (``<main>``, ``role=main``, ``<article>``,
  else the block holding most paragraph text), navigation and page furniture removed,
  converted by markdownify;
- ``.txt`` (text pulled from a PDF, e.g. ``pdftotext``): lines joined into paragraphs,
  bullets made list items, headers/footers repeated on every page removed, words
  hyphenated at line ends joined (when the hyphenation dictionary says the break is one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError

SUFFIXES = {".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "txt"}


@dataclass(frozen=True)
class ImportNote:
    """Something the importer left out or guessed, at a place in the original."""

    where: str  # "line 12", "<video> at line 40", "page 3", "image 2"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    markdown: str
    notes: tuple[ImportNote, ...] = ()
    #: The original's body text as the importer read it (before any Markdown), for checking.
    source_text: str = field(default="", repr=False)


def import_file(path: Path) -> ImportResult:
    """Import one file by its suffix; a :class:`SourceError` for what cannot be read."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SourceError(f"cannot import {path.suffix or 'a file without a suffix'}: polyleaf import reads "
                          ".docx, .html/.htm and .txt (text pulled from a PDF)", str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", str(path)) from None
    if kind == "docx":
        from .docx import docx_to_markdown

        result = docx_to_markdown(data, str(path))
    elif kind == "html":
        from .html import html_to_markdown

        result = html_to_markdown(decode_text(data, str(path), html=True), str(path))
    else:
        from .pdftext import text_to_markdown

        result = text_to_markdown(decode_text(data, str(path)), str(path))
    if not result.markdown.strip():
        raise SourceError("no text found to import (an empty file, or a scanned PDF with no text layer?)", str(path))
    return result


def decode_text(data: bytes, where: str, html: bool = False) -> str:
    """UTF-8 (BOM tolerated); for HTML also the charset the page declares; a clear error otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if html:
            m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", data[:4096], re.I)
            if m:
                try:
                    return data.decode(m.group(1).decode("ascii"))
                except (LookupError, UnicodeDecodeError):
                    pass
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", where, line) from None


def tidy_markdown(text: str) -> str:
    """No trailing spaces (except hard breaks), at most one blank line in a row, one final newline."""
    lines = []
    for line in text.split("\n"):
        stripped = line.rstrip()
        if line.endswith("  ") and stripped:
            stripped += "  "  # a hard line break stays
        lines.append(stripped)
    lines = [re.sub(r"(?<=\S) {2,}(?=\S)", " ", ln) if not ln.startswith("    ") else ln for ln in lines]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n" if out else ""
