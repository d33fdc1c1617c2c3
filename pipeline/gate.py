"""The publish gate: which (document, language) may ship, and why not -- pure over values.

:func:`decide` takes one pair's coverage, checks summary and readability verdict and returns a
frozen :class:`PublishDecision` with every reason spelled out (a document whose source has an
error-level diagnostic -- :mod:`pipeline.source_checks`: ``empty-heading``, ``unclosed-emphasis``,
things that would publish broken HTML -- is held back in every language until it is fixed); :func:`manifest` turns the
decisions into ``manifest.json`` text (deterministic: a no-op build changes nothing).  Nothing
here reads a catalog or writes a file: :mod:`pipeline.check_runner` gathers the inputs and
:mod:`pipeline.site` writes the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from . import jsonfmt
from .checks import ChecksSummary
from .config import SCHEMA, Settings
from .errors import PolyleafError
from .languages import Language
from .model import Document
from .review import Coverage

if TYPE_CHECKING:
    from .check_runner import LanguageInputs

PUBLISH_KEYS = frozenset(SCHEMA["publish"])


class ReadabilityResult(Protocol):
    ok: bool
    reason: str


@dataclass(frozen=True)
class SimpleVerdict:
    """A readability verdict when none could be computed (or for tests), or one recorded by a build:
    ``data`` is then the full verdict's ``as_dict()`` (waiver included), so ``build`` and ``publish``
    write the same manifest."""

    ok: bool
    reason: str
    data: dict | None = field(default=None, compare=False, hash=False)

    def as_dict(self) -> dict:
        return dict(self.data) if self.data else {"ok": self.ok, "reason": self.reason}


@dataclass(frozen=True)
class PublishDecision:
    document: str
    language: str
    publish: bool
    reasons: tuple[str, ...]
    coverage: Coverage
    checks: ChecksSummary
    readability: Any  # the verdict object (``.ok``, ``.reason``)
    source_hash: str
    catalog_hash: str | None

    def as_dict(self) -> dict:
        read = self.readability
        if read is None:
            rdict = None
        elif hasattr(read, "as_dict"):
            rdict = read.as_dict()
        else:
            rdict = {"ok": bool(getattr(read, "ok", False)), "reason": str(getattr(read, "reason", ""))}
        return {
            "document": self.document,
            "language": self.language,
            "decision": "publish" if self.publish else "hold",
            "reasons": list(self.reasons),
            "coverage": self.coverage.as_dict(),
            "checks": self.checks.as_dict(),
            "readability": rdict,
            "source_hash": self.source_hash,
            "catalog_hash": self.catalog_hash,
        }


def source_errors(doc: Document) -> tuple[str, ...]:
    """The source's error-level diagnostics as ``source/x.md:LINE: code``: each holds the document back."""
    return tuple(f"{d.path}:{d.line}: {d.code}" for d in doc.diagnostics if d.severity == "error")


def decide(document: str, language: str, coverage: Coverage, checks: ChecksSummary, readability: ReadabilityResult | None,
           source_hash: str, catalog_hash: str | None, held: str = "", source_errors: Sequence[str] = ()) -> PublishDecision:
    """The gate's decision for one (document, language): pure, every reason spelled out.

    ``source_errors`` (``source/x.md:LINE: code``, see :func:`source_errors`) hold the language
    back whatever its catalog says: the page would carry the source's broken HTML."""
    reasons: list[str] = []
    if source_errors:
        reasons.append(f"{len(source_errors)} source error(s), fix the source: " + ", ".join(source_errors))
    if catalog_hash is None:
        reasons.append("no catalog: run `polyleaf extract`")
    if checks.failed:
        reasons.append(f"catalog unusable: {checks.failed}")
    if not coverage.complete:
        parts = []
        if coverage.missing:
            parts.append(f"{coverage.missing} untranslated")
        if coverage.drafts:
            parts.append(f"{coverage.drafts} awaiting review (fuzzy)")
        if coverage.stale:
            parts.append(f"{coverage.stale} with a stale approval")
        if coverage.four_eyes:
            parts.append(f"{coverage.four_eyes} held for a second reviewer (" + "; ".join(coverage.four_eyes_examples)
                         + ("; ..." if coverage.four_eyes > len(coverage.four_eyes_examples) else "") + ")")
        reasons.append(
            f"coverage {100 * coverage.share:.1f}% of source words reviewed "
            f"({coverage.reviewed_words}/{coverage.source_words}): " + ", ".join(parts or ["incomplete"])
        )
    if checks.errors:
        codes = ", ".join(f"{c} x{n}" for c, n in checks.by_code) if checks.by_code else ""
        reasons.append(f"{checks.errors} check error(s)" + (f" ({codes})" if codes else ""))
    if readability is None:
        reasons.append("readability not scored")
    elif not readability.ok:
        reasons.append(f"readability: {readability.reason}")
    if held:
        reasons.append(held)
    return PublishDecision(document, language, not reasons, tuple(reasons), coverage, checks, readability, source_hash, catalog_hash)


