"""Who translated and who reviewed: names (and optional e-mail) from the command line,
the environment, the settings or a catalog's ``Last-Translator`` header.

Precedence, first found wins: the command-line option, then the environment
(``POLYLEAF_TRANSLATOR``, ``POLYLEAF_REVIEWER``), then ``[review] translator`` /
``[review] reviewer`` in polyleaf.toml, then (translators only) the catalog's
``Last-Translator`` header, which Poedit and Lokalize fill from their user
settings.  gettext's template placeholder ``FULL NAME <EMAIL@ADDRESS>`` is no one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_FORM = re.compile(r"^\s*(?P<name>[^<>]*?)\s*(?:<(?P<email>[^<>\s]*)>)?\s*$")
_PLACEHOLDERS = {"full name", "first last", "your name", "translator", ""}

TRANSLATOR_ENV = "POLYLEAF_TRANSLATOR"
REVIEWER_ENV = "POLYLEAF_REVIEWER"


@dataclass(frozen=True)
class Identity:
    name: str
    email: str = ""

    @property
    def key(self) -> str:
        """What two identities are compared by: the e-mail when both have one, else the name (case-folded)."""
        return self.email.casefold() if self.email else " ".join(self.name.split()).casefold()

    def same_person(self, other: "Identity | None") -> bool:
        if other is None:
            return False
        if self.email and other.email:
            return self.email.casefold() == other.email.casefold()
        return " ".join(self.name.split()).casefold() == " ".join(other.name.split()).casefold()

    def facts(self) -> dict[str, str]:
        """``by=``/``email=`` for a provenance line."""
        return {"by": self.name, **({"email": self.email} if self.email else {})}

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


def parse_identity(text: str | None) -> Identity | None:
    """``"Ana Ruiz <ana@example.org>"`` or ``"Ana Ruiz"``; None for nothing or gettext's placeholder."""
    if not text or not text.strip():
        return None
    m = _FORM.match(text)
    if not m:
        return Identity(" ".join(text.split()))
    name = " ".join((m.group("name") or "").split())
    email = m.group("email") or ""
    if email.upper() == "EMAIL@ADDRESS":
        email = ""
    if name.casefold() in _PLACEHOLDERS and not email:
        return None
    return Identity(name or email, email)


def from_facts(facts: dict[str, str] | None) -> Identity | None:
    """The identity a provenance line names (``by=``, ``email=``), if any."""
    if not facts or not facts.get("by"):
        return None
    return Identity(facts["by"], facts.get("email", ""))


def resolve(explicit: str | None, env: str, setting: str | None = None, header: str | None = None) -> Identity | None:
    for candidate in (explicit, os.environ.get(env), setting, header):
        found = parse_identity(candidate)
        if found is not None:
            return found
    return None


def today() -> str:
    """Today (UTC) as YYYY-MM-DD, or the day of ``SOURCE_DATE_EPOCH`` for reproducible runs."""
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return when.date().isoformat()
