"""Glossary from settings, CSV and TBX; every bad input names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks import load_checks_config
from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.glossary import load_glossary
from pipeline.languages import parse_language
from pipeline.publish import load_publish_settings

BASE = """[project]
name = "t"
source_language = "en-GB"
languages = ["es", "cy", "zh-Hans"]
"""


def make(tmp_path: Path, extra: str, files: dict[str, str] | None = None):
    (tmp_path / "polyleaf.toml").write_text(BASE + extra, encoding="utf-8")
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_settings(tmp_path)


def test_terms_from_settings(tmp_path):
    s = make(tmp_path, """
[glossary]
do_not_translate = ["CAR T", "IV"]
[glossary.terms."care team"]
es = "equipo de atención"
zh-Hans = "护理团队"
note = "NHS term"
""")
    g = load_glossary(s)
    assert g.do_not_translate == ("CAR T", "IV")
    (term,) = g.terms
    assert term.note == "NHS term"
    assert term.translation_for(parse_language("es")) == "equipo de atención"
    assert term.translation_for(parse_language("zh_Hans")) == "护理团队"
    assert term.translation_for(parse_language("cy")) is None
    assert term.origin == "polyleaf.toml:9"  # the "es" line


def test_csv_file_and_settings_win(tmp_path):
    s = make(tmp_path, """
[glossary]
file = "glossary.csv"
[glossary.terms."care team"]
es = "equipo de atención"
""", {"glossary.csv": "term,lang,translation,note\ncare team,es,equipo médico,\ncare team,cy,tîm gofal,\n\"fatigue, severe\",es,fatiga grave,quoted comma\nCAR T,*,,\n"})
    g = load_glossary(s)
    es = dict(g.for_language(parse_language("es")))
    assert es == {"care team": "equipo de atención", "fatigue, severe": "fatiga grave"}
    assert dict(g.for_language(parse_language("cy"))) == {"care team": "tîm gofal"}
    assert g.do_not_translate == ("CAR T",)


TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <descrip type="definition">The people looking after you</descrip>
      <langSec xml:lang="en"><termSec><term>care team</term></termSec></langSec>
      <langSec xml:lang="cy"><termSec><term>tîm gofal</term></termSec></langSec>
      <langSec xml:lang="zh-Hans"><termSec><term>护理团队</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

TBX_2008 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-GB">
  <text><body>
    <termEntry id="c1">
      <descrip type="definition">The people looking after you</descrip>
      <langSet xml:lang="en-GB"><tig><term>care team</term></tig></langSet>
      <langSet xml:lang="cy"><tig><term>tîm gofal</term></tig></langSet>
      <langSet xml:lang="zh-Hans"><ntig><termGrp><term>护理团队</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


@pytest.mark.parametrize("tbx", [TBX_V3, TBX_2008], ids=["tbx-v3", "tbx-2008"])
def test_tbx_file(tmp_path, tbx):
    s = make(tmp_path, '\n[glossary]\nfile = "terms.tbx"\n', {"terms.tbx": tbx})
    g = load_glossary(s)
    (term,) = g.terms
    assert term.source == "care team"
    assert term.note == "The people looking after you"
    assert term.translation_for(parse_language("zh-Hans")) == "护理团队"
    assert term.translation_for(parse_language("cy")) == "tîm gofal"


BAD = [
    ("unknown-glossary-key", '\n[glossary]\nfiles = "x.csv"\n', {}, "polyleaf.toml:7", "unknown key 'files'"),
    ("missing-file", '\n[glossary]\nfile = "nope.csv"\n', {}, "polyleaf.toml:7", "cannot be read"),
    ("wrong-extension", '\n[glossary]\nfile = "g.txt"\n', {"g.txt": "x"}, "polyleaf.toml:7", ".csv or .tbx"),
    ("file-outside", '\n[glossary]\nfile = "../g.csv"\n', {}, "polyleaf.toml:7", "inside the project"),
    ("csv-bad-header", '\n[glossary]\nfile = "g.csv"\n', {"g.csv": "source,target\n"}, "g.csv:1", "header"),
    ("csv-bad-language", '\n[glossary]\nfile = "g.csv"\n', {"g.csv": "term,lang,translation\ncare team,es,equipo\nfatigue,xx-bogus,f\n"}, "g.csv:3", "language code"),
    ("csv-no-translation", '\n[glossary]\nfile = "g.csv"\n', {"g.csv": "term,lang,translation\n\ncare team,es,\n"}, "g.csv:3", "no translation"),
    ("csv-too-many-fields", '\n[glossary]\nfile = "g.csv"\n', {"g.csv": "term,lang,translation\na,es,b,c,d\n"}, "g.csv:2", "fields"),
    ("tbx-not-xml", '\n[glossary]\nfile = "g.tbx"\n', {"g.tbx": "<tbx>\n<termEntry>\n</tbx>\n"}, "g.tbx:3", "well-formed"),
    ("tbx-no-source-term", '\n[glossary]\nfile = "g.tbx"\n', {"g.tbx": "<tbx>\n<termEntry>\n<langSet xml:lang='es'><term>x</term></langSet>\n</termEntry>\n</tbx>\n"}, "g.tbx:2", "source language"),
    ("tbx-entity", '\n[glossary]\nfile = "g.tbx"\n', {"g.tbx": "<!DOCTYPE x [<!ENTITY a 'b'>]>\n<tbx/>\n"}, "g.tbx:1", "DOCTYPE"),
    ("term-bad-language", '\n[glossary.terms."care team"]\nes = "equipo"\nqq-zz = "x"\n', {}, "polyleaf.toml:8", "language code"),
    ("term-empty-translation", '\n[glossary.terms."care team"]\nes = ""\n', {}, "polyleaf.toml:7", "non-empty"),
    ("dnt-not-list", '\n[glossary]\ndo_not_translate = "CAR T"\n', {}, "polyleaf.toml:7", "list"),
]


@pytest.mark.parametrize("name,extra,files,where,words", BAD, ids=[b[0] for b in BAD])
def test_bad_glossary_names_the_line(tmp_path, name, extra, files, where, words):
    with pytest.raises(ConfigError) as info:  # unknown keys fail when settings load, the rest when the glossary does
        load_glossary(make(tmp_path, extra, files))
    assert str(info.value).startswith(where + ":"), str(info.value)
    assert words in str(info.value)


BAD_CHECKS = [
    ("unknown-key", '\n[checks]\ndisabled = ["identical"]\n', "polyleaf.toml:7", "unknown key 'disabled'"),
    ("unknown-code-disable", '\n[checks]\ndisable = ["identity"]\n', "polyleaf.toml:7", "unknown check code 'identity'"),
    ("unknown-code-severity", '\n[checks]\nseverity = { numbers = "error" }\n', "polyleaf.toml:7", "unknown check code 'numbers'"),
    ("bad-severity", '\n[checks]\nseverity = { identical = "fatal" }\n', "polyleaf.toml:7", "expected one of"),
    ("bad-language", '\n[checks.language.xx-bogus]\ndisable = ["identical"]\n', "polyleaf.toml:6", "xx-bogus"),
    ("language-unknown-key", '\n[checks.language.cy]\nratio = [0.1, 2]\n', "polyleaf.toml:7", "unknown key 'ratio'"),
    ("bad-ratio", '\n[checks.language.zh-Hans]\nlength_ratio = [2, 1]\n', "polyleaf.toml:7", "length_ratio"),
]


@pytest.mark.parametrize("name,extra,where,words", BAD_CHECKS, ids=[b[0] for b in BAD_CHECKS])
def test_bad_checks_settings_name_the_line(tmp_path, name, extra, where, words):
    with pytest.raises(ConfigError) as info:
        load_checks_config(make(tmp_path, extra))
    assert str(info.value).startswith(where + ":"), str(info.value)
    assert words in str(info.value)


def test_checks_settings_per_language(tmp_path):
    s = make(tmp_path, """
