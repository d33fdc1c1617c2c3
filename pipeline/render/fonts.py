"""Font stacks per language, and the glyph-coverage check that runs before a PDF is made.

The PDF is set with system fonts found through fontconfig (the same library
WeasyPrint uses): the Debian packages ``fonts-noto-core`` and
``fonts-noto-cjk``.  Each page gets a CSS font stack with its language's own
families first (Naskh for Arabic, Nastaliq for Urdu, the CJK face matching the
script for Chinese/Japanese/Korean, ...) and the other scripts' Noto families
after them, so that native language names in the switcher also get real glyphs.

Before rendering, :func:`check_coverage` looks up every visible character in
the character sets fontconfig reports for the *installed* fonts of that stack;
a character none of them covers stops the export with a message naming the
language, the character and what to install -- a PDF with empty boxes
("tofu") is never written.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import memo
from ..errors import ExportError
from ..languages import Language

#: Language (bare, or full code) -> its own families, best first.
LANGUAGE_FONTS: dict[str, tuple[str, ...]] = {
    "ar": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "fa": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "ps": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "ku": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "ur": ("Noto Nastaliq Urdu", "Noto Naskh Arabic"),
    "he": ("Noto Sans Hebrew",),
    "yi": ("Noto Sans Hebrew",),
    "hi": ("Noto Sans Devanagari",),
    "mr": ("Noto Sans Devanagari",),
    "ne": ("Noto Sans Devanagari",),
    "bn": ("Noto Sans Bengali",),
    "as": ("Noto Sans Bengali",),
    "pa": ("Noto Sans Gurmukhi",),
    "gu": ("Noto Sans Gujarati",),
    "ta": ("Noto Sans Tamil",),
    "te": ("Noto Sans Telugu",),
    "kn": ("Noto Sans Kannada",),
    "ml": ("Noto Sans Malayalam",),
    "si": ("Noto Sans Sinhala",),
    "th": ("Noto Sans Thai",),
    "lo": ("Noto Sans Lao",),
    "km": ("Noto Sans Khmer",),
    "my": ("Noto Sans Myanmar",),
    "am": ("Noto Sans Ethiopic",),
    "ti": ("Noto Sans Ethiopic",),
    "ka": ("Noto Sans Georgian",),
    "hy": ("Noto Sans Armenian",),
    "zh_Hans": ("Noto Sans CJK SC",),
    "zh": ("Noto Sans CJK SC",),
    "zh_Hant": ("Noto Sans CJK TC",),
    "zh_Hant_HK": ("Noto Sans CJK HK",),
    "yue": ("Noto Sans CJK HK",),
    "ja": ("Noto Sans CJK JP",),
    "ko": ("Noto Sans CJK KR",),
}

#: Where the PDF needs other families than the screen.  Nastaliq fonts draw many letters with one shared
#: body glyph plus separate dot glyphs; a PDF maps each glyph to ONE character (ToUnicode), so text taken
#: from a Nastaliq PDF (screen readers, search, copy) comes out wrong.  Browsers keep the real text, so the
#: HTML page uses Nastaliq; the PDF uses Naskh unless [export.language_fonts] asks for Nastaliq.
PDF_LANGUAGE_FONTS: dict[str, tuple[str, ...]] = {
    "ur": ("Noto Naskh Arabic", "Noto Sans Arabic"),
}

#: After the language's own families: Latin/Greek/Cyrillic, then the other scripts.
COMMON_FONTS: tuple[str, ...] = (
    "Noto Sans",
    "Noto Naskh Arabic",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Gujarati",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans Ethiopic",
    "Noto Sans Georgian",
    "Noto Sans Armenian",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans Symbols",
    "Noto Sans Symbols 2",
    "Noto Sans Math",
)

#: Unicode name prefix -> Debian package with a font for it (for the error message).
_PACKAGE_HINTS = (
    (("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH"), "fonts-noto-cjk"),
    (("EMOJI",), "fonts-noto-color-emoji"),
)


def font_stack(lang: Language, extra: tuple[str, ...] = (), own: tuple[str, ...] | None = None,
               medium: str = "screen") -> tuple[str, ...]:
    """The families for a page in ``lang``: its own first (``own`` overrides the tables), the common ones, ``extra``.

    ``medium`` is ``"screen"`` (the HTML page) or ``"pdf"``.
    """
    if own is None and medium == "pdf":
        own = PDF_LANGUAGE_FONTS.get(lang.code) or PDF_LANGUAGE_FONTS.get(lang.base)
    if own is None:
        own = LANGUAGE_FONTS.get(lang.code) or LANGUAGE_FONTS.get(lang.base) or ()
    seen: list[str] = []
    for fam in (*own, *COMMON_FONTS, *extra):
        if fam not in seen:
            seen.append(fam)
    return tuple(seen)


def css_font_family(stack: tuple[str, ...]) -> str:
    """A CSS ``font-family`` value (names are from our table or validated settings)."""
    return ", ".join(f'"{f}"' for f in stack) + ", sans-serif"


# -- coverage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Sorted, non-overlapping code point ranges ``(start, end)`` inclusive."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, cp: int) -> bool:
        i = bisect.bisect_right(self.starts, cp) - 1
        return i >= 0 and cp <= self.ends[i]


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset text (``20-7e a0-17f 2010``) -> ranges."""
    out = []
    for part in text.split():
        a, _, b = part.partition("-")
        try:
            out.append((int(a, 16), int(b or a, 16)))
        except ValueError:
            continue
    return out


