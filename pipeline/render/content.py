"""Document + catalog -> the HTML of the leaflet's body (pure).

Structure comes from the source, text from the catalog: the source is
re-parsed with the extraction parser (:func:`pipeline.source.parse_tokens` and
:func:`~pipeline.source.iter_segment_tokens`, the same walk that made the
catalog), and each segment's inline token gets new children parsed from its
translation.  A translation is untrusted: it is parsed by a separate
MarkdownIt with raw HTML off and linkify off, images become their alt text,
and a link survives only when it points to ``http(s):``, ``mailto:`` or
``tel:`` -- anything else is rendered as its (escaped) text.  Raw HTML in the
source is dropped too (translator notes live in HTML comments).

Headings are normalised for accessibility: one ``h1`` (later ``h1``\\ s become
``h2``) and no skipped levels (an ``h4`` after an ``h2`` becomes ``h3``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import polib
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..catalogs import entry_state, is_reviewed
from ..errors import ExportError
from ..languages import Language
from ..model import Document, Segment
from ..provenance import MASK_TOKEN
from ..source import iter_segment_tokens, parse_tokens

#: Link schemes a published leaflet may point to.
ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:")

REVIEWED = "reviewed"
FUZZY = "fuzzy"
UNTRANSLATED = "untranslated"
SOURCE = "source"

_SAFE_MD: MarkdownIt | None = None


def safe_parser() -> MarkdownIt:
    """The parser for untrusted inline text: CommonMark, no raw HTML, no linkify, no images."""
    global _SAFE_MD
    if _SAFE_MD is None:
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        for rule in ("html_block", "html_inline"):
            md.renderer.rules[rule] = lambda *a, **k: ""
        _SAFE_MD = md
    return _SAFE_MD


@dataclass(frozen=True)
class Resolved:
    """What the page shows for one segment."""

    segment: Segment
    text: str  # Markdown to render
    state: str  # reviewed | fuzzy | untranslated | source


def catalog_index(catalog: polib.POFile) -> dict[str, polib.POEntry]:
    """Live singular entries by msgid (the msgid is the segment text; no msgctxt in our catalogs)."""
    return {e.msgid: e for e in catalog if not e.obsolete and e.msgid and e.msgctxt is None and not e.msgid_plural}


def resolve(
    doc: Document,
    catalog: polib.POFile | None,
    *,
    reviewed: Callable[[polib.POEntry], bool] = is_reviewed,
) -> list[Resolved]:
    """Each segment of ``doc`` with the text to show and its state.

    ``catalog=None`` means the source language: every segment shows its own text.
    A segment that is not reviewed keeps its source text (state fuzzy or untranslated).
    """
    out: list[Resolved] = []
    index = catalog_index(catalog) if catalog is not None else None
    for seg in doc.segments:
        if index is None:
            out.append(Resolved(seg, seg.text, SOURCE))
            continue
        entry = index.get(seg.text)
        if entry is not None and reviewed(entry):
            out.append(Resolved(seg, entry.msgstr, REVIEWED))
        elif entry is not None and entry_state(entry) == "fuzzy":
            out.append(Resolved(seg, seg.text, FUZZY))
        else:
            out.append(Resolved(seg, seg.text, UNTRANSLATED))
    return out


def require_complete(resolved: list[Resolved], lang: Language, catalog_path: str) -> None:
    """Refuse to publish a language with any segment not reviewed: one line naming what is missing."""
    for r in resolved:
        if r.state == REVIEWED and MASK_TOKEN.search(r.text):
            raise ExportError(
                f"[{lang.code}] cannot publish: the translation in {catalog_path} still holds a machine-translation "
                f"placeholder {MASK_TOKEN.search(r.text).group(0)} (a link, number or term was lost); fix it in the catalog",
                r.segment.path,
                r.segment.line,
            )
    missing = [r for r in resolved if r.state in (FUZZY, UNTRANSLATED)]
    if not missing:
        return
    fuzzy = sum(r.state == FUZZY for r in missing)
    first = missing[0].segment
    preview = first.text if len(first.text) <= 50 else first.text[:47] + "..."
    raise ExportError(
        f"[{lang.code}] cannot publish: {len(missing)} of {len(resolved)} segments not reviewed in {catalog_path} "
        f"({fuzzy} fuzzy, {len(missing) - fuzzy} untranslated; first here: {preview!r}); "
        "review them, or build a preview with --draft",
        first.path,
        first.line,
    )


def allowed_href(href: str) -> bool:
    h = href.strip().lower()
    return h.startswith(ALLOWED_SCHEMES)


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline"))


def sanitize_inline(children: list[Token]) -> list[Token]:
    """Drop links to disallowed targets (keeping their text) and turn images into their alt text."""
    out: list[Token] = []
    depth_ok: list[bool] = []
    for tok in children:
        if tok.type == "link_open":
            ok = allowed_href(str(tok.attrs.get("href", "")))
            depth_ok.append(ok)
            if ok:
                tok.attrs = {"href": tok.attrs["href"], **({"title": tok.attrs["title"]} if tok.attrs.get("title") else {})}
                out.append(tok)
            continue
        if tok.type == "link_close":
            if depth_ok.pop() if depth_ok else False:
                _ensure_link_text(out)
                out.append(tok)
            continue
        if tok.type == "image":
            text = Token("text", "", 0)
            text.content = _plain(tok.children or []) or tok.content
            out.append(text)
            continue
        if tok.type == "html_inline":
            continue
        out.append(tok)
    return out


def _ensure_link_text(out: list[Token]) -> None:
    """A link must say something: an empty ``[](url)`` shows its address as its text."""
    for i in range(len(out) - 1, -1, -1):
        if out[i].type == "link_open":
            if not "".join(t.content for t in out[i + 1:] if t.type in ("text", "code_inline")).strip():
                text = Token("text", "", 0)
                href = str(out[i].attrs.get("href", ""))
                text.content = href.split(":", 1)[1].lstrip("/") if href.startswith(("mailto:", "tel:")) else href
                out.append(text)
            return


def _wrap(children: list[Token], attrs: dict[str, str]) -> list[Token]:
    open_ = Token("span_open", "span", 1)
    open_.attrs = dict(attrs)
    close = Token("span_close", "span", -1)
    return [open_, *children, close]


def inline_tokens(text: str) -> list[Token]:
    """Children for an inline token from untrusted Markdown ``text``."""
    parsed = safe_parser().parseInline(text, {})
    return sanitize_inline(parsed[0].children or []) if parsed else []


@dataclass(frozen=True)
class Body:
    html: str
    title: str  # plain text of the (translated) h1
    states: dict  # state -> count


def render_body(doc: Document, resolved: list[Resolved], source_lang: Language, page_lang: Language) -> Body:
    """The leaflet body as HTML: structure from the source, text from ``resolved`` (pure)."""
    tokens = parse_tokens(doc.text)
    by_text = {}
    for r in resolved:
        by_text.setdefault((r.segment.line, r.segment.text), r)
    title = ""
    states: dict[str, int] = {}
    for i, seg in iter_segment_tokens(tokens, doc.path):
        r = by_text.get((seg.line, seg.text)) or Resolved(seg, seg.text, UNTRANSLATED)
        children = inline_tokens(r.text)
        states[r.state] = states.get(r.state, 0) + 1
        if r.state in (FUZZY, UNTRANSLATED):
            attrs = {"class": f"pl-{r.state}", "lang": source_lang.tag, "data-state": r.state}
            if source_lang.direction != page_lang.direction:
                attrs["dir"] = source_lang.direction
            children = _wrap(children, attrs)
        tok = tokens[i]
        tok.children = children
        tok.content = r.text
        if seg.kind == "title" and not title:
            title = re.sub(r"\s+", " ", _plain(_flatten(children))).strip()
    _normalise_headings(tokens)
    _logical_alignment(tokens)
    if page_lang.direction == "rtl":
        _isolate_latin_runs(tokens)
    # Raw HTML blocks of the source (translator notes, embeds) are not rendered.
    tokens = [t for t in tokens if t.type != "html_block"]
    md = safe_parser()
    html = md.renderer.render(tokens, md.options, {})
    return Body(html=html, title=title or doc.title, states=states)


#: A run of Latin-script words (with digits, hyphens, apostrophes, dots and spaces inside it).
_LATIN_RUN = re.compile(r"[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F0-9'’.\- ]*[A-Za-z\u00C0-\u024F0-9])?")


def isolate_latin(children: list[Token]) -> list[Token]:
    """In right-to-left text, each run of Latin words ("CAR T", "NHS 111") in its own ``<bdi>``.

    The bidi algorithm then lays the run out as one left-to-right unit, so neighbouring digits and
    punctuation cannot jump into or out of it ("CAR T-cell" stays whole next to Arabic).
    """
    out: list[Token] = []
    for tok in children:
        if tok.type != "text" or not _LATIN_RUN.search(tok.content):
            out.append(tok)
            continue
        pos = 0
        for m in _LATIN_RUN.finditer(tok.content):
            if m.start() > pos:
                out.append(_text(tok.content[pos:m.start()]))
            out += [Token("bdi_open", "bdi", 1), _text(m.group()), Token("bdi_close", "bdi", -1)]
            pos = m.end()
        if pos < len(tok.content):
            out.append(_text(tok.content[pos:]))
    return out


def _isolate_latin_runs(tokens: list[Token]) -> None:
    """:func:`isolate_latin` on every inline token's text, except inside the source-language spans
    of a draft (already ``lang``/``dir`` marked as a whole)."""
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        out: list[Token] = []
        run: list[Token] = []
        depth = 0
        for child in tok.children:
            marked = child.type == "span_open" and str(child.attrs.get("class", "")).startswith(("pl-fuzzy", "pl-untranslated"))
            if depth == 0 and not marked:
                run.append(child)
                continue
            if depth == 0:
                out += isolate_latin(run)
                run = []
            out.append(child)
            if child.type == "span_open":
                depth += 1
            elif child.type == "span_close":
                depth -= 1
        tok.children = out + isolate_latin(run)


def _text(content: str) -> Token:
    t = Token("text", "", 0)
    t.content = content
    return t


def _flatten(children: list[Token]) -> list[Token]:
    return [c for c in children if c.type in ("text", "code_inline")]


def _normalise_headings(tokens: list[Token]) -> None:
    seen_h1 = False
    prev = 0
    pending: list[Token] = []
    for tok in tokens:
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            if level == 1 and not seen_h1:
                seen_h1 = True
            else:
                level = max(level, 2)
                level = min(level, prev + 1) if prev else level
            prev = level
            tok.tag = f"h{level}"
            pending.append(tok)
        elif tok.type == "heading_close" and pending:
            tok.tag = pending.pop().tag


_LOGICAL = {"text-align:left": "text-align:start", "text-align:right": "text-align:end"}


def _logical_alignment(tokens: list[Token]) -> None:
    """Table cell alignment from the source (``:---``) as start/end, so it mirrors on RTL pages."""
    for tok in tokens:
        if tok.type in ("th_open", "td_open") and tok.attrs.get("style") in _LOGICAL:
            tok.attrs["style"] = _LOGICAL[str(tok.attrs["style"])]
