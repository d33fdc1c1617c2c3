"""A web page (or the HTML mammoth makes of a Word file) -> Markdown of its main content.

The main content is ``<main>`` (or ``role="main"``), else the largest ``<article>``,
else the element holding most paragraph text (readability's idea, kept small).
Navigation, banners, footers, forms, scripts and hidden elements are page furniture,
not leaflet text: they are removed.  Media and embeds that Markdown cannot hold
(video, audio, iframes, canvases, forms inside the content) are reported with their
source line.  The conversion itself is markdownify's, with ATX headings and ``-`` bullets.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from . import ImportNote, ImportResult, tidy_markdown

#: Never leaflet text: removed wherever they are, silently.
_SCRIPTING = ("script", "style", "noscript", "template", "link", "meta", "head")
#: Page furniture: removed silently when outside the main content, reported inside it.
_FURNITURE = ("nav",)
_FURNITURE_ROLES = ("navigation", "banner", "contentinfo", "search")
#: Cannot be held in Markdown: reported (with their line) and left out.
_UNMAPPABLE = ("video", "audio", "iframe", "object", "embed", "canvas", "form", "button", "input", "select",
               "textarea", "svg", "map", "dialog", "math")


def _where(tag: Tag) -> str:
    line = getattr(tag, "sourceline", None)
    return f"<{tag.name}> at line {line}" if line else f"<{tag.name}>"


def _text(tag: Tag | None) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip() if tag is not None else ""


_BLOCKS = frozenset("p div li td th h1 h2 h3 h4 h5 h6 br tr table section article ul ol blockquote dd dt dl figure "
                    "figcaption header footer aside pre hr main caption thead tbody tfoot body html".split())


def reading_text(tag: Tag | None) -> str:
    """The text a reader sees: inline elements run together as written, blocks apart."""
    if tag is None:
        return ""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag):
                block = child.name in _BLOCKS
                if block:
                    parts.append(" ")
                if child.name == "img":
                    continue
                walk(child)
                if block:
                    parts.append(" ")

    walk(tag)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return (tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true"
            or "display:none" in style or "visibility:hidden" in style)


def _is_furniture(tag: Tag) -> bool:
    return tag.name in _FURNITURE or str(tag.get("role") or "").lower() in _FURNITURE_ROLES


def main_content(soup: BeautifulSoup) -> Tag:
    """The element holding the page's main content (see the module docs)."""
    mains = [t for t in soup.find_all(["main"]) if _text(t)] + [t for t in soup.find_all(attrs={"role": "main"}) if _text(t)]
    if mains:
        return max(mains, key=lambda t: len(_text(t)))
    articles = [t for t in soup.find_all("article") if _text(t)]
    if articles:
        return max(articles, key=lambda t: len(_text(t)))
    scores: dict[int, tuple[float, Tag]] = {}
    for p in soup.find_all("p"):
        n = len(_text(p))
        if n < 25:
            continue
        for parent, weight in ((p.parent, 1.0), (p.parent.parent if p.parent else None, 0.5)):
            if isinstance(parent, Tag) and parent.name not in ("[document]", "html"):
                score, _ = scores.get(id(parent), (0.0, parent))
                scores[id(parent)] = (score + weight * n, parent)
    if scores:
        return max(scores.values(), key=lambda s: s[0])[1]
    return soup.body or soup


#: A paragraph's start Markdown would read as a list item: ``3)``/``3.`` or ``-``/``+``/``*`` then a space.
_LIST_MARKER_START = re.compile(r"^(\s*\d{1,9}|\s*)([.)]|(?<!\d)[-+*])(?=[ \t]|$)")


class _Converter(MarkdownConverter):
    """markdownify with the notes of what it could not hold."""

    def __init__(self, notes: list[ImportNote], **options):
        super().__init__(**options)
        self.notes = notes
        self.images = 0
        self.tables = 0

    def convert_img(self, el, text, parent_tags=None, **kwargs):
        self.images += 1
        src = str(el.get("src") or el.get("data-src") or "")
        alt = str(el.get("alt") or "")
        where = _where(el) if getattr(el, "sourceline", None) else f"image {self.images}"
        if not src or src.startswith("data:"):
            why = "embedded in the file" if src else "has no address"
            self.notes.append(ImportNote(where, f"image{f' {alt[:60]!r}' if alt else ''} {why}: not imported; save it as a "
                                                "file and add ![alt text](file) yourself"))
            return ""
        el["src"] = src
        return super().convert_img(el, text, parent_tags=parent_tags, **kwargs)

    def convert_a(self, el, text, parent_tags=None, **kwargs):
        if re.search(r"\n\s*\n", text.strip()):
            self.notes.append(ImportNote(_where(el), f"link to {str(el.get('href') or '')[:80]!r} around several paragraphs: "
                                                     "Markdown links hold one line of text; its text kept, the link left out"))
            return text
        return super().convert_a(el, text, parent_tags=parent_tags, **kwargs)

    def convert_p(self, el, text, parent_tags=None, **kwargs):
        # A paragraph typed as "3) Individual files ..." or "- note" in Word or on a page is text, not a
        # list: escape the marker so Markdown keeps it as written (the reader sees "3)", not a list item 3).
        if parent_tags is not None and "_inline" not in parent_tags:
            text = _LIST_MARKER_START.sub(r"\1\\\2", text, count=1)
        return super().convert_p(el, text, parent_tags=parent_tags, **kwargs)

    def convert_table(self, el, text, parent_tags=None, **kwargs):
        self.tables += 1
        where = f"table {self.tables}" + (f" at line {el.sourceline}" if getattr(el, "sourceline", None) else "")
        if el.find(lambda t: isinstance(t, Tag) and t.name in ("td", "th") and (t.get("colspan") or t.get("rowspan"))):
            self.notes.append(ImportNote(where, "table has merged cells (colspan/rowspan): Markdown tables cannot "
                                                     "merge cells, check the imported table"))
        if el.find("table"):
            self.notes.append(ImportNote(where, "table inside a table: flattened, check it"))
        return super().convert_table(el, text, parent_tags=parent_tags, **kwargs)


