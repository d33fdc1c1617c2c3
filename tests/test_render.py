"""Rendering (pure): structure from the source, text from the catalog, untrusted text made inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from export_fixture import MSGIDS, TRANSLATIONS, catalog, make_project
from pipeline.config import load_settings
from pipeline.errors import ConfigError, ExportError
from pipeline.languages import parse_language
from pipeline.render import render_html
from pipeline.render.content import allowed_href
from pipeline.render.settings import load as load_export
from pipeline.source import read_document


class Tree(HTMLParser):
    """Every start tag with its attributes, and text by enclosing tag."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.text: list[tuple[str, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "hr", "img", "input", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append((self.stack[-1] if self.stack else "", data))

    def find(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]

    def body_text(self) -> str:
        return "".join(d for t, d in self.text if t not in ("style", "title"))


@pytest.fixture
def proj(tmp_path: Path):
    root = make_project(tmp_path / "p")
    settings = load_settings(root)
    doc = read_document(root / "source" / "leaflet.md", root)
    return settings, doc


def page(proj, lang: str, po: polib.POFile | None, draft: bool = False, available=()) -> str:
    settings, doc = proj
    language = settings.source_language if po is None else parse_language(lang)
    return render_html(settings, doc, language, po, draft=draft, languages_available=available)


def test_structure_from_source_text_from_catalog(proj):
    html = page(proj, "es", catalog("es"))
    tree = Tree(html)
    assert [t for t, _ in tree.tags if t in ("h1", "h2", "h3", "h4")] == ["h1", "h2", "h3"], "one h1, h4 after h2 becomes h3"
    assert len(tree.find("ul")) == 1 and len([t for t, _ in tree.tags if t == "li"]) >= 2
    hrefs = [a["href"] for a in tree.find("a")]
    assert "https://example.org/care" in hrefs and "tel:111" in hrefs
    text = tree.body_text()
    assert "Puede sentirse cansado." in text and "equipo de atención" in text
    assert "You may feel tired" not in text
    assert "<em>atención</em>" in html
    # the translator note in the source (an HTML comment) is not rendered
    assert "NHS term" not in html


@pytest.mark.parametrize(
    "lang, tag, direction",
    [("ar", "ar", "rtl"), ("ur", "ur", "rtl"), ("zh_Hans", "zh-Hans", "ltr"), ("hi", "hi", "ltr"), ("ru", "ru", "ltr")],
    ids=["arabic", "urdu", "chinese", "hindi", "russian"],
)
def test_root_lang_and_dir_from_cldr(proj, lang, tag, direction):
    tree = Tree(page(proj, lang, catalog(lang)))
    html_attrs = tree.find("html")[0]
    assert html_attrs == {"lang": tag, "dir": direction}
    assert "Draft" not in tree.body_text()


def test_title_and_footer(proj):
    html = page(proj, "zh_Hans", catalog("zh_Hans"))
    tree = Tree(html)
    assert "<title>照顾好自己</title>" in html
    footer = html[html.index("<footer"):]
    # the footer in the reader's language (polyleaf-ui domain), the date formatted by Babel for zh_Hans
    assert "版本 2026.11" in footer and "上次审核：2026年11月20日" in footer and "中文" in footer
    assert 'lang="en"' not in html, "every label has a Chinese translation"


def test_switcher_native_names_current_page(proj):
    settings, _ = proj
    langs = [settings.source_language, *settings.languages]
    tree = Tree(page(proj, "ar", catalog("ar"), available=langs))
    links = [a for a in tree.find("a") if "hreflang" in a]
    assert [a["hreflang"] for a in links] == ["en-GB", "ar", "ur", "zh-Hans", "hi", "ru", "es"]
    current = [a for a in links if a.get("aria-current") == "page"]
    assert len(current) == 1 and current[0]["href"] == "../ar/index.html"
    text = Tree(page(proj, "ar", catalog("ar"), available=langs)).body_text()
    for native in ("العربية", "اردو", "中文", "हिन्दी", "русский", "español"):
        assert native.lower() in text.lower()


def test_source_language_page_needs_no_catalog(proj):
    tree = Tree(page(proj, "en", None))
    assert tree.find("html")[0]["lang"] == "en-GB"
    assert "You may feel tired." in tree.body_text()


def test_self_contained_no_external_requests(proj):
    html = page(proj, "ar", catalog("ar"))
    tree = Tree(html)
    for tag, attrs in tree.tags:
        assert "src" not in attrs and tag not in ("link", "script", "img", "iframe", "object")
    assert "url(" not in html and "@import" not in html
    assert all(allowed_href(a["href"]) for a in tree.find("a") if not _chrome_link(a))


