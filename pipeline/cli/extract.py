"""``polyleaf extract`` and ``polyleaf status``."""

from __future__ import annotations

import json

import click

from ..catalogs import apply_update, catalog_stats, load_documents, read_catalog, save_cache, update_project
from ..source_checks import format_source_diagnostic
from ..review import is_reviewed as review_is_reviewed
from ..errors import CatalogError
from ._common import EXIT_ATTENTION, EXIT_INPUT, json_option, lang_option, progress_bar, quiet_option, selected_languages, settings_from
from .check import printable

MAX_DETAILS = 20  # entries named per file by --check


@click.command()
@lang_option()
@click.option("--check", is_flag=True, help="Write nothing; list what would change and exit 1 if anything would.")
@quiet_option("Print only changes and notices.")
@click.pass_context
def extract(ctx: click.Context, langs: tuple[str, ...], check: bool, quiet: bool) -> None:
    """Extract source/*.md into templates and update every language's catalog.

    \b
    For each document source/<doc>.md:
      locales/templates/<doc>.pot            the template (one entry per segment)
      locales/<lang>/LC_MESSAGES/<doc>.po    created when missing, else merged
    Merging works like GNU `msgmerge --previous`: unchanged text keeps its
    translation; edited text keeps the old translation as a fuzzy draft with the
    old English shown as `#| msgid`; removed text becomes obsolete (`#~`) and
    comes back if the text returns. A reviewed translation is never dropped.
    Files whose content does not change are not touched (no date churn).
    Catalogs from other editors are read as msgfmt reads them (CRLF line ends,
    legacy charsets: rewritten as UTF-8 with LF, with a notice). Every
    unreadable catalog is reported (path:line: message); then nothing is
    written and the exit code is 3.

    \b
    Examples:
      polyleaf extract                 update everything
      polyleaf extract --check         CI: fail if catalogs are out of date
      polyleaf extract -l cy -l zh-Hans
    """
    settings = settings_from(ctx)
    languages = selected_languages(settings, langs)
    for doc in load_documents(settings):  # what the writer should fix in the source (extraction goes on)
        for d in doc.diagnostics:
            click.echo(format_source_diagnostic(d), err=True)
    total = len(settings.source_files()) * len(languages)
    with progress_bar(total, "Merging catalogs") as bar:
        plan = update_project(settings, languages, check=True, progress=lambda _path: bar.update(1))
    for change in plan.changes:
        if change.action in ("unchanged", "normalized") and quiet:
            continue
        verbs = {"created": "would create", "updated": "would update", "unchanged": "unchanged",
                 "normalized": "would normalise (form only: wrapping, header order or #| on reviewed entries; not an error)"}
        verb = verbs[change.action] if check else {"normalized": "normalised (form only)"}.get(change.action, change.action)
        detail = ""
        r = change.report
        if r is not None and change.action in ("created", "updated"):
            detail = f" ({r.kept} kept, {r.fuzzy} fuzzy, {r.new} new, {r.revived} revived, {r.obsoleted} obsoleted)"
        click.echo(f"{change.path}: {verb}{detail}")
        if check:
            for line in change.details[:MAX_DETAILS]:
                click.echo(f"  {printable(line)}")
            if len(change.details) > MAX_DETAILS:
                click.echo(f"  ... and {len(change.details) - MAX_DETAILS} more entries")
        if change.notice:
            click.echo(f"{change.path}: {'warning' if change.missing else 'notice'}: {change.notice}", err=True)
    for warning in plan.warnings:  # [translate] memory files that match nothing or serve no language
        click.echo(warning, err=True)
    from ..source_checks import retired_documents, source_warnings

    for diag in [*retired_documents(settings), *(d for doc in load_documents(settings) for d in source_warnings(doc))]:
        click.echo(str(diag), err=True)
    if check:
        if plan.content_changed:
            click.echo(f"{len(plan.content_changed)} file(s) out of date; run `polyleaf extract`.", err=True)
            ctx.exit(EXIT_ATTENTION)
        return
    apply_update(plan)
    save_cache(settings, plan)


@click.command()
@lang_option("Only these languages.")
@json_option("Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, langs: tuple[str, ...], as_json: bool) -> None:
    """Show, per document and language, how much is translated and reviewed.

    \b
    Columns: entries translated / fuzzy (drafts awaiting review) / untranslated
    / obsolete, and the share of SOURCE WORDS that are reviewed (a long
    paragraph counts for more than a heading). An unreadable catalog is
    reported (path:line: message, exit 3); the others are still shown.

    \b
    Examples:
      polyleaf status
      polyleaf status --json | jq '.[] | select(.reviewed_share < 1)'
    """
    settings = settings_from(ctx)
    languages = selected_languages(settings, langs)
    rows = []
    bad: list[CatalogError] = []
    for doc in load_documents(settings):
        for lang in languages:
            path = settings.catalog_path(lang, doc.name)
            if not path.exists():
                rows.append({"document": doc.name, "language": lang.code, "catalog": settings.rel(path), "missing": True})
                continue
            try:
                po = read_catalog(path, settings.rel(path))
            except CatalogError as exc:  # reported below; the other catalogs are still shown
                bad.append(exc)
                rows.append({"document": doc.name, "language": lang.code, "catalog": settings.rel(path), "error": str(exc)})
                continue
            stats = catalog_stats(po, reviewed=review_is_reviewed)
            rows.append({"document": doc.name, "language": lang.code, "catalog": settings.rel(path), **stats.as_dict()})
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        _fail_unreadable(ctx, bad)
        return
    click.echo(f"{'document':<20} {'lang':<8} {'transl':>6} {'fuzzy':>6} {'untr':>6} {'obs':>5} {'reviewed words':>16}")
    for r in rows:
        if r.get("missing"):
            click.echo(f"{r['document']:<20} {r['language']:<8} {'no catalog: run polyleaf extract':>45}")
            continue
        if r.get("error"):
            click.echo(f"{r['document']:<20} {r['language']:<8} {'unreadable (see the error below)':>45}")
            continue
        share = f"{r['reviewed_words']}/{r['source_words']} {100 * r['reviewed_share']:5.1f}%"
        click.echo(f"{r['document']:<20} {r['language']:<8} {r['translated']:>6} {r['fuzzy']:>6} {r['untranslated']:>6} {r['obsolete']:>5} {share:>16}")
    _fail_unreadable(ctx, bad)


def _fail_unreadable(ctx: click.Context, bad: list[CatalogError]) -> None:
    """Every unreadable catalog on its own ``path:line: message`` line, then exit 3."""
    for exc in bad:
        click.echo(f"polyleaf: error: {exc}", err=True)
    if bad:
        ctx.exit(EXIT_INPUT)
