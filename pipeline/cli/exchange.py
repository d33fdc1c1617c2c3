"""``polyleaf xliff export|import`` and ``polyleaf tmx export``: files for agencies and CAT tools."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalogs import load_documents
from ._common import EXIT_ATTENTION, lang_option, selected_languages, settings_from

_LANG = lang_option()


def _out_dir(settings, out: str | None, sub: str) -> Path:
    return Path(out).resolve() if out else settings.dist_dir / sub


@click.group()
def xliff() -> None:
    """Exchange translations with agencies as XLIFF 2.0 or 1.2 (Trados, memoQ, Phrase, OmegaT).

    \b
    export   one file per document and language: units with states, notes and
             context, inline Markdown as protected codes
    import   merge translated files back into the catalogs; conflicts reported

    \b
    Examples:
      polyleaf xliff export -l es -o to-agency/
      polyleaf xliff import from-agency/*.xlf --translator "Ana Ruiz <ana@agency.example>"
    """


@xliff.command("export")
@_LANG
@click.option("--version", "version", type=click.Choice(["2.0", "1.2"]), default="2.0", show_default=True, help="XLIFF version.")
@click.option("--output", "-o", "out", type=click.Path(file_okay=False), default=None, help="Folder for the .xlf files (default: <dist>/xliff).")
@click.option("--check", "dry_run", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.pass_context
def xliff_export(ctx: click.Context, langs: tuple[str, ...], version: str, out: str | None, dry_run: bool) -> None:
    """Write <doc>.<lang>.xlf for each catalog.

    \b
    States: untranslated -> initial, fuzzy (draft) -> translated, reviewed ->
    reviewed (approval not yet recorded) or final (recorded); 1.2 writes the
    same as <target state> and approved="yes|no". Notes carry the source line,
    segment type, section, the author's note to translators and provenance
    (machine engine, memory). Links, emphasis, code and HTML become inline
    codes (<pc>/<ph>, 1.2 <g>/<x>) that a CAT tool will not let translators
    delete, with the original Markdown in the file.

    \b
    Examples:
      polyleaf xliff export -l es -o to-agency/
      polyleaf xliff export --version 1.2
    """
    from ..exchange.xliff import export_project

    settings = settings_from(ctx)
    results = export_project(settings, load_documents(settings), selected_languages(settings, langs),
                             _out_dir(settings, out, "xliff"), version, check=dry_run)
    changed = False
    for r in results:
        states = ", ".join(f"{n} {s}" for s, n in sorted(r.states.items()))
        verb = ("would write" if dry_run else "wrote") if r.written else "unchanged"
        changed = changed or r.written
        click.echo(f"{r.path}: {verb}; {r.units} unit(s) ({states or 'none'}), {r.codes} inline code(s)")
    if dry_run and changed:
        ctx.exit(EXIT_ATTENTION)


@xliff.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--translator", default=None, metavar="'NAME <EMAIL>'",
              help="Who translated (recorded per changed entry). Default: $POLYLEAF_TRANSLATOR, [review] translator.")
@click.option("--check", "dry_run", is_flag=True, help="Write nothing; report what would change and the conflicts; exit 1 if anything would.")
@click.pass_context
def xliff_import(ctx: click.Context, files: tuple[str, ...], translator: str | None, dry_run: bool) -> None:
    """Merge XLIFF files (2.0 or 1.2) into the catalogs.

    \b
    A unit is merged only when its source is still the catalog's English. A
    target in state reviewed/final (1.2: approved="yes", signed-off, final)
    makes the entry reviewed; any other state makes a fuzzy draft awaiting
    review. A reviewed entry is changed only by a reviewed unit. A text that
    changed in the catalog since export and in the file is not taken. Each
    unit not taken is printed as a conflict (exit 1); the rest is merged.

    \b
    Examples:
      polyleaf xliff import back-from-agency/*.xlf --translator "Ana Ruiz <ana@agency.example>"
      polyleaf xliff import --check file.xlf
    """
    from ..exchange.xliff import import_files
    from ..identity import TRANSLATOR_ENV, resolve
    from ..review import load_review_settings

    settings = settings_from(ctx)
    who = resolve(translator, TRANSLATOR_ENV, load_review_settings(settings).translator)
    results = import_files(settings, load_documents(settings), files, translator=who, check=dry_run)
    conflicts = 0
    would_change = any(r.report.changed for r in results)
    for r in results:
        rep = r.report
        verb = "would merge" if dry_run else "merged"
        click.echo(f"{r.file} -> {r.catalog}: {verb} {rep.drafts} draft(s), {rep.reviewed} reviewed; "
                   f"{rep.unchanged} unchanged; {len(rep.conflicts)} conflict(s)")
        for c in rep.conflicts:
            conflicts += 1
            click.echo(f"{r.file}: unit {c.unit}: {c.reason}\n    source: {c.source[:100]}")
    if conflicts or (dry_run and would_change):
        ctx.exit(EXIT_ATTENTION)


@click.group()
def tmx() -> None:
    """Translation memory as TMX 1.4b, for CAT tools and other projects.

    \b
    export   reviewed segments (every language, or those named with -l)
    Reading TMX as memory: list files in [translate] tmx_memory = ["memory/*.tmx"];
    `polyleaf translate` then fills exact matches as drafts for review.

    \b
    Examples:
      polyleaf tmx export -l cy -o welsh.tmx
    """


@tmx.command("export")
@_LANG
@click.option("--output", "-o", "out", type=click.Path(dir_okay=False), default=None,
              help="The .tmx file (default: <dist>/tmx/memory.tmx, or memory.<lang>.tmx for one language).")
@click.option("--check", "dry_run", is_flag=True, help="Write nothing; exit 1 if the file would change.")
@click.pass_context
def tmx_export(ctx: click.Context, langs: tuple[str, ...], out: str | None, dry_run: bool) -> None:
    """Write the reviewed segments of the catalogs as one TMX 1.4b file.

    \b
    Only reviewed entries go out (translated, not fuzzy, approval current):
    never a machine draft. One <tu> per English text, one <tuv> per language;
    links and emphasis are inline codes (<bpt>/<ept>/<ph>) holding the
    Markdown; the reviewer and date of an approval become changeid/changedate.

    \b
    Examples:
      polyleaf tmx export                     every language
      polyleaf tmx export -l es -o es.tmx
    """
    from ..catalogs import read_catalog
    from ..exchange.tmx import export_tmx
    from ..fsutil import would_change, write_if_changed

    settings = settings_from(ctx)
    languages = selected_languages(settings, langs)
    catalogs = []
    for doc in load_documents(settings):
        for lang in languages:
            path = settings.catalog_path(lang, doc.name)
            if path.exists():
                catalogs.append((doc.name, lang.tag, read_catalog(path, settings.rel(path))))
    result = export_tmx(catalogs, settings.source_language.tag)
    name = f"memory.{languages[0].code}.tmx" if len(languages) == 1 else "memory.tmx"
    target = Path(out).resolve() if out else settings.dist_dir / "tmx" / name
    changed = would_change(target, result.data) if dry_run else write_if_changed(target, result.data, durable=False)
    verb = ("would write" if dry_run else "wrote") if changed else "unchanged"
    click.echo(f"{settings.rel(target)}: {verb}; {result.units} unit(s), {result.variants} reviewed translation(s) "
               f"in {len(languages)} language(s)")
    if dry_run and changed:
        ctx.exit(EXIT_ATTENTION)
