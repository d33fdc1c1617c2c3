"""The project glossary: source terms, their approved translation per language, and do-not-translate terms.

Read from ``[glossary]`` in ``polyleaf.toml`` and, optionally, a CSV or TBX
file named by ``[glossary] file``::

    [glossary]
    file = "glossary.csv"                # optional: CSV (term,lang,translation,note) or TBX
    do_not_translate = ["CAR T", "IV"]   # must appear unchanged in every translation
    [glossary.terms."care team"]         # source term -> per-language translation
    es = "equipo de atención"
    cy = "tîm gofal"
    note = "NHS term for the people looking after you"   # optional

A CSV file (comma- or semicolon-separated, UTF-8) has a header row
``term,lang,translation,note`` (``note`` optional); a row whose ``lang`` is ``*`` or empty and whose translation is empty
or equal to the term marks the term do-not-translate.  A TBX file is read for
its ``termEntry``/``conceptEntry`` elements: the term in the source language's
``langSet`` and one term per other language.  Every error names the file and
line.  Entries from the settings win over the file for the same term and
language.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from .config import SCHEMA, SETTINGS_FILE, Settings
from .errors import ConfigError, PolyleafError
from .languages import Language, parse_language

GLOSSARY_KEYS = frozenset(SCHEMA["glossary"])
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Term:
    """A source term and its approved translations, keyed by gettext language code (``zh_Hans``)."""

    source: str
    translations: tuple[tuple[str, str], ...]  # ((code, translation), ...)
    note: str = ""
    origin: str = ""  # "path:line" where it was defined

    def translation_for(self, lang: Language) -> str | None:
        """The approved translation for ``lang`` (exact code first, then the bare language)."""
        table = dict(self.translations)
        if lang.code in table:
            return table[lang.code]
        return table.get(lang.base)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    do_not_translate: tuple[str, ...] = ()

    def notes(self) -> tuple[tuple[str, str], ...]:
        """``(source term, note)`` for terms that carry a note."""
        return tuple((t.source, t.note) for t in self.terms if t.note)

    def for_language(self, lang: Language) -> tuple[tuple[str, str], ...]:
        """``(source term, approved translation)`` pairs that apply to ``lang``, longest term first."""
        pairs = [(t.source, tr) for t in self.terms if (tr := t.translation_for(lang))]
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    def __len__(self) -> int:
        return len(self.terms) + len(self.do_not_translate)


@dataclass
class _Builder:
    terms: dict[str, dict] = field(default_factory=dict)  # source -> {"tr": {code: text}, "note": str, "origin": str}
    dnt: list[str] = field(default_factory=list)

    def add(self, source: str, code: str, translation: str, note: str, origin: str, overwrite: bool) -> None:
        slot = self.terms.setdefault(source, {"tr": {}, "note": "", "origin": origin})
        if overwrite or code not in slot["tr"]:
            slot["tr"][code] = translation
        if note and (overwrite or not slot["note"]):
            slot["note"] = note

    def add_dnt(self, term: str) -> None:
        if term not in self.dnt:
            self.dnt.append(term)

    def build(self) -> Glossary:
        terms = tuple(
            Term(source=s, translations=tuple(sorted(v["tr"].items())), note=v["note"], origin=v["origin"])
            for s, v in self.terms.items()
        )
        return Glossary(terms=terms, do_not_translate=tuple(self.dnt))


def _lang_code(code: str, path: str, line: int | None) -> str:
    try:
        return parse_language(code.strip(), path, line).code
    except PolyleafError as exc:
        raise ConfigError(f"glossary: {exc.message}", path, line) from None


def load_glossary(settings: Settings) -> Glossary:
    """The glossary of the project (empty when there is no ``[glossary]`` table)."""
    table = settings.table("glossary")
    where = settings.rel(settings.path) if settings.path else SETTINGS_FILE
    if not isinstance(table, dict):
        raise settings.error("[glossary] must be a table", "glossary")
    for key in table:
        if key not in GLOSSARY_KEYS:
            raise settings.error(f"unknown key {key!r} in [glossary] (known: {', '.join(sorted(GLOSSARY_KEYS))})", "glossary", key)
    b = _Builder()
    file = table.get("file")
    if file is not None:
        if not isinstance(file, str) or not file.strip():
            raise settings.error("[glossary] file must be a path (string) to a .csv or .tbx file", "glossary", "file")
        p = Path(file)
        if p.is_absolute() or ".." in p.parts:
            raise settings.error(f"[glossary] file must be inside the project, got {file!r}", "glossary", "file")
        full = settings.root / p
        rel = p.as_posix()
        try:
            data = full.read_bytes()
        except OSError as exc:
            raise settings.error(f"[glossary] file {file!r} cannot be read: {exc.strerror}", "glossary", "file") from None
        suffix = p.suffix.lower()
        if suffix == ".csv":
            read_csv(data, rel, b, settings.source_language)
        elif suffix in (".tbx", ".xml"):
            read_tbx(data, rel, b, settings.source_language)
        else:
            raise settings.error(f"[glossary] file {file!r}: expected a .csv or .tbx file", "glossary", "file")
    dnt = table.get("do_not_translate", [])
    if not isinstance(dnt, list) or not all(isinstance(t, str) and t.strip() for t in dnt):
        raise settings.error("[glossary] do_not_translate must be a list of non-empty strings", "glossary", "do_not_translate")
    for term in dnt:
        b.add_dnt(term.strip())
    terms = table.get("terms", {})
    if not isinstance(terms, dict):
        raise settings.error("[glossary.terms] must be a table of terms", "glossary", "terms")
    for source, spec in terms.items():
        line = settings.line_of("glossary", "terms", source)
        if not isinstance(spec, dict):
            raise ConfigError(f'[glossary.terms."{source}"] must be a table of language = "translation"', where, line)
        if not source.strip():
            raise ConfigError("glossary term must not be empty", where, line)
        note = spec.get("note", "")
        if not isinstance(note, str):
            raise ConfigError(f"glossary term {source!r}: note must be a string", where, line)
        for code, translation in spec.items():
            if code == "note":
                continue
            kline = settings.line_of("glossary", "terms", source, code) or line
            if not isinstance(translation, str) or not translation.strip():
                raise ConfigError(f"glossary term {source!r}: translation for {code!r} must be a non-empty string", where, kline)
            b.add(source.strip(), _lang_code(code, where, kline), translation.strip(), note, f"{where}:{kline or 0}", overwrite=True)
        if note and source.strip() not in b.terms:
            b.terms[source.strip()] = {"tr": {}, "note": note, "origin": f"{where}:{line or 0}"}
    return b.build()


def read_csv(data: bytes, path: str, b: _Builder, source_language: Language) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("glossary file is not valid UTF-8", path, data[: exc.start].count(b"\n") + 1) from None
    first = next((l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","  # spreadsheets in many locales save with ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            missing = {"term", "lang", "translation"} - set(header)
            if missing:
                raise ConfigError(f"glossary CSV header must name term,lang,translation[,note]; missing {', '.join(sorted(missing))}", path, line)
            continue
        if len(row) > len(header):
            raise ConfigError(f"glossary CSV row has {len(row)} fields, header has {len(header)} (quote fields that contain commas)", path, line)
        rec = dict(zip(header, (c.strip() for c in row)))
        term, code, tr, note = rec.get("term", ""), rec.get("lang", ""), rec.get("translation", ""), rec.get("note", "")
        if not term:
            raise ConfigError("glossary CSV row without a term", path, line)
        if code in ("", "*"):
            if tr and tr != term:
                raise ConfigError(f"glossary CSV row for {term!r} has a translation but no language", path, line)
            b.add_dnt(term)
            continue
        if not tr:
            raise ConfigError(f"glossary CSV row for {term!r} ({code}) has no translation", path, line)
        b.add(term, _lang_code(code, path, line), tr, note, f"{path}:{line}", overwrite=False)


def read_tbx(data: bytes, path: str, b: _Builder, source_language: Language) -> None:
    """TBX (ISO 30042): one concept per ``termEntry`` (TBX 2008: ``langSet``/``tig``) or
    ``conceptEntry`` (TBX v3: ``langSec``/``termSec``); the first ``term`` of each language."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise ConfigError("glossary TBX: DOCTYPE/ENTITY declarations are not accepted", path, 1)
    lines: dict[int, int] = {}
    parser = ET.XMLPullParser(events=("start",))
    try:
        # feed line by line so each element knows its line
        root = None
        for n, raw in enumerate(data.splitlines(keepends=True), 1):
            parser.feed(raw)
            for _event, elem in parser.read_events():
                lines[id(elem)] = n
                if root is None:
                    root = elem
        parser.close()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ConfigError(f"glossary TBX is not well-formed XML: {expat.ErrorString(exc.code) if exc.code else exc}", path, line) from None
    if root is None:
        raise ConfigError("glossary TBX is empty", path, 1)

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    entries = [e for e in root.iter() if local(e.tag) in ("termEntry", "conceptEntry")]
    for entry in entries:
        line = lines.get(id(entry), 0)
        by_lang: dict[str, tuple[str, int]] = {}
        note = ""
        for elem in entry.iter():
            if local(elem.tag) in ("descrip", "note") and not note and (elem.text or "").strip():
                note = (elem.text or "").strip()
        for lang_set in (e for e in entry if local(e.tag) in ("langSet", "langSec")):
            code = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            lline = lines.get(id(lang_set), line)
            if not code:
                raise ConfigError(f"glossary TBX {local(lang_set.tag)} without xml:lang", path, lline)
            term_el = next((e for e in lang_set.iter() if local(e.tag) == "term"), None)
            if term_el is None or not "".join(term_el.itertext()).strip():
                raise ConfigError(f"glossary TBX {local(lang_set.tag)} {code!r} has no term", path, lline)
            by_lang[code] = (re.sub(r"\s+", " ", "".join(term_el.itertext())).strip(), lline)
        source = None
        for code, (text, lline) in by_lang.items():
            parsed = _lang_code(code, path, lline)
            if parsed == source_language.code or parsed.split("_")[0] == source_language.base:
                source = text
        if source is None:
            raise ConfigError(f"glossary TBX entry has no term in the source language {source_language.tag}", path, line)
        for code, (text, lline) in by_lang.items():
            parsed = _lang_code(code, path, lline)
            if parsed == source_language.code or parsed.split("_")[0] == source_language.base:
                continue
            b.add(source, parsed, text, note, f"{path}:{lline}", overwrite=False)
        if source not in b.terms:
            b.terms[source] = {"tr": {}, "note": note, "origin": f"{path}:{line}"}
