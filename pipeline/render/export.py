"""Export documents x languages to ``dist/``: the edge where files are read and written.

Layout (``out_dir`` defaults to ``[project] dist_dir``; draft builds default to
``<reports_dir>/draft`` so a preview can never be published by accident)::

    <out_dir>/<doc>/<lang>/index.html          the page (lang = gettext code: zh_Hans)
    <out_dir>/<doc>/<lang>/<doc>.<lang>.pdf    the A4 print file

Everything is checked before anything is written: every catalog exists and
parses, and -- unless ``draft`` -- every segment of every (document, language)
is reviewed.  An incomplete language is an :class:`ExportError` naming the first
missing segment, so no caller (the CLI or the publish gate) can publish one.
Files are written atomically and only when their bytes change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import polib

from ..catalogs import is_translated, read_catalog_shared
from ..config import Settings
from ..errors import ExportError, PolyleafError
from ..fsutil import would_change, write_if_changed
from ..languages import Language
from ..model import Document
from ..ui import ui_for
from .content import require_complete, resolve
from .html import html_name, page_css, page_dir, pdf_name, render_html
from .fonts import check_coverage
from .pdf import render_pdf, visible_text
from .settings import FORMATS, ExportSettings
from .settings import load as load_export_settings


@dataclass(frozen=True)
class Job:
    """One document in one language, with everything needed to render it (picklable)."""

    doc: Document
    lang: Language
    catalog: polib.POFile | None  # None: the source language
    available: tuple[Language, ...]
    out_dir: Path

    @property
    def html_path(self) -> Path:
        return self.out_dir / self.doc.name / page_dir(self.lang) / html_name()

    @property
    def pdf_path(self) -> Path:
        return self.out_dir / self.doc.name / page_dir(self.lang) / pdf_name(self.doc, self.lang)


def default_out_dir(settings: Settings, draft: bool) -> Path:
    return settings.reports_dir / "draft" if draft else settings.dist_dir


def load_catalog(settings: Settings, lang: Language, doc: Document) -> polib.POFile:
    path = settings.catalog_path(lang, doc.name)
    rel = settings.rel(path)
    if not path.is_file():
        raise ExportError(f"[{lang.code}] no catalog for {doc.path}; run `polyleaf extract` (and translate) first", rel)
    return read_catalog_shared(path, rel)


def plan(
    settings: Settings,
    docs: Sequence[Document],
    langs: Sequence[Language],
    *,
    draft: bool,
    out_dir: Path,
    reviewed: Callable[[polib.POEntry], bool] = is_translated,
) -> list[Job]:
    """Read every catalog and refuse an incomplete language (unless ``draft``) before any rendering."""
    configured = {l.code for l in settings.languages}
    for lang in langs:
        if lang.code != settings.source_language.code and lang.code not in configured:
            known = ", ".join(sorted(configured)) or "none"
            raise ExportError(f"language {lang.code!r} is not configured in polyleaf.toml (configured: {known})")
    available = tuple(dict.fromkeys(langs, None))
    jobs: list[Job] = []
    for doc in docs:
        for lang in available:
            if lang.code == settings.source_language.code:
                catalog = None
            else:
                catalog = load_catalog(settings, lang, doc)
                if not draft:
                    require_complete(resolve(doc, catalog, reviewed=reviewed), lang, settings.rel(settings.catalog_path(lang, doc.name)))
            jobs.append(Job(doc, lang, catalog, available, out_dir))
    return jobs


def pdf_page(settings: Settings, job: Job, formats: tuple[str, ...], draft: bool, export: ExportSettings,
             reviewed: Callable[[polib.POEntry], bool] = is_translated) -> str:
    """The page WeasyPrint sets for ``job``: the screen page's HTML with the PDF font stack and no inline CSS.

    The print stylesheet hides the switcher and sets A4; only the font stack may differ from
    the screen page (see fonts.PDF_LANGUAGE_FONTS).  The stylesheet is passed to WeasyPrint
    separately (:func:`pdf_stylesheet`) so that it is parsed once per process.
    """
    return render_html(
        settings, job.doc, job.lang, job.catalog, draft=draft, languages_available=job.available,
        export=export, with_pdf_link="pdf" in formats, medium="pdf", inline_css=False, reviewed=reviewed,
    )


def pdf_stylesheet(job: Job, export: ExportSettings, settings: Settings | None = None) -> str:
    """The print stylesheet of ``job``: its PDF font stack and its page numbers in the page's language."""
    locales = settings.locales_dir if settings is not None else None
    return str(page_css(export.font_stack(job.lang, "pdf"), ui_for(job.lang, locales)))


