"""XLIFF 2.0 and 1.2 for agencies and CAT tools (Trados, memoQ, Phrase, OmegaT).

Export: one file per document and language, ``<doc>.<lang>.xlf``; one unit per
catalog entry (obsolete, plural and context entries are not exported).

States, both ways (Polyleaf's are gettext's: untranslated, fuzzy, reviewed):

=================================  ==========================  =========================================
catalog entry                      XLIFF 2.0 ``state``          XLIFF 1.2 ``<target state>`` + ``approved``
=================================  ==========================  =========================================
untranslated                       ``initial`` (no target)     no target, ``approved="no"``
fuzzy (draft, MT, source changed)  ``translated``              ``needs-review-translation``, ``no``
  (or an approval gone stale)
reviewed, approval not recorded    ``reviewed``                ``signed-off``, ``yes``
reviewed, approval recorded        ``final``                   ``final``, ``yes``
=================================  ==========================  =========================================

On import, ``reviewed``/``final`` (1.2: ``approved="yes"`` or ``signed-off``/
``final``) make the entry reviewed (fuzzy cleared; ``polyleaf approve``
records it); any other state with a target makes a fuzzy draft awaiting review.
Import merges only units whose source is still the catalog's msgid, never
changes a reviewed entry unless the file says reviewed, never takes a text
both the catalog (since export) and the file changed, and reports each unit it
did not take as a conflict.  Export then import with no edits changes no byte.

Context travels as notes: the source location, the segment type, its section,
the author's note to translators, provenance (machine engine, memory, approval).
Inline Markdown travels as protected codes (:mod:`.inline`): ``<pc>``/``<ph>``
with ``<originalData>`` in 2.0, ``<g>``/``<x>`` with a ``context-group`` of the
original Markdown in 1.2; CAT tools show them as tags the translator can move
but not edit or delete (``canDelete="no"``, ``clone="no"``).

Files read are untrusted: parsed with :mod:`defusedxml` (no DTDs, no entities).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import polib
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .. import __version__, provenance
from ..catalogs import entry_state
from ..errors import PolyleafError
from ..identity import Identity
from ..review import APPROVED, STALE, UNRECORDED, approval_state
from . import inline

NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("2.0", "1.2")

UNTRANSLATED, DRAFT, REVIEWED = "untranslated", "draft", "reviewed"
_STATE_20_IN = {"initial": UNTRANSLATED, "translated": DRAFT, "reviewed": REVIEWED, "final": REVIEWED}
_REVIEWED_12 = {"final", "signed-off"}
_BASE_NOTE = "polyleaf-base"  # hash of the target as exported: tells an edit in the catalog since export
_CODES_GROUP = "x-polyleaf-inline-codes-"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ExchangeError(PolyleafError):
    """An XLIFF or TMX file that cannot be read or written."""


# -- export --------------------------------------------------------------------------------------


def unit_id(msgid: str) -> str:
    return "u" + provenance.text_hash(msgid)


def exportable(entry: polib.POEntry) -> bool:
    return bool(entry.msgid) and not entry.obsolete and not entry.msgid_plural and entry.msgctxt is None


def export_state(entry: polib.POEntry) -> str:
    """``initial`` | ``translated`` | ``reviewed`` | ``final`` (XLIFF 2.0 names)."""
    state = entry_state(entry)
    if state == "untranslated":
        return "initial"
    if state == "fuzzy":
        return "translated"
    review = approval_state(entry)
    if review == APPROVED:
        return "final"
    if review == UNRECORDED:
        return "reviewed"
    return "translated"  # STALE: needs review again


def _notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    """``(category, text)`` notes for an entry: location, type, section, translator note, provenance, comments."""
    notes = [("location", f"{path}:{line}") for path, line in entry.occurrences]
    for line in (entry.comment or "").splitlines():
        key, _, value = line.partition(":")
        if key in ("type", "section") and value.strip():
            notes.append((key, value.strip()))
        elif key == "Translators" and value.strip():
            notes.append(("translator-note", value.strip()))
        elif line.strip():
            notes.append(("comment", line.strip()))
    for line in (entry.tcomment or "").splitlines():
        if line.strip().startswith("polyleaf-"):
            notes.append(("provenance", line.strip()))
        elif line.strip():
            notes.append(("comment", line.strip()))
    if entry.msgstr:
        notes.append((_BASE_NOTE, provenance.text_hash(entry.msgstr)))
    return notes


def _check_text(text: str, where: str, version: str) -> None:
    if version == "1.2" and _INVALID_XML.search(text):
        raise ExchangeError(f"{where}: a control character XML 1.0 cannot hold; export as XLIFF 2.0 (it has <cp>) or fix the text")


def _text_into(parent: ET.Element, text: str, ns: str) -> None:
    """Append ``text`` to ``parent``'s content; in 2.0, characters XML cannot hold become ``<cp hex>``."""
    parts = _INVALID_XML.split(text)
    bad = _INVALID_XML.findall(text)
    for i, part in enumerate(parts):
        _append_text(parent, part)
        if i < len(bad):
            ET.SubElement(parent, "cp", {"hex": f"{ord(bad[i]):04X}"})


