"""Protect what a machine must not translate: mask before sending, restore after.

Pure functions over strings.  :func:`mask` replaces every protected span of a
segment's inline Markdown with a placeholder ``⟦n⟧`` (``provenance.MASK_TOKEN``):

* inline Markdown: code spans, images, autolinks, inline HTML, link
  destinations ``](url)`` and the opening ``[`` (the link *text* stays
  translatable), emphasis delimiter runs (``*``, ``**``, ``_``, ``~~``), hard
  line breaks;
* bare URLs and e-mail addresses;
* doses (``5 mg``, ``200 mg/m²``, ``37.5°C``), phone numbers, other numbers;
* do-not-translate glossary terms (drug and treatment names), whole words,
  case-sensitive, longest first.

Adjacent protected spans share one placeholder, so the engine sees as few as
possible.  :func:`restore` puts the originals back and reports any placeholder
the engine lost, repeated or invented, and any link, URL or HTML tag the engine
added that the source does not have (engine output is untrusted): the draft is
kept, and the caller records the problem in the PO file
(``# polyleaf-mt-problem: ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from ..provenance import MASK_TOKEN

_UNITS = (
    r"mg/m²|mg/m2|mg/kg|mg/ml|mg/mL|micrograms?|mcg|µg|μg|mg|kg|g|ml|mL|l|L|IU|units?|mmol/L|mmol|"
    r"%|°C|°F|hours?|hrs?|days?|weeks?|mins?|minutes?"
)

#: (name, pattern) in priority order: at the same start, an earlier name wins a tie in length.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)),
    ("html-comment", re.compile(r"<!--.*?-->", re.S)),
    ("autolink", re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")),
    ("html", re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>")),
    ("image", re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")),
    ("link-dest", re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)|\]\[[^\]]*\]")),
    ("link-open", re.compile(r"\[(?=[^\[\]]*\][\(\[])")),
    ("hard-break", re.compile(r"(?: {2,}|\\)\n")),
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’]")),
    ("email", re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")),
    ("dose", re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?\s?(?:" + _UNITS + r")(?![\w/])")),
    ("phone", re.compile(r"(?<![\w.+])\+?\(?\d[\d()]*(?:[ \-]\(?\d[\d()]*){1,5}(?![\w.])")),
    ("number", re.compile(r"(?<![\w.])\d+(?:[.,:/\-]\d+)*(?![\w])")),
    ("emphasis", re.compile(r"(?<![\\\w*_~])(?:\*{1,3}|_{1,3}|~~)(?=[^\s*_~])|(?<=[^\s\\*_~])(?:\*{1,3}|_{1,3}|~~)(?![\w*_~])")),
)
_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}
_NEEDS_DIGITS = {"phone": 6}


@dataclass(frozen=True)
class Mask:
    """One placeholder: ``token`` stands for ``original`` (one or more adjacent protected spans)."""

    token: str
    original: str
    kinds: tuple[str, ...]
    side: str = ""  # "open"/"close" for delimiters hugging translatable text, else ""


@dataclass(frozen=True)
class Masked:
    """A segment as sent to an engine."""

    source: str
    text: str
    masks: tuple[Mask, ...]

    @property
    def has_words(self) -> bool:
        """Whether anything is left to translate once placeholders are removed."""
        return any(ch.isalpha() for ch in MASK_TOKEN.sub("", self.text))


@dataclass(frozen=True)
class Restored:
    text: str
    lost: tuple[str, ...] = ()  # originals whose placeholder the engine dropped or mangled
    duplicated: tuple[str, ...] = ()  # originals whose placeholder appears more than once
    unknown: tuple[str, ...] = ()  # placeholders the engine invented (left in the text)
    added: tuple[str, ...] = ()  # links, URLs or HTML the engine wrote that the source does not have
    controls: int = 0  # control characters the engine sent (removed)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.unknown or self.added or self.controls)

    def problem_facts(self) -> dict[str, str]:
        """``key=value`` facts for the ``polyleaf-mt-problem`` line (values without spaces)."""
        facts: dict[str, str] = {}
        if self.lost:
            facts["mask-lost"] = str(len(self.lost))
            facts["missing"] = ",".join(_quote(s) for s in self.lost)
        if self.duplicated:
            facts["mask-duplicated"] = str(len(self.duplicated))
        if self.unknown:
            facts["mask-unknown"] = ",".join(_quote(s) for s in self.unknown)
        if self.added:
            facts["markup-added"] = ",".join(_quote(s) for s in self.added)
        if self.controls:
            facts["control-chars"] = str(self.controls)
        return facts


def _quote(text: str) -> str:
    return quote(text, safe="/:()[]*_`.@+-#?=&~!$'<>")


def _spans(text: str, terms: tuple[str, ...], kinds: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for name, pattern in _PATTERNS:
        if kinds is not None and name not in kinds:
            continue
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if name in _NEEDS_DIGITS and sum(c.isdigit() for c in m.group()) < _NEEDS_DIGITS[name]:
                continue
            found.append((m.start(), m.end(), name))
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text):
            found.append((m.start(), m.end(), "term"))
    # leftmost, then longest, then by priority; drop anything overlapping a chosen span
    found.sort(key=lambda s: (s[0], -(s[1] - s[0]), _PRIORITY.get(s[2], -1)))
    chosen: list[tuple[int, int, str]] = []
    end = 0
    for start, stop, name in found:
        if start >= end:
            chosen.append((start, stop, name))
            end = stop
    return chosen


#: Kinds of span that are Markdown or HTML markup (what an XLIFF export turns into inline codes).
MARKUP_KINDS = frozenset({"code", "html-comment", "autolink", "html", "image", "link-dest", "link-open", "hard-break",
                          "url", "email", "emphasis"})


def markup_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, stop, kind)`` of every markup span in ``text`` (no numbers or terms), left to right.

    Chosen as :func:`mask` chooses them, so what a mask protects and what an exchange file
    protects are the same spans; adjacent spans stay apart.
    """
    return _spans(text, (), MARKUP_KINDS)


