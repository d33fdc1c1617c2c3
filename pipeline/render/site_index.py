"""``dist/site/index.html``: the page a patient starts from (pure but for reading the PDFs' sizes).

One section per document, one entry per language it is published in (the source
language first): the leaflet's title *in that language*, the language's own
name (CLDR, :func:`~pipeline.render.html.display_name`), and link text that says
where each link goes, in that language, from the ``polyleaf-ui`` domain:
"Read in Cymraeg"-style text and "Download the PDF (4 pages, 120 KB)" with the
page count and size of the PDF on disk.  Styled by the pages' own stylesheet.

It links no internal file: held-back languages are not mentioned (the manifest
and the CI summary carry them), and neither is ``manifest.json``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..config import Settings
from ..languages import Language
from ..model import Document
from ..ui import UI, ui_for
from .content import render_body, resolve
from .html import _env, display_name, html_name, language_name, page_css, page_dir, pdf_name
from .review_dates import ReviewDates, review_dates
from .settings import ExportSettings


@dataclass(frozen=True)
class IndexItem:
    lang: Language
    name: str  # the language's own name (standing alone)
    title: str  # the document's title in this language
    html_href: str
    pdf_href: str
    read: Markup  # link text, in this language
    download: Markup
    dates: Markup


@dataclass(frozen=True)
class IndexDocument:
    title: str
    items: tuple[IndexItem, ...]


_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


_STREAM = re.compile(rb"stream\r?\n")


def pdf_facts(path: Path) -> tuple[int, int] | None:
    """(pages, bytes) of a PDF we wrote, or None: the root page tree's ``/Count``, found in the file
    or in its Flate-compressed object streams (WeasyPrint writes PDF 1.7 with object streams)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    counts = [int(a or b) for a, b in _PAGES.findall(data)]
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        try:
            raw = zlib.decompress(data[m.end():end])
        except zlib.error:
            continue
        counts += [int(a or b) for a, b in _PAGES.findall(raw)]
    return (max(counts), len(data)) if counts else None


class TitleMemo:
    """Each index entry's title and review dates known from the last build, by (settings, source
    hash, catalog sha256, language): the index neither reads a catalog nor renders a document body
    whose inputs did not change (``pipeline.site`` keeps it in the build cache).

    ``items``: each entry's finished text (language name, link text, dates) under that key plus
    the languages beside it, the formats and the fingerprint of its UI catalogs, so an unchanged
    entry costs no CLDR or catalog lookup either."""

    def __init__(self, known: dict | None = None, items: dict | None = None):
        self.known = dict(known or {})
        self.used: dict[str, list] = {}
        self.known_items = dict(items or {})
        self.used_items: dict[str, list] = {}
        self.known_page: list | None = None  # [key, sha256] of the index page the last build wrote
        self.used_page: list | None = None

    def key(self, settings: Settings, doc: Document, lang: Language) -> str:
        from ..catalogs import file_digest

        digest = file_digest(settings.catalog_path(lang, doc.name)) if lang.code != settings.source_language.code else "-"
        return f"{settings.text_digest}:{doc.source_hash}:{digest}:{lang.code}"

    def facts(self, settings: Settings, doc: Document, lang: Language, compute, key: str | None = None) -> list:
        key = key or self.key(settings, doc, lang)
        found = self.known.get(key)
        if not (isinstance(found, list) and len(found) == 3 and all(isinstance(x, str) for x in found)):
            found = compute()
        self.used[key] = found
        return found

    @property
    def unchanged(self) -> bool:
        """Whether this build used exactly what the last one recorded (nothing to save)."""
        return self.used == self.known and self.used_items == self.known_items and self.used_page == self.known_page

    def item(self, key: str, title_key: str) -> list | None:
        """The entry's text recorded under ``key`` (its title facts kept for the next build too), or None."""
        found = self.known_items.get(key)
        if not (isinstance(found, list) and len(found) == 4 and all(isinstance(x, str) for x in found)):
            return None
        facts = self.known.get(title_key)
        if not (isinstance(facts, list) and len(facts) == 3 and all(isinstance(x, str) for x in facts)):
            return None
        self.used[title_key] = facts
        self.used_items[key] = found
        return found


def _labels_code_key() -> str:
    """What an index entry's text depends on besides its inputs: the label code and CLDR's data."""
    import hashlib

    import babel

    from .. import ui as ui_module

    return hashlib.sha256(babel.__version__.encode() + b"\0" + Path(ui_module.__file__).read_bytes()).hexdigest()[:16]


def _ui_key(lang: Language, settings: Settings, base: str) -> str:
    from ..ui import fingerprint

    return f"{base}:{fingerprint((lang,), settings.locales_dir)}"


