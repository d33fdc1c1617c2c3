"""``polyleaf audit``: the review record a compliance lead files."""

from __future__ import annotations

import json

import click

from ..catalogs import load_documents
from ._common import json_option, lang_option, selected_languages, settings_from
from .check import printable


@click.command()
@lang_option()
@json_option("Print the records and the per-language summary as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per entry (for a spreadsheet or a records system).")
@click.pass_context
def audit(ctx: click.Context, langs: tuple[str, ...], as_json: bool, as_csv: bool) -> None:
    """Print who translated and who reviewed each entry, when, and with which engine.

    \b
    Per entry: source location, English, translation, status (reviewed,
    awaiting-review, stale, untranslated), origin (human, mt = machine draft
    as delivered, mt+human = post-edited, tm = memory), engine and version,
    translator and date, reviewer and review date, and the four-eyes reason
    when [review] holds it. Per document and language: translators, reviewers,
    share of source words by origin, first and last review date (the same
    block the publish manifest carries). Read from the catalogs' provenance
    lines; sorted, no clock time: the same catalogs print the same bytes.

    \b
    Examples:
      polyleaf audit -l es
      polyleaf audit --csv > review-record.csv
      polyleaf audit --json | jq '.summary'
    """
    from ..audit import as_csv as to_csv
    from ..audit import records, summarise
    from ..review import load_review_settings

    if as_json and as_csv:
        raise click.UsageError("--json and --csv exclude each other")
    settings = settings_from(ctx)
    recs = records(settings, load_documents(settings), selected_languages(settings, langs), load_review_settings(settings))
    groups: dict[tuple[str, str], list] = {}
    for r in recs:
        groups.setdefault((r.document, r.language), []).append(r)
    if as_csv:
        click.echo(to_csv(recs), nl=False)
        return
    if as_json:
        payload = {"records": [r.as_dict() for r in recs],
                   "summary": {f"{d}/{l}": summarise(g) for (d, l), g in groups.items()}}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False))
        return
    for (document, language), group in groups.items():
        s = summarise(group)
        share = s["share_of_words"]
        machine = share["mt"] + share["mt+human"]
        reviewed = sum(1 for r in group if r.status == "reviewed")
        dates = s["review_dates"]
        click.echo(
            f"{document} [{language}]: {len(group)} entries, {reviewed} reviewed; source words {100 * share['human']:.1f}% human, "
            f"{100 * machine:.1f}% machine ({100 * share['mt+human']:.1f}% post-edited), {100 * share['tm']:.1f}% memory, "
            f"{100 * share['untranslated']:.1f}% untranslated")
        click.echo(f"  translators: {', '.join(s['translators']) or '-'}; reviewers: {', '.join(s['reviewers']) or '-'}"
                   + (f" ({s['reviews_without_reviewer']} review(s) without a recorded reviewer)" if s["reviews_without_reviewer"] else "")
                   + (f"; reviewed {dates['first']} to {dates['last']}" if dates else "")
                   + (f"; engines: {', '.join(s['machine_engines'])}" if s["machine_engines"] else ""))
        for r in group:
            click.echo(f"  {r.location}  {r.status}  {r.origin or '-'}" + (f"  {r.engine}" if r.engine else ""))
            click.echo(printable(f"    en: {r.source}"))
            if r.translation:
                click.echo(printable(f"    {r.language}: {r.translation}"))
            who = f"translated by {r.translated_by or ('(machine)' if r.origin == 'mt' else '-')}" + (f" on {r.translated_on}" if r.translated_on else "")
            if r.status == "reviewed":
                who += f"; reviewed by {r.reviewed_by}" + (f" on {r.reviewed_on}" if r.reviewed_on else "")
            click.echo(printable(f"    {who}"))
            if r.held:
                click.echo(printable(f"    held: {r.held}"))
