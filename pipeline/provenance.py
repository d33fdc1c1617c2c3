"""Where a translation came from, written into the PO file itself.

gettext's own states are the workflow (untranslated, fuzzy, translated,
obsolete); provenance is added beside them, never instead of them.  It lives in
translator comments (``# ...``), which Poedit, Lokalize and Weblate keep on a
round trip, in one ``key=value`` line per fact:

``# polyleaf-mt: engine=libretranslate date=2026-11-24 sha=1a2b3c4d5e6f``
    A machine draft.  ``sha`` is :func:`text_hash` of the msgstr as the engine
    gave it: if the msgstr no longer matches, a human has edited the draft and
    no tool may replace it.  A draft is always flagged ``fuzzy`` too.
``# polyleaf-mt-problem: mask-lost=3 ...``
    The engine dropped or mangled protected text (a link, number, term); the
    draft is kept for the reviewer, and checks report it.
``# polyleaf-tm: from=immunotherapy date=2026-11-24``
    Reused from translation memory (an exact reviewed match).
``# polyleaf-approved: sha=... by="Ana Ruiz" email=ana@example.org date=2026-12-06 seal=...``
    A reviewer approved this exact pair: ``sha`` is :func:`pair_hash` of
    msgid and msgstr.  Editing either side breaks the binding and re-opens review.
    ``by``/``email``/``date`` (optional, added by ``polyleaf approve --reviewer``)
    name the reviewer; ``seal`` is :func:`seal` of sha, reviewer and date, so
    the name cannot be edited onto someone else's approval unnoticed.
``# polyleaf-translated: by="Jan Kowalski" email=jan@example.org date=2026-12-06 via=xliff``
    The human who wrote (or post-edited) the translation, when known: from an
    XLIFF import, the ``Last-Translator`` of the catalog at approval, or the
    settings/environment.  Machine drafts name their engine in ``polyleaf-mt``
    (``engine=apertium version=3.8.3``) instead.

Values with spaces are written in double quotes (``by="Ana Ruiz"``); lines
written before identities existed (``sha=...`` only) read as before.
"""

from __future__ import annotations

import hashlib
import re

MT = "polyleaf-mt"
MT_PROBLEM = "polyleaf-mt-problem"
TM = "polyleaf-tm"
APPROVED = "polyleaf-approved"
TRANSLATED = "polyleaf-translated"

_LINE = re.compile(r"^(polyleaf-[a-z-]+):\s*(.*)$")
_PAIR = re.compile(r'([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|\S*)')
_NEEDS_QUOTES = re.compile(r'[\s"\\]|^$')

#: Placeholders used to protect text from MT engines (``⟦0⟧``, ``⟦1⟧`` ...).  One
#: left in a translation means a mask was not restored.
MASK_TOKEN = re.compile(r"⟦\s*\d+\s*⟧")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def pair_hash(msgid: str, msgstr: str) -> str:
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode("utf-8")).hexdigest()[:16]


def parse(tcomment: str) -> dict[str, dict[str, str]]:
    """``{kind: {key: value}}`` for every polyleaf line in a translator comment."""
    out: dict[str, dict[str, str]] = {}
    for line in (tcomment or "").splitlines():
        m = _LINE.match(line.strip())
        if m:
            out[m.group(1)] = {k: _unquote(v) for k, v in _PAIR.findall(m.group(2))}
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _quote(value: str) -> str:
    value = " ".join(str(value).split()) if "\n" in str(value) else str(value)
    if not _NEEDS_QUOTES.search(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_line(kind: str, **facts: str) -> str:
    return f"{kind}: " + " ".join(f"{k}={_quote(v)}" for k, v in facts.items())


def seal(sha: str, by: str, email: str, date: str) -> str:
    """Binds a reviewer's name, e-mail and date to the approved content hash ``sha``."""
    return hashlib.sha256(f"{sha}\x00{by}\x00{email}\x00{date}".encode("utf-8")).hexdigest()[:12]


def set_line(tcomment: str, kind: str, **facts: str) -> str:
    """The comment with the ``kind`` line replaced (or added); other lines kept in order."""
    lines = [l for l in (tcomment or "").splitlines() if not l.strip().startswith(kind + ":")]
    lines.append(format_line(kind, **facts))
    return "\n".join(lines)


def drop_line(tcomment: str, kind: str) -> str:
    return "\n".join(l for l in (tcomment or "").splitlines() if not l.strip().startswith(kind + ":"))
