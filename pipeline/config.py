"""Project settings: ``polyleaf.toml`` at the content root.

One file holds the source language, the target languages and the settings of
each later stage.  Unknown keys are errors naming their line, so a typo never
silently switches a safety check off.

Each stage owns a table (``[translate]``, ``[glossary]``, ``[readability]``,
``[checks]``, ``[publish]``, ``[export]``, ``[[waivers]]``) and declares the keys
it knows in :data:`SCHEMA`; it reads its values with :meth:`Settings.table`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import memo
from .errors import ConfigError, PolyleafError
from .languages import Language, parse_language

SETTINGS_FILE = "polyleaf.toml"

#: Known keys per table.  ``None`` means "any key" (a free-form mapping such as a
#: per-language table); a nested dict describes sub-tables.
SCHEMA: dict[str, Any] = {
    "project": {
        "name", "version", "source_language", "languages", "source_dir", "locales_dir",
        "reports_dir", "dist_dir", "team", "copyright_holder", "bugs_address", "base_url",
    },
    "source": {"translatable_front_matter"},
    "translate": {
        "provider", "url", "region", "email", "api_key_env", "memory_needs_review", "concurrency",
        "batch_size", "batch_chars", "retries", "backoff", "max_wait", "timeout", "memory", "tmx_memory",
    },
    "glossary": {"file", "do_not_translate", "terms"},
    "readability": {"reading_age", "targets", "parity_years", "parity_sentence_ratio", "hotspots", "include_fuzzy", "min_words"},
    "checks": {"disable", "severity", "allow_identical", "language"},
    "publish": {"strict", "hold"},
    "review": {"require_second_reviewer", "machine_drafts_need", "translator", "reviewer"},
    "export": {"formats", "review_date", "next_review", "documents", "fonts", "language_fonts", "jobs", "pdf_tagged", "include_source"},
    "waivers": {"document", "language", "section", "date", "reason", "approved_by"},
    "build": {"executor", "scheduler", "workers"},
}

#: Names that would hold a secret: refused wherever they appear, with a pointer to the environment.
SECRET_KEYS = frozenset({"api_key", "key", "token", "auth_key", "password", "secret"})

DEFAULTS = {
    "source_language": "en-GB",
    "source_dir": "source",
    "locales_dir": "locales",
    "reports_dir": "reports",
    "dist_dir": "dist",
}


@dataclass(frozen=True)
class Settings:
    root: Path
    path: Path | None  # the settings file, None when running on defaults
    name: str
    version: str
    source_language: Language
    languages: tuple[Language, ...]
    source_dir: Path
    locales_dir: Path
    reports_dir: Path
    dist_dir: Path
    team: str = ""
    copyright_holder: str = ""
    bugs_address: str = ""
    base_url: str = ""  # relative links in sources resolve against it ("" = they cannot be)
    tables: dict = field(default_factory=dict, compare=False, hash=False)
    text: str = field(default="", compare=False, repr=False)

    def table(self, name: str) -> Any:
        """The raw value of a stage's table (``{}`` or ``[]`` when absent)."""
        default: Any = [] if name == "waivers" else {}
        return self.tables.get(name, default)

    def line_of(self, *keys: str) -> int | None:
        """Best-effort line number of a dotted key in the settings file (for error messages)."""
        return locate_key(self.text, keys)

    def error(self, message: str, *keys: str) -> ConfigError:
        return ConfigError(message, self.rel(self.path) if self.path else SETTINGS_FILE, self.line_of(*keys) if keys else None)

    @functools.cached_property
    def _real_root(self) -> Path:
        return self.root.resolve()

    @functools.cached_property
    def _root_prefix(self) -> str:
        return os.path.join(os.fspath(self.root), "")

    def rel(self, path: Path | str) -> str:
        """``path`` relative to the project (posix), for messages and records; as given if outside."""
        text = os.fspath(path)
        prefix = self._root_prefix
        if text.startswith(prefix) and os.path.isabs(prefix):  # built from root: no filesystem calls
            parts = text[len(prefix):].split(os.sep)
            if all(part not in ("", ".", "..") for part in parts):
                return "/".join(parts)
        p = Path(path)
        try:
            return p.resolve().relative_to(self._real_root).as_posix()
        except ValueError:
            return p.as_posix()

    def language(self, code: str) -> Language:
        """A configured target language by any spelling of its code; clear error otherwise."""
        lang = parse_language(code)
        for configured in self.languages:
            if configured.code == lang.code:
                return configured
        known = ", ".join(l.code for l in self.languages) or "none"
        raise ConfigError(f"language {code!r} is not configured in {SETTINGS_FILE} (configured: {known})")

    # -- paths -------------------------------------------------------------------
    def template_path(self, doc_name: str) -> Path:
        return self.locales_dir / "templates" / f"{doc_name}.pot"

    @functools.cached_property
    def text_digest(self) -> str:
        """sha256 (hex) of Polyleaf's version and the settings text: part of every stage's cache key."""
        import hashlib

        from . import __version__

        return hashlib.sha256(f"{__version__}\n{self.text}".encode("utf-8")).hexdigest()

    @functools.cached_property
    def _catalog_paths(self) -> dict[tuple[str, str], Path]:
        return {}

    def catalog_path(self, lang: Language | str, doc_name: str) -> Path:
        code = lang.code if isinstance(lang, Language) else parse_language(lang).code
        path = self._catalog_paths.get((code, doc_name))
        if path is None:  # every stage asks for every catalog: build each path once
            path = self._catalog_paths[(code, doc_name)] = self.locales_dir / code / "LC_MESSAGES" / f"{doc_name}.po"
        return path

    def source_files(self) -> list[Path]:
        if not self.source_dir.is_dir():
            raise ConfigError(f"source folder {self.rel(self.source_dir)!r} does not exist", self.rel(self.path) if self.path else None)
        return sorted(p for p in self.source_dir.glob("*.md") if p.is_file())


