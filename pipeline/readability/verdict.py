"""The publish gate's question: does this (document, language) read well enough, or is it waived?

:func:`readability_verdict` is pure: a :class:`DocumentScore` and the settings in,
a :class:`Verdict` out.  The rule:

1. nothing to score (no translated text) -> not ok;
2. too short for every formula's minimum sample -> ok, "too short to judge reliably" (not held back
   on readability: no formula can say it reads badly);
3. the whole document meets the target on the metric it is judged by (its language's primary
   metric, or the next one of the profile when the text is below the primary's minimum sample:
   English documents under SMOG's 30 sentences are judged by Flesch Reading Ease, the target carried
   over through the reading age) -> ok;
4. a waiver for the whole document (``[[waivers]]`` without ``section``) -> ok, waived;
5. every judged section that misses the target has a section waiver -> ok, waived;
6. a translation that misses the target but reads no harder than its source -- the whole document
   within the parity check's limits (calibrated reading age at most ``parity_years`` above the
   source's, sentences at most ``parity_sentence_ratio`` as long) -> ok: the source publishes at
   that reading age, so its faithful translation is not held back for it (needs the source's
   score, :func:`~.document.score_document` with ``source=``);
7. otherwise not ok, naming the hardest sections.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from .document import DocumentScore
from .settings import ReadabilitySettings, Waiver, load


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str
    waiver: Waiver | None = None
    waived_sections: tuple[str, ...] = ()

    @property
    def waived(self) -> bool:
        return self.waiver is not None or bool(self.waived_sections)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "waived": self.waived,
            "reason": self.reason,
            "waiver": self.waiver.as_dict() if self.waiver else None,
            "waived_sections": list(self.waived_sections),
        }


def readability_verdict(doc: DocumentScore, settings: ReadabilitySettings | Settings) -> Verdict:
    rs = load(settings) if isinstance(settings, Settings) else settings
    metric = doc.score.primary_metric
    if metric is None:
        what = "no words in the source" if doc.is_source else "no translated text to score"
        return Verdict(False, f"{doc.document} [{doc.language}]: {what}")
    judged = doc.score.judged_metric
    if judged is None:  # below every formula's minimum sample: no reading age to hold it to
        return Verdict(True, f"too short to judge reliably: {doc.score.sample_note.split(': ', 1)[-1]}; not held back on readability")
    target = doc.target.for_metric(judged.key)
    age = doc.score.reading_age or 0.0
    summary = f"{judged.label} {judged.value:.1f}, reading age {age:.1f}; target {target.describe()}"
    if judged.key != metric.key:
        summary += f" ({doc.score.sample_note}; target {doc.target.describe()} through reading age {doc.target.reading_age:.1f})"
    if not doc.score.validated:
        summary += " (indicative measure)"
    if not doc.is_source and doc.coverage < 1.0:
        summary += f"; scored on {doc.coverage:.0%} of the source text (the rest is untranslated)"
    if doc.fuzzy_words:
        summary += f"; includes {doc.fuzzy_words} source words' worth of fuzzy drafts"
    if target.met_by(judged.value):
        return Verdict(True, f"meets target: {summary}")
    whole = rs.waiver_for(doc.document, doc.language)
    if whole is not None:
        return Verdict(True, f"waived on {whole.date.isoformat()}{' by ' + whole.approved_by if whole.approved_by else ''}: {whole.reason} ({summary})", whole)
    failing = [s for s in doc.sections if s.meets is False]
    if failing and all(s.waiver is not None for s in failing):
        titles = tuple(s.title for s in failing)
        return Verdict(True, f"misses target ({summary}) but every section that misses it is waived: {', '.join(titles)}", None, titles)
    parity = doc.parity
    if parity is not None and not parity.flagged and not doc.is_source:
        return Verdict(True, f"misses target ({summary}) but is within the parity limit of its source: reading age "
                             f"{parity.delta_age:+.1f} years against the source's (limit +{rs.parity_years:g}); not held back on readability")
    hardest = sorted((s for s in failing if s.waiver is None), key=lambda s: -(s.score.reading_age or 0))[:3]
    named = ", ".join(f"{s.title!r} (reading age {s.score.reading_age:.1f})" for s in hardest)
    return Verdict(False, f"misses target: {summary}" + (f"; hardest sections: {named}" if named else ""))
