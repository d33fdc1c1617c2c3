"""Approval bound to content.

gettext's states stay the workflow: a machine draft or an entry whose source
changed is *fuzzy* ("Needs work" in Poedit); a reviewer approves it by clearing
fuzzy.  Polyleaf then binds that approval to the exact pair of texts with a
translator comment ``# polyleaf-approved: sha=<pair_hash(msgid, msgstr)>``
(:mod:`pipeline.provenance`).

When the binding is recorded, and what a mismatch does (``polyleaf approve``,
:func:`approve_catalog`), entry by entry:

========================================  ==================================================
entry                                     what ``approve`` does
========================================  ==================================================
translated, not fuzzy, no approval line   records the approval (and drops a
                                          ``polyleaf-mt-problem`` line: the reviewer saw it)
translated, not fuzzy, line matches       nothing (approved)
translated, not fuzzy, line stale         re-opens review: flags it fuzzy, drops the line
fuzzy or untranslated, with a line        drops the line (review is open anyway)
========================================  ==================================================

"Stale" means the msgid or msgstr changed after approval without passing
through review (someone edited an approved translation without marking it
fuzzy).  When the English changes, ``polyleaf extract`` makes the entry fuzzy
and shows the old English as ``#| msgid``; a reviewer clearing fuzzy on such an
entry approves the new pair, so an entry that still carries ``#| msgid`` is
"unrecorded", not stale.  Until ``approve`` re-opens it, ``polyleaf check`` reports it as
``approval-stale`` (error), and the publish gate does not count its words as
reviewed.  ``polyleaf check`` itself never writes.

For the gate (:func:`is_reviewed`): an entry counts as reviewed when it is
translated, not fuzzy, and its approval is either recorded and current or not
recorded yet (a reviewer has just cleared fuzzy; the next ``approve`` records it).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import provenance
from .catalogs import catalog_bytes, count_words, entry_state, read_catalog
from .config import Settings
from .errors import CatalogError, PolyleafError
from .fsutil import write_bytes_atomic
from .languages import Language
from .model import Document

APPROVED = "approved"
STALE = "stale"
UNRECORDED = "unrecorded"
DRAFT = "draft"
UNTRANSLATED = "untranslated"
OBSOLETE = "obsolete"


def _msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return "\x00".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


def entry_hash(entry: polib.POEntry) -> str:
    """The approval hash of the entry as it is now."""
    return provenance.pair_hash(entry.msgid, _msgstr(entry))


def approval_state(entry: polib.POEntry) -> str:
    """``approved`` | ``stale`` | ``unrecorded`` | ``draft`` (fuzzy) | ``untranslated`` | ``obsolete``."""
    state = entry_state(entry)
    if state == "obsolete":
        return OBSOLETE
    if state == "untranslated":
        return UNTRANSLATED
    if state == "fuzzy":
        return DRAFT
    facts = provenance.parse(entry.tcomment or "").get(provenance.APPROVED)
    if facts is None:
        return UNRECORDED
    if facts.get("sha") == entry_hash(entry):
        return APPROVED
    if entry.previous_msgid is not None:
        # extract made it fuzzy when the English changed (``#| msgid`` shows the old text) and a
        # reviewer has since cleared fuzzy: a new approval, not yet recorded.
        return UNRECORDED
    return STALE


def is_reviewed(entry: polib.POEntry) -> bool:
    """Counts as reviewed for the gate: translated, not fuzzy, approval current or not yet recorded."""
    return approval_state(entry) in (APPROVED, UNRECORDED)


@dataclass(frozen=True)
class Coverage:
    """Word-weighted review coverage of one document in one language (words of the SOURCE)."""

    source_words: int
    reviewed_words: int
    segments: int = 0
    reviewed: int = 0
    drafts: int = 0  # fuzzy
    stale: int = 0
    missing: int = 0  # untranslated or absent from the catalog

    @property
    def share(self) -> float:
        return self.reviewed_words / self.source_words if self.source_words else 1.0

    @property
    def complete(self) -> bool:
        return self.reviewed_words == self.source_words

    def as_dict(self) -> dict:
        return {
            "source_words": self.source_words, "reviewed_words": self.reviewed_words, "share": round(self.share, 4),
            "segments": self.segments, "reviewed": self.reviewed, "drafts": self.drafts, "stale": self.stale,
            "missing": self.missing,
        }


def document_coverage(doc: Document, po: polib.POFile | None) -> Coverage:
    """Reviewed source words / all source words, over the document's distinct segments.

    Measured against the source itself, so a catalog that is out of date (extract not run) cannot
    claim words it does not hold.  Fuzzy entries and stale approvals do not count.
    """
    entries = {}
    if po is not None:
        entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    seen: set[tuple[str | None, str]] = set()
    words = reviewed_words = segs = reviewed = drafts = stale = missing = 0
    for seg in doc.segments:
        if seg.key in seen:
            continue
        seen.add(seg.key)
        n = count_words(seg.text)
        words += n
        segs += 1
        entry = entries.get(seg.key)
        state = approval_state(entry) if entry is not None else UNTRANSLATED
        if state in (APPROVED, UNRECORDED):
            reviewed_words += n
            reviewed += 1
        elif state == DRAFT:
            drafts += 1
        elif state == STALE:
            stale += 1
        else:
            missing += 1
    return Coverage(words, reviewed_words, segs, reviewed, drafts, stale, missing)


@dataclass(frozen=True)
class ApprovalReport:
    recorded: int = 0
    reopened: int = 0
    dropped: int = 0  # lines removed from fuzzy/untranslated entries

    @property
    def changed(self) -> bool:
        return bool(self.recorded or self.reopened or self.dropped)


def approve_catalog(po: polib.POFile) -> tuple[polib.POFile, ApprovalReport]:
    """A copy of ``po`` with approvals recorded, stale ones re-opened (see the module docs)."""
    out = copy.deepcopy(po)
    recorded = reopened = dropped = 0
    for entry in out:
        if entry.msgid == "" and entry.msgctxt is None:
            continue
        state = approval_state(entry)
        comment = entry.tcomment or ""
        has_line = provenance.APPROVED in provenance.parse(comment)
        if state == UNRECORDED:
            comment = provenance.drop_line(comment, provenance.MT_PROBLEM)
            entry.tcomment = provenance.set_line(comment, provenance.APPROVED, sha=entry_hash(entry))
            recorded += 1
        elif state == STALE:
            entry.tcomment = provenance.drop_line(comment, provenance.APPROVED)
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            reopened += 1
        elif state in (DRAFT, UNTRANSLATED) and has_line:
            entry.tcomment = provenance.drop_line(comment, provenance.APPROVED)
            dropped += 1
    return out, ApprovalReport(recorded, reopened, dropped)


@dataclass(frozen=True)
class ApprovalResult:
    path: str  # project-relative catalog path
    language: str
    report: ApprovalReport | None = None
    error: PolyleafError | None = field(default=None, compare=False)
    written: bool = False


def approve_project(settings: Settings, documents: Iterable[Document], languages: Iterable[Language],
                    check: bool = False) -> list[ApprovalResult]:
    """``polyleaf approve``: every catalog of ``languages``; a corrupt one is reported, the others go on.

    With ``check``, nothing is written.  A catalog saved by someone else while we worked is not
    overwritten (its result carries the error).
    """
    results = []
    for doc in documents:
        for lang in languages:
            path = settings.catalog_path(lang, doc.name)
            rel = settings.rel(path)
            if not path.exists():
                continue
            try:
                original = path.read_bytes()
                po = read_catalog(path, rel)
                new, report = approve_catalog(po)
                written = False
                if report.changed and not check:
                    data = catalog_bytes(new)
                    if data != original:
                        if Path(path).read_bytes() != original:
                            raise CatalogError("changed on disk while polyleaf was running; nothing written, run approve again", rel)
                        write_bytes_atomic(path, data)
                        written = True
                results.append(ApprovalResult(rel, lang.code, report, None, written))
            except PolyleafError as exc:
                results.append(ApprovalResult(rel, lang.code, None, exc, False))
            except OSError as exc:
                results.append(ApprovalResult(rel, lang.code, None, CatalogError(f"cannot read or write: {exc.strerror}", rel), False))
    return results