def _side(text: str, start: int, stop: int, kinds: tuple[str, ...]) -> str:
    if not set(kinds) <= {"emphasis", "link-open", "link-dest"}:
        return ""
    before = text[start - 1] if start > 0 else " "
    after = text[stop] if stop < len(text) else " "
    if not after.isspace() and (before.isspace() or start == 0):
        return "open"
    if not before.isspace() and (after.isspace() or stop == len(text) or not after.isalnum()):
        return "close"
    return ""


def mask(text: str, terms: tuple[str, ...] | list[str] = ()) -> Masked:
    """Replace protected spans of ``text`` by ``⟦0⟧``, ``⟦1⟧`` ... (adjacent spans merged)."""
    spans = _spans(text, tuple(terms))
    merged: list[list] = []
    for start, stop, name in spans:
        if merged and merged[-1][1] == start:
            merged[-1][1] = stop
            merged[-1][2].append(name)
        else:
            merged.append([start, stop, [name]])
    out: list[str] = []
    masks: list[Mask] = []
    pos = 0
    for start, stop, names in merged:
        token = f"⟦{len(masks)}⟧"
        kinds = tuple(names)
        masks.append(Mask(token, text[start:stop], kinds, _side(text, start, stop, kinds)))
        out.append(text[pos:start])
        out.append(token)
        pos = stop
    out.append(text[pos:])
    return Masked(source=text, text="".join(out), masks=tuple(masks))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ACTIVE = re.compile(
    r"<[A-Za-z/!][^<>]*>|\]\([^)]*\)|\b(?:https?|ftp|javascript|data|vbscript):[^\s<>()\[\]]*|www\.[^\s<>()\[\]]+",
    re.I,
)


def added_markup(source: str, text: str) -> tuple[str, ...]:
    """Links, URLs and HTML in ``text`` that ``source`` does not contain (an engine's invention)."""
    return tuple(dict.fromkeys(m.group() for m in _ACTIVE.finditer(text) if m.group() not in source))


def restore(masked: Masked, translated: str) -> Restored:
    """Put the originals back into ``translated``; report placeholders lost, repeated or invented."""
    by_number = {i: m for i, m in enumerate(masked.masks)}
    counts = {i: 0 for i in by_number}
    unknown: list[str] = []

    # Control characters have no place in a leaflet (and some break PO files): drop them.
    text, controls = _CONTROL.subn("", translated)
    # A line break the sent text did not have would end a heading or table cell early: fold it.
    if "\n" not in masked.text:
        text = re.sub(r"[ \t]*\n\s*", " ", text.strip())
    # Engines like to pad placeholders with spaces; a delimiter hugging a word must hug it again.
    for i, m in by_number.items():
        if m.side == "open":
            text = re.sub(r"(⟦\s*%d\s*⟧)\s+" % i, r"\1", text)
        elif m.side == "close":
            text = re.sub(r"\s+(⟦\s*%d\s*⟧)" % i, r"\1", text)

    def put_back(match: re.Match[str]) -> str:
        number = int(re.sub(r"\D", "", match.group()))
        if number not in by_number:
            unknown.append(match.group())
            return match.group()
        counts[number] += 1
        return by_number[number].original

    text = MASK_TOKEN.sub(put_back, text)
    lost = tuple(by_number[i].original for i, n in counts.items() if n == 0)
    duplicated = tuple(by_number[i].original for i, n in counts.items() if n > 1)
    return Restored(text=text, lost=lost, duplicated=duplicated, unknown=tuple(unknown), added=added_markup(masked.source, text), controls=controls)
