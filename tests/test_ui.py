"""The ``polyleaf-ui`` gettext domain: Polyleaf's own labels on pages, PDFs and the site index."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from export_fixture import catalog, make_project
from pipeline.config import load_settings
from pipeline.languages import parse_language
from pipeline.render import render_html
from pipeline.source import read_document
from pipeline.ui import DOMAIN, LOCALES, TEMPLATE, CALLOUT_LABELS, extract, missing, shipped_languages, template_ids, ui_for

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = ["es", "cy", "pl", "ar", "ur", "zh_Hans"]
REQUIRED = EXAMPLE + ["fr", "de", "it", "pt", "ru", "bn", "pa", "gu", "so", "ro", "tr", "fa"]


def test_every_required_language_is_shipped():
    assert set(REQUIRED) <= set(shipped_languages())


@pytest.mark.tools
@pytest.mark.parametrize("lang", REQUIRED)
def test_shipped_catalog_passes_msgfmt_check(lang, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("msgfmt not installed (Debian gettext)")
    po = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    result = subprocess.run([msgfmt, "-c", "--statistics", "-o", str(tmp_path / "x.mo"), str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # every message translated, none fuzzy (GNU's own count, not ours)
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("lang", REQUIRED)
def test_shipped_catalog_translates_every_label(lang):
    assert missing(parse_language(lang)) == []
    po = polib.pofile(str(LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"))
    assert po.metadata["Language"] == lang
    assert {e.msgid for e in po} == {m for m, _ in template_ids()}


def test_template_is_what_babel_extracts_from_the_code():
    """pipeline/ui/polyleaf-ui.pot lists exactly the labels the templates and code ask for."""
    extracted = {(m, p) for m, p, _ in extract()}
    assert extracted == set(template_ids())
    for msgid in ("Skip to content", "Print version (PDF)", "Last reviewed: %(date)s", "Next review: %(date)s",
                  "Page %(page)s of %(pages)s", "Read in %(language)s", "Draft — not reviewed", "Languages"):
        assert msgid in {m for m, _ in extracted}
    # the callout titles Markdown callouts (> [!WARNING]) take
    assert set(CALLOUT_LABELS.values()) == {"Warning", "Note", "Important", "Tip", "Caution"} <= {m for m, _ in extracted}


def _ui_po(path: Path, entries: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": path.parent.parent.name}
    for msgid, msgstr in entries.items():
        e = polib.POEntry(msgid=msgid, msgstr=msgstr)
        if msgid in fuzzy:
            e.flags.append("fuzzy")
        po.append(e)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


@pytest.fixture
def proj(tmp_path):
    root = make_project(tmp_path / "p")
    settings = load_settings(root)
    return settings, read_document(root / "source" / "leaflet.md", root)


def test_project_catalog_overrides_entry_by_entry_and_fuzzy_is_not_used(proj):
    settings, doc = proj
    _ui_po(settings.locales_dir / "es" / "LC_MESSAGES" / f"{DOMAIN}.po",
           {"Skip to content": "Ir al texto", "Languages": "Lenguas (borrador)"}, fuzzy=("Languages",))
    html = render_html(settings, doc, parse_language("es"), catalog("es"), draft=False,
                       languages_available=[settings.source_language, parse_language("es")])
    assert '<a class="pl-skip" href="#main">Ir al texto</a>' in html  # the project's word wins
    assert 'aria-label="Idiomas"' in html  # its fuzzy entry is not used: the shipped one is
    assert "Versión 2026.11" in html  # everything else still from the shipped catalog


def test_missing_label_falls_back_to_marked_english_and_check_warns(tmp_path):
    """Hindi has no shipped catalog: its pages show English labels marked lang="en", and check says so."""
    root = make_project(tmp_path / "p")
    settings = load_settings(root)
    doc = read_document(root / "source" / "leaflet.md", root)
    html = render_html(settings, doc, parse_language("hi"), catalog("hi"), draft=False)
    assert '<a class="pl-skip" href="#main"><span lang="en" dir="ltr">Skip to content</span></a>' in html
    assert '<span lang="en" dir="ltr">Language: <bdi lang="hi">हिन्दी</bdi></span>' in html
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), "check", "-l", "hi", "-l", "es"], cwd=REPO,
                            capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    lines = [l for l in result.stdout.splitlines() if "ui-label-missing" in l]
    assert len(lines) == 1 and lines[0].startswith("locales/hi/LC_MESSAGES/polyleaf-ui.po:1 [hi] warning ui-label-missing:")
    assert f"{len(template_ids())} interface label(s)" in lines[0]
    # once the team translates one label in its own catalog, that label is no longer missing
    _ui_po(root / "locales" / "hi" / "LC_MESSAGES" / f"{DOMAIN}.po", {"Skip to content": "सामग्री पर जाएँ"})
    assert "Skip to content" not in missing(parse_language("hi"), root / "locales")
    assert len(missing(parse_language("hi"), root / "locales")) == len(template_ids()) - 1


def test_hostile_project_label_is_escaped_in_html_and_css(proj):
    settings, doc = proj
    _ui_po(settings.locales_dir / "es" / "LC_MESSAGES" / f"{DOMAIN}.po",
           {"Skip to content": "<script>alert(1)</script>", "Page %(page)s of %(pages)s": '"; } body { display: none } /* %(page)s %(pages)s'})
    ui = ui_for(parse_language("es"), settings.locales_dir)
    css = ui.css_page_counter()
    assert '"' not in css.replace('" counter', "").replace(') "', "").strip('"') and "{" not in css and "}" not in css
    html = render_html(settings, doc, parse_language("es"), catalog("es"), draft=False)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "lang, date, number, counter",
    [
        ("fa", "۲۴ نوامبر ۲۰۲۶", "۱٬۲۳۴٫۵", "persian"),  # CLDR: arabext is Persian's default numbering system
        ("bn", "২৪ নভেম্বর, ২০২৬", "১,২৩৪.৫", "bengali"),
        ("ar", "24 نوفمبر 2026", "1,234.5", "decimal"),  # CLDR's default for "ar" is latn (ar_EG: arab)
        ("ar_EG", "٢٤ نوفمبر ٢٠٢٦", "١٬٢٣٤٫٥", "arabic-indic"),
        ("cy", "24 Tachwedd 2026", "1,234.5", "decimal"),
        ("zh_Hans", "2026年11月24日", "1,234.5", "decimal"),
    ],
)
def test_dates_and_numbers_in_the_locale_digits(lang, date, number, counter):
    from babel import Locale

    ui = ui_for(parse_language(lang))
    assert ui.date("2026-11-24") == date
    assert ui.number(1234.5) == number
    assert ui.css_counter_style() == counter
    assert ui.numbering_system == Locale.parse(lang).default_numbering_system
