"""Is a catalog's ``Plural-Forms`` the usual rule for its language?

The expected rule is CLDR's, as Babel gives it (:func:`babel.messages.plurals.get_plural`,
the rule ``polyleaf extract`` writes into new catalogs).  Rules are compared by what
they do, not by how they are written: ``n%100>=3 && n%100<=10`` and
``n % 100 >= 3 && n % 100 <= 10`` are the same rule.  A header agrees when it picks
the same form as CLDR's rule for every count tried (0-1999 and some millions), or
when it is CLDR's rule without the form CLDR 42 added for exact millions (Spanish,
French, Italian, Portuguese ``many``), which is GNU gettext's long-standing rule for
those languages (``nplurals=2; plural=(n != 1);`` for Spanish).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .. import memo

_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.S)
_SMALL = tuple(range(2000))
_LARGE = (10**6, 10**6 + 1, 2 * 10**6, 10**7, 10**9, 10**9 + 1)


@dataclass(frozen=True)
class PluralMismatch:
    """Why a header's rule is not the language's: ``expected`` is the header value to use."""

    language: str
    expected: str
    message: str

    def __str__(self) -> str:
        return self.message


@memo.pure(maxsize=256)
def expected_plural_forms(language: str) -> str | None:
    """CLDR's ``nplurals=N; plural=EXPR;`` for a language code (``ar``, ``pt_BR``, ``zh-Hans``); None if unknown."""
    try:
        rule = get_plural(Locale.parse(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return rule.plural_forms


@memo.pure(maxsize=512)
def _evaluate(forms: str) -> tuple[int, tuple[int, ...]] | None:
    """(nplurals, form for each count in _SMALL + _LARGE), or None if the rule cannot be read."""
    m = _FORMS.match(forms or "")
    if not m:
        return None
    try:
        rule = gettext.c2py(m.group(2))
        return int(m.group(1)), tuple(int(rule(n)) for n in _SMALL + _LARGE)
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError, OverflowError):
        return None


def _without_unused_forms(nplurals: int, values: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """The rule restricted to counts below a million, forms it never picks there removed."""
    small = values[: len(_SMALL)]
    used = sorted(set(small))
    renumber = {form: k for k, form in enumerate(used)}
    return len(used), tuple(renumber[v] for v in small)


def plural_forms_mismatch(language: str, header_value: str | None) -> PluralMismatch | None:
    """A :class:`PluralMismatch` when ``header_value`` is not CLDR's rule for ``language``; None when it
    agrees, is absent, or the language or the header cannot be evaluated (the reader reports bad syntax)."""
    expected = expected_plural_forms(language)
    if not header_value or not expected:
        return None
    want, got = _evaluate(expected), _evaluate(header_value)
    if want is None or got is None:
        return None
    if got == want:
        return None
    n_got, v_got = got
    if (n_got, v_got[: len(_SMALL)]) == _without_unused_forms(*want):
        return None
    n_want, v_want = want
    counts = _SMALL + _LARGE
    if n_got != n_want:
        detail = f"it has {n_got} forms, CLDR has {n_want}"
    else:
        k = next(i for i, (a, b) in enumerate(zip(v_got, v_want)) if a != b)
        detail = f"for n={counts[k]} it picks form {v_got[k]}, CLDR form {v_want[k]}"
    return PluralMismatch(language, expected,
                          f"Plural-Forms is not the usual rule for {language} ({detail}); expected \"{expected}\"")
