"""The ``polyleaf`` command: click commands only; the library does the work.

Each command lives in its own module beside this one and is registered below.
"""

from __future__ import annotations

import click

from .. import __version__
from ._common import PolyleafGroup
from .export import export
from .extract import extract, status
from .translate import translate


@click.group(cls=PolyleafGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="polyleaf")
@click.option(
    "--project",
    "-C",
    "project",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Project folder holding polyleaf.toml (default: the current folder or its nearest parent with one).",
)
@click.pass_context
def main(ctx: click.Context, project: str | None) -> None:
    """Publish a patient leaflet in many languages, safely and readably.

    \b
    The workflow, stage by stage (each stage writes files the next one reads):
      polyleaf extract     source/*.md -> locales/templates/*.pot -> locales/<lang>/LC_MESSAGES/*.po
      polyleaf status      how far each language is: translated, fuzzy, untranslated, reviewed words
      polyleaf export      reviewed languages -> dist/<doc>/<lang>/index.html and <doc>.<lang>.pdf
      polyleaf translate   machine drafts (fuzzy, with provenance) for untranslated entries

    \b
    Exit codes: 0 done; 1 something needs attention (--check would change files,
    checks failed, languages held back with --strict); 2 usage error;
    3 bad input (the message names the file and line); 4 a bug in polyleaf.
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = project


main.add_command(extract)
main.add_command(status)
main.add_command(export)
main.add_command(translate)