def load_publish_settings(settings: Settings) -> dict:
    """``[publish]``: ``strict`` (bool, default false), ``hold`` (language codes held back by hand)."""
    table = settings.table("publish")
    if not isinstance(table, dict):
        raise settings.error("[publish] must be a table", "publish")
    for key in table:
        if key not in PUBLISH_KEYS:
            raise settings.error(f"unknown key {key!r} in [publish] (known: {', '.join(sorted(PUBLISH_KEYS))})", "publish", key)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise settings.error("[publish] strict must be true or false", "publish", "strict")
    hold = table.get("hold", [])
    if not isinstance(hold, list) or not all(isinstance(h, str) for h in hold):
        raise settings.error("[publish] hold must be a list of language codes", "publish", "hold")
    codes = []
    for h in hold:
        try:
            codes.append(settings.language(h).code)
        except PolyleafError as exc:
            raise settings.error(f"[publish] hold: {exc.message}", "publish", "hold") from None
    return {"strict": strict, "hold": tuple(codes)}


def decide_all(inputs: Iterable[LanguageInputs], readability: Callable[[Document, Language], ReadabilityResult | None],
               hold: Iterable[str] = ()) -> list[PublishDecision]:
    """:func:`decide` for every input; ``readability(doc, lang)`` gives each verdict (a callable, so the
    caller decides how scores are computed or cached)."""
    held = set(hold)
    out = []
    for item in inputs:
        verdict = readability(item.document, item.language)
        out.append(decide(
            item.document.name, item.language.code, item.coverage, item.summary, verdict,
            item.document.source_hash, item.catalog_hash,
            held="held back by [publish] hold in polyleaf.toml" if item.language.code in held else "",
            source_errors=item.source_errors,
        ))
    return out


def manifest(decisions: Iterable[PublishDecision], settings: Settings | None = None,
             audit: Callable[[str, str], dict] | None = None, row_text: Callable[[dict], str] | None = None) -> str:
    """``manifest.json`` text: deterministic (sorted, no timestamps) so a no-op build changes nothing.
    ``audit(document, language)``: each decision's ``audit`` block (default
    :func:`pipeline.audit.manifest_audit`; the build passes a memo of it).  ``row_text(row)``: the
    text of one decision as it sits in the file (:func:`pipeline.jsonfmt.dumps_nested` at depth 2;
    the build passes a memo of it): the same bytes either way."""
    rows = [d.as_dict() for d in sorted(decisions, key=lambda d: (d.document, d.language))]
    if settings is not None:  # who translated, who reviewed, words by origin, review dates (pipeline.audit)
        if audit is None:
            from .audit import manifest_audit

            def audit(document: str, language: str) -> dict:
                return manifest_audit(settings, document, language)

        for row in rows:
            row["audit"] = audit(row["document"], row["language"])
    body: dict[str, Any] = {
        "project": settings.name if settings else "",
        "version": settings.version if settings else "",
        "published": sorted({f"{r['document']}/{r['language']}" for r in rows if r["decision"] == "publish"}),
        "decisions": rows,
    }
    if row_text is None or not rows:
        return jsonfmt.dumps(body) + "\n"  # = json.dumps(body, indent=2, ensure_ascii=False)
    head = jsonfmt.dumps(dict(body, decisions=[]))  # "decisions" is the last key: its list is spliced in
    return head[:-len("[]\n}")] + "[\n    " + ",\n    ".join(map(row_text, rows)) + "\n  ]\n}\n"
