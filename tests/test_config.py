"""Settings errors name the line; every command works on --project DIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.errors import ConfigError

CASES = [
    ("unknown-key", '[project]\nname = "x"\nlanguagez = ["es"]\n', 3, "unknown key 'languagez'"),
    ("unknown-table", '[project]\nname = "x"\n\n[exprot]\nx = 1\n', 4, "unknown table or key 'exprot'"),
    ("bad-language", '[project]\nlanguages = ["es", "klingon"]\n', 2, "invalid language code 'klingon'"),
    ("unsafe-language", '[project]\nlanguages = ["../../etc"]\n', 2, "unsafe language code"),
    ("source-as-target", '[project]\nlanguages = ["en-GB"]\n', 2, "is the source language"),
    ("duplicate-language", '[project]\nlanguages = ["cy", "cy"]\n', 2, "listed twice"),
    ("unknown-stage-key", '[project]\nname = "x"\n\n[translate]\nprovider = "pseudo"\nprovder = "x"\n', 6, "unknown key 'provder' in [translate]"),
    ("bad-toml", '[project]\nname = "x\n', 2, "invalid TOML"),
    ("folder-escape", '[project]\nsource_dir = "../elsewhere"\n', 2, "must be a folder inside the project"),
]


@pytest.mark.parametrize("name, text, line, words", CASES, ids=[c[0] for c in CASES])
def test_settings_errors_name_the_line(tmp_path, name, text, line, words):
    (tmp_path / "polyleaf.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path)
    assert exc.value.line == line, str(exc.value)
    assert words in exc.value.message
    assert str(exc.value).startswith(f"polyleaf.toml:{line}: ")


def test_missing_settings_is_a_clear_error(runner, tmp_path):
    r = runner.invoke(main, ["-C", str(tmp_path), "status"])
    assert r.exit_code == 3
    assert "no polyleaf.toml" in r.output


def test_project_found_from_a_subfolder(project, monkeypatch):
    monkeypatch.chdir(project / "source")
    assert load_settings().root == project.resolve()


def test_non_utf8_markdown_names_file_and_line(runner, project):
    (project / "source" / "bad.md").write_bytes(b"# Title\n\nCaf\xe9 cr\xe8me\n")
    r = runner.invoke(main, ["-C", str(project), "extract"])
    assert r.exit_code == 3
    assert "source/bad.md:3: not valid UTF-8" in r.output


def test_every_command_has_help_and_a_readme_entry(runner, repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    import click

    names = main.list_commands(click.Context(main))
    assert {"extract", "status", "translate", "check", "approve", "score", "readability", "export", "publish", "build"} <= set(names)
    for name in names:
        r = runner.invoke(main, [name, "--help"])
        assert r.exit_code == 0 and "Examples:" in r.output, name
        assert f"polyleaf {name}" in readme, f"README has no entry for `polyleaf {name}`"


def test_text_direction_from_the_script_equals_babels_for_every_cldr_locale():
    from babel import Locale, localedata

    from pipeline.languages import _direction

    for ident in localedata.locale_identifiers():
        loc = Locale.parse(ident)
        assert _direction(loc) == (loc.text_direction or "ltr"), ident
