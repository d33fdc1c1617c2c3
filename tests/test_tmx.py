"""TMX 1.4b: reviewed segments out (DTD-valid, read back by Translate Toolkit), TMX files in as memory."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from mt_server import make_project
from pipeline import provenance
from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.exchange.tmx import export_tmx, read_tmx
from pipeline.exchange.xliff import ExchangeError
from pipeline.languages import parse_language
from pipeline.mt.tmx_memory import TmxMemory

DTD = Path(__file__).parent / "data" / "tmx" / "tmx14.dtd"


def po(*entries):
    p = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    for e in entries:
        p.append(e)
    return p


def reviewed(msgid, msgstr, by="", date=""):
    e = polib.POEntry(msgid=msgid, msgstr=msgstr)
    facts = {"sha": provenance.pair_hash(msgid, msgstr)}
    if by:
        facts.update({"by": by, "date": date})
    e.tcomment = provenance.format_line(provenance.APPROVED, **facts)
    return e


def sample():
    es = po(reviewed("See [the NHS page](https://nhs.uk/x).", "Vea [la página del NHS](https://nhs.uk/x).", "Ana Ruiz", "2026-12-06"),
            reviewed("Rest.", "Descanse."),
            polib.POEntry(msgid="Drink water.", msgstr="Beba agua.", flags=["fuzzy"]),  # a draft: never exported
            polib.POEntry(msgid="Sleep.", msgstr=""))
    cy = po(reviewed("Rest.", "Gorffwyswch."))
    return [("leaflet", "es", es), ("leaflet", "cy", cy)]


def validate_dtd(data: bytes, tmp_path: Path) -> None:
    etree = pytest.importorskip("lxml.etree")
    dtd = etree.DTD(str(DTD))
    doc = etree.fromstring(data)
    assert dtd.validate(doc), dtd.error_log
    xmllint = shutil.which("xmllint")
    if xmllint:
        (tmp_path / "tmx14.dtd").write_bytes(DTD.read_bytes())
        (tmp_path / "m.tmx").write_bytes(data)
        proc = subprocess.run([xmllint, "--noout", "--valid", "--nonet", str(tmp_path / "m.tmx")], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_export_has_reviewed_segments_only_and_is_dtd_valid(tmp_path):
    result = export_tmx(sample(), "en-GB")
    assert result.units == 2 and result.variants == 3
    text = result.data.decode()
    assert "Beba agua" not in text  # drafts stay out
    assert 'changeid="Ana Ruiz"' in text and 'changedate="20261206T000000Z"' in text
    assert '<bpt i="1" x="1" type="link">[</bpt>' in text
    validate_dtd(result.data, tmp_path)


def test_read_back_gives_the_markdown_and_translate_toolkit_agrees(tmp_path):
    path = tmp_path / "m.tmx"
    path.write_bytes(export_tmx(sample(), "en-GB").data)
    triples = sorted(read_tmx(path))
    assert ("See [the NHS page](https://nhs.uk/x).", "Vea [la página del NHS](https://nhs.uk/x).", "es") in triples
    assert ("Rest.", "Gorffwyswch.", "cy") in triples and len(triples) == 3
    tmx = pytest.importorskip("translate.storage.tmx")
    store = tmx.tmxfile.parsefile(str(path))
    assert len(store.units) == 2


def test_untrusted_tmx_is_refused(tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "x">]><tmx version="1.4">&a;</tmx>')
    with pytest.raises(ExchangeError, match="refused"):
        list(read_tmx(bad))
    bad.write_bytes(b"<xliff/>")
    with pytest.raises(ExchangeError, match="not a TMX"):
        list(read_tmx(bad))


def test_memory_matches_language_codes():
    triples = [("Rest.", "Descanse.", "es-ES", "a.tmx"), ("Rest.", "Descansa.", "es", "b.tmx"), ("Sleep.", "Duerma.", "es-MX", "a.tmx")]
    mem = TmxMemory(triples, parse_language("es"))
    assert mem.lookup("Rest.").msgstr == "Descansa."  # the exact code wins
    assert mem.lookup("Sleep.").msgstr == "Duerma."
    assert TmxMemory(triples, parse_language("es-MX")).lookup("Rest.") is None


def test_translate_fills_from_tmx_as_drafts(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo", "tmx_memory": ["memory/*.tmx"]})
    (project / "memory").mkdir()
    tm = po(reviewed("Rest at home", "Gorffwyswch gartref"))
    (project / "memory" / "agency.tmx").write_bytes(export_tmx([("x", "cy", tm)], "en-GB").data)
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 0, result.output
    catalog = read_catalog(project / "locales/cy/LC_MESSAGES/leaflet.po")
    entry = catalog.find("Rest at home")
    assert entry.msgstr == "Gorffwyswch gartref" and "fuzzy" in entry.flags
    assert provenance.parse(entry.tcomment)[provenance.TM]["from"] == "memory/agency.tmx"
    assert catalog.find("Feeling tired is common.").msgstr.startswith("[")  # the rest from the engine


def test_cli_export(project):
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(project), "tmx", "export", "-l", "es"])
    assert result.exit_code == 0, result.output
    out = project / "dist" / "tmx" / "memory.es.tmx"
    assert out.exists() and "60 unit(s), 60 reviewed translation(s) in 1 language(s)" in result.output
    again = runner.invoke(main, ["-C", str(project), "tmx", "export", "-l", "es", "--check"])
    assert again.exit_code == 0 and "unchanged" in again.output
