"""The checks on one (source, translation) pair, on catalog entries and on the catalog header."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import polib

from .. import memo
from .. import provenance
from ..po.formats import check_format
from ..po.plurals import plural_forms_mismatch
from .registry import Pair, check
from .settings import CheckContext
from .text import (
    EMAIL, URL, _CODE_SPAN, _LINK_DEST, _MARK_KIND, _QUESTION_MARKS, _WORD, _describe, _diff, _find_term,
    _match_numbers, _match_times, _md, _visible, _without_link_targets, emails, final_mark, inline_children,
    marks_for, numbers, phones, times, urls,
)
from .terms import contains_term

# -- pair checks -------------------------------------------------------------------------------


_INLINE_SPECIAL = re.compile(r"[\[\]*_`<>!&\\~]|\n")


@memo.pure(maxsize=32768)
def _link_targets(text: str) -> tuple[str, ...]:
    if not _INLINE_SPECIAL.search(text):
        return ()
    out = []
    for c in inline_children(text):
        if c.type == "link_open":
            out.append(str(c.attrs.get("href", "")))
        elif c.type == "image":
            out.append("image:" + str(c.attrs.get("src", "")))
    return tuple(out)


@check("link-mismatch", "error")
def check_links(p: Pair, ctx: CheckContext) -> list[str]:
    """Links and images keep their targets.

    Every link (``[text](target)``, ``<https://...>``) and image of the source must be in the
    translation with the same target, and the translation must add none: a changed link sends
    a patient somewhere else.  Pass: ``See [our page](https://nhs.uk)`` ->
    ``Vea [nuestra página](https://nhs.uk)``.  Fail: the target changed or the link was dropped.
    """
    missing, extra = _diff(_link_targets(p.source), _link_targets(p.target))
    return _describe("link target(s)", missing, extra)


_MARKUP_TYPES = {"em_open": "emphasis", "strong_open": "strong emphasis", "code_inline": "code", "html_inline": "inline HTML",
                 "hardbreak": "line break", "s_open": "strikethrough"}
_STRAY = re.compile(r"(?<![\\\w])(\*{1,3}|_{1,3}|`+)(?=\S)|(?<=\S)(\*{1,3}|_{1,3}|`+)(?![\w])")


@memo.pure(maxsize=32768)
def _markup(text: str) -> tuple[Counter, list[str], list[str]]:
    """(markup kinds counted, code/HTML contents, stray markers); callers must not mutate the result."""
    kinds: Counter = Counter()
    if not _INLINE_SPECIAL.search(text):
        return kinds, [], []
    code: list[str] = []
    stray: list[str] = []
    for c in inline_children(text):
        if c.type in _MARKUP_TYPES:
            kinds[_MARKUP_TYPES[c.type]] += 1
        if c.type == "code_inline":
            code.append(c.content)
        if c.type == "html_inline":
            code.append(c.content)
        if c.type == "text":
            stray += [m.group(1) or m.group(2) for m in _STRAY.finditer(c.content)]
    return kinds, code, stray


@check("markup-mismatch", "error")
def check_markup(p: Pair, ctx: CheckContext) -> list[str]:
    """Emphasis, strong emphasis, code and inline HTML are balanced and match the source.

    Both sides are parsed with the same Markdown parser (markdown-it, inline); the counts of
    emphasis, strong emphasis, code spans, inline HTML and hard line breaks must be equal, code
    spans and inline HTML must be unchanged (code is not translated), and the translation must
    not contain an unbalanced ``*``, ``_`` or backtick that the source does not.  Pass:
    ``Take **two** tablets`` -> ``Tome **dos** comprimidos``.  Fail: ``Tome **dos comprimidos``.
    """
    sk, scode, sstray = _markup(p.source)
    tk, tcode, tstray = _markup(p.target)
    out = []
    if sk != tk:
        diffs = [f"{k}: {sk.get(k, 0)} in source, {tk.get(k, 0)} in translation" for k in sorted(set(sk) | set(tk)) if sk.get(k, 0) != tk.get(k, 0)]
        out.append("markup differs (" + "; ".join(diffs) + ")")
    elif Counter(scode) != Counter(tcode):
        missing, extra = _diff(scode, tcode)
        out.append(f"code/HTML changed: {', '.join(repr(m) for m in missing)} became {', '.join(repr(e) for e in extra)}")
    if Counter(tstray) - Counter(sstray):
        out.append(f"unbalanced markup in the translation: stray {', '.join(sorted(set((Counter(tstray) - Counter(sstray)).elements())))}")
    return out


_CJK_DIGITS = "〇一二三四五六七八九"


def cjk_numerals(value: int) -> tuple[str, ...]:
    """How Chinese/Japanese may write a whole number 0-9999 in words (二十四, 两, 一百)."""
    if not 0 <= value <= 9999:
        return ()
    if value < 10:
        forms = [_CJK_DIGITS[value]]
        if value == 2:
            forms.append("两")
        return tuple(forms)
    out = ""
    for unit, char in ((1000, "千"), (100, "百"), (10, "十")):
        d, value = divmod(value, unit)
        if d:
            out += ("" if (unit == 10 and d == 1 and not out) else _CJK_DIGITS[d]) + char
        elif out and value:
            out += "" if out.endswith("零") else "零"
    if value:
        out += _CJK_DIGITS[value]
    return (out, "一" + out) if out.startswith("十") else (out,)


@check("number-mismatch", "error")
def check_numbers(p: Pair, ctx: CheckContext) -> list[str]:
    """Numbers and doses are identical.

    Every number of the source (``5 mg``, ``2.5``, ``1,000``, ``24 hours``) must be in the
    translation and the translation must add none.  Locale forms are the same number: Arabic-
    Indic digits ``٠-٩``, Extended Arabic-Indic (Urdu, Persian) ``۰-۹``, fullwidth digits, the
    Arabic decimal separator ``٫``, and a decimal comma or thousands separators
    (``2.5`` = ``2,5``; ``1,000`` = ``1.000`` = ``1 000``).  Numbers inside URLs, e-mail addresses
    and phone numbers are left to those checks.  Clock times are compared as times: ``5pm`` =
    ``17:00`` = ``17h00``, and a whole hour may be a bare number (``9am`` = ``上午9点``).  In Chinese
    and Japanese a whole number may be written in words (``24`` = ``二十四``, ``2`` = ``两``).  Fail: ``Take 2 tablets`` -> ``Tome 3 comprimidos``.
    """
    src_numbers, tgt_numbers = list(numbers(p.source)), list(numbers(p.target))
    out: list[str] = []
    if times(p.source) or times(p.target):
        t_missing, t_extra = _match_times(times(p.source), times(p.target), src_numbers, tgt_numbers)
        out += _describe("clock time(s)", t_missing, t_extra)
    missing, extra = _match_numbers(src_numbers, tgt_numbers)
    if missing and ctx.lang.base in ("zh", "ja"):
        missing = [m for m in missing if not (m.isdigit() and any(f in p.target for f in cjk_numerals(int(m))))]
    if missing and ctx.lang.base == "ar":
        words = {w for t in _ARABIC_WORD.findall(p.target) for w in (t, t[1:])}  # with or without a proclitic و ب ل ف
        missing = [m for m in missing if not (m.isdigit() and words & ARABIC_NUMBER_WORDS.get(int(m), set()))]
    if extra:
        months = {n for n, name in enumerate(_MONTHS, 1) if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b", p.source, re.I)}
        extra = [e for e in extra if not (e.isdigit() and int(e) in months)]  # "29 March 2020" -> 2020年3月29日
    return out + _describe("number(s)", missing, extra)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
#: Arabic writes small whole numbers in words, and two as the dual of the noun (مترين = 2 metres).
ARABIC_NUMBER_WORDS: dict[int, set[str]] = {
    1: {"واحد", "واحدة"},
    2: {"اثنان", "اثنين", "اثنتان", "اثنتين", "مترين", "يومين", "ساعتين", "مرتين", "أسبوعين", "اسبوعين", "شهرين",
        "سنتين", "عامين", "حبتين", "قرصين", "جرعتين", "دقيقتين", "كوبين", "شخصين"},
    3: {"ثلاثة", "ثلاث"}, 4: {"أربعة", "أربع", "اربعة", "اربع"}, 5: {"خمسة", "خمس"}, 6: {"ستة", "ست"},
    7: {"سبعة", "سبع"}, 8: {"ثمانية", "ثماني", "ثمان"}, 9: {"تسعة", "تسع"}, 10: {"عشرة", "عشر"},
}


@check("url-mismatch", "error")
def check_urls(p: Pair, ctx: CheckContext) -> list[str]:
    """Web addresses written in the text are identical.

    Pass: ``Visit www.nhs.uk.`` -> ``Visite www.nhs.uk.``  Fail: the address was translated,
    shortened or dropped.  A URL ends at a space or at CJK punctuation or script
    (``www.vaers.hhs.gov，或拨打电话`` is ``www.vaers.hhs.gov``).  An address replaced by another
    page of the same site (the site's page in the reader's language) is ``url-localized``
    instead.  (Link targets are checked by ``link-mismatch``.)
    """
    missing, extra = _diff(urls(p.source), urls(p.target))
    _, missing, extra = _same_site(missing, extra, ctx.lang.base)
    return _describe("URL(s)", missing, extra)


def _host(url: str) -> str:
    host = re.sub(r"^(?:https?://)?", "", url, flags=re.I).split("/", 1)[0].lower()
    return host.removeprefix("www.")


def _same_site(missing: list[str], extra: list[str], lang: str) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Pair each missing URL with an extra one on the same host whose address names the translation's
    language (``/es/``, ``es.``, ``lang=es``): (pairs, still missing, still extra).  Any other change
    of address (truncated, mistyped) stays a mismatch."""
    names_lang = re.compile(rf"(?:^|[/.=_-]){re.escape(lang)}(?:[/._&-]|$)", re.I)
    pairs, left = [], list(extra)
    still = []
    for m in missing:
        twin = next((e for e in left if _host(e) == _host(m) and names_lang.search(re.sub(r"^https?://", "", e, flags=re.I))
                     and not names_lang.search(re.sub(r"^https?://", "", m, flags=re.I))), None)
        if twin is None:
            still.append(m)
        else:
            left.remove(twin)
            pairs.append((m, twin))
    return pairs, still, left


@check("url-localized", "warning")
def check_urls_localized(p: Pair, ctx: CheckContext) -> list[str]:
    """A web address was replaced by another page of the same site.

    Professional translators often link the site's page in the reader's language
    (``https://www.who.int/news-room/…`` -> ``https://www.who.int/es/…``): a reviewer should
    confirm the page says the same, so this is a warning, not an error.
    """
    pairs, _, _ = _same_site(*_diff(urls(p.source), urls(p.target)), ctx.lang.base)
    return [f"{m} became {e}" for m, e in pairs]


@check("email-mismatch", "error")
def check_emails(p: Pair, ctx: CheckContext) -> list[str]:
    """E-mail addresses are identical.

    Fail: ``help@example.org`` became ``ayuda@example.org``.
    """
    missing, extra = _diff(emails(p.source), emails(p.target))
    return _describe("e-mail address(es)", missing, extra)


@check("phone-mismatch", "error")
def check_phones(p: Pair, ctx: CheckContext) -> list[str]:
    """Phone numbers are identical (the same digits; spacing and locale digits may differ).

    A phone number starts with ``+``, ``0`` or ``(0`` and has 7 to 15 digits.  Pass:
    ``Call 0800 123 4567`` -> ``اتصل على ٠٨٠٠ ١٢٣ ٤٥٦٧``.  Fail: a digit changed or the number
    was dropped.
    """
    missing, extra = _diff(phones(p.source), phones(p.target))
    return _describe("phone number(s)", missing, extra)


@check("do-not-translate", "error")
def check_do_not_translate(p: Pair, ctx: CheckContext) -> list[str]:
    """Do-not-translate terms appear unchanged.

    Each term of ``[glossary] do_not_translate`` (or a CSV row without a language) that occurs
    in the source must occur, written exactly the same (case included), in the translation.
    Pass: ``CAR T-cell therapy`` -> ``la terapia CAR T``.  Fail: ``terapia de células T-CAR``.
    """
    out = []
    source, target = _without_link_targets(p.source), _without_link_targets(p.target)
    for term in ctx.do_not_translate:
        n = len(_find_term(source, term, case=True))
        if n and len(_find_term(target, term, case=True)) < 1:
            out.append(f"do-not-translate term {term!r} is missing from the translation")
    return out


@check("glossary-term", "warning")
def check_glossary(p: Pair, ctx: CheckContext) -> list[str]:
    """Glossary terms are translated as the glossary says.

    When a glossary term occurs in the source (case-insensitive; a plural ``-s``/``-es`` counts),
    the translation must contain the glossary's translation for the language.  Simple inflection
    is tolerated: each word may change its ending (the first 60% of the word must match), up to two
    words may come between the words of a multi-word term, Welsh initial mutations (``tîm`` ->
    ``dîm``), Arabic/Urdu attached prefixes (``ال``, ``و``, ``ب``...) and an article dropped in a
    construct (``فريق الرعاية`` -> ``فريق رعايتك``) are accepted; Chinese and
    other scripts without spaces need the exact term.  A warning by default (raise it to an error
    in ``[checks] severity``).  Fail: ``care team`` -> ``grupo médico`` when the glossary says
    ``equipo de atención``.
    """
    out = []
    masked = _without_link_targets(p.source)
    for term, translation in ctx.glossary_terms:
        hits = _find_term(masked, term)
        if not hits:
            continue
        for m in reversed(hits):  # a longer term hides the shorter terms inside it
            masked = masked[: m.start()] + "\x00" * (m.end() - m.start()) + masked[m.end():]
        if not contains_term(p.target, translation, ctx.lang):
            note = dict(ctx.glossary_notes).get(term)
            out.append(f"glossary: {term!r} should be translated as {translation!r}" + (f" ({note})" if note else ""))
    return out


@check("final-punctuation", "warning")
def check_final_punctuation(p: Pair, ctx: CheckContext) -> list[str]:
    """Sentence-final punctuation is kept in kind, written with the target script's marks.

    A source ending in a full stop, question mark, exclamation mark, colon or ellipsis needs the
    same kind of mark in the translation, in the language's own form: Arabic ``؟`` and ``؛``;
    Urdu ``۔`` (full stop), ``؟`` and ``؛``; Chinese ``。？！：；``.  A Spanish question also
    needs its opening ``¿``.  A translation that adds a full stop the source does not have is
    reported too.  Closing quotes, brackets and markup after the mark are looked past.
    Fail: ``Are you well?`` -> ``你好吗?`` (ASCII ``?`` in Chinese) or ``هل أنت بخير?``.
    """
    smark, tmark = final_mark(p.source), final_mark(p.target)
    marks = marks_for(ctx.lang)
    out = []
    if smark:
        kind = _MARK_KIND[smark]
        want = marks.get(kind, smark)
        if not tmark:
            out.append(f"the source ends with {smark!r}; the translation has no final punctuation (expected {want!r})")
        elif _MARK_KIND[tmark] != kind:
            out.append(f"the source ends with {smark!r} ({kind}); the translation ends with {tmark!r} (expected {want!r})")
        elif tmark != want and not (kind == "ellipsis"):
            out.append(f"final {kind} written {tmark!r}; {ctx.lang.english_name} uses {want!r}")
    elif tmark and _MARK_KIND[tmark] in ("stop", "exclaim"):
        out.append(f"the translation adds a final {tmark!r} the source does not have")
    if ctx.lang.base in ("es", "gl") and smark == "?" and "?" in p.target and "¿" not in p.target:
        out.append("Spanish question without its opening '¿'")
    return out


@check("question-lost", "error")
def check_question(p: Pair, ctx: CheckContext) -> list[str]:
    """A question stays a question.

    If the source asks a question (has a question mark), the translation must have a question
    mark of some form (``?``, ``؟``, ``？``); a question turned into a statement changes what the
    patient is asked or told.  Fail: ``Is it safe to drive?`` -> ``Es seguro conducir.``
    """
    if any(q in p.source for q in _QUESTION_MARKS) and not any(q in p.target for q in _QUESTION_MARKS):
        return ["the source is a question; the translation has no question mark"]
    return []


_ALLOWED_IN_IDENTICAL = re.compile(r"[\d\W_]+")


@check("identical", "warning")
def check_identical(p: Pair, ctx: CheckContext) -> list[str]:
    """The translation is not simply the source copied.

    Allowed when nothing is left to translate once numbers, URLs, e-mails, code, do-not-translate
    terms, glossary terms whose translation is the same word, and the phrases listed in
    ``[checks] allow_identical`` are taken out (names, dosages, ``CAR T``), or when the whole
    segment is listed in ``allow_identical``.  Fail: ``Side effects`` -> ``Side effects`` in ``es``.
    """
    if p.target.strip() != p.source.strip():
        return []
    if p.source.strip() in ctx.allow_identical:
        return []
    rest = _LINK_DEST.sub("]", p.source)
    rest = _CODE_SPAN.sub(" ", rest)
    rest = URL.sub(" ", rest)
    rest = EMAIL.sub(" ", rest)
    keep = list(ctx.do_not_translate) + list(ctx.allow_identical) + [t for t, tr in ctx.glossary_terms if t.casefold() == tr.casefold()]
    for term in sorted(keep, key=len, reverse=True):
        rest = re.sub(re.escape(term), " ", rest, flags=re.IGNORECASE)
    if not any(len(w) > 1 for w in _WORD.findall(rest)):
        return []
    return ["the translation is identical to the source"]


@check("whitespace", "warning")
def check_whitespace(p: Pair, ctx: CheckContext) -> list[str]:
    """Leading and trailing whitespace match the source.

    Extra or missing spaces or line breaks at either end of a translation show up as stray
    gaps in the leaflet.  Fail: ``" Hola"`` for ``"Hello"``.
    """
    out = []
    lead_s, lead_t = p.source[: len(p.source) - len(p.source.lstrip())], p.target[: len(p.target) - len(p.target.lstrip())]
    trail_s, trail_t = p.source[len(p.source.rstrip()):], p.target[len(p.target.rstrip()):]
    if lead_s != lead_t:
        out.append(f"leading whitespace differs ({lead_s!r} in source, {lead_t!r} in translation)")
    if trail_s != trail_t:
        out.append(f"trailing whitespace differs ({trail_s!r} in source, {trail_t!r} in translation)")
    return out


#: Expected length of a translation relative to English, as (low, high) bounds of
#: ``len(translation) / len(source)`` in characters.  Outside them, something is
#: probably missing or added.  Chinese and Japanese are far shorter.
LENGTH_RATIO: dict[str, tuple[float, float]] = {
    "zh": (0.17, 0.9), "ja": (0.2, 1.0), "ko": (0.2, 1.2),
    "ar": (0.45, 2.0), "ur": (0.5, 2.3), "fa": (0.5, 2.2), "he": (0.4, 1.8),
    "es": (0.6, 2.3), "pl": (0.5, 2.3), "cy": (0.6, 2.3), "de": (0.6, 2.5),
}
DEFAULT_RATIO = (0.45, 2.5)
MIN_LENGTH = 30  # below this many characters ratios mean little


@check("length-ratio", "warning")
def check_length(p: Pair, ctx: CheckContext) -> list[str]:
    """The translation's length is not far outside the expected ratio to the source.

    Visible characters are compared (link targets and markup left out) for sources of at least
    30 characters.  Default bounds of translation/source: Chinese 0.17-0.9, Japanese 0.2-1.0,
    Arabic 0.45-2.0, Urdu 0.5-2.3, Spanish, Welsh 0.6-2.3, Polish 0.5-2.3, others 0.45-2.5;
    set ``length_ratio = [low, high]`` in ``[checks.language.<code>]`` to change them.
    Fail: a three-sentence paragraph translated as three words.
    """
    src, tgt = _visible(p.source), _visible(p.target)
    if len(src) < MIN_LENGTH or not tgt:
        return []
    low, high = ctx.length_ratio or LENGTH_RATIO.get(ctx.lang.base, DEFAULT_RATIO)
    ratio = len(tgt) / len(src)
    if ratio < low:
        return [f"translation is {ratio:.2f}x the source's length (expected at least {low:g}x): is something missing?"]
    if ratio > high:
        return [f"translation is {ratio:.2f}x the source's length (expected at most {high:g}x): is something added?"]
    return []


@check("mt-unreviewed", "error")
def check_mt_unreviewed(p: Pair, ctx: CheckContext) -> list[str]:
    """A machine draft has not been reviewed yet.

    The entry is fuzzy and carries a ``# polyleaf-mt:`` line: a machine translation nobody has
    approved.  A reviewer checks it and clears "Needs work" (fuzzy) in Poedit.
    """
    if p.fuzzy and provenance.MT in provenance.parse(p.tcomment):
        return ["machine draft not reviewed yet (fuzzy, from machine translation)"]
    return []


@check("fuzzy", "warning")
def check_fuzzy(p: Pair, ctx: CheckContext) -> list[str]:
    """A draft (fuzzy entry, not from machine translation) awaits review.

    Usually the source text changed and the old translation was kept as a draft.  It does not
    count as reviewed for the publish gate.
    """
    if p.fuzzy and provenance.MT not in provenance.parse(p.tcomment):
        return ["draft awaiting review (fuzzy): the source changed or the translation needs work"]
    return []


@check("mask-unrestored", "error")
def check_mask(p: Pair, ctx: CheckContext) -> list[str]:
    """A protection placeholder from machine translation (``⟦0⟧``) is left in the translation.

    The text it stood for (a link, number or term) must be put back.
    """
    found = provenance.MASK_TOKEN.findall(p.target)
    return [f"unrestored placeholder(s) {' '.join(found)} in the translation"] if found else []


@check("mt-problem", "error")
def check_mt_problem(p: Pair, ctx: CheckContext) -> list[str]:
    """The machine-translation engine lost protected text in this draft (``# polyleaf-mt-problem:``).

    Reported while the entry is still fuzzy; once a reviewer clears fuzzy, ``polyleaf approve``
    drops the line and the other checks judge the text itself.
    """
    facts = provenance.parse(p.tcomment).get(provenance.MT_PROBLEM)
    if facts is not None and p.fuzzy:
        detail = " ".join(f"{k}={v}" for k, v in facts.items())
        return [f"machine translation lost protected text ({detail or 'see the comment'}); compare with the source"]
    return []


_BLOCK_START = re.compile(r"^[ \t]*(?:[#>*+\-=_|<`~]|\d{1,9}[.)])")


@memo.pure(maxsize=32768)
def _blocks(text: str) -> tuple[str, ...]:
    """The block tokens ``text`` parses into (a plain one-line text is one paragraph)."""
    if "\n" not in text and not _BLOCK_START.match(text) and text.strip():
        return ("paragraph_open",)
    return tuple(t.type for t in _md().parse(text) if t.nesting == 1 or (t.nesting == 0 and t.type != "inline"))


@check("block-markup", "error")
def check_block_markup(p: Pair, ctx: CheckContext) -> list[str]:
    """The translation does not change the block structure.

    A translation that starts with ``#``, ``-``, ``1.`` or ``>``, or holds a blank line, would turn
    a paragraph into a heading, list or quote (or split it) when the leaflet is rendered; in a
    table cell, an unescaped ``|`` would add a column.  Fail: ``- Tome dos comprimidos`` for a
    paragraph.
    """
    out = []
    if _blocks(p.source) != _blocks(p.target):
        out.append("the translation's Markdown would render as a different block (heading, list, quote or several paragraphs)")
    if p.kind == "table-cell" and len(re.findall(r"(?<!\\)\|", p.target)) != len(re.findall(r"(?<!\\)\|", p.source)):
        out.append("unescaped '|' in a table cell (write \\| )")
    return out


@check("approval-stale", "error")
def check_approval_stale(p: Pair, ctx: CheckContext) -> list[str]:
    """The source changed after the entry was approved, without passing through review.

    The ``# polyleaf-approved: sha=... src=...`` line was recorded for other English, so review is
    re-opened: the entry does not count as reviewed.  ``polyleaf approve`` marks it fuzzy again;
    the reviewer checks it and clears fuzzy.  (A translation a reviewer edited and saved with
    fuzzy off is approved by that save, and an entry that still shows the old English as
    ``#| msgid`` went through review after the source changed: neither is stale.)
    """
    facts = provenance.parse(p.tcomment).get(provenance.APPROVED)
    if facts is not None and not p.fuzzy and p.previous is None and facts.get("sha") != provenance.pair_hash(p.source, p.target) \
            and facts.get("src") is not None and facts["src"] != provenance.text_hash(p.source):
        return ["approval is stale: the source text changed since it was approved (run `polyleaf approve` to re-open review)"]
    return []


@check("approval-missing", "warning", scope="catalog")
def check_approval_missing(pairs: Sequence[Pair], ctx: CheckContext) -> list[str]:
    """Reviewed entries (translated, not fuzzy) have no approval recorded yet.

    One finding per catalog, counting them.  Run ``polyleaf approve`` to bind each approval to
    the exact text (``# polyleaf-approved: sha=...``), so a later edit re-opens review.
    """
    n = sum(1 for p in pairs if not p.fuzzy and p.target and provenance.APPROVED not in provenance.parse(p.tcomment))
    return [f"{n} reviewed entr{'y has' if n == 1 else 'ies have'} no recorded approval (run `polyleaf approve`)"] if n else []


# -- checks on the catalog file itself (located at its line) ---------------------------------


@dataclass(frozen=True)
class CatalogEntry:
    """One live, translated entry as the PO file holds it, for checks about the file itself."""

    msgid: str
    msgid_plural: str
    msgstrs: tuple[str, ...]  # msgstr, or msgstr[0..n-1]
    flags: tuple[str, ...]
    line: int
    plural_forms: str | None  # the header's Plural-Forms


@check("format-string", "error", scope="entry")
def check_format_string(e: CatalogEntry, ctx: CheckContext) -> list[str]:
    """Placeholders of a ``c-format``, ``python-format`` or ``python-brace-format`` entry match.

    As ``msgfmt -c`` checks them: the translation uses the msgid's placeholders (each msgstr[i]
    of a plural entry, msgid_plural's; a form used for one number only may leave them out),
    with the same types.  Reported at the catalog line.  Fail: ``"%d fichiers"`` for
    ``"%s files"``; ``"{nombre}"`` for ``"{name}"``.
    """
    if not e.flags:
        return []
    return [f"{p.format}: {p.message}" for p in check_format(e.flags, e.msgid, e.msgid_plural, e.msgstrs, e.plural_forms)]


@check("plural-forms", "warning", scope="header")
def check_plural_forms(metadata: dict, ctx: CheckContext) -> list[tuple[str, str]]:
    """The catalog's ``Plural-Forms`` is CLDR's rule for its language (as Babel gives it).

    Compared by what the rule does for each count, so spacing and parentheses do not matter;
    GNU gettext's two-form rule for Spanish, French, Italian and Portuguese (without CLDR's
    form for exact millions) is accepted.  ``polyleaf extract`` corrects the header of a
    catalog without plural entries.  Reported at the header line, with the expected rule.
    """
    mismatch = plural_forms_mismatch(ctx.lang.code, metadata.get("Plural-Forms"))
    return [("Plural-Forms", mismatch.message)] if mismatch else []


def _header_field_line(po: polib.POFile, name: str) -> int:
    """Line of a header field in the catalog's file (1 when it cannot be read)."""
    try:
        with open(po.fpath, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if line.startswith(f'"{name}:'.encode()):
                    return n
                if n > 200:
                    break
    except (OSError, TypeError):
        pass
    return 1
