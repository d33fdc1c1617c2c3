"""Score a document per section, in the source language or from a catalog's translations.

Pure: takes a parsed :class:`~pipeline.model.Document` and an already read
catalog (``polib.POFile``), returns values.  Headings and the title are not
running text and are left out of the scores (Flesch's rule: score the body).
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from ..catalogs import count_words, entry_state
from ..languages import Language
from ..model import Document, Segment
from . import formulas as F
from .engine import TextScore, score_sentences
from .tokenize import sentences as split_units
from .settings import ReadabilitySettings, Target, Waiver
from .tokenize import join_lead_ins, strip_inline_markdown

NOT_RUNNING_TEXT = ("title", "heading")


@dataclass(frozen=True)
class Parity:
    """A translated section against its source section."""

    delta_age: float  # translation's reading age minus the source's (years)
    delta_band: int
    sentence_ratio: float  # words per sentence, translation / source (CJK: source sentences / translated sentences)
    flagged: bool
    reason: str

    def as_dict(self) -> dict:
        return {
            "delta_reading_age": round(self.delta_age, 1),
            "delta_band": self.delta_band,
            "sentence_ratio": round(self.sentence_ratio, 2),
            "flagged": self.flagged,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SectionScore:
    index: int
    title: str
    line: int
    score: TextScore
    source_words: int  # running-text words of the source section
    covered_words: int  # source words whose translation is included in the score
    fuzzy_words: int  # ... of which the translation is a fuzzy draft
    judged: bool  # long enough to hold against the target
    meets: bool | None  # None when not judged or not scored
    waiver: Waiver | None = None
    parity: Parity | None = None

    @property
    def coverage(self) -> float:
        return self.covered_words / self.source_words if self.source_words else 1.0


@dataclass(frozen=True)
class DocumentScore:
    document: str
    path: str
    language: str  # gettext code ("zh_Hans")
    tag: str  # BCP 47 ("zh-Hans")
    base: str
    is_source: bool
    score: TextScore
    sections: tuple[SectionScore, ...]
    target: Target
    source_words: int
    covered_words: int
    fuzzy_words: int
    include_fuzzy: bool
    #: the whole translation against the whole source (calibrated reading ages), when the source's
    #: score was given and every source word is translated
    parity: Parity | None = None

    @property
    def coverage(self) -> float:
        return self.covered_words / self.source_words if self.source_words else 1.0

    @property
    def meets_target(self) -> bool | None:
        """On the metric the score is judged by (the primary one, or another when the text is below
        the primary's minimum sample); None when too short to judge or nothing to score."""
        return self.target.judges(self.score)


def _running(segments: tuple[Segment, ...]) -> list[Segment]:
    return [s for s in segments if s.kind not in NOT_RUNNING_TEXT]


def translations(po: polib.POFile | None, include_fuzzy: bool) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, is_fuzzy) for entries whose translation counts."""
    out: dict[str, tuple[str, bool]] = {}
    if po is None:
        return out
    for e in po:
        if e.msgctxt is not None or not e.msgid:
            continue
        state = entry_state(e)
        if state == "translated" or (state == "fuzzy" and include_fuzzy):
            out[e.msgid] = (e.msgstr, state == "fuzzy")
    return out


def _judge(score: TextScore, target: Target, judged: bool) -> bool | None:
    if not judged:
        return None
    return target.judges(score)


def _parity(src: TextScore, tr: TextScore, rs: ReadabilitySettings) -> Parity | None:
    """Translation against source on each one's primary metric, also below the formulas' minimum
    sample: the two are the same content, so a short sample's error is largely shared; sections
    shorter than ``min_words`` have no parity."""
    sm, tm = src.primary_metric, tr.primary_metric
    if sm is None or tm is None:
        return None
    delta = tm.reading_age - sm.reading_age
    band_delta = F.band_for_age(tm.reading_age).index - F.band_for_age(sm.reading_age).index
    if tr.counts.cjk_chars * 2 > tr.counts.words:
        ratio = src.counts.sentences / tr.counts.sentences if tr.counts.sentences else 1.0
    else:
        ratio = tr.counts.wps / src.counts.wps if src.counts.wps else 1.0
    reasons = []
    if delta > rs.parity_years:
        reasons.append(f"reading age {delta:+.1f} years against the source")
    if ratio > rs.parity_sentence_ratio:
        reasons.append(f"sentences {ratio:.1f}x as long as the source's")
    return Parity(delta, band_delta, ratio, bool(reasons), "; ".join(reasons))


def score_document(
    doc: Document,
    language: Language,
    rs: ReadabilitySettings,
    po: polib.POFile | None = None,
    is_source: bool = False,
    source: DocumentScore | None = None,
) -> DocumentScore:
    """Per-section and whole-document scores of ``doc`` in ``language``.

    For the source language pass ``is_source=True`` (no catalog).  For a target
    language pass its catalog; a section's text is the msgstr of its segments
    (reviewed, and fuzzy drafts when ``rs.include_fuzzy``), and coverage says
    which share of the source words that text stands for.  Pass the source's
    score as ``source`` to get parity per section.
    """
    base = language.base
    target = rs.target(language.code, base)
    table = {} if is_source else translations(po, rs.include_fuzzy)
    all_sentences: list = []  # tokenised once, scored per section and for the whole document
    sections: list[SectionScore] = []
    total_src = total_cov = total_fuzzy = 0
    src_sections = {s.index: s for s in source.sections} if source else {}
    for sec in doc.sections:
        kinds: list[tuple[str, str]] = []  # (segment kind, text); a gap where a translation is missing
        src_words = cov = fuzzy = 0
        for seg in _running(sec.segments):
            n = count_words(seg.text)
            src_words += n
            if is_source:
                kinds.append((seg.kind, strip_inline_markdown(seg.text)))
                cov += n
                continue
            hit = table.get(seg.text)
            if hit is None:
                kinds.append(("gap", ""))
                continue
            kinds.append((seg.kind, strip_inline_markdown(hit[0])))
            cov += n
            if hit[1]:
                fuzzy += n
        units = [u for u in join_lead_ins(kinds) if u]  # a list's lead-in is read with its first item
        sents = split_units(units, base)
        score = score_sentences(sents, base, rs.hotspots)
        judged = src_words >= rs.min_words and cov > 0 and not score.too_short  # below every formula's sample: shown, not judged
        waiver = rs.waiver_for(doc.name, language.code, sec.title)
        parity = None
        ss = src_sections.get(sec.index)
        if ss is not None and not is_source and src_words and cov == src_words and ss.source_words >= rs.min_words:
            parity = _parity(ss.score, score, rs)
        sections.append(SectionScore(sec.index, sec.title, sec.line, score, src_words, cov, fuzzy, judged, _judge(score, target, judged), waiver, parity))
        all_sentences.extend(sents)
        total_src += src_words
        total_cov += cov
        total_fuzzy += fuzzy
    whole = score_sentences(all_sentences, base, rs.hotspots)
    parity = None
    if source is not None and not is_source and total_src and total_cov == total_src and source.source_words >= rs.min_words:
        parity = _parity(source.score, whole, rs)
    return DocumentScore(
        doc.name, doc.path, language.code, language.tag, base, is_source, whole, tuple(sections), target,
        total_src, total_cov, total_fuzzy, rs.include_fuzzy, parity,
    )
