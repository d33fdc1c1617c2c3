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

A document whose source has an error-level diagnostic (:mod:`pipeline.source_checks`:
``empty-heading``, ``unclosed-emphasis``: things that would publish broken HTML) is held
back in every language, its source-language page included, until the source is fixed;
each reason names ``source/x.md:LINE: code``.  Warnings do not hold.

:func:`decide` is pure: values in, a frozen :class:`PublishDecision` out, with
every reason spelled out.  :func:`gather` is the edge that reads the files and
feeds it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Protocol

from . import __version__
from . import cachefile, jsonfmt
from .catalogs import inputs_hash, load_documents, read_catalog, read_catalog_shared
from .checks import ChecksConfig, ChecksSummary, check_catalog, load_checks_config, summarise
from .config import SCHEMA, Settings
from .errors import ExportError, PolyleafError
from .fsutil import would_change, write_if_changed
from .glossary import Glossary, load_glossary
from .languages import Language
from .model import Diagnostic, Document
from .review import Coverage, document_coverage, load_review_settings

PUBLISH_KEYS = frozenset(SCHEMA["publish"])


class ReadabilityResult(Protocol):
    ok: bool
    reason: str


@dataclass(frozen=True)
class SimpleVerdict:
    """A readability verdict when none could be computed (or for tests), or one recorded by a build:
    ``data`` is then the full verdict's ``as_dict()`` (waiver included), so ``build`` and ``publish``
    write the same manifest."""

    ok: bool
    reason: str
    data: dict | None = field(default=None, compare=False, hash=False)

    def as_dict(self) -> dict:
        return dict(self.data) if self.data else {"ok": self.ok, "reason": self.reason}


@dataclass(frozen=True)
class PublishDecision:
    document: str
    language: str
    publish: bool
    reasons: tuple[str, ...]
    coverage: Coverage
    checks: ChecksSummary
    readability: Any  # the verdict object (``.ok``, ``.reason``)
    source_hash: str
    catalog_hash: str | None

    def as_dict(self) -> dict:
        read = self.readability
        if read is None:
            rdict = None
        elif hasattr(read, "as_dict"):
            rdict = read.as_dict()
        else:
            rdict = {"ok": bool(getattr(read, "ok", False)), "reason": str(getattr(read, "reason", ""))}
        return {
            "document": self.document,
            "language": self.language,
            "decision": "publish" if self.publish else "hold",
            "reasons": list(self.reasons),
            "coverage": self.coverage.as_dict(),
            "checks": self.checks.as_dict(),
            "readability": rdict,
            "source_hash": self.source_hash,
            "catalog_hash": self.catalog_hash,
        }


def source_errors(doc: Document) -> tuple[str, ...]:
    """The source's error-level diagnostics as ``source/x.md:LINE: code``: each holds the document back."""
    return tuple(f"{d.path}:{d.line}: {d.code}" for d in doc.diagnostics if d.severity == "error")


def decide(document: str, language: str, coverage: Coverage, checks: ChecksSummary, readability: ReadabilityResult | None,
           source_hash: str, catalog_hash: str | None, held: str = "", source_errors: Sequence[str] = ()) -> PublishDecision:
    """The gate's decision for one (document, language): pure, every reason spelled out.

    ``source_errors`` (``source/x.md:LINE: code``, see :func:`source_errors`) hold the language
    back whatever its catalog says: the page would carry the source's broken HTML."""
    reasons: list[str] = []
    if source_errors:
        reasons.append(f"{len(source_errors)} source error(s), fix the source: " + ", ".join(source_errors))
    if catalog_hash is None:
        reasons.append("no catalog: run `polyleaf extract`")
    if checks.failed:
        reasons.append(f"catalog unusable: {checks.failed}")
    if not coverage.complete:
        parts = []
        if coverage.missing:
            parts.append(f"{coverage.missing} untranslated")
        if coverage.drafts:
            parts.append(f"{coverage.drafts} awaiting review (fuzzy)")
        if coverage.stale:
            parts.append(f"{coverage.stale} with a stale approval")
        if coverage.four_eyes:
            parts.append(f"{coverage.four_eyes} held for a second reviewer (" + "; ".join(coverage.four_eyes_examples)
                         + ("; ..." if coverage.four_eyes > len(coverage.four_eyes_examples) else "") + ")")
        reasons.append(
            f"coverage {100 * coverage.share:.1f}% of source words reviewed "
            f"({coverage.reviewed_words}/{coverage.source_words}): " + ", ".join(parts or ["incomplete"])
        )
    if checks.errors:
        codes = ", ".join(f"{c} x{n}" for c, n in checks.by_code) if checks.by_code else ""
        reasons.append(f"{checks.errors} check error(s)" + (f" ({codes})" if codes else ""))
    if readability is None:
        reasons.append("readability not scored")
    elif not readability.ok:
        reasons.append(f"readability: {readability.reason}")
    if held:
        reasons.append(held)
    return PublishDecision(document, language, not reasons, tuple(reasons), coverage, checks, readability, source_hash, catalog_hash)


