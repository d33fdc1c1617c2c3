"""Value types shared by every stage.  Small, frozen, and printable as ``path:line``."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

#: Segment kinds, as written into the extracted comment of each PO entry.
SEGMENT_KINDS = (
    "title", "heading", "paragraph", "list-item", "blockquote", "callout", "table-cell",
    "front-matter", "image-alt", "image-title",
)
#: Kinds that are not part of any section's running text: each has its own msgctxt
#: (``front matter: title``, ``image: skin.jpg``) and is translated once.
CONTEXT_KINDS = ("front-matter", "image-alt", "image-title")


@dataclass(frozen=True)
class Segment:
    """One translatable unit: the inline Markdown of a heading, paragraph, list item, quote or cell.

    ``text`` is the msgid: inline markup kept as the author wrote it, soft line
    breaks folded into single spaces.
    """

    text: str
    kind: str
    path: str  # project-relative, POSIX style: "source/immunotherapy.md"
    line: int  # 1-based
    section: str  # plain-text heading of the section it belongs to
    section_index: int
    note: str = ""  # translator note left by the author (<!-- translators: ... -->)
    depth: int = 0  # list nesting depth (0 outside lists)
    context: str = ""  # msgctxt of its catalog entry ("" = none): front matter keys and images

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def msgctxt(self) -> str | None:
        return self.context or None

    @property
    def key(self) -> tuple[str | None, str]:
        """``(msgctxt, msgid)``: how the segment's catalog entry is found."""
        return (self.context or None, self.text)

    def __repr__(self) -> str:
        return f"<Segment {self.kind} {self.location} {self.text[:40]!r}>"


@dataclass(frozen=True)
class Section:
    """A heading and everything up to the next heading (the title's section holds the preamble)."""

    index: int
    title: str  # plain text of the heading
    level: int  # 1..6
    line: int
    segments: tuple[Segment, ...]

    def __repr__(self) -> str:
        return f"<Section {self.index} h{self.level} line {self.line} {self.title[:40]!r}>"


@dataclass(frozen=True)
class Document:
    """A parsed source document."""

    name: str  # file stem: the catalog domain ("immunotherapy")
    path: str  # project-relative path
    title: str  # plain text of the first h1 (or the name)
    text: str  # the whole source text (normalised to LF)
    sections: tuple[Section, ...]
    source_hash: str  # sha256 of the source bytes, hex
    #: The YAML front matter as parsed (keys -> str, int, date, list, ...); {} without one.
    #: Pages read e.g. ``last_reviewed``/``next_review`` here; only the keys named in
    #: ``[source] translatable_front_matter`` reach translators (as ``context_segments``).
    metadata: dict = field(default_factory=dict, compare=False, hash=False)
    #: Segments with their own msgctxt, outside the sections' running text: translatable
    #: front matter keys, image alt text and titles.
    context_segments: tuple[Segment, ...] = ()
    #: What a writer got wrong in the source (empty headings, unclosed emphasis, ...).
    diagnostics: tuple[Diagnostic, ...] = ()
    base_url: str = ""  # [project] base_url: relative links resolve against it
    #: :func:`pipeline.source_checks.source_warnings`, found while parsing (so the parse cache keeps
    #: them and a build does not re-parse every source to report them); None: not computed here.
    warnings: tuple[Diagnostic, ...] | None = field(default=None, compare=False, hash=False)

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Every segment in source order (sections' segments and context segments, by line)."""
        body = [s for sec in self.sections for s in sec.segments]
        if not self.context_segments:
            return tuple(body)
        return tuple(heapq.merge(body, self.context_segments, key=lambda s: s.line))

    def __repr__(self) -> str:
        return f"<Document {self.path} {len(self.sections)} sections>"


@dataclass(frozen=True)
class Stats:
    """Per document x language: entries by gettext state and word-weighted review coverage."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    source_words: int = 0
    reviewed_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def reviewed_share(self) -> float:
        return self.reviewed_words / self.source_words if self.source_words else 0.0

    def as_dict(self) -> dict:
        return {
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "source_words": self.source_words,
            "reviewed_words": self.reviewed_words,
            "reviewed_share": round(self.reviewed_share, 4),
        }


@dataclass(frozen=True)
class Diagnostic:
    """A finding about a place in a file: printed ``path:line [lang] code: message``."""

    path: str
    line: int
    code: str
    message: str
    severity: str = "error"  # "error" blocks publishing; "warning" does not
    lang: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        lang = f" [{self.lang}]" if self.lang else ""
        return f"{self.path}:{self.line}{lang} {self.severity} {self.code}: {self.message}"
