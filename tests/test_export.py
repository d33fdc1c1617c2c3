"""Export end to end, judged by independent tools: pdftotext, pdffonts, pdfinfo, headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import pytest

from export_fixture import LANGS, TRANSLATIONS, catalog, make_project, plain
from pipeline.config import load_settings
from pipeline.errors import ExportError
from pipeline.languages import parse_language
from pipeline.render import fonts as F
from pipeline.render import export as run_export
from pipeline.source import read_document

REPO = Path(__file__).resolve().parent.parent


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(root), "export", *args],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} not installed (Debian: see APT_PACKAGES in the Makefile)")
    return path


def pdftotext(pdf: Path) -> str:
    return subprocess.run([need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def letters(text: str) -> str:
    """Text reduced to its base letters and digits, in order: presentation forms folded (NFKC), bidi
    controls, marks (pdftotext detaches Arabic harakat and Indic pre-base vowel signs) and spaces removed."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] in ("L", "N", "P", "S"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    need("fc-list")  # the glyph check asks fontconfig
    root = make_project(tmp_path_factory.mktemp("export") / "p")
    result = cli(root, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return root


def pdf_of(root: Path, lang: str) -> Path:
    return root / "dist" / "leaflet" / lang / f"leaflet.{lang}.pdf"


# -- outputs read by independent tools ----------------------------------------------------

@pytest.mark.tools
@pytest.mark.parametrize("lang", LANGS)
def test_pdftotext_has_translation_in_logical_order(exported, lang):
    text = letters(pdftotext(pdf_of(exported, lang)))
    pos = -1
    for msgstr in TRANSLATIONS[lang]:
        want = letters(plain(msgstr))
        found = text.find(want, pos + 1)
        assert found > pos, f"{plain(msgstr)!r} missing or out of order in the {lang} PDF"
        pos = found
    assert "Looking after yourself" not in text


def test_urdu_page_uses_nastaliq_on_screen_naskh_in_pdf(exported):
    html = (exported / "dist/leaflet/ur/index.html").read_text(encoding="utf-8")
    assert 'font-family: "Noto Nastaliq Urdu"' in html
    assert F.font_stack(parse_language("ur"), medium="pdf")[0] == "Noto Naskh Arabic"


@pytest.mark.tools
def test_urdu_nastaliq_pdf_on_request(tmp_path):
    """Nastaliq in the PDF when asked for: real glyphs embedded (its text extraction is lossy: see fonts.py)."""
    need("fc-list")
    root = make_project(tmp_path / "p", langs=["ur"])
    with open(root / "polyleaf.toml", "a") as fh:
        fh.write('[export.language_fonts]\nur = ["Noto Nastaliq Urdu"]\n')
    assert cli(root, "-l", "ur", "-f", "pdf").returncode == 0
    fonts = subprocess.run([need("pdffonts"), str(pdf_of(root, "ur"))], capture_output=True, text=True).stdout
    assert "Noto-Nastaliq-Urdu" in fonts and "Type 3" not in fonts


@pytest.mark.tools
@pytest.mark.parametrize("lang", LANGS)
def test_pdffonts_embedded_no_type3(exported, lang):
    out = subprocess.run([need("pdffonts"), str(pdf_of(exported, lang))], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts in the PDF"
    for row in rows:
        assert "Type 3" not in row, row
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
        assert emb and emb.group(1) == "yes", f"font not embedded: {row}"
    own = {"ar": "Noto-Naskh-Arabic", "ur": "Noto-Naskh-Arabic", "zh_Hans": "Noto-Sans-CJK-SC", "hi": "Noto-Sans-Devanagari", "ru": "Noto-Sans"}
    if lang in own:
        assert own[lang] in out


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated (object streams hold the catalog)."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[m.end(): m.end() + 2_000_000]))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.mark.tools
@pytest.mark.parametrize("lang, tag", [("ar", "ar"), ("zh_Hans", "zh-Hans"), ("hi", "hi")])
def test_pdf_is_a4_tagged_with_language(exported, lang, tag):
    info = subprocess.run([need("pdfinfo"), str(pdf_of(exported, lang))], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert re.search(r"Tagged:\s+yes", info)
    assert f"/Lang ({tag})".encode() in _pdf_objects(pdf_of(exported, lang).read_bytes())


@pytest.mark.tools
def test_pdf_running_header_footer_and_page_numbers(tmp_path):
    need("fc-list")
    root = make_project(tmp_path / "p", langs=["es"])
    long = [t + " " + " ".join(["Lea este folleto con atención y hable con su equipo."] * 60) if i in (1, 3) else t
            for i, t in enumerate(TRANSLATIONS["es"])]
    catalog("es", long).save(str(root / "locales/es/LC_MESSAGES/leaflet.po"))
    assert cli(root, "-l", "es", "-f", "pdf").returncode == 0
    pages = pdftotext(pdf_of(root, "es")).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for n, p in enumerate(pages, 1):
        assert "Versión 2026.11 · Última revisión: 20 de noviembre de 2026" in p  # running footer in Spanish (polyleaf-ui)
        assert re.search(rf"(?m)^Página {n} de {len(pages)}$", p), p[-200:]
        if n > 1:
            assert "Cuídese" in p  # running header: the title


# -- HTML judged by Chromium -------------------------------------------------------------

PROBE = """<script>
addEventListener('load', () => {
  const range = document.createRange(); range.selectNodeContents(document.querySelector('h1'));
  const h1 = range.getBoundingClientRect();
  const main = document.querySelector('main').getBoundingClientRect();
  const out = {dir: getComputedStyle(document.documentElement).direction,
               h1_right_gap: Math.round(main.right - h1.right), h1_left_gap: Math.round(h1.left - main.left),
               lang: document.documentElement.lang, h1: document.querySelector('h1').textContent};
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def chromium_probe(page: Path, tmp_path: Path) -> dict:
    exe = need("chromium")
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'chrome'}", "--window-size=1000,800",
         "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    m = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout)
    assert m, result.stderr[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.tools
@pytest.mark.parametrize(
    "lang, direction, title",
    [("ar", "rtl", "اعتنِ بنفسك"), ("zh_Hans", "ltr", "照顾好自己")],
    ids=["arabic", "chinese"],
)
def test_chromium_lays_out_direction(exported, tmp_path, lang, direction, title):
    got = chromium_probe(exported / "dist" / "leaflet" / lang / "index.html", tmp_path)
    assert got["dir"] == direction and got["h1"] == title
    if direction == "rtl":  # the heading hugs the right edge of the column
        assert got["h1_right_gap"] <= 2 < got["h1_left_gap"]
    else:
        assert got["h1_left_gap"] <= 2 < got["h1_right_gap"]


# -- refusals: nothing written -------------------------------------------------------------


def test_publish_refuses_incomplete_language_and_writes_nothing(tmp_path):
    root = make_project(tmp_path / "p", **{"hi": {"fuzzy": (4,)}})
    result = cli(root)
    assert result.returncode == 3
    assert result.stderr.startswith("polyleaf: error: source/leaflet.md:9: [hi] cannot publish: 1 of 7 segments")
    assert "Traceback" not in result.stderr
    assert not (root / "dist").exists()


def test_api_refuses_incomplete_language(tmp_path):
    root = make_project(tmp_path / "p", langs=["ar"], **{"ar": {"missing": (0,)}})
    settings = load_settings(root)
    doc = read_document(root / "source/leaflet.md", root)
    with pytest.raises(ExportError, match=r"\[ar\] cannot publish"):
        run_export(settings, [doc], [parse_language("ar")], ["html"], draft=False, jobs=1, out_dir=root / "out")
    assert not (root / "out").exists()
    paths = run_export(settings, [doc], [parse_language("ar")], ["html"], draft=True, jobs=1, out_dir=root / "out")
    assert paths == [root / "out/leaflet/ar/index.html"]


def approved_only(entry) -> bool:
    """A stricter gate, as the checks engineer's approval binding would be: translated AND approved."""
    from pipeline.catalogs import is_translated
    from pipeline.provenance import APPROVED, pair_hash, parse

    return is_translated(entry) and parse(entry.tcomment or "").get(APPROVED, {}).get("sha") == pair_hash(entry.msgid, entry.msgstr)


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "pool"])
def test_export_takes_a_stricter_review_predicate(tmp_path, jobs):
    from pipeline.provenance import APPROVED, format_line, pair_hash

    root = make_project(tmp_path / "p", langs=["es", "ru"])
    settings = load_settings(root)
    doc = read_document(root / "source/leaflet.md", root)
    langs = [parse_language("es"), parse_language("ru")]
    with pytest.raises(ExportError, match=r"\[es\] cannot publish: 7 of 7"):
        run_export(settings, [doc], langs, ["html"], jobs=jobs, reviewed=approved_only)
    for code in ("es", "ru"):
        path = root / "locales" / code / "LC_MESSAGES" / "leaflet.po"
        po = catalog(code)
        for e in po:
            e.tcomment = format_line(APPROVED, sha=pair_hash(e.msgid, e.msgstr))
        po.save(str(path))
    paths = run_export(settings, [doc], langs, ["html"], jobs=jobs, reviewed=approved_only)
    assert sorted(p.parent.name for p in paths) == ["es", "ru"]


@pytest.mark.parametrize(
    "args, langs, message",
    [([], ["ar", "ur", "zh_Hans", "hi", "ru"], "locales/es/LC_MESSAGES/leaflet.po: [es] no catalog for source/leaflet.md; run `polyleaf extract`"),
     (["-l", "fr"], LANGS, "language 'fr' is not configured"),
     (["-l", "xx-Nope"], LANGS, "unknown language code 'xx-Nope'")],
    ids=["missing-catalog", "unconfigured-language", "unknown-language"],
)
def test_bad_input_is_one_clear_line(tmp_path, args, langs, message):
    root = make_project(tmp_path / "p", langs=langs)
    result = cli(root, *args)
    assert result.returncode == 3, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (root / "dist").exists()


def test_unknown_format_is_a_usage_error(tmp_path):
    root = make_project(tmp_path / "p", langs=["es"])
    result = cli(root, "-f", "html,docx")
    assert result.returncode == 2
    assert "Invalid value for '--format': unknown export format(s) docx (known: html, pdf)" in result.stderr


@pytest.mark.tools
def test_missing_glyph_fails_naming_language_character_and_font(tmp_path):
    need("fc-list")
    texts = list(TRANSLATIONS["es"])
    texts[3] = "Puede sentirse cansado \U00017000."  # a Tangut ideograph: no font of the Spanish stack has it
    root = make_project(tmp_path / "p", langs=["es", "ru"])
    catalog("es", texts).save(str(root / "locales/es/LC_MESSAGES/leaflet.po"))
    result = cli(root, "-l", "ru,es")
    assert result.returncode == 3
    assert not (root / "dist").exists(), "checked before anything is written"
    assert "dist/leaflet/es/leaflet.es.pdf: [es] no glyph for U+17000" in result.stderr
    assert "Traceback" not in result.stderr
    if "Noto Serif Tangut" in F.installed_fonts():
        assert "'Noto Serif Tangut' have it: add one to [export] fonts" in result.stderr
        with open(root / "polyleaf.toml", "a") as fh:
            fh.write('fonts = ["Noto Serif Tangut"]\n')
        assert cli(root, "-l", "es", "-f", "pdf").returncode == 0


def test_interrupted_write_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    root = make_project(tmp_path / "p", langs=["es"])
    settings = load_settings(root)
    doc = read_document(root / "source/leaflet.md", root)
    es = [parse_language("es")]
    [path] = run_export(settings, [doc], es, ["html"], jobs=1)
    before = path.read_bytes()
    texts = list(TRANSLATIONS["es"])
    texts[0] = "Cuídese mucho"
    catalog("es", texts).save(str(root / "locales/es/LC_MESSAGES/leaflet.po"))

    def boom(src, dst):  # interrupted after the temp file is written, before the rename
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.fsutil.os.replace", boom)
    with pytest.raises(KeyboardInterrupt):
        run_export(settings, [doc], es, ["html"], jobs=1)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["index.html"]


# -- reproducible, parallel, drafts ----------------------------------------------------------


@pytest.mark.tools
def test_rerun_changes_nothing_and_jobs_give_same_bytes(exported, tmp_path):
    again = cli(exported, "--jobs", "1")
    assert again.returncode == 0
    assert "written" not in again.stdout.replace("0 file(s) written", "")
    assert "dist/leaflet/ar/leaflet.ar.pdf: unchanged" in again.stdout


def test_check_writes_nothing_and_says_what_would_change(tmp_path):
    root = make_project(tmp_path / "p", langs=["es"])
    first = cli(root, "-l", "es", "-f", "html", "--check")
    assert first.returncode == 1 and "dist/leaflet/es/index.html: would update" in first.stdout
    assert not (root / "dist").exists()
    assert cli(root, "-l", "es", "-f", "html").returncode == 0
    again = cli(root, "-l", "es", "-f", "html", "--check")
    assert again.returncode == 0 and "dist/leaflet/es/index.html: unchanged" in again.stdout


@pytest.mark.tools
def test_draft_build_marks_every_page(tmp_path):
    need("fc-list")
    long = [t + " " + " ".join(["Lea este folleto con atención."] * 120) if i == 1 else t for i, t in enumerate(TRANSLATIONS["es"])]
    root = make_project(tmp_path / "p", langs=["es"])
    po = catalog("es", long, fuzzy=(3,))
    po.save(str(root / "locales/es/LC_MESSAGES/leaflet.po"))
    result = cli(root, "--draft", "-l", "es")
    assert result.returncode == 0, result.stderr
    assert not (root / "dist").exists(), "drafts never go to dist/"
    draft_dir = root / "reports" / "draft" / "leaflet" / "es"
    pages = [p for p in pdftotext(draft_dir / "leaflet.es.pdf").split("\f") if p.strip()]
    assert len(pages) >= 2
    assert all("Borrador: sin revisar" in p for p in pages)  # the watermark/footer in the page's language
    assert "You may feel tired." in pages[0] or any("You may feel tired." in p for p in pages)
    assert "Borrador: sin revisar" in (draft_dir / "index.html").read_text(encoding="utf-8")


def test_help_teaches(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "export", "--help"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0
    for needle in ("Examples:", "--draft", "--jobs", "dist/<doc>/<lang>/index.html", "U+XXXX"):
        assert needle in result.stdout


# -- font coverage (pure parts) ---------------------------------------------------------------


def test_parse_charset_and_coverage():
    cov = F._merge(F.parse_charset("20-7e a0-17f 2010 600-6ff"))
    assert 0x41 in cov and 0x17F in cov and 0x2010 in cov and 0x627 in cov
    assert 0x7F not in cov and 0x2011 not in cov and 0x10000 not in cov


def test_missing_glyphs_ignores_controls_and_spaces():
    fonts = {"Latin": F._merge(F.parse_charset("20-7e"))}
    text = "Hi\u200d\u200f\u00a0\ufe0f there ü 中"
    assert F.missing_glyphs(text, ("Latin",), fonts) == ["ü", "中"]
    with pytest.raises(ExportError, match=r"\[es\] no glyph for U\+00FC LATIN SMALL LETTER U WITH DIAERESIS 'ü' \(and 1 more"):
        F.check_coverage(text, parse_language("es"), ("Latin",), fonts)
    with pytest.raises(ExportError, match="none of the fonts"):
        F.check_coverage("x", parse_language("es"), ("Absent",), fonts)


@pytest.mark.tools
@pytest.mark.parametrize("lang", ["ar", "ur", "zh_Hans", "hi", "ru", "bn", "pa", "ja", "ko", "el", "uk", "fa", "he"])
def test_installed_fonts_cover_shipped_scripts(lang):
    need("fc-list")
    samples = {"ar": "مرحبا", "ur": "خوش آمدید", "zh_Hans": "欢迎", "hi": "स्वागत", "ru": "Добро", "bn": "স্বাগতম",
               "pa": "ਜੀ ਆਇਆਂ", "ja": "ようこそ", "ko": "환영", "el": "Καλώς", "uk": "Ласкаво ґ", "fa": "خوش آمدید", "he": "ברוך"}
    language = parse_language(lang)
    F.check_coverage(samples[lang], language, F.font_stack(language))
