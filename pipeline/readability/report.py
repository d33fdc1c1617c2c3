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
from dataclasses import dataclass
from pathlib import Path

from ..catalogs import load_documents, read_catalog_shared
from .. import jsonfmt
from ..config import Settings
from ..languages import Language
from ..model import Diagnostic
from . import formulas as F
from .document import DocumentScore, SectionScore, score_document
from .settings import ReadabilitySettings, Target, load, target_reason
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


def score_one(settings: Settings, rs: ReadabilitySettings, doc, languages: list[Language]) -> DocumentReport:
    """One document in the source and in each of ``languages`` (sorted by code); reads its catalogs."""
    src = score_document(doc, settings.source_language, rs, is_source=True)
    results = [LanguageResult(src, readability_verdict(src, rs), "", True)]
    for lang in languages:
        path = settings.catalog_path(lang, doc.name)
        po = read_catalog_shared(path, settings.rel(path)) if path.is_file() else None
        ds = score_document(doc, lang, rs, po, source=src)
        results.append(LanguageResult(ds, readability_verdict(ds, rs), settings.rel(path), po is not None))
    return DocumentReport(doc.name, doc.path, tuple(results))


def project_frame(settings: Settings, rs: ReadabilitySettings, documents) -> ProjectReport:
    """The report without documents (title, settings, waiver warnings): the frame of every file."""
    known = [settings.source_language.code, *(l.code for l in settings.languages)]
    warnings = unused_waivers(rs, documents, known, settings.rel(settings.path) if settings.path else "polyleaf.toml")
    return ProjectReport(settings.name, rs, settings.source_language.code, (), warnings)


def score_project(settings: Settings, languages: list[Language] | None = None) -> ProjectReport:
    """Read the sources and catalogs and score them all (catalogs missing: nothing translated)."""
    rs = load(settings)
    langs = sorted(languages if languages is not None else settings.languages, key=lambda l: l.code)
    documents = sorted(load_documents(settings), key=lambda d: d.name)
    frame = project_frame(settings, rs, documents)
    docs = tuple(score_one(settings, rs, doc, langs) for doc in documents)
    return ProjectReport(frame.project, rs, frame.source_language, docs, frame.warnings)


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
                m = s.score.judged_metric
                if s.meets is False and s.waiver is None and m is not None:
                    age = s.score.reading_age or 0.0
                    how = f" ({s.score.sample_note})" if s.score.sample_note else ""
                    out.append(Diagnostic(d.path, s.line, "readability-target", f"section {s.title!r}: {m.label} {m.value:.1f} (reading age {age:.1f}) misses {target.for_metric(m.key).describe()}{how}", "warning", lang))
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


def language_name(code: str) -> str:
    """English name of a gettext/BCP 47 code ("es" -> "Spanish", "zh_Hans" -> "Chinese (Simplified)")."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def _target_dict(t: Target, base: str, reading_age: float) -> dict:
    return {
        "metric": t.metric, "label": F.METRICS[t.metric].label, "value": _num(t.value), "higher_is_easier": t.higher_is_easier,
        "source": t.source, "text": t.describe(), "reading_age": _num(t.reading_age, 1), "reason": target_reason(t, base, reading_age),
    }


def _result_dict(r: LanguageResult, reading_age: float) -> dict:
    d = r.score
    m = d.score.primary_metric
    return {
        "language": d.language,
        "language_name": language_name(d.tag),
        "tag": d.tag,
        "is_source": d.is_source,
        "catalog": r.catalog or None,
        "catalog_found": r.catalog_found,
        "profile": d.score.profile,
        "validated": d.score.validated,
        "target": _target_dict(d.target, d.base, reading_age),
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
            {"name": d.name, "path": d.path, "languages": [_result_dict(r, rs.reading_age) for r in d.results]}
            for d in report.documents
        ] if documents else [],
    }


_JSON_OPTIONS = {"ensure_ascii": False, "indent": 2, "sort_keys": True, "allow_nan": False}
_DOCS_PLACEHOLDER = "\x00documents\x00"


@dataclass(frozen=True)
class DocumentParts:
    """One document's share of each report file, as UTF-8 bytes placed as the file needs them.

    The files are the frame (:func:`report_head`) around every document's parts in order,
    so ``polyleaf build`` keeps each document's parts between runs and re-renders only the
    documents whose inputs changed.
    """

    json: bytes
    csv: bytes
    html: bytes


def report_head(report: ProjectReport) -> dict:
    """The report's data without documents: what the frame of every file is rendered from."""
    return report_data(report, documents=False)


