"""The run: memory first, then the engine, saving as results arrive.

Per language, over every document's catalog:

1. entries that may be filled (:func:`drafts.eligible`) are looked up in the
   translation memory (reviewed entries of the same language, any document);
   text with nothing to translate (a number, a URL, code) is copied as a draft;
2. the rest are masked; identical masked texts are sent once, joined into
   batches, by a bounded pool of workers, with retries and exponential backoff
   on 429 (``Retry-After`` honoured), 5xx, timeouts and malformed answers;
3. each finished batch is restored, checked for lost placeholders, and written
   at once (atomically, through :func:`catalogs.write_catalog`), so a killed run
   loses at most the requests in flight.  Before every write the file on disk is
   compared with what this run last read or wrote; if a translator saved it in
   between, it is re-read, their edits win, and this run's results go only into
   entries that are still fillable.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib

from ..catalogs import catalog_bytes, read_catalog, write_catalog
from ..config import Settings
from ..errors import CatalogError, PolyleafError, ProviderError
from ..languages import Language
from . import drafts, masking
from .drafts import Fill
from .memory import TranslationMemory
from .tmx_memory import load_tmx_memory
from .options import TranslateOptions
from .providers import SPECS, Failed, Provider, Transient


RETRY_NOTICE_SECONDS = 1.0  # a retry waiting at least this long is announced (on_retry), so a long wait is not silence


class Cancelled(Exception):
    """The run is stopping (Ctrl-C or a fatal provider error): the worker drops its batch."""


def run_date() -> str:
    """Today (UTC) as YYYY-MM-DD, or the day of ``SOURCE_DATE_EPOCH`` for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return when.date().isoformat()


@dataclass
class CatalogState:
    """One catalog during a run: the entries as last read, the bytes on disk, this run's fills."""

    document: str
    path: Path
    rel: str
    po: polib.POFile
    disk: bytes
    fills: dict[str, Fill] = field(default_factory=dict)
    external_edit: bool = False
    unreadable: str = ""


@dataclass
class LanguageReport:
    language: str
    provider: str
    catalogs: int = 0
    to_fill: int = 0  # entries that may be filled
    from_memory: int = 0
    copied: int = 0  # nothing to translate (numbers, URLs, code): copied as a draft
    from_provider: int = 0
    distinct: int = 0  # distinct masked texts needing the engine
    distinct_chars: int = 0
    requests: int = 0  # engine calls made (each one HTTP request for deep-translator engines)
    chars_sent: int = 0  # characters of segment text sent (separators excluded)
    separator_chars: int = 0  # newlines joining segments in batched requests
    retries: int = 0
    split_batches: int = 0  # batches whose answer did not line up and were re-sent one by one
    mask_problems: int = 0
    failed: Counter = field(default_factory=Counter)  # reason -> entries
    external_edits: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    planned_requests: int = 0  # dry run: requests the plan would send (without retries)
    written: list[str] = field(default_factory=list)
    engine_facts: dict = field(default_factory=dict)  # what the provenance line records besides the engine name

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())


@dataclass
class BatchResult:
    translations: dict[str, str]
    failures: dict[str, str]
    requests: int = 0
    chars: int = 0
    separators: int = 0
    retries: int = 0
    split: bool = False


