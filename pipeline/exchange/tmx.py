"""TMX 1.4b: reviewed segments out as translation memory, TMX files in as memory.

Export writes only *reviewed* entries (translated, not fuzzy, approval current or
not yet recorded: :func:`pipeline.review.is_reviewed`), one ``<tu>`` per
distinct English text with a ``<tuv>`` per language.  Inline Markdown is kept
as TMX inline codes with the native Markdown as their content (``<bpt>``/
``<ept>`` around emphasis and link text, ``<ph>`` for code, images, HTML,
URLs), so a CAT tool matches the words and leaves the markup alone, and the
text read back is the Markdown again.  Dates (``changedate``) and reviewer
(``changeid``) come from the approval line when it names them.

:func:`read_tmx` reads any TMX 1.4 file (untrusted: :mod:`defusedxml`) as
``(source, target, lang)`` triples; :class:`pipeline.mt.memory.TranslationMemory`
uses them for exact matches after the project's own catalogs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .. import __version__, provenance
from ..review import is_reviewed
from . import inline
from .xliff import XML_NS, ExchangeError, _append_text, _indent, exportable

_XML_LANG = f"{{{XML_NS}}}lang"


def _seg(parent: ET.Element, text: str) -> None:
    seg = ET.SubElement(parent, "seg")
    counter = [0]

    def put(node_parent: ET.Element, nodes) -> None:
        for node in nodes:
            if isinstance(node, str):
                _append_text(node_parent, node)
            elif isinstance(node, inline.Ph):
                ET.SubElement(node_parent, "ph", {"x": node.id, "type": inline.subtype(node)}).text = node.data
            else:
                counter[0] += 1
                i = str(counter[0])
                ET.SubElement(node_parent, "bpt", {"i": i, "x": node.id, "type": inline.subtype(node)}).text = node.start
                put(node_parent, node.children)
                ET.SubElement(node_parent, "ept", {"i": i}).text = node.end

    put(seg, inline.parse(text))


def _tmx_date(date: str) -> str | None:
    """``2026-12-06`` -> ``20261206T000000Z`` (TMX's ISO 8601 basic form)."""
    digits = date.replace("-", "")
    return f"{digits}T000000Z" if len(digits) == 8 and digits.isdigit() else None


@dataclass(frozen=True)
class TmxExport:
    data: bytes
    units: int
    variants: int


def export_tmx(catalogs: Iterable[tuple[str, str, polib.POFile]], source_lang: str) -> TmxExport:
    """TMX text for ``(document, language tag, catalog)`` triples: reviewed entries only.  Pure."""
    by_source: dict[str, dict[str, tuple[str, dict, str]]] = {}
    documents: dict[str, set[str]] = {}
    for document, lang, po in catalogs:
        for entry in po:
            if not exportable(entry) or not is_reviewed(entry):
                continue
            facts = provenance.parse(entry.tcomment or "").get(provenance.APPROVED) or {}
            by_source.setdefault(entry.msgid, {}).setdefault(lang, (entry.msgstr, facts, document))
            documents.setdefault(entry.msgid, set()).add(document)
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "Polyleaf", "creationtoolversion": __version__, "segtype": "paragraph",
        "o-tmf": "gettext PO", "adminlang": "en", "srclang": source_lang, "datatype": "x-markdown",
    })
    body = ET.SubElement(root, "body")
    variants = 0
    for msgid in sorted(by_source):
        tu = ET.SubElement(body, "tu", {"tuid": "u" + provenance.text_hash(msgid)})
        for document in sorted(documents[msgid]):
            ET.SubElement(tu, "prop", {"type": "x-document"}).text = document
        src = ET.SubElement(tu, "tuv", {_XML_LANG: source_lang})
        _seg(src, msgid)
        for lang in sorted(by_source[msgid]):
            msgstr, facts, _ = by_source[msgid][lang]
            attrs = {_XML_LANG: lang}
            when = _tmx_date(facts.get("date", ""))
            if when:
                attrs["changedate"] = when
            if facts.get("by"):
                attrs["changeid"] = facts["by"]
            _seg(ET.SubElement(tu, "tuv", attrs), msgstr)
            variants += 1
    _indent(root, 0, frozenset({"seg", "prop", "note"}))
    data = ET.tostring(root, encoding="UTF-8", xml_declaration=True).replace(
        b"<?xml version='1.0' encoding='UTF-8'?>", b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">') + b"\n"
    return TmxExport(data, len(by_source), variants)


def _seg_text(seg) -> str:
    """A ``<seg>``'s text with inline codes' native content (the Markdown) kept; ``<sub>`` flows are dropped."""
    out = [seg.text or ""]
    for child in seg:
        tag = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if tag in ("bpt", "ept", "ph", "it", "ut"):
            out.append((child.text or ""))  # native code; a <sub> inside is translatable text of an attribute, skipped
        elif tag == "hi":
            out.append(_seg_text(child))
        out.append(child.tail or "")
    return "".join(out)


def read_tmx(path: str | Path, display: str | None = None) -> Iterator[tuple[str, str, str]]:
    """``(source, target, lang)`` for every target variant of every ``<tu>`` of a TMX file.

    The source variant is the one in the ``srclang`` of the ``<tu>`` or the header (``*all*``
    or absent: the first variant).  Languages are returned as written (``es``, ``es-ES``...);
    empty segments are skipped.  Raises :class:`ExchangeError` for a file that is not TMX,
    not well-formed, or carries a DTD with entities.
    """
    display = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExchangeError(f"cannot read: {exc.strerror}", display) from None
    try:
        root = SafeET.fromstring(data, forbid_dtd=False)  # the standard DOCTYPE line is fine; entities are not
    except DefusedXmlException as exc:
        raise ExchangeError(f"refused: {type(exc).__name__} (entities are not accepted)", display) from None
    except ET.ParseError as exc:
        raise ExchangeError(f"not well-formed XML: {exc}", display) from None
    if root.tag != "tmx":
        raise ExchangeError(f"not a TMX file (root element <{root.tag}>)", display)
    header = root.find("header")
    default_src = header.get("srclang", "") if header is not None else ""
    body = root.find("body")
    if body is None:
        return
    for tu in body.iter("tu"):
        variants = [(tuv.get(_XML_LANG) or tuv.get("lang") or "", tuv.find("seg")) for tuv in tu.findall("tuv")]
        variants = [(lang, _seg_text(seg)) for lang, seg in variants if seg is not None]
        if len(variants) < 2:
            continue
        src_lang = (tu.get("srclang") or default_src).lower()
        index = next((i for i, (lang, _) in enumerate(variants) if lang.lower() == src_lang), None)
        if index is None and src_lang and src_lang != "*all*":
            base = src_lang.split("-")[0]
            index = next((i for i, (lang, _) in enumerate(variants) if lang.split("-")[0].lower() == base), None)
        index = index or 0
        source = variants[index][1]
        for i, (lang, text) in enumerate(variants):
            if i != index and text.strip() and source.strip():
                yield source, text, lang
