"""XLIFF 2.0 / 1.2 export and import: schema-valid files, states both ways, protected inline codes,
an independent reader (Translate Toolkit), and a round trip that changes no byte of any catalog."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline import provenance
from pipeline.catalogs import read_catalog, write_catalog
from pipeline.cli import main
from pipeline.exchange import inline
from pipeline.exchange.xliff import (DRAFT, REVIEWED, ExchangeError, export_catalog, merge_units, read_xliff)
from pipeline.identity import Identity

SCHEMAS = Path(__file__).parent / "data" / "xliff" / "schemas"
SCHEMA_FILES = {"2.0": "xliff_core_2.0.xsd", "1.2": "xliff-core-1.2-strict.xsd"}


def schema(version: str):
    """The official OASIS schema, its one network import (W3C xml.xsd) pointed at the local copy."""
    etree = pytest.importorskip("lxml.etree")
    text = (SCHEMAS / SCHEMA_FILES[version]).read_text(encoding="utf-8")
    text = text.replace('schemaLocation="http://www.w3.org/2001/xml.xsd"', f'schemaLocation="{(SCHEMAS / "xml.xsd").as_uri()}"')
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8"), base_url=(SCHEMAS / SCHEMA_FILES[version]).as_uri()))


def assert_valid(version: str, data: bytes) -> None:
    etree = pytest.importorskip("lxml.etree")
    xsd = schema(version)
    doc = etree.fromstring(data)
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)


def po_with(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for e in entries:
        po.append(e)
    return po


def sample_po() -> polib.POFile:
    approved = polib.POEntry(msgid="Call **111** or see [the NHS page](https://www.nhs.uk/a_b).",
                             msgstr="Llame al **111** o vea [la página del NHS](https://www.nhs.uk/a_b).",
                             comment="type: paragraph\nsection: Help\nTranslators: NHS 111 is a phone number",
                             occurrences=[("source/x.md", "3")])
    approved.tcomment = provenance.format_line(provenance.APPROVED, sha=provenance.pair_hash(approved.msgid, approved.msgstr))
    cleared = polib.POEntry(msgid="Use `code`,  \nthen *rest*.", msgstr="Use `code`,  \nluego *descanse*.",
                            occurrences=[("source/x.md", "5")])
    draft = polib.POEntry(msgid="Drink _water_ <br> often.", msgstr="Beba _agua_ <br> a menudo.", flags=["fuzzy"],
                          tcomment="polyleaf-mt: engine=apertium version=3.8.3 date=2026-12-06 sha=abc",
                          occurrences=[("source/x.md", "7")])
    empty = polib.POEntry(msgid="See ![diagram](d.png) and https://example.org/a.", msgstr="", occurrences=[("source/x.md", "9")])
    stale = polib.POEntry(msgid="Rest.", msgstr="Descanse ahora.", tcomment="polyleaf-approved: sha=0000000000000000")
    obsolete = polib.POEntry(msgid="Old.", msgstr="Viejo.", obsolete=True)
    return po_with(approved, cleared, draft, empty, stale, obsolete)


@pytest.mark.parametrize("text", [
    "Call **111** or see [NHS](https://nhs.uk/a_b) now.", "a *b **c** d* e", "x **[y](u)** z",
    "use `code` and <br> and ![i](p.png)", "line  \nbreak", "stray ** here", "see https://x.org/a.", "plain",
], ids=["bold-link", "nested", "link-in-bold", "placeholders", "hard-break", "unpaired", "url", "plain"])
def test_inline_tree_rebuilds_the_exact_markdown(text):
    assert inline.flatten(inline.parse(text)) == text


def test_inline_pairs_and_placeholders():
    tree = inline.parse("Call **111** or see [NHS](u).")
    kinds = [(type(c).__name__, inline.subtype(c)) for c in inline.codes(tree)]
    assert kinds == [("Pc", "bold"), ("Pc", "link")]
    target = inline.align(tree, inline.parse("Vea [NHS](u) o llame al **111**."))
    assert [c.id for c in inline.codes(target)] == ["2", "1"]  # same code, same id, in the new order


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_export_is_schema_valid_with_states_notes_and_codes(version):
    exported = export_catalog(sample_po(), document="x", original="source/x.md", source_lang="en-GB", target_lang="es", version=version)
    assert_valid(version, exported.data)
    assert exported.units == 5  # obsolete entry left out
    assert exported.states == {"final": 1, "reviewed": 1, "translated": 2, "initial": 1}
    text = exported.data.decode("utf-8")
    if version == "2.0":
        assert '<segment id="s1" state="final">' in text and 'state="initial"' in text
        assert "<pc " in text and "<ph " in text and 'canDelete="no"' in text
        assert '<note category="translator-note">NHS 111 is a phone number</note>' in text
        assert '<note category="location">source/x.md:3</note>' in text
        assert "<data id=" in text and "](https://www.nhs.uk/a_b)</data>" in text
    else:
        assert 'approved="yes"' in text and 'state="needs-review-translation"' in text and 'state-qualifier="mt-suggestion"' in text
        assert "<g " in text and "<x " in text and 'clone="no"' in text
        assert '<context context-type="linenumber">3</context>' in text
    # the raw Markdown of links never appears in the translatable text, only as original data
    assert "[the NHS page]" not in text


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_read_back_restores_text_and_states(version):
    po = sample_po()
    exported = export_catalog(po, document="x", original="source/x.md", source_lang="en-GB", target_lang="es", version=version)
    doc = read_xliff(exported.data, "x.xlf")
    by_source = {u.source: u for u in doc.units}
    for entry in po:
        if entry.obsolete:
            continue
        unit = by_source[entry.msgid]
        assert (unit.target or "") == entry.msgstr
    assert by_source[po[0].msgid].state == REVIEWED and by_source[po[2].msgid].state == DRAFT
    assert by_source[po[4].msgid].state == DRAFT  # a stale approval goes out as needing review
    assert doc.target_language == "es" and doc.original == "source/x.md"


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_translate_toolkit_reads_the_files(version):
    pytest.importorskip("translate.storage.xliff")
    exported = export_catalog(sample_po(), document="x", original="source/x.md", source_lang="en-GB", target_lang="es", version=version)
    if version == "2.0":
        from translate.storage.xliff2 import Xliff2File as store_class
    else:
        from translate.storage.xliff import xlifffile as store_class
    store = store_class.parsestring(exported.data)
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == 5
    assert sum(1 for u in units if u.isapproved()) == 2
    texts = {str(u.source): str(u.target or "") for u in units}
    assert texts["Rest."] == "Descanse ahora."
    # the link and emphasis are codes to Translate Toolkit too: its plain text has no Markdown
    bold = next(s for s in texts if s.startswith("Call "))
    assert "**" not in bold and "](https" not in bold


def merge(po, data: bytes, **kw):
    return merge_units(po, read_xliff(data, "f.xlf").units, date="2026-12-06", **kw)


def edit(data: bytes, old: str, new: str) -> bytes:
    assert old.encode() in data
    return data.replace(old.encode(), new.encode(), 1)


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_import_rules(version):
    po = sample_po()
    data = export_catalog(po, document="x", original="source/x.md", source_lang="en-GB", target_lang="es", version=version).data
    reviewed_state = 'state="final"' if version == "2.0" else 'approved="yes"'
    # an agency translates the empty unit, revises the MT draft, and tries to change a reviewed entry as a mere draft
    if version == "2.0":
        data = edit(data, '<segment id="s1" state="initial">\n        <source xml:space="preserve">See <ph id="c1" dataRef="d1" type="image" canCopy="no" canDelete="no" /> and <ph id="c2" dataRef="d2" type="other" canCopy="no" canDelete="no" />.</source>',
                    '<segment id="s1" state="translated">\n        <source xml:space="preserve">See <ph id="c1" dataRef="d1" type="image" canCopy="no" canDelete="no" /> and <ph id="c2" dataRef="d2" type="other" canCopy="no" canDelete="no" />.</source><target>Vea <ph id="c1" dataRef="d1"/> y <ph id="c2" dataRef="d2"/>.</target>')
        data = edit(data, "a menudo.</target>", "con frecuencia.</target>")
        data = edit(data, '<segment id="s1" state="translated">\n        <source xml:space="preserve">Drink', '<segment id="s1" state="final">\n        <source xml:space="preserve">Drink')
        data = edit(data, "luego <pc", "después <pc")
        data = edit(data, 'state="reviewed"', 'state="translated"')
    else:
        data = edit(data, '<source>See <x id="1" ctype="image" clone="no" /> and <x id="2" ctype="x-url" clone="no" />.</source>',
                    '<source>See <x id="1" ctype="image" clone="no" /> and <x id="2" ctype="x-url" clone="no" />.</source><target state="translated">Vea <x id="1"/> y <x id="2"/>.</target>')
        data = edit(data, "a menudo.</target>", "con frecuencia.</target>")
        data = edit(data, 'state="needs-review-translation" state-qualifier="mt-suggestion"', 'state="final"')
        data = edit(data, "luego <g", "después <g")
        data = edit(data, 'state="signed-off"', 'state="translated"')
        data = edit(data, 'approved="yes" xml:space="preserve">\n        <source>Use', 'approved="no" xml:space="preserve">\n        <source>Use')
    report = merge(po, data, translator=Identity("Ana Ruiz", "ana@agency.example"))
    image, drink, cleared = po[3], po[2], po[1]
    assert image.msgstr == "Vea ![diagram](d.png) y https://example.org/a." and "fuzzy" in image.flags
    facts = provenance.parse(image.tcomment)[provenance.TRANSLATED]
    assert facts["by"] == "Ana Ruiz" and facts["email"] == "ana@agency.example" and facts["via"].startswith("xliff")
    assert drink.msgstr == "Beba _agua_ <br> con frecuencia." and "fuzzy" not in drink.flags  # the file says final
    assert cleared.msgstr == "Use `code`,  \nluego *descanse*."  # reviewed: a draft does not replace it
    assert report.drafts == 1 and report.reviewed == 1
    assert len(report.conflicts) == 1 and "reviewed in the catalog" in report.conflicts[0].reason
    assert reviewed_state  # (used for readability of the two dialects above)


def test_import_refuses_changed_source_lost_codes_and_double_edits():
    po = sample_po()
    data = export_catalog(po, document="x", original="source/x.md", source_lang="en-GB", target_lang="es").data
    data = edit(data, ">Rest.</source>", ">Rest now.</source>")  # the source no longer matches
    data = edit(data, 'dataRefStart="d1" dataRefEnd="d1" type="fmt" subType="xlf:b" canCopy="no" canDelete="no" canOverlap="no">111</pc> o vea',
                'dataRefStart="d9" dataRefEnd="d1">111</pc> o vea')  # a tool broke a code
    po[2].msgstr = "Beba agua a menudo."  # the catalog changed since export...
    data = edit(data, "a menudo.</target>", "con frecuencia.</target>")  # ...and the file too
    report = merge(po, data)
    reasons = sorted(c.reason.split(":")[0] for c in report.conflicts)
    assert len(reasons) == 3, report.conflicts
    assert any("not in the catalog" in c.reason for c in report.conflicts)
    assert any("d9" in c.reason for c in report.conflicts)
    assert any("changed both" in c.reason for c in report.conflicts)
    assert po[2].msgstr == "Beba agua a menudo." and report.changed == 0


def test_untrusted_xml_is_refused_without_a_traceback():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="2.0">&a;</xliff>'
    with pytest.raises(ExchangeError, match="refused"):
        read_xliff(bomb, "evil.xlf")
    with pytest.raises(ExchangeError, match="well-formed"):
        read_xliff(b"<xliff", "broken.xlf")
    with pytest.raises(ExchangeError, match="not an XLIFF"):
        read_xliff(b"<tmx/>", "other.xlf")


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("locales/*/LC_MESSAGES/*.po"))}


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_example_round_trip_changes_no_byte(project, runner, version):
    before = digests(project)
    out = project / "out"
    result = runner.invoke(main, ["-C", str(project), "xliff", "export", "--version", version, "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.xlf"))
    assert len(files) == len(before)
    for f in files:
        assert_valid(version, f.read_bytes())
    xmllint = shutil.which("xmllint")
    if xmllint:  # the reference validator too (Debian libxml2-utils), offline through the catalog
        proc = subprocess.run([xmllint, "--nonet", "--noout", "--schema", str(SCHEMAS / SCHEMA_FILES[version]), *map(str, files)],
                              capture_output=True, text=True, env={"XML_CATALOG_FILES": str(SCHEMAS / "catalog.xml")})
        assert proc.returncode == 0, proc.stderr
    result = runner.invoke(main, ["-C", str(project), "xliff", "import", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert "0 conflict(s)" in result.output
    assert digests(project) == before
    # exporting again gives the same bytes (deterministic)
    again = runner.invoke(main, ["-C", str(project), "xliff", "export", "--version", version, "-o", str(out), "--check"])
    assert again.exit_code == 0, again.output


def test_cli_import_merges_and_reports_conflicts(project, runner):
    out = project / "out"
    assert runner.invoke(main, ["-C", str(project), "xliff", "export", "-l", "ur", "-o", str(out)]).exit_code == 0
    path = out / "immunotherapy.ur.xlf"
    data = path.read_bytes()
    doc = read_xliff(data, "x")
    untranslated = next(u for u in doc.units if u.target is None and "<" not in u.source and "[" not in u.source)
    marker = f'<source xml:space="preserve">{untranslated.source}</source>'
    data = data.replace(marker.encode(), (marker + '<target xml:space="preserve">ترجمہ</target>').encode(), 1)
    path.write_bytes(data)
    result = runner.invoke(main, ["-C", str(project), "xliff", "import", str(path), "--translator", "Zara Khan <zara@example.org>"])
    assert result.exit_code == 0, result.output
    assert "merged 1 draft(s)" in result.output
    po = read_catalog(project / "locales/ur/LC_MESSAGES/immunotherapy.po")
    entry = po.find(untranslated.source)
    assert entry.msgstr == "ترجمہ" and "fuzzy" in entry.flags
    assert provenance.parse(entry.tcomment)[provenance.TRANSLATED]["by"] == "Zara Khan"
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        assert subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(project / "locales/ur/LC_MESSAGES/immunotherapy.po")]).returncode == 0
    bad = out / "bad.xlf"
    bad.write_bytes(b"<xliff")
    result = runner.invoke(main, ["-C", str(project), "xliff", "import", str(bad)])
    assert result.exit_code == 3 and "well-formed" in result.output
    write_catalog  # noqa: B018 - imported for symmetry with other tests
