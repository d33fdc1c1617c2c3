"""``polyleaf build``: every stage in order, each skipped when its inputs have not changed.

    extract -> translate (only with a provider configured) -> check -> score -> publish

Each stage keeps its own content-hash record under ``.polyleaf-cache/`` (extract:
sources, templates and catalogs; check: per document x language; score: every
input of the report; publish: per page), so a rebuild after a one-paragraph edit
redoes only the document that changed.  The stages are the same library
functions the single commands call; this module only sequences them and
gathers one summary.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from . import __version__, cachefile
from .catalogs import inputs_hash, update_project
from .config import Settings
from .errors import CatalogError, ProviderError
from .fsutil import write_parts_if_changed
from .model import Document
from .publish import PublishOutcome, SimpleVerdict, gather, output_record, outputs_intact, run_gate
from .languages import Language

SCORE_CACHE = ".polyleaf-cache/score.json"
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


def _stage_extract(settings: Settings, result: BuildResult) -> tuple[str, str]:
    from .source_checks import retired_documents, source_warnings

    plan = _skipping_corrupt(settings, result, "extract", lambda langs: update_project(settings, langs))
    for c in plan.changes:
        if c.missing:
            result.problems.append(f"{c.path}: {c.notice}")
            result.attention.append(f"{c.path}: catalog was missing")
    for diag in retired_documents(settings):
        result.problems.append(str(diag))
    from .catalogs import load_documents

    for doc in load_documents(settings):
        result.problems.extend(str(d) for d in source_warnings(doc))
    changed = plan.changed
    if not changed:
        return "up to date", f"{len(plan.changes)} file(s) unchanged"
    return "ran", f"{len(changed)} of {len(plan.changes)} file(s) written"


def _retry_notice(message: str) -> None:
    """A long retry wait is announced at once on stderr (the stage summary comes only at its end)."""
    import sys

    print(f"translate: retrying: {message}", file=sys.stderr, flush=True)


def _stage_translate(settings: Settings, result: BuildResult) -> tuple[str, str]:
    from .mt.options import do_not_translate, load_options

    options = load_options(settings)
    if not options.provider:
        return "skipped", "no [translate] provider configured (offline build)"
    from .mt import providers as mt_providers
    from .mt.run import translate_language

    if options.provider not in mt_providers.SPECS:
        raise settings.error(f"[translate] provider {options.provider!r} is not known", "translate", "provider")
    terms = do_not_translate(settings)
    try:
        engine = mt_providers.make_provider(options.provider, key_env=options.api_key_env or None, url=options.url,
                                            region=options.region, email_=options.email, timeout=options.timeout)
    except ProviderError as exc:
        result.problems.append(f"translate: {exc}")
        result.drafts_failed = str(exc)
        return "failed", str(exc)
    filled = failed = 0
    try:
        for lang in settings.languages:
            try:
                report = translate_language(settings, lang, engine, options, terms, on_retry=_retry_notice)
            except ProviderError as exc:
                result.problems.append(f"translate [{lang.code}]: {exc}")
                result.drafts_failed = result.drafts_failed or f"[{lang.code}] {exc}"
                continue
            filled += report.from_provider + report.from_memory + report.copied
            failed += report.failed_total
    finally:
        engine.close()
    if failed:
        result.problems.append(f"translate: {failed} segment(s) not drafted (run `polyleaf translate` for details)")
        result.drafts_failed = result.drafts_failed or f"{failed} segment(s) not drafted"
    if result.drafts_failed:
        return "failed", f"{filled} machine draft(s) (fuzzy, for review), {failed} failed, via {options.provider}: {result.drafts_failed}"
    return ("ran" if filled else "up to date"), f"{filled} machine draft(s) (fuzzy, for review), {failed} failed, via {options.provider}"


def _stage_check(settings: Settings, documents: list[Document], inputs: list) -> tuple[str, str]:
    inputs[:] = gather(settings, documents=documents, cache=True)
    errors = sum(i.summary.errors for i in inputs)
    warnings = sum(i.summary.warnings for i in inputs)
    return "ran", f"{errors} error(s), {warnings} warning(s) in {len(inputs)} document-language pair(s)"


SCORE_MEMO = ".polyleaf-cache/score"  # one file per document: its key, report parts and verdicts


def _memo_path(settings: Settings, doc: Document):
    return settings.root / SCORE_MEMO / (hashlib.sha256(doc.path.encode("utf-8")).hexdigest()[:24] + ".pickle")


def _load_memo(path, key: str) -> dict | None:
    """The document's entry from the last build if its inputs hash the same (anything odd: None)."""
    entry = cachefile.read_pickle(path)
    if isinstance(entry, dict) and entry.get("version") == __version__ and entry.get("key") == key \
            and all(len(v) == 4 for v in entry.get("verdicts", ())):  # (language, ok, reason, verdict as a dict)
        return entry
    return None


def _verdict_data(verdict) -> dict | None:
    """The verdict as the manifest shows it (waiver and waived sections included)."""
    data = verdict.as_dict() if hasattr(verdict, "as_dict") else None
    return json.loads(json.dumps(data)) if isinstance(data, dict) else None  # plain JSON values: cacheable


def _save_memo(path, entry: dict) -> None:
    cachefile.write_pickle(path, dict(entry, version=__version__))