class Translator:
    """Sends one language's distinct texts through a provider, with retries and cancellation."""

    def __init__(self, provider: Provider, options: TranslateOptions, source: Language, target: Language, stop: threading.Event,
                 sleep: Callable[[float], bool] | None = None, on_retry: Callable[[str], None] | None = None):
        self.provider = provider
        self.options = options
        self.source = source
        self.target = target
        self.stop = stop
        self._sleep = sleep or stop.wait
        self._on_retry = on_retry

    def _call(self, text: str, result: BatchResult) -> str:
        last: Transient | None = None
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            if self.stop.is_set():
                raise Cancelled()
            result.requests += 1
            result.chars += len(text)
            try:
                return self.provider.translate(text, self.source, self.target)
            except Transient as exc:
                last = exc
                if attempt == attempts - 1:
                    break
                delay = exc.retry_after if exc.retry_after is not None else self.options.backoff * (2**attempt)
                result.retries += 1
                wait_s = min(delay, self.options.max_wait)
                if self._on_retry is not None and wait_s >= RETRY_NOTICE_SECONDS:
                    segments = text.count("\n") + 1
                    self._on_retry(f"{self.provider.name} [{self.target.code}]: {exc.reason}; waiting {wait_s:.0f} s before "
                                   f"attempt {attempt + 2} of {attempts} ({segments} segment{'s' if segments > 1 else ''})")
                if self._sleep(wait_s):
                    raise Cancelled() from None
        assert last is not None
        raise Failed(f"{last.reason}, gave up after {attempts} attempt{'s' if attempts > 1 else ''}")

    def _one(self, text: str, result: BatchResult) -> None:
        try:
            out = self._call(text, result).strip()
        except Failed as exc:
            result.failures[text] = exc.reason
            return
        if not out:
            result.failures[text] = "empty translation"
        else:
            result.translations[text] = out

    def batch(self, texts: list[str]) -> BatchResult:
        """Translate ``texts``: joined one per line in one request when there are several."""
        result = BatchResult({}, {})
        if len(texts) > 1:
            try:
                joined = self._call("\n".join(texts), result)
            except Failed as exc:
                result.failures.update({t: exc.reason for t in texts})
                return result
            finally:  # count the joining newlines apart from segment text
                result.separators = (len(texts) - 1) * result.requests
                result.chars -= result.separators
            parts = joined.strip("\n").split("\n")
            if len(parts) == len(texts):
                # lines line up: keep every answer, ask again only for the lines that came back empty
                result.translations.update({t: p.strip() for t, p in zip(texts, parts) if p.strip()})
                texts = [t for t, p in zip(texts, parts) if not p.strip()]
                if not texts:
                    return result
            result.split = True  # lines did not line up (or some were empty): those, one by one
        for text in texts:
            self._one(text, result)
        return result


class WorkerPool:
    """A bounded pool of daemon threads returning futures.

    Unlike ``ThreadPoolExecutor``, whose threads the interpreter waits for at
    exit, an interrupted run ends at once: requests in flight are abandoned
    (their answers were never saved, so nothing is lost that a re-run will not
    ask again).  Each worker closes its HTTP session when the pool shuts down.
    """

    def __init__(self, workers: int, name: str, on_exit: Callable[[], None] | None = None):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._on_exit = on_exit
        self._threads = [threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True) for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                future, fn, args = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(fn(*args))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
                    future.set_exception(exc)
        finally:
            if self._on_exit:
                self._on_exit()

    def shutdown(self, wait_for_workers: bool = True) -> None:
        for _ in self._threads:
            self._queue.put(None)
        if wait_for_workers:
            for thread in self._threads:
                thread.join()


@dataclass
class _Need:
    state: CatalogState
    msgid: str
    masked: masking.Masked


