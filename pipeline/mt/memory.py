"""Translation memory: reviewed translations of the same language, reused before any engine.

Built from the catalogs themselves (every document of one language): an entry
counts when gettext says it is translated -- not fuzzy, not obsolete -- which
in this project means a human reviewed it.  Matches are exact on the msgid.
When two documents disagree, the translation used most often wins, then the
first document by name, so runs are reproducible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from ..catalogs import entry_state


@dataclass(frozen=True)
class MemoryHit:
    msgstr: str
    document: str


class TranslationMemory:
    def __init__(self, catalogs: Iterable[tuple[str, polib.POFile]]):
        votes: dict[str, Counter] = {}
        first_doc: dict[tuple[str, str], str] = {}
        for doc, po in sorted(catalogs, key=lambda pair: pair[0]):
            for entry in po:
                if not entry.msgid or entry.msgid_plural or entry.msgctxt is not None:
                    continue
                if entry_state(entry) != "translated":
                    continue
                votes.setdefault(entry.msgid, Counter())[entry.msgstr] += 1
                first_doc.setdefault((entry.msgid, entry.msgstr), doc)
        self._hits: dict[str, MemoryHit] = {}
        for msgid, counter in votes.items():
            order = {s: i for i, s in enumerate(counter)}
            best = max(counter, key=lambda s: (counter[s], -order[s]))
            self._hits[msgid] = MemoryHit(best, first_doc[(msgid, best)])

    def lookup(self, msgid: str) -> MemoryHit | None:
        return self._hits.get(msgid)

    def __len__(self) -> int:
        return len(self._hits)