def load_publish_settings(settings: Settings) -> dict:
    """``[publish]``: ``strict`` (bool, default false), ``hold`` (language codes held back by hand)."""
    table = settings.table("publish")
    if not isinstance(table, dict):
        raise settings.error("[publish] must be a table", "publish")
    for key in table:
        if key not in PUBLISH_KEYS:
            raise settings.error(f"unknown key {key!r} in [publish] (known: {', '.join(sorted(PUBLISH_KEYS))})", "publish", key)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise settings.error("[publish] strict must be true or false", "publish", "strict")
    hold = table.get("hold", [])
    if not isinstance(hold, list) or not all(isinstance(h, str) for h in hold):
        raise settings.error("[publish] hold must be a list of language codes", "publish", "hold")
    codes = []
    for h in hold:
        try:
            codes.append(settings.language(h).code)
        except PolyleafError as exc:
            raise settings.error(f"[publish] hold: {exc.message}", "publish", "hold") from None
    return {"strict": strict, "hold": tuple(codes)}


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

    for path in (Path(checks_module.__file__), Path(glossary_module.__file__), Path(review_module.__file__), Path(__file__),
                 Path(formats_module.__file__), Path(plurals_module.__file__)):
        h.update(path.read_bytes())
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
           glossary: Glossary | None = None, config: ChecksConfig | None = None, cache: bool = False) -> list[LanguageInputs]:
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
                stamp = [st.st_mtime_ns, st.st_size]
                if hit and hit.get("stat") == stamp:
                    # same size and modification time as when checked (make/git style): not even read
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
        if cache and fresh:  # (a cache that cannot be written, in a read-only checkout, is no failure)
            if rows:  # findings first: a summary never points at findings that were not written
                kept = _load_checks_cache(settings, doc, key, _findings_file(settings, doc))
                if not cachefile.write_json(_findings_file(settings, doc), {"key": key, "document": doc.path, "languages": {**kept, **rows}}):
                    continue
            cachefile.write_json(_cache_file(settings, doc), {"key": key, "document": doc.path, "languages": {**memo, **fresh}})
    # The source's own errors (parsed with the document, never cached): they hold every language.
    errors = {doc.path: source_errors(doc) for doc in docs}
    return [replace(item, source_errors=errors[item.document.path]) if errors.get(item.document.path) else item for item in out]


def decide_all(inputs: Iterable[LanguageInputs], readability: Callable[[Document, Language], ReadabilityResult | None],
               hold: Iterable[str] = ()) -> list[PublishDecision]:
    """:func:`decide` for every input; ``readability(doc, lang)`` gives each verdict (a callable, so the
    caller decides how scores are computed or cached)."""
    held = set(hold)
    out = []
    for item in inputs:
        verdict = readability(item.document, item.language)
        out.append(decide(
            item.document.name, item.language.code, item.coverage, item.summary, verdict,
            item.document.source_hash, item.catalog_hash,
            held="held back by [publish] hold in polyleaf.toml" if item.language.code in held else "",
            source_errors=item.source_errors,
        ))
    return out


