"""``polyleaf export``: HTML and PDF for each document and language."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalogs import load_documents
from ..errors import ConfigError
from ..languages import parse_language
from ..render import export as run_export
from ..render import load_export_settings
from ..render.settings import parse_formats
from ._common import EXIT_ATTENTION, lang_option, progress_bar, quiet_option, settings_from


@click.command("export")
@lang_option("Only these languages (repeat, or comma-separate; the source language too). "
                   "Default: the source language and every configured language.")
@click.option("--format", "-f", "formats", default=None, metavar="LIST",
              help="html, pdf or html,pdf. Default: [export] formats, else both.")
@click.option("--draft", is_flag=True,
              help="Preview build: text not yet reviewed is shown in the source language, highlighted, "
                   "and every page says \"Draft — not reviewed\". Written to reports/draft/ unless --out.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Render in N parallel processes. Default: [export] jobs, else 1.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder. Default: [project] dist_dir (dist/), or reports/draft/ with --draft.")
@click.option("--check", is_flag=True, help="Write nothing; list what would change and exit 1 if anything would.")
@quiet_option("Print only files that changed.")
@click.pass_context
def export(ctx: click.Context, langs: tuple[str, ...], formats: str | None, draft: bool, jobs: int | None,
           out_dir: Path | None, check: bool, quiet: bool) -> None:
    """Render each document in each language to an HTML page and an A4 PDF.

    \b
    Output, per document <doc> and language <lang> (gettext code, e.g. zh_Hans):
      dist/<doc>/<lang>/index.html         accessible page, CSS inlined, no external requests
      dist/<doc>/<lang>/<doc>.<lang>.pdf   A4 print file, tagged, fonts embedded

    Structure comes from source/<doc>.md, text from the language's catalog.
    A publish build (the default) takes reviewed text only (translated and not
    fuzzy): if any segment of a language is fuzzy or untranslated, nothing is
    written and the error names the first one. Build a preview with --draft.
    Before a PDF is made, every character is checked against the installed
    fonts; a missing glyph is an error naming the language, the character
    (U+XXXX) and what to install -- never boxes on paper.
    Files are written atomically and only when their content changes.

    \b
    Examples:
      polyleaf export                       all languages (refused if one is not fully reviewed)
      polyleaf export -l ar -l zh-Hans -f pdf
      polyleaf export --draft -l cy         preview Welsh while review is under way
      polyleaf export -j 2 --out site/
      polyleaf export --check               CI: exit 1 if dist/ is out of date

    With --check and no --lang, a language that is not fully reviewed (held
    back) is named and left out, and the others are compared with what
    `polyleaf export -l` those languages would write.
    """
    settings = settings_from(ctx)
    es = load_export_settings(settings)
    try:
        fmts = parse_formats(formats) if formats is not None else es.formats
    except ConfigError as exc:
        raise click.BadParameter(exc.message, param_hint="'--format'") from None
    codes = [c.strip() for item in langs for c in item.split(",") if c.strip()]
    if codes:
        languages = []
        for code in codes:
            if parse_language(code).code == settings.source_language.code:
                languages.append(settings.source_language)
            else:
                languages.append(settings.language(code))
    else:
        languages = ([settings.source_language] if es.include_source else []) + list(settings.languages)
    docs = load_documents(settings)
    from ..source_checks import require_content

    for doc in docs:
        require_content(doc)  # an empty source: exit 3, never an empty page
    changed = 0
    if check and not codes and not draft:
        languages = _exportable(settings, docs, languages, quiet)

    def on_output(path: Path, written: bool) -> None:
        nonlocal changed
        changed += written
        if written or not quiet:
            verb = ("would update" if check else "written") if written else "unchanged"
            click.echo(f"{settings.rel(path)}: {verb}")

    with progress_bar(len(docs) * len(languages), "Exporting") as bar:
        run_export(settings, docs, languages, fmts, draft=draft, jobs=jobs, out_dir=out_dir,
                   progress=lambda _job: bar.update(1), on_output=on_output, export_settings=es, check=check)
    if check:
        if changed:
            click.echo(f"{changed} file(s) out of date; run `polyleaf export`.", err=True)
            ctx.exit(EXIT_ATTENTION)
        return
    if not quiet:
        click.echo(f"{len(docs)} document(s) x {len(languages)} language(s): {changed} file(s) written"
                   + (" (draft: not for patients)" if draft else ""))


def _exportable(settings, docs, languages: list, quiet: bool) -> list:
    """The languages a publish export accepts; each one left out is named with the reason."""
    from ..errors import ExportError
    from ..render.export import plan

    keep = []
    for lang in languages:
        try:
            plan(settings, docs, [lang], draft=False, out_dir=settings.dist_dir)
        except ExportError as exc:
            click.echo(f"held back, not checked: {exc}", err=True)
            continue
        keep.append(lang)
    return keep
