"""Approval bound to content: recorded, kept while the text holds, re-opened when either side changes."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from pipeline import provenance
from pipeline.catalogs import read_catalog, write_catalog
from pipeline.config import load_settings
from pipeline.review import (APPROVED, DRAFT, STALE, UNRECORDED, UNTRANSLATED, approval_state, approve_catalog,
                             approve_project, document_coverage, entry_hash, is_reviewed)
from pipeline.source import parse_text


def po_with(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "cy"}
    for e in entries:
        po.append(e)
    return po


def entry(msgid: str, msgstr: str, fuzzy: bool = False, tcomment: str = "") -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], tcomment=tcomment)


def test_reviewer_clears_fuzzy_then_approve_records_the_pair():
    po = po_with(entry("Rest.", "Gorffwyswch.", fuzzy=True, tcomment="polyleaf-mt: engine=x date=2026-11-24 sha=1"))
    assert approval_state(po[0]) == DRAFT and not is_reviewed(po[0])
    po[0].flags.remove("fuzzy")  # what Poedit does when the reviewer approves
    assert approval_state(po[0]) == UNRECORDED and is_reviewed(po[0])
    approved, report = approve_catalog(po)
    assert report.recorded == 1 and report.reopened == 0
    facts = provenance.parse(approved[0].tcomment)
    assert facts[provenance.APPROVED]["sha"] == provenance.pair_hash("Rest.", "Gorffwyswch.")
    assert provenance.MT in facts  # history kept
    assert approval_state(approved[0]) == APPROVED
    assert provenance.APPROVED not in provenance.parse(po[0].tcomment)  # input untouched (pure)


def test_msgstr_edited_and_saved_not_fuzzy_is_approved_by_that_save():
    """Issue 13: a reviewer's typo fix in an approved entry is one step, not two approvals."""
    po = po_with(entry("Rest.", "Gorffwyswch."))
    po, _ = approve_catalog(po)
    po[0].msgstr = "Gorffwysa."  # fixed in Poedit, "Needs work" left off
    assert approval_state(po[0]) == UNRECORDED and is_reviewed(po[0])
    again, report = approve_catalog(po)  # approve re-binds in one run
    assert (report.recorded, report.reopened) == (1, 0) and "fuzzy" not in again[0].flags
    assert approval_state(again[0]) == APPROVED


@pytest.mark.parametrize("side", ["msgid"])
def test_edit_after_approval_reopens_review(side):
    po = po_with(entry("Rest.", "Gorffwyswch."))
    po, _ = approve_catalog(po)
    po[0].msgid = "Rest now."  # the English changed under the approval without passing through review
    assert approval_state(po[0]) == STALE and not is_reviewed(po[0])
    reopened, report = approve_catalog(po)
    assert report.reopened == 1
    assert "fuzzy" in reopened[0].flags
    assert provenance.APPROVED not in provenance.parse(reopened[0].tcomment)
    # the reviewer checks it again and clears fuzzy: the new pair is bound
    reopened[0].flags.remove("fuzzy")
    again, report = approve_catalog(reopened)
    assert report.recorded == 1 and approval_state(again[0]) == APPROVED
    assert provenance.parse(again[0].tcomment)[provenance.APPROVED]["sha"] == entry_hash(again[0])


def test_drafts_and_empty_entries_lose_stale_approval_lines_and_mt_problem_goes_on_approval():
    line = provenance.format_line(provenance.APPROVED, sha="0" * 16)
    problem = provenance.format_line(provenance.MT_PROBLEM, **{"mask-lost": "1"})
    po = po_with(entry("A.", "B.", fuzzy=True, tcomment=line), entry("C.", "", tcomment=line), entry("D.", "E.", tcomment=problem))
    out, report = approve_catalog(po)
    assert report.dropped == 2 and report.recorded == 1
    assert provenance.APPROVED not in provenance.parse(out[0].tcomment) and "fuzzy" in out[0].flags
    assert approval_state(out[1]) == UNTRANSLATED and not out[1].tcomment
    assert provenance.MT_PROBLEM not in provenance.parse(out[2].tcomment)


def test_approve_is_idempotent():
    po, _ = approve_catalog(po_with(entry("A.", "B."), entry("C.", "")))
    again, report = approve_catalog(po)
    assert not report.changed


