"""The ``[translate]`` settings table, validated, with command-line overrides."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..config import Settings

#: Keys ``[translate]`` accepts (config.SCHEMA uses this set).
KEYS = frozenset({
    "provider", "url", "region", "email", "api_key_env", "memory_needs_review", "concurrency",
    "batch_size", "batch_chars", "retries", "backoff", "max_wait", "timeout", "tmx_memory",
    "memory",  # legacy catalogs adopted by `polyleaf extract` (pipeline/compendium.py validates it)
})


@dataclass(frozen=True)
class TranslateOptions:
    provider: str = ""
    url: str = ""  # LibreTranslate server
    region: str = ""  # Microsoft region
    email: str = ""  # MyMemory: raises the free quota
    api_key_env: str = ""  # environment variable holding the key (default per provider)
    memory_needs_review: bool = False  # reuse from memory as fuzzy (True) or as translated (False)
    concurrency: int = 4  # requests in flight at once
    batch_size: int = 20  # segments joined into one request (engines that allow it)
    batch_chars: int = 2000  # and at most this many characters per request
    retries: int = 4  # extra attempts on 429, 5xx, timeouts, malformed answers
    backoff: float = 1.0  # first wait in seconds; doubles each attempt
    max_wait: float = 60.0  # longest single wait (caps Retry-After too)
    timeout: float = 30.0  # seconds per request
    memory: tuple[str, ...] = ()  # legacy catalogs (globs) adopted by `polyleaf extract`
    tmx_memory: tuple[str, ...] = ()  # glob patterns of TMX files used as memory (exact matches, as fuzzy drafts)


_TYPES: dict[str, tuple[type, ...]] = {
    "provider": (str,), "url": (str,), "region": (str,), "email": (str,), "api_key_env": (str,),
    "memory_needs_review": (bool,), "concurrency": (int,), "batch_size": (int,), "batch_chars": (int,),
    "retries": (int,), "backoff": (int, float), "max_wait": (int, float), "timeout": (int, float),
    "memory": (list,),
    "tmx_memory": (list,),
}
_MINIMUM = {"concurrency": 1, "batch_size": 1, "batch_chars": 1, "retries": 0, "backoff": 0, "max_wait": 0, "timeout": 0.001}


def load_options(settings: Settings, **overrides: Any) -> TranslateOptions:
    """``[translate]`` from the settings, then non-None ``overrides`` (from the command line)."""
    table = settings.table("translate")
    if not isinstance(table, dict):
        raise settings.error("[translate] must be a table", "translate")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("api_key", "key", "token", "auth_key"):
            raise settings.error(
                f"[translate] {key}: keys are read from environment variables only, never from files; "
                "remove it and set the provider's variable (or name it with api_key_env)", "translate", key)
        if key not in KEYS:
            raise settings.error(f"unknown key {key!r} in [translate] (known: {', '.join(sorted(KEYS))})", "translate", key)
        types = _TYPES[key]
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            raise settings.error(f"[translate] {key} must be {' or '.join(t.__name__ for t in types)}, got {value!r}", "translate", key)
        if key in _MINIMUM and value < _MINIMUM[key]:
            raise settings.error(f"[translate] {key} must be at least {_MINIMUM[key]}, got {value!r}", "translate", key)
        if key == "tmx_memory" and not all(isinstance(v, str) and v for v in value):
            raise settings.error("[translate] tmx_memory must be a list of file patterns such as \"memory/*.tmx\"", "translate", key)
        values[key] = tuple(value) if key in ("memory", "tmx_memory") else float(value) if float in types else value
    options = TranslateOptions(**values)
    return replace(options, **{k: v for k, v in overrides.items() if v is not None})


def do_not_translate(settings: Settings) -> tuple[str, ...]:
    """``[glossary] do_not_translate``: terms that must reach every language unchanged."""
    glossary = settings.table("glossary")
    terms = glossary.get("do_not_translate", []) if isinstance(glossary, dict) else []
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise settings.error("[glossary] do_not_translate must be a list of strings", "glossary", "do_not_translate")
    return tuple(t for t in terms if t.strip())
