"""Documents -> templates -> one catalog per language, merged like ``msgmerge --previous``.

Pure core: :func:`build_template` and :func:`merge` work on values and return
values; :func:`update_project` reads everything first, computes every output,
and only then writes (atomically, only files whose bytes change).  If any input
is bad, nothing on disk changes.

Merge decisions, per template entry (same as GNU msgmerge):

* exact msgid in the old catalog -> translation, flags and comments kept;
* exact msgid among obsolete entries -> revived with its translation;
* otherwise the most similar translated old entry (similarity >= 0.6, the
  ratio GNU's fstrcmp computes) -> its translation as a *fuzzy* draft, with the
  old msgid as ``#| msgid`` so the editor shows what changed;
* otherwise untranslated.

Old entries no longer in the template become obsolete (``#~``) when they carry
a translation, so a reviewed translation is never dropped.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from . import __version__, cachefile, memo, provenance
from .config import Settings
from .errors import CatalogError, CatalogErrors
from .fsutil import write_bytes_atomic, write_if_changed
from .languages import Language
from .model import Document, Stats
from .po import encode_po, read_po
from .po.reader import gc_paused
from .po.plurals import plural_forms_mismatch
from .compendium import Compendium, load_compendium, memory_digest
from .source import SourceOptions, read_document, source_options

FUZZY_THRESHOLD = 60.0  # percent; GNU msgmerge's FUZZY_THRESHOLD is 0.6
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.UNICODE)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_POT_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"$', re.M)


# -- reading and writing --------------------------------------------------------------


def read_catalog(path: str | Path, display: str | None = None) -> polib.POFile:
    """A validated catalog; legacy charsets are decoded (``po.legacy_charset`` names them)."""
    po, decoded = read_po(path, display)
    po.legacy_charset = decoded.charset if decoded.legacy else None  # type: ignore[attr-defined]
    return po


_SHARED: dict[tuple[str, str], polib.POFile] = memo.table(f"{__name__}.shared")  # (path, sha256) -> catalog
# How many parsed catalogs one process keeps.  A build reads every catalog in check, score,
# render and the site index, so the bound must hold a whole selection's catalogs, or each
# stage parses them all again (at 2,000 x 10 = 20,000 catalogs a bound of 4,096 made the
# per-pair cost 1.7x that of 200 x 10: docs/notes/benchbuild.md, run F).  Past the bound the
# table is emptied, which costs time, never a result (the key is the content).
_SHARED_MAX = 32_768


def read_catalog_shared(path: str | Path, display: str | None = None) -> polib.POFile:
    """:func:`read_catalog` for readers that never modify the catalog (checks, scores, pages):
    within one process, a file whose bytes hash the same is parsed once and the same object
    returned, so a build's check, score and publish stages parse each catalog once."""
    key = (str(path), file_digest(Path(path)))
    po = _SHARED.get(key) if key[1] is not None else None
    if po is None:
        po = read_catalog(path, display)
        if key[1] is not None:
            if len(_SHARED) >= _SHARED_MAX:
                _SHARED.clear()
            _SHARED[key] = po
    return po


def catalog_bytes(po: polib.POFile) -> bytes:
    return encode_po(po)


def read_notices(po: polib.POFile) -> str:
    """What reading changed, for the user: legacy charset, CRLF line ends, dropped duplicates."""
    parts = []
    if getattr(po, "legacy_charset", None):
        parts.append(f"converted from {po.legacy_charset.upper()} to UTF-8")
    for n in getattr(po, "notices", ()):
        parts.append(f"line {n.line}: {n.message}" if n.line else n.message)
    return "; ".join(parts)


def write_catalog(path: str | Path, po: polib.POFile) -> bool:
    """Write ``po`` as UTF-8 PO text, atomically, only if the bytes change."""
    data = catalog_bytes(po)
    try:
        if Path(path).read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_bytes_atomic(path, data)
    return True


# -- words and states ----------------------------------------------------------------------


def count_words(markdown_text: str) -> int:
    """Words a reader sees in a segment (link targets and markup not counted)."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", markdown_text)))


def entry_state(entry: polib.POEntry) -> str:
    """gettext's own states: ``obsolete``, ``untranslated``, ``fuzzy`` or ``translated``."""
    if entry.obsolete:
        return "obsolete"
    if entry.msgid_plural:
        strings = list(entry.msgstr_plural.values())
        if not strings or not all(strings):
            return "untranslated"
    elif not entry.msgstr:
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def is_translated(entry: polib.POEntry) -> bool:
    """gettext's *translated* state: a msgstr, not fuzzy.  Says nothing about approvals: what
    counts as reviewed for publication is :func:`pipeline.review.is_reviewed` (a stale approval
    is translated but not reviewed)."""
    return entry_state(entry) == "translated"


