"""Which entries may be filled, how fills are written, memory, batching, settings, the command."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from click.testing import CliRunner

from mt_server import FakeLibre, make_project
from pipeline import config, provenance
from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.mt import drafts, options
from pipeline.mt.drafts import Fill
from pipeline.mt.memory import TranslationMemory


def entry(msgstr="", fuzzy=False, comment="", obsolete=False, msgid="Rest at home", plural=False):
    e = polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=comment, obsolete=obsolete)
    if plural:
        e.msgid_plural, e.msgstr_plural = "Rests", {0: "", 1: ""}
    if fuzzy:
        e.flags.append("fuzzy")
    return e


def draft_comment(text):
    return provenance.format_line(provenance.MT, engine="deepl", date="2026-11-24", sha=provenance.text_hash(text))


ELIGIBLE = [
    ("untranslated", entry(), False, True),
    ("reviewed", entry("Gorffwys"), True, False),
    ("human-fuzzy", entry("Gorffwys", fuzzy=True), True, False),
    ("machine-draft-no-refresh", entry("MT", fuzzy=True, comment=draft_comment("MT")), False, False),
    ("machine-draft-refresh", entry("MT", fuzzy=True, comment=draft_comment("MT")), True, True),
    ("edited-machine-draft", entry("MT edited", fuzzy=True, comment=draft_comment("MT")), True, False),
    ("approved-machine-draft", entry("MT", comment=draft_comment("MT")), True, False),
    ("obsolete", entry(obsolete=True), True, False),
    ("plural", entry(plural=True), True, False),
    ("header", entry(msgid=""), True, False),
    ("front-matter-title", polib.POEntry(msgid="Skin cancer", msgstr="", msgctxt="front matter: title"), False, True),
    ("image-alt", polib.POEntry(msgid="Drawing of the skin", msgstr="", msgctxt="image: skin.jpg"), False, True),
    ("image-alt-reviewed", polib.POEntry(msgid="Drawing of the skin", msgstr="Llun", msgctxt="image: skin.jpg"), True, False),
]


@pytest.mark.parametrize("e,refresh,expected", [c[1:] for c in ELIGIBLE], ids=[c[0] for c in ELIGIBLE])
def test_eligible(e, refresh, expected):
    assert drafts.eligible(e, refresh) is expected


def test_machine_fill_is_fuzzy_with_provenance_and_problems():
    e = entry(comment="a translator note")
    e.previous_msgid = "Old"
    drafts.apply_fill(e, Fill("Gorffwys", "mt", engine="deepl", date="2026-11-24", problems={"mask-lost": "1", "missing": "5%20mg"}))
    facts = provenance.parse(e.tcomment)
    assert e.msgstr == "Gorffwys" and e.flags == ["fuzzy"] and e.previous_msgid is None
    assert facts[provenance.MT] == {"engine": "deepl", "date": "2026-11-24", "sha": provenance.text_hash("Gorffwys")}
    assert facts[provenance.MT_PROBLEM] == {"mask-lost": "1", "missing": "5%20mg"}
    assert e.tcomment.startswith("a translator note\n")
    # a refresh without a problem clears the old problem line
    drafts.apply_fill(e, Fill("Gorffwys 2", "mt", engine="deepl", date="2026-11-25"))
    assert provenance.MT_PROBLEM not in provenance.parse(e.tcomment)
    assert e.flags == ["fuzzy"]


@pytest.mark.parametrize("needs_review,flags", [(False, []), (True, ["fuzzy"])], ids=["reviewed-reuse", "reuse-needs-review"])
def test_memory_fill(needs_review, flags):
    e = entry(comment=draft_comment("x"))
    drafts.apply_fill(e, Fill("Gorffwys", "tm", date="2026-11-24", document="other", fuzzy=needs_review))
    facts = provenance.parse(e.tcomment)
    assert e.flags == flags and provenance.MT not in facts
    assert facts[provenance.TM] == {"from": "other", "date": "2026-11-24"}


def test_apply_fills_is_idempotent_and_skips_protected_entries():
    po = polib.POFile()
    po.append(entry(msgid="a"))
    po.append(entry("Reviewed", msgid="b"))
    fills = {"a": Fill("A", "mt", engine="x", date="d"), "b": Fill("B", "mt", engine="x", date="d")}
    assert drafts.apply_fills(po, fills, refresh=True) == 1
    assert drafts.apply_fills(po, fills, refresh=True) == 0
    assert po.find("b").msgstr == "Reviewed"


def test_memory_takes_the_majority_then_the_first_document():
    def po(*pairs, fuzzy=False):
        f = polib.POFile()
        for msgid, msgstr in pairs:
            f.append(entry(msgstr, fuzzy=fuzzy, msgid=msgid))
        return f

    tm = TranslationMemory([
        ("c", po(("Rest", "B"))), ("a", po(("Rest", "A"), ("Tired", "T1"))), ("b", po(("Rest", "B"), ("Tired", "T2"))),
        ("d", po(("Draft", "D"), fuzzy=True)),
    ])
    assert tm.lookup("Rest").msgstr == "B" and tm.lookup("Rest").document == "b"
    assert tm.lookup("Tired").msgstr == "T1" and tm.lookup("Tired").document == "a"
    assert tm.lookup("Draft") is None


@pytest.mark.parametrize(
    "texts,size,chars,joins,expected",
    [
        (["a", "b", "c"], 20, 100, True, [["a", "b", "c"]]),
        (["a", "b", "c"], 2, 100, True, [["a", "b"], ["c"]]),
        (["aaaa", "bbbb", "cc"], 20, 9, True, [["aaaa", "bbbb"], ["cc"]]),
        (["a", "x\ny", "b"], 20, 100, True, [["a"], ["x\ny"], ["b"]]),
        (["a", "b"], 20, 100, False, [["a"], ["b"]]),
        (["a" * 50, "b"], 20, 10, True, [["a" * 50], ["b"]]),
    ],
    ids=["one-batch", "by-count", "by-chars", "newline-alone", "no-joining", "long-alone"],
)
def test_plan_batches(texts, size, chars, joins, expected):
    assert drafts.plan_batches(texts, size, chars, joins) == expected


def test_schema_lists_the_same_keys_and_readme_documents_them(repo_root):
    assert config.SCHEMA["translate"] == set(options.KEYS)
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Machine drafts"):]
    for key in options.KEYS:
        assert f"{key} =" in section, key


@pytest.mark.parametrize(
    "line,message",
    [
        ('api_key = "abc"', "environment variables only"),
        ('providr = "deepl"', "unknown key 'providr'"),
        ("concurrency = 0", "concurrency must be at least 1"),
        ('retries = "3"', "retries must be int"),
        ("memory_needs_review = 1", "memory_needs_review must be bool"),
        ('backoff = true', "backoff must be int or float"),
    ],
    ids=["key-in-file", "typo", "too-small", "wrong-type", "int-for-bool", "bool-for-number"],
)
def test_bad_translate_settings_name_their_line(tmp_path, line, message):
    (tmp_path / "polyleaf.toml").write_text(f'[project]\nlanguages = ["cy"]\n\n[translate]\nprovider = "pseudo"\n{line}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        options.load_options(load_settings(tmp_path))
    assert info.value.line == 6 and "abc" not in str(info.value)


def test_do_not_translate_must_be_strings(tmp_path):
    (tmp_path / "polyleaf.toml").write_text('[project]\nlanguages = ["cy"]\n[glossary]\ndo_not_translate = [1]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="do_not_translate must be a list of strings"):
        options.do_not_translate(load_settings(tmp_path))


# -- the command -------------------------------------------------------------------------------


def cli(project, *args):
    return CliRunner().invoke(main, ["-C", str(project), "translate", *args])


def snapshot(project):
    return {p: p.read_bytes() for p in sorted((project / "locales").rglob("*.po"))}


def test_dry_run_sends_and_writes_nothing(tmp_path):
    fake = FakeLibre().start()
    try:
        project = make_project(tmp_path / "p", fake.url, languages=("cy", "es"))
        before = snapshot(project)
        result = cli(project, "--all", "--dry-run")
        assert result.exit_code == 0, result.output
        assert fake.log == []
        assert snapshot(project) == before
        assert "cy: 13 to fill: 0 from memory, 1 copied" in result.output and "would send 8 distinct segment(s)" in result.output and "to libretranslate" in result.output
        assert "1 copied" in result.output
    finally:
        fake.stop()


def test_dry_run_needs_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    project = make_project(tmp_path / "p", languages=("es",), translate={"provider": "deepl"})
    result = cli(project, "--lang", "es", "--dry-run")
    assert result.exit_code == 0 and "to deepl" in result.output


@pytest.mark.parametrize(
    "args,code,message",
    [
        ([], 2, "--lang CODE"),
        (["--lang", "cy", "--all"], 2, "exclude each other"),
        (["--lang", "xx-Nope"], 3, ""),
        (["--lang", "de"], 3, "not configured"),
    ],
    ids=["no-language", "both", "bad-code", "unconfigured"],
)
def test_usage_errors(tmp_path, args, code, message):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    result = cli(project, *args)
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output


def test_missing_catalog_says_run_extract(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    (project / "locales" / "cy" / "LC_MESSAGES" / "second.po").unlink()
    result = cli(project, "--lang", "cy")
    assert result.exit_code == 3
    assert "locales/cy/LC_MESSAGES/second.po: no catalog yet: run `polyleaf extract` first" in result.output


def test_help_teaches():
    result = CliRunner().invoke(main, ["translate", "--help"])
    assert result.exit_code == 0
    for needle in ("Examples:", "--refresh", "--dry-run", "DEEPL_API_KEY", "fuzzy", "polyleaf-mt"):
        assert needle in result.output


def test_pseudo_run_is_quiet_on_rerun_and_output_passes_msgfmt(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    assert cli(project, "--lang", "cy").exit_code == 0
    first = snapshot(project)
    again = cli(project, "--lang", "cy")
    assert again.exit_code == 0 and "0 to fill" in again.output
    assert snapshot(project) == first  # nothing rewritten
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("msgfmt (GNU gettext) not installed")
    for path in first:
        subprocess.run([msgfmt, "-c", "--use-fuzzy", "-o", "/dev/null", str(path)], check=True, capture_output=True)


def test_provenance_survives_msgmerge_and_msgcat(tmp_path):
    msgmerge, msgcat = shutil.which("msgmerge"), shutil.which("msgcat")
    if not (msgmerge and msgcat):
        pytest.skip("msgmerge/msgcat (GNU gettext) not installed")
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    assert cli(project, "--lang", "cy").exit_code == 0
    po_path = project / "locales" / "cy" / "LC_MESSAGES" / "leaflet.po"
    merged = tmp_path / "merged.po"
    subprocess.run([msgmerge, "-q", "-o", str(merged), str(po_path), str(project / "locales" / "templates" / "leaflet.pot")], check=True)
    subprocess.run([msgcat, "-o", str(merged), str(merged)], check=True)
    ours, theirs = read_catalog(po_path), read_catalog(merged)
    for e in ours:
        if not e.msgid:
            continue
        t = theirs.find(e.msgid)
        assert t.msgstr == e.msgstr and ("fuzzy" in t.flags) == ("fuzzy" in e.flags)
        assert provenance.parse(t.tcomment) == provenance.parse(e.tcomment)


def test_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules["pipeline.cli.translate"], "progress_enabled", lambda: True)
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 0, result.output
    assert "cy" in result.stderr  # the bar's label (click draws it on stderr)
    assert "12 from pseudo" in result.stdout


def test_extract_after_translate_changes_nothing(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    assert cli(project, "--lang", "cy").exit_code == 0
    check = CliRunner().invoke(main, ["-C", str(project), "extract", "--check"])
    assert check.exit_code == 0, check.output


def test_quiet_prints_only_what_needs_attention(tmp_path):
    project = make_project(tmp_path / "p", translate={"provider": "pseudo"})
    result = cli(project, "--lang", "cy", "--quiet")
    assert result.exit_code == 0 and result.output == ""
