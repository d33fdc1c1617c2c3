"""More parallel leaflet texts for the reading-age calibration (issue 16; docs/notes/readability.md §6g).

bench/readability_calibrate.py reads the corpora of §6f; this module adds the ones found in session 6,
one loader each, so that Dutch and Polish (and Chinese, Arabic, Spanish, Portuguese, Russian ...) have
more than one leaflet-level document.  Nothing is copied into the repository: each flag names a folder
exported from the public repository (commands in §6g), and only the numbers come out.

Public-health apps (:data:`APPS`; strings matched by their resource name or key, so no alignment is
guessed; only prose strings are kept: at least ``PROSE_WORDS`` English words, no format placeholder,
no URL, not an address):

* ``--ukhsa DIR``: the NHS COVID-19 app for England and Wales
  (github.com/ukhsa-collaboration/covid-19-app-android-ag-public, MIT licence, Crown copyright):
  ``DIR`` holds ``app/src/main/res/values[-<lang>]/strings.xml``.  Self-isolation, symptoms, testing
  and contact-alert advice in plain English with the Department of Health and Social Care's
  translations (pl zh ar ro tr cy ur bn gu pa so).
* ``--covidalertny DIR``: COVID Alert NY, the New York State Department of Health's app
  (github.com/covidgreen/covid-green-app at commit 5050319, October 2020; Apache 2.0): ``DIR`` holds
  ``src/assets/lang/<lang>.json``; English with the state's translations (es ru zh bn ht ko yi).
* ``--swisscovid DIR``: SwissCovid, the Federal Office of Public Health's app
  (github.com/SwissCovid/swisscovid-app-android, MPL 2.0; "approved translations"): ``DIR`` holds
  ``common/src/main/res/values[-<lang>]/strings.xml``; English and the office's de fr it pt es (and
  rm sq bs hr sr ti tr).
* ``--covidtracker DIR``: COVID Tracker, the Health Service Executive's app for Ireland
  (github.com/HSEIreland/covid-tracker-app at commit 0b3535a, February 2021, the last commit that
  updated the English and the translations together; MIT licence, "Copyright (c) 2020 HSEIreland"):
  ``DIR`` holds ``assets/lang/<lang>.json``; English with the HSE's pl pt ar fr (and lt lv ga).
* ``--hamagen DIR``: HaMagen, the Israeli Ministry of Health's app
  (github.com/MohGovIL/hamagen-react-native @0dcfceb, September 2020; MIT, "Copyright (c) 2020
  Israel's Minsitry of Health" [sic]): ``DIR`` holds ``src/locale/texts.json`` (one file, a key per
  language; Hebrew the source, English, Russian, Arabic, French and Amharic the ministry's versions).
* ``--stayaway DIR``: STAYAWAY COVID, the Portuguese health authorities' app
  (github.com/stayawayinesctec/stayaway-app, EUPL 1.2, INESC TEC): ``DIR`` holds
  ``locales/en-GB.json`` and ``locales/pt-PT.json`` (Portuguese the source, English its translation).

A website:

* ``--coronamelder DIR``: the CoronaMelder website of the Dutch Ministry of Health
  (github.com/minvws/nl-covid19-notification-app-website, EUPL 1.2; Dutch government texts): ``DIR``
  holds ``_questions/`` and ``_includes/content/`` of commit d736d3c (June 2021, the fullest
  translated FAQ).  Dutch is the source, English and the other languages (ar bg de es fr pl ro tr)
  the ministry's translations; each question's whole answer is paired with the English one (the
  translations were edited apart, so lines do not align across them), and an answer whose length
  ratio is far from the language's median (``SPREAD``: revised on one side only) is left out.

Each loader returns :class:`Text` items -- (corpus, document, level, English units, translated
units) -- cut into texts of at least ``words`` English words as readability_calibrate.py does.
A corpus is one held-out document (``doc``): texts of one app or one website are not independent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

SPREAD = 1.5  # a page pair whose length ratio is further than this from the language's median is left out
PROSE_WORDS = 10  # an app string with fewer English words is a label or a button, not prose
# an app's legal texts (privacy policy, terms of use, licences) are not health information for readers
LEGAL = re.compile(r"privacy_?policy|terms_?of_?use|terms_and_conditions|licen[cs]e|legal|impressum", re.I)


@dataclass(frozen=True)
class App:
    """A public-health app's string files: ``english`` and ``pattern`` (with ``{code}``) are relative to
    the folder given on the command line; ``codes`` maps a profile language to the app's code."""

    name: str
    kind: str  # "android" (strings.xml), "json" (nested i18next JSON) or "json-by-language" (one file, a key per language)
    english: str
    pattern: str
    codes: Mapping[str, str]


