"""Plainer words for hard ones, per language: suggestions a writer may take, never applied.

The lists (``plain/<lang>.tsv``: ``hard word<TAB>plainer word[, another]``, ``#`` comments) are
built for this project from public-domain or openly licensed plain-language guidance; each file's
header names its sources and licences (and ``docs/notes/readability.md`` §6e).  Look-up is by the
word in lower case, then by a simple stem (plural / -ed / -ing), so "assists" finds "assist".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent / "plain"


@lru_cache(maxsize=None)
def word_list(lang: str) -> dict[str, tuple[str, ...]]:
    """``{hard word: (plainer, ...)}`` for a base language ({} when there is no list)."""
    path = _DIR / f"{lang}.tsv"
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        hard, _, plain = line.partition("\t")
        if plain.strip():
            out[hard.strip().lower()] = tuple(p.strip() for p in plain.split(",") if p.strip())
    return out


_SUFFIXES = ("ies", "es", "s", "ed", "ing", "d")


def suggest(lang: str, word: str) -> tuple[str, ...]:
    """Plainer alternatives for ``word`` in base language ``lang`` (empty when the list has none)."""
    table = word_list(lang)
    if not table:
        return ()
    w = word.lower().strip("’'")
    hit = table.get(w)
    if hit:
        return hit
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            for cand in (stem, stem + "e", stem + "y"):
                if cand in table:
                    return table[cand]
    return ()


def suggestions_for_text(lang: str, words, limit: int = 12) -> list[tuple[str, tuple[str, ...]]]:
    """(word, plainer words) for each distinct word of ``words`` that the language's list has, in order."""
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for w in words:
        k = w.lower()
        if k in seen:
            continue
        seen.add(k)
        hit = suggest(lang, w)
        if hit:
            out.append((w, hit))
            if len(out) >= limit:
                break
    return out
