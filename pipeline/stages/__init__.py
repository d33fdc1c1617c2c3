"""The stage layer: each stage says what it *would* do, then does it.

    extract -> translate -> check -> score -> render -> publish

Every stage module has ``plan(settings, selection, ...) -> Plan`` (reads, never writes a
project file: the :class:`Plan` is a frozen value listing the work and the files that
would change) and ``apply(plan)`` (the only writer).  ``polyleaf build`` only sequences
stages (:mod:`pipeline.build`); every ``--check`` is "plan, compare, apply nothing".

A :class:`Selection` (documents x languages) is threaded through every stage: the
commands' ``-l/--lang`` options and ``build --shard K/N`` map to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..languages import Language
from ..model import Document

STAGES = ("extract", "translate", "check", "score", "render", "publish")


@dataclass(frozen=True)
class Selection:
    """Which (document, language) pairs a run covers.

    ``languages``: configured language codes (all of them by default); ``documents``: document
    names (source file stems), ``None`` for every source; ``shard``: ``(k, n)`` keeps the pairs
    whose document's stable hash falls in share ``k`` of ``n`` (1-based), the same on every
    machine.  A shard takes whole documents (all their selected languages): a page's language
    switcher lists every published language of its document, so one document's pages are
    rendered together.
    """

    languages: tuple[str, ...]
    documents: tuple[str, ...] | None = None
    shard: tuple[int, int] | None = None

    @classmethod
    def of(cls, settings: Settings, langs: Iterable[str] = (), documents: Iterable[str] | None = None,
           shard: tuple[int, int] | None = None) -> Selection:
        """From ``-l/--lang`` values (repeatable, comma lists allowed; unknown codes raise, exit 3)."""
        codes = [c.strip() for item in langs for c in item.split(",") if c.strip()]
        chosen = [settings.language(c).code for c in codes] if codes else [l.code for l in settings.languages]
        docs = tuple(documents) if documents is not None else None
        return cls(tuple(dict.fromkeys(chosen)), docs, shard)

    @property
    def whole(self) -> bool:
        """Every document, and no shard (languages may still be a subset)."""
        return self.documents is None and self.shard is None

    def language_objects(self, settings: Settings) -> list[Language]:
        """The selected languages, in the order they were named (configured order by default)."""
        return [settings.language(code) for code in self.languages]

    def filter_documents(self, documents: Sequence[Document]) -> list[Document]:
        wanted = set(self.documents) if self.documents is not None else None
        return [d for d in documents if (wanted is None or d.name in wanted) and self.keeps(d.name)]

    def keeps(self, document: str, language: str = "") -> bool:
        """Whether the pair is in this selection's shard (always, without a shard)."""
        if self.shard is None:
            return True
        k, n = self.shard
        return shard_of(document, n) == k

    def pairs(self, documents: Sequence[Document]) -> list[tuple[str, str]]:
        return [(d.name, code) for d in self.filter_documents(documents) for code in self.languages if self.keeps(d.name, code)]


def shard_of(document: str, n: int) -> int:
    """The shard (1..n) of a document's pairs: a hash of its name, so every machine agrees."""
    digest = hashlib.sha256(document.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` -> ``(K, N)`` with 1 <= K <= N; ValueError otherwise."""
    k, sep, n = text.partition("/")
    if not sep or not k.strip().isdigit() or not n.strip().isdigit():
        raise ValueError(f"--shard takes K/N (e.g. 1/4), not {text!r}")
    ki, ni = int(k), int(n)
    if not 1 <= ki <= ni:
        raise ValueError(f"--shard {text}: K must be between 1 and N")
    return ki, ni


@dataclass(frozen=True)
class Plan:
    """What one stage would do: the work, and the project files it would write (or remove).

    ``writes`` lists ``"path: would create|update|remove"`` lines, empty when the stage's
    outputs are current; ``payload`` is what :func:`apply` needs (computed content), not
    part of the comparison.
    """

    stage: str
    selection: Selection
    work: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    detail: str = ""
    payload: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def current(self) -> bool:
        return not self.writes
