"""The real deep-translator LibreTranslate client against a local fake server, faults injected.

Each row of FAULTS is one line of the fault table in docs/notes/mt.md: the fault,
what the run must do, and what the catalog must hold afterwards.  Every run
also checks the invariants: the reviewed entry is untouched, every filled entry
is a fuzzy draft with provenance, and no placeholder or broken answer is saved.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from mt_server import FakeLibre, Fault, make_project
from pipeline import provenance
from pipeline.catalogs import read_catalog, write_catalog
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.mt.options import load_options
from pipeline.mt.providers import make_provider
from pipeline.mt.run import translate_language

REVIEWED = ("Leaflet title", "Teitl y daflen")


@pytest.fixture
def fake():
    server = FakeLibre().start()
    yield server
    server.stop()


def catalog(project: Path, doc: str = "leaflet", lang: str = "cy") -> polib.POFile:
    return read_catalog(project / "locales" / lang / "LC_MESSAGES" / f"{doc}.po")


def seed_reviewed(project: Path) -> None:
    path = project / "locales" / "cy" / "LC_MESSAGES" / "leaflet.po"
    po = read_catalog(path)
    po.find(REVIEWED[0]).msgstr = REVIEWED[1]
    write_catalog(path, po)


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy", *args], catch_exceptions=False)


def check_invariants(project: Path) -> None:
    for doc in ("leaflet", "second"):
        for entry in catalog(project, doc):
            if entry.msgid == REVIEWED[0]:
                assert entry.msgstr == REVIEWED[1]
                assert "fuzzy" not in entry.flags or doc == "second"
                continue
            if not entry.msgstr:
                assert not entry.tcomment
                continue
            facts = provenance.parse(entry.tcomment)
            assert "fuzzy" in entry.flags, entry.msgid
            assert provenance.MT in facts, entry.msgid
            assert facts[provenance.MT]["sha"] == provenance.text_hash(entry.msgstr)
            assert not provenance.MASK_TOKEN.search(entry.msgstr), entry.msgstr
            assert '{"translatedText"' not in entry.msgstr


LINK = "on the NHS website"
# (id, faults, extra settings, exit code, what the run says, entries left untranslated, check on the catalog)
FAULTS = [
    ("none", [], {}, 0, "0 failed", set(), None),
    ("429-retry-after-once", [Fault("429", when="tired", times=1, retry_after="0")], {}, 0, "1 retried", set(), None),
    ("429-forever", [Fault("429", when="tired", retry_after="0")], {}, 1, "HTTP 429 (rate limited), gave up after 3 attempts", {"Feeling tired is common."}, None),
    ("500-once", [Fault("500", when="tired", times=1)], {}, 0, "1 retried", set(), None),
    ("500-forever", [Fault("500", when="tired")], {}, 1, "HTTP 500, gave up after 3 attempts", {"Feeling tired is common."}, None),
    ("slow-past-timeout-once", [Fault("slow", when="tired", times=1, delay=1.5)], {"timeout": 0.5}, 0, "1 retried", set(), None),
    ("slow-past-timeout-forever", [Fault("slow", when="tired", delay=1.0)], {"timeout": 0.3, "retries": 1}, 1, "timed out after 0.3s, gave up after 2 attempts", {"Feeling tired is common."}, None),
    ("malformed-json", [Fault("malformed", when="tired")], {}, 1, "malformed response (not JSON), gave up after 3 attempts", {"Feeling tired is common."}, None),
    ("empty-translation", [Fault("empty", when="tired")], {}, 1, "empty translation", {"Feeling tired is common."}, None),
    ("no-translation-field", [Fault("no-text", when="tired")], {}, 1, "no translation in the response", {"Feeling tired is common."}, None),
    ("drops-link", [Fault("drop-link", when=LINK)], {}, 0, "lost protected text", set(), "link"),
]


@pytest.mark.parametrize("fid,faults,extra,code,says,left,special", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_table(tmp_path, fake, fid, faults, extra, code, says, left, special):
    fake.faults = faults
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1, **extra})
    seed_reviewed(project)
    result = run(project)
    assert result.exit_code == code, result.output
    assert says in result.output
    check_invariants(project)
    untranslated = {e.msgid for doc in ("leaflet", "second") for e in catalog(project, doc) if not e.msgstr and e.msgid}
    assert untranslated == left
    if special == "link":
        entry = next(e for e in catalog(project) if LINK in e.msgid)
        problem = provenance.parse(entry.tcomment)[provenance.MT_PROBLEM]
        assert problem["mask-lost"] == "2"
        assert "https://www.nhs.uk/" in problem["missing"]
        assert "fuzzy" in entry.flags and LINK in entry.msgstr
    # a second run retries only what is left, and sends nothing when nothing is
    fake.faults = []
    before = len(fake.translate_requests())
    again = run(project)
    assert again.exit_code == 0, again.output
    sent = fake.translate_requests()[before:]
    assert len(sent) == len(left)
    check_invariants(project)


def test_forbidden_key_stops_the_run_and_never_prints_the_key(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("LIBRE_API_KEY", "sekrit-key-123")
    fake.faults = [Fault("403")]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 3
    assert "HTTP 403" in result.output and "LIBRE_API_KEY" in result.output
    assert "sekrit" not in result.output
    for po in (project / "locales").rglob("*.po"):
        assert "sekrit" not in po.read_text(encoding="utf-8")


def test_key_is_sent_to_the_server_but_nowhere_else(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("LIBRE_API_KEY", "sekrit-key-123")
    project = make_project(tmp_path / "p", fake.url)
    result = run(project)
    assert result.exit_code == 0, result.output
    assert "sekrit" not in result.output
    assert all("sekrit" not in p.read_text(encoding="utf-8") for p in (project / "locales").rglob("*.po"))


def test_identical_texts_sent_once_and_batched(tmp_path, fake):
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 20})
    result = run(project)
    assert result.exit_code == 0, result.output
    sent = fake.translate_requests()
    assert len(sent) == 1  # every distinct text in one request
    lines = sent[0].q.split("\n")
    assert len(lines) == len(set(lines))
    # "Take 10 mg at night" and "Take 20 mg at night" mask to the same text: sent once, both filled
    assert sum("at night" in l for l in lines) == 1
    po = catalog(project)
    assert po.find("Take 10 mg at night").msgstr == "CY: Take 10 mg at night"
    assert po.find("Take 20 mg at night").msgstr == "CY: Take 20 mg at night"
    # markup and protected text restored exactly
    assert po.find("Take **two** 5 mg tablets").msgstr == "CY: Take **two** 5 mg tablets"
    assert po.find("Read more [on the NHS website](https://www.nhs.uk/).").msgstr == "CY: Read more [on the NHS website](https://www.nhs.uk/)."
    assert "0800 123 4567" not in sent[0].q and "https://" not in sent[0].q
    # text with nothing to translate is copied as a draft, not sent
    assert po.find("1 2 3").msgstr == "1 2 3" and "engine=copy" in po.find("1 2 3").tcomment


def test_memory_first_with_its_own_provenance(tmp_path, fake):
    project = make_project(tmp_path / "p", fake.url)
    seed_reviewed(project)
    result = run(project)
    assert result.exit_code == 0
    assert "1 from memory" in result.output
    entry = catalog(project, "second").find(REVIEWED[0])
    assert entry.msgstr == REVIEWED[1]
    assert "fuzzy" not in entry.flags  # default: reuse needs no review, like msgmerge --compendium
    assert provenance.parse(entry.tcomment)[provenance.TM]["from"] == "leaflet"
    assert all(REVIEWED[0] not in r.q for r in fake.translate_requests())


def test_memory_reuse_can_require_review(tmp_path, fake):
    project = make_project(tmp_path / "p", fake.url, translate={"memory_needs_review": True})
    seed_reviewed(project)
    assert run(project).exit_code == 0
    assert "fuzzy" in catalog(project, "second").find(REVIEWED[0]).flags


def test_refresh_replaces_only_unedited_machine_drafts(tmp_path, fake):
    project = make_project(tmp_path / "p", fake.url)
    seed_reviewed(project)
    assert run(project).exit_code == 0
    path = project / "locales" / "cy" / "LC_MESSAGES" / "leaflet.po"
    po = read_catalog(path)
    po.find("Rest at home").msgstr = "Gorffwys gartref"  # a human edits a draft, keeps it fuzzy
    write_catalog(path, po)
    fake.version = "2"
    assert run(project).exit_code == 0  # without --refresh: nothing to do
    assert catalog(project).find("Feeling tired is common.").msgstr == "CY: Feeling tired is common."
    result = run(project, "--refresh")
    assert result.exit_code == 0, result.output
    po = catalog(project)
    assert po.find("Feeling tired is common.").msgstr == "CY2: Feeling tired is common."  # unedited draft refreshed
    assert po.find("Rest at home").msgstr == "Gorffwys gartref"  # edited draft kept
    assert po.find(REVIEWED[0]).msgstr == REVIEWED[1]  # reviewed kept
    assert catalog(project, "second").find("Rest at home").msgstr == "CY2: Rest at home"  # the other document's copy was not edited


def test_retry_after_is_honoured_and_capped(tmp_path, fake):
    fake.faults = [Fault("429", when="tired", times=1, retry_after="3"), Fault("429", when="tired", times=1, retry_after="120")]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1, "max_wait": 30, "backoff": 0.5})
    settings = load_settings(project)
    options = load_options(settings)
    waits: list[float] = []
    provider = make_provider("libretranslate", url=fake.url, timeout=2)
    report = translate_language(settings, settings.language("cy"), provider, options, (), sleep=lambda s: waits.append(s) or False)
    assert waits == [3.0, 30.0]  # the server's Retry-After, then capped at max_wait
    assert report.failed_total == 0 and report.retries == 2


def test_exponential_backoff_without_retry_after(tmp_path, fake):
    fake.faults = [Fault("500", when="tired")]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1, "retries": 3, "backoff": 0.5, "max_wait": 1.5})
    settings = load_settings(project)
    waits: list[float] = []
    report = translate_language(settings, settings.language("cy"), make_provider("libretranslate", url=fake.url), load_options(settings), (), sleep=lambda s: waits.append(s) or False)
    assert waits == [0.5, 1.0, 1.5]
    assert report.failed == {"HTTP 500, gave up after 4 attempts": 2}  # one text, in both documents


def test_language_the_server_lacks_is_a_clear_error(tmp_path, fake):
    project = make_project(tmp_path / "p", fake.url, languages=("cy", "fy"))
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "fy"])
    assert result.exit_code == 3
    assert "does not offer fy" in result.output


def test_unreachable_server_is_a_clear_error(tmp_path):
    project = make_project(tmp_path / "p", "http://127.0.0.1:9/")
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 3
    assert "cannot reach LibreTranslate at http://127.0.0.1:9/" in result.output
    assert "Traceback" not in result.output


def test_batch_whose_lines_do_not_line_up_is_resent_one_by_one(tmp_path, fake):
    fake.faults = [Fault("merge-lines", times=1)]
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 20})
    settings = load_settings(project)
    report = translate_language(settings, settings.language("cy"), make_provider("libretranslate", url=fake.url), load_options(settings), ())
    assert report.split_batches == 1 and report.failed_total == 0
    assert len(fake.translate_requests()) == 1 + report.distinct
    assert catalog(project).find("Rest at home").msgstr == "CY: Rest at home"
    check_invariants_without_review(project)


def check_invariants_without_review(project: Path) -> None:
    for doc in ("leaflet", "second"):
        for e in catalog(project, doc):
            if e.msgid:
                assert e.msgstr and "fuzzy" in e.flags and not provenance.MASK_TOKEN.search(e.msgstr)


@pytest.mark.parametrize("concurrency", [1, 3])
def test_concurrency_is_bounded(tmp_path, fake, concurrency):
    fake.delay = 0.05
    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1, "concurrency": concurrency})
    assert run(project).exit_code == 0
    assert fake.max_in_flight == concurrency  # used, and never exceeded


SKIN = """---
title: Skin cancer treatment
description: How skin cancer is treated, with CAR T-cell therapy for some people.
audience: patient
last_reviewed: 2026-01-05
---
# Skin cancer treatment

