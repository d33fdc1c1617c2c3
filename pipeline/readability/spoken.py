"""Words as a reader hears them (issue 16): what a listener would not hear as words is not counted,
and numbers and acronyms have the syllables they are read with.

* **Not words**: URLs (``https://…``, ``www.…``, ``nhs.uk/flu``), e-mail addresses and phone numbers
  (seven digits or more in groups: ``0800 123 4567``, ``(800) 232-4636``, ``+44 20 7946 0958``) are
  left out of the word, syllable and sentence counts and of the hard words (:func:`spoken_text`).
  A reader skims them; Flesch's rules were written for prose.
* **Numbers** are read as words in the language (``num2words``): "65" *sixty-five* (3 syllables),
  "1919" *nineteen nineteen* (a year: 4), "2.5" *two point five* (3), "2,5" in Spanish *dos coma
  cinco*; ordinals in English ("3rd" *third*).  Flesch (1949) counts figures "as they are normally
  read aloud".  A number is still one word.
* **Acronyms** of capital letters are spelled out letter by letter ("CDC" *see-dee-see*, 3; "W"
  *double-u* in English, 3; "H" *hache* in Spanish, 2), except the ones said as a word ("NATO",
  "AIDS", "SIDA", "COVID": :data:`SAID_AS_WORDS`).  A run of two or more capitalised words is
  shouting, not acronyms: read as words.  Acronyms and numbers are never named as hard words.
"""

from __future__ import annotations

import re

from .. import memo


# --- what is not read as words ------------------------------------------------------------------
_TLD = r"(?:com|org|net|gov|edu|int|info|io|eu|uk|nhs|es|fr|de|it|nl|pt|ru|pl|be|ch|at|ca|au|mx|ar|br|cat|cymru|wales|scot|ie|us|cn|jp|in)"
_URL = rf"(?:https?://|ftp://|www\.)\S+|(?<![\w@.])(?:[A-Za-z0-9-]+\.)+{_TLD}(?:/\S*)?(?![\w])"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"(?<![\w.,/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{1,5}(?:[\s.-]\d{2,8}){1,5}(?![\w])|(?<![\w.,])(?:\+|0)\d{6,14}(?![\w])"
_UNSPOKEN = re.compile(rf"{_EMAIL}|{_URL}|{_PHONE}", re.IGNORECASE)
_CAPS = "A-ZÀ-ÖØ-ÞА-ЯЁ"
#: cheap test, one pass that starts with a single character class (the engine skips in C from candidate to
#: candidate: ~3 µs for a 20-word sentence): could the text hold a URL, an address, a phone number or
#: shouting?  (@, ://, a dot before a known top-level domain, three digits close together, or two
#: capitals followed by another word starting with two capitals)
_HINT = re.compile(rf"[@:.\d{_CAPS}](?:(?<=@)|(?<=:)//|(?<=\.){_TLD}(?![^\W_])|(?<=\d)[\s().-]?\d[\s().-]?\d"
                   rf"|(?<=[{_CAPS}])[{_CAPS}]\S*\s+[{_CAPS}]{{2}})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_FORMATTED = re.compile(r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?")
# shouting: two or more capitalised words in a row (each with a vowel) are words, not acronyms
_SHOUT = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ'’]+(?:[ \t]+[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ'’]+)+\b")


def _unspoken(m: re.Match) -> str:
    s = m.group(0)
    if "@" in s or "/" in s or not s[-1].isdigit() or s.lower().startswith("www."):
        return " "  # an e-mail address or a URL
    digits = sum(c.isdigit() for c in s)
    if digits < 7 or _ISO_DATE.fullmatch(s) or _DATE.fullmatch(s) or _FORMATTED.fullmatch(s):
        return s  # a number, a date: read as words
    return " "


def spoken_text(text: str) -> str:
    """The text as it is read for counting: URLs, e-mail addresses and phone numbers removed,
    shouted runs of capitals in lower case (so they are not spelled out as acronyms)."""
    if _HINT.search(text) is None:
        return text
    text = _UNSPOKEN.sub(_unspoken, text)
    if _SHOUT.search(text) is not None:
        text = _SHOUT.sub(lambda m: m.group(0).lower() if sum(c.isalpha() for c in m.group(0)) > 0 and any(
            ch in "AEIOUYÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜАЕЁИОУЫЭЮЯ" for ch in m.group(0)) else m.group(0), text)
    return text


def may_hold_unspoken(text: str) -> bool:
    """False when :func:`spoken_text` would return the text unchanged (one fast regex search)."""
    return _HINT.search(text) is not None