def _merge(ranges: list[tuple[int, int]]) -> Coverage:
    ranges.sort()
    merged: list[list[int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return Coverage(tuple(a for a, _ in merged), tuple(b for _, b in merged))


def _fc_list(*args: str) -> str:
    exe = shutil.which("fc-list")
    if exe is None:
        raise ExportError("fontconfig's fc-list is not installed (Debian package fontconfig); it is needed to find fonts for PDF export")
    try:
        return subprocess.run([exe, *args], capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExportError(f"fc-list failed: {exc}") from None


class Coverages(Mapping):
    """Family name -> :class:`Coverage`, each parsed from fontconfig's charset text when first asked for.

    fontconfig lists every installed font (hundreds with fonts-noto-core); a page's stack asks
    for about twenty families, so parsing only those saves most of the start-up work.
    """

    def __init__(self, charsets: dict[str, list[str]]):
        self._charsets = charsets
        self._parsed: dict[str, Coverage] = {}

    def __getitem__(self, family: str) -> Coverage:
        cov = self._parsed.get(family)
        if cov is None:
            texts = self._charsets[family]  # KeyError for an unknown family, as a dict would
            cov = self._parsed[family] = _merge([r for text in texts for r in parse_charset(text)])
        return cov

    def __contains__(self, family: object) -> bool:
        return family in self._charsets

    def __iter__(self) -> Iterator[str]:
        return iter(self._charsets)

    def __len__(self) -> int:
        return len(self._charsets)


def coverages_from_fc_list(text: str) -> Coverages:
    """fc-list ``%{family}\\t%{charset}`` lines -> every family name (localised names too) -> its fonts' union."""
    charsets: dict[str, list[str]] = {}
    for line in text.splitlines():
        families, _, charset = line.partition("\t")
        for fam in families.split(","):
            fam = fam.strip()
            if fam:
                charsets.setdefault(fam, []).append(charset)
    return Coverages(charsets)


@memo.pure(maxsize=1)
def installed_fonts() -> Coverages:
    """Every installed family name (all its localised names too) -> the union of its fonts' coverage."""
    return coverages_from_fc_list(_fc_list("--format", "%{family}\t%{charset}\n"))


def families_covering(cp: int) -> list[str]:
    """Installed families with a glyph for ``cp`` (asks fontconfig; used for hints only)."""
    text = _fc_list("--format", "%{family[0]}\n", f":charset={cp:x}")
    return sorted({line.strip() for line in text.splitlines() if line.strip()})


def _skip(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat[0] in ("C", "Z"):  # controls, format characters (ZWJ, bidi marks), spaces
        return True
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF  # variation selectors


def missing_glyphs(text: str, stack: tuple[str, ...], fonts: Mapping[str, Coverage] | None = None) -> list[str]:
    """Characters of ``text`` that no installed family of ``stack`` covers, in order of first use."""
    fonts = installed_fonts() if fonts is None else fonts
    coverages = [fonts[f] for f in stack if f in fonts]
    missing: list[str] = []
    for ch in dict.fromkeys(text):
        if _skip(ch):
            continue
        cp = ord(ch)
        if not any(cp in c for c in coverages):
            missing.append(ch)
    return missing


def install_hint(ch: str, candidates: list[str]) -> str:
    if candidates:
        shown = ", ".join(repr(c) for c in candidates[:3])
        return f"installed font(s) {shown} have it: add one to [export] fonts in polyleaf.toml"
    name = unicodedata.name(ch, "")
    for prefixes, package in _PACKAGE_HINTS:
        if name.startswith(prefixes):
            return f"install a font for it, e.g. Debian package {package}"
    return "install a Noto font for its script (Debian packages fonts-noto-core, fonts-noto-extra) and add its family to [export] fonts"


def check_coverage(text: str, lang: Language, stack: tuple[str, ...], fonts: Mapping[str, Coverage] | None = None,
                   where: str | None = None) -> None:
    """Raise :class:`ExportError` if a visible character of ``text`` would have no glyph."""
    fonts = installed_fonts() if fonts is None else fonts
    if not any(f in fonts for f in stack):
        raise ExportError(
            f"[{lang.code}] none of the fonts {', '.join(stack[:3])}, ... is installed; "
            "install Debian packages fonts-noto-core and fonts-noto-cjk", where)
    missing = missing_glyphs(text, stack, fonts)
    if not missing:
        return
    ch = missing[0]
    more = f" (and {len(missing) - 1} more character(s))" if len(missing) > 1 else ""
    name = unicodedata.name(ch, "unnamed")
    try:
        candidates = families_covering(ord(ch))
    except ExportError:
        candidates = []
    raise ExportError(
        f"[{lang.code}] no glyph for U+{ord(ch):04X} {name} {ch!r}{more} in the PDF fonts "
        f"({', '.join(f for f in stack if f in fonts)}); {install_hint(ch, candidates)}",
        where,
    )