def _chrome_link(attrs: dict) -> bool:
    """Links the page itself adds: skip link, language switcher, PDF link."""
    return attrs["href"] == "#main" or "hreflang" in attrs or attrs.get("type") == "application/pdf"


# -- untrusted catalog text ---------------------------------------------------------------

HOSTILE = [
    ("script", "<script>alert(1)</script>"),
    ("img-onerror", '<img src=x onerror="alert(1)">'),
    ("attr-break", '"><svg onload=alert(1)>'),
    ("js-link", "[click](javascript:alert(1))"),
    ("js-link-upper", "[click](JaVaScRiPt:alert(1))"),
    ("js-autolink", "<javascript:alert(1)>"),
    ("data-link", "[x](data:text/html;base64,PHNjcmlwdD4=)"),
    ("file-link", "[x](file:///etc/passwd)"),
    ("vbscript", "[x](vbscript:msgbox)"),
    ("relative-link", "[x](../../secrets)"),
    ("ftp-link", "[x](ftp://example.org/f)"),
    ("protocol-relative", "[x](//evil.example/)"),
    ("image", "![tracking pixel](https://evil.example/x.png)"),
    ("unbalanced", "**bold <b><i>never closed [link"),
    ("entity", "&lt;script&gt; &#x3C;script&#x3E;"),
    ("style-break", "</style><script>alert(1)</script>"),
    ("comment", "<!-- x --><iframe src=//evil>"),
]


@pytest.mark.parametrize("payload", [p for _, p in HOSTILE], ids=[i for i, _ in HOSTILE])
@pytest.mark.parametrize("slot", [0, 3, 4], ids=["title", "list-item", "linked-item"])
def test_hostile_translation_renders_inert(proj, payload, slot):
    texts = list(TRANSLATIONS["es"])
    texts[slot] = payload
    html = page(proj, "es", catalog("es", texts))
    tree = Tree(html)
    for tag, attrs in tree.tags:
        assert tag not in ("script", "img", "iframe", "svg", "object", "b", "i"), tag
        assert not any(k.startswith("on") for k in attrs), attrs
        assert "src" not in attrs
        if "href" in attrs and not _chrome_link(attrs):
            assert allowed_href(attrs["href"]), attrs
    assert html.count("<style>") == 1 and html.count("</style>") == 1
    # the words are still there for the reader, as text
    visible = tree.body_text()
    for word in ("alert", "click", "tracking pixel", "never closed"):
        if word in payload:
            assert word in visible


@pytest.mark.parametrize(
    "text, shown",
    [("[](https://example.org/care)", "https://example.org/care"), ("[ ](tel:111)", "111"), ("[](mailto:a@b.org)", "a@b.org")],
    ids=["https", "tel", "mailto"],
)
def test_every_link_has_text(proj, text, shown):
    texts = list(TRANSLATIONS["es"])
    texts[4] = f"Llame {text}."
    html = page(proj, "es", catalog("es", texts))
    body = html[html.index("<main"):html.index("</main>")]
    m = re.search(r"<a href=\"[^\"]*\">([^<]*)</a>", body[body.index("Llame"):])
    assert m and m.group(1).strip() == shown


@pytest.mark.parametrize(
    "href, ok",
    [("https://nhs.uk", True), ("http://x", True), ("mailto:a@b.c", True), ("tel:+44111", True), ("HTTPS://X", True),
     ("javascript:x", False), ("data:x", False), ("ftp://x", False), ("/local", False), ("#top", False)],
)
def test_allowed_href(href, ok):
    assert allowed_href(href) is ok


# -- publish vs draft ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw, expect",
    [({"fuzzy": (3,)}, "1 fuzzy, 0 untranslated"), ({"missing": (0, 5)}, "0 fuzzy, 2 untranslated"),
     ({"fuzzy": (1,), "missing": (2,)}, "1 fuzzy, 1 untranslated")],
    ids=["fuzzy", "untranslated", "both"],
)
def test_publish_refuses_unreviewed(proj, kw, expect):
    with pytest.raises(ExportError) as err:
        page(proj, "ar", catalog("ar", **kw))
    msg = str(err.value)
    assert msg.startswith("source/leaflet.md:")
    assert "[ar] cannot publish" in msg and expect in msg and "--draft" in msg


def test_publish_refuses_leftover_mt_placeholder(proj):
    texts = list(TRANSLATIONS["es"])
    texts[4] = "Llame a su ⟦0⟧."
    with pytest.raises(ExportError, match=r"source/leaflet.md:9: \[es\] cannot publish: .* placeholder ⟦0⟧"):
        page(proj, "es", catalog("es", texts))


