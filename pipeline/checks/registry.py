"""The check registry: :func:`check` registers a small function under a code and a default severity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..languages import Language

SEVERITIES = ("error", "warning", "off")


# -- registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A source segment and its translation in one language."""

    source: str
    target: str
    lang: Language
    kind: str = "paragraph"  # the segment kind (heading, list-item, table-cell, ...)
    fuzzy: bool = False
    tcomment: str = ""  # translator comment (provenance lines)
    previous: str | None = None  # ``#| msgid``: the English before extract made the entry fuzzy


@dataclass(frozen=True)
class CheckSpec:
    code: str
    severity: str
    func: Callable
    scope: str  # "pair", "section", "catalog", or "entry"/"header" (about the PO file itself, at its line)

    @property
    def doc(self) -> str:
        return _dedent(self.func.__doc__ or "")


CHECKS: dict[str, CheckSpec] = {}


def check(code: str, severity: str, scope: str = "pair") -> Callable:
    """Register a check function under ``code`` with a default ``severity``."""

    def register(func: Callable) -> Callable:
        if code in CHECKS:
            raise RuntimeError(f"check {code} registered twice")
        CHECKS[code] = CheckSpec(code, severity, func, scope)
        return func

    return register


def _dedent(doc: str) -> str:
    lines = doc.strip("\n").splitlines()
    if not lines:
        return ""
    rest = [l for l in lines[1:] if l.strip()]
    indent = min((len(l) - len(l.lstrip()) for l in rest), default=0)
    return "\n".join([lines[0].strip(), *(l[indent:] for l in lines[1:])]).strip()
