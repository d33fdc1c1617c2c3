"""Leaflet-grade Markdown: front matter, source diagnostics, images, callouts, tables.

Judged by real tools where they exist: ``msgfmt -c`` for the catalogs with msgctxt,
``pdftotext`` for the PDF, Python's HTML parser for the page structure.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from pipeline.catalogs import build_template, load_documents
from pipeline.checks import check_catalog
from pipeline.config import load_settings
from pipeline.errors import ConfigError, SourceError
from pipeline.languages import parse_language
from pipeline.readability.document import score_document
from pipeline.readability.settings import load as load_readability
from pipeline.render.content import render_body, resolve, ui_label
from pipeline.review import document_coverage
from pipeline.source import SourceOptions, parse_text
from pipeline.source_checks import SOURCE_CHECKS, format_source_diagnostic

REPO = Path(__file__).resolve().parent.parent
BAD = REPO / "tests" / "data" / "bad_md"
EN = parse_language("en-GB")
AR = parse_language("ar")
ES = parse_language("es")

LEAFLET = """\
---
title: Skin cancer treatment
description: >
  How skin cancer is treated,
  in plain words.
audienceLevel: patient
cancerTypes: [melanoma, basal cell]
last_reviewed: 2026-01-05
next_review: 2027-01-05
---
# Skin cancer

Surgery is the most common treatment.

