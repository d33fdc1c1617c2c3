"""A small project for export tests: one leaflet, catalogs in Arabic, Urdu, Chinese, Hindi, Russian, Spanish.

The translations were written for these tests (short, plain sentences) so that
the outputs can be checked by independent tools (pdftotext, pdffonts, Chromium).
"""

from __future__ import annotations

from pathlib import Path

import polib

SOURCE = """\
# Looking after yourself

Read this leaflet *carefully*.

<!-- translators: "care team" is the NHS term. -->
## Side effects

- You may feel tired.
- Call your [care team](https://example.org/care).

#### Contact

Phone [111](tel:111) at any time.
"""

MSGIDS = [
    "Looking after yourself",
    "Read this leaflet *carefully*.",
    "Side effects",
    "You may feel tired.",
    "Call your [care team](https://example.org/care).",
    "Contact",
    "Phone [111](tel:111) at any time.",
]

TRANSLATIONS = {
    "ar": [
        "اعتنِ بنفسك",
        "اقرأ هذه النشرة *بعناية*.",
        "الآثار الجانبية",
        "قد تشعر بالتعب.",
        "اتصل بـ[فريق الرعاية](https://example.org/care).",
        "التواصل",
        "اتصل على [111](tel:111) في أي وقت.",
    ],
    "ur": [
        "اپنا خیال رکھیں",
        "یہ پرچہ *غور سے* پڑھیں۔",
        "مضر اثرات",
        "آپ تھکاوٹ محسوس کر سکتے ہیں۔",
        "اپنی [نگہداشت ٹیم](https://example.org/care) کو فون کریں۔",
        "رابطہ",
        "کسی بھی وقت [111](tel:111) پر فون کریں۔",
    ],
    "zh_Hans": [
        "照顾好自己",
        "请*仔细*阅读本传单。",
        "副作用",
        "您可能会感到疲倦。",
        "请致电您的[护理团队](https://example.org/care)。",
        "联系方式",
        "随时拨打[111](tel:111)。",
    ],
    "hi": [
        "अपना ध्यान रखें",
        "इस पर्चे को *ध्यान से* पढ़ें।",
        "दुष्प्रभाव",
        "आपको थकान महसूस हो सकती है।",
        "अपनी [देखभाल टीम](https://example.org/care) को फ़ोन करें।",
        "संपर्क",
        "किसी भी समय [111](tel:111) पर फ़ोन करें।",
    ],
    "ru": [
        "Позаботьтесь о себе",
        "Прочитайте эту листовку *внимательно*.",
        "Побочные эффекты",
        "Вы можете чувствовать усталость.",
        "Позвоните своей [медицинской команде](https://example.org/care).",
        "Контакты",
        "Звоните по номеру [111](tel:111) в любое время.",
    ],
    "es": [
        "Cuídese",
        "Lea este folleto con *atención*.",
        "Efectos secundarios",
        "Puede sentirse cansado.",
        "Llame a su [equipo de atención](https://example.org/care).",
        "Contacto",
        "Llame al [111](tel:111) en cualquier momento.",
    ],
}

LANGS = list(TRANSLATIONS)

SETTINGS = """\
[project]
name = "Test leaflet"
version = "2026.11"
source_language = "en-GB"
languages = ["ar", "ur", "zh-Hans", "hi", "ru", "es"]
team = "Test team"

[export]
review_date = 2026-11-20
"""


def catalog(lang: str, translations: list[str] | None = None, fuzzy: tuple[int, ...] = (), missing: tuple[int, ...] = ()) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Test leaflet 2026.11",
        "PO-Revision-Date": "2026-11-19 10:00+0000",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    texts = translations if translations is not None else TRANSLATIONS[lang]
    for i, (msgid, msgstr) in enumerate(zip(MSGIDS, texts, strict=True)):
        entry = polib.POEntry(msgid=msgid, msgstr="" if i in missing else msgstr)
        if i in fuzzy:
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


def make_project(root: Path, langs: list[str] | None = None, **catalog_kw) -> Path:
    """Write the project under ``root``; ``catalog_kw`` per language: {"ar": {"fuzzy": (1,)}}."""
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / "leaflet.md").write_text(SOURCE, encoding="utf-8")
    (root / "polyleaf.toml").write_text(SETTINGS, encoding="utf-8")
    for lang in langs if langs is not None else LANGS:
        path = root / "locales" / lang / "LC_MESSAGES" / "leaflet.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog(lang, **catalog_kw.get(lang, {})).save(str(path))
    return root


def plain(markdown: str) -> str:
    """The text a reader sees for one of the strings above (markup removed)."""
    import re

    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return text.replace("*", "")
