"""``polyleaf import``: Word files, web pages and PDF text -> Markdown sources."""

from __future__ import annotations

import re
import time
from pathlib import Path

import click

from ..errors import PolyleafError
from ._common import EXIT_INPUT, settings_from


def _slug(stem: str) -> str:
    """A document name that is safe as a catalog domain and a folder name."""
    slug = re.sub(r"[^\w]+", "-", stem.lower(), flags=re.UNICODE).strip("-_")
    return slug or "imported"


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (one FILE only). Default: source/<name of the file>.md in the project.")
@click.option("--force", is_flag=True, help="Replace a Markdown file that already exists.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the Markdown instead of writing it (nothing is written).")
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], target: Path | None, force: bool, to_stdout: bool) -> None:
    """Turn leaflets held as Word, web pages or PDF text into Markdown sources.

    \b
    Reads   .docx             a Word file (headings, lists, bold, links, tables, footnotes)
            .html / .htm      a saved web page: its main content only (<main>, <article>,
                              else the block with most text), not navigation or footers
            .txt              text pulled from a PDF (pdftotext leaflet.pdf): lines joined
                              into paragraphs, bullets made lists, page headers, footers and
                              numbers removed, words hyphenated at line ends joined
    The Markdown is minimal and faithful: every word comes from the original, in
    order; nothing is added. What could not be mapped (an embedded image, a video,
    merged table cells, a page header) is printed with its line or element, as
        FILE: WHERE: what was left out or guessed
    followed by the usual source diagnostics of the new Markdown. Read the result
    before you extract it: headings guessed from PDF text say so.

    \b
    Exit: 0 imported; 1 a target exists (use --force); 3 a file cannot be read.

    \b
    Examples:
      polyleaf import leaflet.docx                      -> source/leaflet.md
      polyleaf import page.html --to source/asthma.md
      pdftotext -enc UTF-8 sheet.pdf && polyleaf import sheet.txt
    """
    from ..fsutil import write_text_atomic
    from ..importers import import_file
    from ..importers.html import plain_words_of_markdown, words
    from ..source import parse_text
    from ..source_checks import format_source_diagnostic

    if target is not None and len(files) > 1:
        raise click.UsageError("--to names one file: give one FILE with it")
    failed = exists = False
    for file in files:
        if target is not None:
            out = target
        else:
            settings = settings_from(ctx)
            out = settings.source_dir / f"{_slug(file.stem)}.md"
        shown = _shown(out, ctx)
        if out.exists() and not force and not to_stdout:
            click.echo(f"{shown}: exists; not replaced (use --force, or --to another name)", err=True)
            exists = True
            continue
        start = time.perf_counter()
        try:
            result = import_file(file)
        except PolyleafError as exc:
            click.echo(f"polyleaf: error: {exc}", err=True)
            failed = True
            continue
        took = time.perf_counter() - start
        for note in result.notes:
            click.echo(f"{file}: {note}", err=True)
        n_in = len(words(result.source_text))
        n_out = len(plain_words_of_markdown(result.markdown, list_numbers=file.suffix.lower() == ".txt"))
        if to_stdout:
            click.echo(result.markdown, nl=False)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(out, result.markdown)
        doc = parse_text(result.markdown, shown)
        for d in doc.diagnostics:
            click.echo(format_source_diagnostic(d), err=True)
        verb = "read" if to_stdout else f"-> {shown}"
        click.echo(f"{file} {verb}: {n_in} words in, {n_out} words out, {len(result.notes)} note(s), "
                   f"{len(doc.diagnostics)} diagnostic(s), {took:.2f} s", err=to_stdout)
    if failed:
        ctx.exit(EXIT_INPUT)
    if exists:
        ctx.exit(1)


def _shown(path: Path, ctx: click.Context) -> str:
    try:
        return settings_from(ctx).rel(path)
    except PolyleafError:
        return path.as_posix()
