"""``polyleaf readability`` (score any text) and ``polyleaf score`` (the project report)."""

from __future__ import annotations

import json
import sys

import click

from ..config import find_root, load_settings
from ..errors import ConfigError, PolyleafError, SourceError
from ..fsutil import would_change, write_if_changed
from ..languages import parse_language
from ..readability import score_text
from ..readability.plain import suggestions_for_text
from ..readability.spoken import spoken_text
from ..readability.tokenize import words_of
from ..readability.settings import ReadabilitySettings, load
from ._common import EXIT_ATTENTION, json_option, lang_option, quiet_option, selected_languages, settings_from

MAX_INPUT_BYTES = 20_000_000


def _read_input(file: str) -> str:
    name = "<stdin>" if file == "-" else file
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(file, "rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", name) from None
    if len(data) > MAX_INPUT_BYTES:
        raise SourceError(f"larger than {MAX_INPUT_BYTES // 1_000_000} MB; score it in parts", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError("not valid UTF-8", name, data[: exc.start].count(b"\n") + 1) from None


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _project_settings(ctx: click.Context) -> ReadabilitySettings:
    """The project's [readability] settings when there is a project, else the defaults."""
    obj = ctx.find_root().obj or {}
    if obj.get("project"):
        return load(settings_from(ctx))
    try:
        root = find_root()
    except ConfigError:
        return ReadabilitySettings()
    return load(load_settings(root))


@click.command("readability")
@click.argument("file", metavar="FILE")
@click.option("--lang", "-l", "lang", required=True, metavar="CODE", help="Language of the text (en, es, cy, zh-Hans, ...).")
@json_option("Print the full result as JSON.")
@click.pass_context
def readability(ctx: click.Context, file: str, lang: str, as_json: bool) -> None:
    """Score any text for readability, before it enters the pipeline.

    FILE is plain text or Markdown (`-` reads standard input). Blank lines end
    paragraphs; each list item is a sentence of its own; Markdown headings and
    code blocks are left out (running text is scored, as in `polyleaf score`).
    The formulas are the ones accepted for the language (English: Flesch
    Reading Ease, Flesch–Kincaid, SMOG; Spanish: Szigriszt-Pazos/INFLESZ and
    Fernández Huerta; ...; languages without a validated formula get LIX,
    RIX and sentence length, marked indicative). The target comes from
    [readability] in polyleaf.toml when run inside a project, else the UK
    health standard (reading age 11).

    \b
    Examples:
      polyleaf readability draft.md --lang en
      polyleaf readability - --lang es < borrador.txt
      polyleaf readability draft-cy.txt -l cy --json | jq .metrics

    Each formula has a minimum sample (SMOG: 30 sentences; the Flesch family
    and the others: 100 words). Below the primary formula's, the verdict uses
    the next formula of the language that has its sample (and says so); below
    every one, it says "too short to judge reliably" and gives no reading age.

    Exit status: 0 meets the target, 1 misses it, is too short to judge or has
    no words, 3 bad input.
    """
    language = parse_language(lang)
    text = _read_input(file)
    rs = _project_settings(ctx)
    score = score_text(text, language.base, rs.hotspots)
    target = rs.target(language.code, language.base)
    judged = score.judged_metric
    used = target.for_metric(judged.key) if judged else target
    meets = used.met_by(judged.value) if judged else False
    if as_json:
        d = score.as_dict()
        d["input"] = "<stdin>" if file == "-" else file
        d["plainer_words"] = [{"word": w, "suggestions": list(alts)} for w, alts in suggestions_for_text(language.base, words_of(spoken_text(text)))]
        d["target"] = {"metric": target.metric, "value": round(target.value, 2), "text": target.describe(), "meets": meets,
                       "reading_age": round(target.reading_age, 1), "judged_by": used.metric, "judged_text": used.describe()}
        click.echo(json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False))
    else:
        from ..readability import formulas as F

        c = score.counts
        click.echo(f"{'<stdin>' if file == '-' else file}: {language.tag}, {score.profile}")
        click.echo(f"  {_n(c.sentences, 'sentence')}, {_n(c.words, 'word')}, {c.wps:.1f} words per sentence")
        for mv in score.metrics:
            star = "*" if judged is not None and mv.key == judged.key else " "
            spec = F.METRICS[mv.key]
            age = f"reading age ~{mv.reading_age:.0f}" if spec.sample_ok(c) else f"needs {spec.minimum()}: no reading age"
            click.echo(f" {star}{mv.label:<30} {mv.value:8.2f}  {mv.interpretation} ({age})")
        if score.sample_note:
            click.echo(f"  {score.sample_note}")
        if judged is not None:
            via = f" (= {target.describe()}, reading age {target.reading_age:.0f})" if used is not target else ""
            click.echo(f"  band: {score.band.label} (reading age ~{score.reading_age:.1f}); target {used.describe()}{via}: {'met' if meets else 'NOT met'}")
        elif score.metrics:
            click.echo("  verdict: too short to judge reliably (no reading age); read it with a writer's eye")
        for h in score.long_sentences:
            click.echo(f"  longest sentence ({h.words} words): {h.text}")
        if score.hard_words:
            click.echo("  hard words: " + ", ".join(f"{h.text} ({h.syllables} syllables)" if h.syllables else h.text for h in score.hard_words))
        plainer = suggestions_for_text(language.base, words_of(spoken_text(text)))
        if plainer:
            click.echo("  plainer words (suggestions, not applied): " + "; ".join(f"{w} → {', '.join(alts)}" for w, alts in plainer))
        for note in score.notes:
            click.echo(f"  note: {note}")
    if not meets:
        ctx.exit(EXIT_ATTENTION)


