"""Translations adopted from catalogs made elsewhere, like ``msgmerge --compendium``.

``[translate] memory = ["legacy/**/*.po", "old.tmx"]`` names PO files and TMX files
(globs relative to the project) holding translations a team already has, from another
tool, project or agency (TMX: every target variant in a configured language whose
source variant matches; the location is ``file.tmx#tuN``).
``polyleaf extract`` fills each catalog entry that is still untranslated with the
translation an exact match in those files holds:

* the match is on the msgid alone (a legacy file's msgctxt is ignored: Tryton's
  ``field:...`` contexts never occur in a leaflet);
* only entries the legacy file itself counts as translated are used (not fuzzy,
  not obsolete, msgstr not empty, no plural forms);
* a file's language is its ``Language`` header, else a folder or file name that is
  a configured language code (``legacy/es/app.po``, ``po/es.po``); ``es_ES`` serves
  ``es`` and ``zh_CN`` serves ``zh_Hans`` (same language and script) when that is the
  only such language configured;
* when several files (or entries of one file) translate a msgid differently, the
  first wins: patterns in the order written, files in path order, entries in file order;
* the filled entry is fuzzy (a draft awaiting review) unless
  ``memory_needs_review = false``, and carries
  ``# polyleaf-tm: from=legacy/es/app.po:42 date=...`` naming where it came from.

Nothing a translator wrote is replaced: only untranslated entries are filled.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .errors import PolyleafError
from .languages import Language, parse_language
from .po import read_po


@dataclass(frozen=True)
class MemoryHit:
    msgstr: str
    source: str  # project-relative path:line of the legacy entry


@dataclass
class Compendium:
    """Per configured language code: msgid -> the first translation found."""

    hits: dict[str, dict[str, MemoryHit]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # "path:line: warning: ..."
    files: list[str] = field(default_factory=list)  # project-relative, in the order read
    needs_review: bool = True

    def lookup(self, lang: Language, msgid: str) -> MemoryHit | None:
        return self.hits.get(lang.code, {}).get(msgid)

    def __bool__(self) -> bool:
        return bool(self.files)


def memory_patterns(settings: Settings) -> list[str]:
    """``[translate] memory`` validated: a list of globs inside the project."""
    table = settings.table("translate")
    if not isinstance(table, dict):
        return []
    value = table.get("memory", [])
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise settings.error("[translate] memory must be a list of file patterns, e.g. [\"legacy/**/*.po\"]", "translate", "memory")
    for pattern in value:
        parts = Path(pattern).parts
        if Path(pattern).is_absolute() or ".." in parts or "\x00" in pattern:
            raise settings.error(f"[translate] memory: {pattern!r} must be a pattern inside the project (relative, no '..')", "translate", "memory")
    return list(value)


def needs_review(settings: Settings) -> bool:
    """Adopted translations are drafts (fuzzy) unless ``memory_needs_review = false`` is written."""
    table = settings.table("translate")
    value = table.get("memory_needs_review") if isinstance(table, dict) else None
    if value is not None and not isinstance(value, bool):
        raise settings.error(f"[translate] memory_needs_review must be true or false, got {value!r}", "translate", "memory_needs_review")
    return value is not False


def _script(code: str) -> str:
    """The (likely) script of a language code: ``zh_CN`` and ``zh_Hans`` -> Hans, ``zh_TW`` -> Hant."""
    from babel import Locale
    from babel.core import get_global, parse_locale

    loc = Locale.parse(code)
    if loc.script:
        return loc.script
    likely = get_global("likely_subtags")
    full = likely.get(str(loc)) or likely.get(loc.language)
    return (parse_locale(full)[2] if full else None) or ""


def _language_of(po, rel: str, languages: tuple[Language, ...]) -> Language | None:
    """The configured language a legacy file serves, or None."""
    declared = (po.metadata.get("Language") or "").strip()
    candidates: list[str] = [declared] if declared else []
    if not declared:
        path = Path(rel)
        candidates += [path.stem, *reversed(path.parts[:-1])]
    by_code = {l.code: l for l in languages}
    for cand in candidates:
        try:
            lang = parse_language(cand)
        except PolyleafError:
            continue
        if lang.code in by_code:
            return by_code[lang.code]
        same_base = [l for l in languages if l.base == lang.base and _script(l.code) == _script(lang.code)]
        if len(same_base) == 1:
            return same_base[0]
        return None  # a real language this project does not translate into (or ambiguous)
    return None


def load_compendium(settings: Settings, languages: tuple[Language, ...] | list[Language] | None = None) -> Compendium:
    """Read every memory file; an unreadable one raises CatalogError naming ``path:line``."""
    langs = tuple(languages if languages is not None else settings.languages)
    comp = Compendium(needs_review=needs_review(settings))
    patterns = memory_patterns(settings)
    if not patterns:
        return comp
    seen: set[Path] = set()
    for pattern in patterns:
        matched = sorted(p for p in settings.root.glob(pattern) if p.is_file())
        if not matched:
            comp.warnings.append(f"{settings.rel(settings.path) if settings.path else 'polyleaf.toml'}:"
                                 f"{settings.line_of('translate', 'memory') or 1}: warning: [translate] memory pattern {pattern!r} matches no file")
            continue
        for path in matched:
            if path in seen:
                continue
            seen.add(path)
            rel = settings.rel(path)
            if path.suffix.lower() == ".tmx":
                comp.files.append(rel)
                _add_tmx(comp, path, rel, settings, langs)
                continue
            po, _ = read_po(path, rel)
            comp.files.append(rel)
            lang = _language_of(po, rel, settings.languages)
            if lang is None:
                declared = po.metadata.get("Language") or "none"
                comp.warnings.append(f"{rel}: warning: not used as memory: its language ({declared}) is not one of this project's "
                                     f"({', '.join(l.code for l in settings.languages) or 'none'})")
                continue
            if lang not in langs:
                continue  # a configured language this run does not update
            table = comp.hits.setdefault(lang.code, {})
            for entry in po:
                if (entry.obsolete or not entry.msgid or entry.msgid_plural or not entry.msgstr
                        or "fuzzy" in entry.flags):
                    continue
                if entry.msgid not in table:
                    table[entry.msgid] = MemoryHit(entry.msgstr, f"{rel}:{entry.linenum}")
    return comp


def _tmx_language(code: str, languages: tuple[Language, ...]) -> Language | None:
    """The configured language a TMX variant's ``xml:lang`` serves (``es-ES`` serves ``es``), or None."""
    try:
        lang = parse_language(code)
    except PolyleafError:
        return None
    for l in languages:
        if l.code == lang.code:
            return l
    same_base = [l for l in languages if l.base == lang.base and _script(l.code) == _script(lang.code)]
    return same_base[0] if len(same_base) == 1 else None


