"""Our merge decides what GNU ``msgmerge --previous`` decides, edit by edit.

Run with ``-s`` to see the table (it is also written to ``$POLYLEAF_TABLE_DIR``
when that is set, for release notes).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.catalogs import apply_update, entry_state, plan_update, read_catalog
from pipeline.config import load_settings
from pipeline.po import generate_po

V1 = """# Living with treatment

Your immune sytem protects your body from infection and illness.

Steroids are often used to manage inflammation caused by treatment.

## Side effects

Fatigue means feeling exhausted and having no energy.

Contact your care team straight away if you feel unwell.

Keep the list of phone numbers in a safe place.
"""

EDITS = [
    ("typo fix", lambda s: s.replace("immune sytem", "immune system")),
    ("sentence rewrite", lambda s: s.replace(
        "Steroids are often used to manage inflammation caused by treatment.",
        "Your doctor may give you medicine to calm swelling in your body.")),
    ("paragraph inserted", lambda s: s.replace(
        "## Side effects\n", "## Side effects\n\nEveryone is different, and side effects vary from person to person.\n")),
    ("paragraph removed", lambda s: s.replace("Keep the list of phone numbers in a safe place.\n", "")),
    ("paragraph moved", lambda s: s.replace(
        "Fatigue means feeling exhausted and having no energy.\n\nContact your care team straight away if you feel unwell.",
        "Contact your care team straight away if you feel unwell.\n\nFatigue means feeling exhausted and having no energy.")),
    ("heading renamed", lambda s: s.replace("## Side effects", "## Side effects of treatment")),
    ("paragraph edited slightly", lambda s: s.replace("if you feel unwell.", "if you feel at all unwell.")),
]


def _state(po):
    live = {e.msgid: (entry_state(e), e.msgstr, e.previous_msgid) for e in po if not e.obsolete and e.msgid}
    dead = sorted(e.msgid for e in po if e.obsolete)
    return live, dead


def _project(tmp: Path, text: str) -> Path:
    (tmp / "source").mkdir(parents=True, exist_ok=True)
    (tmp / "polyleaf.toml").write_text('[project]\nname = "t"\nlanguages = ["es"]\n', encoding="utf-8")
    (tmp / "source" / "doc.md").write_text(text, encoding="utf-8")
    return tmp


def _update(root: Path) -> None:
    apply_update(plan_update(load_settings(root)))


def _describe(po, msgid_set):
    out = []
    for e in po:
        if e.obsolete and e.msgid in msgid_set:
            out.append("obsolete")
        elif not e.obsolete and e.msgid in msgid_set:
            state = entry_state(e)
            out.append(f"{state}" + (" (#| shown)" if e.previous_msgid else ""))
    return ", ".join(out)


@pytest.mark.tools
@pytest.mark.parametrize("name, edit", EDITS + [("text returns", None)], ids=[n for n, _ in EDITS] + ["text returns"])
def test_same_decisions_as_msgmerge(tmp_path, name, edit, request):
    msgmerge = shutil.which("msgmerge")
    if not msgmerge:
        pytest.skip("GNU msgmerge not installed (apt-get install gettext)")
    root = _project(tmp_path / "p", V1)
    _update(root)
    po_path = root / "locales/es/LC_MESSAGES/doc.po"
    po = read_catalog(po_path)
    for e in po:
        if e.msgid:
            e.msgstr = "ES: " + e.msgid
    po_path.write_text(generate_po(po), encoding="utf-8")
    if edit is None:  # removed, then restored
        (root / "source/doc.md").write_text(V1.replace("Keep the list of phone numbers in a safe place.\n", ""), encoding="utf-8")
        _update(root)
        new_text = V1
    else:
        new_text = edit(V1)
    old_copy = tmp_path / "old.po"
    shutil.copy(po_path, old_copy)
    (root / "source/doc.md").write_text(new_text, encoding="utf-8")
    _update(root)
    ours = read_catalog(po_path)
    gnu_out = tmp_path / "gnu.po"
    subprocess.run([msgmerge, "--previous", "--quiet", "-o", str(gnu_out), str(old_copy), str(root / "locales/templates/doc.pot")], check=True)
    gnu = read_catalog(gnu_out)
    assert _state(ours) == _state(gnu)
    # A line for the table in the docs: what changed, and what both decided for the affected entries.
    old_ids = {e.msgid for e in read_catalog(old_copy) if e.msgid and not e.obsolete}
    new_ids = {e.msgid for e in ours if e.msgid and not e.obsolete}
    touched = (old_ids ^ new_ids) or new_ids
    row = f"| {name} | {_describe(ours, touched)} | {_describe(gnu, touched)} |"
    print(row)
    table_dir = os.environ.get("POLYLEAF_TABLE_DIR")
    if table_dir:
        with open(Path(table_dir) / "merge-vs-msgmerge.md", "a", encoding="utf-8") as fh:
            fh.write(row + "\n")
