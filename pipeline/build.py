"""``polyleaf build``: every stage in order, each skipped when its inputs have not changed.

    extract -> translate (only with a provider configured) -> check -> score -> render + publish

This module only sequences the stages of :mod:`pipeline.stages` (each one ``plan`` then
``apply``) over one :class:`~pipeline.stages.Selection`; with ``check`` every stage plans
and compares and nothing is applied (``polyleaf build --check``).

Each stage keeps its own content-hash record under ``.polyleaf-cache/`` (extract:
sources, templates and catalogs; check: per document x language; score: every
input of the report; publish: per page), so a rebuild after a one-paragraph edit
redoes only the document that changed.  The stages are the same library
functions the single commands call; this module only sequences them and
gathers one summary.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from .config import Settings
from .errors import CatalogError
from .languages import Language
from .model import Document
from .gate import SimpleVerdict
from .publish import PublishOutcome
from .stages import Plan, Selection
from .stages import check as check_stage
from .stages import extract as extract_stage
from .stages import publish as publish_stage
from .stages import render as render_stage
from .stages import score as score_stage
from .stages import translate as translate_stage

PARSE_CACHE = ".polyleaf-cache/documents.pickle"
DIGEST_CACHE = ".polyleaf-cache/digests.json"
T = TypeVar("T")


@dataclass(frozen=True)
class StageReport:
    name: str
    status: str  # "ran", "up to date", "skipped", "failed"
    detail: str
    seconds: float


@dataclass
class BuildResult:
    stages: list[StageReport] = field(default_factory=list)
    outcome: PublishOutcome | None = None
    problems: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "path:line: message" of each catalog that could not be read
    drafts_failed: str = ""  # why machine drafts failed (provider unreachable, segments not drafted), else ""
    attention: list[str] = field(default_factory=list)  # what makes the build exit 1: missing catalogs, ...
    plans: list[Plan] = field(default_factory=list)  # every stage's plan, in order

    @property
    def would_change(self) -> list[str]:
        """``path: would ...`` for every file a build would write or remove (what ``--check`` reports)."""
        return [line for plan in self.plans for line in plan.writes]

    @property
    def held(self):
        return self.outcome.held if self.outcome else ()


def _timed(result: BuildResult, name: str, fn: Callable[[], tuple[str, str]]) -> None:
    t0 = time.perf_counter()
    status, detail = fn()
    result.stages.append(StageReport(name, status, detail, time.perf_counter() - t0))


def _skipping_corrupt(settings: Settings, result: BuildResult, stage: str, fn: Callable[[list[Language]], T]) -> T:
    """``fn(languages)``; a language whose catalog cannot be read is dropped (and reported), not fatal.

    The gate reads that catalog again and holds the language back with the same reason.
    """
    langs = list(settings.languages)
    while True:
        try:
            return fn(langs)
        except CatalogError as exc:
            bad = next((l for l in langs if exc.path and exc.path.startswith(settings.rel(settings.locales_dir / l.code) + "/")), None)
            if bad is None:
                raise
            langs.remove(bad)
            result.problems.append(f"{stage} [{bad.code}]: {exc} (left as it is; the language is held back)")
            if str(exc) not in result.unreadable:
                result.unreadable.append(str(exc))


def _stage_extract(settings: Settings, selection: Selection, result: BuildResult, check: bool,
                   executor=None) -> tuple[str, str]:
    from .catalogs import load_documents
    from .source_checks import retired_documents, source_warnings

    plan = _skipping_corrupt(settings, result, "extract",
                             lambda langs: extract_stage.plan(settings, replace(selection, languages=tuple(
                                 l.code for l in langs if l.code in selection.languages)), executor))
    result.plans.append(plan)
    update = plan.payload
    if not check:
        extract_stage.apply(plan, settings)
    for c in update.changes:
        if c.missing:
            result.problems.append(f"{c.path}: {c.notice}")
            result.attention.append(f"{c.path}: catalog was missing")
        elif c.notice:  # what reading changed (CRLF, legacy charset, duplicates dropped): said, never silent
            result.problems.append(f"{c.path}: notice: {c.notice}")
    for diag in retired_documents(settings):
        result.problems.append(str(diag))
    for doc in selection.filter_documents(load_documents(settings)):
        result.problems.extend(str(d) for d in source_warnings(doc))
    changed = update.changed
    if not changed:
        return "up to date", f"{len(update.changes)} file(s) unchanged"
    if check:
        return ("would run" if plan.writes else "up to date"), f"{len(plan.writes)} of {len(update.changes)} file(s) would change"
    return "ran", f"{len(changed)} of {len(update.changes)} file(s) written"


def _stage_translate(settings: Settings, selection: Selection, result: BuildResult, check: bool) -> tuple[str, str]:
    plan = translate_stage.plan(settings, selection)
    result.plans.append(plan)
    if check and plan.payload is not None:
        return "skipped", plan.detail
    outcome = translate_stage.apply(plan, settings)
    result.problems.extend(outcome.problems)
    result.drafts_failed = result.drafts_failed or outcome.drafts_failed
    return outcome.status, outcome.detail


def _stage_score(settings: Settings, selection: Selection, documents: list[Document], verdicts: dict,
                 result: BuildResult, check: bool, executor=None) -> tuple[str, str]:
    plan = score_stage.plan(settings, selection, documents, record=not check, executor=executor,
                            guard=lambda fn: _skipping_corrupt(settings, result, "score", fn))
    result.plans.append(plan)
    verdicts.update(plan.payload.verdicts)
    if check:
        return ("would run" if plan.writes else "up to date"), f"{len(plan.writes)} report file(s) would change"
    return score_stage.apply(plan, settings)


def load_build_settings(settings: Settings) -> dict:
    """``[build]``: ``executor`` ("serial" or "dask"), ``scheduler`` (a Dask scheduler address),
    ``workers`` (LocalCluster size)."""
    from .executor import EXECUTORS

    table = settings.table("build")
    if not isinstance(table, dict):
        raise settings.error("[build] must be a table", "build")
    executor = table.get("executor", "serial")
    if executor not in EXECUTORS:
        raise settings.error(f"[build] executor must be one of {', '.join(EXECUTORS)}, not {executor!r}", "build", "executor")
    scheduler = table.get("scheduler", "")
    if not isinstance(scheduler, str):
        raise settings.error("[build] scheduler must be an address such as \"tcp://10.0.0.5:8786\"", "build", "scheduler")
    workers = table.get("workers", 0)
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise settings.error("[build] workers must be a whole number", "build", "workers")
    return {"executor": executor, "scheduler": scheduler, "workers": workers}


def build(settings: Settings, *, jobs: int | None = None, formats: Sequence[str] | None = None,
          translate: bool = True, check: bool = False, selection: Selection | None = None,
          executor=None, scheduler: str | None = None) -> BuildResult:
    """Run every stage; raise :class:`PolyleafError` only for input the build cannot go past.

    With ``check``: every stage plans and compares, nothing is written (caches included), and
    :attr:`BuildResult.would_change` lists each file a build would write or remove.  ``executor``:
    "serial", "dask" (default: ``[build] executor``) or an executor object (:mod:`pipeline.executor`)."""
    from .executor import make_executor

    selection = selection or Selection.of(settings)
    options = load_build_settings(settings)
    if executor is not None and not isinstance(executor, str):  # an executor object (tests, bench): the caller closes it
        return _run(settings, jobs, formats, translate, check, selection, executor)
    name = executor or options["executor"]
    with make_executor(name if not check else "serial", scheduler or options["scheduler"] or None,
                       jobs or options["workers"] or None) as runner:
        return _run(settings, jobs, formats, translate, check, selection, runner)


@contextlib.contextmanager
def _collector_for_a_build() -> Iterator[None]:
    """CPython's cyclic collector set for one build, then restored: what exists when the build
    starts (modules, settings) is frozen out of its walks, and it runs every 20,000 net
    allocations instead of 700.  A rebuild loads tens of thousands of acyclic cache objects,
    and the default thresholds walked them again and again (about a tenth of a no-op build);
    reference counting still frees everything as before."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@_collector_for_a_build()