def _add_tmx(comp: Compendium, path: Path, rel: str, settings: Settings, langs: tuple[Language, ...]) -> None:
    """Exact matches from a TMX file (an agency's or CAT tool's memory): every target variant in a
    configured language whose source variant is text of ours; the ``<tu>``'s number is the location."""
    from .exchange.tmx import read_tmx

    unused: set[str] = set()
    counter: dict[str, int] = {}
    for source, target, code in read_tmx(path, rel):
        lang = _tmx_language(code, settings.languages)
        if lang is None:
            unused.add(code)
            continue
        if lang not in langs:
            continue
        table = comp.hits.setdefault(lang.code, {})
        counter[lang.code] = counter.get(lang.code, 0) + 1
        if source not in table:
            table[source] = MemoryHit(target, f"{rel}#tu{counter[lang.code]}")
    for code in sorted(unused):
        comp.warnings.append(f"{rel}: warning: {code} variants not used as memory: not one of this project's languages "
                             f"({', '.join(l.code for l in settings.languages) or 'none'})")


def memory_digest(settings: Settings) -> str:
    """A cheap fingerprint of the memory files (names, sizes, modification and change times) for cache keys."""
    try:
        patterns = memory_patterns(settings)
    except PolyleafError:
        return "invalid"
    h = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(p for p in settings.root.glob(pattern) if p.is_file()):
            st = os.stat(path)
            h.update(f"{settings.rel(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0".encode())
    return h.hexdigest()
