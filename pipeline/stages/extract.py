"""Stage ``extract``: source/*.md -> templates -> every selected language's catalog.

Wraps :func:`pipeline.catalogs.plan_update` / :func:`~pipeline.catalogs.apply_update`,
which already have the plan/apply shape.
"""

from __future__ import annotations

from ..catalogs import apply_update, load_cache, plan_update, save_cache
from ..config import Settings
from . import Plan, Selection


def plan(settings: Settings, selection: Selection, executor=None) -> Plan:
    """Every template and catalog as it would be written; reads only (a bad source raises).
    With a Dask ``executor`` each document's merge is a task (:func:`pipeline.catalogs.update_document`)."""
    langs = selection.language_objects(settings)
    documents = None
    if not selection.whole:
        from ..catalogs import load_documents

        documents = selection.filter_documents(load_documents(settings))
    update = plan_update(settings, langs, documents=documents, cache=load_cache(settings) if documents is None else None,
                         executor=executor)
    writes = tuple(f"{c.path}: would {'create' if c.action == 'created' else 'update'}" for c in update.content_changed)
    return Plan("extract", selection, tuple(c.path for c in update.changes), writes,
                f"{len(update.changed)} of {len(update.changes)} file(s) to write", update)


def apply(plan: Plan, settings: Settings) -> None:
    """Write the plan's files (refusing any a translator changed meanwhile) and record what was seen."""
    apply_update(plan.payload)
    save_cache(settings, plan.payload)