def catalog_stats(po: polib.POFile, reviewed: Callable[[polib.POEntry], bool] = is_translated) -> Stats:
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    words = reviewed_words = 0
    for entry in po:
        if entry.msgid == "" and entry.msgctxt is None:
            continue
        state = entry_state(entry)
        counts[state] += 1
        if state == "obsolete":
            continue
        n = count_words(entry.msgid)
        words += n
        if reviewed(entry):
            reviewed_words += n
    return Stats(source_words=words, reviewed_words=reviewed_words, **counts)


# -- templates -----------------------------------------------------------------------------


def load_documents(settings: Settings) -> list[Document]:
    """Every source, parsed; an empty one is an error naming it (it would publish a page with nothing on it)."""
    from .source_checks import require_content

    options = source_options(settings)
    docs = [read_document(f, settings.root, options) for f in settings.source_files()]
    for doc in docs:
        require_content(doc)
    return docs


def _comment(kind: str, section: str, note: str) -> str:
    lines = [f"type: {kind}"]
    if section:
        lines.append(f"section: {section}")
    if note:
        lines.append(f"Translators: {note}")
    return "\n".join(lines)


def build_template(doc: Document, settings: Settings, creation_date: str) -> polib.POFile:
    """The ``.pot`` for one document: one entry per distinct segment, all its references."""
    pot = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    pot.header = (
        f"Translation template for {doc.title}.\n"
        f"Extracted by Polyleaf from {doc.path}; edit the source, not this file."
    )
    pot.metadata = {
        "Project-Id-Version": f"{settings.name} {settings.version}".strip(),
        "Report-Msgid-Bugs-To": settings.bugs_address,
        "POT-Creation-Date": creation_date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"Polyleaf {__version__}",
    }
    pot.metadata_is_fuzzy = True
    by_key: dict[tuple[str | None, str], polib.POEntry] = {}
    for seg in doc.segments:
        entry = by_key.get(seg.key)
        if entry is None:
            entry = polib.POEntry(
                msgid=seg.text,
                msgctxt=seg.msgctxt,
                msgstr="",
                occurrences=[],
                comment=_comment(seg.kind, seg.section, seg.note),
            )
            by_key[seg.key] = entry
            pot.append(entry)
        entry.occurrences.append((seg.path, str(seg.line)))
    return pot


def creation_date(now: float | None = None) -> str:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now, in gettext's format."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    ts = float(epoch) if epoch and epoch.isdigit() else (now if now is not None else time.time())
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


# -- fuzzy matching ------------------------------------------------------------------------


