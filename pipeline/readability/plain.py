"""Plainer words for hard ones, per language: suggestions a writer may take, never applied.

The lists (``plain/<lang>.tsv``: ``hard word<TAB>plainer word[, another]``, ``#`` comments) are
built for this project from public-domain or openly licensed plain-language guidance (an optional
third column tags each entry's source); each file's
header names its sources and licences (and ``docs/notes/readability.md`` §6e).  Look-up is by the
word in lower case, then by a simple stem (plural / -ed / -ing), so "assists" finds "assist", and
without an elided article in front, so Italian "l'ammenda" finds "ammenda".

An entry may be a phrase of several words ("dans le but de<TAB>pour": the non-English guides give
mostly wordy phrases, not single hard words).  Phrases are found in a text's word sequence by
:func:`suggestions_for_text` (``polyleaf readability``); the hard-word hotspots are single words,
so only single-word entries appear there.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import memo

_DIR = Path(__file__).parent / "plain"


@memo.pure(maxsize=None)
def word_list(lang: str) -> dict[str, tuple[str, ...]]:
    """``{hard word: (plainer, ...)}`` for a base language ({} when there is no list)."""
    path = _DIR / f"{lang}.tsv"
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        hard, _, rest = line.partition("\t")
        plain = rest.split("\t", 1)[0]  # a third column names the entry's source
        if plain.strip():
            out[hard.strip().lower()] = tuple(p.strip() for p in plain.split(",") if p.strip())
    return out


_SUFFIXES = ("ies", "es", "s", "ed", "ing", "d")


# an elided article or preposition written onto the word: l'ammenda, dell'interlocuzione, d'abord, qu'il
_ELIDED = re.compile(r"^[^\W\d_]{1,4}['’](?=[^\W\d_]{3})")


def unelided(word: str) -> str:
    """``word`` without an elided article or preposition in front (``l'ammenda`` -> ``ammenda``)."""
    return _ELIDED.sub("", word, count=1)


def suggest(lang: str, word: str) -> tuple[str, ...]:
    """Plainer alternatives for ``word`` in base language ``lang`` (empty when the list has none)."""
    table = word_list(lang)
    if not table:
        return ()
    w = word.lower().strip("’'")
    hit = table.get(w)
    if hit:
        return hit
    bare = unelided(w)
    if bare != w and table.get(bare):
        return table[bare]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            for cand in (stem, stem + "e", stem + "y"):
                if cand in table:
                    return table[cand]
    return ()


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


@memo.pure(maxsize=None)
def phrases(lang: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """``{(word, word, ...): (plainer, ...)}``: the list's entries of two or more words."""
    from .tokenize import words_of

    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for hard, plain in word_list(lang).items():
        if " " in hard:
            out[tuple(_key(w) for w in words_of(hard))] = plain
    return out


def suggestions_for_text(lang: str, words, limit: int = 12) -> list[tuple[str, tuple[str, ...]]]:
    """(word or phrase, plainer words) for each distinct word or listed phrase of ``words`` that the
    language's list has, in order of first appearance."""
    words = list(words)
    keys = [_key(w) for w in words]
    multi = phrases(lang)
    lengths = sorted({len(p) for p in multi}, reverse=True)
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for i, w in enumerate(words):
        for n in lengths:  # the longest listed phrase starting here
            hit = multi.get(tuple(keys[i:i + n]))
            if hit:
                shown = " ".join(words[i:i + n])
                if shown.lower() not in seen:
                    seen.add(shown.lower())
                    out.append((shown, hit))
                break
        else:
            k = w.lower()
            if k in seen:
                continue
            seen.add(k)
            hit = suggest(lang, w)
            if hit:
                bare = unelided(w)  # shown as listed: "ammenda", not "l'ammenda"
                out.append((bare if bare.lower().replace("’", "'") in word_list(lang) else w, hit))
        if len(out) >= limit:
            break
    return out
