"""``polyleaf po check`` and ``polyleaf po normalize``: catalogs from elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CatalogError, format_location
from ..fsutil import write_bytes_atomic
from ..po import check_catalog_file, normalized
from ._common import EXIT_ATTENTION, EXIT_INPUT


def _notice(notice) -> str:
    return format_location(notice.path, notice.line, f"notice: {notice.message}")


@click.group()
def po() -> None:
    """Check or normalise any gettext catalog, also ones Polyleaf did not write.

    \b
      polyleaf po check FILE...       what `msgfmt -c` would report, each at its line
      polyleaf po normalize FILE...   rewrite as canonical UTF-8 GNU-wrapped PO (like msgcat)

    \b
    Examples:
      polyleaf po check legacy/*.po
      polyleaf po normalize legacy/*.po -o normalised/
      polyleaf po normalize --check locales/*/LC_MESSAGES/*.po
    """


@po.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--errors-only", is_flag=True, help="Print only errors (warnings are still counted).")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], errors_only: bool) -> None:
    """Read each catalog and report what `msgfmt -c` would, one `FILE:LINE: severity: message` line each.

    \b
    Reported: syntax errors (with the line; the file is then unreadable), a
    missing header entry, plural entries without Plural-Forms or with another
    number of forms than it says, duplicate definitions, msgid/msgstr that do
    not both begin or end with a newline, format strings of c-format,
    python-format and python-brace-format entries (when Polyleaf's format
    checker is installed; otherwise a note says they were not checked), and
    the header fields msgfmt warns about (warnings). Every file is read, also
    after a bad one; notices (CRLF line ends, dropped duplicate obsolete
    entries) go to stderr.

    \b
    Exit: 0 no errors (warnings allowed); 1 at least one error in a readable
          catalog; 3 at least one catalog could not be read.

    \b
    Examples:
      polyleaf po check legacy/fr.po legacy/de.po
      polyleaf po check --errors-only locales/*/LC_MESSAGES/*.po
    """
    unreadable = errors = warnings = 0
    unchecked_formats = False
    for name in files:
        result = check_catalog_file(name)
        for notice in result.notices:
            click.echo(_notice(notice), err=True)
        if result.unreadable is not None:
            unreadable += 1
            click.echo(f"{result.unreadable} (unreadable)", err=True)
            continue
        unchecked_formats = unchecked_formats or not result.format_checked
        for finding in result.findings:
            if finding.severity == "error":
                errors += 1
            else:
                warnings += 1
                if errors_only:
                    continue
            click.echo(str(finding))
    click.echo(f"{len(files)} catalog(s): {errors} error(s), {warnings} warning(s), {unreadable} unreadable", err=True)
    if unchecked_formats:
        click.echo("note: format strings not checked (pipeline.po.formats is not installed)", err=True)
    if unreadable:
        ctx.exit(EXIT_INPUT)
    if errors:
        ctx.exit(EXIT_ATTENTION)


@po.command("normalize")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--output-dir", "-o", "out_dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Write the normalised copies into DIR (same file names) instead of in place.")
@click.option("--check", "dry_run", is_flag=True, help="Write nothing; list files that would change and exit 1 if any would.")
@click.pass_context
def normalize(ctx: click.Context, files: tuple[str, ...], out_dir: str | None, dry_run: bool) -> None:
    """Rewrite catalogs as canonical UTF-8, GNU-wrapped PO, the way `msgcat` writes them.

    \b
    Every entry, flag, #| previous msgid, #~ obsolete entry, msgctxt, comment
    and plural form is kept; legacy charsets (ISO-8859-1, CP1252, Shift-JIS,
    ...) become UTF-8 and the header says so; CRLF line ends become LF; an
    obsolete entry duplicating a live one is dropped (msgfmt -c rejects both).
    Each file is written atomically and only when its bytes change; a file that
    cannot be read is reported (path:line: message) and left as it is, and
    the others are still normalised.

    \b
    Exit: 0 done (or, with --check, nothing would change); 1 with --check:
          some file would change; 3 some file could not be read.

    \b
    Examples:
      polyleaf po normalize legacy/*.po                 in place
      polyleaf po normalize legacy/*.po -o normalised/   copies
      polyleaf po normalize --check locales/*/LC_MESSAGES/*.po   CI
    """
    unreadable = changed = 0
    targets: dict[Path, str] = {}
    for name in files:
        target = Path(out_dir) / Path(name).name if out_dir else Path(name)
        if target in targets:
            raise click.UsageError(f"{name} and {targets[target]} would both be written to {target}")
        targets[target] = name
    for target, name in targets.items():
        try:
            data, notices, legacy = normalized(name)
        except CatalogError as exc:
            unreadable += 1
            click.echo(f"{exc} (unreadable; not changed)", err=True)
            continue
        for notice in notices:
            click.echo(_notice(notice), err=True)
        if legacy:
            click.echo(f"{name}: notice: converted from {legacy.upper()} to UTF-8", err=True)
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        except OSError as exc:
            raise CatalogError(f"cannot read: {exc.strerror}", str(target)) from None
        if current == data:
            continue
        changed += 1
        if dry_run:
            click.echo(f"{target}: would change" if current is not None else f"{target}: would be created")
            continue
        write_bytes_atomic(target, data)
        click.echo(f"{target}: {'normalised' if current is not None else 'written'}")
    if unreadable:
        ctx.exit(EXIT_INPUT)
    if dry_run and changed:
        ctx.exit(EXIT_ATTENTION)
