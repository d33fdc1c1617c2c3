"""Stage ``score``: readability per language and section -> ``reports/``.

Each document's share of the report files is kept under ``.polyleaf-cache/score/`` keyed by
the hash of its source, its catalogs, the settings and Polyleaf's version, so an edit
re-scores one document; the whole stage is skipped when nothing it reads changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, cachefile
from ..catalogs import inputs_hash
from ..config import Settings
from ..fsutil import files_digest, parts_digest, write_parts_if_changed
from ..languages import Language
from ..model import Document
from . import Plan, Selection

SCORE_CACHE = ".polyleaf-cache/score.json"
SCORE_MEMO = ".polyleaf-cache/score"  # one file per document: its key, report parts and verdicts


@dataclass(frozen=True)
class ScoreWork:
    key: str
    cached: dict  # the stage's cache file as read
    verdicts: dict  # (document path, language code) -> SimpleVerdict
    outputs: dict | None  # report path -> parts (bytes); None when the cache is current
    digests: dict | None = None  # report path -> sha256 of its parts (hashed once, in plan)
    layout: dict | None = None  # where each document's part sits in each report file (:func:`_layout`)


def model_digest(folder: Path | None = None) -> str:
    """A hash of the readability model as installed: the ``pipeline.readability`` package's code,
    calibration, plain-word lists and report templates.  Part of every score key, so a new
    calibration or word list re-scores (and its numbers never show as "up to date")."""
    if folder is None:  # found beside this package, not imported: a no-op build imports no scorer
        folder = Path(__file__).resolve().parent.parent / "readability"
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".json", ".tsv", ".j2") and p.is_file())
    return files_digest((p.relative_to(folder).as_posix(), p) for p in files).hexdigest()


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


def score_document(settings: Settings, rs, doc: Document, langs: list[Language], head, key: str) -> dict:
    """One document's memo entry: its share of the report files and its verdicts (a Dask task)."""
    from ..readability.report import document_parts, score_one

    report = score_one(settings, rs, doc, langs)
    return {
        "key": key,
        "parts": document_parts(head, report),
        "verdicts": [(str(r.score.language), bool(r.verdict.ok), str(r.verdict.reason), _verdict_data(r.verdict))
                     for r in report.results],
    }


REPORTS = ("readability.json", "readability.csv", "readability.html")


