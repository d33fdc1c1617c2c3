"""Who translated and who reviewed, in the catalog; four eyes on demand."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from click.testing import CliRunner

from pipeline import provenance
from pipeline.catalogs import read_catalog, write_catalog
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.identity import Identity, parse_identity
from pipeline.publish import decide
from pipeline.checks import ChecksSummary
from pipeline.publish import SimpleVerdict
from pipeline.review import (APPROVED, STALE, ReviewSettings, approval_state, approve_catalog, document_coverage,
                             four_eyes_problem, load_review_settings, origin, translator_of)
from pipeline.source import parse_text

ANA = Identity("Ana Ruiz", "ana@example.org")
BOB = Identity("Bob Jones")


def po_with(*entries, last_translator="Ana Ruiz <ana@example.org>"):
    po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es", "Last-Translator": last_translator}
    for e in entries:
        po.append(e)
    return po


def mt_entry(msgid, msgstr, edited_to=None):
    e = polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=provenance.format_line(
        provenance.MT, engine="apertium", version="3.8.3", date="2026-12-06", sha=provenance.text_hash(msgstr)))
    if edited_to is not None:
        e.msgstr = edited_to
    return e


@pytest.mark.parametrize("text,expected", [
    ("Ana Ruiz <ana@example.org>", Identity("Ana Ruiz", "ana@example.org")),
    ("Ana Ruiz", Identity("Ana Ruiz")),
    ("FULL NAME <EMAIL@ADDRESS>", None),
    ("", None),
    ("<ana@example.org>", Identity("ana@example.org", "ana@example.org")),
], ids=["name-email", "name", "gettext-placeholder", "empty", "email-only"])
def test_parse_identity(text, expected):
    assert parse_identity(text) == expected


def test_quoted_values_round_trip_and_old_lines_still_read():
    line = provenance.format_line(provenance.APPROVED, sha="abc", by='Ana "Nina" Ruiz', date="2026-12-06")
    assert provenance.parse(line)[provenance.APPROVED] == {"sha": "abc", "by": 'Ana "Nina" Ruiz', "date": "2026-12-06"}
    assert provenance.parse("polyleaf-approved: sha=098b29b50757e00f") == {provenance.APPROVED: {"sha": "098b29b50757e00f"}}


def test_approve_with_reviewer_records_and_seals_identities():
    human = polib.POEntry(msgid="Rest.", msgstr="Descanse.")
    draft_as_delivered = mt_entry("Drink water.", "Beba agua.")
    post_edited = mt_entry("Sleep well.", "Duerma bien.", edited_to="Descanse bien por la noche.")
    po = po_with(human, draft_as_delivered, post_edited)
    out, report = approve_catalog(po, reviewer=BOB, date="2026-12-06")
    assert report.recorded == 3
    approval = provenance.parse(out[0].tcomment)[provenance.APPROVED]
    assert approval["by"] == "Bob Jones" and approval["date"] == "2026-12-06" and approval["seal"]
    assert "email" not in approval
    assert provenance.parse(out[0].tcomment)[provenance.TRANSLATED] == {"by": "Ana Ruiz", "email": "ana@example.org", "date": "2026-12-06"}
    assert provenance.TRANSLATED not in provenance.parse(out[1].tcomment)  # a machine draft as delivered: no human translator
    assert provenance.parse(out[2].tcomment)[provenance.TRANSLATED]["by"] == "Ana Ruiz"  # the post-editor
    assert [origin(e) for e in out] == ["human", "mt", "mt+human"]
    assert all(approval_state(e) == APPROVED for e in out)
    # editing the name onto the approval afterwards breaks the seal: the record no longer holds
    out[0].tcomment = out[0].tcomment.replace('by="Bob Jones"', 'by="Carl Smith"')
    assert approval_state(out[0]) == STALE


def test_approve_without_reviewer_writes_what_it_always_wrote():
    out, _ = approve_catalog(po_with(polib.POEntry(msgid="Rest.", msgstr="Descanse."), last_translator="FULL NAME <EMAIL@ADDRESS>"))
    assert out[0].tcomment == f"polyleaf-approved: sha={provenance.pair_hash('Rest.', 'Descanse.')}"


def reviewed(msgid, msgstr, translator: Identity | None, reviewer: Identity | None, mt=False, edited=False):
    e = mt_entry(msgid, msgstr, edited_to=msgstr + " (editado)" if edited else None) if mt else polib.POEntry(msgid=msgid, msgstr=msgstr)
    po, _ = approve_catalog(po_with(e, last_translator=str(translator) if translator else ""), reviewer=reviewer, date="2026-12-06")
    return po[0]


FOUR = ReviewSettings(require_second_reviewer=True)
MT_RULE = ReviewSettings(machine_drafts_need="second-reviewer")


@pytest.mark.parametrize("policy,entry_args,held", [
    (FOUR, (ANA, ANA), "who also translated it"),
    (FOUR, (ANA, BOB), None),
    (FOUR, (ANA, None), "no reviewer recorded"),
    (FOUR, (None, ANA, True), None),  # a machine draft as delivered, reviewed by one person: that person is the second pair of eyes
    (FOUR, (ANA, ANA, True, True), "post-edited the machine draft"),
    (MT_RULE, (ANA, ANA), None),  # human translation: this rule is about machine drafts only
    (MT_RULE, (ANA, ANA, True, True), "post-edited the machine draft"),
    (ReviewSettings(), (ANA, ANA), None),
], ids=["same-person", "two-people", "no-reviewer", "mt-as-delivered", "mt-post-editor-reviews", "mt-rule-human-text",
        "mt-rule-post-editor", "off"])
def test_four_eyes(policy, entry_args, held):
    e = reviewed("Rest.", "Descanse.", *entry_args)
    problem = four_eyes_problem(e, policy, translator_of(e))
    if held is None:
        assert problem is None
    else:
        assert problem and held in problem


def test_gate_holds_self_reviewed_entries_with_the_reason():
    doc = parse_text("# Title\n\nRest.\n", "source/x.md")
    po = po_with(polib.POEntry(msgid="Title", msgstr="Título"), polib.POEntry(msgid="Rest.", msgstr="Descanse."))
    po, _ = approve_catalog(po, reviewer=ANA, date="2026-12-06")  # Ana (Last-Translator) reviews her own work
    plain = document_coverage(doc, po)
    assert plain.complete
    held = document_coverage(doc, po, FOUR)
    assert not held.complete and held.four_eyes == 2
    decision = decide("x", "es", held, ChecksSummary(), SimpleVerdict(True, "ok"), "s", "c")
    assert not decision.publish
    assert "2 held for a second reviewer (source/x.md:1: reviewed by Ana Ruiz, who also translated it" in decision.reasons[0]
    assert "four_eyes" not in plain.as_dict()  # nothing new in manifests unless the rule holds something


@pytest.mark.parametrize("line,message", [
    ('machine_drafts_need = "none"', "never publishes a machine draft"),
    ("require_second_reviewer = 1", "true or false"),
    ("reviewer = 3", "must be a string"),
], ids=["no-review", "not-bool", "not-string"])
def test_bad_review_settings_name_their_line(tmp_path, line, message):
    (tmp_path / "polyleaf.toml").write_text(f'[project]\nlanguages = ["es"]\n\n[review]\n{line}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_review_settings(load_settings(tmp_path))
    assert info.value.line == 5


def test_cli_approve_reviewer_from_environment_and_gate(project, monkeypatch):
    runner = CliRunner()
    path = project / "locales/ca/LC_MESSAGES/immunotherapy.po"
    po = read_catalog(path)
    first = next(e for e in po if e.msgid)
    first.flags.remove("fuzzy")  # a reviewer approves the first Catalan machine draft as it is
    write_catalog(path, po)
    monkeypatch.setenv("POLYLEAF_REVIEWER", "Marta Puig <marta@example.org>")
    result = runner.invoke(main, ["-C", str(project), "approve", "-l", "ca"])
    assert result.exit_code == 0 and "recorded 1 approval(s)" in result.output, result.output
    entry = read_catalog(path).find(first.msgid)
    facts = provenance.parse(entry.tcomment)
    assert facts[provenance.APPROVED]["by"] == "Marta Puig" and facts[provenance.APPROVED]["email"] == "marta@example.org"
    assert facts[provenance.MT]["engine"] == "apertium"  # the machine origin stays on record
    msgcat = shutil.which("msgcat")
    if msgcat:  # GNU gettext keeps the lines (as Poedit and Lokalize do)
        out = subprocess.run([msgcat, str(path)], capture_output=True, text=True, check=True).stdout
        assert 'by="Marta Puig" email=marta@example.org' in out