# --- acronyms ------------------------------------------------------------------------------------
#: syllables of each letter's name where it is not one (default 1)
LETTER_SYLLABLES: dict[str, dict[str, int]] = {
    "en": {"W": 3},
    "cy": {"W": 1},
    "es": dict.fromkeys("FHJLMNRSVXZ", 2) | {"Ñ": 2, "W": 3, "Y": 1},
    "ca": dict.fromkeys("FHLMNRSXZ", 2) | {"W": 3, "Y": 2},
    "fr": {"W": 3, "Y": 2},
    "de": {"Y": 3},
    "it": dict.fromkeys("FHKLMNRSZ", 2) | {"J": 3, "W": 3, "Y": 3},
    "pt": dict.fromkeys("FHJKLMNRS", 2) | {"W": 3, "Y": 3},
    "pl": {"Y": 2},
}
#: acronyms said as a word, not spelled out (upper case)
SAID_AS_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"AIDS", "NATO", "NICE", "COVID", "SARS", "MERS", "NASA", "UNICEF", "UNESCO", "LASER", "RADAR",
                     "SCUBA", "PIN", "GIF", "OPEC", "FEMA", "HIPAA", "MRSA", "NAFTA", "ASAP", "SIDS", "CAMHS", "GERD", "NSAID", "NSAIDS",
                     "OFSTED", "OFCOM", "SAGE", "PALS", "MIND", "AIM", "CARE", "HELP", "STOP", "NOTE", "OK"}),
    "es": frozenset({"SIDA", "OTAN", "ONU", "COVID", "UCI", "UNICEF", "OMS", "INSS", "MIR", "SAMUR", "AEMPS", "OK"}),
    "fr": frozenset({"SIDA", "OTAN", "ONU", "COVID", "UNICEF", "SAMU", "CHU", "OK"}),
    "de": frozenset({"AIDS", "NATO", "COVID", "UNO", "UNICEF", "OK"}),
    "it": frozenset({"AIDS", "NATO", "ONU", "COVID", "UNICEF", "ASL", "OK"}),
    "pt": frozenset({"SIDA", "OTAN", "ONU", "COVID", "SUS", "UNICEF", "OK"}),
    "nl": frozenset({"AIDS", "NAVO", "COVID", "UNICEF", "OK"}),
    "pl": frozenset({"AIDS", "NATO", "ONZ", "COVID", "NFZ", "ZUS", "OK"}),
    "ru": frozenset({"СПИД", "ВИЧ", "ООН", "ВОЗ", "НАТО", "ОРВИ", "ОРЗ", "COVID", "ЗОЖ", "МРТ", "ЭКГ"}),
}
#: said as a word in every language (a therapy's or a virus's name)
_SAID_EVERYWHERE = frozenset({"CAR", "COVID", "UNICEF", "OK", "SARS", "MERS"})
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}


def is_acronym(word: str, lang: str) -> bool:
    """Two to six capital letters, not said as a word ("CDC", "NHS", "HIV"; not "NATO")."""
    return (2 <= len(word) <= 6 and word.isalpha() and word.isupper() and word not in _SAID_EVERYWHERE
            and word not in SAID_AS_WORDS.get(lang, SAID_AS_WORDS["en"]))


_VOWEL_GROUP_EN = re.compile(r"[AEIOUY]+")
_DOTTED_LETTERS = re.compile(r"[a-z]\.[a-z]\.?")  # e.g, i.e, a.m, p.m (longer forms: U.S.A by its capitals)


def _shouted_word(word: str) -> bool:
    """An English word in capitals for emphasis ("the WHOLE answer", "an EXPERT"), not an acronym: four
    letters or more with two vowel groups or more, so it can be said as a word (acronyms like that are said
    as words too: "OSHA", "UNAIDS"; "CDC", "ADHD", "COPD" are spelled out)."""
    return len(word) >= 4 and len(_VOWEL_GROUP_EN.findall(word)) >= 2


def spelled_syllables(word: str, lang: str) -> int:
    table = LETTER_SYLLABLES.get(lang, {})
    return sum(table.get(c, 1) for c in word)