def _head_digest(head: dict) -> str:
    return hashlib.sha256(json.dumps(head, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _layout(settings: Settings, head: dict, ordered: Sequence[Document], keys: dict, parts: list, outputs: dict) -> dict | None:
    """Where each document's part sits in each report file (byte offset and length), with the
    document's input key and the frame's digest: the next build takes an unchanged document's
    part from the file itself instead of reading its memo.  None when the parts cannot be told
    apart (the same bytes object twice)."""
    spans: dict[str, list] = {}
    for name, field_ in zip(REPORTS, ("json", "csv", "html")):
        pieces = outputs.get(settings.reports_dir / name)
        if pieces is None:
            return None
        at = {}
        for i, p in enumerate(parts):
            at.setdefault(id(getattr(p, field_)), []).append(i)
        found, offset = [None] * len(parts), 0
        for piece in pieces:
            owners = at.get(id(piece))
            if owners is not None:
                if len(owners) != 1 or found[owners[0]] is not None:
                    return None
                found[owners[0]] = [offset, len(piece)]
            offset += len(piece)
        if any(f is None for f in found):
            return None
        spans[settings.rel(settings.reports_dir / name)] = found
    return {"head": _head_digest(head), "documents": [[doc.path, keys[doc.path]] for doc in ordered], "spans": spans}


def _recorded_parts(settings: Settings, last: dict | None, head: dict, keys: dict) -> dict:
    """Each document whose inputs hash as in the last build: its parts, read from the report files
    that build wrote (when they are on disk as written: size and mtime as recorded), and its
    verdicts from ``score.json``, as ``doc path -> memo entry``.  The files are read once each;
    their parts are views into them, so no memo file is read, checked or unpickled."""
    from ..site import outputs_intact

    layout = last.get("layout") if isinstance(last, dict) else None
    if not isinstance(layout, dict) or layout.get("head") != _head_digest(head):
        return {}
    docs, spans, outputs = layout.get("documents"), layout.get("spans"), last.get("outputs")
    recorded = last.get("verdicts")
    if not (isinstance(docs, list) and isinstance(spans, dict) and isinstance(outputs, dict) and isinstance(recorded, dict)):
        return {}
    views = {}
    for name in REPORTS:
        rel = settings.rel(settings.reports_dir / name)
        rows = spans.get(rel)
        if not isinstance(rows, list) or len(rows) != len(docs) or rel not in outputs or not outputs_intact(settings, {rel: outputs[rel]}):
            return {}
        try:
            data = memoryview((settings.root / rel).read_bytes())
        except OSError:
            return {}
        views[name] = (data, rows)
    by_verdict: dict[str, list] = {}
    for slot, v in recorded.items():
        doc_path, _, lang = slot.partition("\x00")
        by_verdict.setdefault(doc_path, []).append((lang, v))
    from ..readability.report import DocumentParts

    found = {}
    for i, row in enumerate(docs):
        if not (isinstance(row, list) and len(row) == 2 and keys.get(row[0]) == row[1]):
            continue
        try:
            pieces = []
            for name in REPORTS:
                data, rows = views[name]
                offset, length = rows[i]
                if not (isinstance(offset, int) and isinstance(length, int) and 0 <= offset and offset + length <= len(data)):
                    raise ValueError
                pieces.append(data[offset:offset + length])
            verdicts = [(lang, bool(v["ok"]), str(v["reason"]), json.loads(v["data"]) if v["data"] else None)
                        for lang, v in by_verdict.get(row[0], ())]
        except (ValueError, TypeError, KeyError, IndexError):
            continue
        if not verdicts:
            continue
        found[row[0]] = {"key": row[1], "parts": DocumentParts(*pieces), "verdicts": verdicts}
    return found


def score_documents(settings: Settings, documents: Sequence[Document], langs: list[Language], *,
                    record: bool = True, executor=None, prune: bool = True, last: dict | None = None,
                    layout: dict | None = None, model: str | None = None) -> tuple[dict, dict]:
    """The report files and the verdicts, re-scoring only documents whose inputs changed.

    ``last``: the stage's cache file (``score.json``) as read: an unchanged document's part is
    taken from the report files it describes.  ``layout``: a dict that receives this run's
    :func:`_layout` (under ``"layout"``) for the next build.  ``model``: :func:`model_digest`, if
    the caller has it."""
    from ..gate import SimpleVerdict
    from ..readability.report import assemble, project_frame, report_head
    from ..readability.settings import load

    rs = load(settings)
    langs = sorted(langs, key=lambda l: l.code)
    ordered = sorted(documents, key=lambda d: d.name)
    head = report_head(project_frame(settings, rs, ordered))
    parts, verdicts, keep = [], {}, set()
    entries: dict[str, dict | None] = {}
    model = model or model_digest()
    keys: dict[str, str] = {doc.path: inputs_hash(settings, [doc], langs, model) for doc in ordered}
    spliced = _recorded_parts(settings, last, head, keys) if last else {}
    for doc in ordered:
        path = _memo_path(settings, doc)
        keep.add(path.name)
        entries[doc.path] = spliced.get(doc.path) or _load_memo(path, keys[doc.path])
    todo = [doc for doc in ordered if entries[doc.path] is None]
    if executor is not None and executor.name != "serial" and todo:
        from ..executor import task_key

        done = executor.map(score_document, [(settings, rs, doc, langs, head, keys[doc.path]) for doc in todo],
                            [task_key("score", doc.path, keys[doc.path]) for doc in todo])
    else:
        done = [score_document(settings, rs, doc, langs, head, keys[doc.path]) for doc in todo]
    for doc, entry in zip(todo, done):
        entries[doc.path] = entry
        if record:
            cachefile.write_pickle(_memo_path(settings, doc), dict(entry, version=__version__))
    for doc in ordered:
        entry = entries[doc.path]
        parts.append(entry["parts"])
        for lang, ok, reason, data in entry["verdicts"]:
            verdicts[(doc.path, lang)] = SimpleVerdict(ok, reason, data)
    if record and prune:  # (a shard or a document subset keeps the other documents' entries)
        folder = settings.root / SCORE_MEMO
        for stale in (p for p in folder.glob("*.pickle") if p.name not in keep):
            stale.unlink(missing_ok=True)
    outputs = {settings.reports_dir / name: pieces for name, pieces in assemble(head, parts).items()}
    if layout is not None:
        layout["layout"] = _layout(settings, head, ordered, keys, parts, outputs)
    return outputs, verdicts


def _cached_verdicts(cached: dict) -> dict:
    from ..gate import SimpleVerdict

    return {tuple(k.split("\x00")): SimpleVerdict(v["ok"], v["reason"], json.loads(v["data"]) if v["data"] else None)
            for k, v in cached.get("verdicts", {}).items()}


def _differs(settings: Settings, path, digest: str, last: dict) -> bool:
    """Whether the file's content hashes other than ``digest``; a file whose size and modification
    time are as the last build recorded them (``last``: score.json's outputs) is judged by the
    recorded sha256 (make-style, as :func:`pipeline.site.outputs_intact`), without reading it."""
    record = last.get(settings.rel(path)) if isinstance(last, dict) else None
    try:
        if isinstance(record, list) and len(record) == 3 and isinstance(record[0], str):
            st = path.stat()
            if st.st_size == record[1] and st.st_mtime_ns == record[2]:
                return record[0] != digest
        return hashlib.sha256(path.read_bytes()).hexdigest() != digest
    except OSError:
        return True


def plan(settings: Settings, selection: Selection, documents: Sequence[Document], *, record: bool = True,
         guard: Callable[[Callable[[list[Language]], tuple]], tuple] | None = None, executor=None) -> Plan:
    """The report files and verdicts.  ``guard(fn)`` calls ``fn(languages)`` (the build passes one that
    drops a language whose catalog cannot be read); ``record=False`` keeps every cache as it is."""
    from ..site import outputs_intact

    docs = selection.filter_documents(documents)
    langs = selection.language_objects(settings)
    model = model_digest()
    key = inputs_hash(settings, docs, langs, model)
    cache_path = settings.root / SCORE_CACHE
    cached = cachefile.read_json(cache_path) or {}
    if not isinstance(cached, dict):
        cached = {}
    if selection.whole and cached.get("key") == key and outputs_intact(settings, cached.get("outputs", {})) \
            and all(isinstance(v, dict) and "data" in v for v in cached.get("verdicts", {}).values()):
        return Plan("score", selection, (), (), "inputs unchanged since the last report", ScoreWork(key, cached, _cached_verdicts(cached), None))
    run = (lambda fn: fn(langs)) if guard is None else guard
    layout: dict = {}
    outputs, found = run(lambda ls: score_documents(settings, docs, [l for l in ls if l.code in selection.languages],
                                                            record=record, executor=executor, prune=selection.whole,
                                                            last=cached if selection.whole else None, layout=layout,
                                                            model=model))
    digests = {p: parts_digest(pieces) for p, pieces in outputs.items()}
    writes = tuple(f"{settings.rel(p)}: would {'update' if p.exists() else 'create'}" for p in outputs
                   if _differs(settings, p, digests[p], cached.get("outputs")))
    return Plan("score", selection, tuple(settings.rel(p) for p in outputs), writes, "",
                ScoreWork(key, cached, found, outputs, digests, layout.get("layout")))


def apply(plan: Plan, settings: Settings) -> tuple[str, str]:
    """Write the report files that changed and record the stage's cache; (status, detail)."""
    from ..site import output_record

    work: ScoreWork = plan.payload
    if work.outputs is None:
        return "up to date", plan.detail
    last = work.cached.get("outputs") if isinstance(work.cached.get("outputs"), dict) else {}
    written, digests = 0, {}
    for path, pieces in work.outputs.items():
        rel = settings.rel(path)
        previous = last.get(rel)
        wrote, sha = write_parts_if_changed(path, pieces, previous[0] if isinstance(previous, list) and previous and isinstance(previous[0], str) else None, durable=False,
                                            digest=(work.digests or {}).get(path))
        digests[rel] = output_record(path, sha)
        written += wrote
    # the verdict as JSON text: the cache file sorts keys, the manifest keeps the verdict's own order
    record = {f"{doc}\x00{lang}": {"ok": v.ok, "reason": v.reason, "data": json.dumps(v.data) if v.data else ""}
              for (doc, lang), v in work.verdicts.items()}
    below = sum(not v.ok for v in work.verdicts.values())
    if plan.selection.whole:
        cachefile.write_json(settings.root / SCORE_CACHE, {"key": work.key, "outputs": digests, "verdicts": record,
                                                           "layout": work.layout})
    return "ran", f"{written} report file(s) written; {below} document-language pair(s) below target without a waiver"