[checks]
disable = ["length-ratio"]
severity = { glossary-term = "error" }
allow_identical = ["Macmillan"]
[checks.language.zh-Hans]
severity = { length-ratio = "warning", identical = "off" }
length_ratio = [0.1, 1.0]
""")
    cfg = load_checks_config(s)
    es, zh = cfg.rules(parse_language("es")), cfg.rules(parse_language("zh_Hans"))
    assert es.severity_of("length-ratio") == "off" and zh.severity_of("length-ratio") == "warning"
    assert es.severity_of("glossary-term") == "error" == zh.severity_of("glossary-term")
    assert zh.severity_of("identical") == "off" and es.severity_of("identical") == "warning"
    assert zh.length_ratio == (0.1, 1.0) and es.length_ratio is None
    assert es.allow_identical == ("Macmillan",)


@pytest.mark.parametrize(
    "extra,where,words",
    [('\n[publish]\nstrict = "yes"\n', "polyleaf.toml:7", "true or false"),
     ('\n[publish]\nhold = ["de"]\n', "polyleaf.toml:7", "not configured"),
     ('\n[publish]\nholdback = ["es"]\n', "polyleaf.toml:7", "unknown key")],
    ids=["strict-not-bool", "hold-unconfigured", "unknown-key"],
)
def test_bad_publish_settings(tmp_path, extra, where, words):
    with pytest.raises(ConfigError) as info:
        load_publish_settings(make(tmp_path, extra))
    assert str(info.value).startswith(where + ":") and words in str(info.value)


def test_semicolon_csv_and_notes_reach_the_check_message(tmp_path):
    from pipeline.checks import Pair, context_for, run_pair

    s = make(tmp_path, '\n[glossary]\nfile = "g.csv"\n', {"g.csv": "term;lang;translation;note\ncare team;es;equipo de atención;NHS term, keep it\n"})
    g = load_glossary(s)
    es = parse_language("es")
    assert dict(g.for_language(es)) == {"care team": "equipo de atención"}
    (finding,) = [m for c, _s, m in run_pair(Pair("Ask your care team.", "Pregunte a su médico.", es), context_for(es, g)) if c == "glossary-term"]
    assert finding == "glossary: 'care team' should be translated as 'equipo de atención' (NHS term, keep it)"
