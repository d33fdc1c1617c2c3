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
translated, not fuzzy, msgstr edited      records the new approval (the save was the review)
translated, not fuzzy, line stale         re-opens review: flags it fuzzy, drops the line
fuzzy or untranslated, with a line        drops the line (review is open anyway)
========================================  ==================================================

Approval in one step: a reviewer who fixes a typo in an approved translation in
Poedit and saves it with "Needs work" off has approved the new text by that save
(gettext's own meaning of "translated, not fuzzy"), so the entry counts as
reviewed ("unrecorded") at once, and ``approve`` binds the new pair; no second
approval is needed.  "Stale" means the *source* (msgid) changed under an
approval without passing through review: the line records ``src=`` (a hash of
the msgid) to tell the two apart; a line written before ``src=`` existed is read
as a msgstr edit.  When the English changes, ``polyleaf extract`` makes the entry fuzzy
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
from .identity import Identity, from_facts, parse_identity
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
        if "seal" in facts and facts["seal"] != provenance.seal(facts["sha"], facts.get("by", ""), facts.get("email", ""), facts.get("date", "")):
            return STALE  # the reviewer's name or date was edited after approval: the record no longer holds
        return APPROVED
    if entry.previous_msgid is not None:
        # extract made it fuzzy when the English changed (``#| msgid`` shows the old text) and a
        # reviewer has since cleared fuzzy: a new approval, not yet recorded.
        return UNRECORDED
    src = facts.get("src")
    if src is None or src == provenance.text_hash(entry.msgid):
        # same source, msgstr edited and saved as reviewed (not fuzzy): that save is the new approval
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
    four_eyes: int = 0  # reviewed, but held by [review] require_second_reviewer / machine_drafts_need
    four_eyes_examples: tuple = ()  # "source/x.md:12: reason" for the first few

    def __post_init__(self) -> None:
        object.__setattr__(self, "four_eyes_examples", tuple(self.four_eyes_examples))  # a list from the JSON cache

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
            **({"four_eyes": self.four_eyes, "four_eyes_examples": list(self.four_eyes_examples)} if self.four_eyes else {}),
        }


def document_coverage(doc: Document, po: polib.POFile | None, policy: "ReviewSettings | None" = None) -> Coverage:
    """Reviewed source words / all source words, over the document's distinct segments.

    Measured against the source itself, so a catalog that is out of date (extract not run) cannot
    claim words it does not hold.  Fuzzy entries and stale approvals do not count; with a
    ``policy`` asking for four eyes, neither do entries :func:`four_eyes_problem` holds.
    """
    header = parse_identity((po.metadata or {}).get("Last-Translator")) if po is not None else None
    examples: list[str] = []
    four_eyes = 0
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
        problem = four_eyes_problem(entry, policy, header) if policy is not None and state in (APPROVED, UNRECORDED) else None
        if problem:
            four_eyes += 1
            if len(examples) < 3:
                examples.append(f"{seg.path}:{seg.line}: {problem}")
        elif state in (APPROVED, UNRECORDED):
            reviewed_words += n
            reviewed += 1
        elif state == DRAFT:
            drafts += 1
        elif state == STALE:
            stale += 1
        else:
            missing += 1
    return Coverage(words, reviewed_words, segs, reviewed, drafts, stale, missing, four_eyes, tuple(examples))


@dataclass(frozen=True)
class ApprovalReport:
    recorded: int = 0
    reopened: int = 0
    dropped: int = 0  # lines removed from fuzzy/untranslated entries

    @property
    def changed(self) -> bool:
        return bool(self.recorded or self.reopened or self.dropped)


def approve_catalog(po: polib.POFile, *, reviewer: Identity | None = None, date: str = "",
                    translator: Identity | None = None) -> tuple[polib.POFile, ApprovalReport]:
    """A copy of ``po`` with approvals recorded, stale ones re-opened (see the module docs).

    With ``reviewer``, each approval recorded now names them and the ``date``, sealed to the content
    hash (``by=... email=... date=... seal=...``).  An entry recorded now that a human wrote or
    post-edited and that has no ``polyleaf-translated`` line gets one naming ``translator`` (default:
    the catalog's ``Last-Translator``), so the record says who translated and who reviewed.
    """
    out = copy.deepcopy(po)
    if translator is None:
        translator = parse_identity((po.metadata or {}).get("Last-Translator"))
    recorded = reopened = dropped = 0
    for entry in out:
        if entry.msgid == "" and entry.msgctxt is None:
            continue
        state = approval_state(entry)
        comment = entry.tcomment or ""
        has_line = provenance.APPROVED in provenance.parse(comment)
        if state == UNRECORDED:
            comment = provenance.drop_line(comment, provenance.MT_PROBLEM)
            if translator is not None and human_wrote(entry) and provenance.TRANSLATED not in provenance.parse(comment):
                comment = provenance.set_line(comment, provenance.TRANSLATED, **translator.facts(),
                                              **({"date": date} if date else {}))
            entry.tcomment = provenance.set_line(comment, provenance.APPROVED, **approval_facts(entry_hash(entry), reviewer, date),
                                                  src=provenance.text_hash(entry.msgid))
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
                    check: bool = False, reviewer: Identity | None = None, date: str = "") -> list[ApprovalResult]:
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
                new, report = approve_catalog(po, reviewer=reviewer, date=date)
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


