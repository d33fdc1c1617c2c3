"""The check runner: every catalog read and checked, with the findings cache (``.polyleaf-cache/checks/``).

:func:`gather` is the edge that reads the files and feeds the gate (:mod:`pipeline.gate`): a
corrupt catalog becomes a finding for that language only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from . import cachefile
from .catalogs import load_documents, read_catalog_shared
from .checks import ChecksConfig, ChecksSummary, check_catalog, load_checks_config, summarise
from .config import Settings
from .errors import PolyleafError
from .fsutil import files_digest
from .glossary import Glossary, load_glossary
from .languages import Language
from .model import Diagnostic, Document
from .review import Coverage, document_coverage, load_review_settings

@dataclass(frozen=True)
class LanguageInputs:
    """What the gate needs for one (document, language), read from disk by :func:`gather`."""

    document: Document
    language: Language
    coverage: Coverage
    # The findings; from the cache, a loader called when someone reads ``diagnostics`` (the
    # gate needs only the summary, so a build does not read back 60 000 findings).
    found: tuple[Diagnostic, ...] | Callable[[], tuple[Diagnostic, ...]]
    summary: ChecksSummary
    catalog_hash: str | None
    error: PolyleafError | None = field(default=None, compare=False)
    #: The document's error-level source diagnostics (``source/x.md:LINE: code``): they hold every language.
    source_errors: tuple[str, ...] = ()
    #: The manifest's ``audit`` block of this catalog (JSON text), when a Dask check task computed it
    #: where it had read the catalog (:func:`pipeline.stages.check.check_document`); else None.
    audit: str | None = field(default=None, compare=False, repr=False)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        if callable(self.found):
            object.__setattr__(self, "found", tuple(self.found()))
        return self.found  # type: ignore[return-value]


CHECKS_CACHE = ".polyleaf-cache/checks"  # one JSON file per document: an edit rewrites only its own


def _cache_key(settings: Settings) -> str:
    """Everything besides source and catalog that can change a finding: version, settings, glossary file, check code."""
    from . import checks as checks_module, glossary as glossary_module, review as review_module

    h = hashlib.sha256(settings.text_digest.encode())
    from .po import formats as formats_module, plurals as plurals_module

    package = sorted(Path(checks_module.__file__).parent.glob("*.py"))  # the whole checks package, file by file
    files_digest(((p.name, p) for p in (*package, Path(glossary_module.__file__), Path(review_module.__file__),
                                         Path(__file__), Path(formats_module.__file__), Path(plurals_module.__file__))), h)
    file = settings.table("glossary").get("file") if isinstance(settings.table("glossary"), dict) else None
    if isinstance(file, str):
        try:
            h.update((settings.root / file).read_bytes())
        except OSError:
            pass
    return h.hexdigest()


def _cache_file(settings: Settings, doc: Document) -> Path:
    return settings.root / CHECKS_CACHE / (hashlib.sha256(doc.path.encode("utf-8")).hexdigest()[:16] + ".json")


def _findings_file(settings: Settings, doc: Document) -> Path:
    return _cache_file(settings, doc).with_suffix(".findings.json")


def _load_checks_cache(settings: Settings, doc: Document, key: str, file: Path | None = None) -> dict:
    """``{language: entry}`` from the document's cache file (summaries, or with ``file`` the findings)."""
    data = cachefile.read_json(file or _cache_file(settings, doc))
    if not isinstance(data, dict) or data.get("key") != key or data.get("document") != doc.path or not isinstance(data.get("languages"), dict):
        return {}
    return data["languages"]


def _findings_loader(settings: Settings, doc: Document, lang: Language, digest: str, key: str, recheck: Callable[[], tuple]):
    """The cached findings of one pair, read when first asked for; if the findings file does not
    match (deleted, older), the catalog is checked again instead."""
    def load() -> tuple[Diagnostic, ...]:
        entry = _load_checks_cache(settings, doc, key, _findings_file(settings, doc)).get(lang.code)
        if isinstance(entry, dict) and entry.get("catalog") == digest and entry.get("source") == doc.source_hash:
            try:
                return tuple(_diag_from_json(r) for r in entry["rows"])
            except (KeyError, TypeError, ValueError):
                pass
        return recheck()
    return load


def _diag_to_json(d: Diagnostic) -> list:
    return [d.path, d.line, d.code, d.message, d.severity, d.lang, d.extra]


def _diag_from_json(row: list) -> Diagnostic:
    path, line, code, message, severity, lang, extra = row
    return Diagnostic(path, line, code, message, severity, lang, extra)


def _from_cache(doc: Document, lang: Language, hit: dict, digest: str | None, found: Callable[[], tuple]) -> LanguageInputs | None:
    """The cached inputs, or None when the entry is damaged (then the catalog is checked again)."""
    try:
        summary = hit["summary"]
        if not isinstance(summary, dict):
            return None
        by_code = tuple((str(code), int(n)) for code, n in summary["by_code"])
        checks = ChecksSummary(int(summary["errors"]), int(summary["warnings"]), by_code, str(summary["failed"]))
        return LanguageInputs(doc, lang, Coverage(**hit["coverage"]), found, checks, str(digest))
    except (KeyError, TypeError, ValueError):
        return None