def _roman(word: str) -> int | None:
    if len(word) < 2 or not _ROMAN.fullmatch(word):
        return None
    total, prev = 0, 0
    for c in reversed(word):
        v = _ROMAN_VALUE[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


# --- numbers -------------------------------------------------------------------------------------
#: languages that write a decimal comma ("2,5") and group thousands with a dot or a space
DECIMAL_COMMA = frozenset({"es", "fr", "de", "it", "nl", "pt", "ru", "pl", "uk", "ca", "hu", "cs", "sk", "ro", "tr", "da", "sv", "no", "fi", "be", "gl"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ORDINAL_EN = re.compile(r"(\d+)(st|nd|rd|th)", re.IGNORECASE)
_PIECES = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+)")


def _num2words(number, **kwargs) -> str:
    """``num2words`` (a declared dependency), imported when a number is first read: loading its
    language modules is start-up time a build that reads no number does not spend."""
    from num2words import num2words

    return num2words(number, **kwargs)


def _reading(number: str, lang: str) -> str | None:
    """``number`` (digits with . or , inside) read aloud in ``lang``, or None when num2words cannot."""
    decimal = "," if lang in DECIMAL_COMMA else "."
    thousands = "." if decimal == "," else ","
    try:
        if number.isdigit():
            if len(number) > 1 and number[0] == "0" or len(number) > 15:
                return " ".join(_num2words(int(d), lang=lang) for d in number)  # a code, read digit by digit
            n = int(number)
            if len(number) == 4 and 1100 <= n <= 2099:
                return _num2words(n, lang=lang, to="year")  # 1919: nineteen nineteen
            return _num2words(n, lang=lang)
        groups = number.split(thousands)
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:-1]) and len(groups[-1].split(decimal)[0]) == 3:
            number = "".join(groups)  # 2,500 (en) / 2.500 (es): thousands
        if number.count(decimal) == 1 and number.replace(decimal, "").isdigit():
            whole, frac = number.split(decimal)
            words = [_num2words(int(whole), lang=lang), _num2words(int(frac), lang=lang) if not frac.startswith("0") else " ".join(_num2words(int(d), lang=lang) for d in frac)]
            point = {"en": "point", "cy": "pwynt", "zh": "点", "ar": "فاصلة"}.get(lang, "koma")  # "koma": a two-syllable comma word (coma, Komma, virgule ~ 2)
            return f"{words[0]} {point} {words[1]}"
        if number.replace(".", "").replace(",", "").isdigit():
            return " ".join(_reading(p, lang) or p for p in re.split(r"[.,]", number) if p)
    except (NotImplementedError, OverflowError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return None


@memo.pure(maxsize=65536)
def heard_syllables(lang: str, word: str, counter) -> int | None:
    """Syllables of a word with figures or an acronym as it is read aloud; None: an ordinary word
    (count it with the language's rules)."""
    if lang == "en" and _DOTTED_LETTERS.fullmatch(word):
        return spelled_syllables(word.replace(".", "").upper(), lang)  # e.g., i.e., a.m.: read letter by letter (2, not 1)
    if word.isalpha():
        if not word.isupper() or len(word) < 2:
            return None
        r = _roman(word) if word != "IV" else None  # "Type II", "Louis XIV"; IV is the drip
        if r is not None:
            reading = _reading(str(r), lang)
            if reading:
                return max(1, sum(counter(w) for w in re.findall(r"[^\W\d_]+", reading)))
        if is_acronym(word, lang) and not (lang == "en" and _shouted_word(word)):
            return spelled_syllables(word, lang)
        return None
    has_digit = any(c.isdigit() for c in word)
    has_caps = any(c.isupper() for c in word) and sum(c.isupper() for c in word) >= 2
    if not has_digit and not has_caps:
        return None
    total = 0
    rest = word
    if lang == "en":
        m = _ORDINAL_EN.fullmatch(word)
        if m and _num2words is not None:
            reading = _num2words(int(m.group(1)), lang="en", to="ordinal")
            return max(1, sum(counter(w) for w in re.findall(r"[^\W\d_]+", reading)))
    reading = None
    for m in _PIECES.finditer(rest):
        num, letters = m.groups()
        if num:
            reading = _reading(num, lang)
            total += sum(counter(w) for w in re.findall(r"[^\W\d_]+", reading)) if reading else 1
        elif lang == "en" and letters in ("s", "S") and reading is not None and m.start() and word[m.start() - 1] in "0123456789'’":
            total += reading.endswith("six")  # "1960s": nineteen sixties, "6s": sixes (the plural, not an "s")
        elif is_acronym(letters, lang) or (len(letters) == 1 and letters.isupper()):
            total += spelled_syllables(letters, lang)
        else:
            total += counter(letters)
    return max(1, total)


def is_spoken_form(word: str) -> bool:
    """A word read as figures or letters (a number, an acronym): never a hard-word hotspot."""
    return any(c.isdigit() for c in word) or (len(word) >= 2 and word.isupper())