class FuzzyIndex:
    """Best match by GNU's similarity (2 x common / total length, >= 0.6), without scoring everything.

    The score is rapidfuzz's ``ratio`` = ``100 (1 - d / (len(a) + len(b)))`` with ``d`` the
    insert/delete distance, and two cheap lower bounds on ``d`` decide which candidates are
    worth scoring at all, once a candidate scoring ``s`` is known (a *seed*: the old entry
    at the same place):

    * ``d >= |len(a) - len(b)|``: candidates are sorted by length, and only a window of
      lengths that could still reach ``s`` is looked at (``n s / (2 - s) <= l <= n (2 - s) / s``);
    * ``d >= sum |count_a(c) - count_b(c)|`` over characters (grouped in 32 buckets, which
      only lowers the sum): in that window, one vectorised pass over the candidates'
      character counts leaves the few that could still reach ``s``;
    * that window is not read whole: candidates are sorted by (length, characters in odd
      buckets), and the second bound restricted to two halves of the buckets
      (``d >= |x - q| + |(L - x) - (n - q)|``) allows, for each length, one slice of
      projections, found by binary search; only those slices are read.

    Only those are scored, so a query costs about the same whatever the catalog's size.  The result is the
    same as an exhaustive scan, ties going to the earliest candidate, as in msgmerge
    (``tests/test_fuzzy_index.py``).
    """

    BUCKETS = 32
    _ODD = slice(1, None, 2)  # the projection: characters in odd buckets

    def __init__(self, choices: list[str]):
        import numpy as np  # imported here: most commands never fuzzy-match

        self.choices = choices
        # Every candidate's bucket counts in one pass: all texts as one UTF-32 array, each code
        # point counted in its row (len() counts code points, as UTF-32 does).
        lengths = np.fromiter(map(len, choices), dtype=np.int64, count=len(choices))
        codes = np.frombuffer("".join(choices).encode("utf-32-le"), dtype=np.uint32) & (self.BUCKETS - 1)
        rows = np.repeat(np.arange(len(choices), dtype=np.int64), lengths)
        counts = np.bincount(rows * self.BUCKETS + codes, minlength=len(choices) * self.BUCKETS).reshape(len(choices), self.BUCKETS)
        odd = counts[:, self._ODD].sum(axis=1)
        # Sorted by length, then by the projection (then by position): within one length, the
        # candidates a query's projection allows are one slice, found by binary search.
        self._order = np.lexsort((np.arange(len(choices)), odd, lengths)).astype(np.int64)
        self.order = self._order.tolist()
        self._lengths = lengths[self._order]
        self.lengths = self._lengths.tolist()
        self.sorted_choices = [choices[i] for i in self.order]
        self._keys = (self._lengths << 32) + odd[self._order]  # (length, projection), sorted
        # int16 halves the memory each query reads; clipping long texts' counts only loosens the bound.
        self._counts = np.minimum(counts[self._order], np.iinfo(np.int16).max).astype(np.int16)

    @classmethod
    def _histogram(cls, text: str):
        import numpy as np

        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) & (cls.BUCKETS - 1)
        return np.bincount(codes, minlength=cls.BUCKETS)

    def _window(self, hist, n: int, lmin: int, lmax: int, cutoff: float):
        """Sorted positions, lengths ``lmin..lmax``, whose projection allows a score >= cutoff.

        With ``x``/``q`` the candidate's/query's characters in odd buckets and ``L``/``n`` the
        lengths, ``d >= |x - q| + |(L - x) - (n - q)|`` (each half of the buckets apart), and
        that is at most the allowed ``A`` only for ``x`` in ``[(2q + L - n - A) / 2, (2q + L - n + A) / 2]``.
        """
        import numpy as np

        q = int(hist[self._ODD].sum())
        if lmax - lmin < 24:  # the usual case (a close seed): a few lengths, bounds in Python, one search
            slack, probes = 1.0 - (cutoff - 1e-6) / 100.0, []
            for length in range(lmin, lmax + 1):
                allowed = slack * (n + length)
                probes.append((length << 32) + max(math.floor((2 * q + length - n - allowed) / 2), 0))
                probes.append((length << 32) + min(math.ceil((2 * q + length - n + allowed) / 2), length) + 1)
            # binary search in the contiguous key array (a Python list of ints is scattered in memory)
            found = np.searchsorted(self._keys, probes).tolist()
            parts = [range(found[i], found[i + 1]) for i in range(0, len(found), 2) if found[i + 1] > found[i]]
            if not parts:
                return None
            return np.fromiter(itertools.chain.from_iterable(parts), dtype=np.int64)
        ls = np.arange(lmin, lmax + 1, dtype=np.int64)
        allowed = (1.0 - (cutoff - 1e-6) / 100.0) * (n + ls)
        low = np.maximum(np.floor((2 * q + ls - n - allowed) / 2), 0).astype(np.int64)
        high = np.minimum(np.ceil((2 * q + ls - n + allowed) / 2), ls).astype(np.int64)
        starts = np.searchsorted(self._keys, (ls << 32) + low, side="left")
        ends = np.searchsorted(self._keys, (ls << 32) + high, side="right")
        sizes = np.maximum(ends - starts, 0)
        total = int(sizes.sum())
        if total == 0:
            return None
        offsets = np.cumsum(sizes) - sizes
        return np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, sizes)

    def _scan(self, query: str, lmin: int, lmax: int, cutoff: float) -> tuple[float, int] | None:
        if lmax < lmin:
            return None
        import numpy as np

        hist = self._histogram(query)
        rows = self._window(hist, len(query), lmin, lmax, cutoff)
        if rows is None:
            return None
        # Candidates whose character counts allow a score >= cutoff (a hair of slack for rounding).
        want = np.minimum(hist, np.iinfo(np.int16).max).astype(np.int16)
        bound = np.abs(self._counts[rows] - want).sum(axis=1, dtype=np.int64)
        allowed = (1.0 - (cutoff - 1e-6) / 100.0) * (len(query) + self._lengths[rows])
        keep = rows[bound <= allowed]
        if keep.size == 0:
            return None
        choices = self.sorted_choices
        found = process.extract(query, [choices[k] for k in keep.tolist()], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        if not found:
            return None
        idx = self._order[keep].tolist()
        top = max(score for _, score, _ in found)
        return top, min(idx[k] for _, score, k in found if score == top)

    def best(self, query: str, seeds: Iterable[int] = ()) -> int | None:
        """Index of the best candidate, or None below the threshold.

        ``seeds`` are likely candidates (the old entry in the same place).  The
        best score so far, ``r``, bounds the lengths that can still win:
        ``2 min(l, n) / (l + n) >= r`` means ``n r / (2 - r) <= l <= n (2 - r) / r``.
        """
        n = len(query)
        if n == 0:
            return None
        best_score, best_index = FUZZY_THRESHOLD, None
        for s in sorted(seeds):
            score = fuzz.ratio(query, self.choices[s])
            if score >= best_score and (best_index is None or score > best_score or s < best_index):
                best_score, best_index = score, s
        r = best_score / 100.0
        lmin = max(math.floor(n * r / (2 - r)), self.lengths[0] if self.lengths else 0)
        lmax = min(math.ceil(n * (2 - r) / r), self.lengths[-1] if self.lengths else -1)
        found = self._scan(query, lmin, lmax, best_score)
        if found:
            score, index = found
            if best_index is None or score > best_score or (score == best_score and index < best_index):
                best_score, best_index = score, index
        return best_index


class ScanMatcher:
    """:class:`FuzzyIndex`'s answer (the best score at or above the threshold, ties to the earliest
    candidate) found by scoring every candidate: for a catalog of a few dozen entries (one
    document's, what an edit merges) building the index, and importing numpy for it, costs more
    than the scan (``tests/test_fuzzy_index.py`` checks both against the same reference)."""

    LIMIT = 256  # candidates up to which merge scans instead of indexing

    def __init__(self, choices: list[str]):
        self.choices = choices

    def best(self, query: str, seeds: Iterable[int] = ()) -> int | None:
        if not query:
            return None
        found = process.extract(query, self.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None)
        if not found:
            return None
        top = max(score for _, score, _ in found)
        return min(k for _, score, k in found if score == top)


# -- merging ------------------------------------------------------------------------------------


@dataclass
class MergeReport:
    kept: int = 0  # exact match, translation kept
    fuzzy: int = 0  # similar old entry offered as fuzzy draft
    revived: int = 0  # came back from obsolete
    new: int = 0  # untranslated
    obsoleted: int = 0  # left the template; translation kept as #~
    adopted: int = 0  # untranslated, filled from [translate] memory files (compendium)
    notices: list[str] = field(default_factory=list)  # header corrections, adoptions, for the user
    decisions: list[tuple[str, str, str | None]] = field(default_factory=list)  # (msgid, decision, from)


def new_catalog_header(template: polib.POFile, lang: Language, settings: Settings, now: str) -> dict[str, str]:
    team = f"{lang.english_name} <{settings.team}>" if settings.team else lang.english_name
    return {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", settings.name),
        "Report-Msgid-Bugs-To": template.metadata.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", now),
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": team,
        "Language": lang.code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": lang.plural_forms,
        "X-Generator": f"Polyleaf {__version__}",
    }


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _copy_translation(src: polib.POEntry, dst: polib.POEntry) -> None:
    dst.msgstr = src.msgstr
    dst.msgstr_plural = dict(src.msgstr_plural)
    dst.tcomment = src.tcomment
    dst.flags = [f for f in src.flags]


def merge(template: polib.POFile, old: polib.POFile | None, lang: Language, settings: Settings, now: str,
          memory: Compendium | None = None) -> tuple[polib.POFile, MergeReport]:
    """New catalog for ``lang`` from ``template``, keeping every translation ``old`` holds.

    With ``memory`` (``[translate] memory`` files), an entry still untranslated takes an exact
    match's translation from them, before fuzzy matching (as ``msgmerge --compendium``).
    """
    report = MergeReport()
    po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    if old is None:
        po.header = f"{lang.english_name} translation of {template.header.splitlines()[0].removeprefix('Translation template for ').rstrip('.')}."
        po.metadata = new_catalog_header(template, lang, settings, now)
        old_entries: list[polib.POEntry] = []
    else:
        po.header = old.header
        po.metadata = dict(old.metadata)
        po.metadata_is_fuzzy = old.metadata_is_fuzzy
        po.metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", now)
        for k, v in new_catalog_header(template, lang, settings, now).items():
            po.metadata.setdefault(k, v)
        if getattr(old, "legacy_charset", None):
            po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        _correct_plural_forms(po, old, lang, report)
        old_entries = [e for e in old if not (e.msgid == "" and e.msgctxt is None)]

    live = {_key(e): e for e in old_entries if not e.obsolete}
    dead = {_key(e): e for e in old_entries if e.obsolete}
    used: set[tuple[str | None, str]] = set()
    pending: list[polib.POEntry] = []
    for t in template:
        entry = polib.POEntry(
            msgid=t.msgid, msgctxt=t.msgctxt, msgid_plural=t.msgid_plural, msgstr="",
            msgstr_plural={i: "" for i in range(lang.nplurals)} if t.msgid_plural else {},
            occurrences=list(t.occurrences), comment=t.comment, flags=[],
        )
        k = _key(t)
        if k in live:
            src = live[k]
            _copy_translation(src, entry)
            entry.previous_msgid = src.previous_msgid if "fuzzy" in src.flags else None
            entry.previous_msgctxt = src.previous_msgctxt if "fuzzy" in src.flags else None
            used.add(k)
            if not _adopt(entry, memory, lang, now, report):
                report.kept += 1
                report.decisions.append((t.msgid, "kept", None))
        elif k in dead:
            _copy_translation(dead[k], entry)
            entry.previous_msgid = dead[k].previous_msgid if "fuzzy" in dead[k].flags else None
            report.revived += 1
            report.decisions.append((t.msgid, "revived", None))
            dead.pop(k)
        elif not _adopt(entry, memory, lang, now, report):
            pending.append(entry)
        po.append(entry)

    # Fuzzy matching only for the entries without an exact match, against translated old entries.
    candidates = [e for e in old_entries if not e.obsolete and entry_state(e) in ("translated", "fuzzy")]
    if pending and candidates:
        matcher = (ScanMatcher if len(candidates) <= ScanMatcher.LIMIT else FuzzyIndex)([e.msgid for e in candidates])
        cand_pos = {id(e): i for i, e in enumerate(candidates)}
        by_ref: dict[tuple[str, str], int] = {}
        for i, e in enumerate(candidates):
            for ref in e.occurrences[:1]:
                by_ref.setdefault(tuple(ref), i)
        old_pos = {id(e): i for i, e in enumerate(old_entries)}
        prev_match: dict[int, int] = {}  # id(new entry) -> position in old_entries of the exact match before it
        last = -1
        for t_entry in po:
            k = _key(t_entry)
            if k in live:
                last = old_pos[id(live[k])]
            prev_match[id(t_entry)] = last
        for entry in pending:
            seeds = set()
            if entry.occurrences and tuple(entry.occurrences[0]) in by_ref:
                seeds.add(by_ref[tuple(entry.occurrences[0])])
            nxt = prev_match.get(id(entry), -1) + 1
            if 0 <= nxt < len(old_entries) and id(old_entries[nxt]) in cand_pos:
                seeds.add(cand_pos[id(old_entries[nxt])])
            found = matcher.best(entry.msgid, seeds)
            if found is None:
                continue
            src = candidates[found]
            used.add(_key(src))  # like msgmerge: a definition that fed a fuzzy match is not obsolete
            _copy_translation(src, entry)
            entry.tcomment = provenance.drop_line(entry.tcomment, provenance.APPROVED)
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            entry.previous_msgid = src.msgid
            entry.previous_msgctxt = src.msgctxt
            entry.previous_msgid_plural = src.msgid_plural or None
            report.fuzzy += 1
            report.decisions.append((entry.msgid, "fuzzy", src.msgid))
    for entry in pending:
        if "fuzzy" not in entry.flags:
            report.new += 1
            report.decisions.append((entry.msgid, "new", None))

    # Old entries that left the template: obsolete, if they hold a translation.
    for e in old_entries:
        k = _key(e)
        if e.obsolete:
            if k in dead:
                po.append(_as_obsolete(e))
            continue
        if k in used:
            continue
        if entry_state(e) == "untranslated":
            continue
        po.append(_as_obsolete(e))
        report.obsoleted += 1
        report.decisions.append((e.msgid, "obsolete", None))
    return po, report


def _adopt(entry: polib.POEntry, memory: Compendium | None, lang: Language, now: str, report: MergeReport) -> bool:
    """Fill an untranslated entry from the memory files; True when it was filled."""
    if memory is None or entry.msgid_plural or entry_state(entry) != "untranslated":
        return False
    hit = memory.lookup(lang, entry.msgid)
    if hit is None:
        return False
    entry.msgstr = hit.msgstr
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    if memory.needs_review:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    entry.tcomment = provenance.set_line(entry.tcomment, provenance.TM, **{"from": hit.source, "date": now[:10]})
    report.adopted += 1
    report.decisions.append((entry.msgid, "memory", hit.source))
    return True


def _correct_plural_forms(po: polib.POFile, old: polib.POFile, lang: Language, report: MergeReport) -> None:
    """A Plural-Forms that is not CLDR's rule for ``lang`` is replaced by it, when no entry has
    plural forms (then the header changes no translation; otherwise ``check`` warns instead)."""
    mismatch = plural_forms_mismatch(lang.code, po.metadata.get("Plural-Forms"))
    if mismatch is None or any(e.msgid_plural for e in old):
        return
    po.metadata["Plural-Forms"] = mismatch.expected
    report.notices.append(f"Plural-Forms corrected to CLDR's rule for {lang.code} (was \"{old.metadata.get('Plural-Forms')}\")")


def _as_obsolete(e: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=e.msgid, msgctxt=e.msgctxt, msgid_plural=e.msgid_plural, msgstr=e.msgstr,
        msgstr_plural=dict(e.msgstr_plural), tcomment=e.tcomment, comment="", occurrences=[],
        flags=list(e.flags), previous_msgid=e.previous_msgid if "fuzzy" in e.flags else None,
        previous_msgctxt=e.previous_msgctxt if "fuzzy" in e.flags else None, obsolete=True,
    )


# -- the project-wide update ---------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    path: str  # project-relative
    action: str  # "created", "updated", "normalized" (form only: wrapping, header order, stale #|), "unchanged"
    notice: str = ""
    report: MergeReport | None = None
    details: tuple[str, ...] = ()  # "path:line: msgid ...: would change: why", one per entry whose content changes
    missing: bool = False  # a catalog created although its document's template existed: deleted, or never committed


@dataclass
class UpdatePlan:
    changes: list[FileChange]
    outputs: dict[Path, bytes]  # files to write (only those whose bytes change)
    originals: dict[Path, bytes | None]  # bytes as read, to detect concurrent edits
    seen: dict[str, str] = field(default_factory=dict)  # project-relative path -> sha256 after the update
    warnings: list[str] = field(default_factory=list)  # ``path:line: message``, nothing blocked by them

    @property
    def changed(self) -> list[FileChange]:
        """Files to write (content or form)."""
        return [c for c in self.changes if c.action != "unchanged"]

    @property
    def content_changed(self) -> list[FileChange]:
        """Files whose content changes: what ``extract --check`` fails for (a form-only rewrite is not)."""
        return [c for c in self.changes if c.action in ("created", "updated")]


def _same_but_date(a: bytes, b: bytes) -> bool:
    strip = lambda data: _POT_DATE.sub("", data.decode("utf-8", "replace"))  # noqa: E731
    return strip(a) == strip(b)


CACHE_FILE = ".polyleaf-cache/extract.json"


def _sha(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _cache_key(settings: Settings) -> str:
    memory = memory_digest(settings) if memory_patterns_set(settings) else ""
    return settings.text_digest + (f"+memory:{memory}" if memory else "")


def memory_patterns_set(settings: Settings) -> bool:
    table = settings.table("translate")
    return isinstance(table, dict) and bool(table.get("memory"))


def load_cache(settings: Settings) -> dict:
    """What the last successful run saw (content hashes); empty when absent or stale."""
    data = cachefile.read_json(settings.root / CACHE_FILE)
    if not isinstance(data, dict) or data.get("key") != _cache_key(settings) or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def save_cache(settings: Settings, plan: "UpdatePlan") -> None:
    files = load_cache(settings)
    if all(files.get(k) == v for k, v in plan.seen.items()):
        return  # nothing new seen (a no-op build): the file already says this; not even serialised
    files.update(plan.seen)
    payload = json.dumps({"key": _cache_key(settings), "files": files}, sort_keys=True, indent=0)
    cachefile.write(settings.root / CACHE_FILE, payload.encode("utf-8"))


# The cyclic collector is paused while catalogs are built: parsing and merging make millions of
# long-lived objects and no cycles, and each full collection re-walked them all (a merge grew about
# 3x per doubling of a catalog's entries; 16k -> 32k: 7.8 s -> 24.6 s, paused 6.5 s -> 12.5 s).
@gc_paused()
def plan_update(
    settings: Settings,
    languages: Iterable[Language] | None = None,
    documents: list[Document] | None = None,
    progress: Callable[[str], None] | None = None,
    cache: dict | None = None,
    executor=None,
) -> UpdatePlan:
    """Compute every template and catalog; read-only.  A bad source raises at once; every
    unreadable catalog is collected and all of them raised together (:class:`CatalogErrors`).

    With ``cache`` (from :func:`load_cache`), a document whose source, template and
    catalogs all hash as they did after the last run is skipped: its outputs
    would be byte-identical.  With a Dask ``executor`` (:mod:`pipeline.executor`) each
    remaining document's merge runs as a task (:func:`update_document`), which returns
    the bytes it would write: this process writes nothing here either, and
    :func:`apply_update` still refuses any file changed since the task read it.
    """
    from .source_checks import require_content

    langs = list(languages if languages is not None else settings.languages)
    now = creation_date()
    memory = load_compendium(settings, tuple(langs))
    changes: list[FileChange] = []
    outputs: dict[Path, bytes] = {}
    originals: dict[Path, bytes | None] = {}
    seen: dict[str, str] = {}
    bad: list[CatalogError] = []
    if documents is None:
        docs = []
        for file in settings.source_files():
            rel = settings.rel(file)
            data = file.read_bytes()
            sha = _sha(data)
            if cache and cache.get(rel) == sha:
                name = file.stem
                paths = [settings.template_path(name)] + [settings.catalog_path(l, name) for l in langs]
                current = {settings.rel(p): file_digest(p) for p in paths}
                if all(v is not None and cache.get(k) == v for k, v in current.items()):
                    seen[rel] = sha  # type: ignore[assignment]
                    seen.update(current)  # type: ignore[arg-type]
                    changes.extend(FileChange(k, "unchanged") for k in current)
                    continue
            docs.append(read_document(file, settings.root, source_options(settings)))
            require_content(docs[-1])
    else:
        docs = documents
    if executor is not None and executor.name != "serial" and docs:
        from .executor import task_key

        codes = tuple(l.code for l in langs)
        key = _cache_key(settings)
        parts = executor.map(update_document, [(settings, doc, codes, now, memory) for doc in docs],
                             [task_key("extract", doc.path, inputs_hash(settings, [doc], langs, now, key,
                                                                        file_digest(settings.template_path(doc.name)) or "-"))
                              for doc in docs])
    else:
        parts = (_update_document(settings, doc, langs, now, memory, progress) for doc in docs)
    for part in parts:
        changes += part.changes
        outputs.update(part.outputs)
        originals.update(part.originals)
        seen.update(part.seen)
        bad += part.bad
        if progress and part.done is not None:
            for rel in part.done:
                progress(rel)
    if bad:
        raise bad[0] if len(bad) == 1 else CatalogErrors(bad)
    for path, data in outputs.items():
        seen[settings.rel(path)] = _sha(data)  # type: ignore[assignment]
    for path, data in originals.items():
        if path not in outputs and data is not None:
            seen[settings.rel(path)] = _sha(data)  # type: ignore[assignment]
    return UpdatePlan(changes=changes, outputs=outputs, originals=originals, seen=seen, warnings=list(memory.warnings))


@dataclass
class DocumentUpdate:
    """One document's share of an :class:`UpdatePlan`: its template's and catalogs' changes, the
    bytes to write, the bytes as read, hashes seen, unreadable catalogs, and (from a task) the
    catalogs done, for the caller's ``progress``."""

    changes: list[FileChange] = field(default_factory=list)
    outputs: dict[Path, bytes] = field(default_factory=dict)
    originals: dict[Path, bytes | None] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)
    bad: list[CatalogError] = field(default_factory=list)
    done: list[str] | None = None


def _update_document(settings: Settings, doc: Document, langs: list[Language], now: str, memory: Compendium,
                     progress: Callable[[str], None] | None = None) -> DocumentUpdate:
    """One document's template and its catalogs in ``langs``, merged in memory (reads only)."""
    part = DocumentUpdate(seen={doc.path: doc.source_hash})
    changes, outputs, originals, bad = part.changes, part.outputs, part.originals, part.bad
    pot_path = settings.template_path(doc.name)
    old_pot = _read_bytes(pot_path)
    template = build_template(doc, settings, now)
    data = catalog_bytes(template)
    if old_pot is not None and _same_but_date(old_pot, data):
        # Source unchanged: keep the template as it is, date included (no churn).
        try:
            template.metadata["POT-Creation-Date"] = read_po(pot_path, settings.rel(pot_path))[0].metadata.get("POT-Creation-Date", now)
        except CatalogError:
            pass
        data = catalog_bytes(template)
    _record(settings, pot_path, old_pot, data, changes, outputs, originals, None, "", new_po=template)
    for lang in langs:
        path = settings.catalog_path(lang, doc.name)
        raw = _read_bytes(path)
        old = None
        notice = ""
        if raw is None and old_pot is not None:
            notice = ("catalog missing: created empty from the template, so this language is held back "
                      "(deleted by mistake? restore it from git; a new language? commit the new catalog)")
        if raw is not None:
            try:
                old = read_catalog(path, settings.rel(path))
            except CatalogError as exc:
                bad.append(exc)
                continue
            declared = old.metadata.get("Language")
            if declared and declared.replace("-", "_").split("_")[0].lower() != lang.base.lower():
                bad.append(CatalogError(f"catalog says Language: {declared} but lives in the folder for {lang.code}",
                                        settings.rel(path), _header_lineno(raw, "Language")))
                continue
            notice = read_notices(old)
        po, report = merge(template, old, lang, settings, now, memory)
        if report.adopted:
            report.notices.append(f"{report.adopted} translation(s) adopted from [translate] memory"
                                  + (" as drafts (fuzzy): review them" if memory and memory.needs_review else ""))
        notice = "; ".join(filter(None, [notice, *report.notices]))
        _record(settings, path, raw, catalog_bytes(po), changes, outputs, originals, report, notice, old, po)
        if progress:
            progress(settings.rel(path))
    return part


@gc_paused()
def update_document(settings: Settings, doc: Document, languages: tuple[str, ...], now: str,
                    memory: Compendium) -> DocumentUpdate:
    """One document's merge as a Dask task (:func:`plan_update` with an executor): what it would
    write, and the bytes as read only of those files (:func:`apply_update` compares them with the
    disk before writing); every other file read travels as its hash in ``seen``."""
    part = _update_document(settings, doc, [settings.language(code) for code in languages], now, memory)
    for path, data in list(part.originals.items()):
        if path not in part.outputs:
            if data is not None:
                part.seen[settings.rel(path)] = _sha(data)  # type: ignore[assignment]
            del part.originals[path]
    part.done = [c.path for c in part.changes[1:]]  # the catalogs merged (the template comes first)
    return part


def _header_lineno(data: bytes, field_name: str) -> int | None:
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.startswith(f'"{field_name}:'.encode()):
            return n
    return None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _record(settings, path, old, data, changes, outputs, originals, report, notice, old_po=None, new_po=None) -> None:
    rel = settings.rel(path)
    originals[path] = old
    details: tuple[str, ...] = ()
    if old is None:
        action = "created"
    elif old == data:
        action = "unchanged"
    else:
        action = "updated"
        if new_po is not None:
            from .catalog_diff import content_changes

            if old_po is None:
                try:
                    old_po = read_po(path, rel)[0]
                except CatalogError:
                    old_po = None
            if old_po is not None:
                found = content_changes(old_po, new_po)
                details = tuple(c.format(rel) for c in found)
                if not found:
                    action = "normalized"  # an editor's form (wrapping, header order, stale #|): rewritten quietly
    if action != "unchanged":
        outputs[path] = data
    changes.append(FileChange(rel, action, notice, report, details, missing=old is None and notice.startswith("catalog missing")))


def apply_update(plan: UpdatePlan) -> None:
    """Write the plan's files; refuse any file a translator changed since it was read."""
    for path, data in plan.outputs.items():
        if _read_bytes(path) != plan.originals.get(path):
            raise CatalogError("changed on disk while polyleaf was running (a translator saved it?); nothing written to it, run extract again", str(path))
    for path, data in plan.outputs.items():
        write_bytes_atomic(path, data)


def update_project(settings: Settings, languages: Iterable[Language] | None = None, check: bool = False,
                   progress: Callable[[str], None] | None = None) -> UpdatePlan:
    """``polyleaf extract`` as a function: plan with the cache, then (unless ``check``) write."""
    plan = plan_update(settings, languages, cache=load_cache(settings), progress=progress)
    if not check:
        apply_update(plan)
        save_cache(settings, plan)
    return plan


def inputs_hash(settings: Settings, documents: Iterable[Document], languages: Iterable[Language], *extra: str) -> str:
    """A hash of everything a stage's output for ``documents`` x ``languages`` depends on:
    Polyleaf's version, the settings text, each source and each catalog's bytes, plus ``extra``.
    Stages compare it with the one they recorded to skip work make-style."""
    langs = list(languages)
    h = hashlib.sha256(settings.text_digest.encode())
    for part in extra:
        h.update(part.encode("utf-8") + b"\0")
    for doc in documents:
        h.update(doc.source_hash.encode())
        for lang in langs:
            h.update(lang.code.encode())
            h.update((file_digest(settings.catalog_path(lang, doc.name)) or "-").encode())
    return h.hexdigest()


#: path -> ((size, mtime_ns, ctime_ns), sha256): the one memo keyed by a file's stat, the step that
#: finds a file's content key.  The change time is in the stamp because ``os.utime`` can set a
#: modification time back but never the change time, so an edit hidden behind a forged mtime
#: and the same size is still read.
_DIGESTS: dict[str, tuple[tuple[int, int, int], str]] = memo.table(f"{__name__}.digests")
_RACY_NS = 3_000_000_000  # files changed this recently are always read (clock granularity: racy-git rule)
DIGEST_CACHE_VERSION = 3  # 3: the change time is part of the stamp


class digest_cache:
    """``with digest_cache(file, root):`` the digests :func:`file_digest` knew at the end of the
    last build (files under ``root``, with their size, modification and change time) are known
    again, so an unchanged catalog is not even read (as git's index does); the racy rule above
    applies when they were recorded.  The file names paths relative to ``root`` and no inode,
    so it stays valid when the project is copied or moved (a copy or checkout gives the files
    new change times, which only costs reading them once: every stage's own key is the content
    hash).  A missing or damaged file only costs reading.
    """

    def __init__(self, file: Path, root: Path):
        self.file, self.root = Path(file), os.path.join(os.fspath(root), "")
        self.loaded: dict = {}

    def __enter__(self) -> digest_cache:
        try:
            data = cachefile.read_json(self.file)
            if (isinstance(data, dict) and data.get("version") == [__version__, DIGEST_CACHE_VERSION]
                    and isinstance(data.get("files"), dict)):
                for rel, (size, mtime, ctime, sha) in data["files"].items():
                    if isinstance(rel, str) and not rel.startswith(("/", "..")) and isinstance(sha, str):
                        self.loaded[self.root + rel] = ((int(size), int(mtime), int(ctime)), sha)
        except (ValueError, TypeError):
            self.loaded = {}
        for key, value in self.loaded.items():
            _DIGESTS.setdefault(key, value)
        return self

    def __exit__(self, *exc) -> None:
        mine = {k: v for k, v in _DIGESTS.items() if k.startswith(self.root)}
        if exc[0] is not None or mine == self.loaded:
            return
        files = {k[len(self.root):]: [*stamp, sha] for k, (stamp, sha) in sorted(mine.items())}
        cachefile.write(self.file, json.dumps({"version": [__version__, DIGEST_CACHE_VERSION], "files": files}).encode("utf-8"))


def file_digest(path: Path) -> str | None:
    """sha256 (hex) of a file's bytes, or None when it cannot be read.

    Every stage of a build hashes every catalog; within one process a file whose size,
    modification time and change time are unchanged since it was hashed is not read again,
    unless it had been changed within a few seconds of that hashing (then a same-size rewrite in
    the same clock tick could hide behind the same stamp, so it is always read again).
    """
    key = str(path)
    try:
        st = os.stat(key)
    except OSError:
        return None
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    hit = _DIGESTS.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        with open(key, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS:
        if len(_DIGESTS) > 65536:
            _DIGESTS.clear()
        _DIGESTS[key] = (stamp, digest)
    return digest
