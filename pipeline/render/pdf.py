"""HTML -> PDF with WeasyPrint: the one place the PDF engine is called.

A4 and the running header/footer come from the print stylesheet.  Before the
engine runs, :func:`visible_text` of the page is checked against the fonts of
the page's stack (:func:`pipeline.render.fonts.check_coverage`), so a missing
glyph stops the export with a message instead of drawing boxes.  PDFs are
tagged (PDF/UA-1) with the document language from ``<html lang>`` unless
``[export] pdf_tagged = false``.  The PDF identifier is derived from the
content, so the same input gives the same bytes.

Speed (see ``docs/notes/export.md``): the font configuration and the parsed
stylesheet live for the whole process; the streams are Flate-compressed once,
at zlib's default level, by :func:`compress_streams` (WeasyPrint's documented
``finisher`` hook) instead of by pydyf at level 9 -- twice, because pydyf
serialises every object a second time to hash the file identifier.  The PDF's
content is the same either way (``tests/test_render_pdf_speed.py`` decompresses
both and compares them, and compares the rendered pages pixel for pixel).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from html.parser import HTMLParser

from .. import memo
from ..errors import ExportError
from ..languages import Language
from .fonts import check_coverage


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@memo.pure(maxsize=1)
def font_config():
    """One WeasyPrint FontConfiguration per process: fonts are looked up once, not per document."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@memo.pure(maxsize=64)
def _stylesheet(css: str):
    """A parsed stylesheet, by its text (one per font stack in practice)."""
    from weasyprint import CSS

    return CSS(string=css, font_config=font_config())


#: How pydyf writes a stream built from ``pydyf.Stream(items)`` (no extra keys, not compressed).
_PLAIN_STREAM = re.compile(rb"<</Length (\d+)>>\nstream\n")


def _plain_bytes(items: list) -> bytes | None:
    """The bytes pydyf would write between ``stream`` and ``endstream`` for ``items`` (None: unknown layout)."""
    import pydyf

    data = pydyf.Stream(items).data
    m = _PLAIN_STREAM.match(data)
    if m is None:
        return None
    end = m.end() + int(m.group(1))
    if data[end:] != b"\nendstream":
        return None
    return data[m.end():end]


def compress_streams(document, pdf) -> None:
    """WeasyPrint ``finisher``: Flate-compress every stream pydyf would compress, once, at zlib's default level.

    pydyf compresses each stream at level 9 when it serialises it, and serialises
    every object twice when the PDF has a file identifier (to hash them).  Level 9
    costs about three times level 6 for 1-2 % smaller files; the second pass
    doubles it.  A stream compressed here is handed to pydyf as finished bytes with
    ``/Filter /FlateDecode`` -- exactly what pydyf would write with another level.
    A stream that is not pydyf's plain kind is left alone (pydyf compresses it as before).
    """
    import pydyf

    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Stream) or not obj.compress or "Filter" in obj.extra:
            continue
        raw = _plain_bytes(obj.stream)
        if raw is None:
            continue
        obj.stream = [zlib.compress(raw)]
        obj.compress = False
        obj.extra["Filter"] = "/FlateDecode"


def pdf_options(html: str, *, tagged: bool = True, stylesheet: str | None = None) -> dict:
    """WeasyPrint ``write_pdf`` options for ``html`` (without the ``finisher``; see :func:`render_pdf`)."""
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    if stylesheet is not None:
        identifier = hashlib.sha256(html.encode("utf-8") + stylesheet.encode("utf-8")).hexdigest()[:32].encode("ascii")
    options = {"pdf_identifier": identifier, "font_config": font_config()}
    if stylesheet is not None:
        options["stylesheets"] = [_stylesheet(stylesheet)]
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
        options["pdf_tags"] = True
    return options


def render_pdf(html: str, lang: Language, stack: tuple[str, ...], *, tagged: bool = True, where: str | None = None,
               stylesheet: str | None = None) -> bytes:
    """The PDF of ``html`` (a page from :func:`pipeline.render.html.render_html`).

    ``stylesheet``: CSS to apply, parsed once per process and reused (pass the page without its
    inline ``<style>``; parsing the stylesheet for every document costs about a tenth of the time).
    """
    check_coverage(visible_text(html), lang, stack, where=where)
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - weasyprint is a dependency
        raise ExportError(f"WeasyPrint is not installed ({exc}); pip install weasyprint") from None
    options = pdf_options(html, tagged=tagged, stylesheet=stylesheet)
    try:
        return HTML(string=html, base_url=None).write_pdf(finisher=compress_streams, **options)
    except OSError as exc:
        raise ExportError(f"[{lang.code}] PDF rendering failed: {exc}", where) from None
