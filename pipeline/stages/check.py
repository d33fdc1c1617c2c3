"""Stage ``check``: review checks and coverage of every selected (document, language).

Wraps :func:`pipeline.publish.gather`.  The stage writes no project file (its findings feed
the gate); with ``record`` it keeps its findings cache for the next run.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Settings
from ..model import Document
from . import Plan, Selection


def check_document(settings: Settings, doc: Document, languages: tuple[str, ...], record: bool,
                   audited: frozenset[str] = frozenset()) -> list:
    """One document's checks in every language, findings read in (a Dask task's result travels),
    each with the manifest's audit block of its catalog, computed here where the catalog was read
    (the client would parse every catalog again for it), unless ``audited`` (the client's
    :class:`~pipeline.stages.publish.AuditMemo` slots) already holds it."""
    from dataclasses import replace

    from ..check_runner import gather
    from .publish import audit_slot, audit_text

    langs = [settings.language(code) for code in languages]
    out = []
    for i in gather(settings, langs, documents=[doc], cache=True, record=record):
        block = None
        if i.catalog_hash is not None and i.error is None and audit_slot(doc.name, i.language.code, i.catalog_hash) not in audited:
            block = audit_text(settings, doc.name, i.language.code)
        out.append(replace(i, found=i.diagnostics, audit=block))
    return out


def plan(settings: Settings, selection: Selection, documents: Sequence[Document], *, record: bool = True,
         executor=None) -> Plan:
    from ..check_runner import gather

    docs = selection.filter_documents(documents)
    langs = selection.language_objects(settings)
    if executor is not None and executor.name != "serial":
        from ..catalogs import inputs_hash
        from ..executor import task_key

        from .publish import AuditMemo

        codes = tuple(l.code for l in langs)
        audited: dict[str, set[str]] = {}  # per document, the audit blocks the client already remembers
        for slot in AuditMemo(settings, record=False).known:
            audited.setdefault(slot.partition("\0")[0], set()).add(slot)
        results = executor.map(check_document, [(settings, doc, codes, record, frozenset(audited.get(doc.name, ())))
                                                for doc in docs],
                               [task_key("check", doc.path, inputs_hash(settings, [doc], langs)) for doc in docs])
        found = [i for part in results for i in part]
    else:
        found = gather(settings, langs, documents=docs, cache=True, record=record)
    inputs = [i for i in found if selection.keeps(i.document.name, i.language.code)]
    errors = sum(i.summary.errors for i in inputs)
    warnings = sum(i.summary.warnings for i in inputs)
    return Plan("check", selection, tuple(f"{i.document.name} [{i.language.code}]" for i in inputs), (),
                f"{errors} error(s), {warnings} warning(s) in {len(inputs)} document-language pair(s)", tuple(inputs))


def apply(plan: Plan) -> tuple:
    """The findings and coverage per pair (nothing to write: the gate reads them)."""
    return plan.payload
