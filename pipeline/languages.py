"""Language codes: validated against CLDR (via Babel), safe as folder names.

A code may be written BCP 47 style (``zh-Hans``, ``en-GB``) or gettext style
(``zh_Hans``, ``en_GB``); :func:`parse_language` gives one canonical
:class:`Language` whose ``code`` (gettext style) names the folder under
``locales/``, and whose ``tag`` (BCP 47) goes into HTML ``lang``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from . import memo
from .errors import LanguageError

_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    code: str  # gettext/CLDR identifier, e.g. "zh_Hans", "en_GB": folder name and PO "Language"
    tag: str  # BCP 47, e.g. "zh-Hans", "en-GB": HTML lang attribute
    direction: str  # "ltr" or "rtl"
    nplurals: int
    plural_expr: str

    # The names are CLDR's, looked up when first asked (then kept on the object): each reads
    # the locale's whole CLDR data file, which a build that names no language (a no-op) skips.
    @cached_property
    def english_name(self) -> str:
        """"Spanish", "Chinese (Simplified)"."""
        return Locale.parse(self.code).english_name or self.code

    @cached_property
    def native_name(self) -> str:
        """The language's own name: "español", "中文 (简体)"."""
        loc = Locale.parse(self.code)
        return loc.get_display_name(loc) or self.code

    @property
    def base(self) -> str:
        """The bare language subtag, e.g. "zh" for "zh_Hans"."""
        return self.code.split("_")[0]

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"

    def __str__(self) -> str:
        return self.code


# Scripts written right to left (Unicode / CLDR); Mongolian is written top to bottom.
_RTL_SCRIPTS = frozenset({
    "Adlm", "Arab", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar", "Lydi", "Mand",
    "Mani", "Mend", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg",
    "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi",
})
_SCRIPT_DIRECTIONS = {"Mong": "ttb"}


def _direction(loc: Locale) -> str:
    """CLDR's text direction of ``loc``, from its (likely) script.

    Babel's ``Locale.text_direction`` loads the locale's whole data file (~5 ms each); the
    script decides it, and a test checks this equals Babel's answer for every CLDR locale.
    """
    from babel.core import get_global, parse_locale

    script = loc.script
    if not script:
        likely = get_global("likely_subtags")
        full = likely.get(str(loc)) or likely.get(loc.language)
        script = parse_locale(full)[2] if full else None
    return _SCRIPT_DIRECTIONS.get(script or "", "rtl" if script in _RTL_SCRIPTS else "ltr")


@memo.pure(maxsize=256)
def parse_language(code: str, path: str | None = None, line: int | None = None) -> Language:
    """Validate ``code`` against CLDR; refuse anything that could escape ``locales/``."""
    if not isinstance(code, str) or not code:
        raise LanguageError("empty language code", path, line)
    if "\x00" in code or "/" in code or "\\" in code or ".." in code:
        raise LanguageError(f"unsafe language code {code!r}: must not contain '/', '\\\\', '..' or NUL", path, line)
    if not _SHAPE.match(code):
        raise LanguageError(f"invalid language code {code!r}: expected e.g. 'es', 'pt-BR', 'zh-Hans'", path, line)
    try:
        loc = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise LanguageError(f"unknown language code {code!r}: not in CLDR ({exc})", path, line) from None
    plural = get_plural(loc)
    return Language(
        code=str(loc),
        tag=str(loc).replace("_", "-"),
        direction=_direction(loc),
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
    )
