"""One self-contained, accessible HTML page per document and language (pure).

Jinja2 with autoescape: every string that reaches the page from a catalog is
escaped by the template or rendered by :mod:`.content`'s safe inline parser.
The CSS is ours and inlined; fonts are named as system families (Noto), so the
page makes no request at all.  The same HTML, with its print stylesheet, is
what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib
from markupsafe import Markup

from .. import memo
from ..catalogs import is_translated
from ..config import Settings
from ..languages import Language
from ..model import Document
from ..ui import UI, ui_for
from .content import render_body, require_complete, resolve
from .fonts import css_font_family
from .review_dates import review_dates
from .settings import ExportSettings
from .settings import load as load_export_settings

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"


def template_environment(folder: Path) -> Environment:
    """The Jinja2 environment of our templates (pages here, the readability report): autoescaped,
    strict about undefined names, with Jinja2's bytecode cache.  jinja2 is imported here: a build
    with nothing to render (no-op) does not load it."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=jinja_bytecode_cache(),
    )


@memo.pure(maxsize=1)
def _env() -> Environment:
    return template_environment(TEMPLATES)


@memo.pure(maxsize=1)
def _css_template() -> str:
    return (TEMPLATES / "page.css").read_text(encoding="utf-8")


def page_css(stack: tuple[str, ...], ui: UI | None = None) -> Markup:
    """Our stylesheet with the page's font stack (family names are validated, never from a catalog).

    With ``ui``, the print page numbers read as the language writes them ("Página 2 de 4", in its
    digits): the words come from the catalog, hex-escaped into a CSS string (they cannot end it).
    """
    family = css_font_family(stack)
    if "<" in family or "\\" in family:  # cannot happen with validated names; never close the <style>
        raise ValueError("unsafe font family name")
    css = _css_template().replace("__FONT_FAMILY__", family)
    if ui is not None:
        css += ("@media print { @page { @bottom-right { content: " + ui.css_page_counter() + "; } } }\n")
    return Markup(css)


@dataclass(frozen=True)
class SwitcherItem:
    tag: str
    name: str
    direction: str
    href: str
    current: bool


def page_dir(lang: Language) -> str:
    """Folder name of a language's page under ``dist/<doc>/`` (gettext style code, as in locales/)."""
    return lang.code


def html_name() -> str:
    return "index.html"


def pdf_name(doc: Document, lang: Language) -> str:
    return f"{doc.name}.{lang.code}.pdf"


def language_name(lang: Language, among: Sequence[Language] = ()) -> str:
    """A language's own name as CLDR writes it inside a sentence ("español", "Cymraeg", "中文").

    The bare language's name when no other language in ``among`` shares its base ("中文" for zh_Hans,
    "English" for en_GB); CLDR's full name with script or region when one does ("中文 (简体)" beside
    "中文 (繁體)").
    """
    from babel import Locale

    if any(o.base == lang.base and o.code != lang.code for o in among) or lang.base == lang.code:
        return lang.native_name
    try:
        base = Locale.parse(lang.base)
    except (ValueError, LookupError):
        return lang.native_name
    return base.get_display_name(base) or lang.native_name


def display_name(lang: Language, among: Sequence[Language] = ()) -> str:
    """:func:`language_name` standing alone (menus, lists, headings): one rule for every language,
    the first letter capitalised, as CLDR's ``uiListOrMenu`` context does ("Español", "Polski";
    scripts without case are unchanged).  Inside a sentence the name stays as CLDR writes it."""
    name = language_name(lang, among)
    return name[:1].upper() + name[1:]


def switcher(current: Language, languages: Sequence[Language]) -> list[SwitcherItem]:
    seen: list[Language] = []
    for l in (*languages,):
        if l.code not in {s.code for s in seen}:
            seen.append(l)
    if current.code not in {s.code for s in seen}:
        seen.insert(0, current)
    return [
        SwitcherItem(
            tag=l.tag,
            name=display_name(l, seen),
            direction=l.direction,
            href=f"../{page_dir(l)}/{html_name()}",
            current=l.code == current.code,
        )
        for l in seen
    ]


def render_html(
    settings: Settings,
    doc: Document,
    lang: Language,
    catalog: polib.POFile | None,
    *,
    draft: bool,
    languages_available: Sequence[Language] = (),
    export: ExportSettings | None = None,
    with_pdf_link: bool = False,
    medium: str = "screen",
    inline_css: bool = True,
    reviewed: Callable[[polib.POEntry], bool] = is_translated,
) -> str:
    """The page for ``doc`` in ``lang`` (pure: values in, text out).

    ``catalog`` is the language's parsed catalog, or ``None`` for the source
    language.  Without ``draft``, a segment that is not reviewed is an
    :class:`~pipeline.errors.ExportError` naming it: a published page holds
    reviewed text only.  With ``draft``, such segments show the source text,
    marked, and the page says "Draft — not reviewed".  ``medium="pdf"`` gives
    the page WeasyPrint sets (only its font stack can differ); ``inline_css=False``
    leaves the ``<style>`` out for a caller that supplies :func:`page_css` itself.
    """
    export = export or load_export_settings(settings)
    ui = ui_for(lang, settings.locales_dir)
    is_source = catalog is None
    if is_source and lang.code != settings.source_language.code:
        from ..errors import ExportError

        raise ExportError(f"[{lang.code}] no catalog given for a target language", settings.rel(settings.catalog_path(lang, doc.name)))
    resolved = resolve(doc, catalog, reviewed=reviewed)
    if not draft and not is_source:
        require_complete(resolved, lang, settings.rel(settings.catalog_path(lang, doc.name)))
    body = render_body(doc, resolved, settings.source_language, lang, settings.locales_dir)
    has_drafts = any(r.state in ("fuzzy", "untranslated") for r in resolved)
    stack = export.font_stack(lang, medium)
    dates = review_dates(settings, doc, catalog, export)
    return _env().get_template("page.html.j2").render(
        _=ui.html,
        gettext=ui.gettext,
        ngettext=ui.ngettext,
        lang=lang,
        project_lang=settings.source_language,
        language_name=language_name(lang, languages_available),
        title=body.title,
        css=page_css(stack, ui) if inline_css else "",
        draft=draft,
        has_drafts=has_drafts,
        author=settings.team,
        switcher=switcher(lang, languages_available),
        pdf_href=pdf_name(doc, lang) if with_pdf_link else "",
        body=Markup(body.html),
        document_name=settings.name,
        version=settings.version,
        last_reviewed=ui.date(dates.last_reviewed) if dates.last_reviewed else "",
        next_review=ui.date(dates.next_review) if dates.next_review else "",
    )


def jinja_bytecode_cache():
    """Jinja2's own compiled-template cache (its secure per-user folder in the temp directory,
    entries keyed by template name and source checksum): compiling the page and report
    templates cost ~0.1 s of every rebuild that renders anything (issue 17). None where Jinja
    finds no safe folder; templates are then compiled as before."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None