def _clean(root: Tag, notes: list[ImportNote]) -> None:
    """Remove scripting, furniture and what Markdown cannot hold from ``root`` (notes for the latter)."""
    for c in root.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for tag in list(root.find_all(True)):
        if getattr(tag, "decomposed", False) or tag.parent is None:
            continue  # inside something already removed
        if tag.name in _SCRIPTING:
            tag.decompose()
        elif _is_furniture(tag) or _hidden(tag):
            tag.decompose()
        elif tag.name in ("strong", "b", "em", "i", "u", "span", "sup", "sub", "mark", "small") and tag.string is not None \
                and not tag.string.strip() and tag.string:
            tag.replace_with(NavigableString(" "))  # <strong> </strong>: markdownify would drop the space
        elif re.fullmatch(r"h[1-6]", tag.name) and not _text(tag) and tag.find("img") is None:
            notes.append(ImportNote(_where(tag), "empty heading left out"))
            tag.decompose()
        elif tag.name in _UNMAPPABLE:
            text = _text(tag)
            detail = f" (its text: {text[:60]!r})" if text else ""
            notes.append(ImportNote(_where(tag), f"<{tag.name}> cannot be held in Markdown: left out{detail}"))
            tag.decompose()


def html_to_markdown(html: str, where: str = "", *, whole: bool = False, intro_notes: list[ImportNote] | None = None) -> ImportResult:
    """The Markdown of a page's main content (``whole=True``: of the whole fragment, as for Word)."""
    notes: list[ImportNote] = list(intro_notes or [])
    soup = BeautifulSoup(html, "html.parser")
    for tag in list(soup.find_all(_SCRIPTING)):
        tag.decompose()
    root: Tag = soup if whole else main_content(soup)
    title = None
    if not whole and root.find("h1") is None:
        h1s = [h for h in soup.find_all("h1") if _text(h) and not any(p is root for p in h.parents)]
        if len(h1s) == 1:
            title = h1s[0]
            notes.append(ImportNote(_where(title), "title taken from the page's <h1>, which is outside the main content"))
    if not whole and root is not soup:
        notes.append(ImportNote(_where(root), f"main content: <{root.name}{_describe(root)}>; everything outside it "
                                              "(navigation, banners, footers, sidebars) left out"))
    _clean(root, notes)
    source_text = " ".join(x for x in (reading_text(title), reading_text(root)) if x)
    converter = _Converter(notes, heading_style="ATX", bullets="-", strong_em_symbol="*", wrap=False,
                           escape_misc=False, newline_style="SPACES")
    body = converter.convert_soup(root)
    md = (f"# {_text(title)}\n\n" if title is not None else "") + body
    md = tidy_markdown(md)
    relative = len(re.findall(r"\]\((?!https?:|mailto:|tel:|#)[^)\s]+", md))
    if relative:
        notes.append(ImportNote("links", f"{relative} relative link(s) kept as written: set [project] base_url to the "
                                         "site's address so they stay links on the published page"))
    return ImportResult(markdown=md, notes=tuple(notes), source_text=source_text)


def _describe(tag: Tag) -> str:
    bits = []
    if tag.get("id"):
        bits.append(f' id="{tag.get("id")}"')
    if tag.get("class"):
        bits.append(f' class="{" ".join(tag.get("class"))}"')
    if tag.get("role"):
        bits.append(f' role="{tag.get("role")}"')
    return "".join(bits)


def plain_words_of_markdown(md: str, list_numbers: bool = False) -> list[str]:
    """The words a reader sees in Markdown (rendered by markdown-it, markup and link targets gone);
    ``list_numbers``: with the numbers of ordered lists (text from a PDF holds them as words)."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(md)
    soup = BeautifulSoup(html, "html.parser")
    for ol in soup.find_all("ol") if list_numbers else ():  # the numbers a reader sees
        start = int(ol.get("start") or 1)
        for k, li in enumerate(ol.find_all("li", recursive=False)):
            li.insert(0, f"{start + k}. ")
    return words(soup.get_text(" "))


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’.\-][^\W_]+)*", text)


__all__ = ["html_to_markdown", "main_content", "plain_words_of_markdown", "reading_text", "words"]