def locate_key(text: str, keys: tuple[str, ...] | list[str]) -> int | None:
    """Line (1-based) where ``keys`` (e.g. ``("project", "languages")``) is written, if it can be found."""
    if not text or not keys:
        return None
    lines = text.splitlines()
    table: tuple[str, ...] = ()
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
    keyline = re.compile(r"^\s*([A-Za-z0-9_\-\.\"']+)\s*=")
    want = tuple(keys)
    for n, line in enumerate(lines, 1):
        m = header.match(line)
        if m:
            table = tuple(part.strip().strip('"') for part in m.group(1).split("."))
            if table == want:
                return n
            continue
        m = keyline.match(line)
        if m:
            key = tuple(part.strip().strip('"\'') for part in m.group(1).split("."))
            if table + key == want:
                return n
    # fall back: the table header of the first key
    if len(want) > 1:
        return locate_key(text, want[:-1])
    return None


def find_root(start: Path | None = None) -> Path:
    """The folder holding ``polyleaf.toml``: ``start`` or its nearest parent with one."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / SETTINGS_FILE).is_file():
            return candidate
    raise ConfigError(
        f"no {SETTINGS_FILE} in {here} or any parent folder; create one (see README) or pass --project DIR"
    )


def load_settings(project: str | os.PathLike | None = None) -> Settings:
    """Read and validate the settings of the project at ``project`` (default: current folder upwards)."""
    if project is None:
        root = find_root()
    else:
        root = Path(project).resolve()
        if not root.is_dir():
            raise ConfigError(f"project folder {project} does not exist")
        if not (root / SETTINGS_FILE).is_file():
            raise ConfigError(f"no {SETTINGS_FILE} in {project}; create one (see README)")
    path = root / SETTINGS_FILE
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", SETTINGS_FILE) from None
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("not valid UTF-8", SETTINGS_FILE, raw_bytes[: exc.start].count(b"\n") + 1) from None
    data = _parsed_toml(root, raw_bytes, text)
    return settings_from_dict(data, root, path, text)


SETTINGS_CACHE = ".polyleaf-cache/settings.pickle"  # sha256 of polyleaf.toml -> its parsed TOML


def _parsed_toml(root: Path, raw_bytes: bytes, text: str) -> dict:
    """``tomllib.loads(text)``, remembered by the file's sha256 in the project's signed cache
    (:mod:`pipeline.cachefile`): a project with thousands of ``[[waivers]]`` spends ~50 ms in
    Python's TOML parser on every command, and a rebuild's budget is one second (issue 17).
    Reading never writes: a build records the parse (:func:`remember_settings_parse`), so a
    ``--check`` writes nothing.  Validation still runs on the parsed value every time, so a
    cached parse never skips a check."""
    from . import cachefile

    digest = hashlib.sha256(raw_bytes).hexdigest()
    hit = cachefile.read_pickle(root / SETTINGS_CACHE)
    if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == digest and isinstance(hit[1], dict):
        return hit[1]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {msg}", SETTINGS_FILE, int(m.group(1)) if m else None) from None
    _FRESH_PARSES[str(root)] = (digest, data)
    return data


_FRESH_PARSES: dict[str, tuple[str, dict]] = memo.table(f"{__name__}.fresh_parses")  # root -> (sha256, parsed TOML)


def remember_settings_parse(settings: Settings) -> None:
    """Record the parse this process made of the project's ``polyleaf.toml`` (if it made one)
    in ``.polyleaf-cache/settings.pickle``; called by a build that writes its caches."""
    from . import cachefile

    fresh = _FRESH_PARSES.pop(str(settings.root), None)
    if fresh is not None:
        cachefile.write_pickle(settings.root / SETTINGS_CACHE, fresh)


def settings_from_dict(data: dict, root: Path, path: Path | None = None, text: str = "") -> Settings:
    where = SETTINGS_FILE

    def err(message: str, *keys: str) -> ConfigError:
        return ConfigError(message, where, locate_key(text, keys))

    for key, value in data.items():
        if key not in SCHEMA:
            raise err(f"unknown table or key {key!r} (known: {', '.join(sorted(SCHEMA))})", key)
    project = data.get("project", {})
    if not isinstance(project, dict):
        raise err("[project] must be a table", "project")
    for key in project:
        if key not in SCHEMA["project"]:
            raise err(f"unknown key {key!r} in [project] (known: {', '.join(sorted(SCHEMA['project']))})", "project", key)

    def get_str(key: str, default: str = "") -> str:
        value = project.get(key, DEFAULTS.get(key, default))
        if not isinstance(value, str):
            raise err(f"[project] {key} must be a string", "project", key)
        return value

    def lang(code: Any, *keys: str) -> Language:
        if not isinstance(code, str):
            raise err(f"language code must be a string, got {code!r}", *keys)
        try:
            return parse_language(code)
        except PolyleafError as exc:
            raise err(exc.message, *keys) from None

    source_language = lang(get_str("source_language"), "project", "source_language")
    codes = project.get("languages", [])
    if not isinstance(codes, list):
        raise err("[project] languages must be a list of language codes", "project", "languages")
    languages: list[Language] = []
    for code in codes:
        language = lang(code, "project", "languages")
        if language.code == source_language.code:
            raise err(f"{code!r} is the source language; list only target languages", "project", "languages")
        if language in languages:
            raise err(f"language {code!r} is listed twice", "project", "languages")
        languages.append(language)

    def folder(key: str) -> Path:
        rel = get_str(key)
        p = Path(rel)
        if p.is_absolute() or ".." in p.parts or "\x00" in rel:
            raise err(f"[project] {key} must be a folder inside the project, got {rel!r}", "project", key)
        return root / p

    for table_name, known in SCHEMA.items():
        value = data.get(table_name)
        if table_name == "project" or not isinstance(known, (set, frozenset)) or not isinstance(value, dict):
            continue
        for key in value:
            if key in SECRET_KEYS:
                raise err(
                    f"[{table_name}] {key}: keys are read from environment variables only, never from files; "
                    "remove it and set the provider's variable (or name it with api_key_env)", table_name, key)
            if key not in known:
                raise err(f"unknown key {key!r} in [{table_name}] (known: {', '.join(sorted(known))})", table_name, key)
    base_url = get_str("base_url")
    if base_url and not re.match(r"^https?://[^/\s]+", base_url):
        raise err(f"[project] base_url must be an http(s) address such as https://www.example.org/, got {base_url!r}", "project", "base_url")
    tables = {k: v for k, v in data.items() if k != "project"}
    if "waivers" in tables and not isinstance(tables["waivers"], list):
        raise err("waivers must be written as [[waivers]] entries", "waivers")
    return Settings(
        root=root,
        path=path,
        name=get_str("name", root.name),
        version=get_str("version", "1"),
        source_language=source_language,
        languages=tuple(languages),
        source_dir=folder("source_dir"),
        locales_dir=folder("locales_dir"),
        reports_dir=folder("reports_dir"),
        dist_dir=folder("dist_dir"),
        team=get_str("team"),
        copyright_holder=get_str("copyright_holder"),
        bugs_address=get_str("bugs_address"),
        base_url=base_url,
        tables=tables,
        text=text,
    )
