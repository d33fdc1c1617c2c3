"""``[checks]`` settings (severities, disabled checks, per-language rules) and the run's :class:`CheckContext`."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import SCHEMA, Settings
from ..errors import PolyleafError
from ..glossary import Glossary
from ..languages import Language, parse_language
from .registry import CHECKS, SEVERITIES

# -- configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageRules:
    """What ``[checks]`` says for one language."""

    severity: tuple[tuple[str, str], ...] = ()  # (code, "error"|"warning"|"off")
    allow_identical: tuple[str, ...] = ()
    length_ratio: tuple[float, float] | None = None

    def severity_of(self, code: str) -> str:
        return dict(self.severity).get(code, CHECKS[code].severity)


@dataclass(frozen=True)
class ChecksConfig:
    severity: tuple[tuple[str, str], ...] = ()
    allow_identical: tuple[str, ...] = ()
    languages: tuple[tuple[str, LanguageRules], ...] = ()

    def rules(self, lang: Language) -> LanguageRules:
        per = dict(self.languages).get(lang.code) or dict(self.languages).get(lang.base) or LanguageRules()
        sev = dict(self.severity)
        sev.update(dict(per.severity))
        return LanguageRules(
            severity=tuple(sorted(sev.items())),
            allow_identical=self.allow_identical + per.allow_identical,
            length_ratio=per.length_ratio,
        )


CHECKS_KEYS = frozenset(SCHEMA["checks"])
LANGUAGE_KEYS = frozenset({"disable", "severity", "allow_identical", "length_ratio"})


def load_checks_config(settings: Settings) -> ChecksConfig:
    """``[checks]`` validated: unknown keys, check codes and severities are errors naming the line."""
    table = settings.table("checks")
    if not isinstance(table, dict):
        raise settings.error("[checks] must be a table", "checks")

    def parse_rules(tbl: dict, keys: tuple[str, ...], allowed: frozenset) -> tuple[dict[str, str], tuple[str, ...], tuple[float, float] | None]:
        where = "[" + ".".join(keys) + "]"
        for key in tbl:
            if key not in allowed:
                raise settings.error(f"unknown key {key!r} in {where} (known: {', '.join(sorted(allowed))})", *keys, key)
        sev: dict[str, str] = {}
        disable = tbl.get("disable", [])
        if not isinstance(disable, list) or not all(isinstance(c, str) for c in disable):
            raise settings.error(f"{where} disable must be a list of check codes", *keys, "disable")
        for code in disable:
            if code not in CHECKS:
                raise settings.error(f"{where} disable: unknown check code {code!r} (known: {', '.join(sorted(CHECKS))})", *keys, "disable")
            sev[code] = "off"
        severity = tbl.get("severity", {})
        if not isinstance(severity, dict):
            raise settings.error(f"{where} severity must be a table of check-code = \"error\"|\"warning\"|\"off\"", *keys, "severity")
        for code, value in severity.items():
            if code not in CHECKS:
                raise settings.error(f"{where} severity: unknown check code {code!r} (known: {', '.join(sorted(CHECKS))})", *keys, "severity")
            if value not in SEVERITIES:
                raise settings.error(f"{where} severity of {code}: expected one of {', '.join(SEVERITIES)}, got {value!r}", *keys, "severity")
            sev[code] = value
        allow = tbl.get("allow_identical", [])
        if not isinstance(allow, list) or not all(isinstance(a, str) and a.strip() for a in allow):
            raise settings.error(f"{where} allow_identical must be a list of non-empty strings", *keys, "allow_identical")
        ratio = tbl.get("length_ratio")
        if ratio is not None:
            ok = (isinstance(ratio, list) and len(ratio) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in ratio)
                  and 0 < ratio[0] < ratio[1])
            if not ok:
                raise settings.error(f"{where} length_ratio must be [low, high] with 0 < low < high", *keys, "length_ratio")
            ratio = (float(ratio[0]), float(ratio[1]))
        return sev, tuple(a.strip() for a in allow), ratio

    sev, allow, _ = parse_rules(table, ("checks",), CHECKS_KEYS)
    langs = table.get("language", {})
    if not isinstance(langs, dict):
        raise settings.error("[checks.language] must hold one table per language code", "checks", "language")
    per: list[tuple[str, LanguageRules]] = []
    for code, tbl in langs.items():
        keys = ("checks", "language", code)
        try:
            lang = parse_language(code)
        except PolyleafError as exc:  # LanguageError
            raise settings.error(f"[checks.language.{code}]: {exc.message}", *keys) from None
        if not isinstance(tbl, dict):
            raise settings.error(f"[checks.language.{code}] must be a table", *keys)
        lsev, lallow, ratio = parse_rules(tbl, keys, LANGUAGE_KEYS)
        per.append((lang.code, LanguageRules(tuple(sorted(lsev.items())), lallow, ratio)))
    return ChecksConfig(tuple(sorted(sev.items())), allow, tuple(per))


@dataclass(frozen=True)
class CheckContext:
    """What the checks of one language need besides the pair."""

    lang: Language
    glossary_terms: tuple[tuple[str, str], ...] = ()  # (source term, approved translation), longest first
    glossary_notes: tuple[tuple[str, str], ...] = ()  # (source term, note for translators)
    do_not_translate: tuple[str, ...] = ()
    allow_identical: tuple[str, ...] = ()
    length_ratio: tuple[float, float] | None = None


def context_for(lang: Language, glossary: Glossary | None = None, rules: LanguageRules | None = None) -> CheckContext:
    glossary = glossary or Glossary()
    rules = rules or LanguageRules()
    return CheckContext(
        lang=lang,
        glossary_terms=glossary.for_language(lang),
        glossary_notes=glossary.notes(),
        do_not_translate=glossary.do_not_translate,
        allow_identical=rules.allow_identical,
        length_ratio=rules.length_ratio,
    )