def _run(settings: Settings, jobs, formats, translate: bool, check: bool, selection: Selection, runner) -> BuildResult:
    from .catalogs import digest_cache
    from .source import parse_cache

    if check:  # no cache is written either
        return _build(settings, jobs=jobs, formats=formats, translate=translate, check=True, selection=selection,
                      executor=runner)
    # Sources parsed in the last build are not parsed again (keyed by their content hash), and
    # files whose inode, size and modification time are as recorded are not hashed again.
    from .config import remember_settings_parse

    with parse_cache(settings.root / PARSE_CACHE), digest_cache(settings.root / DIGEST_CACHE, settings.root):
        result = _build(settings, jobs=jobs if runner.name == "serial" else None, formats=formats, translate=translate,
                        check=False, selection=selection, executor=runner)
    remember_settings_parse(settings)
    return result


def _build(settings: Settings, *, jobs: int | None, formats: Sequence[str] | None, translate: bool, check: bool,
           selection: Selection, executor) -> BuildResult:
    from .catalogs import load_documents
    from .source_checks import require_content

    result = BuildResult()
    _timed(result, "extract", lambda: _stage_extract(settings, selection, result, check, executor))
    if translate:
        _timed(result, "translate", lambda: _stage_translate(settings, selection, result, check))
    else:
        result.stages.append(StageReport("translate", "skipped", "--no-translate", 0.0))
    documents = load_documents(settings)
    checked: list = []  # the check stage's findings and coverage: the gate decides from them

    def check_stage_run() -> tuple[str, str]:
        plan = check_stage.plan(settings, selection, documents, record=not check, executor=executor)
        result.plans.append(plan)
        checked[:] = check_stage.apply(plan)
        return "ran", plan.detail

    _timed(result, "check", check_stage_run)
    verdicts: dict[tuple[str, str], SimpleVerdict] = {}
    _timed(result, "score", lambda: _stage_score(settings, selection, documents, verdicts, result, check, executor))

    def readability(doc: Document, lang: Language):
        return verdicts.get((doc.path, lang.code))

    def publish() -> tuple[str, str]:
        for doc in documents:
            require_content(doc)  # an empty source is an error, never an empty page at "100% reviewed"
        gate = publish_stage.plan(settings, selection, checked, readability, record=not check)
        decisions = gate.payload.decisions
        pages = render_stage.plan(settings, selection, decisions, selection.filter_documents(documents), formats, jobs,
                                   compare=check, executor=executor)
        result.plans += [pages, gate]
        if check:
            written = bool(gate.writes)
            site = ()
        else:
            site = render_stage.apply(pages, settings)
            written = publish_stage.apply(gate, settings)
        path = settings.rel(publish_stage.manifest_path(settings))
        stale = tuple(pages.writes) + tuple(gate.writes)
        result.outcome = PublishOutcome(decisions, path, written, gate.payload.strict, site, stale if check else ())
        shipped = len(decisions) - len(result.outcome.held)
        if check:
            return ("would run" if stale else "up to date"), f"{len(stale)} site file(s) would change; {gate.detail}"
        return "ran", f"{shipped} of {len(decisions)} document-language pair(s) published; {path}"

    _timed(result, "publish", publish)
    for item in checked:  # catalogs the check stage could not read (the gate held their language back)
        if item.error is not None and str(item.error) not in result.unreadable:
            result.unreadable.append(str(item.error))
    return result
