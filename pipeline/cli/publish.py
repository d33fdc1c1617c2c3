"""``polyleaf publish``: the gate's decisions and ``dist/site/manifest.json``."""

from __future__ import annotations

import click

from ..publish import run_gate
from ..render.settings import parse_formats
from .check import printable
from ._common import EXIT_ATTENTION, lang_option, quiet_option, selected_languages, settings_from


@click.command()
@lang_option()
@click.option("--strict", is_flag=True, help="Exit 1 when any language is held back (also [publish] strict = true).")
@click.option("--check", "dry_run", is_flag=True, help="Decide and print, but write nothing.")
@click.option("--format", "-f", "formats", default=None, metavar="LIST", help="html, pdf or html,pdf for the pages. Default: [export] formats.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N", help="Render in N processes. Default: [export] jobs.")
@click.option("--no-render", is_flag=True, help="Decide and write manifest.json only; no pages.")
@quiet_option("Print only held-back languages, files out of date and the last line.")
@click.option("--merge", is_flag=True, help="Combine the outputs of `polyleaf build --shard K/N` (the DIRs) into one site and manifest.")
@click.argument("shards", nargs=-1, type=click.Path(file_okay=False), metavar="[DIR]...")
@click.pass_context
def publish(ctx: click.Context, langs: tuple[str, ...], strict: bool, dry_run: bool, formats: str | None, jobs: int | None,
            no_render: bool, quiet: bool, merge: bool, shards: tuple[str, ...]) -> None:
    """Decide which languages ship; write the decisions to dist/site/manifest.json.

    \b
    A document ships in a language only when:
      - 100% of its source words are translated AND reviewed (fuzzy drafts and
        stale approvals do not count),
      - `polyleaf check` reports no error for it (warnings do not block),
      - readability meets the language's target, or [[waivers]] holds a dated
        waiver with a reason.
    Every held-back language is listed with its reasons; manifest.json holds,
    per document x language: decision, reasons, coverage, checks summary,
    readability, source hash and catalog hash. A corrupt catalog holds back its
    language only.

    
    dist/site/ then holds:
      index.html                         documents and their published languages
      <doc>/<lang>/index.html, .pdf      the source language and each published one
      manifest.json                      every decision (written last)
    A language held back now but published before is removed from dist/site/.

    \b
    Exit: 0 the gate ran (held-back languages listed); 1 with --strict when any
          language was held back, and with --check when any file under
          dist/site/ is missing, different or would be removed; 3 bad input.

    \b
    Examples:
      polyleaf publish
      polyleaf publish --strict        CI: fail unless every language ships
      polyleaf publish -f html -j 2    pages without PDFs, two processes
      polyleaf publish -l cy           what would happen for Welsh (writes nothing)
      polyleaf publish --merge dist/shards/1-of-2 dist/shards/2-of-2
                                       one site from `build --shard` outputs
    """
    settings = settings_from(ctx)
    if shards and not merge:
        raise click.UsageError("folders are only taken with --merge")
    if merge:
        if not shards:
            raise click.UsageError("--merge needs the shard folders: polyleaf publish --merge dist/shards/*")
        if langs or dry_run or no_render:
            raise click.UsageError("--merge combines whole shard outputs: no --lang, --check or --no-render")
        from pathlib import Path

        from ..site import merge_shards

        path, count = merge_shards(settings, [Path(s) for s in shards], parse_formats(formats) if formats else None)
        click.echo(f"merged {len(shards)} shard(s): {count} file(s) in {settings.rel(settings.dist_dir / 'site')}/; {path}: written")
        return
    languages = selected_languages(settings, langs)
    partial = bool(langs)  # a manifest must describe every configured language: never written for a subset
    fmts = parse_formats(formats) if formats else None
    outcome = run_gate(settings, languages, check=dry_run or partial, render=not no_render and not partial,
                       formats=fmts, jobs=jobs)
    for d in outcome.decisions:
        if quiet and d.publish:
            continue
        mark = "publish" if d.publish else "hold   "
        click.echo(f"{mark} {d.document} [{d.language}] {100 * d.coverage.share:5.1f}% reviewed, "
                   f"{d.checks.errors} error(s), {d.checks.warnings} warning(s)")
        for reason in d.reasons:
            click.echo(f"          - {printable(reason)}")
    from ..catalogs import load_documents
    from ..render import load_export_settings
    from ..render.review_dates import overdue

    for warning in overdue(settings, load_documents(settings), load_export_settings(settings)):
        click.echo(printable(str(warning)), err=True)  # a leaflet past its next review date: warned, not held
    shipped = len(outcome.decisions) - len(outcome.held)
    if partial:
        verb = "not written (--lang given: the manifest covers every language)"
    elif dry_run:
        verb = "would write" if outcome.written else "unchanged"
    else:
        verb = "wrote" if outcome.written else "unchanged"
    site = settings.rel(settings.dist_dir / "site")
    for line in outcome.stale:
        click.echo(line)
    if outcome.pages and not outcome.stale:
        click.echo(f"site: {len(outcome.pages)} file(s) current in {site}/ (source language + published languages)")
    click.echo(f"{shipped} of {len(outcome.decisions)} document-language pair(s) pass the gate; {outcome.manifest_path}: {verb}")
    if dry_run and not partial and outcome.stale:
        click.echo(f"{len(outcome.stale)} file(s) under {site}/ out of date; run `polyleaf publish` (or `polyleaf build`).", err=True)
        ctx.exit(EXIT_ATTENTION)
    if (strict or outcome.strict) and outcome.held:
        ctx.exit(EXIT_ATTENTION)
