"""The apertium provider, for real: Debian's Apertium and its English->Catalan/Spanish data
(skipped only when they are not installed; `make test` installs them)."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner

from mt_server import make_project
from pipeline import provenance
from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.errors import ProviderError
from pipeline.languages import parse_language
from pipeline.mt import masking
from pipeline.mt.providers import ApertiumProvider, make_provider

EN = parse_language("en-GB")


def need_pair(mode: str) -> ApertiumProvider:
    if not shutil.which("apertium"):
        pytest.skip("apertium not installed (Debian: apt-get install apertium apertium-eng-cat apertium-eng-spa)")
    provider = ApertiumProvider()
    if mode not in provider.installed_modes():
        pytest.skip(f"Apertium pair {mode} not installed")
    return provider


def test_translates_a_batch_exactly_as_one_by_one():
    provider = need_pair("eng-cat")
    ca = parse_language("ca")
    texts = ["immunotherapy is a type of cancer treatment that helps your immune system find and destroy cancer",
             "immunotherapy is not used to treat all types of cancer", "Rest at home",
             masking.mask("Read more [on the NHS website](https://www.nhs.uk/).").text]
    batch = provider.translate("\n".join(texts), EN, ca).split("\n")
    single = [provider.translate(t, EN, ca) for t in texts]
    assert batch == single  # no word moved across segments
    assert "càncer" in batch[0] and batch[2] != texts[2]
    restored = masking.restore(masking.mask("Read more [on the NHS website](https://www.nhs.uk/)."), batch[3])
    assert restored.ok and "](https://www.nhs.uk/)" in restored.text


def test_missing_pair_names_the_debian_package():
    provider = need_pair("eng-cat")
    with pytest.raises(ProviderError, match=r"install the Debian package apertium-eng-pol"):
        provider.check(EN, parse_language("pl"))
    if "en-gl" not in provider.installed_modes():
        with pytest.raises(ProviderError, match="apertium-en-gl"):
            provider.check(EN, parse_language("gl"))


def test_missing_program_says_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ProviderError, match="apt-get install apertium"):
        make_provider("apertium")


def test_run_fills_fuzzy_drafts_with_engine_version_and_pair(tmp_path):
    need_pair("eng-spa")
    project = make_project(tmp_path / "p", languages=("es",), translate={"provider": "apertium"})
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "es"])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    assert "from apertium" in result.output and elapsed < 120
    version = subprocess.run(["apertium", "-V"], capture_output=True, text=True).stdout.split()[-1]
    drafts = 0
    for name in ("leaflet", "second"):
        for entry in read_catalog(project / f"locales/es/LC_MESSAGES/{name}.po"):
            if not entry.msgid or not entry.msgstr:
                continue
            facts = provenance.parse(entry.tcomment).get(provenance.MT)
            if facts is None or facts.get("engine") == "copy":
                continue
            drafts += 1
            assert "fuzzy" in entry.flags
            assert facts["engine"] == "apertium" and facts["version"] == version and facts["pair"] == "eng-spa"
            assert facts.get("pair-version")  # the Debian package version of the data
            assert entry.msgstr != entry.msgid
    assert drafts >= 8
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        subprocess.run([msgfmt, "-c", "--use-fuzzy", "-o", "/dev/null", str(project / "locales/es/LC_MESSAGES/leaflet.po")], check=True)
