"""Plural-Forms headers against CLDR's rule (Babel), and format strings in `polyleaf check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.po.plurals import expected_plural_forms, plural_forms_mismatch

AR_SHIPPED = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);"

HEADERS = [
    # (id, language, Plural-Forms, agrees)
    ("ar as gettext writes it", "ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);", True),
    ("ar shipped before (0-2 as 4)", "ar", AR_SHIPPED, False),
    ("ar two forms", "ar", "nplurals=2; plural=(n != 1);", False),
    ("es gettext classic", "es", "nplurals=2; plural=(n != 1);", True),
    ("es CLDR 42 millions", "es", "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);", True),
    ("es French rule", "es", "nplurals=2; plural=(n > 1);", False),
    ("fr gettext classic", "fr", "nplurals=2; plural=(n > 1);", True),
    ("fr English rule", "fr", "nplurals=2; plural=(n != 1);", False),
    ("pl gettext (n%100<10 || n%100>=20)", "pl", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);", True),
    ("pl forms swapped", "pl", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 2 : 1);", False),
    ("ru gettext", "ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);", True),
    ("cy old Babel, zero merged", "cy", "nplurals=5; plural=(n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 0);", False),
    ("zh one form", "zh_Hans", "nplurals=1; plural=0;", True),
    ("ja two forms", "ja", "nplurals=2; plural=(n != 1);", False),
    ("ur", "ur", "nplurals=2; plural=(n != 1);", True),
    ("unreadable rule is the reader's business", "es", "nplurals=2; plural=(n !! 1);", True),
]


@pytest.mark.parametrize("lang, forms, agrees", [h[1:] for h in HEADERS], ids=[h[0] for h in HEADERS])
def test_header_against_cldr(lang, forms, agrees):
    mismatch = plural_forms_mismatch(lang, forms)
    assert (mismatch is None) == agrees, mismatch
    if mismatch:
        assert mismatch.expected == expected_plural_forms(lang)
        assert plural_forms_mismatch(lang, mismatch.expected) is None  # the advice is itself accepted


def test_expected_form_is_babels():
    from babel.messages.plurals import get_plural

    assert expected_plural_forms("ar") == get_plural("ar").plural_forms
    assert expected_plural_forms("zh-Hans") == "nplurals=1; plural=0;"
    assert expected_plural_forms("xx-nonsense") is None


def _set_header(path: Path, forms: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"Plural-Forms: [^\n]*\n(?:"[^\n]*\n)*?(?="X-Generator)', f'"Plural-Forms: {forms}\\\\n"\n', text, count=1)
    path.write_text(text, encoding="utf-8")


def test_check_warns_at_the_header_line_and_extract_corrects_it(runner, project):
    po = project / "locales/ar/LC_MESSAGES/immunotherapy.po"
    _set_header(po, AR_SHIPPED)
    line = next(n for n, l in enumerate(po.read_text(encoding="utf-8").splitlines(), 1) if l.startswith('"Plural-Forms:'))
    r = runner.invoke(main, ["-C", str(project), "check", "-l", "ar", "--json"])
    found = [f for f in json.loads(r.output)["findings"] if f["code"] == "plural-forms"]
    assert len(found) == 1, r.output
    assert (found[0]["path"], found[0]["line"], found[0]["severity"]) == ("locales/ar/LC_MESSAGES/immunotherapy.po", line, "warning")
    assert expected_plural_forms("ar") in found[0]["message"]
    # The normal path corrects it (no entry has plural forms, so no translation moves).
    r = runner.invoke(main, ["-C", str(project), "extract"])
    assert r.exit_code == 0, r.output
    assert "Plural-Forms corrected" in r.output
    r = runner.invoke(main, ["-C", str(project), "check", "-l", "ar", "--json"])
    assert not [f for f in json.loads(r.output)["findings"] if f["code"] == "plural-forms"]


def test_shipped_catalogs_have_cldr_plural_forms(repo_root):
    from pipeline.catalogs import read_catalog

    for po_path in sorted((repo_root / "locales").glob("*/LC_MESSAGES/*.po")):
        po = read_catalog(po_path)
        assert plural_forms_mismatch(po.metadata["Language"], po.metadata.get("Plural-Forms")) is None, po_path


def test_extract_leaves_a_header_with_plural_entries_alone(tmp_path):
    from pipeline.catalogs import apply_update, plan_update, read_catalog
    from pipeline.config import load_settings

    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "polyleaf.toml").write_text('[project]\nname = "t"\nlanguages = ["ar"]\n', encoding="utf-8")
    (root / "source/doc.md").write_text("# Title\n\nOne line.\n", encoding="utf-8")
    apply_update(plan_update(load_settings(root)))
    po_path = root / "locales/ar/LC_MESSAGES/doc.po"
    _set_header(po_path, AR_SHIPPED)
    with po_path.open("a", encoding="utf-8") as fh:
        fh.write('\n#~ msgid "%d day"\n#~ msgid_plural "%d days"\n' + "".join(f'#~ msgstr[{i}] "d{i}"\n' for i in range(6)))
    plan = plan_update(load_settings(root))
    apply_update(plan)
    assert read_catalog(po_path).metadata["Plural-Forms"] == AR_SHIPPED
    assert not any("Plural-Forms" in c.notice for c in plan.changes)


def test_format_string_error_names_the_catalog_line(runner, project):
    po = project / "locales/es/LC_MESSAGES/immunotherapy.po"
    text = po.read_text(encoding="utf-8")
    text += '\n#, c-format\nmsgid "Take %d tablets at %s"\nmsgstr "Tome %s pastillas a las %d"\n'
    text += '\n#, python-brace-format\nmsgid "{count} file"\nmsgid_plural "{count} files"\nmsgstr[0] "un archivo"\nmsgstr[1] "archivos"\n'
    po.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    c_line = lines.index('msgid "Take %d tablets at %s"') + 1
    brace_line = lines.index('msgid "{count} file"') + 1
    r = runner.invoke(main, ["-C", str(project), "check", "-l", "es"])
    assert r.exit_code == 1, r.output
    found = [l for l in r.output.splitlines() if "format-string" in l]
    assert found == [
        f"locales/es/LC_MESSAGES/immunotherapy.po:{c_line} [es] error format-string: c-format: format specifications in 'msgid' and 'msgstr' for argument 1 are not the same",
        f"locales/es/LC_MESSAGES/immunotherapy.po:{brace_line} [es] error format-string: python-brace-format: a format specification for argument 'count' doesn't exist in 'msgstr[1]'",
    ], r.output
