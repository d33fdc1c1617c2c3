"""The ``[readability]`` table and ``[[waivers]]`` entries of ``polyleaf.toml``.

Validated strictly: an unknown key, a wrong type, a waiver without a date or a
reason is a :class:`~pipeline.errors.ConfigError` naming its line.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..config import SCHEMA, Settings
from ..errors import ConfigError, PolyleafError
from ..languages import parse_language
from . import formulas as F

DEFAULT_READING_AGE = 11.0  # UK health standard (NHS, Patient Information Forum): reading age 9-11


@dataclass(frozen=True)
class Waiver:
    document: str
    language: str  # gettext-style code, as in locales/ ("zh_Hans")
    section: str | None
    date: _dt.date
    reason: str
    approved_by: str = ""
    line: int | None = None

    def covers(self, document: str, language: str, section: str | None = None) -> bool:
        if self.document != document or self.language != language:
            return False
        return self.section is None or self.section == section

    def as_dict(self) -> dict:
        return {
            "document": self.document,
            "language": self.language,
            "section": self.section,
            "date": self.date.isoformat(),
            "reason": self.reason,
            "approved_by": self.approved_by,
        }


@dataclass(frozen=True)
class Target:
    """What a language must reach on its profile's primary metric."""

    metric: str
    value: float
    higher_is_easier: bool
    source: str  # "settings" or "default"
    lang: str = ""  # base language: its reading ages are calibrated when it has a calibration

    def met_by(self, value: float) -> bool:
        return value >= self.value - 1e-9 if self.higher_is_easier else value <= self.value + 1e-9

    def describe(self) -> str:
        op = ">=" if self.higher_is_easier else "<="
        return f"{F.METRICS[self.metric].label} {op} {self.value:.1f}"

    @property
    def reading_age(self) -> float:
        """The reading age this target stands for on its own scale."""
        return F.reading_age(self.metric, self.value, self.lang or None)

    def for_metric(self, key: str) -> "Target":
        """The same target on another metric of the profile, through the reading age (SMOG <= 6.0 is
        reading age 11, which is Flesch Reading Ease >= 80)."""
        if key == self.metric:
            return self
        higher = F.SCALES[F.METRICS[key].scale].higher_is_easier
        return Target(key, round(F.target_for_age(key, self.reading_age, self.lang or None), 1), higher, self.source, self.lang)

    def judges(self, score) -> bool | None:
        """Does ``score`` (a :class:`~.engine.TextScore`) meet this target on the metric it is judged by?
        None when it is too short to judge or has no words."""
        m = score.judged_metric
        if m is None:
            return None
        return self.for_metric(m.key).met_by(m.value)


#: why a language's default target is not the project's reading age mapped onto its formula
DEFAULT_TARGET_REASONS = {
    "es": "INFLESZ 55 is the 'normal' threshold that the INFLESZ validation recommends for patient information "
          "(Barrio-Cantalejo et al. 2008)",
}


def target_reason(target: Target, base: str, reading_age: float) -> str:
    """One sentence a content lead can read: where this language's target comes from, and why its
    reading age may differ from the project's."""
    label = F.METRICS[target.metric].label
    age = target.reading_age
    if target.source == "settings":
        why = "set for this project in polyleaf.toml ([readability.targets])"
    elif base in DEFAULT_TARGET_REASONS and F.profile_for(base).default_target == target.value:
        why = DEFAULT_TARGET_REASONS[base]
    else:
        how = ("its calibration against English on professionally translated health texts"
               if F.calibration_for(base, target.metric) is not None else "its published table")
        return (f"the project's reading age {reading_age:g} (UK NHS / Patient Information Forum advice: 9–11) "
                f"mapped onto {label} through {how}")
    if abs(age - reading_age) < 0.05:
        return f"{why}; on the common scale it is reading age {age:.1f}, the project's"
    stricter = "stricter" if age < reading_age else "less strict"
    return f"{why}; on the common scale it is reading age {age:.1f}, {stricter} than the project's {reading_age:g}"