APPS: dict[str, App] = {a.name: a for a in (
    App("ukhsa", "android", "app/src/main/res/values/strings.xml", "app/src/main/res/values-{code}/strings.xml",
        {k: k for k in ("pl", "zh", "ar", "ro", "tr", "cy", "ur", "bn", "gu", "pa", "so")}),
    App("covidalertny", "json", "src/assets/lang/en.json", "src/assets/lang/{code}.json",
        {k: k for k in ("es", "ru", "zh", "bn", "ht", "ko", "yi")}),
    App("swisscovid", "android", "common/src/main/res/values/strings.xml", "common/src/main/res/values-{code}/strings.xml",
        {k: k for k in ("de", "fr", "it", "pt", "es", "rm", "sq", "bs", "hr", "sr", "ti", "tr")}),
    App("stayaway", "json", "locales/en-GB.json", "locales/{code}.json", {"pt": "pt-PT"}),
    App("hamagen", "json-by-language", "src/locale/texts.json", "src/locale/texts.json",
        {k: k for k in ("ru", "ar", "fr", "am")}),
    App("covidtracker", "json", "assets/lang/en.json", "assets/lang/{code}.json",
        {k: k for k in ("pl", "pt", "ar", "fr", "lt", "lv", "ga")}),
)}
# the website's language folders (Dutch is the source; English is a translation like the others)
CORONAMELDER = ("nl", "ar", "bg", "de", "es", "fr", "pl", "ro", "tr")
CORPORA = (*APPS, "coronamelder")
LEAFLET = CORPORA  # all at leaflet level (public-facing plain-language health information)


@dataclass(frozen=True)
class Text:
    """One calibration text: consecutive aligned units of one document, English and translated."""

    corpus: str
    doc: str  # held out together
    level: str  # "leaflet" or "clinical"
    english: tuple[str, ...]
    translation: tuple[str, ...]