def item_for(settings: Settings, doc: Document, lang: Language, site: Path, formats: Sequence[str],
             export: ExportSettings, among: Sequence[Language] = (), titles: TitleMemo | None = None,
             ui: UI | None = None, ui_key: str | None = None) -> IndexItem:
    """``ui``: ``lang``'s labels when the caller has them (the index makes one per language, not per item);
    ``ui_key``: their fingerprint (:func:`pipeline.ui.fingerprint`), which lets ``titles`` keep the entry."""
    if ui is None:
        ui = ui_for(lang, settings.locales_dir)

    def compute() -> list:
        catalog = None
        if lang.code != settings.source_language.code:
            from .export import load_catalog

            catalog = load_catalog(settings, lang, doc)
        dates = review_dates(settings, doc, catalog, export)
        return [render_body(doc, resolve(doc, catalog), settings.source_language, lang).title, dates.last_reviewed, dates.next_review]

    base = f"{doc.name}/{page_dir(lang)}"
    title_key = memo_key = None
    hit = None
    if titles is not None:
        title_key = titles.key(settings, doc, lang)
        if ui_key is not None:
            memo_key = f"{title_key}|{','.join(l.code for l in among)}|{ui_key}"
            hit = titles.item(memo_key, title_key)
    if hit is not None:
        name, title, read, dates_text = hit
        read, dates = Markup(read), Markup(dates_text)
    else:
        title, last_reviewed, next_review = titles.facts(settings, doc, lang, compute, title_key) if titles is not None else compute()
        name = display_name(lang, among)
        read = ui.html("Read in %(language)s", language=language_name(lang, among))
        parts = []
        if last_reviewed:
            parts.append(ui.html("Last reviewed: %(date)s", date=ui.date(last_reviewed)))
        if next_review:
            parts.append(ui.html("Next review: %(date)s", date=ui.date(next_review)))
        dates = Markup(" · ").join(parts)
        if memo_key is not None:
            titles.used_items[memo_key] = [name, title, str(read), str(dates)]
    download = Markup("")
    pdf_href = ""
    if "pdf" in formats:
        pdf_href = f"{base}/{pdf_name(doc, lang)}"
        facts = pdf_facts(site / doc.name / page_dir(lang) / pdf_name(doc, lang))
        if facts:
            pages, size = facts
            download = ui.nhtml("Download the PDF (%(pages)s page, %(size)s)", "Download the PDF (%(pages)s pages, %(size)s)",
                               pages, pages=ui.number(pages), size=ui.size(size))
        else:
            download = ui.html("Download the PDF")
    return IndexItem(lang, name, title, f"{base}/{html_name()}" if "html" in formats else "", pdf_href,
                     read, download, dates)


def site_index(settings: Settings, documents: Iterable[Document], published: dict[str, Sequence[str]], site: Path,
               formats: Sequence[str], export: ExportSettings, titles: TitleMemo | None = None) -> str:
    """The index page: ``published`` maps a document name to the language codes that passed the gate."""
    src = settings.source_language
    ui = ui_for(src, settings.locales_dir)
    docs = []
    uis: dict[str, UI] = {}
    ui_keys: dict[str, str | None] = {}
    base_key = _labels_code_key() if titles is not None else ""
    for doc in documents:
        langs = [src, *[settings.language(c) for c in published.get(doc.name, ()) if c != src.code]]
        for l in langs:
            if l.code not in uis:
                uis[l.code] = ui_for(l, settings.locales_dir)
                ui_keys[l.code] = _ui_key(l, settings, base_key) if titles is not None else None
        docs.append(IndexDocument(doc.title, tuple(item_for(settings, doc, l, site, formats, export, langs, titles, uis[l.code],
                                                            ui_keys[l.code])
                                                   for l in langs)))
    title = settings.name or ui.gettext("Patient leaflets")
    # every script on the index needs its font: the source language's stack, then the others'
    families: list[str] = list(export.font_stack(src, "screen"))
    stacks: dict[str, tuple[str, ...]] = {}
    for doc in docs:
        for item in doc.items:
            stack = stacks.get(item.lang.code)
            if stack is None:
                stack = stacks[item.lang.code] = tuple(export.font_stack(item.lang, "screen"))
            for fam in stack:
                if fam not in families:
                    families.append(fam)
    key = None
    if titles is not None:  # everything the page shows, in order: the same as last time -> the same page
        import hashlib

        h = hashlib.sha256("\0".join((src.code, title, str(ui.html("Skip to content")), *families)).encode("utf-8"))
        for doc in docs:
            h.update(b"\1" + doc.title.encode("utf-8"))
            for it in doc.items:
                h.update("\0".join((it.lang.code, it.lang.tag, it.lang.direction, it.name, it.title, it.html_href, it.pdf_href,
                                    str(it.read), str(it.download), str(it.dates), "\2")).encode("utf-8"))
        key = h.hexdigest()
        page = _recorded_page(site / "index.html", titles.known_page, key)
        if page is not None:
            titles.used_page = titles.known_page
            return page
    css = page_css(tuple(families))
    text = _env().get_template("site_index.html.j2").render(
        _=ui.html, gettext=ui.gettext, lang=src, title=title, css=css, documents=docs,
    )
    if key is not None:
        import hashlib

        titles.used_page = [key, hashlib.sha256(text.encode("utf-8")).hexdigest()]
    return text


def _recorded_page(path: Path, recorded, key: str) -> str | None:
    """The index page on disk when the last build recorded ``key`` for it and it is as that build
    wrote it (its sha256): the page is not rendered again."""
    import hashlib

    if not (isinstance(recorded, list) and len(recorded) == 2 and recorded[0] == key):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != recorded[1]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_site_index(settings: Settings, decisions, documents: Sequence[Document], site: Path, formats: Sequence[str],
                     export: ExportSettings, titles: TitleMemo | None = None) -> str:
    """The index text for the gate's ``decisions`` (objects with ``.document``, ``.language``, ``.publish``)."""
    published: dict[str, list[str]] = {}
    for d in decisions:
        if d.publish:
            published.setdefault(d.document, []).append(d.language)
    return site_index(settings, documents, published, site, formats, export, titles)
