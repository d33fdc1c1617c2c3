"""Review checks on every (source, translation) pair of a catalog.

Each check is a small function registered with :func:`check` under a code and a
default severity: ``error`` blocks publishing, ``warning`` does not.  Its
docstring is the user documentation (``docs/checks.md`` is generated from it:
``polyleaf check --list --markdown``).  A pair check takes a :class:`Pair` and
the run's :class:`CheckContext` and returns messages (empty when the pair
passes).  Section checks see all pairs of one section.

Everything here is pure: :func:`check_catalog` takes a parsed document and a
parsed catalog and returns :class:`~pipeline.model.Diagnostic` values located at
the SOURCE segment (``source/x.md:12 [es] error code: message``).

``[checks]`` in ``polyleaf.toml`` changes severities or turns checks off, for
all languages or one::

    [checks]
    disable = ["length-ratio"]
    severity = { glossary-term = "error" }
    allow_identical = ["Macmillan Cancer Support"]
    [checks.language.zh_Hans]
    length_ratio = [0.15, 1.0]
    severity = { final-punctuation = "error" }

The package: :mod:`.registry` (the ``@check`` decorator), :mod:`.settings` (``[checks]``),
:mod:`.text` (extractors), :mod:`.terms` (inflection-tolerant term matching), :mod:`.pairs`
(pair, entry and header checks), :mod:`.sections` (section checks), :mod:`.runner`
(:func:`check_catalog`).  Every name stays importable from ``pipeline.checks``.
"""

from __future__ import annotations

from .registry import (  # noqa: F401
    CHECKS,
    CheckSpec,
    Pair,
    SEVERITIES,
    _dedent,
    check,
)
from .settings import (  # noqa: F401
    CHECKS_KEYS,
    CheckContext,
    ChecksConfig,
    LANGUAGE_KEYS,
    LanguageRules,
    context_for,
    load_checks_config,
)
from .text import (  # noqa: F401
    EMAIL,
    NUMBER,
    PHONE,
    SCRIPT_MARKS,
    URL,
    _ANY_DIGIT,
    _AUTOLINK,
    _BIDI,
    _CJK,
    _CLOSERS,
    _CODE_SPAN,
    _DIGITS,
    _HAS_BIDI,
    _LATIN,
    _LINK_DEST,
    _MARK_KIND,
    _NEEDS_NORMALISE,
    _NORMALISE,
    _QUESTION_MARKS,
    _SPACED,
    _SPACE_SEP,
    _TIME_12H,
    _TIME_24H,
    _TRAIL,
    _WORD,
    _describe,
    _diff,
    _find_term,
    _is_cjk,
    _match_numbers,
    _match_times,
    _md,
    _pair_numbers,
    _phone_free,
    _strip_bidi,
    _strip_trail,
    _term_pattern,
    _times_and_numbers,
    _visible,
    _without_addresses,
    _without_link_targets,
    emails,
    final_mark,
    inline_children,
    marks_for,
    normalise_digits,
    number_readings,
    numbers,
    phones,
    times,
    urls,
)
from .terms import (  # noqa: F401
    _ARABIC_PREFIXES,
    _WELSH_MUTATIONS,
    _stem,
    _word_matches,
    _word_variants,
    contains_term,
)
from .pairs import (  # noqa: F401
    ARABIC_NUMBER_WORDS,
    CatalogEntry,
    DEFAULT_RATIO,
    LENGTH_RATIO,
    MIN_LENGTH,
    _ALLOWED_IN_IDENTICAL,
    _ARABIC_WORD,
    _BLOCK_START,
    _CJK_DIGITS,
    _INLINE_SPECIAL,
    _MARKUP_TYPES,
    _MONTHS,
    _STRAY,
    _blocks,
    _header_field_line,
    _host,
    _link_targets,
    _markup,
    _same_site,
    check_approval_missing,
    check_approval_stale,
    check_block_markup,
    check_do_not_translate,
    check_emails,
    check_final_punctuation,
    check_format_string,
    check_fuzzy,
    check_glossary,
    check_identical,
    check_length,
    check_links,
    check_markup,
    check_mask,
    check_mt_problem,
    check_mt_unreviewed,
    check_numbers,
    check_phones,
    check_plural_forms,
    check_question,
    check_urls,
    check_urls_localized,
    check_whitespace,
    cjk_numerals,
)
from .sections import (  # noqa: F401
    SectionView,
    _structure,
    check_section_parity,
)
from .runner import (  # noqa: F401
    ChecksSummary,
    check_catalog,
    checks_markdown,
    clear_caches,
    run_pair,
    summarise,
)
