"""Checks that see every pair of one section (structure parity)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Segment
from .registry import check
from .settings import CheckContext
from .text import _QUESTION_MARKS
from .pairs import _blocks

# -- section checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionView:
    title: str
    line: int
    path: str
    pairs: tuple[tuple[Segment, str], ...]  # (source segment, translation) for translated segments


def _structure(text: str, kind: str) -> Counter:
    c: Counter = Counter()
    blocks = _blocks(text)
    c["headings"] += 1 if kind in ("title", "heading") or "heading_open" in blocks else 0
    c["list items"] += blocks.count("list_item_open") + (1 if kind == "list-item" and "list_item_open" not in blocks else 0)
    c["questions"] += 1 if any(q in text for q in _QUESTION_MARKS) else 0
    return c


@check("section-parity", "warning", scope="section")
def check_section_parity(s: SectionView, ctx: CheckContext) -> list[str]:
    """Each section keeps its structure: the same headings, list items and questions.

    Over the translated segments of a section, the number of headings, list items and questions
    must be the same on both sides (a question answered as a statement, or a list item swallowed,
    shows here).  Reported at the section's heading.
    """
    src: Counter = Counter()
    tgt: Counter = Counter()
    for seg, translation in s.pairs:
        src += _structure(seg.text, seg.kind)
        tgt += _structure(translation, seg.kind)
    diffs = [f"{k}: {src.get(k, 0)} in source, {tgt.get(k, 0)} in translation" for k in ("headings", "list items", "questions") if src.get(k, 0) != tgt.get(k, 0)]
    return [f"section {s.title!r} differs in structure (" + "; ".join(diffs) + ")"] if diffs else []
