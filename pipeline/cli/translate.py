"""``polyleaf translate``: machine drafts for human review."""

from __future__ import annotations

import sys
import threading

import click

from ..mt import providers as mt_providers
from ..mt.options import do_not_translate, load_options
from ..mt.run import LanguageReport, translate_language
from ._common import EXIT_ATTENTION, lang_option, progress_enabled, quiet_option, selected_languages, settings_from

EXIT_INTERRUPTED = 130


@click.command()
@lang_option("Translate these languages (repeat, or comma-separate).")
@click.option("--all", "all_langs", is_flag=True, help="Translate every configured language.")
@click.option("--provider", "-p", type=click.Choice(sorted(mt_providers.SPECS)), default=None, help="Engine (default: [translate] provider).")
@click.option("--url", default=None, metavar="URL", help="LibreTranslate server (default: [translate] url).")
@click.option("--refresh", is_flag=True, help="Also replace earlier machine drafts that nobody edited.")
@click.option("--dry-run", "-n", is_flag=True, help="Send nothing: print per language what would be sent to which provider.")
@quiet_option("Print only the summary lines that need attention.")
@click.pass_context
def translate(ctx: click.Context, langs: tuple[str, ...], all_langs: bool, provider: str | None, url: str | None, refresh: bool, dry_run: bool, quiet: bool) -> None:
    """Fill untranslated entries with machine drafts that go to human review.

    \b
    Every draft is flagged fuzzy and records where it came from:
      #, fuzzy
      # polyleaf-mt: engine=deepl date=2026-11-24 sha=1a2b3c4d5e6f
    Clearing "fuzzy" in a PO editor is the approval. Only untranslated entries
    are filled; --refresh may also replace machine drafts nobody edited (the
    sha still matches). Reviewed entries and edited drafts are never touched.

    \b
    Before any engine: an exact reviewed translation of the same text in the
    same language (any document) is reused ("# polyleaf-tm: ..."). Links,
    emphasis, code, URLs, e-mails, numbers, doses, phone numbers and the
    glossary's do_not_translate terms are masked before sending and restored
    after; a draft whose engine lost one says so ("# polyleaf-mt-problem: ...").

    \b
    Providers: pseudo (offline pseudo-localisation), argos (offline, needs
    argostranslate + a model), libretranslate (your server: --url), google,
    deepl (DEEPL_API_KEY), microsoft (MICROSOFT_API_KEY), mymemory.
    Keys are read from environment variables only.

    \b
    Progress is saved after every answer: Ctrl-C (or a crash) loses only the
    requests in flight; run the same command again to continue. If a
    translator saves a catalog during the run, their edits win.

    \b
    Examples:
      polyleaf translate --lang cy --provider pseudo
      polyleaf translate --all --dry-run
      polyleaf translate -l es -l pl --provider libretranslate --url http://mt.internal:5000/
      DEEPL_API_KEY=... polyleaf translate --all --provider deepl --refresh

    Exit status: 0 all filled; 1 some entries failed (see the summary);
    3 bad input or the provider cannot be used; 130 interrupted.
    """
    settings = settings_from(ctx)
    if not langs and not all_langs:
        raise click.UsageError("say which languages: --lang CODE (repeatable) or --all")
    if langs and all_langs:
        raise click.UsageError("--lang and --all exclude each other")
    languages = selected_languages(settings, () if all_langs else langs)
    options = load_options(settings, provider=provider, url=url)
    if not options.provider:
        raise click.UsageError(f"no provider: pass --provider ({', '.join(sorted(mt_providers.SPECS))}) or set [translate] provider")
    if options.provider not in mt_providers.SPECS:
        mt_providers.provider_from_options(options, settings)  # raises: the one message for an unknown provider
    terms = do_not_translate(settings)
    engine = None if dry_run else mt_providers.provider_from_options(options, settings)
    stop = threading.Event()
    reports: list[LanguageReport] = []
    try:
        for lang in languages:
            reports.append(_one_language(settings, lang, engine, options, terms, refresh, dry_run, stop))
            _print_report(reports[-1], dry_run, quiet)
    except KeyboardInterrupt:
        stop.set()
        click.echo("polyleaf: interrupted: every finished answer is saved; run the same command again to continue.", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    finally:
        if engine is not None:
            engine.close()
    if len(reports) > 1 and not dry_run:
        total = lambda attr: sum(getattr(r, attr) for r in reports)  # noqa: E731
        click.echo(
            f"total: {total('to_fill')} to fill in {len(reports)} languages: {total('from_memory')} from memory, "
            f"{total('from_provider')} from {options.provider}, {total('copied')} copied, {total('failed_total')} failed"
        )
    if any(r.failed_total for r in reports):
        ctx.exit(EXIT_ATTENTION)


def _one_language(settings, lang, engine, options, terms, refresh, dry_run, stop) -> LanguageReport:
    if dry_run or not progress_enabled():
        return translate_language(settings, lang, engine, options, terms, refresh=refresh, dry_run=dry_run, stop=stop)
    bar_holder: dict = {}

    def on_start(total: int) -> None:
        bar = click.progressbar(length=max(total, 1), label=f"{lang.code:<8}", file=sys.stderr, show_pos=True)
        bar_holder["bar"] = bar.__enter__()

    def progress(n: int) -> None:
        if "bar" in bar_holder:
            bar_holder["bar"].update(n)

    try:
        return translate_language(settings, lang, engine, options, terms, refresh=refresh, stop=stop, on_start=on_start, progress=progress,
                                  on_retry=lambda message: click.echo(f"retrying: {message}", err=True))
    finally:
        if "bar" in bar_holder:
            bar_holder["bar"].__exit__(None, None, None)


def _print_report(r: LanguageReport, dry_run: bool, quiet: bool) -> None:
    if dry_run:
        click.echo(
            f"{r.language}: {r.to_fill} to fill: {r.from_memory} from memory, {r.copied} copied (nothing to translate); "
            f"would send {r.distinct} distinct segment(s), {r.distinct_chars} character(s), "
            f"in {r.planned_requests} request(s) to {r.provider}"
        )
        return
    for rel in r.external_edits:
        click.echo(f"{rel}: notice: a translator saved this catalog during the run; their edits were kept and drafts went only into entries still untranslated", err=True)
    for line in r.unreadable:
        click.echo(f"{line}", err=True)
    if not quiet or r.failed_total or r.mask_problems:
        retry = f", {r.retries} retried" if r.retries else ""
        click.echo(
            f"{r.language}: {r.to_fill} to fill: {r.from_memory} from memory, {r.from_provider} from {r.provider}, "
            f"{r.copied} copied, {r.failed_total} failed ({r.requests} request(s), {r.chars_sent} characters sent{retry})"
        )
    if r.mask_problems:
        click.echo(f"{r.language}: {r.mask_problems} draft(s) lost protected text or added markup (marked polyleaf-mt-problem for the reviewer)", err=True)
    for reason, n in sorted(r.failed.items()):
        click.echo(f"{r.language}: {n} failed: {reason} (left untranslated; run again to retry)", err=True)