def _calibrate():
    """readability_calibrate.py's aligner and text cutter (imported late: it imports this module)."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import readability_calibrate

    return readability_calibrate


# ---------------------------------------------------------------- app strings (Android resources, i18next JSON)
_ANDROID_ESCAPES = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_PLACEHOLDER = re.compile(r"%(\d+\$)?[sdf]|\{\w+\}")
_URL = re.compile(r"https?://|www\.|\.(?:uk|com|org)\b")


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        c = m.group(1)
        if c == "n":
            return "\n"
        if c == "t":
            return " "
        if c.startswith("u") and len(c) == 5:
            return chr(int(c[1:], 16))
        return c

    return _ANDROID_ESCAPES.sub(one, text)


def android_strings(path: Path) -> dict[str, str]:
    """``{name: text}`` of an Android ``strings.xml``: translatable ``<string>`` elements only (markup
    inside them reduced to its text, Android escapes resolved); plurals and arrays left out."""
    root = ET.parse(path).getroot()
    out = {}
    for el in root.iter("string"):
        if el.get("translatable") == "false" or not el.get("name"):
            continue
        text = _unescape("".join(el.itertext())).strip()
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1]
        if text:
            out[el.get("name")] = text
    return out


def _paragraphs(text: str) -> list[str]:
    """Paragraphs at blank lines; a single line break inside one is a space (translators break lines
    where the English has none: the Arabic strings break nine sentences in two)."""
    return [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def is_prose(english: str) -> bool:
    """A string worth scoring: at least PROSE_WORDS words, lines of 3 words or more on average (not an
    address or a list of names), no placeholder, no URL.  (App strings often end without a full stop.)"""
    lines = [ln for ln in english.splitlines() if ln.strip()]
    return (len(english.split()) >= PROSE_WORDS and len(english.split()) >= 3 * len(lines)
            and not _PLACEHOLDER.search(english) and not _URL.search(english))


def app_strings(path: Path, kind: str, code: str) -> dict[str, str]:
    if kind == "android":
        return android_strings(path)
    return json_strings(path, code if kind == "json-by-language" else None)


def app_beads(app: App, root: Path, lang: str) -> list[tuple[list[str], list[str]]]:
    """(English paragraphs, translated paragraphs) per prose string, in the English file's order: the
    resource name (or key) aligns them, so no alignment is guessed.  A string left in English in the
    translation is no pair, nor is an app's legal text (:data:`LEGAL` in the name: privacy policy,
    terms of use, licences)."""
    code = app.codes.get(lang)
    en_path = root / app.english
    tr_path = root / app.pattern.format(code=code) if code else None
    if tr_path is None or not en_path.is_file() or not tr_path.is_file():
        return []
    en, tr = app_strings(en_path, app.kind, "en"), app_strings(tr_path, app.kind, code)
    beads = []
    for name, text in en.items():
        other = tr.get(name)
        if other is None or not is_prose(text) or other.strip() == text.strip() or LEGAL.search(name):
            continue
        beads.append((_paragraphs(text), _paragraphs(other)))
    return beads


def app_texts(app: App, root: Path, lang: str, words: int) -> list[Text]:
    cal = _calibrate()
    return [Text(app.name, app.name, "leaflet", tuple(e), tuple(t)) for e, t in cal.chunks(app_beads(app, root, lang), words)]


# ---------------------------------------------------------------- CoronaMelder
_FRONT = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
_INCLUDE = re.compile(r"{%-?\s*include\s+(\S+)\s*-?%}")
_LIQUID = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_LIST = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|#+\s*|>\s*)")


def markdown_units(text: str, includes: Path) -> list[str]:
    """The readable lines of a Jekyll Markdown page: front matter dropped, ``{% include %}`` resolved
    under ``includes``, HTML tags and Liquid removed (their text kept), links reduced to their text,
    list markers and heading marks dropped."""
    text = _FRONT.sub("", text, count=1)

    def include(m: re.Match) -> str:
        path = includes / m.group(1)
        return _FRONT.sub("", path.read_text(encoding="utf-8", errors="replace"), count=1) if path.is_file() else ""

    text = _INCLUDE.sub(include, text)
    text = _LIQUID.sub("", text)
    units = []
    for line in text.splitlines():
        line = _TAG.sub(" ", line)
        line = _LINK.sub(r"\1", line)
        line = _EMPHASIS.sub("", line)
        line = _LIST.sub("", line)
        line = re.sub(r"\s+", " ", line).strip()
        if line and re.search(r"\w", line):
            units.append(line)
    return units


def _question_key(name: str) -> str:
    return name[:-3] if name.endswith(".md") else name


def coronamelder_pairs(root: Path, lang: str) -> list[tuple[str, list[str], list[str]]]:
    """(question, English units, translated units) for every question answered in both languages."""
    base = root / "_questions"
    includes = root / "_includes"
    en_dir, tr_dir = base / "en", base / lang
    if lang not in CORONAMELDER or not en_dir.is_dir() or not tr_dir.is_dir():
        return []
    out = []
    for en in sorted(en_dir.glob("*.md"), key=lambda p: _question_key(p.name)):
        tr = tr_dir / en.name
        if not tr.is_file():
            continue
        e = markdown_units(en.read_text(encoding="utf-8", errors="replace"), includes)
        t = markdown_units(tr.read_text(encoding="utf-8", errors="replace"), includes)
        if e and t and e != t:  # an untranslated page (the English text in the other folder) is no pair
            out.append((_question_key(en.name), e, t))
    return out


def coherent(pairs: list[tuple[str, list[str], list[str]]], spread: float = SPREAD) -> list[tuple[str, list[str], list[str]]]:
    """The pairs whose length ratio (translated / English characters) is within ``spread`` times the
    median ratio either way: a page whose English was revised after the translation (or the reverse)
    no longer says the same thing and is left out."""
    cal = _calibrate()
    ratios = [sum(map(cal._size, t)) / max(1, sum(map(cal._size, e))) for _, e, t in pairs]
    if not ratios:
        return []
    mid = sorted(ratios)[len(ratios) // 2]
    return [p for p, r in zip(pairs, ratios) if mid / spread <= r <= mid * spread]


def coronamelder_texts(root: Path, lang: str, words: int) -> list[Text]:
    """Whole answers as beads (the English and the other translations were edited apart: line-level
    alignment across them is unreliable, the answer to one question is not)."""
    cal = _calibrate()
    beads = [(e, t) for _, e, t in coherent(coronamelder_pairs(root, lang))]
    return [Text("coronamelder", "coronamelder", "leaflet", tuple(e), tuple(t)) for e, t in cal.chunks(beads, words)]


# ---------------------------------------------------------------- i18next JSON
_MARKDOWN_BOLD = re.compile(r"\*\*|__")


def json_strings(path: Path, language: str | None = None) -> dict[str, str]:
    """``{dotted.key: text}`` of a nested i18next JSON file (lists indexed), Markdown bold removed;
    with ``language``, of that top-level key only (one file holding every language)."""
    out: dict[str, str] = {}

    def walk(value, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{key}.{k}" if key else k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{key}.{i}")
        elif isinstance(value, str) and value.strip():
            out[key] = _MARKDOWN_BOLD.sub("", value).strip()

    data = json.loads(path.read_text(encoding="utf-8"))
    walk(data.get(language, {}) if language is not None else data, "")
    return out


# ---------------------------------------------------------------- registry
def texts(lang: str, dirs: Mapping[str, Path] | None, words: int) -> list[Text]:
    """Every given corpus's texts for profile language ``lang`` (``dirs``: corpus name -> folder)."""
    out: list[Text] = []
    for name, root in (dirs or {}).items():
        if name in APPS:
            out.extend(app_texts(APPS[name], root, lang, words))
        elif name == "coronamelder":
            out.extend(coronamelder_texts(root, lang, words))
        else:
            raise ValueError(f"unknown corpus {name!r}")
    return out