def test_obsolete_or_missing_entry_is_untranslated(proj):
    po = catalog("ar")
    po.remove(po.find(MSGIDS[2]))
    po.append(polib.POEntry(msgid=MSGIDS[2], msgstr="قديم", obsolete=True))
    with pytest.raises(ExportError, match="0 fuzzy, 1 untranslated"):
        page(proj, "ar", po)


def test_draft_marks_source_text_with_source_lang(proj):
    html = page(proj, "ar", catalog("ar", fuzzy=(3,), missing=(5,)), draft=True)
    tree = Tree(html)
    spans = {a.get("data-state"): a for a in tree.find("span") if "data-state" in a}
    assert spans["fuzzy"] == {"class": "pl-fuzzy", "lang": "en-GB", "data-state": "fuzzy", "dir": "ltr"}
    assert spans["untranslated"]["lang"] == "en-GB"
    text = tree.body_text()
    assert "You may feel tired." in text and "Contact" in text  # source text shown
    assert "قد تشعر بالتعب" not in text  # the fuzzy draft itself is never shown
    assert "مسودة — لم تتم مراجعتها" in text  # "Draft — not reviewed" in Arabic (polyleaf-ui)
    assert 'class="pl-watermark"' in html


def test_draft_of_complete_language_still_says_draft(proj):
    assert "Borrador: sin revisar" in page(proj, "es", catalog("es"), draft=True)


def test_render_is_deterministic(proj):
    assert page(proj, "zh_Hans", catalog("zh_Hans")) == page(proj, "zh_Hans", catalog("zh_Hans"))


# -- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, message, line",
    [
        ("[export]\nformat = [\"pdf\"]\n", "unknown key 'format'", 2),
        ("[export]\nformats = [\"docx\"]\n", "unknown export format(s) docx", 2),
        ("[export]\nreview_date = \"yesterday\"\n", "review_date must be a date", 2),
        ("[export]\njobs = 0\n", "jobs must be a whole number", 2),
        ("[export]\nfonts = [\"Noto</style>\"]\n", "fonts must be a list of font family names", 2),
        ("[export]\npdf_tagged = \"yes\"\n", "pdf_tagged must be true or false", 2),
        ("[export.language_fonts]\nur = []\n", "must be a non-empty list", 2),
        ("[export.language_fonts]\nxx_Nope = [\"Noto Sans\"]\n", "xx_Nope", 2),
    ],
    ids=["unknown-key", "bad-format", "bad-date", "jobs-zero", "font-injection", "bool", "empty-fonts", "bad-lang"],
)
def test_export_settings_errors_name_the_line(tmp_path, table, message, line):
    root = make_project(tmp_path / "p", langs=[])
    text = (root / "polyleaf.toml").read_text().replace("[export]\nreview_date = 2026-11-20\n", "")
    (root / "polyleaf.toml").write_text(text + table)
    base = text.count("\n")
    with pytest.raises(ConfigError) as err:
        load_export(load_settings(root))
    assert message in str(err.value)
    assert err.value.line == base + line


def test_export_settings_defaults_and_values(tmp_path):
    root = make_project(tmp_path / "p", langs=[])
    es = load_export(load_settings(root))
    assert es.formats == ("html", "pdf") and es.review_date == "2026-11-20" and es.jobs == 1 and es.pdf_tagged
    with open(root / "polyleaf.toml", "a") as fh:
        fh.write('formats = ["pdf"]\nfonts = ["Noto Serif Tangut"]\n[export.language_fonts]\nur = ["Noto Naskh Arabic"]\n')
    es = load_export(load_settings(root))
    assert es.formats == ("pdf",)
    stack = es.font_stack(parse_language("ur"))
    assert stack[0] == "Noto Naskh Arabic" and stack[-1] == "Noto Serif Tangut"
    assert es.font_stack(parse_language("zh-Hans"))[0] == "Noto Sans CJK SC"


def test_table_alignment_is_logical_and_code_is_escaped(tmp_path):
    from pipeline.source import parse_text

    root = make_project(tmp_path / "p", langs=[])
    settings = load_settings(root)
    text = "# T\n\n| Drug | Dose |\n|:--|--:|\n| A <b>x</b> | 1 |\n\n```\n<script>x</script>\n```\n"
    doc = parse_text(text, "source/t.md")
    html = render_html(settings, doc, settings.source_language, None, draft=False)
    tree = Tree(html)
    assert [a.get("style") for a in tree.find("th")] == ["text-align:start", "text-align:end"]
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and not any(t == "script" for t, _ in tree.tags)