def _load_states(settings: Settings, lang: Language, documents: list[str]) -> list[CatalogState]:
    states = []
    for doc in documents:
        path = settings.catalog_path(lang, doc)
        rel = settings.rel(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CatalogError("no catalog yet: run `polyleaf extract` first", rel) from None
        states.append(CatalogState(doc, path, rel, read_catalog(path, rel), data))
    return states


def save(state: CatalogState, refresh: bool, report: LanguageReport) -> None:
    """Write this run's fills into the catalog; a translator's save in the meantime wins."""
    if state.unreadable:
        return
    try:
        current = state.path.read_bytes()
    except FileNotFoundError:
        current = b""
    if current != state.disk:
        try:
            state.po = read_catalog(state.path, state.rel)
        except CatalogError as exc:
            state.unreadable = str(exc)
            report.unreadable.append(f"{state.rel}: changed on disk during the run and no longer reads ({exc.message}); left as it is, this run's drafts for it not saved")
            return
        if not state.external_edit:
            report.external_edits.append(state.rel)
        state.external_edit = True
    drafts.apply_fills(state.po, state.fills, refresh)
    data = catalog_bytes(state.po)
    if data != current:
        write_catalog(state.path, state.po)
        if state.rel not in report.written:
            report.written.append(state.rel)
    state.disk = data


def translate_language(
    settings: Settings,
    lang: Language,
    provider: Provider | None,
    options: TranslateOptions,
    terms: tuple[str, ...],
    *,
    refresh: bool = False,
    dry_run: bool = False,
    date: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
    sleep: Callable[[float], bool] | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> LanguageReport:
    """Fill one language's catalogs (every document).  Raises ProviderError for fatal engine trouble."""
    date = date or run_date()
    stop = stop or threading.Event()
    name = provider.name if provider is not None else options.provider
    report = LanguageReport(lang.code, name)
    documents = [p.stem for p in settings.source_files()]
    states = _load_states(settings, lang, documents)
    report.catalogs = len(states)
    memory = TranslationMemory((s.document, s.po) for s in states)
    tmx = load_tmx_memory(settings, options.tmx_memory, lang) if options.tmx_memory else None
    needs: dict[str, list[_Need]] = {}
    for state in states:
        for entry in state.po:
            if not drafts.eligible(entry, refresh):
                continue
            report.to_fill += 1
            hit = memory.lookup(entry.msgid)
            if hit is not None:
                state.fills[entry.msgid] = Fill(hit.msgstr, "tm", date=date, document=hit.document, fuzzy=options.memory_needs_review)
                report.from_memory += 1
                continue
            tmx_hit = tmx.lookup(entry.msgid) if tmx is not None else None
            if tmx_hit is not None:  # another project's memory: always a draft for review
                state.fills[entry.msgid] = Fill(tmx_hit.msgstr, "tm", date=date, document=tmx_hit.file, fuzzy=True)
                report.from_memory += 1
                continue
            masked = masking.mask(entry.msgid, terms)
            if not masked.has_words:
                state.fills[entry.msgid] = Fill(entry.msgid, "copy", engine="copy", date=date)
                report.copied += 1
                continue
            needs.setdefault(masked.text, []).append(_Need(state, entry.msgid, masked))
    texts = list(needs)
    report.distinct = len(texts)
    report.distinct_chars = sum(len(t) for t in texts)
    spec = SPECS.get(name)  # a dry run has no provider object: its spec says the same
    joins = provider.joins_batches if provider is not None else bool(spec and spec.module)
    limit = provider.max_chars if provider is not None else (spec.max_chars if spec else options.batch_chars)
    batches = drafts.plan_batches(texts, options.batch_size, min(options.batch_chars, limit), joins)
    report.planned_requests = len(batches)
    if dry_run:
        return report
    if on_start:
        on_start(report.to_fill)
    for state in states:  # memory and copies first: progress saved before any request
        if state.fills:
            save(state, refresh, report)
    if progress and (report.from_memory or report.copied):
        progress(report.from_memory + report.copied)
    if not texts:
        return report
    assert provider is not None
    provider.check(settings.source_language, lang)
    facts = getattr(provider, "engine_facts", None)
    report.engine_facts = dict(facts(lang)) if callable(facts) else {}
    translator = Translator(provider, options, settings.source_language, lang, stop, sleep, on_retry)
    workers = options.concurrency if provider.network else 1  # offline engines share this machine's cores
    pool = WorkerPool(min(workers, len(batches)), f"mt-{lang.code}", on_exit=provider.close)
    pending: dict[Future, list[str]] = {}
    fatal: BaseException | None = None
    try:
        for batch in batches:
            pending[pool.submit(_worker, translator, batch)] = batch
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            touched: dict[int, CatalogState] = {}
            for future in done:
                batch = pending.pop(future)
                try:
                    result = future.result()
                except (Cancelled, CancelledError):
                    continue
                except ProviderError as exc:
                    fatal = fatal or exc
                    stop.set()
                    continue
                _absorb(result, needs, report, date, touched, progress)
            for state in touched.values():
                save(state, refresh, report)
            if fatal is not None:
                for future in pending:
                    future.cancel()
    except BaseException:
        stop.set()
        for future in pending:
            future.cancel()
        pool.shutdown(wait_for_workers=False)
        for state in states:  # whatever finished is already saved; make sure of it
            if state.fills:
                save(state, refresh, report)
        raise
    pool.shutdown()
    if fatal is not None:
        raise fatal
    return report


def _worker(translator: Translator, batch: list[str]) -> BatchResult:
    return translator.batch(batch)


def _absorb(result: BatchResult, needs: dict[str, list[_Need]], report: LanguageReport, date: str, touched: dict[int, CatalogState], progress: Callable[[int], None] | None) -> None:
    report.requests += result.requests
    report.chars_sent += result.chars
    report.separator_chars += result.separators
    report.retries += result.retries
    report.split_batches += int(result.split)
    finished = 0
    for text, translation in result.translations.items():
        for need in needs.get(text, ()):
            restored = masking.restore(need.masked, translation)
            problems = restored.problem_facts()
            need.state.fills[need.msgid] = Fill(restored.text, "mt", engine=report.provider, date=date, problems=problems,
                                                engine_facts=report.engine_facts)
            touched[id(need.state)] = need.state
            report.from_provider += 1
            report.mask_problems += int(bool(problems))
            finished += 1
    for text, reason in result.failures.items():
        n = len(needs.get(text, ()))
        report.failed[reason] += n
        finished += n
    if progress and finished:
        progress(finished)


__all__ = ["LanguageReport", "translate_language", "save", "run_date", "PolyleafError"]
