"""The publish gate's question: does this (document, language) read well enough, or is it waived?

:func:`readability_verdict` is pure: a :class:`DocumentScore` and the settings in,
a :class:`Verdict` out.  The rule:

1. nothing to score (no translated text) -> not ok;
2. the whole document meets the target on its language's primary metric -> ok;
3. a waiver for the whole document (``[[waivers]]`` without ``section``) -> ok, waived;
4. every judged section that misses the target has a section waiver -> ok, waived;
5. otherwise not ok, naming the hardest sections.
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
    age = doc.score.reading_age or 0.0
    summary = f"{metric.label} {metric.value:.1f}, reading age {age:.1f}; target {doc.target.describe()}"
    if not doc.score.validated:
        summary += " (indicative measure)"
    if not doc.is_source and doc.coverage < 1.0:
        summary += f"; scored on {doc.coverage:.0%} of the source text (the rest is untranslated)"
    if doc.fuzzy_words:
        summary += f"; includes {doc.fuzzy_words} source words' worth of fuzzy drafts"
    if doc.target.met_by(metric.value):
        return Verdict(True, f"meets target: {summary}")
    whole = rs.waiver_for(doc.document, doc.language)
    if whole is not None:
        return Verdict(True, f"waived on {whole.date.isoformat()}{' by ' + whole.approved_by if whole.approved_by else ''}: {whole.reason} ({summary})", whole)
    failing = [s for s in doc.sections if s.meets is False]
    if failing and all(s.waiver is not None for s in failing):
        titles = tuple(s.title for s in failing)
        return Verdict(True, f"misses target ({summary}) but every section that misses it is waived: {', '.join(titles)}", None, titles)
    hardest = sorted((s for s in failing if s.waiver is None), key=lambda s: -(s.score.reading_age or 0))[:3]
    named = ", ".join(f"{s.title!r} (reading age {s.score.reading_age:.1f})" for s in hardest)
    return Verdict(False, f"misses target: {summary}" + (f"; hardest sections: {named}" if named else ""))
