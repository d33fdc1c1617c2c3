"""The readability engine as it was before the speed work (main at 845094c), kept as an oracle.

Only the parts the speed work replaced: sentence splitting (``split_sentences``,
``_dot_is_not_a_break``), word lists per sentence, counting (a ``Counter`` over
the words and a Python loop per distinct word), the metric loop and the
hotspots.  Syllable counters, ``word_info``, formulas and scales are shared with
the current code (they were not replaced; ``_Interp`` is checked against
``_interp`` separately).  ``tests/test_readability_fast_paths.py`` compares the
current engine with this one on random texts.  Do not optimise this file.

Since issue 16 the splitter's *rules* changed on purpose (a full stop after a capital letter, "etc.",
"U.S." or "a.m." can end a sentence; "No. 5" does not; an opening ¿/¡ starts one): this oracle applies
the same decisions (``_capital_ends_sentence``, ``_abbreviation_ends``, ``NUMBER_ABBREVIATIONS``,
``_split_before_inverted`` from the tokeniser) in its plain, unoptimised loop, so the tests still pin
that the fast paths decide as the full check does.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from itertools import chain

from pipeline.readability import formulas as F
from pipeline.readability.engine import _DIGIT, _HAMZA_ETC, _WA, Hotspot, MetricValue, TextScore, _clip, word_info
from pipeline.readability.spoken import is_spoken_form, spoken_text
from pipeline.readability.tokenize import NUMBER_ABBREVIATIONS, _abbreviation_ends, _capital_ends_sentence, _split_before_inverted
from pipeline.readability.tokenize import _FAST_WORD_RE, _MAX_ABBREV, _NEXT_TOKEN, _OPENERS, CJK_RE, WORD_RE, abbreviations_for, normalise

_BREAK_RE = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)|([。！？؟۔।॥]+)([\"'”’」』»)\]]*)\s*")
_DOTTED = re.compile(r"(?:\w\.)+\w")


def _first_halves(abbreviations):
    return frozenset(a.split(" ", 1)[0].rstrip(".") for a in abbreviations if " " in a)


def _dot_is_not_a_break(before, after, abbreviations, lang="en"):
    parts = before.split()
    if not parts:
        return False
    last = parts[-1]
    raw = last.lstrip(_OPENERS)
    if not raw:
        return False
    if raw.lower() in NUMBER_ABBREVIATIONS and after[:1].isdigit():
        return True
    if len(raw) == 1:
        if raw.isupper():
            return not _capital_ends_sentence(parts[-2:], after, lang)
        if raw.lower() in abbreviations:
            return True
    elif len(raw) <= _MAX_ABBREV or "." in raw:
        token = raw.lower()
        if token in abbreviations:
            return not _abbreviation_ends(token, after, lang, raw.isupper())
        if len(parts) >= 2 and f"{parts[-2]} {last}".lstrip(_OPENERS).lower() in abbreviations:
            return not _abbreviation_ends(f"{parts[-2]} {last}".lstrip(_OPENERS).lower(), after, lang)
        if "." in token and _DOTTED.fullmatch(token):
            return not _abbreviation_ends(token, after, lang, raw.isupper())
    if len(last) <= 3 and last.lower() in _first_halves(abbreviations):
        n = _NEXT_TOKEN.match(after)
        return bool(n and f"{last}. {n.group(1)}".lower() in abbreviations)
    return False


def split_sentences(unit, lang="en"):
    text = unit.strip()
    if not text:
        return []
    abbreviations = abbreviations_for(lang)
    out = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        if m.group(4):
            end = m.end()
        else:
            marks = m.group(1)
            end = m.end(2)
            if marks[-1] in ".…":
                nxt = m.end()
                if nxt < len(text) and text[nxt].islower():
                    continue
                if marks == "." and _dot_is_not_a_break(text[max(start, m.start() - 40):m.start()], text[nxt:nxt + 40], abbreviations, lang):
                    continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return [p for piece in out for p in _split_before_inverted(piece)]


def sentences(units, lang="en"):
    """[(text, words)] as the old ``Sentence(text, words)`` had them."""
    out = []
    for unit in units:
        text = normalise(unit)
        find = _FAST_WORD_RE.findall if CJK_RE.search(text) is None else WORD_RE.findall
        for s in split_sentences(text, lang):
            ws = find(spoken_text(s))  # issue 16: URLs, addresses, phone numbers are not words
            if ws:
                out.append((s, tuple(ws)))
    return out


def count(sents, lang, profile):
    use_syllables = profile.syllables
    arabic = lang == "ar"
    freq = Counter(chain.from_iterable(ws for _, ws in sents))
    words = syllables = letters = long_words = poly = mono = hard_pl = 0
    ar_complex = ar_long = ar_faseeh = cjk = 0
    per_word = {}
    for w, k in freq.items():
        words += k
        is_cjk, n_letters, n = word_info(lang, w, use_syllables)
        if is_cjk:
            cjk += k
            letters += k
            continue
        letters += n_letters * k
        if n_letters > 6:
            long_words += k
        if not use_syllables:
            continue
        syllables += n * k
        if n >= 3:
            per_word[w] = n
            poly += k
            if n >= 4:
                hard_pl += k
        elif n == 1:
            mono += k
        if arabic:
            if n > 5:
                ar_complex += k
                if _HAMZA_ETC.search(w) or _WA.search(w):
                    ar_faseeh += k
            if n_letters > 5:
                ar_long += k
    counts = F.Counts(
        sentences=len(sents), words=words, syllables=syllables, letters=letters, long_words=long_words,
        polysyllables=poly, monosyllables=mono, hard_words_pl=hard_pl, ar_complex=ar_complex,
        ar_long=ar_long, ar_faseeh=ar_faseeh, cjk_chars=cjk,
    )
    return counts, per_word


def score_sentences(sents, lang, hotspots=3):
    profile = F.profile_for(lang)
    counts, per_word = count(sents, lang, profile)
    notes = []
    if not profile.validated:
        notes.append("indicative: no validated readability formula for this language")
    if counts.words == 0:
        notes.append("no words to score")
        return TextScore(lang, profile.name, profile.validated, counts, (), profile.primary, notes=tuple(notes))
    metrics = []
    for key in profile.metrics:
        spec = F.METRICS[key]
        scale = F.SCALES[spec.scale]
        value = F.finite(spec.formula(counts))
        metrics.append(MetricValue(key, spec.label, value, scale.describe(value), F.finite(F.reading_age(key, value, lang)), scale.higher_is_easier, spec.citation))
    if counts.cjk_chars and counts.cjk_chars < counts.words and lang not in ("zh", "ja"):
        notes.append("mixed scripts: Han/kana characters counted one per word")
    long_sentences = ()
    hard_words = ()
    if hotspots > 0:
        ranked = heapq.nsmallest(hotspots, [(-len(ws), text) for text, ws in sents])
        long_sentences = tuple(Hotspot(_clip(text), -neg) for neg, text in ranked if neg < -1)
        if profile.syllables:
            candidates = [(-n, -len(w), w.lower(), w) for w, n in per_word.items() if not is_spoken_form(w)]
            hard_words, seen = [], set()
            for neg_n, _, k, w in heapq.nsmallest(hotspots * 3, candidates):
                if k not in seen:
                    seen.add(k)
                    hard_words.append(Hotspot(w, syllables=-neg_n))
            hard_words = tuple(hard_words[:hotspots])
        else:
            longest = sorted({w.lower() for _, ws in sents for w in ws if len(w) > 6}, key=lambda w: (-len(w), w))[:hotspots]
            hard_words = tuple(Hotspot(w) for w in longest)
    return TextScore(lang, profile.name, profile.validated, counts, tuple(metrics), profile.primary, long_sentences, hard_words, tuple(notes))


def score_units(units, lang, hotspots=3):
    return score_sentences(sentences(list(units), lang), lang, hotspots)
