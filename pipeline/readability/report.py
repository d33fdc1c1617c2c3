"""``polyleaf score``: every document in the source and each language, per section.

:func:`score_project` is the only function here that reads files; the renderers
(:func:`render_json`, :func:`render_csv`, :func:`render_html`) are pure and
deterministic (no timestamps, sorted, fixed float formatting), so a pull
request's diff of ``reports/`` shows how readability moved.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogs import inputs_hash, load_documents, read_catalog
from ..config import Settings
from ..languages import Language
from ..model import Diagnostic
from . import formulas as F
from .document import DocumentScore, SectionScore, score_document
from .settings import ReadabilitySettings, load
from .verdict import Verdict, readability_verdict

REPORT_VERSION = 1


@dataclass(frozen=True)
class LanguageResult:
    score: DocumentScore
    verdict: Verdict
    catalog: str  # project-relative path of the catalog ("" for the source)
    catalog_found: bool


@dataclass(frozen=True)
class DocumentReport:
    name: str
    path: str
    results: tuple[LanguageResult, ...]  # the source first, then languages by code
    # This document's part of readability.json, kept once rendered (it travels with the build's
    # per-document memo, so an edit re-renders only the edited document's JSON).
    json_text: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class ProjectReport:
    project: str
    settings: ReadabilitySettings
    source_language: str
    documents: tuple[DocumentReport, ...]
    warnings: tuple[str, ...] = ()  # "polyleaf.toml:LINE: ..." (waivers that match nothing)


def unused_waivers(rs: ReadabilitySettings, documents, languages: list[str], where: str) -> tuple[str, ...]:
    """A waiver naming a document, language or section that does not exist is a typo to report."""
    sections = {d.name: {s.title for s in d.sections} for d in documents}
    out = []
    for i, w in enumerate(rs.waivers, 1):
        loc = f"{where}:{w.line}" if w.line else where
        if w.document not in sections:
            out.append(f"{loc}: warning: waiver {i} names document {w.document!r}, which is not in the source folder")
        elif w.language not in languages:
            out.append(f"{loc}: warning: waiver {i} names language {w.language!r}, which is not configured")
        elif w.section is not None and w.section not in sections[w.document]:
            out.append(f"{loc}: warning: waiver {i} names section {w.section!r}, which is not a heading of {w.document}")
    return tuple(out)


def score_project(settings: Settings, languages: list[Language] | None = None, memo: dict | None = None) -> ProjectReport:
    """Read the sources and catalogs and score them all (catalogs missing: nothing translated).

    ``memo`` (``{document path: (key, DocumentReport)}``), when given, is used and
    updated: a document whose source, catalogs and settings hash as before is
    not scored again (``polyleaf build`` keeps it between runs).
    """
    rs = load(settings)
    langs = sorted(languages if languages is not None else settings.languages, key=lambda l: l.code)
    docs = []
    documents = sorted(load_documents(settings), key=lambda d: d.name)
    known = [settings.source_language.code, *(l.code for l in settings.languages)]
    warnings = unused_waivers(rs, documents, known, settings.rel(settings.path) if settings.path else "polyleaf.toml")
    for doc in documents:
        key = inputs_hash(settings, [doc], langs) if memo is not None else ""
        if memo is not None and doc.path in memo and memo[doc.path][0] == key:
            docs.append(memo[doc.path][1])
            continue
        src = score_document(doc, settings.source_language, rs, is_source=True)
        results = [LanguageResult(src, readability_verdict(src, rs), "", True)]
        for lang in langs:
            path = settings.catalog_path(lang, doc.name)
            po = read_catalog(path, settings.rel(path)) if path.is_file() else None
            ds = score_document(doc, lang, rs, po, source=src)
            results.append(LanguageResult(ds, readability_verdict(ds, rs), settings.rel(path), po is not None))
        docs.append(DocumentReport(doc.name, doc.path, tuple(results)))
        if memo is not None:
            memo[doc.path] = (key, docs[-1])
    if memo is not None:
        for stale in set(memo) - {d.path for d in documents}:
            del memo[stale]
    return ProjectReport(settings.name, rs, settings.source_language.code, tuple(docs), warnings)


def diagnostics(report: ProjectReport) -> list[Diagnostic]:
    """``path:line [lang] warning code: message`` for every section a writer should look at.

    ``readability-target``: a judged section misses its language's target (and is not waived);
    ``readability-parity``: a translated section reads notably harder than the source.
    """
    out: list[Diagnostic] = []
    for d in report.documents:
        for r in d.results:
            lang = r.score.language
            target = r.score.target
            for s in r.score.sections:
                m = s.score.primary_metric
                if s.meets is False and s.waiver is None and m is not None:
                    age = s.score.reading_age or 0.0
                    out.append(Diagnostic(d.path, s.line, "readability-target", f"section {s.title!r}: {m.label} {m.value:.1f} (reading age {age:.1f}) misses {target.describe()}", "warning", lang))
                if s.parity is not None and s.parity.flagged:
                    out.append(Diagnostic(d.path, s.line, "readability-parity", f"section {s.title!r} reads harder than the source: {s.parity.reason}", "warning", lang))
    return out


# ------------------------------------------------------------------------ data
def _num(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(F.finite(x), digits)


def _section_dict(s: SectionScore) -> dict:
    sc = s.score
    m = sc.primary_metric
    return {
        "index": s.index,
        "title": s.title,
        "line": s.line,
        "source_words": s.source_words,
        "coverage": _num(s.coverage, 4),
        "fuzzy_words": s.fuzzy_words,
        "judged": s.judged,
        "meets_target": s.meets,
        "waiver": s.waiver.as_dict() if s.waiver else None,
        "parity": s.parity.as_dict() if s.parity else None,
        "primary_value": _num(m.value) if m else None,
        "score": sc.as_dict(),
    }


def _result_dict(r: LanguageResult) -> dict:
    d = r.score
    m = d.score.primary_metric
    return {
        "language": d.language,
        "tag": d.tag,
        "is_source": d.is_source,
        "catalog": r.catalog or None,
        "catalog_found": r.catalog_found,
        "profile": d.score.profile,
        "validated": d.score.validated,
        "target": {"metric": d.target.metric, "value": _num(d.target.value), "higher_is_easier": d.target.higher_is_easier, "source": d.target.source, "text": d.target.describe()},
        "primary_value": _num(m.value) if m else None,
        "meets_target": d.meets_target,
        "verdict": r.verdict.as_dict(),
        "source_words": d.source_words,
        "coverage": _num(d.coverage, 4),
        "fuzzy_words": d.fuzzy_words,
        "fuzzy_included": d.include_fuzzy,
        "score": d.score.as_dict(),
        "sections": [_section_dict(s) for s in d.sections],
    }


def report_data(report: ProjectReport, documents: bool = True) -> dict:
    rs = report.settings
    return {
        "version": REPORT_VERSION,
        "project": report.project,
        "source_language": report.source_language,
        "settings": {
            "reading_age": rs.reading_age,
            "parity_years": rs.parity_years,
            "parity_sentence_ratio": rs.parity_sentence_ratio,
            "include_fuzzy": rs.include_fuzzy,
            "min_words": rs.min_words,
        },
        "bands": [{"index": i, "label": label, "max_reading_age": None if upper == float("inf") else upper} for i, (upper, label) in enumerate(F.BANDS, 1)],
        "documents": [
            {"name": d.name, "path": d.path, "languages": [_result_dict(r) for r in d.results]}
            for d in report.documents
        ] if documents else [],
    }


_JSON_OPTIONS = {"ensure_ascii": False, "indent": 2, "sort_keys": True, "allow_nan": False}
_DOCS_PLACEHOLDER = "\x00documents\x00"


def _document_json(d: DocumentReport) -> str:
    if not d.json_text:
        text = json.dumps({"name": d.name, "path": d.path, "languages": [_result_dict(r) for r in d.results]}, **_JSON_OPTIONS)
        object.__setattr__(d, "json_text", text)
    return d.json_text


def render_json(report: ProjectReport) -> str:
    """``json.dumps(report_data(report), indent=2, sort_keys=True)``, assembled from per-document parts."""
    data = report_data(report, documents=False)
    data["documents"] = _DOCS_PLACEHOLDER
    head = json.dumps(data, **_JSON_OPTIONS)
    parts = [_document_json(d).replace("\n", "\n    ") for d in report.documents]
    docs = "[\n    " + ",\n    ".join(parts) + "\n  ]" if parts else "[]"
    return head.replace(json.dumps(_DOCS_PLACEHOLDER), docs, 1) + "\n"


CSV_COLUMNS = (
    "document", "language", "section_index", "section", "line", "source_words", "coverage", "fuzzy_words",
    "sentences", "words", "words_per_sentence", "primary_metric", "primary_value", "target", "meets_target",
    "waived", "reading_age", "band", "band_label", "parity_delta_reading_age", "parity_sentence_ratio",
    "parity_flagged", "metrics",
)


def _fmt(x: float | None, digits: int = 2) -> str:
    return "" if x is None else f"{F.finite(x):.{digits}f}"


def _bool(x: bool | None) -> str:
    return "" if x is None else ("yes" if x else "no")


def _row(doc: str, r: LanguageResult, s: SectionScore | None) -> list[str]:
    d = r.score
    sc = s.score if s else d.score
    m = sc.primary_metric
    band = sc.band
    parity = s.parity if s else None
    waived = (s.waiver is not None) if s else r.verdict.waived
    return [
        doc, d.language, "" if s is None else str(s.index), "(whole document)" if s is None else s.title,
        "" if s is None else str(s.line), str(s.source_words if s else d.source_words),
        _fmt(s.coverage if s else d.coverage, 4), str(s.fuzzy_words if s else d.fuzzy_words),
        str(sc.counts.sentences), str(sc.counts.words), _fmt(sc.counts.wps), d.target.metric,
        _fmt(m.value) if m else "", _fmt(d.target.value), _bool(s.meets if s else d.meets_target), _bool(waived),
        _fmt(sc.reading_age, 1), str(band.index) if band else "", band.label if band else "",
        _fmt(parity.delta_age, 1) if parity else "", _fmt(parity.sentence_ratio) if parity else "",
        _bool(parity.flagged) if parity else "",
        ";".join(f"{mv.key}={mv.value:.2f}" for mv in sc.metrics),
    ]


def render_csv(report: ProjectReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for d in report.documents:
        for r in d.results:
            w.writerow(_row(d.name, r, None))
            for s in r.score.sections:
                w.writerow(_row(d.name, r, s))
    return buf.getvalue()


def report_outputs(settings: Settings, report: ProjectReport) -> dict[Path, str]:
    """Every report file and its content (nothing written)."""
    from .html import render_html

    base = settings.reports_dir
    return {
        base / "readability.json": render_json(report),
        base / "readability.csv": render_csv(report),
        base / "readability.html": render_html(report),
    }