def _score_documents(settings: Settings, documents: list[Document], langs: list[Language]) -> tuple[dict, dict]:
    """The report files and the verdicts, re-scoring only documents whose inputs changed.

    Each document's share of the three report files is kept (as bytes) under
    ``.polyleaf-cache/score/``, keyed by the hash of its source, its catalogs, the
    settings and Polyleaf's version; the files are the frame around those parts.
    """
    from .readability.report import assemble, document_parts, project_frame, report_head, score_one
    from .readability.settings import load

    rs = load(settings)
    langs = sorted(langs, key=lambda l: l.code)
    ordered = sorted(documents, key=lambda d: d.name)
    head = report_head(project_frame(settings, rs, ordered))
    parts, verdicts, keep = [], {}, set()
    for doc in ordered:
        key = inputs_hash(settings, [doc], langs)
        path = _memo_path(settings, doc)
        keep.add(path.name)
        entry = _load_memo(path, key)
        if entry is None:
            report = score_one(settings, rs, doc, langs)
            entry = {
                "key": key,
                "parts": document_parts(head, report),
                "verdicts": [(str(r.score.language), bool(r.verdict.ok), str(r.verdict.reason), _verdict_data(r.verdict))
                             for r in report.results],
            }
            _save_memo(path, entry)
        parts.append(entry["parts"])
        for lang, ok, reason, data in entry["verdicts"]:
            verdicts[(doc.path, lang)] = SimpleVerdict(ok, reason, data)
    folder = settings.root / SCORE_MEMO
    for stale in (p for p in folder.glob("*.pickle") if p.name not in keep):
        stale.unlink(missing_ok=True)
    outputs = {settings.reports_dir / name: pieces for name, pieces in assemble(head, parts).items()}
    return outputs, verdicts


def _stage_score(settings: Settings, documents: list[Document], verdicts: dict, result: BuildResult) -> tuple[str, str]:
    key = inputs_hash(settings, documents, settings.languages)
    cache_path = settings.root / SCORE_CACHE
    cached = cachefile.read_json(cache_path) or {}
    if isinstance(cached, dict) and cached.get("key") == key and outputs_intact(settings, cached.get("outputs", {})) \
            and all(isinstance(v, dict) and "data" in v for v in cached.get("verdicts", {}).values()):
        verdicts.update({tuple(k.split("\x00")): SimpleVerdict(v["ok"], v["reason"], json.loads(v["data"]) if v["data"] else None)
                         for k, v in cached.get("verdicts", {}).items()})
        return "up to date", "inputs unchanged since the last report"
    outputs, found = _skipping_corrupt(settings, result, "score", lambda langs: _score_documents(settings, documents, langs))
    last = cached.get("outputs") if isinstance(cached, dict) and isinstance(cached.get("outputs"), dict) else {}
    written, digests = 0, {}
    for path, pieces in outputs.items():
        rel = settings.rel(path)
        previous = last.get(rel)
        wrote, sha = write_parts_if_changed(path, pieces, previous[0] if isinstance(previous, list) and previous and isinstance(previous[0], str) else None, durable=False)
        digests[rel] = output_record(path, sha)
        written += wrote
    verdicts.update(found)
    # the verdict as JSON text: the cache file sorts keys, the manifest keeps the verdict's own order
    record = {f"{doc}\x00{lang}": {"ok": v.ok, "reason": v.reason, "data": json.dumps(v.data) if v.data else ""}
              for (doc, lang), v in found.items()}
    below = sum(not v.ok for v in found.values())
    payload = {
        "key": key,
        "outputs": digests,
        "verdicts": record,
    }
    cachefile.write_json(cache_path, payload)
    return "ran", f"{written} report file(s) written; {below} document-language pair(s) below target without a waiver"


def build(settings: Settings, *, jobs: int | None = None, formats: Sequence[str] | None = None,
          translate: bool = True) -> BuildResult:
    """Run every stage; raise :class:`PolyleafError` only for input the build cannot go past."""
    from .catalogs import digest_cache
    from .source import parse_cache

    # Sources parsed in the last build are not parsed again (keyed by their content hash), and
    # files whose inode, size and modification time are as recorded are not hashed again.
    with parse_cache(settings.root / PARSE_CACHE), digest_cache(settings.root / DIGEST_CACHE, settings.root):
        return _build(settings, jobs=jobs, formats=formats, translate=translate)


def _build(settings: Settings, *, jobs: int | None, formats: Sequence[str] | None, translate: bool) -> BuildResult:
    from .catalogs import load_documents

    result = BuildResult()
    _timed(result, "extract", lambda: _stage_extract(settings, result))
    if translate:
        _timed(result, "translate", lambda: _stage_translate(settings, result))
    else:
        result.stages.append(StageReport("translate", "skipped", "--no-translate", 0.0))
    documents = load_documents(settings)
    inputs: list = []  # the check stage's findings and coverage: the gate decides from them
    _timed(result, "check", lambda: _stage_check(settings, documents, inputs))
    verdicts: dict[tuple[str, str], SimpleVerdict] = {}
    _timed(result, "score", lambda: _stage_score(settings, documents, verdicts, result))

    def readability(doc: Document, lang: Language):
        return verdicts.get((doc.path, lang.code))

    def publish() -> tuple[str, str]:
        outcome = run_gate(settings, readability=readability, render=True, formats=formats, jobs=jobs, inputs=inputs)
        result.outcome = outcome
        shipped = len(outcome.decisions) - len(outcome.held)
        return "ran", f"{shipped} of {len(outcome.decisions)} document-language pair(s) published; {outcome.manifest_path}"

    _timed(result, "publish", publish)
    for item in inputs:  # catalogs the check stage could not read (the gate held their language back)
        if item.error is not None and str(item.error) not in result.unreadable:
            result.unreadable.append(str(item.error))
    return result