def manifest(decisions: Iterable[PublishDecision], settings: Settings | None = None) -> str:
    """``manifest.json`` text: deterministic (sorted, no timestamps) so a no-op build changes nothing."""
    rows = [d.as_dict() for d in sorted(decisions, key=lambda d: (d.document, d.language))]
    if settings is not None:  # who translated, who reviewed, words by origin, review dates (pipeline.audit)
        from .audit import manifest_audit

        for row in rows:
            row["audit"] = manifest_audit(settings, row["document"], row["language"])
    body: dict[str, Any] = {
        "project": settings.name if settings else "",
        "version": settings.version if settings else "",
        "published": sorted({f"{r['document']}/{r['language']}" for r in rows if r["decision"] == "publish"}),
        "decisions": rows,
    }
    return jsonfmt.dumps(body) + "\n"  # = json.dumps(body, indent=2, ensure_ascii=False)


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

    def judge(doc: Document, lang: Language) -> ReadabilityResult | None:
        path = settings.catalog_path(lang, doc.name)
        try:
            po = read_catalog(path, settings.rel(path))
        except (PolyleafError, OSError):
            return None
        return verdict(score_document(doc, lang, rs, po), rs)

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
    With ``check`` nothing is written.  ``inputs``: what :func:`gather` returned moments ago for the
    same languages (``polyleaf build`` gathers once for its check stage and the gate)."""
    from .source_checks import require_content

    options = load_publish_settings(settings)
    documents = load_documents(settings)
    for doc in documents:
        require_content(doc)  # an empty source is an error, never an empty page at "100% reviewed"
    if inputs is None:
        inputs = gather(settings, languages, documents=documents, cache=True)
    decisions = decide_all(inputs, readability or readability_from_project(settings), options["hold"])
    pages: tuple[str, ...] = ()
    stale: list[str] = []
    if render:
        pages = tuple(settings.rel(p) for p in publish_site(settings, decisions, documents, formats, jobs, check=check, stale=stale))
    text = manifest(decisions, settings)
    path = settings.dist_dir / "site" / "manifest.json"
    try:
        written = would_change(path, text) if check else write_if_changed(path, text, durable=False)
    except OSError as exc:
        raise ExportError(f"cannot write the manifest: {exc.strerror}", settings.rel(path)) from None
    if check and written:
        stale.append(f"{settings.rel(path)}: would {'update' if path.exists() else 'create'}")
    return PublishOutcome(tuple(decisions), settings.rel(path), written, options["strict"], pages, tuple(stale))


# -- the site: pages of published languages only --------------------------------------------------


SITE_CACHE = ".polyleaf-cache/site.json"


def _render_code_key() -> str:
    """The rendering code and templates: a change there re-renders every page."""
    from . import render

    h = hashlib.sha256(__version__.encode())
    base = Path(render.__file__).parent
    for path in sorted(base.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".html", ".css", ".toml"):
            h.update(path.relative_to(base).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _page_key(settings: Settings, doc: Document, published: Sequence[Language], fmts: Sequence[str], code_key: str) -> str:
    from .ui import fingerprint  # the pages' labels: shipped and project polyleaf-ui catalogs

    ui_key = fingerprint([settings.source_language, *published], settings.locales_dir)
    return inputs_hash(settings, [doc], published, code_key, ",".join(fmts), ui_key)


def _load_site_cache(settings: Settings) -> dict:
    data = cachefile.read_json(settings.root / SITE_CACHE)
    return data if isinstance(data, dict) else {}


def output_record(path: Path, sha: str) -> list:
    """What a make-style cache keeps of a file it wrote: ``[sha256, size, mtime_ns]``."""
    try:
        st = path.stat()
    except OSError:
        return [sha, -1, -1]
    return [sha, st.st_size, st.st_mtime_ns]


def outputs_intact(settings: Settings, outputs: dict) -> bool:
    """Every recorded output (project-relative path -> :func:`output_record`, or a bare sha256) is
    on disk as it was written: same size and modification time (as make and git judge), else the
    same content hash."""
    if not outputs:
        return False
    for rel, record in outputs.items():
        sha, size, mtime = (record, None, None) if isinstance(record, str) else (list(record) + [None, None, None])[:3]
        path = settings.root / rel
        try:
            if size is not None:
                st = os.stat(path)
                if st.st_size == size and st.st_mtime_ns == mtime:
                    continue
            if not isinstance(sha, str) or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                return False
        except OSError:
            return False
    return True


def _previous_documents(site: Path) -> set[str]:
    """Documents named by the site's current manifest.json (what the last publish shipped)."""
    try:
        data = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
        return {str(d["document"]) for d in data.get("decisions", []) if isinstance(d, dict) and "document" in d}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return set()


