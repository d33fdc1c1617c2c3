"""Stage ``publish``: the gate's decisions and ``<dist>/site/manifest.json`` (written last, after
the render stage, so it never names a page that failed).

:func:`plan` is pure over values: the check stage's inputs and the score stage's verdicts in,
the decisions and the manifest text out (:func:`pipeline.publish.decide_all`,
:func:`pipeline.publish.manifest`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..config import Settings
from ..errors import ExportError
from ..fsutil import would_change, write_if_changed
from . import Plan, Selection


@dataclass(frozen=True)
class GateWork:
    decisions: tuple
    manifest: str
    strict: bool


def manifest_path(settings: Settings):
    return settings.dist_dir / "site" / "manifest.json"


def plan(settings: Settings, selection: Selection, inputs: Sequence, readability: Callable) -> Plan:
    from ..gate import decide_all, load_publish_settings, manifest

    options = load_publish_settings(settings)
    decisions = tuple(decide_all(inputs, readability, options["hold"]))
    text = manifest(decisions, settings)
    path = manifest_path(settings)
    writes = (f"{settings.rel(path)}: would {'update' if path.exists() else 'create'}",) if would_change(path, text) else ()
    shipped = sum(d.publish for d in decisions)
    return Plan("publish", selection, tuple(f"{d.document} [{d.language}]" for d in decisions), writes,
                f"{shipped} of {len(decisions)} document-language pair(s) pass the gate", GateWork(decisions, text, options["strict"]))


def apply(plan: Plan, settings: Settings) -> bool:
    """Write the manifest when its bytes change; whether it was written."""
    path = manifest_path(settings)
    try:
        return write_if_changed(path, plan.payload.manifest, durable=False)
    except OSError as exc:
        raise ExportError(f"cannot write the manifest: {exc.strerror}", settings.rel(path)) from None
