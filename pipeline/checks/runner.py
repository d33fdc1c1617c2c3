"""Running the checks: :func:`check_catalog` over a document and its catalog, summaries, docs/checks.md."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polib

from ..glossary import Glossary
from ..languages import Language
from ..model import Diagnostic, Document, Segment
from .registry import CHECKS, Pair
from .settings import CheckContext, ChecksConfig, context_for
from .pairs import CatalogEntry, _header_field_line
from .sections import SectionView

# -- running -----------------------------------------------------------------------------------


def run_pair(p: Pair, ctx: CheckContext, severity_of: Callable[[str], str] | None = None) -> list[tuple[str, str, str]]:
    """``(code, severity, message)`` for every finding of the pair checks (pure; for tests and tools)."""
    out = []
    for spec in CHECKS.values():
        if spec.scope != "pair":
            continue
        sev = severity_of(spec.code) if severity_of else spec.severity
        if sev == "off":
            continue
        for msg in spec.func(p, ctx):
            out.append((spec.code, sev, msg))
    return out


def check_catalog(doc: Document, po: polib.POFile, lang: Language, glossary: Glossary | None = None,
                  config: ChecksConfig | None = None, catalog_path: str = "") -> list[Diagnostic]:
    """Every finding for one document's catalog in one language, located at the source segment."""
    rules = (config or ChecksConfig()).rules(lang)
    ctx = context_for(lang, glossary, rules)
    severity = {code: rules.severity_of(code) for code in CHECKS}
    first_seg: dict[tuple[str | None, str], Segment] = {}
    for seg in doc.segments:
        first_seg.setdefault(seg.key, seg)
    out: list[Diagnostic] = []
    translated: dict[str, str] = {}
    all_pairs: list[Pair] = []
    entry_checks = [(spec, rules.severity_of(spec.code)) for spec in CHECKS.values() if spec.scope == "entry"]
    entry_checks = [(spec, sev) for spec, sev in entry_checks if sev != "off"]
    plural_forms = po.metadata.get("Plural-Forms")
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        target = entry.msgstr if not entry.msgid_plural else (entry.msgstr_plural.get(0) or "")
        if not target:
            continue
        if entry_checks and entry.flags:
            view = CatalogEntry(entry.msgid, entry.msgid_plural or "",
                                tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)) if entry.msgid_plural else (entry.msgstr,),
                                tuple(entry.flags), entry.linenum or 0, plural_forms)
            for spec, sev in entry_checks:
                for msg in spec.func(view, ctx):
                    out.append(Diagnostic(catalog_path or doc.path, view.line, spec.code, msg, sev, lang.code,
                                          {"msgid": entry.msgid, "msgstr": target, "catalog": f"{catalog_path}:{view.line}"}))
        seg = first_seg.get((entry.msgctxt, entry.msgid))
        if seg is None:
            out.append(Diagnostic(catalog_path or doc.path, entry.linenum or 0, "catalog-outdated",
                                  "entry not in the source any more: run `polyleaf extract`", "warning", lang.code,
                                  {"msgid": entry.msgid}))
            continue
        pair = Pair(entry.msgid, target, lang, seg.kind, "fuzzy" in entry.flags, entry.tcomment or "", entry.previous_msgid)
        all_pairs.append(pair)
        if not pair.fuzzy and entry.msgctxt is None:
            translated[entry.msgid] = target
        for code, sev, msg in run_pair(pair, ctx, severity.__getitem__):
            out.append(Diagnostic(seg.path, seg.line, code, msg, sev, lang.code,
                                  {"msgid": entry.msgid, "msgstr": target, "catalog": f"{catalog_path}:{entry.linenum or 0}"}))
    for spec in CHECKS.values():
        sev = rules.severity_of(spec.code)
        if spec.scope != "catalog" or sev == "off":
            continue
        for msg in spec.func(all_pairs, ctx):
            out.append(Diagnostic(catalog_path or doc.path, 1, spec.code, msg, sev, lang.code))
    for spec in CHECKS.values():
        sev = rules.severity_of(spec.code)
        if spec.scope != "header" or sev == "off":
            continue
        for name, msg in spec.func(dict(po.metadata), ctx):
            line = _header_field_line(po, name)
            out.append(Diagnostic(catalog_path or doc.path, line, spec.code, msg, sev, lang.code, {"catalog": f"{catalog_path}:{line}"}))
    for section in doc.sections:
        pairs = tuple((seg, translated[seg.text]) for seg in section.segments if seg.text in translated)
        if not pairs:
            continue
        view = SectionView(section.title, section.line, doc.path, pairs)
        for spec in CHECKS.values():
            if spec.scope != "section":
                continue
            sev = rules.severity_of(spec.code)
            if sev == "off":
                continue
            for msg in spec.func(view, ctx):
                out.append(Diagnostic(doc.path, section.line, spec.code, msg, sev, lang.code, {"section": section.title}))
    out.sort(key=lambda d: (d.path, d.line, d.code))
    return out


@dataclass(frozen=True)
class ChecksSummary:
    errors: int = 0
    warnings: int = 0
    by_code: tuple[tuple[str, int], ...] = ()
    failed: str = ""  # why the checks could not run (corrupt catalog), else ""

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not self.failed

    def as_dict(self) -> dict:
        d = {"errors": self.errors, "warnings": self.warnings, "by_code": dict(self.by_code)}
        if self.failed:
            d["failed"] = self.failed
        return d


def summarise(diags: Sequence[Diagnostic], failed: str = "") -> ChecksSummary:
    return ChecksSummary(
        errors=sum(d.severity == "error" for d in diags),
        warnings=sum(d.severity == "warning" for d in diags),
        by_code=tuple(sorted(Counter(d.code for d in diags).items())),
        failed=failed,
    )


def clear_caches() -> None:
    """Forget the per-text analyses (memoised so a source text is analysed once for all languages):
    the memos :mod:`pipeline.memo` holds for this package."""
    from .. import memo

    memo.clear(__package__ + ".")


def checks_markdown() -> str:
    """``docs/checks.md``: one entry per check, from the check functions' docstrings."""
    lines = [
        "# Review checks",
        "",
        "Generated from the check functions' docstrings (`polyleaf check --list --markdown`);",
        "do not edit by hand. `error` blocks publishing, `warning` does not; change either in",
        "`[checks]` (see README, \"Checks and the publish gate\").",
        "",
        "Besides these checks, the state of each catalog is reported and cannot be turned off:",
        "`catalog-missing` (error: no catalog for a configured language; run `polyleaf extract`),",
        "`catalog-unreadable` (error: the PO file is malformed; its language is held back, the",
        "others are still checked) and `catalog-outdated` (warning: a translated entry whose",
        "English is no longer in the source).",
        "",
    ]
    for spec in sorted(CHECKS.values(), key=lambda s: s.code):
        doc = spec.doc.splitlines()
        lines += [f"## `{spec.code}` ({spec.severity}{'' if spec.scope == 'pair' else ', per ' + spec.scope})", "", f"**{doc[0]}**"]
        if len(doc) > 1:
            lines += doc[1:]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
