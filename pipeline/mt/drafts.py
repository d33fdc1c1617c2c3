"""Which entries a run may fill, and how a fill is written into an entry.  Pure.

gettext states are the workflow: a machine draft is ``fuzzy`` (clearing fuzzy
is the approval) and carries ``# polyleaf-mt: engine=.. date=.. sha=..`` where
``sha`` is the hash of the msgstr as delivered.  An entry may be filled when it
is untranslated; with ``refresh`` also when it is a machine draft whose msgstr
still matches its ``sha`` (nobody edited it).  Entries with a msgctxt (front
matter, image alt text and titles) count like any other.  Reviewed entries, human-edited
drafts, memory fills and obsolete entries are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polib

from .. import provenance
from ..catalogs import entry_state


@dataclass(frozen=True)
class Fill:
    """What to write into an entry: a machine draft, a memory reuse or a copy of markup-only text."""

    msgstr: str
    origin: str  # "mt", "tm" or "copy"
    engine: str = ""
    date: str = ""
    document: str = ""  # memory: the document the reviewed translation came from
    fuzzy: bool = True
    engine_facts: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)  # e.g. version, pair
    problems: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


def is_unedited_machine_draft(entry: polib.POEntry) -> bool:
    facts = provenance.parse(entry.tcomment).get(provenance.MT)
    return bool(facts) and "fuzzy" in entry.flags and facts.get("sha") == provenance.text_hash(entry.msgstr)


def eligible(entry: polib.POEntry, refresh: bool = False) -> bool:
    """Whether a run may fill ``entry``.  Entries with a msgctxt are eligible like any other: they are
    the source's plain-text entries of their own (front matter ``title``/``description``, an image's
    alt text and title), masked and drafted the same way."""
    if entry.obsolete or not entry.msgid or entry.msgid_plural:
        return False
    state = entry_state(entry)
    if state == "untranslated":
        return True
    return refresh and state == "fuzzy" and is_unedited_machine_draft(entry)


def apply_fill(entry: polib.POEntry, fill: Fill) -> None:
    entry.msgstr = fill.msgstr
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.previous_msgctxt = None
    comment = provenance.drop_line(entry.tcomment, provenance.APPROVED)
    comment = provenance.drop_line(comment, provenance.MT_PROBLEM)
    if fill.origin == "tm":
        comment = provenance.drop_line(comment, provenance.MT)
        comment = provenance.set_line(comment, provenance.TM, **{"from": fill.document, "date": fill.date})
    else:
        comment = provenance.drop_line(comment, provenance.TM)
        comment = provenance.drop_line(comment, provenance.TRANSLATED)  # a new draft: no human wrote it yet
        comment = provenance.set_line(comment, provenance.MT, engine=fill.engine, **dict(fill.engine_facts), date=fill.date,
                                      sha=provenance.text_hash(fill.msgstr))
        if fill.problems:
            comment = provenance.set_line(comment, provenance.MT_PROBLEM, **dict(fill.problems))
    entry.tcomment = comment
    if fill.fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    elif not fill.fuzzy and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")


def apply_fills(po: polib.POFile, fills: Mapping[str, Fill], refresh: bool = False) -> int:
    """Fill every still-eligible entry that has a fill; returns how many entries changed."""
    changed = 0
    for entry in po:
        fill = fills.get(entry.msgid)
        if fill is None or not eligible(entry, refresh):
            continue
        before = (entry.msgstr, entry.tcomment, tuple(entry.flags), entry.previous_msgid)
        apply_fill(entry, fill)
        if (entry.msgstr, entry.tcomment, tuple(entry.flags), entry.previous_msgid) != before:
            changed += 1
    return changed


def plan_batches(texts: list[str], batch_size: int, batch_chars: int, joins: bool) -> list[list[str]]:
    """Group texts into requests: up to ``batch_size`` texts joined by newlines within ``batch_chars``.

    A text with a newline of its own, or one longer than ``batch_chars``, goes alone.
    """
    if not joins or batch_size <= 1:
        return [[t] for t in texts]
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        alone = "\n" in text or len(text) >= batch_chars
        if current and (alone or len(current) >= batch_size or size + 1 + len(text) > batch_chars):
            batches.append(current)
            current, size = [], 0
        if alone:
            batches.append([text])
            continue
        size += len(text) + (1 if current else 0)
        current.append(text)
    if current:
        batches.append(current)
    return batches