@click.command("score")
@lang_option()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a report would change.")
@click.option("--strict", is_flag=True, help="Exit 1 when a language misses its target and is not waived.")
@quiet_option("Print only changes and failures.")
@click.option("--summary", "summary_to", default=None, metavar="FILE",
              help="Append a Markdown 'what moved' table per language to FILE (`-`: standard output), "
                   "e.g. \"$GITHUB_STEP_SUMMARY\" in CI.")
@click.option("--since", "since", default=None, metavar="JSON",
              help="Baseline for --summary: a readability.json (default: reports/readability.json as it was before this run).")
@click.pass_context
def score(ctx: click.Context, langs: tuple[str, ...], check: bool, strict: bool, quiet: bool, summary_to: str | None,
          since: str | None) -> None:
    """Score the source and every language, per document and section.

    \b
    Writes (only when the content changes; not with --lang, which scores a subset):
      reports/readability.html   charts: score per language vs target band,
                                 section x language heat map, parity
      reports/readability.json   every number, for tools and the publish gate
      reports/readability.csv    one row per document x language x section
    A translated section's text is the msgstr of its entries: reviewed ones,
    and fuzzy drafts too unless [readability] include_fuzzy = false; the
    report says what share of the source each score covers. Sections that
    read notably harder than the source (reading age, sentence length) are
    flagged. Targets and waivers: [readability] and [[waivers]] in
    polyleaf.toml (see README, "Readability").

    \b
    Examples:
      polyleaf score                  write the reports
      polyleaf score --check          CI: fail if reports/ is out of date
      polyleaf score -l es --strict   fail if Spanish misses its target
      polyleaf score -q --summary "$GITHUB_STEP_SUMMARY"   CI: what moved since the committed report

    The reports are derived files: CI builds them and publishes them beside the
    site (dist/site/reports/), so a commit never fails because reports/ is older
    than the catalogs. --check is there for teams that commit reviewed reports.
    """
    from ..readability.report import report_outputs, score_project

    if langs and check:
        raise click.UsageError("--check compares the full reports; leave out --lang")
    settings = settings_from(ctx)
    languages = selected_languages(settings, langs)
    report = score_project(settings, languages)
    outputs = report_outputs(settings, report) if not langs else {}
    baseline = _baseline(settings, since) if summary_to else None
    for warning in report.warnings:
        click.echo(warning, err=True)
    if langs and not quiet:
        click.echo("reports not written: --lang scores a subset (run without --lang to write reports/)")
    changed = []
    for path, content in sorted(outputs.items()):
        rel = settings.rel(path)
        if check:
            if would_change(path, content):
                changed.append(rel)
                click.echo(f"{rel}: would update")
            elif not quiet:
                click.echo(f"{rel}: unchanged")
        else:
            try:
                wrote = write_if_changed(path, content)
            except OSError as exc:
                raise PolyleafError(f"cannot write: {exc.strerror}", rel) from None
            if wrote or not quiet:
                click.echo(f"{rel}: {'written' if wrote else 'unchanged'}")
    from ..readability.report import diagnostics

    for diag in diagnostics(report):
        if quiet and getattr(diag, "severity", "error") != "error":
            continue  # -q: failures only (each language's verdict follows)
        click.echo(str(diag))
    failing = 0
    for d in report.documents:
        for r in d.results:
            v = r.verdict
            if not v.ok:
                failing += 1
            if not quiet or not v.ok:
                state = "pass" if v.ok else "below target"
                click.echo(f"{d.path} [{r.score.language}] {state}: {v.reason}")
    if summary_to:
        _write_summary(settings, summary_to, baseline, outputs, since)
    if check and changed:
        click.echo(f"{len(changed)} report(s) out of date; run `polyleaf score`.", err=True)
        ctx.exit(EXIT_ATTENTION)
    if strict and failing:
        ctx.exit(EXIT_ATTENTION)


def _baseline(settings, since: str | None):
    """The baseline report for ``--summary``: ``since`` or reports/readability.json as it is now."""
    path = since or settings.reports_dir / "readability.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        if since:
            raise SourceError("no such file (the --since baseline)", since) from None
        return None
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read as a readability report: {exc}", settings.rel(path)) from None


def _write_summary(settings, summary_to: str, baseline, outputs: dict, since: str | None) -> None:
    from ..report_moves import summary_markdown

    if not outputs:
        raise click.UsageError("--summary needs the full report; leave out --lang")
    head = json.loads(outputs[settings.reports_dir / "readability.json"])
    label = f"baseline {since}" if since else f"committed {settings.rel(settings.reports_dir / 'readability.json')}"
    text = summary_markdown(baseline, head, label)
    if summary_to == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(summary_to, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise SourceError(f"cannot append the summary: {exc.strerror}", summary_to) from None
