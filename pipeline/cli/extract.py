"""``polyleaf extract`` and ``polyleaf status`` (being written: catalog core, issue 2)."""

from __future__ import annotations

import click


@click.command()
def extract() -> None:
    """Extract source/*.md into locales/templates/*.pot and update every language's catalog."""
    raise click.ClickException("not written yet")


@click.command()
def status() -> None:
    """Show per document and language how much is translated and reviewed."""
    raise click.ClickException("not written yet")
