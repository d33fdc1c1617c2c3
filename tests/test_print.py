"""Print that reads well: the example's PDFs in every language, read back page by page with pdftotext.

No page may hold an orphaned single line or a single list item, and no page may end with a heading
(the heading must go with what follows it).  The running footer and the page numbers are in the page's
language (the ``polyleaf-ui`` domain).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pipeline.catalogs import load_documents
from pipeline.config import load_settings
from pipeline.render.content import render_body, resolve
from pipeline.render.export import load_catalog
from pipeline.ui import ui_for

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_LANGS = ("en_GB", "es", "cy", "pl", "ar", "ur", "zh_Hans")

pytestmark = [pytest.mark.tools, pytest.mark.slow]


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} not installed (Debian: see APT_PACKAGES in the Makefile)")
    return path


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    need("fc-list")
    root = tmp_path_factory.mktemp("print") / "example"
    root.mkdir()
    shutil.copy2(REPO / "polyleaf.toml", root / "polyleaf.toml")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), "export", "--draft", "-f", "pdf", "-j", "2"],
                            cwd=REPO, capture_output=True, text=True, timeout=900,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return root


def norm(text: str) -> str:
    """Letters, digits and punctuation only: presentation forms folded, bidi controls, marks and spaces gone."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in ("L", "N", "P", "S") and c != "•")


def page_bodies(pdf: Path, title: str, watermark: str) -> list[list[str]]:
    """Each page's body lines: without the running title (pages 2+), the watermark's rotated letters
    (pdftotext gives them one or two per line) and the running footer (from the version line on)."""
    text = subprocess.run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    marks = set(norm(watermark))
    out = []
    for n, page in enumerate(p for p in text.split("\f") if p.strip()):
        lines = [l.strip() for l in page.splitlines() if norm(l)]
        lines = [l for l in lines if not (len(norm(l)) <= 2 and set(norm(l)) <= marks)]
        if n > 0 and lines and norm(lines[0]) == norm(title):
            lines = lines[1:]
        last_footer = max((i for i, l in enumerate(lines) if "2026.11" in l), default=len(lines))
        out.append(lines[:last_footer])
    return out


@pytest.mark.parametrize("lang", EXAMPLE_LANGS)
def test_no_orphaned_line_or_list_item_and_no_heading_at_a_page_foot(example, lang):
    settings = load_settings(example)
    doc = load_documents(settings)[0]
    language = settings.source_language if lang == settings.source_language.code else settings.language(lang)
    catalog = None if language.code == settings.source_language.code else load_catalog(settings, language, doc)
    resolved = resolve(doc, catalog)
    headings = {norm(r.text.replace("*", "")) for r in resolved if r.segment.kind in ("title", "heading")}
    title = render_body(doc, resolved, settings.source_language, language).title
    watermark = ui_for(language, settings.locales_dir).gettext("Draft — not reviewed")
    pdf = example / "reports" / "draft" / doc.name / lang / f"{doc.name}.{lang}.pdf"
    bodies = page_bodies(pdf, title, watermark)
    assert len(bodies) >= 3, "the example leaflet runs to several pages in every language"
    for n, body in enumerate(bodies, 1):
        where = f"{lang} page {n}/{len(bodies)}: {body[:4]}"
        assert len(body) >= 2, f"a single orphaned line: {where}"
        bullets = [l for l in body if l.startswith("•")]
        assert not (len(bullets) == 1 and body[0].startswith("•") and len(body) <= 3), f"a single list item alone: {where}"
        if n < len(bodies):
            assert not any(h.endswith(norm(body[-1])) for h in headings), f"a heading at the foot of the page: {where}"


@pytest.mark.parametrize("lang, counter", [("cy", r"Tudalen (\d+) o (\d+)"), ("zh_Hans", r"第 ?(\d+) 页，共 ?(\d+) 页"),
                                           ("pl", r"Strona (\d+) z (\d+)")])
def test_page_numbers_in_the_page_language(example, lang, counter):
    pdf = example / "reports" / "draft" / "immunotherapy" / lang / f"immunotherapy.{lang}.pdf"
    text = subprocess.run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    for n, page in enumerate(pages, 1):
        m = re.search(counter, page)
        assert m and m.groups() == (str(n), str(len(pages))), page[-300:]
