"""Stage ``publish``: the gate's decisions and ``<dist>/site/manifest.json`` (written last, after
the render stage, so it never names a page that failed).

:func:`plan` is pure over values: the check stage's inputs and the score stage's verdicts in,
the decisions and the manifest text out (:func:`pipeline.publish.decide_all`,
:func:`pipeline.publish.manifest`).
"""

from __future__ import annotations

import json

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


AUDIT_CACHE = ".polyleaf-cache/audit.json"  # each decision's audit block by catalog sha256


class _RecordedTexts:
    """Texts the last build recorded in one signed cache file (``{"key": ..., field: {slot: text}}``),
    believed only under the same ``key`` (the code and settings they depend on); :meth:`save`
    records the ones this build used, and writes nothing when they are the same."""

    def __init__(self, settings: Settings, record: bool, file: str, field: str, key: str):
        from .. import cachefile

        self.settings, self.record, self.file, self.field, self.key = settings, record, file, field, key
        data = cachefile.read_json(settings.root / file)
        self.known = data[field] if isinstance(data, dict) and data.get("key") == key and isinstance(data.get(field), dict) else {}
        self.used: dict[str, str] = {}

    def save(self) -> None:
        from .. import cachefile

        if self.record and self.used != self.known:
            cachefile.write_json(self.settings.root / self.file, {"key": self.key, self.field: self.used})


class AuditMemo(_RecordedTexts):
    """:func:`pipeline.audit.manifest_audit` remembered per (document, language, catalog sha256),
    under a key of the settings text and the audit code: a no-op build reads no catalog for it."""

    def __init__(self, settings: Settings, record: bool = True):
        import hashlib
        from pathlib import Path

        from .. import audit, identity, provenance, review

        h = hashlib.sha256(settings.text_digest.encode())
        for module in (audit, review, identity, provenance):
            h.update(Path(module.__file__).read_bytes())
        super().__init__(settings, record, AUDIT_CACHE, "audit", h.hexdigest())
        self.seeded: dict[str, str] = {}  # computed by the Dask check tasks in this build (:meth:`seed`)

    def __call__(self, document: str, language: str) -> dict:
        from ..audit import manifest_audit
        from ..catalogs import file_digest

        digest = file_digest(self.settings.catalog_path(language, document))
        if digest is None:
            return manifest_audit(self.settings, document, language)
        slot = audit_slot(document, language, digest)
        text = self.known.get(slot, self.seeded.get(slot))  # JSON text: the cache file sorts keys, the manifest keeps the block's order
        try:
            block = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            block = None
        if not isinstance(block, dict):
            block = manifest_audit(self.settings, document, language)
            text = json.dumps(block, ensure_ascii=False)
        self.used[slot] = text
        return block

    def seed(self, inputs: Sequence) -> None:
        """Take the blocks the Dask check tasks computed where they read each catalog
        (:attr:`pipeline.check_runner.LanguageInputs.audit`), so this process parses no catalog for
        them; each is filed under the digest of the bytes it came from, so a catalog that changed
        since is still computed here."""
        for item in inputs:
            if getattr(item, "audit", None) is not None and item.catalog_hash is not None:
                self.seeded[audit_slot(item.document.name, item.language.code, item.catalog_hash)] = item.audit


def audit_slot(document: str, language: str, digest: str) -> str:
    """Where :class:`AuditMemo` files one catalog's block: document, language, catalog sha256."""
    return f"{document}\0{language}\0{digest}"


def audit_text(settings: Settings, document: str, language: str) -> str:
    """One decision's ``audit`` block as :class:`AuditMemo` keeps it (JSON text, the block's order)."""
    from ..audit import manifest_audit

    return json.dumps(manifest_audit(settings, document, language), ensure_ascii=False)


MANIFEST_CACHE = ".polyleaf-cache/manifest.json"  # each decision's text in manifest.json by its content


class RowMemo(_RecordedTexts):
    """Each decision's text as it sits in ``manifest.json`` (:func:`pipeline.jsonfmt.dumps_nested`),
    remembered under the sha256 of the decision's compact JSON (the C encoder: a fraction of the
    indented writer's cost), keyed by the writer's code: a rebuild indents only decisions that changed."""

    def __init__(self, settings: Settings, record: bool = True):
        import hashlib
        from pathlib import Path

        from .. import __version__, jsonfmt

        key = hashlib.sha256(__version__.encode() + b"\0" + Path(jsonfmt.__file__).read_bytes()).hexdigest()
        super().__init__(settings, record, MANIFEST_CACHE, "rows", key)

    def __call__(self, row: dict) -> str:
        import hashlib

        from ..jsonfmt import dumps_nested

        slot = hashlib.sha256(json.dumps(row, ensure_ascii=False).encode("utf-8")).hexdigest()
        text = self.known.get(slot)
        if not isinstance(text, str):
            text = dumps_nested(row, 2)
        self.used[slot] = text
        return text


def manifest_path(settings: Settings):
    return settings.dist_dir / "site" / "manifest.json"


def plan(settings: Settings, selection: Selection, inputs: Sequence, readability: Callable, *, record: bool = True) -> Plan:
    from ..gate import decide_all, load_publish_settings, manifest

    options = load_publish_settings(settings)
    decisions = tuple(decide_all(inputs, readability, options["hold"]))
    audit = AuditMemo(settings, record)
    audit.seed(inputs)  # blocks the Dask check tasks computed (none from the serial executor)
    rows = RowMemo(settings, record)
    text = manifest(decisions, settings, audit, rows)
    audit.save()
    rows.save()
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
