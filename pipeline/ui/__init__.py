"""Polyleaf's own words on a patient's page: the ``polyleaf-ui`` gettext domain.

Every label a page, a PDF or the site index shows around the leaflet ("Skip to
content", "Last reviewed: …", "Page 2 of 4", "Read in Cymraeg", the draft
watermark, callout titles) is a message of this domain, looked up with
gettext through Babel -- never a dictionary in the code:

- shipped catalogs: ``pipeline/ui/locales/<lang>/LC_MESSAGES/polyleaf-ui.po``
  (the template is ``pipeline/ui/polyleaf-ui.pot``, extracted from the
  templates and code by :func:`extract`);
- a project's own catalog, ``<locales_dir>/<lang>/LC_MESSAGES/polyleaf-ui.po``,
  wins entry by entry, so a team's translators fix a label in their PO editor;
- both are compiled with Babel when first used (fuzzy entries are not used:
  a label is shown only when translated and not marked for review);
- a label with no translation falls back to the English msgid, and says so:
  :meth:`UI.html` wraps it in ``<span lang="en">`` and :func:`missing` lists it
  for ``polyleaf check``.

Dates and numbers are formatted by Babel for the language, in the digits of
CLDR's default numbering system for it (Persian digits for ``fa``, Bengali for
``bn``; Latin for ``ar`` and ``ur``, as CLDR has it).
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_format_decimal
from babel.support import Translations
from markupsafe import Markup, escape

from .. import memo
from ..errors import PolyleafError
from ..languages import Language

DOMAIN = "polyleaf-ui"
HERE = Path(__file__).parent
LOCALES = HERE / "locales"
TEMPLATE = HERE / f"{DOMAIN}.pot"

#: Where Babel looks for the domain's messages (see :func:`extract`).
SOURCES = (Path(__file__).parent.parent / "render", Path(__file__).parent)


def N_(msgid: str) -> str:
    """Mark ``msgid`` as a message of the domain without translating it here (gettext's ``N_``)."""
    return msgid


#: Callout titles (GitHub-style ``> [!WARNING]`` blocks): look one up with ``UI.html(CALLOUT_LABELS[kind])``.
CALLOUT_LABELS = {
    # Translators: title of a highlighted box in a patient leaflet ("> [!WARNING]"): a danger to avoid.
    "warning": N_("Warning"),
    # Translators: title of a highlighted box: useful information.
    "note": N_("Note"),
    # Translators: title of a highlighted box: something the patient must not miss.
    "important": N_("Important"),
    # Translators: title of a highlighted box: helpful advice.
    "tip": N_("Tip"),
    # Translators: title of a highlighted box: a risk or negative outcome.
    "caution": N_("Caution"),
}

#: CSS counter styles (CSS Counter Styles 3, predefined) for CLDR numbering systems with their own digits.
CSS_COUNTER_STYLES = {
    "latn": "decimal", "arab": "arabic-indic", "arabext": "persian", "beng": "bengali", "deva": "devanagari",
    "gujr": "gujarati", "guru": "gurmukhi", "knda": "kannada", "khmr": "khmer", "laoo": "lao", "mlym": "malayalam",
    "mymr": "myanmar", "orya": "oriya", "tamldec": "tamil", "telu": "telugu", "thai": "thai", "tibt": "tibetan",
}


class UIError(PolyleafError):
    pass


# -- catalogs ----------------------------------------------------------------------------------------


@memo.pure(maxsize=128)
def _compiled(path: str, digest: str) -> Translations:
    """``path`` (a .po) read and compiled by Babel; memoised by path and content (sha256)."""
    try:
        with open(path, "rb") as fh:
            catalog = read_po(fh, domain=DOMAIN)
    except OSError as exc:
        raise UIError(f"cannot read: {exc.strerror}", path) from None
    except Exception as exc:  # babel's PoFileError and friends: bad input, one line
        raise UIError(f"cannot parse the {DOMAIN} catalog: {exc}", path) from None
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def _load(path: Path) -> Translations | None:
    from ..catalogs import file_digest  # the digest memo (stat with change time -> sha256)

    digest = file_digest(path)
    if digest is None:
        try:
            path.stat()
        except OSError:
            return None  # no such catalog
        digest = ""  # there but unreadable: _compiled says why
    return _compiled(str(path), digest)


def catalog_paths(lang: Language, project_locales: Path | None = None) -> list[Path]:
    """The catalogs that may hold ``lang``'s labels, first match wins: the project's, then ours;
    for each, the full code (``pt_BR``) before the bare language (``pt``)."""
    codes = [lang.code] + ([lang.base] if lang.base != lang.code else [])
    roots = ([project_locales] if project_locales is not None else []) + [LOCALES]
    return [root / code / "LC_MESSAGES" / f"{DOMAIN}.po" for root in roots for code in codes]


class _Untranslated(_gettext.NullTranslations):
    """The last fallback: the English msgid, remembered as missing."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: set[str] = set()

    def gettext(self, message: str) -> str:
        self.missing.add(message)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.missing.add(singular)
        return singular if n == 1 else plural


def _css_string(text: str) -> str:
    """``text`` as a CSS string: every character outside plain letters/digits/space as a hex escape."""
    return '"' + "".join(c if (c.isalnum() or c == " ") and ord(c) < 0x80 else f"\\{ord(c):06x}" for c in text) + '"'


# -- the UI of one language --------------------------------------------------------------------------


@dataclass
class UI:
    """The labels, dates and numbers of one language (built by :func:`ui_for`)."""

    lang: Language
    translations: _gettext.NullTranslations
    untranslated: _Untranslated
    english: bool  # the language is English: msgids are its text, nothing is missing

    # - words -
    def _lookup(self, msgid: str, plural: str | None = None, n: int = 1) -> tuple[str, bool]:
        before = len(self.untranslated.missing)
        text = self.translations.ngettext(msgid, plural, n) if plural else self.translations.gettext(msgid)
        found = self.english or len(self.untranslated.missing) == before
        if self.english:
            self.untranslated.missing.discard(msgid)
        return text, found

    def gettext(self, msgid: str, **values) -> str:
        """Plain text (for attributes, the PDF's CSS): the translation, or the English msgid."""
        text, _ = self._lookup(msgid)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        text, _ = self._lookup(singular, plural, n)
        return text % values if values else text

    def html(self, msgid: str, **values) -> Markup:
        """The label for a page: escaped; an untranslated one inside ``<span lang="en" dir="ltr">``."""
        return self._html(msgid, None, 1, values)

    def nhtml(self, singular: str, plural: str, n: int, **values) -> Markup:
        """:meth:`html` for a message with plural forms (chosen by ``n`` with the language's rule)."""
        return self._html(singular, plural, n, values)

    def _html(self, msgid: str, plural: str | None, n: int, values: dict) -> Markup:
        text, found = self._lookup(msgid, plural, n)
        if not found:  # English words, but the values (a date, a language's name) stay in the page's language
            values = {k: Markup('<bdi lang="{}">{}</bdi>').format(self.lang.tag, v) for k, v in values.items()}
        shown = escape(text) % values if values else escape(text)
        if found:
            return Markup(shown)
        return Markup('<span lang="en" dir="ltr">') + shown + Markup("</span>")

    def is_translated(self, msgid: str) -> bool:
        return self._lookup(msgid)[1]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(sorted(self.untranslated.missing))

    # - dates and numbers -
    @property
    def numbering_system(self) -> str:
        return Locale.parse(self.lang.code).default_numbering_system

    def digits(self, text: str) -> str:
        """ASCII digits in ``text`` as the digits of the language's default numbering system."""
        system = self.numbering_system
        if system == "latn":
            return text
        zero = _zero_of(system)
        if zero is None:
            return text
        return re.sub(r"[0-9]", lambda m: chr(zero + int(m.group())), text)

    def number(self, value: float | int) -> str:
        return self.digits(_babel_format_decimal(value, locale=self.lang.code, numbering_system="default"))

    def date(self, value: _dt.date | str, form: str = "long") -> str:
        if isinstance(value, str):
            value = _dt.date.fromisoformat(value)
        return self.digits(_format_date(value, form, self.lang.code))

    def size(self, n_bytes: int) -> str:
        """A file size in kB (``120 KB``), rounded up, digits as the language writes them."""
        from babel.units import format_unit

        kb = max(1, -(-n_bytes // 1024))
        return self.digits(format_unit(kb, "digital-kilobyte", "short", locale=self.lang.code))

    def css_counter_style(self) -> str:
        return CSS_COUNTER_STYLES.get(self.numbering_system, "decimal")

    def css_page_counter(self) -> str:
        """CSS ``content`` for "Page 2 of 4" in this language, with its digits (for WeasyPrint)."""
        text = self.gettext("Page %(page)s of %(pages)s")
        style = self.css_counter_style()
        parts = []
        for piece in re.split(r"(%\((?:page|pages)\)s)", text):
            if piece == "%(page)s":
                parts.append(f"counter(page, {style})")
            elif piece == "%(pages)s":
                parts.append(f"counter(pages, {style})")
            elif piece:
                parts.append(_css_string(piece))
        return " ".join(parts) or '""'


@memo.pure(maxsize=1024)
def _format_date(value: _dt.date, form: str, locale: str) -> str:
    """Babel's date text (pure: the same date, form and locale give the same text; the site index
    shows the same review dates on hundreds of items)."""
    return _babel_format_date(value, form, locale=locale)


@memo.pure(maxsize=32)
def _zero_of(system: str) -> int | None:
    """The code point of digit zero of a CLDR numbering system, from the Unicode character names."""
    names = {"arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "beng": "BENGALI", "deva": "DEVANAGARI",
             "gujr": "GUJARATI", "guru": "GURMUKHI", "knda": "KANNADA", "khmr": "KHMER", "laoo": "LAO",
             "mlym": "MALAYALAM", "mymr": "MYANMAR", "orya": "ORIYA", "tamldec": "TAMIL", "telu": "TELUGU",
             "thai": "THAI", "tibt": "TIBETAN"}
    name = names.get(system)
    if not name:
        return None
    try:
        return ord(unicodedata.lookup(f"{name} DIGIT ZERO"))
    except KeyError:
        return None


def ui_for(lang: Language, project_locales: Path | None = None) -> UI:
    """The UI of ``lang``: the project's ``polyleaf-ui.po`` first, then Polyleaf's, then English (marked)."""
    chain: _gettext.NullTranslations | None = None
    for path in catalog_paths(lang, project_locales):
        t = _load(path)
        if t is None:
            continue
        t = _copy(t)
        if chain is None:
            chain = t
        else:
            chain.add_fallback(t)
    last = _Untranslated()
    if chain is None:
        chain = last
    else:
        chain.add_fallback(last)
    return UI(lang, chain, last, english=lang.base == "en")


def _copy(t: Translations) -> Translations:
    """A fresh Translations over the same compiled messages (fallback chains are per UI, not shared)."""
    c = Translations.__new__(Translations)
    c.__dict__.update(t.__dict__)
    c._fallback = None
    return c


# -- what the project ships and what is missing ------------------------------------------------------


def template_ids() -> list[tuple[str, str | None]]:
    """(msgid, msgid_plural) of every message in the shipped template."""
    with open(TEMPLATE, "rb") as fh:
        cat = read_po(fh, domain=DOMAIN)
    out = []
    for m in cat:
        if not m.id:
            continue
        if isinstance(m.id, tuple | list):
            out.append((m.id[0], m.id[1]))
        else:
            out.append((m.id, None))
    return out


def shipped_languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def missing(lang: Language, project_locales: Path | None = None) -> list[str]:
    """Template messages with no usable translation for ``lang`` (empty for English)."""
    ui = ui_for(lang, project_locales)
    if ui.english:
        return []
    for msgid, plural in template_ids():
        ui._lookup(msgid, plural, 2) if plural else ui._lookup(msgid)
    return list(ui.missing)


def fingerprint(langs: Iterable[Language], project_locales: Path | None = None) -> str:
    """A hash of every catalog the labels of ``langs`` come from (for make-style caches)."""
    h = hashlib.sha256(DOMAIN.encode())
    for lang in langs:
        for path in catalog_paths(lang, project_locales):
            # which catalog (the project's or ours) and its place under that root, never the
            # absolute path: the key must survive moving the project or restoring its cache on
            # another machine (issue 17), where only the bytes decide
            root = LOCALES if path.is_relative_to(LOCALES) else project_locales
            h.update(f"{'ours' if root == LOCALES else 'project'}:{path.relative_to(root).as_posix()}\0".encode())
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"-")
    return h.hexdigest()


def extract() -> list[tuple[str, str | None, list[str]]]:
    """The domain's messages as Babel extracts them from our templates (``_()``/``ngettext()``
    via Jinja2's Babel extractor) and Python code (``ui.gettext``/``ui.html``/``ui.ngettext``).

    Returns ``(msgid, msgid_plural, comments)`` in first-seen order.
    """
    from babel.messages.extract import extract_from_file

    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "html": None, "nhtml": (1, 2)}
    seen: dict[tuple[str, str | None], list[str]] = {}
    for base in SOURCES:
        for path in sorted(base.rglob("*")):
            if path.suffix == ".py":
                method = "python"
            elif path.suffix == ".j2":
                method = "jinja2.ext:babel_extract"
            else:
                continue
            opts = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"} if method != "python" else {}
            for lineno, message, comments, _ctx in extract_from_file(
                method, str(path), keywords=keywords, comment_tags=("Translators:",), options=opts,
                strip_comment_tags=True,
            ):
                if isinstance(message, tuple):
                    key = (message[0], message[1] if len(message) > 1 and message[1] else None)
                else:
                    key = (message, None)
                if key[0]:
                    seen.setdefault(key, list(comments))
    return [(k[0], k[1], c) for k, c in seen.items()]


def label_diagnostics(settings, languages: Iterable[Language]) -> list:
    """One warning per language whose pages would show an English label (``polyleaf check``).

    Points at the project's own ``polyleaf-ui.po`` for that language: where a team adds the missing labels.
    """
    from ..model import Diagnostic

    out = []
    for lang in languages:
        gaps = missing(lang, settings.locales_dir)
        if not gaps:
            continue
        path = settings.rel(settings.catalog_path(lang, DOMAIN))
        shown = ", ".join(repr(m) for m in gaps[:3]) + (f" and {len(gaps) - 3} more" if len(gaps) > 3 else "")
        out.append(Diagnostic(
            path, 1, "ui-label-missing",
            f"{len(gaps)} interface label(s) have no {lang.english_name} translation and show in English on its pages: "
            f"{shown}; translate them in {path} (copy pipeline/ui/{DOMAIN}.pot)",
            "warning", lang.code))
    return out