@dataclass(frozen=True)
class ReadabilitySettings:
    reading_age: float = DEFAULT_READING_AGE
    targets: tuple[tuple[str, float], ...] = ()  # (base or full language code, value) from settings
    parity_years: float = 2.0  # flag a section whose reading age exceeds the source's by more
    parity_sentence_ratio: float = 1.5  # ... or whose sentences are this much longer
    hotspots: int = 3
    include_fuzzy: bool = True
    min_words: int = 20  # sections shorter than this are shown but not judged
    waivers: tuple[Waiver, ...] = ()

    def target(self, lang_code: str, base: str) -> Target:
        profile = F.profile_for(base)
        spec = F.METRICS[profile.primary]
        higher = F.SCALES[spec.scale].higher_is_easier
        for code, value in self.targets:
            if code == lang_code:
                return Target(profile.primary, value, higher, "settings", base)
        for code, value in self.targets:
            if code == base:
                return Target(profile.primary, value, higher, "settings", base)
        if profile.default_target is not None and self.reading_age == DEFAULT_READING_AGE:
            return Target(profile.primary, profile.default_target, higher, "default", base)
        return Target(profile.primary, round(F.target_for_age(profile.primary, self.reading_age, base), 1), higher, "default", base)

    def waiver_for(self, document: str, language: str, section: str | None = None) -> Waiver | None:
        """The waiver covering a whole document (``section=None``) or one section (the first
        listed wins)."""
        index = self.__dict__.get("_waiver_index")
        if index is None:  # a project can carry thousands of waivers: look up by (document, language)
            index = {}
            for w in self.waivers:
                index.setdefault((w.document, w.language), []).append(w)
            object.__setattr__(self, "_waiver_index", index)
        for w in index.get((document, language), ()):
            if section is None:
                if w.section is None and w.covers(document, language):
                    return w
            elif w.covers(document, language, section):
                return w
        return None


_WAIVER_HEADER = re.compile(r"^\s*\[\[\s*waivers\s*\]\]")


def _waiver_lines(text: str) -> list[int]:
    # "waivers" in line: a plain substring test first, so only header candidates meet the regex
    return [n for n, line in enumerate(text.splitlines(), 1) if "waivers" in line and _WAIVER_HEADER.match(line)]


def _key_line(text: str, start: int | None, key: str) -> int | None:
    if start is None:
        return None
    lines = text.splitlines()
    for n in range(start, len(lines)):
        line = lines[n]
        if re.match(r"^\s*\[", line):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return n + 1
    return start


def load(settings: Settings) -> ReadabilitySettings:
    """Validate and read ``[readability]`` and ``[[waivers]]``."""
    table = settings.table("readability")
    where = settings.rel(settings.path) if settings.path else "polyleaf.toml"

    def err(message: str, *keys: str) -> ConfigError:
        return settings.error(message, *keys) if keys else ConfigError(message, where)

    if not isinstance(table, dict):
        raise err("[readability] must be a table", "readability")
    known = SCHEMA["readability"]
    for key in table:
        if key not in known:
            raise err(f"unknown key {key!r} in [readability] (known: {', '.join(sorted(known))})", "readability", key)

    def number(key: str, default: float, lo: float, hi: float) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (lo <= value <= hi):
            raise err(f"[readability] {key} must be a number from {lo:g} to {hi:g}, got {value!r}", "readability", key)
        return float(value)

    reading_age = number("reading_age", DEFAULT_READING_AGE, 5, 25)
    parity_years = number("parity_years", 2.0, 0, 20)
    parity_ratio = number("parity_sentence_ratio", 1.5, 1, 10)
    hotspots = int(number("hotspots", 3, 0, 50))
    min_words = int(number("min_words", 20, 0, 100000))
    include_fuzzy = table.get("include_fuzzy", True)
    if not isinstance(include_fuzzy, bool):
        raise err("[readability] include_fuzzy must be true or false", "readability", "include_fuzzy")
    raw_targets = table.get("targets", {})
    if not isinstance(raw_targets, dict):
        raise err("[readability] targets must be a table of language = number, e.g. targets = { es = 55 }", "readability", "targets")
    targets = []
    for code, value in raw_targets.items():
        try:
            lang = parse_language(code)
        except PolyleafError as exc:
            raise err(f"[readability.targets] {exc.message}", "readability", "targets", code) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise err(f"[readability.targets] {code} must be a number in the units of {F.METRICS[F.profile_for(lang.base).primary].label}", "readability", "targets", code)
        targets.append((lang.code if lang.code != lang.base else lang.base, float(value)))
    return ReadabilitySettings(
        reading_age=reading_age,
        targets=tuple(sorted(targets)),
        parity_years=parity_years,
        parity_sentence_ratio=parity_ratio,
        hotspots=hotspots,
        include_fuzzy=include_fuzzy,
        min_words=min_words,
        waivers=load_waivers(settings),
    )


