"""TMX files as translation memory: ``[translate] tmx_memory = ["memory/*.tmx"]``.

Exact matches on the English text, for one target language, from TMX files an
agency or another project supplied (read by :func:`pipeline.exchange.tmx.read_tmx`).
They are consulted after the project's own reviewed catalogs
(:mod:`.memory`), and a hit is always written as a *fuzzy* draft with
``# polyleaf-tm: from=<file>``: another project's review is not this
leaflet's review.  Variants are matched by language code (``es`` takes ``es``,
``es-ES``, ``es-419`` when no exact ``es`` exists); the first file in name
order, then the first unit, wins, so runs are reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..languages import Language

KEY = "tmx_memory"


@dataclass(frozen=True)
class TmxHit:
    msgstr: str
    file: str  # project-relative


def _norm(lang: str) -> tuple[str, str]:
    tag = lang.replace("_", "-").strip()
    return tag.lower(), tag.split("-")[0].lower()


class TmxMemory:
    def __init__(self, triples: Iterable[tuple[str, str, str, str]], target: Language):
        """``triples``: ``(source, target, lang, file)``."""
        exact: dict[str, TmxHit] = {}
        loose: dict[str, TmxHit] = {}
        want_tag, want_base = _norm(target.tag)
        for source, text, lang, file in triples:
            tag, base = _norm(lang)
            if tag == want_tag:
                exact.setdefault(source, TmxHit(text, file))
            elif base == want_base and target.base == target.code:
                loose.setdefault(source, TmxHit(text, file))
        self._hits = {**loose, **exact}

    def lookup(self, msgid: str) -> TmxHit | None:
        return self._hits.get(msgid)

    def __len__(self) -> int:
        return len(self._hits)


def tmx_paths(settings: Settings, patterns: Iterable[str]) -> list[Path]:
    """Files matched by the ``tmx_memory`` glob patterns (inside the project), sorted, each once."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise settings.error(f"[translate] {KEY}: {pattern!r} must be a pattern inside the project", "translate", KEY)
        for path in sorted(settings.root.glob(pattern)):
            if path.is_file():
                found.setdefault(path, None)
    return list(found)


def load_tmx_memory(settings: Settings, patterns: Iterable[str], target: Language) -> TmxMemory | None:
    from ..exchange.tmx import read_tmx

    paths = tmx_paths(settings, patterns)
    if not paths:
        return None

    def triples():
        for path in paths:
            rel = settings.rel(path)
            for source, text, lang in read_tmx(path, rel):
                yield source, text, lang, rel

    return TmxMemory(triples(), target)