def _document_dict(d: DocumentReport, reading_age: float) -> dict:
    return {"name": d.name, "path": d.path, "languages": [_result_dict(r, reading_age) for r in d.results]}


def document_parts(head: dict, d: DocumentReport) -> DocumentParts:
    """This document's part of readability.json, .csv and .html (pure)."""
    from .html import render_document

    data = _document_dict(d, head["settings"]["reading_age"])
    text = jsonfmt.dumps(data, sort_keys=True, allow_nan=False).replace("\n", "\n    ")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in d.results:
        w.writerow(_row(d.name, r, None))
        for s in r.score.sections:
            w.writerow(_row(d.name, r, s))
    return DocumentParts(text.encode("utf-8"), buf.getvalue().encode("utf-8"), render_document(head, data).encode("utf-8"))


def assemble(head: dict, parts: list[DocumentParts]) -> dict[str, list[bytes]]:
    """Each report file (``readability.json``, ``.csv``, ``.html``) as the pieces it is made of, in
    order: the frame and every document's part (joined, they are the file)."""
    from .html import page_frame

    data = dict(head, documents=_DOCS_PLACEHOLDER)
    json_before, json_after = json.dumps(data, **_JSON_OPTIONS).split(json.dumps(_DOCS_PLACEHOLDER), 1)
    if parts:
        docs = [b"[\n    "]
        for i, p in enumerate(parts):
            docs += [b",\n    ", p.json] if i else [p.json]
        docs.append(b"\n  ]")
    else:
        docs = [b"[]"]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
    html_before, html_after = page_frame(head)
    return {
        "readability.json": [json_before.encode("utf-8"), *docs, json_after.encode("utf-8") + b"\n"],
        "readability.csv": [buf.getvalue().encode("utf-8"), *(p.csv for p in parts)],
        "readability.html": [html_before.encode("utf-8"), *(p.html for p in parts), html_after.encode("utf-8")],
    }


def render_json(report: ProjectReport) -> str:
    """``json.dumps(report_data(report), indent=2, sort_keys=True)``, assembled from per-document parts."""
    return report_outputs_bytes(report)["readability.json"].decode("utf-8")


CSV_COLUMNS = (
    "document", "language", "section_index", "section", "line", "source_words", "coverage", "fuzzy_words",
    "sentences", "words", "words_per_sentence", "primary_metric", "primary_value", "target", "meets_target",
    "waived", "reading_age", "band", "band_label", "parity_delta_reading_age", "parity_sentence_ratio",
    "parity_flagged", "judged_by", "target_reading_age", *(f"metric_{k}" for k in F.METRICS),
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
    values = {mv.key: mv for mv in sc.metrics}
    return [
        doc, d.language, "" if s is None else str(s.index), "(whole document)" if s is None else s.title,
        "" if s is None else str(s.line), str(s.source_words if s else d.source_words),
        _fmt(s.coverage if s else d.coverage, 4), str(s.fuzzy_words if s else d.fuzzy_words),
        str(sc.counts.sentences), str(sc.counts.words), _fmt(sc.counts.wps), d.target.metric,
        _fmt(m.value) if m else "", _fmt(d.target.value), _bool(s.meets if s else d.meets_target), _bool(waived),
        _fmt(sc.reading_age, 1), str(band.index) if band else "", band.label if band else "",
        _fmt(parity.delta_age, 1) if parity else "", _fmt(parity.sentence_ratio) if parity else "",
        _bool(parity.flagged) if parity else "",
        sc.judged_metric.key if sc.judged_metric else "", _fmt(d.target.reading_age, 1),
        *(_fmt(values[k].value) if k in values else "" for k in F.METRICS),
    ]


def render_csv(report: ProjectReport) -> str:
    return report_outputs_bytes(report)["readability.csv"].decode("utf-8")


def report_outputs_bytes(report: ProjectReport) -> dict[str, bytes]:
    head = report_head(report)
    return {name: b"".join(pieces) for name, pieces in assemble(head, [document_parts(head, d) for d in report.documents]).items()}


def report_outputs(settings: Settings, report: ProjectReport) -> dict[Path, bytes]:
    """Every report file and its content (nothing written)."""
    return {settings.reports_dir / name: content for name, content in report_outputs_bytes(report).items()}