def add_arguments(ap: argparse.ArgumentParser) -> None:
    for name in CORPORA:
        ap.add_argument(f"--{name}", type=Path, metavar="DIR", help=f"folder exported from the {name} repository (§6g)")


def dirs(args: argparse.Namespace) -> dict[str, Path]:
    """The corpora given on the command line: name -> folder."""
    return {name: getattr(args, name) for name in CORPORA if getattr(args, name, None) is not None}


def gaps(lang: str, found: list[Text]) -> dict[str, float] | None:
    """Over ``found``: the median English reading age (its primary metric, SMOG), the median signed gap
    (translation - English) and the median and 90th percentile of the absolute gap, the translation's
    age taken from its published table and from the shipped calibration
    (pipeline/readability/calibration.json, fitted without these corpora: a held-out test of it).
    None when nothing scores."""
    import statistics

    from pipeline.readability import formulas as F
    from pipeline.readability import score_units

    quantiles = _calibrate().quantiles
    rows = []
    for t in found:
        a, b = score_units(list(t.english), "en", 0), score_units(list(t.translation), lang, 0)
        if a.primary_metric is None or b.primary_metric is None:
            continue
        m = b.primary_metric
        table = F.SCALES[F.METRICS[m.key].scale].to_age(m.value)
        rows.append((a.primary_metric.reading_age, table, F.reading_age(m.key, m.value, lang)))
    if not rows:
        return None
    table_gaps = [r[1] - r[0] for r in rows]
    shipped_gaps = [r[2] - r[0] for r in rows]
    return {"n": len(rows), "english": statistics.median(r[0] for r in rows),
            "gap_table": statistics.median(table_gaps), "abs_table": quantiles(table_gaps),
            "gap_shipped": statistics.median(shipped_gaps), "abs_shipped": quantiles(shipped_gaps)}


def main(argv: list[str] | None = None) -> int:
    """Print per language how many texts and English words each new corpus gives (with ``--score``:
    the reading ages and gaps of its texts, by the published tables and by the shipped calibration)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(ap)
    ap.add_argument("--langs", default="es,fr,de,it,nl,pt,ru,pl,ar,zh")
    ap.add_argument("--words", type=int, default=150)
    ap.add_argument("--score", action="store_true", help="also score the texts (needs the repository's pipeline package)")
    args = ap.parse_args(argv)
    where = dirs(args)
    if not where:
        ap.error("give at least one of " + ", ".join(f"--{n}" for n in CORPORA))
    if args.score:
        print("| profile | corpus | texts | English words | English age | gap, tables | abs gap, tables: median / p90 |"
              " gap, shipped calibration | abs gap, shipped: median / p90 |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    else:
        print("| profile | corpus | texts | English words |")
        print("|---|---|---:|---:|")
    for lang in args.langs.split(","):
        found = texts(lang, where, args.words)
        names = sorted({t.corpus for t in found})
        for corpus in names + (["all new"] if args.score and len(names) > 1 else []):
            sel = [t for t in found if corpus in (t.corpus, "all new")]
            row = f"| {lang} | {corpus} | {len(sel)} | {sum(len(u.split()) for t in sel for u in t.english)} |"
            g = gaps(lang, sel) if args.score else None
            if g is not None:
                row += (f" {g['english']:.1f} | {g['gap_table']:+.2f} | {g['abs_table'][0]:.2f} / {g['abs_table'][1]:.2f} |"
                        f" {g['gap_shipped']:+.2f} | {g['abs_shipped'][0]:.2f} / {g['abs_shipped'][1]:.2f} |")
            print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
