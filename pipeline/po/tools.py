"""Catalogs from elsewhere: check them as ``msgfmt -c`` would, normalise them as ``msgcat`` does.

Pure functions over a file's bytes (the command line in ``cli/po.py`` only opens paths,
prints and maps exit codes):

* :func:`check_catalog_file` reads any catalog and returns what ``msgfmt -c`` would
  report: syntax errors (the file is unreadable), a missing header, plural entries
  without ``Plural-Forms``, plural forms that disagree with it, duplicates, msgid/msgstr
  that do not both begin or end with a newline, format strings (when
  :mod:`pipeline.po.formats` is present), header fields ``msgfmt`` warns about, and
  (a warning) a ``Plural-Forms`` that is not CLDR's rule for the language, when
  :mod:`pipeline.po.plurals` is present.
* :func:`normalize_bytes` is the canonical form: UTF-8, GNU-wrapped, every entry,
  flag, ``#|``, ``#~``, msgctxt, comment and plural form kept (like ``msgcat``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import polib

from ..errors import CatalogError, format_location
from .reader import Notice, gc_paused, read_po
from .writer import encode_po

#: Header fields ``msgfmt -c`` warns about when missing (GNU gettext 0.21, msgl-check.c).
HEADER_FIELDS = ("Project-Id-Version", "PO-Revision-Date", "Last-Translator", "Language-Team", "MIME-Version",
                 "Content-Type", "Content-Transfer-Encoding", "Language")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    severity: str  # "error" (msgfmt -c fails) or "warning" (msgfmt -c warns)
    message: str

    def __str__(self) -> str:
        return format_location(self.path, self.line, f"{self.severity}: {self.message}")


@dataclass
class FileCheck:
    path: str
    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    unreadable: CatalogError | None = None
    format_checked: bool = False

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)


def _format_checker():
    """``check_format`` of :mod:`pipeline.po.formats` (format strings as msgfmt -c checks them),
    or None when that module is not part of this build: then format strings are not checked
    and ``polyleaf po check`` says so."""
    try:
        return importlib.import_module(f"{__package__}.formats").check_format
    except (ImportError, AttributeError):
        return None


def _plural_rule_findings(po: polib.POFile, path: str) -> list[Finding]:
    """A ``Plural-Forms`` that is not CLDR's rule for the catalog's ``Language`` (a warning), through
    :mod:`pipeline.po.plurals` when it is part of this build (msgfmt -c does not check this)."""
    try:
        mismatch = importlib.import_module(f"{__package__}.plurals").plural_forms_mismatch
    except (ImportError, AttributeError):
        return []
    language = po.metadata.get("Language")
    found = mismatch(language, po.metadata.get("Plural-Forms")) if language else None
    if found is None:
        return []
    line = getattr(po, "header_line", None)
    return [Finding(path, line, "warning", str(found))]


def _newline_findings(po: polib.POFile, path: str) -> list[Finding]:
    out = []
    for e in po:
        if e.obsolete or "fuzzy" in e.flags or not e.msgid:
            continue
        pairs = []
        if e.msgid_plural:
            if not any(e.msgstr_plural.values()):
                continue
            pairs.append(("msgid_plural", e.msgid_plural))
            pairs += [(f"msgstr[{k}]", v) for k, v in sorted(e.msgstr_plural.items())]
        elif e.msgstr:
            pairs.append(("msgstr", e.msgstr))
        for name, text in pairs:
            for where, test in (("begin", str.startswith), ("end", str.endswith)):
                if test(e.msgid, "\n") != test(text, "\n"):
                    out.append(Finding(path, e.linenum, "error", f"'msgid' and '{name}' entries do not both {where} with '\\n'"))
    return out


def _header_findings(po: polib.POFile, path: str) -> list[Finding]:
    out = []
    if not po.metadata and not po.header:
        return [Finding(path, 1, "error", "no header entry (msgid \"\" with Content-Type): msgfmt -c rejects the file")]
    line = getattr(po, "header_line", None)
    for name in HEADER_FIELDS:
        if name not in po.metadata:
            out.append(Finding(path, line, "warning", f"header field '{name}' missing in header"))
    if "Plural-Forms" not in po.metadata:
        plural = next((e for e in po if e.msgid_plural and not e.obsolete), None)
        if plural is not None:
            out.append(Finding(path, plural.linenum, "error", "plural entries, but the header has no Plural-Forms "
                                                              "(e.g. 'nplurals=2; plural=(n != 1);')"))
    return out


def _format_findings(po: polib.POFile, path: str, check_format) -> list[Finding]:
    out = []
    forms = po.metadata.get("Plural-Forms")
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        strings = e.msgstr_plural if e.msgid_plural else e.msgstr
        for problem in check_format(e.flags, e.msgid, e.msgid_plural or None, strings, forms):
            out.append(Finding(path, e.linenum, "error", str(problem)))
    return out


def check_catalog_file(file: str | Path, display: str | None = None) -> FileCheck:
    """Everything ``msgfmt -c`` would say about one catalog, each with its line."""
    name = display or str(file)
    result = FileCheck(name)
    problems: list[CatalogError] = []
    try:
        po, _ = read_po(file, name, problems)
    except CatalogError as exc:
        result.unreadable = exc
        return result
    notices = list(getattr(po, "notices", []))
    result.notices = [n for n in notices if n.kind != "duplicate"]
    result.findings += [Finding(n.path, n.line, "error", f"duplicate definition: {n.message.replace('obsolete entry dropped: ', '')}; "
                                "msgfmt -c rejects the file (polyleaf po normalize drops the obsolete one)")
                        for n in notices if n.kind == "duplicate"]
    result.findings += [Finding(p.path or name, p.line, "error", p.message) for p in problems]
    result.findings += _header_findings(po, name)
    result.findings += _newline_findings(po, name)
    result.findings += _plural_rule_findings(po, name)
    check_format = _format_checker()
    if check_format is not None:
        result.format_checked = True
        result.findings += _format_findings(po, name, check_format)
    result.findings.sort(key=lambda f: (f.line or 0, f.severity != "error"))
    return result


def normalize_bytes(file: str | Path, display: str | None = None) -> bytes:
    """The catalog as canonical UTF-8 GNU-wrapped PO (what ``msgcat`` writes), as bytes."""
    with gc_paused():  # one pause for both: the objects read are not walked by the collector in between
        po, _ = read_po(file, display)
        return encode_po(po)


def normalized(file: str | Path, display: str | None = None) -> tuple[bytes, list[Notice], str | None]:
    """(canonical bytes, the reader's notices, the legacy charset converted from or None)."""
    with gc_paused():
        po, decoded = read_po(file, display)
        return encode_po(po), list(getattr(po, "notices", [])), decoded.charset if decoded.legacy else None
