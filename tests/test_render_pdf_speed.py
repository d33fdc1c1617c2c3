"""PDF speed-ups change no content: the new path against the old one, stream by stream and pixel by pixel.

The old path is WeasyPrint with pydyf compressing every stream (level 9, twice); the new one
compresses once in :func:`pipeline.render.pdf.compress_streams`.  Both PDFs are taken apart here
(every stream inflated) and, when poppler is installed, rendered with ``pdftoppm``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pydyf
import pytest

from export_fixture import make_project
from pipeline.config import load_settings
from pipeline.languages import parse_language
from pipeline.render import fonts as F
from pipeline.render.export import pdf_stylesheet, plan, render_job
from pipeline.render.html import render_html
from pipeline.render.pdf import compress_streams, pdf_options, render_pdf
from pipeline.render.settings import load as load_export
from pipeline.source import read_document



def streams(pdf: bytes) -> list[tuple[bytes, bytes]]:
    """Every stream of ``pdf`` as (its dictionary without /Length, its inflated content), in file order."""
    out = []
    pos = 0
    while (i := pdf.find(b"\nstream\n", pos)) != -1:
        head = pdf[pdf.rfind(b" 0 obj\n", 0, i) + 7:i]
        length = int(re.findall(rb"/Length (\d+)", head)[-1])
        body = pdf[i + 8:i + 8 + length]
        assert pdf[i + 8 + length:i + 8 + length + 10] == b"\nendstream", "stream length does not match"
        if b"/FlateDecode" in head:
            body = zlib.decompress(body)
        out.append((re.sub(rb"/Length \d+", b"/Length _", head), body))
        pos = i + 8 + length
    return out


def comparable(pdf: bytes) -> list[tuple[bytes, bytes]]:
    # the cross-reference stream holds byte offsets (the compressed lengths differ): not content
    return [s for s in streams(pdf) if b"/Type /XRef" not in s[0]]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("pdfspeed") / "p")
    settings = load_settings(root)
    doc = read_document(root / "source" / "leaflet.md", root)
    return settings, doc, load_export(settings)


def old_and_new(project, code: str, draft: bool = False) -> tuple[bytes, bytes]:
    from weasyprint import HTML

    settings, doc, es = project
    lang = parse_language(code)
    [job] = [j for j in plan(settings, [doc], [lang], draft=draft, out_dir=settings.dist_dir) if j.lang.code == lang.code]
    stack = es.font_stack(lang, "pdf")
    bare = render_html(settings, doc, lang, job.catalog, draft=draft, languages_available=job.available, export=es,
                       with_pdf_link=True, medium="pdf", inline_css=False)
    css = pdf_stylesheet(job, es, settings)  # the print stylesheet with the page numbers in the page's language
    old = HTML(string=bare, base_url=None).write_pdf(**pdf_options(bare, stylesheet=css))
    new = render_pdf(bare, lang, stack, stylesheet=css)
    assert new == render_job(settings, job, ("pdf",), draft, es)["pdf"], "render_job takes the same path"
    return old, new


CASES = [("ar", False), ("zh_Hans", False), ("hi", False), ("es", True)]


@pytest.mark.parametrize(("code", "draft"), CASES, ids=[f"{c}{'-draft' if d else ''}" for c, d in CASES])
def test_new_compression_keeps_every_stream(project, code, draft):
    old, new = old_and_new(project, code, draft)
    assert old != new  # otherwise the comparison below would prove nothing
    a, b = comparable(old), comparable(new)
    assert len(a) == len(b) >= 5  # page contents, fonts, ToUnicode maps, metadata, object stream
    assert a == b
    # font programs were compared: TrueType (/Length1) or CFF/OpenType (/Subtype), e.g. CJK
    assert any(b"/Length1" in head or b"/Subtype /OpenType" in head for head, _ in a), "font programs were compared"
    # the file identifier and the structure (tags, /Lang) are kept
    assert b"/ID [" in new
    assert b"/StructTreeRoot" in b"".join(body for _, body in b)


@pytest.mark.tools
@pytest.mark.parametrize("code", ["ar", "zh_Hans"])
def test_new_compression_renders_the_same_pixels(project, code, tmp_path):
    exe = shutil.which("pdftoppm")
    if not exe:
        pytest.skip("pdftoppm not installed (Debian poppler-utils)")
    old, new = old_and_new(project, code)
    images = {}
    for name, data in (("old", old), ("new", new)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run([exe, "-r", "60", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True, timeout=120)
        images[name] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]
    assert images["old"] and images["old"] == images["new"]


def _pdf_with(stream: pydyf.Stream) -> pydyf.PDF:
    pdf = pydyf.PDF()
    pdf.add_object(stream)
    return pdf


RAW = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET\n" * 50
STREAM_CASES = [
    # (id, stream, expect compressed by us, expected raw content)
    ("plain", lambda: pydyf.Stream([RAW], compress=True), True),
    ("items-and-extra", lambda: pydyf.Stream([b"q", 1.5, "Q", RAW], {"Length1": 7}, compress=True), True),
    ("not-compressed", lambda: pydyf.Stream([RAW], compress=False), False),
    ("own-filter", lambda: pydyf.Stream([b"\xff\xd8jpeg"], {"Filter": "/DCTDecode"}, compress=True), False),
]


@pytest.mark.parametrize(("stream", "ours"), [c[1:] for c in STREAM_CASES], ids=[c[0] for c in STREAM_CASES])
def test_compress_streams_table(stream, ours):
    ref, mine = stream(), stream()
    before = pydyf.Stream(list(mine.stream), dict(mine.extra), compress=False).data
    compress_streams(None, _pdf_with(mine))
    assert mine.compress is (False if ours else ref.compress)
    if ours:
        assert mine.extra["Filter"] == "/FlateDecode"
        assert len(mine.stream) == 1 and isinstance(mine.stream[0], bytes)
    # what pydyf writes inflates to the same bytes as what it wrote before
    (_, a), = streams(b"1 0 obj\n" + ref.data)
    (_, b), = streams(b"1 0 obj\n" + mine.data)
    assert a == b
    if not ours:
        assert mine.data == ref.data
    else:
        assert b in before


# -- the glyph check's font table: parsed lazily, the same coverage as parsing everything ---------------

FC_LIST = (
    "Noto Sans,Noto Sans Display\t20-7e a0-17f\n"
    "Noto Sans\t370-3ff 400-4ff\n"           # a second face of the family: its ranges join the first's
    "Noto Naskh Arabic\t600-6ff 750-77f fb50-fdff\n"
    "Broken\tzz 20-7e\n"                      # unparsable parts are skipped, as before
    "\n"
)


def eager(text: str) -> dict:
    """The former installed_fonts(): every family parsed up front."""
    ranges: dict[str, list] = {}
    for line in text.splitlines():
        families, _, charset = line.partition("\t")
        rs = F.parse_charset(charset)
        for fam in families.split(","):
            if fam.strip():
                ranges.setdefault(fam.strip(), []).extend(rs)
    return {fam: F._merge(rs) for fam, rs in ranges.items()}


def test_lazy_coverages_equal_eager_parse():
    lazy = F.coverages_from_fc_list(FC_LIST)
    assert "Noto Sans" in lazy and "Absent" not in lazy and len(lazy) == 4
    assert not lazy._parsed  # nothing parsed until asked
    assert lazy["Noto Sans"] is lazy["Noto Sans"] and set(lazy._parsed) == {"Noto Sans"}
    assert 0x416 in lazy["Noto Sans"] and 0x416 not in lazy["Noto Sans Display"]
    with pytest.raises(KeyError):
        lazy["Absent"]
    assert dict(lazy) == eager(FC_LIST)


@pytest.mark.tools
def test_lazy_coverages_equal_eager_parse_on_this_machine():
    if not shutil.which("fc-list"):
        pytest.skip("fc-list not installed (Debian fontconfig)")
    text = F._fc_list("--format", "%{family}\t%{charset}\n")
    lazy = F.coverages_from_fc_list(text)
    ref = eager(text)
    assert len(ref) > 10 and dict(lazy) == ref
