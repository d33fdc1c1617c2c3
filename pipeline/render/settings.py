"""The ``[export]`` table of ``polyleaf.toml``, validated strictly.

```toml
[export]
formats = ["html", "pdf"]        # default: both
review_date = 2026-11-24         # optional "Last reviewed" date; default: the catalog's PO-Revision-Date
next_review = 2027-11-24         # optional "Next review" date (the gate warns once it has passed)
fonts = ["Noto Serif Tangut"]    # optional extra font families appended to every font stack
jobs = 1                         # parallel processes (the CLI's --jobs overrides)
pdf_tagged = true                # tagged PDF (PDF/UA-1) with the document language set
include_source = true            # also export the source language (its text needs no review)

[export.language_fonts]          # optional: replace a language's own families (first in its stack)
ur = ["Noto Naskh Arabic"]       # e.g. Naskh instead of the default Nastaliq for Urdu

[export.documents.immunotherapy] # optional, per document (by source file stem)
last_reviewed = 2026-11-24
next_review = 2027-05-24
```

An unknown key or a wrong type is a :class:`~pipeline.errors.ConfigError`
naming its line.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..config import SCHEMA, Settings
from ..errors import ConfigError, PolyleafError
from ..languages import parse_language

FORMATS = ("html", "pdf")
_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,62}$")


@dataclass(frozen=True)
class ExportSettings:
    formats: tuple[str, ...] = FORMATS
    review_date: str = ""  # ISO date, or "" to use each catalog's PO-Revision-Date
    fonts: tuple[str, ...] = ()
    jobs: int = 1
    pdf_tagged: bool = True
    include_source: bool = True
    language_fonts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language code, families)
    next_review: str = ""  # ISO date, or "" for none
    documents: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # (doc name, ((key, ISO date), ...))

    def document(self, name: str) -> dict[str, str]:
        """``[export.documents.<name>]`` as ``{"last_reviewed": ISO date, "next_review": ISO date}`` (keys optional)."""
        for doc, pairs in self.documents:
            if doc == name:
                return dict(pairs)
        return {}

    def font_stack(self, lang, medium: str = "screen") -> tuple[str, ...]:
        """The font stack for ``lang`` on ``medium`` ("screen" or "pdf") with this table's overrides and extras."""
        from .fonts import font_stack

        return font_stack(lang, self.fonts, self.own_fonts(lang.code, lang.base), medium)

    def own_fonts(self, code: str, base: str) -> tuple[str, ...] | None:
        for lang, fams in self.language_fonts:
            if lang == code:
                return fams
        for lang, fams in self.language_fonts:
            if lang == base:
                return fams
        return None


def parse_formats(value: object, settings: Settings | None = None, *keys: str) -> tuple[str, ...]:
    """``["html", "pdf"]`` or ``"html,pdf"`` -> a tuple in canonical order; unknown names are errors.

    Errors name the settings line when ``settings`` (and ``keys``) are given.
    """
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(x, str) for x in items):
        raise _err(settings, 'formats must be a list of strings, e.g. ["html", "pdf"]', *keys)
    names = {x.strip().lower() for x in items if x.strip()}
    unknown = sorted(names - set(FORMATS))
    if unknown or not names:
        message = f"unknown export format(s) {', '.join(unknown)}" if unknown else "no export format given"
        raise _err(settings, f"{message} (known: {', '.join(FORMATS)})", *keys)
    return tuple(f for f in FORMATS if f in names)


def _err(settings: Settings | None, message: str, *keys: str) -> ConfigError:
    if settings is None:
        return ConfigError(message)
    return settings.error(f"[export] {message}", *keys)


def _date(settings: Settings, value: object, where: str, *keys: str) -> str:
    """A TOML date (or ``"YYYY-MM-DD"``) as an ISO string; anything else is an error naming the line."""
    key = keys[-1]
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise settings.error(f"{where} {key} {value!r} is not a real date", *keys) from None
    raise settings.error(f"{where} {key} must be a date, e.g. {key} = 2026-11-24", *keys)


def load(settings: Settings) -> ExportSettings:
    table = settings.table("export")
    if not isinstance(table, dict):
        raise settings.error("[export] must be a table", "export")
    known = SCHEMA["export"]
    for key in table:
        if key not in known:
            raise settings.error(f"unknown key {key!r} in [export] (known: {', '.join(sorted(known))})", "export", key)
    out = ExportSettings()
    kwargs: dict = {}
    if "formats" in table:
        kwargs["formats"] = parse_formats(table["formats"], settings, "export", "formats")
    for key in ("review_date", "next_review"):
        if key in table:
            kwargs[key] = _date(settings, table[key], "[export]", "export", key)
    if "documents" in table:
        docs = table["documents"]
        if not isinstance(docs, dict):
            raise settings.error("[export.documents] must be a table of documents: [export.documents.leaflet]", "export", "documents")
        entries = []
        for name, values in docs.items():
            where = f"[export.documents.{name}]"
            if not isinstance(values, dict):
                raise settings.error(f"{where} must be a table: last_reviewed = 2026-11-24, next_review = 2027-11-24",
                                     "export", "documents", name)
            pairs = []
            for key, value in values.items():
                if key not in ("last_reviewed", "next_review"):
                    raise settings.error(f"unknown key {key!r} in {where} (known: last_reviewed, next_review)",
                                         "export", "documents", name, key)
                pairs.append((key, _date(settings, value, where, "export", "documents", name, key)))
            entries.append((str(name), tuple(pairs)))
        kwargs["documents"] = tuple(entries)
    if "fonts" in table:
        fonts = table["fonts"]
        if not isinstance(fonts, list) or not all(isinstance(f, str) and _FAMILY.match(f) for f in fonts):
            raise settings.error(
                "[export] fonts must be a list of font family names (letters, digits, spaces, hyphens), "
                "e.g. [\"Noto Serif Tangut\"]",
                "export",
                "fonts",
            )
        kwargs["fonts"] = tuple(fonts)
    if "jobs" in table:
        jobs = table["jobs"]
        if not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= 64:
            raise settings.error("[export] jobs must be a whole number from 1 to 64", "export", "jobs")
        kwargs["jobs"] = jobs
    if "language_fonts" in table:
        lf = table["language_fonts"]
        if not isinstance(lf, dict):
            raise settings.error("[export.language_fonts] must be a table: ur = [\"Noto Naskh Arabic\"]", "export", "language_fonts")
        pairs = []
        for code, fams in lf.items():
            try:
                lang = parse_language(code)
            except PolyleafError as exc:
                raise settings.error(exc.message, "export", "language_fonts", code) from None
            if not isinstance(fams, list) or not fams or not all(isinstance(f, str) and _FAMILY.match(f) for f in fams):
                raise settings.error(
                    f"[export.language_fonts] {code} must be a non-empty list of font family names",
                    "export", "language_fonts", code)
            pairs.append((lang.code, tuple(fams)))
        kwargs["language_fonts"] = tuple(pairs)
    for key in ("pdf_tagged", "include_source"):
        if key in table:
            if not isinstance(table[key], bool):
                raise settings.error(f"[export] {key} must be true or false", "export", key)
            kwargs[key] = table[key]
    return ExportSettings(**{**out.__dict__, **kwargs})
