"""The review record: who translated what, who reviewed it, when, with which engine.

Read from the catalogs' own provenance lines (:mod:`pipeline.provenance`), so
the record travels with the translations and any PO editor keeps it:

* ``polyleaf-translated: by=... date=...``  the person who wrote or post-edited it;
* ``polyleaf-mt: engine=... version=... date=...``  the machine draft it started from;
* ``polyleaf-tm: from=...``  reused from translation memory;
* ``polyleaf-approved: sha=... by=... date=...``  the review, bound to the text.

:func:`records` lists one :class:`AuditRecord` per entry (what ``polyleaf
audit`` prints); :func:`summarise` gives per document and language the
translators, reviewers, share of source words by origin and review dates (what
the publish manifest carries, through :func:`manifest_audit`).  Everything is
sorted and carries no clock time, so the same catalogs give the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

import polib

from . import provenance
from .catalogs import count_words, entry_state, read_catalog_shared
from .config import Settings
from .identity import Identity, parse_identity
from .languages import Language
from .model import Document
from .review import (APPROVED, STALE, UNRECORDED, ReviewSettings, approval_state, four_eyes_problem, load_review_settings,
                     origin, reviewer_of, translator_of)


@dataclass(frozen=True)
class AuditRecord:
    document: str
    language: str
    location: str  # source/x.md:12
    source: str
    translation: str
    status: str  # reviewed | awaiting-review | stale | untranslated
    origin: str  # human | mt | mt+human | tm | "" (untranslated)
    engine: str  # "apertium 3.8.3 eng-cat" for machine drafts, "memory: <doc>" for reuse
    translated_by: str
    translated_on: str
    reviewed_by: str
    reviewed_on: str
    words: int  # source words
    held: str = ""  # why [review] holds it (four eyes), if it does

    def as_dict(self) -> dict:
        return asdict(self)


COLUMNS = tuple(f.name for f in fields(AuditRecord))


def _status(entry: polib.POEntry) -> str:
    state = approval_state(entry)
    if state in (APPROVED, UNRECORDED):
        return "reviewed"
    if state == STALE:
        return "stale"
    return "untranslated" if entry_state(entry) == "untranslated" else "awaiting-review"


def _engine(facts: dict[str, dict[str, str]]) -> str:
    mt = facts.get(provenance.MT)
    if mt and mt.get("engine") not in (None, "copy"):
        return " ".join(v for v in (mt.get("engine", ""), mt.get("version", ""), mt.get("pair", "")) if v)
    tm = facts.get(provenance.TM)
    if tm:
        return f"memory: {tm.get('from', '')}".strip()
    return ""


def entry_record(document: str, language: str, entry: polib.POEntry, header: Identity | None,
                 policy: ReviewSettings | None = None) -> AuditRecord:
    facts = provenance.parse(entry.tcomment or "")
    status = _status(entry)
    translated = status != "untranslated"
    translator = translator_of(entry, header) if translated else None
    reviewer = reviewer_of(entry) if status == "reviewed" else None
    approved = facts.get(provenance.APPROVED, {}) if status == "reviewed" else {}
    when = (facts.get(provenance.TRANSLATED) or {}).get("date") or (facts.get(provenance.MT) or {}).get("date") \
        or (facts.get(provenance.TM) or {}).get("date") or ""
    location = f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}" if entry.occurrences else ""
    held = (four_eyes_problem(entry, policy, header) or "") if status == "reviewed" and policy is not None else ""
    return AuditRecord(
        document=document, language=language, location=location, source=entry.msgid, translation=entry.msgstr,
        status=status, origin=origin(entry) if translated else "", engine=_engine(facts) if translated else "",
        translated_by=str(translator) if translator else "", translated_on=when if translated else "",
        reviewed_by=str(reviewer) if reviewer else ("(not recorded)" if status == "reviewed" else ""),
        reviewed_on=approved.get("date", ""), words=count_words(entry.msgid), held=held,
    )


def catalog_records(document: str, language: str, po: polib.POFile, policy: ReviewSettings | None = None) -> list[AuditRecord]:
    header = parse_identity((po.metadata or {}).get("Last-Translator"))
    out = [entry_record(document, language, e, header, policy) for e in po
           if e.msgid and not e.obsolete and e.msgctxt is None]
    return sorted(out, key=lambda r: (_line(r.location), r.source))


def _line(location: str) -> int:
    tail = location.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def records(settings: Settings, documents: Iterable[Document], languages: Iterable[Language],
            policy: ReviewSettings | None = None) -> list[AuditRecord]:
    """Every entry of every catalog, by document, language, then source line."""
    out: list[AuditRecord] = []
    langs = list(languages)
    for doc in sorted(documents, key=lambda d: d.name):
        for lang in sorted(langs, key=lambda l: l.code):
            path = settings.catalog_path(lang, doc.name)
            if path.exists():
                out.extend(catalog_records(doc.name, lang.code, read_catalog_shared(path, settings.rel(path)), policy))
    return out


def summarise(recs: Iterable[AuditRecord]) -> dict:
    """Translators, reviewers, share of source words by origin, review dates: one document x language."""
    recs = list(recs)
    total = sum(r.words for r in recs) or 0
    by_origin: dict[str, int] = {"human": 0, "mt": 0, "mt+human": 0, "tm": 0, "untranslated": 0}
    for r in recs:
        by_origin[r.origin or "untranslated"] += r.words
    dates = sorted({r.reviewed_on for r in recs if r.reviewed_on})
    reviewed = [r for r in recs if r.status == "reviewed"]
    return {
        "translators": sorted({r.translated_by for r in recs if r.translated_by}),
        "reviewers": sorted({r.reviewed_by for r in reviewed if r.reviewed_by and r.reviewed_by != "(not recorded)"}),
        "reviews_without_reviewer": sum(1 for r in reviewed if r.reviewed_by == "(not recorded)"),
        "words": total,
        "share_of_words": {k: round(v / total, 4) if total else 0.0 for k, v in by_origin.items()},
        "machine_engines": sorted({r.engine for r in recs if r.origin in ("mt", "mt+human") and r.engine}),
        "review_dates": {"first": dates[0], "last": dates[-1]} if dates else {},
    }


def manifest_audit(settings: Settings, document: str, language: str) -> dict:
    """The ``audit`` block of one manifest decision (empty when the catalog cannot be read)."""
    from .errors import PolyleafError

    path = settings.catalog_path(language, document)
    try:
        po = read_catalog_shared(path, settings.rel(path))
    except (PolyleafError, OSError):
        return {}
    return summarise(catalog_records(document, language, po, load_review_settings(settings)))


def as_csv(recs: Iterable[AuditRecord]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in recs:
        writer.writerow([getattr(r, c) for c in COLUMNS])
    return buf.getvalue()
