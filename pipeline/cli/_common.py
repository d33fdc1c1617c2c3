"""Shared command-line plumbing: exit codes, error mapping, settings loading, output."""

from __future__ import annotations

import os
import sys

import click

from ..config import Settings, load_settings
from ..errors import PolyleafError

EXIT_OK = 0
EXIT_ATTENTION = 1  # --check would change files; checks failed; held back with --strict
EXIT_USAGE = 2  # click's own code for usage errors
EXIT_INPUT = 3  # bad input: a PolyleafError naming file and line
EXIT_BUG = 4  # an unexpected exception: a bug in polyleaf


class PolyleafGroup(click.Group):
    """Maps errors to one line and an exit code; never a traceback for the user.

    ``lazy_commands`` (name -> ``"module:function"`` in this package) are imported
    only when looked up: running one command does not import every command's libraries.
    """

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import importlib

            module, attr = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PolyleafError as exc:
            for one in getattr(exc, "errors", None) or [exc]:  # CatalogErrors: one line per bad catalog
                click.echo(f"polyleaf: error: {one}", err=True)
            ctx.exit(EXIT_INPUT)
        except BrokenPipeError:
            # `polyleaf status | head`: the reader went away; stop quietly (Python docs' recipe).
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            ctx.exit(EXIT_ATTENTION)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("POLYLEAF_DEBUG"):
                raise
            click.echo(
                f"polyleaf: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in polyleaf; run again with POLYLEAF_DEBUG=1 for the traceback and report it.",
                err=True,
            )
            ctx.exit(EXIT_BUG)


def settings_from(ctx: click.Context) -> Settings:
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    cached = obj.get("_settings")
    if cached is None:
        cached = load_settings(obj.get("project"))
        from ..settings_check import validate

        validate(cached)  # every stage's table, before any command writes anything (exit 3)
        obj["_settings"] = cached
    return cached


def selected_languages(settings: Settings, langs: tuple[str, ...] | list[str], all_langs: bool = True):
    """The configured languages named by ``--lang`` (repeatable, comma lists allowed), or all."""
    codes = [c.strip() for item in langs for c in item.split(",") if c.strip()]
    if not codes:
        return list(settings.languages)
    return [settings.language(c) for c in codes]


# -- options shared by the commands (defined once: same name, flag, metavar and wording) ----------

LANG_HELP = "Only these languages (repeat, or comma-separate). Default: all configured."


def lang_option(help: str = LANG_HELP):
    """``-l/--lang CODE`` (repeatable, comma lists allowed) into ``langs``; see :func:`selected_languages`
    and :meth:`pipeline.stages.Selection.of`."""
    return click.option("--lang", "-l", "langs", multiple=True, metavar="CODE", help=help)


def quiet_option(help: str):
    """``-q/--quiet`` into ``quiet``; each command says what it still prints."""
    return click.option("--quiet", "-q", is_flag=True, help=help)


def json_option(help: str = "Machine-readable output (JSON)."):
    """``--json`` into ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def selection_from(ctx: click.Context, langs: tuple[str, ...] | list[str] = (), shard: tuple[int, int] | None = None):
    """The :class:`~pipeline.stages.Selection` the ``--lang`` (and ``--shard``) options name."""
    from ..stages import Selection

    return Selection.of(settings_from(ctx), langs, shard=shard)


def progress_enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int = 1) -> None:
        pass


def progress_bar(length: int, label: str):
    """A progress bar on stderr for long work when it is a terminal (not in CI, not in pipes)."""
    if length < 20 or not progress_enabled():
        return _NoBar()
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)
