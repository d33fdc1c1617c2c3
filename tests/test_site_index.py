"""The site index a patient starts from, review dates on every page, and Latin terms isolated in RTL text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from export_fixture import catalog, make_project
from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.languages import parse_language
from pipeline.publish import SimpleVerdict, run_gate
from pipeline.render import load_export_settings, render_html
from pipeline.render.review_dates import overdue, review_dates
from pipeline.render.site_index import pdf_facts
from pipeline.source import read_document

REPO = Path(__file__).resolve().parent.parent


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def with_export(root: Path, table: str) -> None:
    path = root / "polyleaf.toml"
    path.write_text(path.read_text().replace("[export]\nreview_date = 2026-11-20\n", table), encoding="utf-8")


# -- review dates ----------------------------------------------------------------------------------


def test_review_dates_per_document_override_the_project(tmp_path):
    root = make_project(tmp_path / "p")
    with_export(root, "[export]\nreview_date = 2026-11-20\nnext_review = 2027-11-20\n"
                      "[export.documents.leaflet]\nnext_review = 2027-05-20\n[export.documents.other]\nlast_reviewed = 2020-01-01\n")
    settings = load_settings(root)
    doc = read_document(root / "source" / "leaflet.md", root)
    es = load_export_settings(settings)
    dates = review_dates(settings, doc, catalog("es"), es)
    assert (dates.last_reviewed, dates.next_review) == ("2026-11-20", "2027-05-20")
    html = render_html(settings, doc, parse_language("cy"), catalog("es"), draft=False)  # (any complete catalog)
    footer = html[html.index("<footer"):]
    assert "Adolygwyd ddiwethaf: 20 Tachwedd 2026" in footer and "Adolygiad nesaf: 20 Mai 2027" in footer
    ar = render_html(settings, doc, parse_language("ar"), catalog("ar"), draft=False)
    assert "المراجعة القادمة: 20 مايو 2027" in ar


def test_last_reviewed_defaults_to_the_catalog_revision_date(tmp_path):
    root = make_project(tmp_path / "p")
    with_export(root, "")
    settings = load_settings(root)
    doc = read_document(root / "source" / "leaflet.md", root)
    dates = review_dates(settings, doc, catalog("es"), load_export_settings(settings))
    assert (dates.last_reviewed, dates.next_review) == ("2026-11-19", "")
    html = render_html(settings, doc, parse_language("es"), catalog("es"), draft=False)
    assert "Última revisión: 19 de noviembre de 2026" in html and "Próxima revisión" not in html


@pytest.mark.parametrize("table, message, line", [
    ("[export]\nnext_review = \"soon\"\n", "[export] next_review must be a date", 9),
    ("[export]\nnext_review = \"2027-02-30\"\n", "is not a real date", 9),
    ("[export.documents.leaflet]\nreviewed = 2027-01-01\n", "unknown key 'reviewed' in [export.documents.leaflet]", 9),
    ("[export.documents.leaflet]\nnext_review = 5\n", "[export.documents.leaflet] next_review must be a date", 9),
], ids=["not-a-date", "impossible-date", "unknown-key", "wrong-type"])
def test_bad_review_dates_name_the_line(tmp_path, table, message, line):
    root = make_project(tmp_path / "p")
    with_export(root, table)
    with pytest.raises(ConfigError) as err:
        load_export_settings(load_settings(root))
    assert message in str(err.value) and f"polyleaf.toml:{line}" in str(err.value)


def test_check_and_publish_warn_when_the_next_review_has_passed(tmp_path):
    root = make_project(tmp_path / "p", langs=["es"])
    with_export(root, "[export]\nnext_review = 2020-01-31\n")
    text = (root / "polyleaf.toml").read_text().replace('languages = ["ar", "ur", "zh-Hans", "hi", "ru", "es"]', 'languages = ["es"]')
    (root / "polyleaf.toml").write_text(text)
    settings = load_settings(root)
    warnings = overdue(settings, [read_document(root / "source" / "leaflet.md", root)], load_export_settings(settings))
    assert [w.code for w in warnings] == ["review-overdue"] and "2020-01-31 has passed" in warnings[0].message
    checked = cli(root, "check")
    assert "source/leaflet.md:1 warning review-overdue: next review date 2020-01-31 has passed" in checked.stdout
    published = cli(root, "publish", "--no-render")
    assert "review-overdue" in published.stderr and published.returncode == 0  # a warning: it does not hold anything back


# -- Latin terms in right-to-left text ---------------------------------------------------------------


def test_latin_runs_in_rtl_text_are_isolated(tmp_path):
    root = make_project(tmp_path / "p", langs=["ar"])
    po = catalog("ar")
    po[3].msgstr = "قد تشعر بالتعب بعد العلاج CAR T-cell أو NHS 111."
    settings = load_settings(root)
    doc = read_document(root / "source" / "leaflet.md", root)
    html = render_html(settings, doc, parse_language("ar"), po, draft=False)
    assert "<bdi>CAR T-cell</bdi>" in html and "<bdi>NHS 111</bdi>" in html
    es = render_html(settings, doc, parse_language("es"), catalog("es"), draft=False)
    assert "<bdi>" not in es[es.index("<main"):es.index("</main>")], "left-to-right pages need no isolation"
    draft = render_html(settings, doc, parse_language("ar"), catalog("ar", fuzzy=(3,)), draft=True)
    span = re.search(r'<span class="pl-fuzzy"[^>]*>(.*?)</span>', draft).group(1)
    assert span == "You may feel tired." and "<bdi>" not in span  # the source text is marked lang/dir as a whole


# -- the site index ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig not installed")
    root = make_project(tmp_path_factory.mktemp("index") / "p", langs=["es", "ar", "zh_Hans", "ru"])
    text = (root / "polyleaf.toml").read_text().replace('languages = ["ar", "ur", "zh-Hans", "hi", "ru", "es"]',
                                                        'languages = ["es", "ar", "zh-Hans", "ru"]')
    (root / "polyleaf.toml").write_text(text + "[publish]\nhold = [\"ru\"]\n")
    settings = load_settings(root)
    run_gate(settings, readability=lambda doc, lang: SimpleVerdict(True, "ok"), render=True)
    return root / "dist" / "site"


def test_index_lists_published_languages_with_titles_and_descriptive_links(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<style>" in index and ".pl-index-langs" in index, "styled like the pages"
    assert '<html lang="en-GB" dir="ltr">' in index
    items = re.findall(r'<li lang="([^"]+)" dir="([^"]+)">(.*?)</li>', index, re.S)
    assert [(l, d) for l, d, _ in items] == [("en-GB", "ltr"), ("es", "ltr"), ("ar", "rtl"), ("zh-Hans", "ltr")]
    body = {l: b for l, _, b in items}
    assert "Cuídese" in body["es"] and "اعتنِ بنفسك" in body["ar"] and "照顾好自己" in body["zh-Hans"]  # titles per language
    assert '<h3 class="pl-index-name">Español</h3>' in body["es"]  # CLDR's own name, standing alone: capitalised
    assert ">Leer en español</a>" in body["es"] and ">اقرأ باللغة العربية</a>" in body["ar"]
    for tag, code in (("es", "es"), ("ar", "ar"), ("zh-Hans", "zh_Hans")):
        pages, size = pdf_facts(site / "leaflet" / code / f"leaflet.{code}.pdf")
        info = subprocess.run(["pdfinfo", str(site / "leaflet" / code / f"leaflet.{code}.pdf")], capture_output=True, text=True)
        if info.returncode == 0:  # the page count, as poppler counts it
            assert f"Pages:{' ' * 10}{pages}" in info.stdout or re.search(rf"Pages:\s+{pages}\n", info.stdout)
        kb = -(-size // 1024)
        if tag == "es":
            assert f">Descargar el PDF ({pages} página{'s' if pages != 1 else ''}, {kb} kB)</a>" in body["es"]
    assert re.search(r">下载 PDF（\d+ 页，\d+ kB）</a>", body["zh-Hans"])
    # held back (ru) and internal files are not on the patient's page
    assert 'lang="ru"' not in index and "manifest" not in index and "Not yet published" not in index
    assert 'href="leaflet/ru/' not in index


def test_index_links_resolve(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"#]+)"', index)
    assert hrefs and all((site / h).is_file() for h in hrefs), [h for h in hrefs if not (site / h).is_file()]


@pytest.mark.parametrize("code, among, name, alone", [
    ("zh_Hans", ["en_GB", "zh_Hans"], "中文", "中文"),
    ("zh_Hans", ["zh_Hant", "zh_Hans"], "中文 (简体)", "中文 (简体)"),
    ("en_GB", ["en_GB", "es"], "English", "English"),
    ("es", ["es"], "español", "Español"),
    ("pt_BR", ["pt_BR", "pt_PT"], "português (Brasil)", "Português (Brasil)"),
    ("ar", ["ar"], "العربية", "العربية"),
], ids=["zh-alone", "zh-two-scripts", "en-gb", "es", "pt-two-regions", "ar"])
def test_language_names_from_cldr_with_one_rule(code, among, name, alone):
    from pipeline.render.html import display_name, language_name

    others = [parse_language(c) for c in among]
    assert language_name(parse_language(code), others) == name  # inside a sentence, as CLDR writes it
    assert display_name(parse_language(code), others) == alone  # standing alone: first letter capitalised


def test_index_names_languages_without_needless_qualifiers(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert ">阅读中文版</a>" in index and ">Read in English</a>" in index
