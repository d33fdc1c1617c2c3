"""What a source would lose on its way to the page, said before it is lost.

* An empty source (nothing translatable: blank, only comments or HTML) is an
  error for every command that writes catalogs or pages (extract, build,
  publish, export): it would publish a page with no heading and no text,
  "100% reviewed".  ``score`` still reports it ("no words in the source").
* An HTML block other than a comment is neither extracted nor rendered: a
  warning names its line, so content does not vanish from every language silently.
* A source without a ``# title`` heading gets a page without ``h1``: a warning.

Pure over a parsed :class:`~pipeline.model.Document`; the callers print or raise.
"""

from __future__ import annotations

import re

from .errors import SourceError
from .model import Diagnostic, Document
from .source import parse_tokens

_COMMENT_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)+$", re.DOTALL)


def require_content(doc: Document) -> None:
    """Refuse a source with nothing to translate (exit 3, naming the file)."""
    if not doc.segments:
        raise SourceError("empty: no heading or text to translate (a page would be published with nothing on it); "
                          "write the leaflet, or remove the file", doc.path, 1)


def source_warnings(doc: Document) -> list[Diagnostic]:
    """Warnings about text the reader of the page would not get."""
    out = []
    if doc.segments and not any(s.kind == "title" for s in doc.segments):
        out.append(Diagnostic(doc.path, 1, "source-no-title", "no '# ' title heading: the page will have no h1", "warning"))
    for tok in parse_tokens(doc.text):
        if tok.type != "html_block" or _COMMENT_ONLY.match(tok.content):
            continue
        line = tok.map[0] + 1 if tok.map else 1
        first = tok.content.strip().splitlines()[0] if tok.content.strip() else ""
        preview = first if len(first) <= 80 else first[:77] + "..."
        out.append(Diagnostic(doc.path, line, "source-html-dropped",
                              f"HTML block is neither translated nor published: {preview}", "warning"))
    return out


def retired_documents(settings) -> list[Diagnostic]:
    """Templates whose source is gone (a deleted ``source/<doc>.md``): their catalogs are kept, their pages leave the site."""
    names = {f.stem for f in settings.source_files()}
    folder = settings.locales_dir / "templates"
    out = []
    for pot in sorted(folder.glob("*.pot")) if folder.is_dir() else ():
        if pot.stem not in names:
            out.append(Diagnostic(settings.rel(pot), 1, "source-deleted",
                                  f"{settings.rel(settings.source_dir / (pot.stem + '.md'))} is gone: its template and catalogs "
                                  "are kept (delete them when the leaflet is retired) and its pages are removed from the site",
                                  "warning"))
    return out
