"""Readability per language and section, against health-literacy targets.

Modules: :mod:`.tokenize` (sentences, words), :mod:`.syllables` (per-language
counters), :mod:`.formulas` (the published formulas, their scales, the common
band), :mod:`.engine` (score a text), :mod:`.settings` (targets and waivers
from ``polyleaf.toml``), :mod:`.verdict` (the gate's pure decision),
:mod:`.report` (``polyleaf score``: per document and section, HTML/JSON/CSV).
"""

from __future__ import annotations

from .engine import MetricValue, TextScore, score_sentences, score_units
from .formulas import Band, Counts, band_for_age, profile_for
from .tokenize import units_of_plain_text
from .document import DocumentScore, SectionScore, score_document
from .settings import ReadabilitySettings, Target, Waiver, load as load_readability_settings
from .verdict import Verdict, readability_verdict


def score_text(text: str, lang: str, hotspots: int = 3) -> TextScore:
    """Score a free text (plain text or Markdown) in base language ``lang``."""
    return score_units(units_of_plain_text(text), lang, hotspots)


__all__ = [
    "Band", "Counts", "DocumentScore", "MetricValue", "ReadabilitySettings", "SectionScore", "Target", "TextScore",
    "Verdict", "Waiver", "band_for_age", "load_readability_settings", "profile_for", "readability_verdict", "score_document",
    "score_sentences", "score_text", "score_units", "units_of_plain_text",
]