def preflight_glyphs(settings: Settings, todo: Sequence[Job], draft: bool, export: ExportSettings,
                     reviewed: Callable[[polib.POEntry], bool] = is_translated,
                     formats: tuple[str, ...] = FORMATS) -> list[str]:
    """Check every PDF page's characters against its fonts before anything is rendered or written.

    Returns the PDF pages (one per job, see :func:`pdf_page`) so rendering need not build them again.
    """
    pages = []
    for job in todo:
        page = pdf_page(settings, job, formats, draft, export, reviewed)
        check_coverage(visible_text(page), job.lang, export.font_stack(job.lang, "pdf"), where=settings.rel(job.pdf_path))
        pages.append(page)
    return pages


def render_job(settings: Settings, job: Job, formats: tuple[str, ...], draft: bool, export: ExportSettings,
               reviewed: Callable[[polib.POEntry], bool] = is_translated, page: str | None = None) -> dict[str, bytes]:
    """The files of one job: ``{"html": ..., "pdf": ...}`` (no I/O here but the PDF engine).

    ``page``: the job's :func:`pdf_page` if the caller already has it (the preflight built it).
    """
    out: dict[str, bytes] = {}
    if "html" in formats:
        html = render_html(
            settings, job.doc, job.lang, job.catalog, draft=draft, languages_available=job.available,
            export=export, with_pdf_link="pdf" in formats, reviewed=reviewed,
        )
        out["html"] = html.encode("utf-8")
    if "pdf" in formats:
        bare = page if page is not None else pdf_page(settings, job, formats, draft, export, reviewed)
        out["pdf"] = render_pdf(bare, job.lang, export.font_stack(job.lang, "pdf"), tagged=export.pdf_tagged,
                                where=settings.rel(job.pdf_path), stylesheet=pdf_stylesheet(job, export, settings))
    return out


def _worker(args) -> tuple[str, object]:
    settings, job, formats, draft, export, reviewed, page = args
    try:
        return "ok", render_job(settings, job, formats, draft, export, reviewed, page)
    except PolyleafError as exc:  # exceptions with extra fields do not survive pickling: send the parts
        return "error", (type(exc).__name__, exc.message, exc.path, exc.line)


def export(
    settings: Settings,
    docs: Sequence[Document],
    langs: Sequence[Language],
    formats: Sequence[str] | None = None,
    draft: bool = False,
    jobs: int | None = None,
    out_dir: Path | None = None,
    *,
    progress: Callable[[Job], None] | None = None,
    on_output: Callable[[Path, bool], None] | None = None,
    export_settings: ExportSettings | None = None,
    check: bool = False,
    reviewed: Callable[[polib.POEntry], bool] = is_translated,
) -> list[Path]:
    """Render ``docs`` x ``langs`` and write them; return every output path (written or already current).

    ``langs`` may include the source language (its text needs no catalog).
    ``reviewed`` decides which entries may be published (default: translated and
    not fuzzy); with ``jobs`` > 1 it must be a module-level function (pickled).
    ``jobs`` > 1 renders in that many processes.  ``on_output(path, written)``
    is called per file, ``progress(job)`` per finished job.  With ``check``
    nothing is written: ``on_output(path, would_change)`` reports what would be.
    """
    es = export_settings or load_export_settings(settings)
    fmts = tuple(f for f in FORMATS if f in (formats or es.formats))
    if not fmts:
        raise ExportError(f"no export format given (known: {', '.join(FORMATS)})")
    workers = max(1, jobs if jobs is not None else es.jobs)
    out = Path(out_dir) if out_dir is not None else default_out_dir(settings, draft)
    todo = plan(settings, docs, langs, draft=draft, out_dir=out, reviewed=reviewed)
    pages: list[str | None] = [None] * len(todo)
    if "pdf" in fmts:
        pages = list(preflight_glyphs(settings, todo, draft, es, reviewed, fmts))
    paths: list[Path] = []

    def write(job: Job, files: dict[str, bytes]) -> None:
        for fmt, data in files.items():
            path = job.html_path if fmt == "html" else job.pdf_path
            try:
                written = would_change(path, data) if check else write_if_changed(path, data, durable=False)
            except OSError as exc:
                raise ExportError(f"cannot write: {exc.strerror}", settings.rel(path)) from None
            paths.append(path)
            if on_output:
                on_output(path, written)
        if progress:
            progress(job)

    if workers == 1 or len(todo) <= 1:
        for job, page in zip(todo, pages):
            write(job, render_job(settings, job, fmts, draft, es, reviewed, page))
        return paths

    with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
        futures = {pool.submit(_worker, (settings, job, fmts, draft, es, reviewed, page)): job for job, page in zip(todo, pages)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for fut in done:
                status, value = fut.result()
                if status == "error":
                    for other in pending:
                        other.cancel()
                    name, message, path, line = value  # type: ignore[misc]
                    raise ExportError(message, path, line)
                write(futures[fut], value)  # type: ignore[arg-type]
    return paths
