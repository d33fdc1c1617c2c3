"""Document + catalog -> the HTML of the leaflet's body (pure).

Structure comes from the source, text from the catalog: the source is
re-parsed with the extraction parser (:func:`pipeline.source.parse_tokens` and
:func:`~pipeline.source.iter_segment_tokens`, the same walk that made the
catalog), and each segment's inline token gets new children parsed from its
translation.  A translation is untrusted: it is parsed by a separate
MarkdownIt with raw HTML off and linkify off; an image survives only when the
source has the same image in that place (``![](src)``), with its alt text and title
from their own catalog entries; a link survives only when it points to
``http(s):``, ``mailto:`` or ``tel:`` -- anything else is rendered as its (escaped)
text.  A relative link (``/publications/x``) is first resolved against
``[project] base_url`` when one is set.  Raw HTML in the source is dropped too
(translator notes live in HTML comments), and so is the YAML front matter.

Callouts (``> [!WARNING]``) become ``<aside role="note" aria-label="Warning">``
with a visible label from the UI strings (:func:`ui_label`); table header cells
get ``scope="col"``.

Headings are normalised for accessibility: one ``h1`` (later ``h1``\\ s become
``h2``) and no skipped levels (an ``h4`` after an ``h2`` becomes ``h3``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import polib

from .. import memo
from ..catalogs import entry_state, is_translated
from ..errors import ExportError
from ..languages import Language
from ..model import Document, Segment
from ..provenance import MASK_TOKEN
from ..source import callout_type, image_alt, image_context, iter_segment_tokens, parse_tokens, segment_text
from ..source_checks import is_relative

if TYPE_CHECKING:  # markdown-it is imported where text is parsed: a build with nothing to render does not load it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Link schemes a published leaflet may point to.
ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:")

REVIEWED = "reviewed"
FUZZY = "fuzzy"
UNTRANSLATED = "untranslated"
SOURCE = "source"


@memo.pure(maxsize=1)
def safe_parser() -> MarkdownIt:
    """The parser for untrusted inline text: CommonMark, no raw HTML, no linkify, no images."""
    from markdown_it import MarkdownIt  # (here, so the module may import it lazily)

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    for rule in ("html_block", "html_inline"):
        md.renderer.rules[rule] = lambda *a, **k: ""
    return md


@dataclass(frozen=True)
class Resolved:
    """What the page shows for one segment."""

    segment: Segment
    text: str  # Markdown to render
    state: str  # reviewed | fuzzy | untranslated | source


def catalog_index(catalog: polib.POFile) -> dict[tuple[str | None, str], polib.POEntry]:
    """Live singular entries by ``(msgctxt, msgid)`` (the msgid is the segment text; the msgctxt
    names a front matter key or an image)."""
    return {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete and e.msgid and not e.msgid_plural}


def resolve(
    doc: Document,
    catalog: polib.POFile | None,
    *,
    reviewed: Callable[[polib.POEntry], bool] = is_translated,
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
        entry = index.get(seg.key)
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


def resolve_href(href: str, base_url: str) -> str:
    """``href`` made absolute against ``base_url`` when it is relative and a base is known."""
    return urljoin(base_url, href.strip()) if base_url and is_relative(href) else href


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline"))


@dataclass(frozen=True)
class ImageText:
    """What an image of the source shows on the page: translated alt and title."""

    alt: str
    title: str = ""
    lang: str = ""  # BCP 47 tag of the alt text when it is not the page's language


def _image_token(src: str, text: ImageText) -> Token:
    from markdown_it.token import Token

    img = Token("image", "img", 0)
    img.attrs = {"src": src, "alt": ""}
    if text.title:
        img.attrs["title"] = text.title
    if text.lang:
        img.attrs["lang"] = text.lang
    alt = Token("text", "", 0)
    alt.content = text.alt
    img.children = [alt] if text.alt else []
    img.content = text.alt
    return img


def sanitize_inline(children: list[Token], images: dict[str, ImageText] | None = None, base_url: str = "") -> list[Token]:
    """Drop links to disallowed targets (keeping their text); keep only the source's images.

    ``images`` maps each image source of the segment in the source document to the text it
    shows; an image whose ``src`` is not there (a translation cannot add images) becomes its
    alt text.  Relative links and image sources are resolved against ``base_url`` first.
    """
    from markdown_it.token import Token

    out: list[Token] = []
    depth_ok: list[bool] = []
    images = images or {}
    for tok in children:
        if tok.type == "link_open":
            href = resolve_href(str(tok.attrs.get("href", "")), base_url)
            ok = allowed_href(href)
            depth_ok.append(ok)
            if ok:
                tok.attrs = {"href": href, **({"title": tok.attrs["title"]} if tok.attrs.get("title") else {})}
                out.append(tok)
            continue
        if tok.type == "link_close":
            if depth_ok.pop() if depth_ok else False:
                _ensure_link_text(out)
                out.append(tok)
            continue
        if tok.type == "image":
            src = str(tok.attrs.get("src", ""))
            shown = images.get(src)
            full = resolve_href(src, base_url)
            if shown is not None and allowed_href(full):
                out.append(_image_token(full, shown))
            else:  # cannot be shown (a relative source without base_url): its alt text, as a word apart
                text = Token("text", "", 0)
                text.content = shown.alt if shown is not None else (image_alt(tok) or tok.content)
                if text.content:
                    text.content = f" {text.content} "
                    out.append(text)
            continue
        if tok.type == "html_inline":
            continue
        out.append(tok)
    return out


def _ensure_link_text(out: list[Token]) -> None:
    """A link must say something: an empty ``[](url)`` shows its address as its text."""
    from markdown_it.token import Token

    for i in range(len(out) - 1, -1, -1):
        if out[i].type == "link_open":
            if not "".join(t.content for t in out[i + 1:] if t.type in ("text", "code_inline")).strip():
                text = Token("text", "", 0)
                href = str(out[i].attrs.get("href", ""))
                text.content = href.split(":", 1)[1].lstrip("/") if href.startswith(("mailto:", "tel:")) else href
                out.append(text)
            return


def _wrap(children: list[Token], attrs: dict[str, str]) -> list[Token]:
    from markdown_it.token import Token

    open_ = Token("span_open", "span", 1)
    open_.attrs = dict(attrs)
    close = Token("span_close", "span", -1)
    return [open_, *children, close]


def inline_tokens(text: str, images: dict[str, ImageText] | None = None, base_url: str = "") -> list[Token]:
    """Children for an inline token from untrusted Markdown ``text``."""
    parsed = safe_parser().parseInline(text, {})
    return sanitize_inline(parsed[0].children or [], images, base_url) if parsed else []


def ui_label(lang: Language, msgid: str, project_locales: Path | None = None) -> str:
    """A UI string ("Warning", "Note", ...) in ``lang`` from the ``polyleaf-ui`` domain
    (:func:`pipeline.ui.ui_for`); the English ``msgid`` when it has no translation there."""
    from ..ui import ui_for

    return ui_for(lang, project_locales).gettext(msgid)


#: Callout type -> the UI string of its label.
CALLOUT_LABELS = {"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"}


@dataclass(frozen=True)
class Body:
    html: str
    title: str  # plain text of the (translated) h1
    states: dict  # state -> count
    #: Translatable front matter in the page's language ({"title": ..., "description": ...}),
    #: source text where not reviewed; for the page's <title> and <meta name="description">.
    front_matter: dict = field(default_factory=dict)


def render_body(doc: Document, resolved: list[Resolved], source_lang: Language, page_lang: Language,
                project_locales: Path | None = None) -> Body:
    """The leaflet body as HTML: structure from the source, text from ``resolved`` (pure)."""
    tokens = parse_tokens(doc.text)
    by_text = {}
    for r in resolved:
        by_text.setdefault((r.segment.line, r.segment.context, r.segment.text), r)
    title = ""
    states: dict[str, int] = {}
    images_of: dict[int, dict[str, ImageText]] = {}
    shown: dict[int, Resolved] = {}  # inline token index -> its segment's text
    for i, tok in enumerate(tokens):
        kind = callout_type(tokens, i)
        if kind:
            tok.meta = {**(tok.meta or {}), "callout": kind}
            tokens[i + 2].meta = {**(tokens[i + 2].meta or {}), "callout_marker": True}
    for i, seg in iter_segment_tokens(tokens, doc.path):
        r = by_text.get((seg.line, seg.context, seg.text)) or Resolved(seg, seg.text, UNTRANSLATED)
        states[r.state] = states.get(r.state, 0) + 1
        if seg.context:
            _note_image(images_of.setdefault(i, {}), tokens[i], r, source_lang, page_lang)
            continue
        shown[i] = r
    for i, tok in enumerate(tokens):
        if tok.type != "inline":
            continue
        images = {str(img.attrs.get("src", "")): ImageText(alt=image_alt(img), title=str(img.attrs.get("title") or ""))
                  for img in _source_images(tok.children)}
        images.update(images_of.get(i, {}))
        seg_r = shown.get(i)
        if seg_r is not None:
            children = inline_tokens(seg_r.text, images, doc.base_url)
            if seg_r.state in (FUZZY, UNTRANSLATED):
                attrs = {"class": f"pl-{seg_r.state}", "lang": source_lang.tag, "data-state": seg_r.state}
                if source_lang.direction != page_lang.direction:
                    attrs["dir"] = source_lang.direction
                children = _wrap(children, attrs)
            tok.children = children
            tok.content = seg_r.text
            if seg_r.segment.kind == "title" and not title:
                title = re.sub(r"\s+", " ", _plain(_flatten(children))).strip()
        else:  # no words of its own: images only, an empty heading, a callout marker
            children = list(tok.children or [])
            if (tok.meta or {}).get("callout_marker") and children and children[0].type == "text":
                children = children[1:]  # "[!NOTE]" (the label is rendered in its place)
            tok.children = sanitize_inline(children, images, doc.base_url)
    tokens = _drop_empty_blocks(tokens)
    tokens = _callouts(tokens, page_lang, project_locales)
    _normalise_headings(tokens)
    _logical_alignment(tokens)
    if page_lang.direction == "rtl":
        _isolate_latin_runs(tokens)
    # Raw HTML blocks of the source (translator notes, embeds) and the front matter are not rendered.
    tokens = [t for t in tokens if t.type not in ("html_block", "front_matter")]
    md = safe_parser()
    html = md.renderer.render(tokens, md.options, {})
    front_matter = {r.segment.context.removeprefix("front matter: "): r.text
                    for r in resolved if r.segment.kind == "front-matter"}
    for r in resolved:
        if r.segment.kind == "front-matter":
            states[r.state] = states.get(r.state, 0) + 1
    return Body(html=html, title=title or doc.title, states=states, front_matter=front_matter)


def _note_image(images: dict[str, ImageText], inline: Token, r: Resolved, source_lang: Language, page_lang: Language) -> None:
    """Record the text a source image shows from its alt or title segment ``r``."""
    for img in _source_images(inline.children):
        src = str(img.attrs.get("src", ""))
        if image_context(src) != r.segment.context:
            continue
        current = images.get(src) or ImageText(alt=image_alt(img), title=str(img.attrs.get("title") or ""))
        lang = source_lang.tag if r.state in (FUZZY, UNTRANSLATED) and source_lang.tag != page_lang.tag else ""
        if r.segment.kind == "image-alt" and segment_text(image_alt(img)) == r.segment.text:
            current = ImageText(alt=r.text, title=current.title, lang=lang or current.lang)
        elif r.segment.kind == "image-title" and segment_text(str(img.attrs.get("title") or "")) == r.segment.text:
            current = ImageText(alt=current.alt, title=r.text, lang=current.lang)
        images[src] = current


def _source_images(children: list[Token] | None):
    for c in children or ():
        if c.type == "image":
            yield c
            yield from _source_images(c.children)


def _drop_empty_blocks(tokens: list[Token]) -> list[Token]:
    """Headings and paragraphs left with nothing to show (``##`` alone, a callout marker alone)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("heading_open", "paragraph_open") and i + 2 < len(tokens) and tokens[i + 1].type == "inline":
            if not any(c.type not in ("softbreak", "hardbreak") and (c.type != "text" or c.content.strip())
                       for c in tokens[i + 1].children or ()):
                i += 3
                continue
        out.append(tok)
        i += 1
    return out


def _callouts(tokens: list[Token], page_lang: Language, project_locales: Path | None = None) -> list[Token]:
    """``> [!WARNING]`` quotes as ``<aside role="note">`` with a translated, visible label."""
    from markdown_it.token import Token

    out: list[Token] = []
    stack: list[bool] = []
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            kind = _callout_kind(tokens, i)
            stack.append(kind is not None)
            if kind is None:
                out.append(tok)
                continue
            msgid = CALLOUT_LABELS[kind]
            label = ui_label(page_lang, msgid, project_locales)
            aside = Token("callout_open", "aside", 1)
            aside.block = True
            aside.attrs = {"class": f"pl-callout pl-callout-{kind.lower()}", "role": "note", "aria-label": label}
            p_open = Token("paragraph_open", "p", 1)
            p_open.block = True
            p_open.attrs = {"class": "pl-callout-label"}
            if label == msgid and page_lang.base != "en":
                p_open.attrs.update({"lang": "en", "dir": "ltr"})
            inline = Token("inline", "", 0)
            strong_open, text, strong_close = Token("strong_open", "strong", 1), Token("text", "", 0), Token("strong_close", "strong", -1)
            text.content = label
            inline.children = [strong_open, text, strong_close]
            p_close = Token("paragraph_close", "p", -1)
            p_close.block = True
            out.extend([aside, p_open, inline, p_close])
            continue
        if tok.type == "blockquote_close" and stack:
            if stack.pop():
                close = Token("callout_close", "aside", -1)
                close.block = True
                out.append(close)
                continue
        out.append(tok)
    return out


def _callout_kind(tokens: list[Token], i: int) -> str | None:
    """The callout type of the quote opened at ``i``: the marker paragraph may have been dropped."""
    return (tokens[i].meta or {}).get("callout")


#: A run of Latin-script words (with digits, hyphens, apostrophes, dots and spaces inside it).
_LATIN_RUN = re.compile(r"[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F0-9'’.\- ]*[A-Za-z\u00C0-\u024F0-9])?")


def isolate_latin(children: list[Token]) -> list[Token]:
    """In right-to-left text, each run of Latin words ("CAR T", "NHS 111") in its own ``<bdi>``.

    The bidi algorithm then lays the run out as one left-to-right unit, so neighbouring digits and
    punctuation cannot jump into or out of it ("CAR T-cell" stays whole next to Arabic).
    """
    from markdown_it.token import Token

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
    from markdown_it.token import Token

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
    """Table cell alignment from the source (``:---``) as start/end, so it mirrors on RTL pages;
    header cells say what they head (``scope="col"``) for screen readers."""
    for tok in tokens:
        if tok.type in ("th_open", "td_open") and tok.attrs.get("style") in _LOGICAL:
            tok.attrs["style"] = _LOGICAL[str(tok.attrs["style"])]
        if tok.type == "th_open":
            tok.attrs["scope"] = "col"