def load_waivers(settings: Settings) -> tuple[Waiver, ...]:
    """The validated ``[[waivers]]``; raises the first entry's :class:`ConfigError` (naming its line).

    Settings validation, the readability table and the score stage each ask for the waivers of
    one :class:`Settings`; a project can carry thousands, so the result is kept on that object
    (for the same raw list and text; an error is not kept and is raised again on every call).
    """
    raw = settings.table("waivers")
    cached = settings.__dict__.get("_waivers")
    if cached is not None and cached[0] is raw and cached[1] is settings.text:
        return cached[2]
    waivers = _load_waivers(settings, raw)
    settings.__dict__["_waivers"] = (raw, settings.text, waivers)
    return waivers


def _load_waivers(settings: Settings, raw) -> tuple[Waiver, ...]:
    where = settings.rel(settings.path) if settings.path else "polyleaf.toml"
    if not isinstance(raw, list):
        raise ConfigError("waivers must be written as [[waivers]] entries", where, settings.line_of("waivers"))
    lines = _waiver_lines(settings.text)
    known = SCHEMA["waivers"]
    out = []
    for i, entry in enumerate(raw):
        start = lines[i] if i < len(lines) else None

        def err(message: str, key: str | None = None) -> ConfigError:
            return ConfigError(f"waiver {i + 1}: {message}", where, _key_line(settings.text, start, key) if key else start)

        if not isinstance(entry, dict):
            raise err("must be a table")
        for key in entry:
            if key not in known:
                raise err(f"unknown key {key!r} (known: {', '.join(sorted(known))})", key)
        for key in ("document", "language"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise err(f"{key} is required (a non-empty string)", key if key in entry else None)
        try:
            lang = parse_language(entry["language"])
        except PolyleafError as exc:
            raise err(exc.message, "language") from None
        section = entry.get("section")
        if section is not None and (not isinstance(section, str) or not section.strip()):
            raise err("section must be a non-empty string (the heading as written), or left out for the whole document", "section")
        date = entry.get("date")
        if "date" not in entry:
            raise err("date is required (a TOML date such as 2026-11-24)")
        if isinstance(date, _dt.datetime) or not isinstance(date, _dt.date):
            raise err(f"date must be a TOML date such as 2026-11-24 (unquoted), got {date!r}", "date")
        reason = entry.get("reason")
        if "reason" not in entry:
            raise err("reason is required: say why this text may stay harder than the target")
        if not isinstance(reason, str) or not reason.strip():
            raise err("reason must be a non-empty string", "reason")
        approved_by = entry.get("approved_by", "")
        if not isinstance(approved_by, str):
            raise err("approved_by must be a string", "approved_by")
        out.append(Waiver(entry["document"].strip(), lang.code, section.strip() if section else None, date, reason.strip(), approved_by.strip(), start))
    return tuple(out)
