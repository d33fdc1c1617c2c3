"""Diagnostics for what a writer can get wrong in a Markdown source (pure).

Each finding is a :class:`~pipeline.model.Diagnostic` at the source line, printed by
``polyleaf extract`` and ``polyleaf check`` as ``source/x.md:LINE: code: message [severity]``.
An ``error`` is something that would publish broken HTML (an empty heading, literal
``**`` shown to patients); a ``warning`` is something the page survives but should not
(a skipped heading level, an image without alt text, a relative link that cannot be
resolved and so is shown as plain text).  :data:`SOURCE_CHECKS` names every code with
its severity and meaning (printed in docs/markdown.md).

Also (presence, not form): an empty source is an error for every command that
reads the sources (it would publish a page with nothing on it), an HTML block that is neither translated nor published is a warning, and a
deleted source is named
(:func:`require_content`, :func:`source_warnings`, :func:`retired_documents`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import SourceError
from .model import Diagnostic, Document

if TYPE_CHECKING:  # annotations only: a build with unchanged sources parses nothing
    from markdown_it.token import Token

#: code -> (severity, what it means): also printed in docs/markdown.md.
SOURCE_CHECKS: dict[str, tuple[str, str]] = {
    "empty-heading": ("error", "A heading with no text (`##` alone, often with its text on the next line): "
                               "the page would show an empty heading and the section would have no name."),
    "unclosed-emphasis": ("error", "`**` or `__` that Markdown does not close, so patients would see the asterisks; "
                                   "usually a closing `**` right after punctuation and before a letter "
                                   "(`**Treat cancer:**Chemotherapy`): add a space after it."),
    "skipped-heading-level": ("warning", "A heading more than one level below the previous one (`##` then `####`): "
                                         "screen-reader users navigate by level; the page renders it one level down."),
    "image-no-alt": ("warning", "An image without alt text: people who cannot see it get nothing. Describe it in `![...]`."),
    "relative-link": ("warning", "A relative link (`](/publications/...)`) or image with no `[project] base_url` to "
                                 "resolve it: the page shows the link's text without the link (and no image). "
                                 "Set base_url, or write the full address."),
    "unknown-callout": ("warning", "`> [!TYPE]` with a TYPE that is not NOTE, TIP, IMPORTANT, WARNING or CAUTION: "
                                   "rendered as an ordinary quote showing the marker."),
    "front-matter-not-text": ("warning", "A front matter key listed in `[source] translatable_front_matter` holds "
                                         "something other than text (a list, a date): it is not translated."),
}

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_CALLOUT_ANY = re.compile(r"^\[!([A-Za-z]+)\][ \t]*(?:\n|$)")


def is_relative(href: str) -> bool:
    """A link target with no scheme that is not an in-page anchor: ``/publications/x``, ``../a.html``."""
    h = href.strip()
    return bool(h) and not h.startswith("#") and not _SCHEME.match(h)


def _diag(path: str, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, code, message, SOURCE_CHECKS[code][0])


def format_source_diagnostic(d: Diagnostic) -> str:
    """``source/x.md:12: empty-heading: message [error]``."""
    return f"{d.path}:{d.line}: {d.code}: {d.message} [{d.severity}]"


def _child_lines(tok: Token) -> Iterator[tuple[int, Token]]:
    """Each inline child with its source line (soft and hard breaks counted)."""
    line = (tok.map[0] + 1) if tok.map else 1
    for child in tok.children or ():
        yield line, child
        if child.type in ("softbreak", "hardbreak"):
            line += 1


def diagnose(tokens: list[Token], path: str, options, metadata: dict | None = None,
             key_lines: dict[str, int] | None = None) -> list[Diagnostic]:
    """Every source diagnostic of a parsed document, in line order."""
    from .source import CALLOUT_TYPES, image_alt

    out: list[Diagnostic] = []
    base_url = getattr(options, "base_url", "")
    for key in getattr(options, "front_matter_keys", ()):
        value = (metadata or {}).get(key)
        if value is not None and not isinstance(value, str):
            out.append(_diag(path, (key_lines or {}).get(key, 1), "front-matter-not-text",
                             f"front matter {key!r} is a {type(value).__name__}, not text: it is not translated"))
    prev_level = 0
    for i, tok in enumerate(tokens):
        line = (tok.map[0] + 1) if tok.map else 1
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            inline = tokens[i + 1] if i + 1 < len(tokens) else None
            if inline is not None and not inline.content.strip():
                nxt = tokens[i + 3] if i + 3 < len(tokens) else None
                hint = ""
                if nxt is not None and nxt.type == "paragraph_open" and nxt.map and nxt.map[0] == line:
                    hint = f"; its text seems to be on the next line: write `{tok.markup} {tokens[i + 4].content.splitlines()[0][:40]}`"
                out.append(_diag(path, line, "empty-heading", f"heading `{tok.markup}` has no text{hint}"))
                continue
            if prev_level and level > prev_level + 1:
                out.append(_diag(path, line, "skipped-heading-level",
                                 f"h{level} after h{prev_level}: use {'#' * (prev_level + 1)} (levels go down one at a time)"))
            prev_level = level
        elif tok.type == "blockquote_open" and i + 2 < len(tokens) and tokens[i + 2].type == "inline":
            m = _CALLOUT_ANY.match(tokens[i + 2].content)
            if m and m.group(1).upper() not in CALLOUT_TYPES:
                out.append(_diag(path, line, "unknown-callout",
                                 f"[!{m.group(1)}] is not a callout type (use one of {', '.join(CALLOUT_TYPES)})"))
        elif tok.type == "inline":
            out.extend(_inline(tok, path, base_url, image_alt))
    out.sort(key=lambda d: (d.line, d.code))
    return out


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_LINK_DEST = re.compile(r"\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)|<[a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*>")


def _unclosed(tok: Token, delim: str) -> bool:
    """More ``delim`` characters written as markup than emphasis used, and a doubled one left in the text.

    Code spans, backslash escapes and link targets are not markup; ``5 * 3`` (one stray
    character) is not reported, ``**Treat cancer:**Chemotherapy`` (four) is.
    """
    raw = _LINK_DEST.sub("", _CODE_SPAN.sub("", tok.content))
    raw = re.sub(r"\\.", "", raw)
    written = raw.count(delim)
    used = sum(len(t.markup) for c in tok.children or () for t in _walk(c)
               if t.type in ("em_open", "em_close", "strong_open", "strong_close") and t.markup[:1] == delim)
    if written - used < 2:
        return False
    return any(c.type == "text" and delim * 2 in c.content for c in tok.children or ())


def _inline(tok: Token, path: str, base_url: str, image_alt) -> Iterator[Diagnostic]:
    for delim in ("*", "_"):
        if _unclosed(tok, delim):
            double = delim * 2
            line = next((ln for ln, c in _child_lines(tok) if c.type == "text" and double in c.content),
                        (tok.map[0] + 1) if tok.map else 1)
            raw = tok.content
            at = raw.find(double)
            snippet = raw[max(0, at - 15): at + 25] if at >= 0 else ""
            yield _diag(path, line, "unclosed-emphasis",
                        f"{double} is not closed, patients would see it: {snippet.strip()!r} "
                        f"(a closing {double} after punctuation needs a space or punctuation after it)")
            break
    for line, child in _child_lines(tok):
        for item in _walk(child):
            if item.type == "image":
                src = str(item.attrs.get("src", ""))
                if not image_alt(item):
                    yield _diag(path, line, "image-no-alt", f"image {src!r} has no alt text: describe it in ![...]")
                if not base_url and is_relative(src):
                    yield _diag(path, line, "relative-link",
                                f"image {src!r} is relative and [project] base_url is not set: the page would show no image")
            elif item.type == "link_open":
                href = str(item.attrs.get("href", ""))
                if not base_url and is_relative(href):
                    yield _diag(path, line, "relative-link",
                                f"link {href!r} is relative and [project] base_url is not set: the page would show its text only")


def _walk(tok: Token) -> Iterator[Token]:
    yield tok
    for c in tok.children or ():
        yield from _walk(c)


def source_checks_markdown() -> str:
    """The table of codes for docs (one row per code)."""
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    for code, (sev, doc) in SOURCE_CHECKS.items():
        rows.append(f"| `{code}` | {sev} | {doc} |")
    return "\n".join(rows) + "\n"


_COMMENT_ONLY = re.compile(r"^\s*(?:<!--.*?-->\s*)+$", re.DOTALL)


def require_content(doc: Document) -> None:
    """Refuse a source with nothing to translate (exit 3, naming the file)."""
    if not doc.segments:
        raise SourceError("empty: no heading or text to translate (a page would be published with nothing on it); "
                          "write the leaflet, or remove the file", doc.path, 1)


def source_warnings(doc: Document) -> list[Diagnostic]:
    """Warnings about text the reader of the page would not get.

    Found while the document was parsed (``doc.warnings``, kept by the parse cache); a
    Document made some other way is parsed here.
    """
    if doc.warnings is not None:
        return list(doc.warnings)
    from .source import parse_tokens  # here: source.py imports this module

    return warnings_from_tokens(doc, parse_tokens(doc.text))


def warnings_from_tokens(doc: Document, tokens) -> list[Diagnostic]:
    """:func:`source_warnings` from the document's markdown-it tokens."""
    out = []
    if doc.segments and not any(s.kind == "title" for s in doc.segments):
        out.append(Diagnostic(doc.path, 1, "source-no-title", "no '# ' title heading: the page will have no h1", "warning"))
    for tok in tokens:
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