[![Skin anatomy; drawing shows the epidermis, dermis and fat.](https://example.org/skin.jpg "Skin anatomy")](https://example.org/skin-big.jpg)[Enlarge](https://example.org/skin-big.jpg)

![Skin anatomy; drawing shows the epidermis, dermis and fat.](https://example.org/skin.jpg "Skin anatomy")

> [!WARNING]
> Call 999 if you have chest pain.

> [!NOTE]
>
> Bring a list of your medicines.

| Drug | When to take it |
|---|:--|
| Tablets | Morning |
"""


def doc_of(text: str = LEAFLET, **options) -> object:
    return parse_text(text, "source/skin.md", options=SourceOptions(**options))


def keys(doc) -> list[tuple[str | None, str]]:
    return [s.key for s in doc.segments]


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.data.append(data)

    def find(self, tag):
        return [a for t, a in self.tags if t == tag]

    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.data)).strip()


# -- front matter --------------------------------------------------------------------------------


def test_front_matter_is_metadata_not_content():
    doc = doc_of()
    assert doc.metadata["audienceLevel"] == "patient"
    assert doc.metadata["last_reviewed"] == datetime.date(2026, 1, 5)
    assert doc.metadata["next_review"] == datetime.date(2027, 1, 5)
    fm = [s for s in doc.segments if s.kind == "front-matter"]
    assert [(s.msgctxt, s.text, s.line) for s in fm] == [
        ("front matter: title", "Skin cancer treatment", 2),
        ("front matter: description", "How skin cancer is treated, in plain words.", 3),
    ]
    everything = " ".join(s.text for s in doc.segments)
    assert "audienceLevel" not in everything and "patient" not in everything and "melanoma" not in everything
    assert "2026" not in everything
    # not running text: sections (what readability scores and section checks see) hold no front matter
    assert not any(s.kind == "front-matter" for sec in doc.sections for s in sec.segments)
    assert doc.sections[0].title == "Skin cancer" and doc.title == "Skin cancer"


def test_front_matter_keys_come_from_settings():
    doc = doc_of(front_matter_keys=("title",))
    assert [s.msgctxt for s in doc.segments if s.kind == "front-matter"] == ["front matter: title"]
    assert "description" in doc.metadata
    assert doc_of("---\ntitle: Only a title\n---\nBody text.\n").title == "Only a title"


def test_front_matter_setting_validated(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "polyleaf.toml").write_text('[project]\nlanguages = ["es"]\n\n[source]\ntranslatable_front_matter = "title"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="polyleaf.toml:5: .*translatable_front_matter must be a list"):
        load_documents(load_settings(tmp_path))
    (tmp_path / "polyleaf.toml").write_text('[project]\nlanguages = ["es"]\nbase_url = "www.nhs.uk"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="polyleaf.toml:3: .*base_url must be an http"):
        load_settings(tmp_path)


def test_translated_front_matter_given_to_the_page():
    doc = doc_of()
    po = polib.POFile()
    po.append(polib.POEntry(msgctxt="front matter: title", msgid="Skin cancer treatment", msgstr="Tratamiento del cáncer de piel"))
    body = render_body(doc, resolve(doc, po), EN, ES)
    assert body.front_matter == {"title": "Tratamiento del cáncer de piel",
                                 "description": "How skin cancer is treated, in plain words."}
    assert body.states["untranslated"] >= 1 and body.states["reviewed"] == 1


def test_front_matter_not_rendered_and_not_scored():
    doc = doc_of()
    html = render_body(doc, resolve(doc, None), EN, EN).html
    assert "audienceLevel" not in html and "melanoma" not in html and "<hr" not in html
    rs = load_readability(load_settings(REPO))
    score = score_document(doc, EN, rs, is_source=True)
    without = doc_of(LEAFLET.split("---\n", 2)[2])  # the same leaflet with no front matter at all
    assert not without.metadata and score.source_words > 0
    assert score.source_words == score_document(without, EN, rs, is_source=True).source_words


# -- catalogs with msgctxt ----------------------------------------------------------------------------


def _settings(tmp_path: Path, extra: str = "") -> object:
    (tmp_path / "source").mkdir(exist_ok=True)
    (tmp_path / "polyleaf.toml").write_text(f'[project]\nname = "T"\nlanguages = ["es", "ar"]\n{extra}', encoding="utf-8")
    return load_settings(tmp_path)


def _translate_all(po: polib.POFile, prefix: str = "ES ") -> None:
    for e in po:
        if e.msgid:
            # keep markup intact: translate the words around it
            e.msgstr = e.msgid if ("](" in e.msgid or "|" in e.msgid) else prefix + e.msgid


def test_template_has_each_text_once_with_its_context_and_msgfmt_accepts_it(tmp_path):
    msgfmt = shutil.which("msgfmt")
    settings = _settings(tmp_path)
    doc = doc_of()
    pot = build_template(doc, settings, "2026-12-06 00:00+0000")
    entries = {(e.msgctxt, e.msgid): e for e in pot}
    alt = "Skin anatomy; drawing shows the epidermis, dermis and fat."
    assert ("image: https://example.org/skin.jpg", alt) in entries
    assert ("image: https://example.org/skin.jpg", "Skin anatomy") in entries
    # the image's words once, not inside the paragraph around it (used twice in the source: one entry)
    assert sum(alt in e.msgid for e in pot) == 1
    assert len(entries[("image: https://example.org/skin.jpg", alt)].occurrences) == 2
    para = [e.msgid for e in pot if "Enlarge" in e.msgid]
    assert para == ["[![](https://example.org/skin.jpg)](https://example.org/skin-big.jpg)[Enlarge](https://example.org/skin-big.jpg)"]
    assert "type: image-alt" in entries[("image: https://example.org/skin.jpg", alt)].comment
    # an image-only paragraph is no entry of its own; callout markers are not text
    assert not any(e.msgid.startswith("![](") and "Enlarge" not in e.msgid for e in pot)
    assert not any(re.search(r"\[!(NOTE|WARNING)\]", e.msgid) for e in pot)
    assert (None, "Call 999 if you have chest pain.") in entries
    assert "type: callout" in entries[(None, "Call 999 if you have chest pain.")].comment
    if msgfmt is None:
        pytest.skip("msgfmt not installed (Debian: gettext)")
    path = tmp_path / "skin.pot"
    pot.save(str(path))
    result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_extract_check_and_gate_see_context_entries(tmp_path, runner):
    from pipeline.cli import main

    settings = _settings(tmp_path)
    (tmp_path / "source" / "skin.md").write_text(LEAFLET, encoding="utf-8")
    result = runner.invoke(main, ["-C", str(tmp_path), "extract", "-q"])
    assert result.exit_code == 0, result.output
    po_path = settings.catalog_path(ES, "skin")
    po = polib.pofile(str(po_path))
    assert ("front matter: title", "Skin cancer treatment") in {(e.msgctxt, e.msgid) for e in po}
    doc = load_documents(settings)[0]
    # untranslated alt text and title keep the page from being complete
    _translate_all(po)
    for e in po:
        if e.msgctxt:
            e.msgstr = ""
    cov = document_coverage(doc, po)
    assert cov.missing == 4 and not cov.complete
    _translate_all(po)
    cov = document_coverage(doc, po)
    assert cov.complete, cov
    # a check finding on a context entry is located at its source line
    for e in po:
        if e.msgctxt == "front matter: title":
            e.msgstr = "ES Skin cancer treatment https://bad.example"
    diags = check_catalog(doc, po, ES, catalog_path="locales/es/LC_MESSAGES/skin.po")
    assert any(d.line == 2 and d.path == "source/skin.md" for d in diags), diags


def test_translated_images_render_with_their_own_alt_and_title():
    doc = doc_of()
    po = polib.POFile()
    for s in doc.segments:
        po.append(polib.POEntry(msgid=s.text, msgctxt=s.msgctxt, msgstr=s.text if "](" in s.text else "ES " + s.text))
    html = render_body(doc, resolve(doc, po), EN, ES).html
    tree = Tags(html)
    imgs = tree.find("img")
    assert len(imgs) == 2
    assert all(i["alt"] == "ES Skin anatomy; drawing shows the epidermis, dermis and fat." for i in imgs)
    assert all(i["title"] == "ES Skin anatomy" and i["src"] == "https://example.org/skin.jpg" for i in imgs)
    assert "EnlargeSkin" not in tree.text() and "Skin anatomy" not in tree.text()
    assert '<a href="https://example.org/skin-big.jpg"><img' in html


def test_translation_cannot_add_an_image():
    doc = doc_of("# T\n\nSee the picture.\n")
    po = polib.POFile()
    po.append(polib.POEntry(msgid="T", msgstr="T"))
    po.append(polib.POEntry(msgid="See the picture.", msgstr="Mire ![tracker](https://evil.example/p.gif)."))
    html = render_body(doc, resolve(doc, po), EN, ES).html
    assert "<img" not in html and "evil.example" not in html and "tracker" in html


def test_relative_links_resolved_with_base_url_else_text():
    text = "# T\n\nSee [the booklet](/publications/skin.pdf) and ![A mole](img/mole.jpg).\n"
    with_base = render_body(d := doc_of(text, base_url="https://www.cancer.gov/"), resolve(d, None), EN, EN).html
    assert '<a href="https://www.cancer.gov/publications/skin.pdf">the booklet</a>' in with_base
    assert 'src="https://www.cancer.gov/img/mole.jpg"' in with_base
    assert not d.diagnostics
    without = render_body(d := doc_of(text), resolve(d, None), EN, EN).html
    assert "<a " not in without and "the booklet" in without and " A mole " in without
    assert [x.code for x in d.diagnostics] == ["relative-link", "relative-link"]


# -- callouts -----------------------------------------------------------------------------------------


def test_callouts_render_as_labelled_asides():
    doc = doc_of()
    html = render_body(doc, resolve(doc, None), EN, EN).html
    asides = Tags(html).find("aside")
    assert [(a["role"], a["aria-label"], a["class"]) for a in asides] == [
        ("note", "Warning", "pl-callout pl-callout-warning"), ("note", "Note", "pl-callout pl-callout-note")]
    assert "[!" not in html and "<blockquote" not in html
    assert re.search(r'<aside [^>]*>\s*<p class="pl-callout-label"><strong>Warning</strong></p>\s*<p>Call 999', html)
    assert re.search(r'<p class="pl-callout-label"><strong>Note</strong></p>\s*<p>Bring a list', html)


def test_callout_label_from_ui_strings():
    """The label comes from the polyleaf-ui domain (pipeline/ui/); without a translation there,
    the English label, marked as English."""
    doc = doc_of()
    assert ui_label(AR, "Warning") == "تحذير" and ui_label(ES, "Note") == "Nota"
    html = render_body(doc, resolve(doc, None), EN, AR).html
    assert 'aria-label="تحذير"' in html and "<strong>تحذير</strong>" in html and 'aria-label="ملاحظة"' in html
    sw = parse_language("sw")  # no polyleaf-ui catalog for Swahili
    assert ui_label(sw, "Warning") == "Warning"
    html = render_body(doc, resolve(doc, None), EN, sw).html
    assert '<p class="pl-callout-label" lang="en" dir="ltr"><strong>Warning</strong>' in html


# -- tables ----------------------------------------------------------------------------------------------


def test_table_header_cells_have_scope_and_logical_alignment():
    doc = doc_of()
    html = render_body(doc, resolve(doc, None), EN, AR).html
    ths = Tags(html).find("th")
    assert [t.get("scope") for t in ths] == ["col", "col"]
    assert ths[1].get("style") == "text-align:start"


@pytest.mark.tools
def test_table_and_callout_in_rtl_pdf_and_html(tmp_path, runner):
    """End to end in Arabic: the page has the table with header cells and the callout box; pdftotext finds them."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None or shutil.which("fc-list") is None:
        pytest.skip("pdftotext/fontconfig not installed (Debian: poppler-utils, fontconfig)")
    from pipeline.cli import main

    settings = _settings(tmp_path)
    src = "# Your medicines\n\n> [!WARNING]\n> Call 999 if you have chest pain.\n\n| Drug | When |\n|---|---|\n| Tablets | Morning |\n"
    (tmp_path / "source" / "meds.md").write_text(src, encoding="utf-8")
    assert runner.invoke(main, ["-C", str(tmp_path), "extract", "-q"]).exit_code == 0
    ar = {"Your medicines": "أدويتك", "Call 999 if you have chest pain.": "اتصل بالرقم 999 إذا شعرت بألم في الصدر.",
          "Drug": "الدواء", "When": "متى", "Tablets": "أقراص", "Morning": "صباحا"}
    path = settings.catalog_path(AR, "meds")
    po = polib.pofile(str(path))
    for e in po:
        e.msgstr = ar[e.msgid]
    po.save(str(path))
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(tmp_path), "export", "-l", "ar"],
                            cwd=REPO, capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    out = tmp_path / "dist" / "meds" / "ar"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in page or 'dir="rtl"' in page
    assert '<th scope="col">الدواء</th>' in page and 'role="note"' in page and ".pl-callout" in page
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(out / "meds.ar.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    import unicodedata

    flat = "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())
    for word in ("الدواء", "متى", "أقراص", "صباحا", "تحذير"):  # the callout's label from the UI strings
        assert word in flat or word[::-1] in flat, (word, text)


# -- diagnostics ---------------------------------------------------------------------------------------


def _corpus():
    return sorted(p for p in BAD.glob("*.md") if p.name != "README.md")


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem)
def test_bad_markdown_corpus(path: Path):
    expect = (path.parent / (path.name + ".expect")).read_text(encoding="utf-8").splitlines()
    text = path.read_text(encoding="utf-8")
    if expect and expect[0].startswith("raise: "):
        line, message = expect[0].removeprefix("raise: ").split(": ", 1)
        with pytest.raises(SourceError) as exc:
            parse_text(text, f"source/{path.name}")
        assert str(exc.value).startswith(f"source/{path.name}:{line}: {message}")
        return
    doc = parse_text(text, f"source/{path.name}")
    got = [f"{d.line}: {d.code}" for d in doc.diagnostics]
    assert got == expect
    for d in doc.diagnostics:
        assert d.severity == SOURCE_CHECKS[d.code][0]
        assert format_source_diagnostic(d).startswith(f"source/{path.name}:{d.line}: {d.code}: ")


def test_every_source_check_is_in_the_corpus():
    seen = {line.split(": ", 1)[1] for p in BAD.glob("*.expect") for line in p.read_text().splitlines() if not line.startswith("raise")}
    assert seen == set(SOURCE_CHECKS)


def test_empty_heading_is_not_rendered_and_names_no_section():
    doc = parse_text((BAD / "empty_heading_next_line.md").read_text(), "source/x.md")
    assert [s.title for s in doc.sections] == ["Leaflet"]
    html = render_body(doc, resolve(doc, None), EN, EN).html
    assert "<h2></h2>" not in html and "<h2>" not in html


def test_extract_and_check_print_source_diagnostics(tmp_path, runner):
    from pipeline.cli import main

    _settings(tmp_path)
    shutil.copy(BAD / "unclosed_bold.md", tmp_path / "source" / "bold.md")
    shutil.copy(BAD / "skipped_level.md", tmp_path / "source" / "levels.md")
    result = runner.invoke(main, ["-C", str(tmp_path), "extract"])
    assert result.exit_code == 0
    assert "source/bold.md:5: unclosed-emphasis: ** is not closed" in result.stderr
    assert "source/levels.md:5: skipped-heading-level: h4 after h2" in result.stderr
    result = runner.invoke(main, ["-C", str(tmp_path), "check"])
    assert "source/bold.md:5: unclosed-emphasis:" in result.stdout and "[error]" in result.stdout
    assert result.exit_code == 1  # an error in the source
    (tmp_path / "source" / "bold.md").unlink()
    result = runner.invoke(main, ["-C", str(tmp_path), "check"])
    assert "skipped-heading-level" in result.stdout and result.exit_code == 0  # warnings only


def test_callout_label_overridden_by_the_project(tmp_path):
    """A team's translators fix a label in their own locales/<lang>/LC_MESSAGES/polyleaf-ui.po."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    po.append(polib.POEntry(msgid="Warning", msgstr="¡Atención!"))
    path = tmp_path / "locales" / "es" / "LC_MESSAGES" / "polyleaf-ui.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    doc = doc_of()
    assert "<strong>¡Atención!</strong>" in render_body(doc, resolve(doc, None), EN, ES, tmp_path / "locales").html
    assert "<strong>¡Atención!</strong>" not in render_body(doc, resolve(doc, None), EN, ES).html
