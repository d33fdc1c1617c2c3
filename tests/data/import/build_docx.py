"""Build ``nci-what-is-cancer.docx`` (test input) from the saved NCI page "What Is Cancer?".

Not part of the test run: the .docx is committed (origin in SOURCES.md).  Run once with
python-docx 1.2.0, which is not a project dependency, on the page as SOURCES.md says to get it
(``<script>``/``<style>`` bodies emptied)::

    PYTHONPATH=<dir holding python-docx> python tests/data/import/build_docx.py what-is-cancer.html

The page's article (``<div id="main">``, from its first ``<h2>`` up to "Related Resources")
becomes Word paragraphs with Word's own styles, as a writer would type it: ``<h2>``/``<h3>``/
``<h4>`` -> Heading 1/2/3, ``<p>`` -> Normal with bold and italic runs (a link keeps its text,
shown underlined), list items -> List Bullet / List Number.  Every word comes from the page,
in order; nothing is added but the title (the page's ``<h1>``, as Title).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import docx  # python-docx
from bs4 import BeautifulSoup, NavigableString, Tag

HERE = Path(__file__).resolve().parent
SOURCE = Path(sys.argv[1])
OUT = HERE / "nci-what-is-cancer.docx"
HEADINGS = {"h2": 1, "h3": 2, "h4": 3}


def runs(paragraph, node, bold=False, italic=False, underline=False) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            text = " ".join(str(child).split())
            if str(child)[:1].isspace() and text:
                text = " " + text
            if str(child)[-1:].isspace() and text:
                text += " "
            if text:
                run = paragraph.add_run(text)
                run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        elif isinstance(child, Tag):
            runs(paragraph, child, bold or child.name in ("strong", "b"), italic or child.name in ("em", "i"),
                 underline or child.name == "a")


def main() -> None:
    soup = BeautifulSoup(SOURCE.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("div", id="main")
    document = docx.Document()
    document.core_properties.title = soup.find("h1").get_text(" ", strip=True)
    document.core_properties.author = "National Cancer Institute"
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2015, 2, 9)
    document.add_paragraph(soup.find("h1").get_text(" ", strip=True), style="Title")
    started = False
    for tag in article.find_all(["h2", "h3", "h4", "h5", "h6", "p", "li"]):
        text = " ".join(tag.get_text(" ").split())
        if tag.name in ("h2", "h3", "h4", "h5", "h6"):
            if text == "Related Resources":
                break
            started = True
            document.add_heading(text, level=HEADINGS.get(tag.name, 3))
        elif started and text and not (tag.name == "p" and tag.find_parent("li")):
            style = None
            if tag.name == "li":
                style = "List Number" if tag.find_parent(["ol", "ul"]).name == "ol" else "List Bullet"
            paragraph = document.add_paragraph(style=style)
            runs(paragraph, tag)
    document.save(OUT)


if __name__ == "__main__":
    main()
