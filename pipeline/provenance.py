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
``# polyleaf-approved: sha=...``
    A reviewer approved this exact pair: ``sha`` is :func:`pair_hash` of
    msgid and msgstr.  Editing either side breaks the binding and re-opens review.
"""

from __future__ import annotations

import hashlib
import re

MT = "polyleaf-mt"
MT_PROBLEM = "polyleaf-mt-problem"
TM = "polyleaf-tm"
APPROVED = "polyleaf-approved"

_LINE = re.compile(r"^(polyleaf-[a-z-]+):\s*(.*)$")
_PAIR = re.compile(r"([A-Za-z_][\w-]*)=(\S*)")

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
            out[m.group(1)] = dict(_PAIR.findall(m.group(2)))
    return out


def format_line(kind: str, **facts: str) -> str:
    return f"{kind}: " + " ".join(f"{k}={v}" for k, v in facts.items())


def set_line(tcomment: str, kind: str, **facts: str) -> str:
    """The comment with the ``kind`` line replaced (or added); other lines kept in order."""
    lines = [l for l in (tcomment or "").splitlines() if not l.strip().startswith(kind + ":")]
    lines.append(format_line(kind, **facts))
    return "\n".join(lines)


def drop_line(tcomment: str, kind: str) -> str:
    return "\n".join(l for l in (tcomment or "").splitlines() if not l.strip().startswith(kind + ":"))
