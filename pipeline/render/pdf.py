"""HTML -> PDF with WeasyPrint: the one place the PDF engine is called.

A4 and the running header/footer come from the print stylesheet.  Before the
engine runs, :func:`visible_text` of the page is checked against the fonts of
the page's stack (:func:`pipeline.render.fonts.check_coverage`), so a missing
glyph stops the export with a message instead of drawing boxes.  PDFs are
tagged (PDF/UA-1) with the document language from ``<html lang>`` unless
``[export] pdf_tagged = false``.  The PDF identifier is derived from the
content, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

from ..errors import ExportError
from ..languages import Language
from .fonts import check_coverage

_FONT_CONFIG = None


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


def font_config():
    """One WeasyPrint FontConfiguration per process: fonts are looked up once, not per document."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


_STYLESHEETS: dict[str, object] = {}


def _stylesheet(css: str):
    """A parsed stylesheet, kept for the life of the process (one per font stack in practice)."""
    from weasyprint import CSS

    sheet = _STYLESHEETS.get(css)
    if sheet is None:
        if len(_STYLESHEETS) > 64:
            _STYLESHEETS.clear()
        sheet = _STYLESHEETS[css] = CSS(string=css, font_config=font_config())
    return sheet


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
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    if stylesheet is not None:
        identifier = hashlib.sha256(html.encode("utf-8") + stylesheet.encode("utf-8")).hexdigest()[:32].encode("ascii")
    options = {"pdf_identifier": identifier, "font_config": font_config()}
    if stylesheet is not None:
        options["stylesheets"] = [_stylesheet(stylesheet)]
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
        options["pdf_tags"] = True
    try:
        return HTML(string=html, base_url=None).write_pdf(**options)
    except OSError as exc:
        raise ExportError(f"[{lang.code}] PDF rendering failed: {exc}", where) from None
