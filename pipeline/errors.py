"""One exception root for the package.

Every error a user can cause is a :class:`PolyleafError` carrying the file and
line it is about, and prints as ``path:line: message`` (the form compilers and
editors understand).  The command line maps it to exit code 3; any other
exception escaping a command is a bug in Polyleaf.
"""

from __future__ import annotations

import os


class PolyleafError(Exception):
    """A problem with the user's input or environment, reported on one line."""

    def __init__(self, message: str, path: str | os.PathLike | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)


class ConfigError(PolyleafError):
    """The project settings file is wrong."""


class SourceError(PolyleafError):
    """A source document cannot be read or parsed."""


class CatalogError(PolyleafError):
    """A gettext catalog (.po/.pot) is malformed or cannot be used."""


class CatalogErrors(CatalogError):
    """Several catalogs are bad: each is reported on its own ``path:line: message`` line."""

    def __init__(self, errors: list[PolyleafError]):
        super().__init__(f"{len(errors)} catalog(s) cannot be read", None, None)
        self.errors = list(errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class LanguageError(PolyleafError):
    """A language code is not valid CLDR, or is unsafe as a directory name."""


class ProviderError(PolyleafError):
    """A machine-translation provider failed or is not available."""


class ExportError(PolyleafError):
    """HTML/PDF rendering failed (missing font, missing catalog, ...)."""


def format_location(path: str | None, line: int | None, message: str) -> str:
    """``path:line: message``, leaving out what is unknown."""
    if path and line:
        return f"{path}:{line}: {message}"
    if path:
        return f"{path}: {message}"
    return message
