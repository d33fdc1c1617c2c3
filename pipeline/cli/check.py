"""``polyleaf check`` and ``polyleaf approve``."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import click

from ..catalogs import load_documents
from ..checks import CHECKS, checks_markdown
from ..check_runner import gather
from ..review import approve_project
from ..source_checks import format_source_diagnostic
from ._common import EXIT_ATTENTION, EXIT_INPUT, json_option, lang_option, selected_languages, settings_from


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Catalog text is untrusted: control characters (terminal escapes, line breaks) shown escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@click.command()
@lang_option()
@json_option("Print findings and counts as JSON.")
@click.option("--errors-only", is_flag=True, help="Print only errors (warnings are still counted).")
@click.option("--no-cache", is_flag=True, help="Check every catalog again, ignoring the findings cache.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks with their default severity and exit.")
@click.option("--markdown", is_flag=True, help="With --list: print docs/checks.md (one entry per check).")
@click.pass_context
def check(ctx: click.Context, langs: tuple[str, ...], as_json: bool, errors_only: bool, no_cache: bool, list_checks: bool,
          markdown: bool) -> None:
    """Check every translation against its source; print each finding at the source line.

    \b
    Each finding reads   source/<doc>.md:LINE [lang] severity code: message
    An `error` blocks publishing that language; a `warning` does not. Mistakes
    in the Markdown itself come first, as   source/<doc>.md:LINE: code: message [severity]
    (empty headings, unclosed **, skipped levels, images without alt text,
    relative links without [project] base_url). Checks:
    links, markup, numbers (locale digits allowed), URLs, e-mails, phone numbers,
    do-not-translate and glossary terms, final punctuation in the target
    script (؟ ۔ 。), questions, identical copies, whitespace, length, machine
    drafts not reviewed, unrestored MT placeholders, stale approvals, and the
    structure of each section. `polyleaf check --list` names them all; change
    severities or turn checks off in [checks] of polyleaf.toml.

    \b
    A catalog that cannot be read is reported for its language; the other
    languages are still checked. Nothing is written but a cache of findings
    (.polyleaf-cache/checks/): unchanged catalogs are not checked again.

    \b
    Exit: 0 no errors (warnings allowed); 1 at least one error;
          3 bad input (settings, or a catalog that cannot be read).

    \b
    Examples:
      polyleaf check                  every language
      polyleaf check -l ar --errors-only
      polyleaf check --json | jq '.findings[] | select(.code == "number-mismatch")'
      polyleaf check --list --markdown > docs/checks.md
    """
    if list_checks:
        if markdown:
            click.echo(checks_markdown(), nl=False)
            return
        for spec in sorted(CHECKS.values(), key=lambda s: s.code):
            click.echo(f"{spec.code:<18} {spec.severity:<8} {spec.doc.splitlines()[0]}")
        return
    settings = settings_from(ctx)
    languages = selected_languages(settings, langs)
    source_diags = [d for doc in load_documents(settings) for d in doc.diagnostics]
    inputs = gather(settings, languages, cache=not no_cache)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"errors": 0, "warnings": 0})
    findings = []
    unreadable = False
    for item in inputs:
        c = counts[item.language.code]
        c["errors"] += item.summary.errors
        c["warnings"] += item.summary.warnings
        unreadable = unreadable or item.error is not None
        findings.extend(item.diagnostics)
    # Pages, not catalogs: labels that would show in English, and leaflets past their next review date.
    from ..render import load_export_settings
    from ..render.review_dates import overdue
    from ..ui import label_diagnostics

    page_findings = [*label_diagnostics(settings, languages),
                     *overdue(settings, load_documents(settings), load_export_settings(settings))]
    findings.extend(page_findings)
    errors = sum(c["errors"] for c in counts.values()) + sum(d.severity == "error" for d in source_diags)
    warnings = (sum(c["warnings"] for c in counts.values()) + len(page_findings)
                + sum(d.severity == "warning" for d in source_diags))
    if as_json:
        payload = {
            "source": [
                {"path": d.path, "line": d.line, "severity": d.severity, "code": d.code, "message": d.message}
                for d in source_diags if not (errors_only and d.severity != "error")
            ],
            "findings": [
                {"path": d.path, "line": d.line, "language": d.lang, "severity": d.severity, "code": d.code, "message": d.message,
                 **{k: v for k, v in d.extra.items() if k in ("msgid", "msgstr", "catalog", "section")}}
                for d in findings if not (errors_only and d.severity != "error")
            ],
            "languages": {code: {**c, "coverage": {i.document.name: i.coverage.as_dict() for i in inputs if i.language.code == code}}
                          for code, c in counts.items()},
            "errors": errors,
            "warnings": warnings,
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False).translate({c: f"\\u{c:04x}" for c in range(0x7f, 0xa0)}))
    else:
        for d in source_diags:
            if not (errors_only and d.severity != "error"):
                click.echo(printable(format_source_diagnostic(d)))
        for d in findings:
            if errors_only and d.severity != "error":
                continue
            click.echo(printable(str(d)), err=d.code == "catalog-unreadable")
        for item in inputs:
            cov = item.coverage
            click.echo(
                f"{item.document.name} [{item.language.code}]: {item.summary.errors} error(s), {item.summary.warnings} warning(s); "
                f"{100 * cov.share:.1f}% of source words reviewed ({cov.reviewed_words}/{cov.source_words})"
            )
        click.echo(f"total: {errors} error(s), {warnings} warning(s) in {len(counts)} language(s)")
    if unreadable:
        ctx.exit(EXIT_INPUT)
    if errors:
        ctx.exit(EXIT_ATTENTION)


@click.command()
@lang_option()
@click.option("--check", "dry_run", is_flag=True, help="Write nothing; list what would change and exit 1 if anything would.")
@click.option("--reviewer", default=None, metavar="'NAME <EMAIL>'",
              help="Who reviewed: recorded and sealed on each approval recorded now. Default: $POLYLEAF_REVIEWER, [review] reviewer.")
@click.pass_context
def approve(ctx: click.Context, langs: tuple[str, ...], dry_run: bool, reviewer: str | None) -> None:
    """Bind reviewers' approvals to the exact text; re-open review where the text changed.

    \b
    In Poedit, a reviewer approves an entry by clearing "Needs work" (fuzzy).
    Run `polyleaf approve` afterwards: for every entry that is translated and
    not fuzzy it records   # polyleaf-approved: sha=<hash of source + translation>
    If the source or the translation of an approved entry changes later, the
    hash no longer matches: `polyleaf check` reports `approval-stale`, the
    gate stops counting it as reviewed, and `polyleaf approve` marks it fuzzy
    again so it shows as "Needs work" in Poedit. Fuzzy entries lose their
    approval line (their review is open). Catalogs are rewritten only when
    something changes; a corrupt catalog is reported and the others go on.

    \b
    With --reviewer (or POLYLEAF_REVIEWER, or [review] reviewer) each approval
    recorded now also names the reviewer and the date, sealed to the hash:
      # polyleaf-approved: sha=... by="Ana Ruiz" email=ana@example.org date=2026-12-06 seal=...
    and an entry a person wrote gets   # polyleaf-translated: by=...   from the
    catalog's Last-Translator when it has no such line yet (see docs/review.md).

    \b
    Examples:
      polyleaf approve -l cy --reviewer "Ana Ruiz <ana@example.org>"   after a Welsh review session
      polyleaf approve --check         CI: exit 1 if approvals are not recorded
    """
    from ..identity import REVIEWER_ENV, resolve, today
    from ..review import load_review_settings

    settings = settings_from(ctx)
    languages = selected_languages(settings, langs)
    who = resolve(reviewer, REVIEWER_ENV, load_review_settings(settings).reviewer)
    results = approve_project(settings, load_documents(settings), languages, check=dry_run, reviewer=who, date=today())
    failed = changed = False
    for r in results:
        if r.error is not None:
            failed = True
            click.echo(f"polyleaf: error: {r.error}", err=True)
            continue
        rep = r.report
        if rep is None or not rep.changed:
            continue
        changed = True
        verb = "would record" if dry_run else "recorded"
        click.echo(f"{r.path}: {verb} {rep.recorded} approval(s), re-opened {rep.reopened} stale, cleared {rep.dropped} on drafts")
    if not changed and not failed:
        click.echo("all approvals up to date")
    if failed:
        ctx.exit(EXIT_INPUT)
    if dry_run and changed:
        ctx.exit(EXIT_ATTENTION)