def _append_text(parent: ET.Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


_SUBTYPE_20 = {"bold": ("fmt", "xlf:b"), "italic": ("fmt", "xlf:i"), "line-break": ("fmt", "xlf:lb"), "link": ("link", ""),
               "image": ("image", ""), "strike": ("fmt", "")}
_CTYPE_12 = {"bold": "bold", "italic": "italic", "link": "link", "image": "image", "line-break": "lb"}


def _codes_20(parent: ET.Element, nodes, data_ids: dict[str, str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            _text_into(parent, node, NS20)
            continue
        kind = inline.subtype(node)
        type_, sub = _SUBTYPE_20.get(kind, ("other", ""))
        if isinstance(node, inline.Ph):
            attrs = {"id": f"c{node.id}", "dataRef": data_ids[node.data], "type": type_}
            if sub:
                attrs["subType"] = sub
            attrs.update({"canCopy": "no", "canDelete": "no"})
            ET.SubElement(parent, "ph", attrs)
        else:
            attrs = {"id": f"c{node.id}", "dataRefStart": data_ids[node.start], "dataRefEnd": data_ids[node.end], "type": type_}
            if sub:
                attrs["subType"] = sub
            attrs.update({"canCopy": "no", "canDelete": "no", "canOverlap": "no"})
            pc = ET.SubElement(parent, "pc", attrs)
            _codes_20(pc, node.children, data_ids)


def _codes_12(parent: ET.Element, nodes) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(parent, node)
            continue
        kind = inline.subtype(node)
        if isinstance(node, inline.Ph):
            ctype = _CTYPE_12.get(kind, f"x-{kind}") if kind in ("image", "line-break") else f"x-{kind}"
            ET.SubElement(parent, "x", {"id": node.id, "ctype": ctype, "clone": "no"})
        else:
            ctype = _CTYPE_12.get(kind, f"x-{kind}")
            g = ET.SubElement(parent, "g", {"id": node.id, "ctype": ctype, "clone": "no"})
            _codes_12(g, node.children)


def _data_items(trees) -> dict[str, str]:
    """Markdown -> data id (``d1``...), one per distinct piece of markup, in reading order."""
    ids: dict[str, str] = {}
    for tree in trees:
        for code in inline.codes(tree):
            for piece in ((code.data,) if isinstance(code, inline.Ph) else (code.start, code.end)):
                if piece not in ids:
                    ids[piece] = f"d{len(ids) + 1}"
    return ids


def _indent(elem: ET.Element, level: int = 0, leaves: frozenset[str] = frozenset()) -> None:
    """Indent structural elements only: never the content of source, target, note, data or context."""
    if elem.tag.split("}")[-1] in leaves or not len(elem):
        return
    pad = "\n" + "  " * (level + 1)
    elem.text = pad
    for child in elem:
        _indent(child, level + 1, leaves)
        child.tail = pad
    elem[-1].tail = "\n" + "  " * level


_LEAVES = frozenset({"source", "target", "note", "data", "context", "tool"})


def _serialise(root: ET.Element, ns: str) -> bytes:
    _indent(root, 0, _LEAVES)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True).replace(
        b"<?xml version='1.0' encoding='UTF-8'?>", b'<?xml version="1.0" encoding="UTF-8"?>') + b"\n"


@dataclass(frozen=True)
class ExportedFile:
    data: bytes
    units: int
    states: dict[str, int]
    codes: int


def export_catalog(po: polib.POFile, *, document: str, original: str, source_lang: str, target_lang: str,
                   version: str = "2.0") -> ExportedFile:
    """The XLIFF text for one catalog.  Pure: same catalog, same bytes."""
    if version not in VERSIONS:
        raise ExchangeError(f"unknown XLIFF version {version!r} (known: {', '.join(VERSIONS)})")
    entries = [e for e in po if exportable(e)]
    states: dict[str, int] = {}
    codes_total = 0
    if version == "2.0":
        root = ET.Element("xliff", {"xmlns": NS20, "version": "2.0", "srcLang": source_lang, "trgLang": target_lang})
        file_el = ET.SubElement(root, "file", {"id": document, "original": original})
        notes_el = ET.SubElement(file_el, "notes")
        ET.SubElement(notes_el, "note", {"category": "generator"}).text = f"Polyleaf {__version__}"
        for entry in entries:
            state = export_state(entry)
            states[state] = states.get(state, 0) + 1
            src = inline.parse(entry.msgid)
            tgt = inline.align(src, inline.parse(entry.msgstr)) if entry.msgstr else None
            codes_total += len(inline.codes(src))
            unit = ET.SubElement(file_el, "unit", {"id": unit_id(entry.msgid)})
            notes = _notes(entry)
            if notes:
                n_el = ET.SubElement(unit, "notes")
                for category, text in notes:
                    _text_into(ET.SubElement(n_el, "note", {"category": category}), text, NS20)
            data_ids = _data_items([src] + ([tgt] if tgt is not None else []))
            if data_ids:
                od = ET.SubElement(unit, "originalData")
                for piece, did in data_ids.items():
                    d = ET.SubElement(od, "data", {"id": did})
                    _text_into(d, piece, NS20)
            seg = ET.SubElement(unit, "segment", {"id": "s1", "state": state})
            _codes_20(ET.SubElement(seg, "source", {f"{{{XML_NS}}}space": "preserve"}), src, data_ids)
            if tgt is not None:
                _codes_20(ET.SubElement(seg, "target", {f"{{{XML_NS}}}space": "preserve"}), tgt, data_ids)
        return ExportedFile(_serialise(root, NS20), len(entries), states, codes_total)

    root = ET.Element("xliff", {"xmlns": NS12, "version": "1.2"})
    file_el = ET.SubElement(root, "file", {"original": original, "source-language": source_lang,
                                                      "target-language": target_lang, "datatype": "x-markdown"})
    header = ET.SubElement(file_el, "header")
    ET.SubElement(header, "tool", {"tool-id": "polyleaf", "tool-name": "Polyleaf", "tool-version": __version__})
    body = ET.SubElement(file_el, "body")
    for entry in entries:
        _check_text(entry.msgid + entry.msgstr, f"{original}: {unit_id(entry.msgid)}", version)
        state = export_state(entry)
        states[state] = states.get(state, 0) + 1
        src = inline.parse(entry.msgid)
        tgt = inline.align(src, inline.parse(entry.msgstr)) if entry.msgstr else None
        codes_total += len(inline.codes(src))
        reviewed = state in ("reviewed", "final")
        tu = ET.SubElement(body, "trans-unit", {"id": unit_id(entry.msgid), "approved": "yes" if reviewed else "no",
                                                           f"{{{XML_NS}}}space": "preserve"})
        _codes_12(ET.SubElement(tu, "source"), src)
        if tgt is not None:
            attrs = {"state": {"translated": "needs-review-translation", "reviewed": "signed-off", "final": "final"}[state]}
            facts = provenance.parse(entry.tcomment or "")
            if state == "translated" and provenance.MT in facts:
                attrs["state-qualifier"] = "mt-suggestion"
            elif provenance.TM in facts:
                attrs["state-qualifier"] = "leveraged-tm"
            _codes_12(ET.SubElement(tu, "target", attrs), tgt)
        for category, text in _notes(entry):
            if category == "location":
                path, _, line = text.rpartition(":")
                cg = ET.SubElement(tu, "context-group", {"purpose": "location"})
                ET.SubElement(cg, "context", {"context-type": "sourcefile"}).text = path
                ET.SubElement(cg, "context", {"context-type": "linenumber"}).text = line
            else:
                ET.SubElement(tu, "note", {"from": category}).text = text
        all_codes = inline.codes(src) + (inline.codes(tgt) if tgt is not None else [])
        if all_codes:
            # context-group names are unique in a file: the unit id makes them so
            cg = ET.SubElement(tu, "context-group", {"name": f"{_CODES_GROUP}{unit_id(entry.msgid)}", "purpose": "information"})
            seen: set[str] = set()
            for code in all_codes:
                if code.id in seen:
                    continue
                seen.add(code.id)
                if isinstance(code, inline.Ph):
                    ET.SubElement(cg, "context", {"context-type": f"x-code-{code.id}"}).text = code.data
                else:
                    ET.SubElement(cg, "context", {"context-type": f"x-start-{code.id}"}).text = code.start
                    ET.SubElement(cg, "context", {"context-type": f"x-end-{code.id}"}).text = code.end
    return ExportedFile(_serialise(root, NS12), len(entries), states, codes_total)


# -- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    id: str
    source: str  # Markdown, codes restored
    target: str | None  # None: no target element (or an empty one)
    state: str  # UNTRANSLATED | DRAFT | REVIEWED
    file_state: str  # as written in the file
    base: str = ""  # hash of the target as exported ("" when the file did not come from Polyleaf)
    problem: str = ""  # why the unit cannot be taken (a code the file does not define...)


@dataclass(frozen=True)
class XliffDocument:
    path: str
    version: str
    original: str
    source_language: str
    target_language: str
    units: tuple[Unit, ...] = field(default=())


class _CodeError(Exception):
    pass


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _content_20(elem, data: dict[str, str]) -> str:
    out = [elem.text or ""]
    for child in elem:
        name = _local(child.tag)
        if name == "ph":
            out.append(_ref(data, child.get("dataRef"), child.get("id")))
        elif name == "pc":
            out.append(_ref(data, child.get("dataRefStart"), child.get("id")))
            out.append(_content_20(child, data))
            out.append(_ref(data, child.get("dataRefEnd"), child.get("id")))
        elif name in ("sc", "ec"):
            out.append(_ref(data, child.get("dataRef"), child.get("id") or child.get("startRef")))
        elif name == "cp":
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                raise _CodeError(f"<cp hex={child.get('hex')!r}> is not a character") from None
        elif name == "mrk":  # annotations a CAT tool may add: keep the text
            out.append(_content_20(child, data))
        elif name in ("sm", "em"):
            pass
        else:
            raise _CodeError(f"unexpected <{name}> in the text")
        out.append(child.tail or "")
    return "".join(out)


def _ref(data: dict[str, str], ref: str | None, code_id: str | None) -> str:
    if ref is None:
        raise _CodeError(f"inline code {code_id!r} has no original data: it was not exported by Polyleaf, or a tool stripped it")
    if ref not in data:
        raise _CodeError(f"inline code {code_id!r} refers to original data {ref!r}, which the unit does not hold")
    return data[ref]


def _content_12(elem, data: dict[str, str]) -> str:
    out = [elem.text or ""]
    for child in elem:
        name = _local(child.tag)
        cid = child.get("id") or child.get("rid") or ""
        if name == "x":
            out.append(_ref(data, f"x-code-{cid}" if f"x-code-{cid}" in data else None, cid))
        elif name == "g":
            out.append(_ref(data, f"x-start-{cid}" if f"x-start-{cid}" in data else None, cid))
            out.append(_content_12(child, data))
            out.append(_ref(data, f"x-end-{cid}" if f"x-end-{cid}" in data else None, cid))
        elif name == "bx":
            out.append(_ref(data, f"x-start-{cid}" if f"x-start-{cid}" in data else None, cid))
        elif name == "ex":
            out.append(_ref(data, f"x-end-{cid}" if f"x-end-{cid}" in data else None, cid))
        elif name in ("ph", "bpt", "ept", "it"):  # native code written inline by another tool
            out.append("".join(child.itertext()))
        elif name == "mrk":
            out.append(_content_12(child, data))
        else:
            raise _CodeError(f"unexpected <{name}> in the text")
        out.append(child.tail or "")
    return "".join(out)


def read_xliff(data: bytes, display: str) -> XliffDocument:
    """Parse an XLIFF 2.0 or 1.2 file (untrusted: no DTD, no entities).  One ``<file>`` per document."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise ExchangeError(f"refused: {type(exc).__name__} (DTDs and entities are not accepted)", display) from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ExchangeError(f"not well-formed XML: {exc.msg if hasattr(exc, 'msg') else exc}", display, line) from None
    if _local(root.tag) != "xliff":
        raise ExchangeError(f"not an XLIFF file (root element <{_local(root.tag)}>)", display)
    version = root.get("version", "")
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if ns == NS20 and version.startswith("2."):
        return _read_20(root, display, version)
    if ns == NS12 or version in ("1.2", "1.1", "1.0"):
        return _read_12(root, display, version, ns)
    raise ExchangeError(f"unsupported XLIFF version {version!r} (namespace {ns!r})", display)


def _one_file(root, ns: str, display: str):
    files = root.findall(f"{{{ns}}}file") if ns else root.findall("file")
    if len(files) != 1:
        raise ExchangeError(f"expected one <file> (one document), found {len(files)}", display)
    return files[0]


def _read_20(root, display: str, version: str) -> XliffDocument:
    q = lambda name: f"{{{NS20}}}{name}"  # noqa: E731
    file_el = _one_file(root, NS20, display)
    units = []
    for unit in file_el.iter(q("unit")):
        uid = unit.get("id", "")
        data = {d.get("id", ""): _content_20(d, {}) if len(d) else (d.text or "") for d in unit.iter(q("data"))}
        base = next((n.text or "" for n in unit.iter(q("note")) if n.get("category") == _BASE_NOTE), "")
        segments = unit.findall(q("segment"))
        problem = ""
        source = target = None
        file_state = ""
        if len(segments) != 1:
            problem = f"has {len(segments)} segments (a CAT tool split or joined it); join them into one"
            sources = "".join("".join(s.find(q("source")).itertext()) if s.find(q("source")) is not None else "" for s in segments)
            units.append(Unit(uid, sources, None, UNTRANSLATED, "", base, problem))
            continue
        seg = segments[0]
        file_state = seg.get("state", "initial")
        src_el, tgt_el = seg.find(q("source")), seg.find(q("target"))
        try:
            source = _content_20(src_el, data) if src_el is not None else ""
        except _CodeError as exc:
            problem, source = f"source: {exc}", "".join(src_el.itertext())
        if tgt_el is not None and not problem:
            try:
                target = _content_20(tgt_el, data)
            except _CodeError as exc:
                problem = f"target: {exc}"
        state = _STATE_20_IN.get(file_state)
        if state is None:
            problem = problem or f"unknown state {file_state!r}"
            state = DRAFT
        units.append(Unit(uid, source, target or None, state, file_state, base, problem))
    return XliffDocument(display, version, file_el.get("original", file_el.get("id", "")), root.get("srcLang", ""),
                         root.get("trgLang", ""), tuple(units))


def _read_12(root, display: str, version: str, ns: str) -> XliffDocument:
    q = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)  # noqa: E731
    file_el = _one_file(root, ns, display)
    units = []
    for tu in file_el.iter(q("trans-unit")):
        uid = tu.get("id", "")
        data: dict[str, str] = {}
        base = ""
        for cg in tu.findall(q("context-group")):
            if (cg.get("name") or "").startswith(_CODES_GROUP):
                for ctx in cg.findall(q("context")):
                    data[ctx.get("context-type", "")] = ctx.text or ""
        for note in tu.findall(q("note")):
            if note.get("from") == _BASE_NOTE:
                base = note.text or ""
        src_el, tgt_el = tu.find(q("source")), tu.find(q("target"))
        problem = ""
        target = None
        try:
            source = _content_12(src_el, data) if src_el is not None else ""
        except _CodeError as exc:
            problem, source = f"source: {exc}", "".join(src_el.itertext())
        file_state = tgt_el.get("state", "") if tgt_el is not None else ""
        if tgt_el is not None and not problem:
            try:
                target = _content_12(tgt_el, data)
            except _CodeError as exc:
                problem = f"target: {exc}"
        if not target:
            state = UNTRANSLATED
        elif tu.get("approved") == "yes" or file_state in _REVIEWED_12:
            state = REVIEWED
        else:
            state = DRAFT
        label = file_state + ("+approved" if tu.get("approved") == "yes" else "")
        units.append(Unit(uid, source, target or None, state, label, base, problem))
    return XliffDocument(display, version, file_el.get("original", ""), file_el.get("source-language", ""),
                         file_el.get("target-language", ""), tuple(units))


# -- merging into a catalog ----------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    unit: str
    source: str
    reason: str


@dataclass(frozen=True)
class MergeReport:
    drafts: int = 0  # entries given a new draft (fuzzy) translation
    reviewed: int = 0  # entries the file made reviewed
    unchanged: int = 0
    conflicts: tuple[Conflict, ...] = ()

    @property
    def changed(self) -> int:
        return self.drafts + self.reviewed


def merge_units(po: polib.POFile, units, *, translator: Identity | None = None, date: str = "", via: str = "xliff") -> MergeReport:
    """Merge ``units`` into ``po`` in place (see the module docs for the rules)."""
    by_msgid = {e.msgid: e for e in po if exportable(e)}
    drafts = reviewed = unchanged = 0
    conflicts: list[Conflict] = []
    for unit in units:
        entry = by_msgid.get(unit.source)
        if unit.problem:
            conflicts.append(Conflict(unit.id, unit.source, unit.problem))
            continue
        if entry is None:
            conflicts.append(Conflict(unit.id, unit.source, "source text is not in the catalog (the English changed since export, or the unit was edited): not merged"))
            continue
        if unit.target is None:
            unchanged += 1  # nothing offered: an empty target never clears a translation
            continue
        state = entry_state(entry)
        same_text = unit.target == entry.msgstr
        catalog_reviewed = state == "translated" and approval_state(entry) != STALE
        if same_text:
            if unit.state == REVIEWED and state == "fuzzy":
                _set(entry, unit.target, reviewed_now=True, translator=None, date=date, via=via)
                reviewed += 1
            else:
                unchanged += 1  # same text; a lower state never re-opens a reviewed entry
            continue
        if entry.msgstr and unit.base and unit.base != provenance.text_hash(entry.msgstr):
            conflicts.append(Conflict(unit.id, unit.source, "changed both in the catalog since export and in the file: not merged, reconcile by hand"))
            continue
        if state == "translated" and unit.state != REVIEWED and (catalog_reviewed or approval_state(entry) == STALE):
            conflicts.append(Conflict(unit.id, unit.source, f"reviewed in the catalog and the file offers a different text as {unit.file_state or 'a draft'}: not merged (a reviewed entry changes only when the file says reviewed/final)"))
            continue
        _set(entry, unit.target, reviewed_now=unit.state == REVIEWED, translator=translator, date=date, via=via)
        if unit.state == REVIEWED:
            reviewed += 1
        else:
            drafts += 1
    return MergeReport(drafts, reviewed, unchanged, tuple(conflicts))


def _set(entry: polib.POEntry, text: str, *, reviewed_now: bool, translator: Identity | None, date: str, via: str) -> None:
    comment = entry.tcomment or ""
    if text != entry.msgstr:
        entry.msgstr = text
        facts: dict[str, str] = dict(translator.facts()) if translator else {}
        if date:
            facts["date"] = date
        facts["via"] = via
        comment = provenance.set_line(comment, provenance.TRANSLATED, **facts)
    comment = provenance.drop_line(comment, provenance.APPROVED)  # approve records the new pair
    entry.tcomment = comment
    if reviewed_now:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    elif "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


# -- the project edge: files in, files out -------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: str  # project-relative (or as given) output path
    document: str
    language: str
    units: int
    states: dict
    codes: int
    written: bool


def export_project(settings, documents, languages, out_dir, version: str = "2.0", check: bool = False) -> list[ExportResult]:
    """Write ``<out_dir>/<doc>.<lang>.xlf`` for every catalog of ``languages`` (only files whose bytes change)."""
    from pathlib import Path

    from ..catalogs import read_catalog
    from ..fsutil import would_change, write_if_changed

    out = []
    for doc in documents:
        for lang in languages:
            path = settings.catalog_path(lang, doc.name)
            if not path.exists():
                continue
            po = read_catalog(path, settings.rel(path))
            exported = export_catalog(po, document=doc.name, original=doc.path, source_lang=settings.source_language.tag,
                                      target_lang=lang.tag, version=version)
            target = Path(out_dir) / f"{doc.name}.{lang.code}.xlf"
            try:
                written = would_change(target, exported.data) if check else write_if_changed(target, exported.data, durable=False)
            except OSError as exc:
                raise ExchangeError(f"cannot write: {exc.strerror}", settings.rel(target)) from None
            out.append(ExportResult(settings.rel(target), doc.name, lang.code, exported.units, exported.states, exported.codes, written))
    return out


@dataclass(frozen=True)
class ImportResult:
    file: str
    catalog: str
    language: str
    report: MergeReport
    written: bool


def import_files(settings, documents, paths, *, translator: Identity | None = None, check: bool = False,
                 date: str | None = None) -> list[ImportResult]:
    """Merge each XLIFF file into the catalog of its document and target language.

    A file that cannot be read raises :class:`ExchangeError` before any catalog is written.
    A catalog changes only when a unit changed an entry; it is not written if it was saved by
    someone else while the import ran.
    """
    from pathlib import Path

    from ..catalogs import catalog_bytes, read_catalog
    from ..errors import CatalogError
    from ..fsutil import write_bytes_atomic
    from ..identity import today

    date = date or today()
    by_path = {d.path: d for d in documents}
    by_name = {d.name: d for d in documents}
    parsed = []
    for p in paths:
        display = settings.rel(Path(p))
        try:
            data = Path(p).read_bytes()
        except OSError as exc:
            raise ExchangeError(f"cannot read: {exc.strerror}", display) from None
        doc_file = read_xliff(data, display)
        doc = by_path.get(doc_file.original) or by_name.get(Path(doc_file.original).stem)
        if doc is None:
            raise ExchangeError(f"names document {doc_file.original!r}, which is not in {settings.rel(settings.source_dir)}/", display)
        if not doc_file.target_language:
            raise ExchangeError("no target language (trgLang / target-language)", display)
        try:
            lang = settings.language(doc_file.target_language)
        except PolyleafError as exc:
            raise ExchangeError(exc.message, display) from None
        parsed.append((display, doc_file, doc, lang))
    results = []
    for display, doc_file, doc, lang in parsed:
        path = settings.catalog_path(lang, doc.name)
        rel = settings.rel(path)
        try:
            original = path.read_bytes()
        except FileNotFoundError:
            raise CatalogError("no catalog yet: run `polyleaf extract` first", rel) from None
        po = read_catalog(path, rel)
        report = merge_units(po, doc_file.units, translator=translator, date=date, via=f"xliff-{doc_file.version}")
        written = False
        if report.changed and not check:
            data = catalog_bytes(po)
            if data != original:
                if path.read_bytes() != original:
                    raise CatalogError("changed on disk while polyleaf was running; nothing written, import again", rel)
                write_bytes_atomic(path, data)
                written = True
        results.append(ImportResult(display, rel, lang.code, report, written))
    return results
