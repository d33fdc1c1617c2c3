"""A Word file (.docx) -> Markdown: mammoth maps Word's styles to HTML, then the HTML path.

mammoth reads headings, lists, bold/italic, links, tables and footnotes from the
document's styles; what it cannot map (a paragraph style it does not know, a text
box, a comment) it says in its messages, which become import notes.  Images are
embedded in the file: they are not imported (the note names each, with its alt text).
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import SourceError
from . import ImportNote, ImportResult


def docx_to_markdown(data: bytes, where: str = "") -> ImportResult:
    import mammoth

    from .html import html_to_markdown

    notes: list[ImportNote] = []
    images = 0

    def image(img):
        nonlocal images
        images += 1
        alt = re.sub(r"\s+", " ", img.alt_text or "").strip()
        notes.append(ImportNote(f"image {images}", f"image{f' {alt[:60]!r}' if alt else ''} embedded in the Word file: "
                                                   "not imported; save it as a file and add ![alt text](file) yourself"))
        return {}  # an <img> without src: left out by the HTML step, without a second note

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError("not a Word .docx file (it is not a zip archive; an old .doc must be saved as .docx first)", where)
    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(image))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceError(f"cannot read this .docx: {exc}", where) from None
    for message in result.messages:
        notes.append(ImportNote("Word styles", f"{message.type}: {message.message}"))
    html = re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", result.value)
    converted = html_to_markdown(html, where, whole=True, intro_notes=notes)
    return ImportResult(markdown=converted.markdown, notes=converted.notes, source_text=converted.source_text)


def docx_body_text(data: bytes) -> str:
    """The text of a .docx's body (paragraphs and tables of word/document.xml, then footnotes
    and endnotes), read from its XML directly: an independent judge of what mammoth read."""
    from xml.etree import ElementTree as ET

    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in z.namelist():
                continue
            root = ET.fromstring(z.read(part))
            for p in root.iter(f"{ns}p"):
                parts = []
                for node in p.iter():
                    if node.tag == f"{ns}t" and node.text:
                        parts.append(node.text)
                    elif node.tag in (f"{ns}tab", f"{ns}br", f"{ns}cr"):
                        parts.append(" ")
                    elif node.tag == f"{ns}delText":
                        continue
                out.append("".join(parts))
    return "\n".join(out)