![Drawing of the skin: the epidermis is 0.1 mm thick](https://example.org/skin.jpg "Layers of the skin")

Surgery removes the tumour.
"""


def test_front_matter_and_image_entries_get_machine_drafts(tmp_path, fake):
    """Front matter title/description and an image's alt text and title are entries of their own
    (msgctxt): they get fuzzy machine drafts with provenance like any other, masked the same way."""
    from pipeline.catalogs import apply_update, plan_update

    project = make_project(tmp_path / "p", fake.url, translate={"batch_size": 1})
    (project / "source" / "skin.md").write_text(SKIN, encoding="utf-8")
    apply_update(plan_update(load_settings(project)))
    result = run(project)
    assert result.exit_code == 0, result.output
    po = catalog(project, "skin")
    own = {(e.msgctxt, e.msgid): e for e in po if e.msgctxt is not None}
    expected = {
        ("front matter: title", "Skin cancer treatment"),
        ("front matter: description", "How skin cancer is treated, with CAR T-cell therapy for some people."),
        ("image: https://example.org/skin.jpg", "Drawing of the skin: the epidermis is 0.1 mm thick"),
        ("image: https://example.org/skin.jpg", "Layers of the skin"),
    }
    assert set(own) == expected, sorted(own)
    for (ctxt, msgid), e in own.items():
        assert e.msgstr == f"CY: {msgid}", (ctxt, e.msgstr)
        assert "fuzzy" in e.flags  # a draft, for review
        facts = provenance.parse(e.tcomment)[provenance.MT]
        assert facts["engine"] == "libretranslate" and facts["sha"] == provenance.text_hash(e.msgstr)
    # the h1 with the same words as the front matter title is drafted too (one request for both)
    assert po.find("Skin cancer treatment").msgstr == "CY: Skin cancer treatment"
    sent = [r.q for r in fake.translate_requests()]
    assert sum(q == "Skin cancer treatment" for q in sent) == 1
    # masking applies: the do-not-translate term and the number never reach the engine
    described = [q for q in sent if "skin cancer is treated" in q]
    assert described and all("CAR T" not in q and "⟦" in q for q in described)
    assert not any("0.1" in q for q in sent) and any("Drawing of the skin" in q for q in sent)
    # metadata never becomes an entry, so nothing else was drafted from the front matter
    assert not any("patient" == e.msgid or "2026" in e.msgid for e in po)
    # a second run finds nothing left to do
    before = (project / "locales" / "cy" / "LC_MESSAGES" / "skin.po").read_bytes()
    assert run(project).exit_code == 0
    assert (project / "locales" / "cy" / "LC_MESSAGES" / "skin.po").read_bytes() == before
    # and msgfmt -c accepts the drafted catalog (contexts and all)
    import shutil
    import subprocess
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(project / "locales" / "cy" / "LC_MESSAGES" / "skin.po")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