def gather(settings: Settings, languages: Iterable[Language] | None = None, documents: list[Document] | None = None,
           glossary: Glossary | None = None, config: ChecksConfig | None = None, cache: bool = False,
           record: bool = True) -> list[LanguageInputs]:
    """Read every catalog and run the checks; a corrupt catalog becomes a finding for that language only.

    With ``cache``, a (document, language) whose source and catalog bytes, settings, glossary file
    and Polyleaf version all hash as in the last run reuses that run's findings and coverage
    (``.polyleaf-cache/checks/``, one file per document), so an edit re-checks only what it touched.
    A catalog whose size and modification time are those recorded is not even read (as make and
    git do); a touched but unchanged one is hashed, found equal, and not re-checked.
    """
    docs = documents if documents is not None else load_documents(settings)
    langs = list(languages) if languages is not None else list(settings.languages)
    glossary = glossary if glossary is not None else load_glossary(settings)
    config = config if config is not None else load_checks_config(settings)
    key = _cache_key(settings) if cache else ""
    policy = load_review_settings(settings)  # [review]: four eyes
    out = []
    for doc in docs:
        memo = _load_checks_cache(settings, doc, key) if cache else {}
        fresh: dict[str, dict] = {}
        rows: dict[str, dict] = {}
        for lang in langs:
            path = settings.catalog_path(lang, doc.name)
            rel = settings.rel(path)
            hit = memo.get(lang.code) if doc.source_hash == (memo.get(lang.code) or {}).get("source") else None

            def recheck(doc=doc, lang=lang, path=path, rel=rel) -> tuple[Diagnostic, ...]:
                return tuple(check_catalog(doc, read_catalog_shared(path, rel), lang, glossary, config, rel))

            try:
                st = path.stat()
                stamp = [st.st_mtime_ns, st.st_size, st.st_ctime_ns]  # ctime: os.utime cannot set it back
                if hit and hit.get("stat") == stamp:
                    # same size, modification and change time as when checked (git style): not even read
                    found = _findings_loader(settings, doc, lang, str(hit.get("catalog")), key, recheck)
                    cached = _from_cache(doc, lang, hit, hit.get("catalog"), found)
                    if cached is not None:
                        out.append(cached)
                        continue
                data = path.read_bytes()
            except FileNotFoundError:
                diag = Diagnostic(doc.path, 1, "catalog-missing", f"no catalog {rel}: run `polyleaf extract`", "error", lang.code)
                out.append(LanguageInputs(doc, lang, document_coverage(doc, None), (diag,), summarise([diag]), None))
                continue
            except OSError as exc:
                err = PolyleafError(f"cannot read: {exc.strerror}", rel)
                diag = Diagnostic(rel, 0, "catalog-unreadable", err.message, "error", lang.code)
                out.append(LanguageInputs(doc, lang, document_coverage(doc, None), (diag,), summarise([diag], str(err)), None, err))
                continue
            digest = hashlib.sha256(data).hexdigest()
            slot = lang.code
            if hit and hit.get("catalog") == digest:
                cached = _from_cache(doc, lang, hit, digest, _findings_loader(settings, doc, lang, digest, key, recheck))
                if cached is not None:
                    out.append(cached)
                    fresh[slot] = {**hit, "stat": stamp}  # touched but unchanged: remember the new stamp
                    continue
            try:
                po = read_catalog_shared(path, rel)
            except PolyleafError as exc:
                diag = Diagnostic(exc.path or rel, exc.line or 0, "catalog-unreadable", exc.message, "error", lang.code)
                out.append(LanguageInputs(doc, lang, document_coverage(doc, None), (diag,), summarise([diag], str(exc)), digest, exc))
                continue
            diags = tuple(check_catalog(doc, po, lang, glossary, config, rel))
            coverage = document_coverage(doc, po, policy)
            out.append(LanguageInputs(doc, lang, coverage, diags, summarise(diags), digest))
            if cache:
                summary = {"errors": out[-1].summary.errors, "warnings": out[-1].summary.warnings,
                           "by_code": [list(pair) for pair in out[-1].summary.by_code], "failed": out[-1].summary.failed}
                fresh[slot] = {"source": doc.source_hash, "catalog": digest, "stat": stamp, "summary": summary,
                               "coverage": {f.name: getattr(coverage, f.name) for f in fields(Coverage)}}
                rows[slot] = {"source": doc.source_hash, "catalog": digest, "rows": [_diag_to_json(d) for d in diags]}
        if cache and record and fresh:  # (``record=False``: a check run reads the cache, writes nothing) (a cache that cannot be written, in a read-only checkout, is no failure)
            if rows:  # findings first: a summary never points at findings that were not written
                kept = _load_checks_cache(settings, doc, key, _findings_file(settings, doc))
                if not cachefile.write_json(_findings_file(settings, doc), {"key": key, "document": doc.path, "languages": {**kept, **rows}}):
                    continue
            cachefile.write_json(_cache_file(settings, doc), {"key": key, "document": doc.path, "languages": {**memo, **fresh}})
    # The source's own errors (parsed with the document, never cached): they hold every language.
    from .gate import source_errors

    errors = {doc.path: source_errors(doc) for doc in docs}
    return [replace(item, source_errors=errors[item.document.path]) if errors.get(item.document.path) else item for item in out]
