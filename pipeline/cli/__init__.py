"""The ``polyleaf`` command: click commands only; the library does the work.

Each command lives in its own module beside this one and is registered below by name
only: a command's module (and the libraries it needs: requests for ``translate``,
WeasyPrint for ``export``) is imported when that command runs, so ``polyleaf build``
does not pay for the others' imports.
"""

from __future__ import annotations

import click

from .. import __version__
from ._common import PolyleafGroup

COMMANDS = {  # name -> "module:function" beside this file
    "extract": "extract:extract",
    "status": "extract:status",
    "translate": "translate:translate",
    "check": "check:check",
    "approve": "check:approve",
    "score": "readability:score",
    "readability": "readability:readability",
    "export": "export:export",
    "publish": "publish:publish",
    "build": "build:build",
    "po": "po:po",
    "xliff": "exchange:xliff",
    "tmx": "exchange:tmx",
    "audit": "audit:audit",
    "import": "importer:import_",
}


@click.group(cls=PolyleafGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    One command runs it all (what CI runs):
      polyleaf build       extract -> translate (if configured) -> check -> score -> publish

    
    The stages on their own (each writes files the next one reads):
      polyleaf extract     source/*.md -> locales/templates/*.pot -> locales/<lang>/LC_MESSAGES/*.po
      polyleaf status      how far each language is: translated, fuzzy, untranslated, reviewed words
      polyleaf translate   machine drafts (fuzzy, with provenance) for untranslated entries
      polyleaf check       review checks on every translation, at the source line (exit 1 on errors)
      polyleaf approve     bind reviewers' approvals to the exact text; re-open review when it changed
      polyleaf score       readability per language and section -> reports/readability.{html,json,csv}
      polyleaf readability FILE --lang xx   score any text (a draft) before it enters the pipeline
      polyleaf import FILE  a Word file, web page or PDF text -> source/<name>.md (minimal, faithful)
      polyleaf export      HTML and PDF of any language (--draft for review copies)
      polyleaf publish     the gate: only passing languages -> dist/site/ with manifest.json
      polyleaf po check|normalize FILE...   any catalog: msgfmt -c's findings; rewrite like msgcat
      polyleaf xliff       export/import XLIFF 2.0/1.2 for agencies and CAT tools
      polyleaf tmx         export reviewed segments as TMX 1.4b translation memory
      polyleaf audit       the review record: who translated, who reviewed, when, which engine

    \b
    Exit codes: 0 done; 1 something needs attention (--check would change files,
    checks failed, languages held back with --strict); 2 usage error;
    3 bad input (the message names the file and line); 4 a bug in polyleaf.
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = project
