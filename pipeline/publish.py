"""The publish gate: which (document, language) may ship, and why not.

A language of a document ships only when all three hold:

1. **coverage**: 100% of its source words are translated *and* reviewed
   (:func:`pipeline.review.document_coverage`: fuzzy drafts and stale approvals
   do not count);
2. **checks**: no check reports an error (:mod:`pipeline.checks`; warnings do
   not block), and the catalog could be read at all;
3. **readability**: the readability verdict is ok: the language's target is met
   or the settings carry a dated waiver with a reason (``pipeline.readability``
   decides; the gate takes any object with ``.ok`` and ``.reason``).

Languages listed in ``[publish] hold`` are held back whatever they score.

The concerns live apart: :mod:`pipeline.gate` (pure :func:`decide`, the manifest),
:mod:`pipeline.check_runner` (:func:`gather`: catalogs read and checked, findings cache) and
:mod:`pipeline.site` (the pages).  This module runs them in order for ``polyleaf publish``
(:func:`run_gate`) and keeps their names importable from one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .catalogs import load_documents, read_catalog
from .check_runner import CHECKS_CACHE, LanguageInputs, gather  # noqa: F401 - re-exported
from .config import Settings
from .errors import PolyleafError
from .gate import (PUBLISH_KEYS, PublishDecision, ReadabilityResult, SimpleVerdict, decide, decide_all,  # noqa: F401
                   load_publish_settings, manifest, source_errors)
from .languages import Language
from .model import Document
from .site import SITE_CACHE, output_record, outputs_intact, publish_site  # noqa: F401 - re-exported

# -- readability, when pipeline.readability is installed ---------------------------------------------


def readability_from_project(settings: Settings) -> Callable[[Document, Language], ReadabilityResult | None]:
    """The readability verdict per (document, language) from ``pipeline.readability``.

    Until that package is present, every verdict is ``None`` ("readability not scored"), which
    holds the language back: the gate never assumes a text is readable.
    """
    try:
        from . import readability as rd  # type: ignore[attr-defined]

        rs = rd.load_readability_settings(settings)
        score_document, verdict = rd.score_document, rd.readability_verdict
    except (ImportError, AttributeError):
        return lambda doc, lang: None

    sources: dict[str, object] = {}  # document path -> the source's score (parity against it), per gate run

    def judge(doc: Document, lang: Language) -> ReadabilityResult | None:
        path = settings.catalog_path(lang, doc.name)
        try:
            po = read_catalog(path, settings.rel(path))
        except (PolyleafError, OSError):
            return None
        src = sources.get(doc.path)
        if src is None:
            src = sources[doc.path] = score_document(doc, settings.source_language, rs, is_source=True)
        return verdict(score_document(doc, lang, rs, po, source=src), rs)

    return judge


@dataclass(frozen=True)
class PublishOutcome:
    decisions: tuple[PublishDecision, ...]
    manifest_path: str
    written: bool
    strict: bool
    pages: tuple[str, ...] = ()  # site files rendered (project-relative), when rendering was asked for
    stale: tuple[str, ...] = ()  # with ``check``: "path: would update|create|remove" for every site file out of date

    @property
    def held(self) -> tuple[PublishDecision, ...]:
        return tuple(d for d in self.decisions if not d.publish)


def run_gate(settings: Settings, languages: Iterable[Language] | None = None, check: bool = False,
             readability: Callable[[Document, Language], ReadabilityResult | None] | None = None,
             render: bool = False, formats: Sequence[str] | None = None, jobs: int | None = None,
             inputs: Sequence[LanguageInputs] | None = None) -> PublishOutcome:
    """Decide every (document, language); with ``render``, build the site's pages (published languages
    only); then write ``<dist>/site/manifest.json`` -- last, so it never names a page that failed.
    With ``check`` every stage plans and compares and nothing is written.  ``inputs``: what
    :func:`gather` returned moments ago for the same languages.  The stages are those of
    ``polyleaf build`` (:mod:`pipeline.stages`: check, render, publish)."""
    from .source_checks import require_content
    from .stages import Selection
    from .stages import check as check_stage
    from .stages import publish as publish_stage
    from .stages import render as render_stage

    selection = Selection.of(settings, [l.code for l in languages] if languages is not None else ())
    documents = load_documents(settings)
    for doc in documents:
        require_content(doc)  # an empty source is an error, never an empty page at "100% reviewed"
    if inputs is None:
        inputs = check_stage.apply(check_stage.plan(settings, selection, documents))
    gate = publish_stage.plan(settings, selection, inputs, readability or readability_from_project(settings), record=not check)
    decisions = gate.payload.decisions
    pages: tuple[str, ...] = ()
    stale: list[str] = []
    if render:
        site_plan = render_stage.plan(settings, selection, decisions, documents, formats, jobs, compare=check)
        if check:
            stale += site_plan.writes
            pages = site_plan.payload.pages
        else:
            pages = render_stage.apply(site_plan, settings)
    written = bool(gate.writes) if check else publish_stage.apply(gate, settings)
    if check:
        stale += gate.writes
    path = publish_stage.manifest_path(settings)
    return PublishOutcome(tuple(decisions), settings.rel(path), written, gate.payload.strict, pages, tuple(stale))