def test_coverage_is_word_weighted_against_the_source():
    doc = parse_text("# Title here\n\nOne two three four five six.\n\nSeven eight.\n", "source/t.md")
    # title (2 words) reviewed, long paragraph (6) stale, short (2) fuzzy
    po = po_with(entry("Title here", "Teitl yma"), entry("One two three four five six.", "Un dau tri pedwar pump chwech."),
                 entry("Seven eight.", "Saith wyth.", fuzzy=True))
    po, _ = approve_catalog(po)
    # approved for other English (src= differs), not re-fuzzed: stale
    po[1].tcomment = provenance.format_line(provenance.APPROVED, sha=provenance.pair_hash("One two.", "Un dau."),
                                            src=provenance.text_hash("One two."))
    cov = document_coverage(doc, po)
    assert (cov.source_words, cov.reviewed_words) == (10, 2)
    assert (cov.reviewed, cov.stale, cov.drafts, cov.missing) == (1, 1, 1, 0)
    assert not cov.complete and cov.share == pytest.approx(0.2)
    # an out-of-date catalog (extract not run) cannot claim words it does not hold
    assert document_coverage(doc, None).reviewed_words == 0
    assert document_coverage(parse_text("# New title\n", "source/t.md"), po).reviewed_words == 0


def _fill(project, lang: str, edit=None) -> None:
    settings = load_settings(project)
    path = settings.catalog_path(lang, "immunotherapy")
    po = read_catalog(path)
    for e in po:
        if e.msgid:  # fresh translations: drop the shipped example's approvals (tests/test_example_translations.py)
            e.msgstr, e.tcomment = f"[{lang}] {e.msgid}", ""
            e.flags = [f for f in e.flags if f != "fuzzy"]
    if edit:
        edit(po)
    write_catalog(path, po)


def test_approve_project_writes_once_and_check_mode_writes_nothing(project):
    _fill(project, "cy")
    settings = load_settings(project)
    from pipeline.catalogs import load_documents
    docs = load_documents(settings)
    path = settings.catalog_path("cy", "immunotherapy")
    before = path.read_bytes()
    (r,) = approve_project(settings, docs, [settings.language("cy")], check=True)
    assert r.report.recorded == 60 and not r.written and path.read_bytes() == before
    (r,) = approve_project(settings, docs, [settings.language("cy")])
    assert r.written and path.read_bytes() != before
    after = path.read_bytes()
    (r,) = approve_project(settings, docs, [settings.language("cy")])
    assert not r.report.changed and not r.written and path.read_bytes() == after
    assert after.count(b"# polyleaf-approved: sha=") == 60
    if shutil.which("msgfmt"):
        res = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


def test_approve_project_reports_a_corrupt_catalog_and_goes_on(project, repo_root):
    _fill(project, "es")
    settings = load_settings(project)
    from pipeline.catalogs import load_documents
    bad = settings.catalog_path("cy", "immunotherapy")
    bad.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    results = approve_project(settings, load_documents(settings), [settings.language("cy"), settings.language("es")])
    by_lang = {r.language: r for r in results}
    assert by_lang["cy"].error is not None and str(by_lang["cy"].error).startswith("locales/cy/LC_MESSAGES/immunotherapy.po:")
    assert by_lang["es"].written and by_lang["es"].report.recorded == 60


def test_source_change_through_extract_is_reviewed_once_not_twice(project):
    """English edited -> extract fuzzes the entry (#| msgid) -> reviewer clears fuzzy -> approve records it."""
    from pipeline.catalogs import update_project

    settings = load_settings(project)
    _fill(project, "cy")
    from pipeline.catalogs import load_documents
    approve_project(settings, load_documents(settings), [settings.language("cy")])
    src = project / "source" / "immunotherapy.md"
    src.write_text(src.read_text(encoding="utf-8").replace("There are different types of immunotherapy", "There are several types of immunotherapy"), encoding="utf-8")
    settings = load_settings(project)
    update_project(settings, [settings.language("cy")])
    path = settings.catalog_path("cy", "immunotherapy")
    po = read_catalog(path)
    (e,) = [e for e in po if e.msgid.startswith("There are several types")]
    assert "fuzzy" in e.flags and e.previous_msgid and approval_state(e) == DRAFT
    e.flags.remove("fuzzy")  # the reviewer approves the updated translation in Poedit
    e.msgstr = "[cy] There are several types of immunotherapy which work in different ways."
    write_catalog(path, po)
    (r,) = approve_project(settings, load_documents(settings), [settings.language("cy")])
    assert r.report.recorded == 1 and r.report.reopened == 0
    (e,) = [e for e in read_catalog(path) if e.msgid.startswith("There are several types")]
    assert approval_state(e) == APPROVED and "fuzzy" not in e.flags
