"""What moved in the readability report: a short per-language summary for a CI job page.

Readability reports are derived files: CI builds them on every run and publishes
them beside the site, so a translator's commit never fails because the
committed ``reports/`` are older than the catalogs.  What a content lead needs on
each run is what changed: this module compares two ``readability.json`` payloads
(the baseline, e.g. the report a content lead last reviewed and committed, and the
one just built) and says, per document and language, how the primary score, the
verdict and the share of the text scored moved.

Pure: two parsed JSON values in, Markdown text out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    document: str
    language: str
    metric: str
    before: float | None
    after: float | None
    ok_before: bool | None
    ok_after: bool | None
    coverage_before: float | None
    coverage_after: float | None
    drafts_before: int | None = None  # source words whose translation is still a fuzzy draft
    drafts_after: int | None = None

    @property
    def verdict_changed(self) -> bool:
        return self.ok_before != self.ok_after

    @property
    def changed(self) -> bool:
        return (self.before != self.after or self.verdict_changed or self.coverage_before != self.coverage_after
                or self.drafts_before != self.drafts_after)


def _rows(payload: dict | None) -> dict[tuple[str, str], dict]:
    out: dict[tuple[str, str], dict] = {}
    if not isinstance(payload, dict):
        return out
    for doc in payload.get("documents") or []:
        if not isinstance(doc, dict):
            continue
        for lang in doc.get("languages") or []:
            if isinstance(lang, dict) and not lang.get("is_source"):
                out[(str(doc.get("name", "?")), str(lang.get("language", "?")))] = lang
    return out


def _metric(row: dict | None) -> str:
    target = (row or {}).get("target") or {}
    return str(target.get("text", "")).split(" <=")[0].split(" >=")[0] or str(target.get("metric", ""))


def moves(base: dict | None, head: dict) -> list[Move]:
    """Every (document, language) of ``head`` (and any that left it), with its numbers before and after."""
    a, b = _rows(base), _rows(head)
    out = []
    for key in sorted(set(a) | set(b)):
        old, new = a.get(key), b.get(key)
        out.append(Move(
            key[0], key[1], _metric(new or old),
            (old or {}).get("primary_value"), (new or {}).get("primary_value"),
            ((old or {}).get("verdict") or {}).get("ok") if old else None,
            ((new or {}).get("verdict") or {}).get("ok") if new else None,
            (old or {}).get("coverage"), (new or {}).get("coverage"),
            (old or {}).get("fuzzy_words"), (new or {}).get("fuzzy_words"),
        ))
    return out


def _num(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}"


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def _ok(v: bool | None) -> str:
    return "–" if v is None else ("passes" if v else "below target")


def summary_markdown(base: dict | None, head: dict, base_label: str = "baseline") -> str:
    """A Markdown section: one row per document x language that moved (or a line saying nothing did)."""
    found = moves(base, head)
    changed = [m for m in found if m.changed]
    lines = ["### Readability: what moved", ""]
    if base is None:
        lines.append(f"No {base_label} to compare with: every language is listed as it is now.")
        lines.append("")
        changed = found
    elif not changed:
        lines.append(f"Nothing moved since the {base_label} ({len(found)} document-language pair(s) compared).")
        return "\n".join(lines) + "\n"
    else:
        lines.append(f"Compared with the {base_label}; {len(changed)} of {len(found)} document-language pair(s) moved.")
        lines.append("")
    lines.append("| document | language | metric | before | now | change | verdict | text scored | words in drafts |")
    lines.append("| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |")
    for m in changed:
        delta = "" if m.before is None or m.after is None else f"{m.after - m.before:+.1f}"
        verdict = _ok(m.ok_after) if not m.verdict_changed else f"**{_ok(m.ok_before)} → {_ok(m.ok_after)}**"
        cover = _pct(m.coverage_after) if m.coverage_before == m.coverage_after else f"{_pct(m.coverage_before)} → {_pct(m.coverage_after)}"
        drafts = f"{m.drafts_after if m.drafts_after is not None else '–'}" if m.drafts_before == m.drafts_after else \
            f"{m.drafts_before if m.drafts_before is not None else '–'} → {m.drafts_after if m.drafts_after is not None else '–'}"
        lines.append(f"| {m.document} | {m.language} | {m.metric} | {_num(m.before)} | {_num(m.after)} | {delta} | {verdict} | {cover} | {drafts} |")
    return "\n".join(lines) + "\n"
