"""Stage ``translate``: machine drafts (fuzzy, for review) for the selected languages.

Only when ``[translate] provider`` is set; the default build is offline.  The plan names the
provider and the languages; :func:`apply` calls :func:`pipeline.mt.run.translate_language`
for each and gathers what failed.  A check never calls a provider (network, cost): its plan
says so and lists no files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import ProviderError
from . import Plan, Selection


@dataclass
class TranslateOutcome:
    status: str
    detail: str
    problems: list[str] = field(default_factory=list)
    drafts_failed: str = ""


def plan(settings: Settings, selection: Selection) -> Plan:
    from ..mt.options import load_options

    options = load_options(settings)
    if not options.provider:
        return Plan("translate", selection, detail="no [translate] provider configured (offline build)")
    from ..mt import providers as mt_providers

    if options.provider not in mt_providers.SPECS:
        mt_providers.provider_from_options(options, settings)  # raises the settings error (exit 3)
    return Plan("translate", selection, tuple(f"{code}: drafts via {options.provider}" for code in selection.languages),
                detail=f"machine drafts via {options.provider} (not run by a check)", payload=options)


def _retry_notice(message: str) -> None:
    """A long retry wait is announced at once on stderr (the stage summary comes only at its end)."""
    print(f"translate: retrying: {message}", file=sys.stderr, flush=True)


def apply(plan: Plan, settings: Settings, on_retry: Callable[[str], None] = _retry_notice) -> TranslateOutcome:
    options = plan.payload
    if options is None:
        return TranslateOutcome("skipped", plan.detail)
    from ..mt import providers as mt_providers
    from ..mt.options import do_not_translate
    from ..mt.run import translate_language

    terms = do_not_translate(settings)
    out = TranslateOutcome("", "")
    try:
        engine = mt_providers.provider_from_options(options, settings)
    except ProviderError as exc:
        return TranslateOutcome("failed", str(exc), [f"translate: {exc}"], str(exc))
    filled = failed = 0
    try:
        for lang in plan.selection.language_objects(settings):
            try:
                report = translate_language(settings, lang, engine, options, terms, on_retry=on_retry)
            except ProviderError as exc:
                out.problems.append(f"translate [{lang.code}]: {exc}")
                out.drafts_failed = out.drafts_failed or f"[{lang.code}] {exc}"
                continue
            filled += report.from_provider + report.from_memory + report.copied
            failed += report.failed_total
    finally:
        engine.close()
    if failed:
        out.problems.append(f"translate: {failed} segment(s) not drafted (run `polyleaf translate` for details)")
        out.drafts_failed = out.drafts_failed or f"{failed} segment(s) not drafted"
    said = f"{filled} machine draft(s) (fuzzy, for review), {failed} failed, via {options.provider}"
    if out.drafts_failed:
        out.status, out.detail = "failed", f"{said}: {out.drafts_failed}"
    else:
        out.status, out.detail = ("ran" if filled else "up to date"), said
    return out