def publish_site(settings: Settings, decisions: Sequence[PublishDecision], documents: Sequence[Document] | None = None,
                 formats: Sequence[str] | None = None, jobs: int | None = None, check: bool = False,
                 stale: list[str] | None = None) -> list[Path]:
    """Render the source language and every published language into ``<dist>/site/``; remove held-back ones.

    Pages are rendered into a staging folder first and copied into the site only when every one
    of them rendered, so a failure (a missing font, say) leaves the site as it was.

    Per document the export renders the published languages together (so each page's language
    switcher lists exactly those), publishing reviewed text only (:func:`pipeline.review.is_reviewed`:
    a stale approval is not published).  A language that was published before and is held back now
    has its folder removed, so the site never keeps a language the gate refused; a document
    whose source was deleted (named in the last manifest, gone now) has its folder removed too,
    and so does a document whose source has an error (:func:`source_errors`): not even its
    source-language page ships until the source is fixed.
    With ``check`` nothing is written; ``stale`` collects ``"path: would ..."`` for every file
    that is missing, different, or would be removed.
    """
    import shutil

    from .render import export as render_export
    from .render import load_export_settings
    from .review import is_reviewed

    docs = list(documents) if documents is not None else load_documents(settings)
    broken = {doc.name for doc in docs if source_errors(doc)}  # held in every language, source included
    es = load_export_settings(settings)
    fmts = tuple(formats or es.formats)
    site = settings.dist_dir / "site"
    memo = _load_site_cache(settings) if not check else {}
    code_key = _render_code_key()
    found: list[str] = [] if stale is None else stale

    def note(path: Path, changed: bool) -> None:
        if changed:
            found.append(f"{settings.rel(path)}: would {'update' if path.exists() else 'create'}")
    # Render everything into a staging folder first: if any page fails, the site is not touched
    # (never a partial language); then copy what changed, file by file, atomically.
    staging = settings.dist_dir / f".site-staging-{os.getpid()}"
    paths: list[Path] = []
    fresh: dict[str, dict] = {}
    try:
        rendered: list[tuple[Document, Path]] = []
        shipped: dict[str, list[str]] = {}
        for d in decisions:
            if d.publish:
                shipped.setdefault(d.document, []).append(d.language)
        for doc in docs:
            if doc.name in broken:
                continue
            published = [settings.language(code) for code in shipped.get(doc.name, ())]
            key = _page_key(settings, doc, published, fmts, code_key)
            hit = memo.get(doc.path)
            if hit and hit.get("key") == key and outputs_intact(settings, hit.get("outputs", {})):
                paths += [settings.root / rel for rel in sorted(hit["outputs"])]
                fresh[doc.path] = hit
                continue  # same inputs, pages on disk as written: nothing to render (make-style)
            rendered += [(doc, p) for p in render_export(
                settings, [doc], [settings.source_language, *published], fmts, draft=False, jobs=jobs,
                out_dir=site if check else staging, export_settings=es, check=check, reviewed=is_reviewed,
                on_output=note if check else None)]
            fresh[doc.path] = {"key": key, "outputs": {}}
        for doc, path in rendered:
            final = path if check else site / path.relative_to(staging)
            if not check:
                data = path.read_bytes()
                try:
                    write_if_changed(final, data, durable=False)
                except OSError as exc:
                    raise ExportError(f"cannot write: {exc.strerror}", settings.rel(final)) from None
                fresh[doc.path]["outputs"][settings.rel(final)] = output_record(final, hashlib.sha256(data).hexdigest())
            paths.append(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not check:
        cachefile.write_json(settings.root / SITE_CACHE, fresh)
    configured = {l.code for l in settings.languages}
    gone: list[Path] = []
    for doc in docs:
        keep = {settings.source_language.code, *shipped.get(doc.name, ())}
        doc_dir = site / doc.name
        if doc.name in broken:
            if doc_dir.is_dir():
                gone.append(doc_dir)
        elif doc_dir.is_dir():
            gone += [child for child in sorted(doc_dir.iterdir())
                     if child.is_dir() and child.name in configured and child.name not in keep]
    current = {doc.name for doc in docs}
    gone += [site / name for name in sorted(_previous_documents(site) - current)
             if name and "/" not in name and name not in (".", "..") and (site / name).is_dir()]
    for folder in gone:
        if check:
            found.append(f"{settings.rel(folder)}/: would remove")
        else:
            shutil.rmtree(folder)
    from .render.site_index import write_site_index

    index = write_site_index(settings, decisions, [doc for doc in docs if doc.name not in broken], site, fmts, es)
    path = site / "index.html"
    try:
        changed = would_change(path, index) if check else write_if_changed(path, index, durable=False)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror}", settings.rel(path)) from None
    if check and changed:
        note(path, True)
    paths.append(path)
    return paths
