"""What a rewrite of a catalog would change in its *content*, as opposed to its form.

A translator's editor saves the same catalog in many forms: Poedit, Lokalize and
Weblate wrap lines their own way, ``msgcat --no-wrap`` does not wrap at all,
``msgattrib --clear-fuzzy`` leaves the old source (``#| msgid``) on entries that
are no longer fuzzy, and headers come back in another order.  None of that is
content: ``polyleaf extract`` normalises it quietly and ``extract --check`` does
not fail for it.  Everything else is content, and :func:`content_changes` says
which entry changes and how, so CI can name it.

Form only (ignored):
  * line wrapping, string concatenation, escapes spelled differently;
  * the order of header fields, of flags and of entries;
  * ``#|`` (previous msgid/msgctxt) on entries that are not fuzzy: msgmerge drops it too.

Pure: values in, a list of :class:`ContentChange` out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib

Key = tuple[str | None, str, bool]  # msgctxt, msgid, obsolete


@dataclass(frozen=True)
class ContentChange:
    line: int | None  # line of the entry in the old file (None: not in it)
    what: str  # e.g. 'msgid "Rest at home": would change: msgstr'

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: {self.what}" if self.line else f"{path}: {self.what}"


def _key(e: polib.POEntry) -> Key:
    return (e.msgctxt, e.msgid, bool(e.obsolete))


def _norm(e: polib.POEntry) -> dict:
    fuzzy = "fuzzy" in e.flags
    return {
        "msgid_plural": e.msgid_plural or "",
        "msgstr": e.msgstr or "",
        "msgstr_plural": {int(k): v for k, v in (e.msgstr_plural or {}).items()},
        "flags": frozenset(e.flags),
        "translator comment": (e.tcomment or "").strip(),
        "extracted comment": (e.comment or "").strip(),
        "references": tuple((str(p), str(l)) for p, l in (e.occurrences or [])) if not e.obsolete else (),
        "previous msgid": (e.previous_msgctxt or None, e.previous_msgid or None, e.previous_msgid_plural or None) if fuzzy else None,
    }


def _short(text: str, width: int = 48) -> str:
    one = text.replace("\n", "\\n")
    return one if len(one) <= width else one[: width - 1] + "…"


def _label(e: polib.POEntry) -> str:
    ctx = f'msgctxt "{_short(e.msgctxt, 20)}" ' if e.msgctxt else ""
    return f'{"obsolete " if e.obsolete else ""}{ctx}msgid "{_short(e.msgid)}"'


def _refs(refs: Iterable[tuple[str, str]]) -> str:
    return " ".join(f"{p}:{l}" if l else p for p, l in refs) or "(none)"


def _why(name: str, old: dict, new: dict) -> str:
    a, b = old[name], new[name]
    if name == "flags":
        gone, added = sorted(a - b), sorted(b - a)
        parts = [f"+{f}" for f in added] + [f"-{f}" for f in gone]
        why = "flags " + " ".join(parts)
        if "fuzzy" in added:
            why += " (back to review: the source text changed)" if new["previous msgid"] else " (back to review)"
        return why
    if name == "references":
        return f"references {_refs(a)} -> {_refs(b)}"
    if name == "previous msgid":
        return "previous source (#| msgid) " + ("added" if b and not a else "removed" if a and not b else "changed")
    if name in ("msgstr", "msgstr_plural"):
        return "translation " + ("removed" if not b else "added" if not a else "changed")
    gone = [l for l in a.splitlines() if l not in b.splitlines()] if isinstance(a, str) else []
    added = [l for l in b.splitlines() if l not in a.splitlines()] if isinstance(b, str) else []
    if gone or added:
        return f"{name} " + "; ".join([*(f"-{_short(l, 40)!r}" for l in gone), *(f"+{_short(l, 40)!r}" for l in added)])
    return f"{name} changed"


def _header_changes(old: polib.POFile, new: polib.POFile) -> list[ContentChange]:
    out = []
    a, b = dict(old.metadata), dict(new.metadata)
    for field in sorted(set(a) | set(b)):
        if a.get(field) != b.get(field):
            if field not in a:
                out.append(ContentChange(1, f"header: would add {field}: {b[field]}"))
            elif field not in b:
                out.append(ContentChange(1, f"header: would remove {field}"))
            else:
                out.append(ContentChange(1, f"header: would change {field}: {a[field]!r} -> {b[field]!r}"))
    if bool(old.metadata_is_fuzzy) != bool(new.metadata_is_fuzzy):
        out.append(ContentChange(1, "header: would change its fuzzy flag"))
    if "\n".join(l.rstrip() for l in (old.header or "").strip().splitlines()) != \
            "\n".join(l.rstrip() for l in (new.header or "").strip().splitlines()):
        out.append(ContentChange(1, "header: would change the comment above it"))
    return out


def content_changes(old: polib.POFile, new: polib.POFile) -> list[ContentChange]:
    """Every change of content from ``old`` (as read from disk) to ``new`` (as it would be written),
    one per entry, in the order of the new catalog; ``[]`` when only the form differs."""
    out = _header_changes(old, new)
    before = {_key(e): e for e in old if not (e.msgid == "" and e.msgctxt is None and not e.obsolete)}
    after = {_key(e): e for e in new if not (e.msgid == "" and e.msgctxt is None and not e.obsolete)}
    for key, e in after.items():
        prev = before.get(key)
        if prev is None:
            revived = before.get((key[0], key[1], True)) if not key[2] else None
            if revived is not None:
                out.append(ContentChange(getattr(revived, "linenum", None), f"{_label(e)}: would change: revived from obsolete (back in the source)"))
            elif key[2]:
                live = before.get((key[0], key[1], False))
                out.append(ContentChange(getattr(live, "linenum", None) if live else None,
                                         f"{_label(e)}: would change: obsolete (no longer in the source; translation kept)"))
            else:
                where = f" at {_refs(e.occurrences[:1])}" if e.occurrences else ""
                if "fuzzy" in e.flags and e.previous_msgid is not None:
                    was = before.get((e.previous_msgctxt, e.previous_msgid, False))
                    out.append(ContentChange(getattr(was, "linenum", None),
                                             f"{_label(e)}: would add: the source text{where} changed from "
                                             f"\"{_short(e.previous_msgid)}\" (its translation kept as a fuzzy draft)"))
                else:
                    out.append(ContentChange(None, f"{_label(e)}: would add: new in the source{where} (untranslated)"))
            continue
        a, b = _norm(prev), _norm(e)
        if a != b:
            why = "; ".join(_why(n, a, b) for n in a if a[n] != b[n])
            out.append(ContentChange(getattr(prev, "linenum", None), f"{_label(e)}: would change: {why}"))
    fed = {(e.previous_msgctxt, e.previous_msgid) for e in new if "fuzzy" in e.flags and e.previous_msgid is not None}
    for key, e in before.items():
        if key in after or (key[0], key[1], not key[2]) in after or (key[0], key[1]) in fed:
            continue
        out.append(ContentChange(getattr(e, "linenum", None), f"{_label(e)}: would drop: no longer in the source"
                                 + ("" if e.msgstr or any((e.msgstr_plural or {}).values()) else " (untranslated)")))
    return out
