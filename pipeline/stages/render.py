"""Stage ``render``: HTML and PDF of the source language and every published language
into ``<dist>/site/`` (reviewed text only: :func:`pipeline.review.is_reviewed`).

Wraps :func:`pipeline.publish.publish_site` (staging folder, copy when every page rendered,
held-back languages removed).  Its plan needs the gate's decisions; with ``compare`` the
plan renders into memory and lists every site file that is missing, different or would be
removed, writing nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..config import Settings
from ..model import Document
from . import Plan, Selection


@dataclass(frozen=True)
class RenderWork:
    decisions: tuple
    documents: tuple
    formats: tuple[str, ...] | None
    jobs: int | None
    executor: object = None
    pages: tuple[str, ...] = ()  # with compare: every site file (project-relative), current or not


def plan(settings: Settings, selection: Selection, decisions: Sequence, documents: Sequence[Document],
         formats: Sequence[str] | None = None, jobs: int | None = None, *, compare: bool = False, executor=None) -> Plan:
    from ..site import publish_site

    work = tuple(f"{d.document} [{d.language}]" for d in decisions if d.publish)
    writes: list[str] = []
    pages: tuple[str, ...] = ()
    if compare:
        pages = tuple(settings.rel(p) for p in publish_site(settings, decisions, documents, formats, jobs, check=True, stale=writes))
    return Plan("render", selection, work, tuple(writes), f"{len(work)} published pair(s)",
                RenderWork(tuple(decisions), tuple(documents), tuple(formats) if formats else None, jobs, executor, pages))


def apply(plan: Plan, settings: Settings) -> tuple[str, ...]:
    """Render and copy into the site; the site files (project-relative)."""
    from ..site import publish_site

    w: RenderWork = plan.payload
    return tuple(settings.rel(p) for p in publish_site(settings, w.decisions, w.documents, w.formats, w.jobs,
                                                               executor=w.executor))
