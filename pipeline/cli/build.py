"""``polyleaf build``: the whole pipeline in one command, for CI."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import build as run_build
from .check import printable
from ._common import EXIT_ATTENTION, EXIT_INPUT, quiet_option, settings_from


@click.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N", help="Render pages in N processes (default: [export] jobs, else 1).")
@click.option("--format", "-f", "formats", default=None, metavar="html,pdf", help="Formats to publish (default: [export] formats).")
@click.option("--no-translate", is_flag=True, help="Skip machine drafts even if [translate] provider is set.")
@click.option("--strict", is_flag=True, help="Exit 1 when any configured language is held back (also [publish] strict = true).")
@quiet_option("Print only failed stages, problems and held-back languages.")
@click.option("--check", "dry_run", is_flag=True, help="Plan every stage and list the files a build would change; write nothing (exit 1 if any).")
@click.option("--executor", type=click.Choice(["serial", "dask"]), default=None,
              help="Where per-document work runs (default: [build] executor, else serial). dask: a LocalCluster of -j worker processes, or --scheduler.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="A running Dask scheduler (tcp://host:8786) for --executor dask.")
@click.option("--shard", default=None, metavar="K/N", help="Build only share K of N of the documents (all their languages) into --out; combine with `polyleaf publish --merge`.")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False), metavar="DIR", help="With --shard: where its site/ and reports/ go (default: <dist>/shards/K-of-N).")
@click.pass_context
def build(ctx: click.Context, jobs: int | None, formats: str | None, no_translate: bool, strict: bool, quiet: bool,
          dry_run: bool, executor: str | None, scheduler: str | None, shard: str | None, out_dir: str | None) -> None:
    """Run every stage and publish the languages that pass the gate.

    \b
    Stages, in order (each skipped when its inputs have not changed):
      extract     source/*.md -> templates -> every language's catalog
      translate   machine drafts (fuzzy, for review) -- only when [translate]
                  provider is set; the default build is offline
      check       review checks on every translation
      score       readability per language and section -> reports/
      publish     the gate; dist/site/ gets the HTML and PDF of exactly the
                  languages that pass, an index page, and manifest.json saying
                  why each other language was held back
    A one-screen summary follows. Nothing unreviewed is ever published.

    \b
    With --check every stage plans and compares: the files a build would
    create, update or remove are listed, nothing is written (no cache either),
    machine translation is not called, and the exit status is 1 if anything
    would change.

    \b
    Exit: 0 the build ran (held-back languages are listed); 1 with --strict
          when any language was held back, or when the configured machine
          translation provider failed (unreachable, segments not drafted);
          3 bad settings (nothing written), or a catalog that cannot be read
          (file:line named; the other languages are still published).

    \b
    Examples:
      polyleaf build                   what CI runs
      polyleaf build --strict          fail unless every language ships
      polyleaf build -f html -j 2      web pages only, two processes
      polyleaf build --check           CI: is everything committed current?
      polyleaf build --executor dask -j 4           four local worker processes
      polyleaf build --shard 2/4 -f html            one CI matrix job's share
      polyleaf publish --merge dist/shards/*        then one site and manifest
    """
    settings = settings_from(ctx)
    fmts = [f.strip() for f in formats.split(",") if f.strip()] if formats else None
    selection = None
    if out_dir and not shard:
        raise click.UsageError("--out goes with --shard K/N")
    if shard:
        from ..site import shard_settings
        from ..stages import Selection, parse_shard

        try:
            share = parse_shard(shard)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from None
        settings = shard_settings(settings, share, Path(out_dir) if out_dir else None)
        selection = Selection.of(settings, shard=share)
    result = run_build(settings, jobs=jobs, formats=fmts, translate=not no_translate, check=dry_run,
                       executor=executor, scheduler=scheduler, selection=selection)
    width = max(len(s.name) for s in result.stages)
    for s in result.stages:
        if not quiet or s.status == "failed":
            click.echo(f"{s.name:<{width}}  {s.status:<10}  {s.seconds:6.2f}s  {s.detail}")
    for problem in result.problems:
        click.echo(f"problem: {printable(problem)}", err=True)
    outcome = result.outcome
    if outcome is not None:
        if not quiet:
            click.echo("")
        decisions = sorted(outcome.decisions, key=lambda d: (d.document, not d.publish, d.language))
        if quiet:
            decisions = [d for d in decisions if not d.publish]
        if len(decisions) <= SUMMARY_PAIRS:
            for d in decisions:
                mark = "published" if d.publish else "held back"
                click.echo(f"{mark:<9}  {d.document} [{d.language}]  {100 * d.coverage.share:5.1f}% reviewed")
                for reason in d.reasons:
                    click.echo(f"             - {printable(reason)}")
        else:
            _large_summary(decisions, outcome.manifest_path)
    if dry_run:
        for line in result.would_change:
            click.echo(printable(line))
        if result.would_change:
            click.echo(f"{len(result.would_change)} file(s) out of date; run `polyleaf build`.", err=True)
    if result.drafts_failed:
        click.echo(f"machine drafts FAILED: {printable(result.drafts_failed)}; the languages were built without them", err=True)
    if result.unreadable:
        for message in result.unreadable:
            click.echo(f"polyleaf: error: {printable(message)} (the language is held back; the others were published)", err=True)
        ctx.exit(EXIT_INPUT)
    if result.drafts_failed or result.attention:
        for message in result.attention:
            click.echo(f"needs attention: {printable(message)}", err=True)
        ctx.exit(EXIT_ATTENTION)
    if outcome is not None and (strict or outcome.strict) and outcome.held:
        ctx.exit(EXIT_ATTENTION)
    if dry_run and result.would_change:
        ctx.exit(EXIT_ATTENTION)


SUMMARY_PAIRS = 24  # up to this many document x language pairs are listed one by one
HELD_LISTED = 12


def _large_summary(decisions, manifest_path: str) -> None:
    """One line per language, then the first held-back pairs: still one screen for 2000 pairs."""
    by_lang: dict[str, list] = {}
    for d in decisions:
        by_lang.setdefault(d.language, []).append(d)
    for lang, ds in sorted(by_lang.items()):
        shipped = sum(d.publish for d in ds)
        click.echo(f"{lang:<9}  published {shipped} of {len(ds)} document(s)" + (f", held back {len(ds) - shipped}" if shipped < len(ds) else ""))
    held = [d for d in decisions if not d.publish]
    for d in held[:HELD_LISTED]:
        reason = printable(d.reasons[0]) if d.reasons else ""
        more = f" (+{len(d.reasons) - 1} more)" if len(d.reasons) > 1 else ""
        click.echo(f"held back  {d.document} [{d.language}]: {reason}{more}")
    if len(held) > HELD_LISTED:
        click.echo(f"... and {len(held) - HELD_LISTED} more held back: every reason is in {manifest_path}")