# -- [review] settings: identities and the four-eyes rule ------------------------------------------

#: ``[review] machine_drafts_need``: what a machine draft needs before it counts as reviewed.
#: ``human-review`` (US Section 1557, 45 CFR 92.201(c)(3): a qualified human reviews machine
#: translation of critical text) is the default and the floor; ``second-reviewer`` also asks that
#: the reviewer of a machine draft is not the person who post-edited it.
MACHINE_DRAFT_RULES = ("human-review", "second-reviewer")


@dataclass(frozen=True)
class ReviewSettings:
    require_second_reviewer: bool = False  # ISO 17100 revision: the reviewer is never the translator
    machine_drafts_need: str = "human-review"
    translator: str | None = None  # default identity ("Name <email>") when none is given otherwise
    reviewer: str | None = None


def load_review_settings(settings: Settings) -> ReviewSettings:
    """``[review]`` from polyleaf.toml, validated (errors name the line)."""
    table = settings.table("review")
    if not isinstance(table, dict):
        raise settings.error("[review] must be a table", "review")
    second = table.get("require_second_reviewer", False)
    if not isinstance(second, bool):
        raise settings.error("[review] require_second_reviewer must be true or false", "review", "require_second_reviewer")
    rule = table.get("machine_drafts_need", "human-review")
    if rule not in MACHINE_DRAFT_RULES:
        raise settings.error(
            f"[review] machine_drafts_need must be one of {', '.join(repr(r) for r in MACHINE_DRAFT_RULES)}, got {rule!r}: "
            "Polyleaf never publishes a machine draft no person has reviewed (US Section 1557)",
            "review", "machine_drafts_need")
    names = {}
    for key in ("translator", "reviewer"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise settings.error(f"[review] {key} must be a string such as \"Ana Ruiz <ana@example.org>\"", "review", key)
        names[key] = value
    return ReviewSettings(second, rule, names["translator"], names["reviewer"])


# -- identities: who translated, who reviewed ---------------------------------------------------------


def approval_facts(sha: str, reviewer: Identity | None, date: str) -> dict[str, str]:
    """The ``polyleaf-approved`` facts: ``sha`` alone (as before identities), or with the reviewer sealed to it."""
    if reviewer is None:
        return {"sha": sha}
    facts = {"sha": sha, **reviewer.facts(), "date": date}
    facts["seal"] = provenance.seal(sha, reviewer.name, reviewer.email, date)
    return facts


def human_wrote(entry: polib.POEntry) -> bool:
    """Whether a person wrote the msgstr: not a machine draft left as delivered, not a memory reuse."""
    facts = provenance.parse(entry.tcomment or "")
    if provenance.TRANSLATED in facts:
        return True
    mt = facts.get(provenance.MT)
    if mt is not None:
        return mt.get("sha") != provenance.text_hash(entry.msgstr)  # edited after the engine: post-edited
    return provenance.TM not in facts


def origin(entry: polib.POEntry) -> str:
    """``mt`` (machine draft as delivered), ``mt+human`` (post-edited), ``tm`` (memory), ``human``."""
    facts = provenance.parse(entry.tcomment or "")
    mt = facts.get(provenance.MT)
    if mt is not None and mt.get("engine") != "copy":
        return "mt" if mt.get("sha") == provenance.text_hash(entry.msgstr) and provenance.TRANSLATED not in facts else "mt+human"
    if provenance.TM in facts and provenance.TRANSLATED not in facts:
        return "tm"
    return "human"


def translator_of(entry: polib.POEntry, header: Identity | None = None) -> Identity | None:
    """Who translated (or post-edited) the entry: its ``polyleaf-translated`` line, else for a text a
    human wrote the catalog's ``Last-Translator``; None for a machine draft or memory reuse as delivered."""
    facts = provenance.parse(entry.tcomment or "")
    named = from_facts(facts.get(provenance.TRANSLATED))
    if named is not None:
        return named
    return header if human_wrote(entry) else None


def reviewer_of(entry: polib.POEntry) -> Identity | None:
    return from_facts(provenance.parse(entry.tcomment or "").get(provenance.APPROVED))


def four_eyes_problem(entry: polib.POEntry, policy: ReviewSettings | None, header: Identity | None = None) -> str | None:
    """Why ``[review]`` holds this reviewed entry, or None.

    ``require_second_reviewer``: the approval must name a reviewer, and not the translator or
    post-editor.  ``machine_drafts_need = "second-reviewer"``: the same, for machine drafts a
    person post-edited.  (``human-review``, the default, is met by any recorded review: a
    fuzzy machine draft never counts as reviewed.)
    """
    if policy is None:
        return None
    from_machine = origin(entry) in ("mt", "mt+human")
    if not (policy.require_second_reviewer or (policy.machine_drafts_need == "second-reviewer" and from_machine)):
        return None
    rule = "[review] require_second_reviewer" if policy.require_second_reviewer else '[review] machine_drafts_need = "second-reviewer"'
    reviewer = reviewer_of(entry)
    if reviewer is None:
        return f"no reviewer recorded: run `polyleaf approve --reviewer NAME` ({rule})"
    translator = translator_of(entry, header)
    if translator is not None and reviewer.same_person(translator):
        what = "post-edited the machine draft" if from_machine else "translated it"
        return f"reviewed by {reviewer.name}, who also {what}: a second person must review ({rule})"
    return None

